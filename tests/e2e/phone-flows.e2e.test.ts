// The explorer's whole round on a 390×844 touch phone (isMobile, hasTouch), by taps only: search in
// another spelling, open the network, expand a meeting by a double tap, a node's details in the bottom
// sheet, a path from the node menu (press and hold) to a person found by name, an export downloaded
// from the folded tools; the timeline's buttons all on the screen. Then the explorer and the console
// at 390×844, 1440×900 and 1920×1080, each without sideways scroll, saved as screenshots in
// tests/e2e/screenshots (explorer-WxH.png, console-WxH.png).
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

declare const window: any;
declare const document: any;

const PHONE = { width: 390, height: 844 };

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function box(page: Page, selector: string): Promise<Box | null> {
  return page.evaluate((sel: string) => {
    const r = document.querySelector(sel)?.getBoundingClientRect();
    return r && r.width > 0 && r.height > 0 ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }, selector);
}

const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth as number);

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.liaison?.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(100);
}

const nodeIds = (page: Page) => page.evaluate(() => window.liaison.cy.nodes().map((n: any) => n.id()) as string[]);

/** A node's centre on the page, and whether a tap there lands on the canvas (nothing over it). */
function nodePoint(page: Page, id: string): Promise<{ x: number; y: number; onCanvas: boolean }> {
  return page.evaluate((nodeId: string) => {
    const cy = window.liaison.cy;
    const n = cy.getElementById(nodeId);
    if (n.empty()) throw new Error(`${nodeId} is not on the canvas`);
    const b = cy.container().getBoundingClientRect();
    const p = n.renderedPosition();
    const hit = document.elementFromPoint(b.left + p.x, b.top + p.y);
    return { x: b.left + p.x, y: b.top + p.y, onCanvas: Boolean(hit && cy.container().contains(hit)) };
  }, id);
}

/** A control a finger can hit: on the screen, at least 40 px high, and the topmost element at its centre. */
async function expectTappable(page: Page, selector: string): Promise<void> {
  const r = await page.evaluate((sel: string) => {
    const el = document.querySelector(sel);
    // As a finger would scroll the sheet or the list to it.
    el.scrollIntoView({ block: 'nearest' });
    const b = el.getBoundingClientRect();
    const top = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    return { left: b.left, right: b.right, bottom: b.bottom, height: b.height, onTop: Boolean(top && (top === el || el.contains(top))) };
  }, selector);
  expect({ selector, ...r, fits: r.left >= 0 && r.right <= PHONE.width + 1 && r.bottom <= PHONE.height + 1 }).toEqual({
    selector,
    ...r,
    fits: true,
    onTop: true,
  });
  expect({ selector, tall: r.height >= 40 }).toEqual({ selector, tall: true });
}

/** Press and hold (touchStart, 800 ms, touchEnd) at a point, as a finger does for the node menu. */
async function longPress(page: Page, x: number, y: number): Promise<void> {
  const client = await page.context().newCDPSession(page);
  await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await page.waitForTimeout(800);
  await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await client.detach();
}

describe('the explorer on a 390×844 phone, by taps only', () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await context.close();
  });

  it('searches in another spelling and opens the network of the hit tapped', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.tap('#search-input');
    await page.keyboard.type('Patruschew');
    await page.waitForSelector('#search-results li[data-index="0"]');
    expect(await page.textContent('#search-results li[data-index="0"] .hit-name')).toBe('Nikolai Patrushev');
    await expectTappable(page, '#search-results li[data-index="0"]');
    await page.tap('#search-results li[data-index="0"]');
    await page.waitForFunction(() => window.liaison?.cy.nodes().length > 3);
    await idle(page);
    expect(new URL(page.url()).searchParams.get('focus')).toBe('person-patrushev');
    expect(await nodeIds(page)).toEqual(expect.arrayContaining(['person-patrushev', 'meeting-2019-09-04-baku-aliyev']));
    expect(await nodeIds(page)).not.toContain('person-aliyev');
  });

  it('expands the Baku talks from the node menu, opened by pressing and holding the meeting', async () => {
    // (A double tap expands too, but the first tap opens the sheet and moves the node under the finger.)
    const m = await nodePoint(page, 'meeting-2019-09-04-baku-aliyev');
    expect(m.onCanvas).toBe(true);
    await longPress(page, m.x, m.y);
    await page.waitForSelector('#context-menu:not([hidden])');
    expect(await page.getAttribute('#context-menu', 'data-node')).toBe('meeting-2019-09-04-baku-aliyev');
    await expectTappable(page, '#context-menu button[data-action="expand"]');
    await page.tap('#context-menu button[data-action="expand"]');
    await page.waitForFunction(() => window.liaison.cy.getElementById('person-aliyev').nonempty());
    await idle(page);
    expect(await nodeIds(page)).toEqual(expect.arrayContaining(['person-aliyev', 'person-usubov', 'person-nurgaliyev']));
    // A double tap is not also a tap that leaves the sheet open over the new nodes.
    await page.waitForTimeout(400);
    if (await page.evaluate(() => document.body.classList.contains('sheet-open'))) {
      await page.tap('#sheet-toggle');
      await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
      await idle(page);
    }
  });

  it("shows Usubov's details in the bottom sheet when his node is tapped, and closes it again", async () => {
    // Past Cytoscape's double-tap time since the last tap.
    await page.waitForTimeout(600);
    const p = await nodePoint(page, 'person-usubov');
    expect(p.onCanvas).toBe(true);
    await page.touchscreen.tap(p.x, p.y);
    await page.waitForSelector('#details[data-id="person-usubov"][data-state="ready"]');
    expect(await page.textContent('#details h2')).toBe('Ramil Usubov');
    expect(await page.evaluate(() => document.body.classList.contains('sheet-open'))).toBe(true);
    const sheet = (await box(page, '.sidebar'))!;
    expect(sheet.y + sheet.height).toBeLessThanOrEqual(PHONE.height + 1);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await expectTappable(page, '#sheet-toggle');
    await page.tap('#sheet-toggle');
    await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
    await idle(page);
  });

  it('keeps a Fit tapped while the sheet is open when the sheet closes (only a view nothing moved is given back)', async () => {
    const viewport = () => page.evaluate(() => ({ zoom: window.liaison.cy.zoom() as number, pan: { ...window.liaison.cy.pan() } }));
    // A view zoomed in by hand, far from any fit.
    await page.evaluate(() => {
      const cy = window.liaison.cy;
      cy.zoom({ level: cy.zoom() * 2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      cy.center(cy.getElementById('person-usubov'));
    });
    await page.waitForTimeout(600);
    const before = await viewport();
    const p = await nodePoint(page, 'person-usubov');
    await page.touchscreen.tap(p.x, p.y);
    await page.waitForSelector('#details[data-id="person-usubov"][data-state="ready"]');
    await page.waitForFunction(() => document.body.classList.contains('sheet-open'));
    await idle(page);
    await page.tap('#fit');
    await idle(page);
    const fitted = await viewport();
    expect(fitted.zoom).toBeLessThan(before.zoom * 0.8);
    await page.tap('#sheet-toggle');
    await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
    await idle(page);
    // The canvas grew back and the picture kept its centre: the zoom is the fit's, not the one before.
    expect((await viewport()).zoom).toBeCloseTo(fitted.zoom, 5);
  });

  it('finds the paths from Patrushev (node menu, press and hold) to Aliyev (typed, tapped) and highlights them', async () => {
    const p = await nodePoint(page, 'person-patrushev');
    expect(p.onCanvas).toBe(true);
    await longPress(page, p.x, p.y);
    await page.waitForSelector('#context-menu:not([hidden])');
    await expectTappable(page, '#context-menu button[data-action="path-from"]');
    await page.tap('#context-menu button[data-action="path-from"]');
    await page.waitForSelector('#panel-paths', { state: 'visible' });
    expect(await page.inputValue('#path-from')).toBe('Nikolai Patrushev');
    await page.tap('#path-to');
    await page.keyboard.type('Alijew');
    await page.waitForSelector('#path-to-results li[data-index="0"]');
    await expectTappable(page, '#path-to-results li[data-index="0"]');
    await page.tap('#path-to-results li[data-index="0"]');
    // Choosing the second end runs the search.
    await page.waitForSelector('#paths-results .path');
    await idle(page);
    await expectTappable(page, '#path-find');
    const hops = await page.$$eval('#paths-results .path:first-child .step', (els) => els.length);
    expect(hops).toBe(2);
    expect(await page.evaluate(() => window.liaison.cy.getElementById('person-aliyev').hasClass('path-hit'))).toBe(true);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'explorer-phone-paths.png') });
    await page.tap('#sheet-toggle');
    await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
    await idle(page);
  });

  it('exports what is shown from the folded tools: More, Export, Download', async () => {
    await page.tap('#more-button');
    await expectTappable(page, '#export-button');
    await page.tap('#export-button');
    await page.waitForSelector('#export-go', { state: 'visible' });
    const dialog = (await box(page, 'dialog[open]'))!;
    expect(dialog.x).toBeGreaterThanOrEqual(0);
    expect(dialog.x + dialog.width).toBeLessThanOrEqual(PHONE.width);
    const format = await page.inputValue('input[name="format"]:checked');
    await expectTappable(page, '#export-go');
    const [download] = await Promise.all([page.waitForEvent('download'), page.tap('#export-go')]);
    const file = readFileSync((await download.path())!, 'utf8');
    const shown = await nodeIds(page);
    // Whatever the first format is, the file names the nodes in view.
    for (const id of ['person-patrushev', 'person-usubov', 'person-aliyev'])
      expect({ format, id, inFile: file.includes(id) }).toEqual({ format, id, inFile: true });
    expect(shown.length).toBeGreaterThan(5);
    if (await page.isVisible('#export-cancel')) await page.tap('#export-cancel');
    await page.waitForSelector('#export-go', { state: 'hidden' });
  });

  it("keeps the timeline's buttons on the screen, tappable", async () => {
    await page.waitForSelector('#timeline', { state: 'visible' });
    await expectTappable(page, '#window-clear');
    await expectTappable(page, '#as-of-clear');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.tap('#window-clear');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'explorer-390x844.png') });
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});

describe.each([
  { width: 390, height: 844, phone: true },
  { width: 1440, height: 900, phone: false },
  { width: 1920, height: 1080, phone: false },
])('screenshots at $width×$height', ({ width, height, phone }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width, height }, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
  });

  afterAll(async () => {
    await context.close();
  });

  it('the explorer with the Baku talks expanded, the whole width used, no sideways scroll', async () => {
    await page.goto(`${server.url}/?focus=person-patrushev&x=meeting-2019-09-04-baku-aliyev`);
    await page.waitForFunction(() => window.liaison?.cy.getElementById('person-usubov').nonempty());
    await idle(page);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
    const canvas = (await box(page, '#graph'))!;
    expect(canvas.width).toBeGreaterThan(phone ? 0.95 * width : width - 450);
    expect(canvas.height).toBeGreaterThan(0.4 * height);
    if (!phone) {
      await page.evaluate(() => void window.liaison.cy.getElementById('person-usubov').emit('tap'));
      await page.waitForSelector('#details[data-id="person-usubov"][data-state="ready"]');
    }
    if (width !== 390) await page.screenshot({ path: path.join(SCREENSHOT_DIR, `explorer-${width}x${height}.png`) });
  });

  it('the console with a result table, no sideways scroll', async () => {
    await page.goto(`${server.url}/console.html`);
    await page.waitForSelector('#editor[data-editor="cypher"] .cm-content');
    await page.waitForSelector('#library button[data-query]');
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(
      'MATCH (p:Person)-[r:TAKES_PART]->(m:Meeting) RETURN p.name AS person, r.role AS role, m.title AS meeting, m.date AS date ORDER BY date, person LIMIT 20',
    );
    await page.keyboard.press('Escape');
    await page.click('#run');
    await page.waitForSelector('#table-view table.results tbody tr');
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state !== 'busy');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `console-${width}x${height}.png`) });
  });
});
