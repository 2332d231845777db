// The first page in a real browser against the real server and database: search across spellings,
// open a network, expand the Baku meeting, read the German quote behind a link.
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { pointOf as pointAt } from '../support/canvas';
import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
  page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

const pointOf = (id: string) => pointAt(page, id);

/** Waits until the animated layout has stopped moving nodes. */
async function settled(): Promise<void> {
  await page.waitForFunction(() => window.liaison.idle && !window.liaison.cy.nodes().some((n: any) => n.animated()));
  await page.waitForTimeout(100);
}

const nodeIds = () => page.evaluate(() => window.liaison.cy.nodes().map((n: any) => n.id()) as string[]);

describe('first page', () => {
  it('finds Patrushev by his German spelling and opens his network', async () => {
    await page.goto(server.url);
    expect(await page.isVisible('#empty')).toBe(true);
    await page.fill('#search-input', 'Patruschew');
    await page.waitForSelector('#search-results li[data-index="0"]');
    expect(await page.textContent('#search-results li[data-index="0"] .hit-name')).toBe('Nikolai Patrushev');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.liaison?.cy.nodes().length > 3);
    const ids = await nodeIds();
    expect(ids).toEqual(expect.arrayContaining(['person-patrushev', 'meeting-2019-09-04-baku-aliyev']));
    expect(new URL(page.url()).searchParams.get('focus')).toBe('person-patrushev');
    await page.waitForSelector('#details h2:text("Nikolai Patrushev")');
  });

  it('expands the Baku meeting to show Aliyev and Usubov, and shows the German quote for a link', async () => {
    await settled();
    const meeting = await pointOf('meeting-2019-09-04-baku-aliyev');
    await page.mouse.dblclick(meeting.x, meeting.y);
    await page.waitForFunction(
      () => window.liaison.cy.getElementById('person-usubov').nonempty() && window.liaison.cy.getElementById('person-aliyev').nonempty(),
    );
    expect(await nodeIds()).toEqual(expect.arrayContaining(['person-aliyev', 'person-usubov', 'person-nurgaliyev', 'person-bocharnikov']));

    // A real click on the link; on a busy machine the view may still shift under the pointer, so
    // the click is tried again (at most three times) from a freshly computed point.
    const details = '#details[data-kind="edge"][data-id="rel-usubov-takes-part-2019-09-04-baku-aliyev"] blockquote';
    for (let attempt = 1; ; attempt++) {
      await settled();
      const edge = await pointOf('rel-usubov-takes-part-2019-09-04-baku-aliyev');
      await page.mouse.click(edge.x, edge.y);
      const shown = await page.waitForSelector(details, { timeout: 8_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (attempt === 3) throw new Error('clicking the link three times did not open its details');
    }
    expect(await page.textContent('#details h2')).toBe('Ramil Usubov → Talks between Patrushev and President Aliyev');
    const quote = await page.textContent('#details blockquote');
    expect(quote).toContain('Ramil Usubow');
    expect(await page.getAttribute('#details blockquote', 'lang')).toBe('de');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'patrushev-baku.png') });
  });

  it('restores the view from a permalink', async () => {
    await page.goto(`${server.url}/?focus=meeting-2019-09-04-baku-aliyev`);
    await page.waitForFunction(() => window.liaison?.cy.getElementById('person-aliyev').nonempty());
    await page.waitForSelector('#details h2:text("Talks between Patrushev and President Aliyev")');
    expect(await page.isHidden('#empty')).toBe(true);
  });

  it('says so when nothing matches', async () => {
    await page.fill('#search-input', 'zzzqqxx');
    await page.waitForSelector('#search-results .search-empty');
    expect(await page.textContent('#search-results .search-empty')).toMatch(/Nothing found/);
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
