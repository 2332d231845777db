// The explorer and the Cypher console on a phone (390×844, touch) and on a desktop (1440×900), in a
// real browser against the real server and database, with the layout measured: no sideways scroll,
// the canvas's share of the screen, the search box's width, touch targets, the legend clear of the
// sidebar and the search; Patrushev opened by typing his name, his details by a real tap on his node
// (on the phone a bottom sheet that closes again and gives the canvas back its height), the tools
// folded behind "More"; and the console's wide table scrolling in its own box, not the page.
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const VIEWPORTS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true },
  { name: 'desktop', viewport: { width: 1440, height: 900 }, phone: false },
] as const;

/** The panel width of styles.css (--panel-w) on a screen of 1280 px or more. */
const DESKTOP_PANEL_W = 400;

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

const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A page at the viewport (with touch on a phone) that collects the page's errors into `errors`. */
async function openPage(viewport: { width: number; height: number }, phone: boolean, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  // The first queries of a fresh Neo4j compile their plans; give them time.
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** Boxes of the page's elements as the browser laid them out (null when absent or not displayed). */
function boxes(page: Page, selectors: Record<string, string>): Promise<Record<string, Box | null>> {
  return page.evaluate((sels: Record<string, string>) => {
    const out: Record<string, Box | null> = {};
    for (const [k, sel] of Object.entries(sels)) {
      const el = document.querySelector(sel);
      const r = el?.getBoundingClientRect();
      out[k] = r && (r.width > 0 || r.height > 0) ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
    }
    return out;
  }, selectors);
}

/** The page's scrollable width against the window's: more means the page scrolls sideways. */
const widths = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth as number, inner: window.innerWidth as number }));

/** Cytoscape's own idea of its size, which must follow the canvas box (cy.resize()). */
const cySize = (page: Page) => page.evaluate(() => ({ w: window.liaison.cy.width() as number, h: window.liaison.cy.height() as number }));

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.liaison?.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(100);
}

/** A node's centre on the page, from Cytoscape's rendered position, and what the page has at that point. */
function nodePoint(page: Page, id: string): Promise<{ x: number; y: number; onCanvas: boolean }> {
  return page.evaluate((nodeId: string) => {
    const cy = window.liaison.cy;
    const n = cy.getElementById(nodeId);
    if (n.empty()) throw new Error(`${nodeId} is not on the canvas`);
    const box = cy.container().getBoundingClientRect();
    const p = n.renderedPosition();
    const x = box.left + p.x;
    const y = box.top + p.y;
    const hit = document.elementFromPoint(x, y);
    return { x, y, onCanvas: Boolean(hit && cy.container().contains(hit)) };
  }, id);
}

/** A point of the canvas with no element under it (Cytoscape's own hit test) and nothing over it. */
function emptyPoint(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const cy = window.liaison.cy;
    const box = cy.container().getBoundingClientRect();
    const renderer = cy.renderer();
    for (let fy = 0.1; fy < 0.95; fy += 0.05)
      for (let fx = 0.05; fx < 0.95; fx += 0.05) {
        const rx = box.width * fx;
        const ry = box.height * fy;
        const model = { x: (rx - cy.pan().x) / cy.zoom(), y: (ry - cy.pan().y) / cy.zoom() };
        const hit = document.elementFromPoint(box.left + rx, box.top + ry);
        if (hit && cy.container().contains(hit) && !renderer.findNearestElement(model.x, model.y, true, false))
          return { x: box.left + rx, y: box.top + ry };
      }
    throw new Error('no empty point on the canvas');
  });
}

describe.each(VIEWPORTS)('the explorer on a $name', ({ viewport, phone }) => {
  let page: Page;
  const errors: string[] = [];
  /** The canvas box before any sheet opened. */
  let canvas: Box;
  /** Patrushev's place on the page before his sheet opened. */
  let beforeSheet: { x: number; y: number };

  const tap = async (x: number, y: number) => (phone ? page.touchscreen.tap(x, y) : page.mouse.click(x, y));
  const tapOn = async (selector: string) => (phone ? page.tap(selector) : page.click(selector));

  beforeAll(async () => {
    page = await openPage(viewport, phone, errors);
  });

  afterAll(async () => {
    await page.close();
  });

  it('opens with the canvas over the screen, a usable search box, a readable empty state and no sideways scroll', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    const w = await widths(page);
    expect(w.inner).toBe(viewport.width);
    expect(w.scroll).toBeLessThanOrEqual(w.inner);
    const b = await boxes(page, {
      graph: '#graph',
      search: '#search-input',
      legend: '#legend',
      sidebar: '.sidebar',
      empty: '#empty p',
      tabs: '.tabs',
      details: '#details',
    });
    canvas = b.graph!;
    const size = await cySize(page);
    expect(Math.abs(size.w - canvas.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(size.h - canvas.height)).toBeLessThanOrEqual(1);
    expect(intersects(b.legend!, b.sidebar!)).toBe(false);
    expect(intersects(b.legend!, b.search!)).toBe(false);
    expect(intersects(b.legend!, b.empty!)).toBe(false);
    if (phone) {
      expect(canvas.width).toBeGreaterThanOrEqual(0.95 * viewport.width);
      expect(canvas.height).toBeGreaterThan(0.4 * viewport.height);
      expect(b.search!.width).toBeGreaterThanOrEqual(250);
      // The empty state is set as lines of text across the screen, not a column of single words.
      expect(b.empty!.width).toBeGreaterThanOrEqual(300);
      expect(b.empty!.height).toBeLessThan(120);
      // The sheet is closed: its tabs sit at the bottom, below the canvas; its panels are hidden.
      expect(b.details).toBeNull();
      expect(b.tabs!.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
      expect(b.tabs!.y + b.tabs!.height).toBeLessThanOrEqual(viewport.height + 1);
      // The legend starts closed, as one button.
      expect(await page.getAttribute('#legend .legend-toggle', 'aria-expanded')).toBe('false');
    } else {
      // As before: the sidebar at its width to the right of the canvas, over the same height.
      expect(b.sidebar!.width).toBeCloseTo(DESKTOP_PANEL_W, 0);
      expect(b.sidebar!.x).toBeGreaterThanOrEqual(canvas.x + canvas.width - 1);
      expect(b.sidebar!.x + b.sidebar!.width).toBeCloseTo(viewport.width, 0);
      expect(canvas.width).toBeCloseTo(viewport.width - DESKTOP_PANEL_W, -1);
      expect(b.details).not.toBeNull();
      expect(await page.getAttribute('#legend .legend-toggle', 'aria-expanded')).toBe('true');
    }
  });

  it('keeps the toolbar on the screen (on a phone the less-used tools behind "More", every control big enough to touch)', async () => {
    const controls = await page.evaluate(() =>
      [
        ...document.querySelectorAll(
          '.topbar button, .topbar a, .topbar input, .topbar select, .tabs [role=tab], #sheet-toggle, .legend-toggle',
        ),
      ]
        .map((el: any) => ({ id: el.id || el.textContent.trim(), r: el.getBoundingClientRect() }))
        .filter((x: any) => x.r.width > 0 && x.r.height > 0)
        .map((x: any) => ({ id: x.id as string, right: x.r.right as number, width: x.r.width as number, height: x.r.height as number })),
    );
    expect(controls.length).toBeGreaterThan(5);
    for (const c of controls) expect({ id: c.id, inside: c.right <= viewport.width }).toEqual({ id: c.id, inside: true });
    const visible = controls.map((c) => c.id);
    if (phone) {
      for (const c of controls) expect({ id: c.id, big: c.height >= 40 && c.width >= 40 }).toEqual({ id: c.id, big: true });
      expect(visible).toEqual(expect.arrayContaining(['undo', 'redo', 'layout', 'fit', 'more-button', 'search-input', 'sheet-toggle']));
      expect(visible).not.toContain('export-button');
      expect(await page.getAttribute('#more-button', 'aria-expanded')).toBe('false');
      // Open by touch: the folded tools show, on the screen and in the order of the desktop toolbar.
      await page.tap('#more-button');
      expect(await page.getAttribute('#more-button', 'aria-expanded')).toBe('true');
      const folded = await page.$$eval('#toolbar-more > button, #toolbar-more > a', (els) =>
        els.map((el) => ({ id: el.id || el.textContent!.trim(), r: el.getBoundingClientRect().toJSON() as DOMRect })),
      );
      // These in this order; tools added later (saved views) may sit between them.
      const known = ['open-view', 'export-button', 'clear', 'Console', 'Import', 'help-button'];
      expect(folded.map((f) => f.id).filter((id) => known.includes(id))).toEqual(known);
      for (const f of folded) {
        expect(f.r.height).toBeGreaterThanOrEqual(40);
        expect(f.r.right).toBeLessThanOrEqual(viewport.width);
        expect(f.r.bottom).toBeLessThanOrEqual(viewport.height);
      }
      expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
      // A tap elsewhere folds them again.
      const p = await emptyPoint(page);
      await page.touchscreen.tap(p.x, p.y);
      expect(await page.getAttribute('#more-button', 'aria-expanded')).toBe('false');
      expect(await page.isVisible('#export-button')).toBe(false);
      // By keyboard: Enter opens and moves to the first tool, Escape closes and returns to the button.
      await page.focus('#more-button');
      await page.keyboard.press('Enter');
      expect(await page.getAttribute('#more-button', 'aria-expanded')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-view');
      await page.keyboard.press('Escape');
      expect(await page.getAttribute('#more-button', 'aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('more-button');
    } else {
      // All tools in one toolbar row, as before; no "More" button.
      expect(visible).toEqual(expect.arrayContaining(['undo', 'layout', 'fit', 'open-view', 'export-button', 'clear', 'help-button']));
      expect(visible).not.toContain('more-button');
      expect(visible).not.toContain('sheet-toggle');
      const row = await boxes(page, { undo: '#undo', fit: '#fit', exp: '#export-button', help: '#help-button' });
      expect(Math.abs(row.undo!.y - row.help!.y)).toBeLessThan(2);
      expect(await page.textContent('#undo')).toBe('↶ Undo');
      expect(row.undo!.width).toBeGreaterThan(50);
    }
  });

  it("opens Patrushev's network from the search box, typed on the keyboard", async () => {
    await tapOn('#search-input');
    await page.keyboard.type('Patrushev');
    await page.waitForSelector('#search-results li[data-index="0"]');
    expect(await page.textContent('#search-results li[data-index="0"] .hit-name')).toBe('Nikolai Patrushev');
    const b = await boxes(page, { list: '#search-results', hit: '#search-results li[data-index="0"]', legend: '#legend' });
    // The hits are readable: a wide list on the screen, each hit tall enough to touch.
    expect(b.list!.width).toBeGreaterThanOrEqual(phone ? 250 : 400);
    expect(b.list!.x + b.list!.width).toBeLessThanOrEqual(viewport.width);
    if (phone) expect(b.hit!.height).toBeGreaterThanOrEqual(40);
    expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
    // The hit chosen as each device would: tapped on the phone, Enter on the desktop.
    if (phone) await page.tap('#search-results li[data-index="0"]');
    else await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.liaison?.cy.nodes().length > 3);
    await idle(page);
    const ids = await page.evaluate(() => window.liaison.cy.nodes().map((n: any) => n.id()) as string[]);
    expect(ids).toEqual(expect.arrayContaining(['person-patrushev', 'meeting-2019-09-04-baku-aliyev', 'meeting-2019-08-12-visit-armenia']));
    expect(await page.isVisible('#empty')).toBe(false);
    // Every node is drawn inside the canvas (Fit used the canvas Cytoscape measured).
    const outside = await page.evaluate(() => {
      const cy = window.liaison.cy;
      return cy
        .nodes()
        .filter((n: any) => {
          const p = n.renderedPosition();
          return p.x < 0 || p.y < 0 || p.x > cy.width() || p.y > cy.height();
        })
        .map((n: any) => n.id());
    });
    expect(outside).toEqual([]);
    // Opening a network leaves the canvas to it: the phone's sheet stays closed.
    if (phone) {
      expect(await page.evaluate(() => document.body.classList.contains('sheet-open'))).toBe(false);
      expect(await page.isVisible('#details')).toBe(false);
    }
    expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
  });

  it('opens the details of Patrushev by a tap on his node, with the canvas still in sight', async () => {
    // First a tap on the empty canvas, so that what the panel shows next comes from the tap on him.
    const empty = await emptyPoint(page);
    await tap(empty.x, empty.y);
    await page.waitForSelector('#details[data-kind="none"]', { state: 'attached' });
    // Two taps closer than Cytoscape's double-tap time count as a double tap (an expand), wherever they land.
    await page.waitForTimeout(600);
    const p = await nodePoint(page, 'person-patrushev');
    expect(p.onCanvas).toBe(true);
    beforeSheet = p;
    await tap(p.x, p.y);
    await page.waitForSelector('#details[data-id="person-patrushev"][data-state="ready"]');
    expect(await page.isVisible('#details')).toBe(true);
    expect(await page.textContent('#details h2')).toBe('Nikolai Patrushev');
    expect(await page.textContent('#details .posts')).toContain('Secretary');
    await idle(page);
    const b = await boxes(page, { graph: '#graph', sidebar: '.sidebar', search: '#search-input', legend: '#legend', details: '#details' });
    const size = await cySize(page);
    expect(Math.abs(size.h - b.graph!.height)).toBeLessThanOrEqual(1);
    expect(Math.abs(size.w - b.graph!.width)).toBeLessThanOrEqual(1);
    if (phone) {
      // A bottom sheet: over the lower part of the screen, the canvas above it smaller but there.
      expect(await page.evaluate(() => document.body.classList.contains('sheet-open'))).toBe(true);
      expect(await page.getAttribute('#sheet-toggle', 'aria-expanded')).toBe('true');
      expect(b.sidebar!.y).toBeGreaterThanOrEqual(b.graph!.y + b.graph!.height - 1);
      expect(b.sidebar!.height).toBeGreaterThan(0.4 * viewport.height);
      expect(b.sidebar!.y + b.sidebar!.height).toBeLessThanOrEqual(viewport.height + 1);
      expect(b.graph!.width).toBeGreaterThanOrEqual(0.95 * viewport.width);
      expect(b.graph!.height).toBeGreaterThan(0.25 * viewport.height);
      expect(b.graph!.height).toBeLessThan(canvas.height);
      // The node tapped is still in sight above the sheet.
      expect((await nodePoint(page, 'person-patrushev')).onCanvas).toBe(true);
    } else {
      expect(b.graph!.height).toBeCloseTo(canvas.height, 0);
      expect(b.sidebar!.x).toBeGreaterThanOrEqual(b.graph!.x + b.graph!.width - 1);
    }
    expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
    if (phone) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'explorer-phone-details.png') });
  });

  it('keeps the legend, closed or open, clear of the sidebar and the search box', async () => {
    for (const state of ['first', 'toggled'] as const) {
      const b = await boxes(page, { sidebar: '.sidebar', search: '#search-input', legend: '#legend', graph: '.canvas-column' });
      expect({ state, sidebar: intersects(b.legend!, b.sidebar!), search: intersects(b.legend!, b.search!) }).toEqual({
        state,
        sidebar: false,
        search: false,
      });
      // Within the canvas's column: nothing of it hangs over the edges.
      expect(b.legend!.x).toBeGreaterThanOrEqual(b.graph!.x);
      expect(b.legend!.x + b.legend!.width).toBeLessThanOrEqual(b.graph!.x + b.graph!.width + 1);
      expect(b.legend!.y + b.legend!.height).toBeLessThanOrEqual(b.graph!.y + b.graph!.height + 1);
      if (state === 'first') {
        const before = await page.getAttribute('#legend .legend-toggle', 'aria-expanded');
        await tapOn('#legend .legend-toggle');
        expect(await page.getAttribute('#legend .legend-toggle', 'aria-expanded')).toBe(before === 'true' ? 'false' : 'true');
      }
    }
    // Back as it was.
    await tapOn('#legend .legend-toggle');
    expect(await page.getAttribute('#legend .legend-toggle', 'aria-expanded')).toBe(phone ? 'false' : 'true');
  });

  if (phone)
    it('closes the sheet with its toggle, giving the canvas back its height; a tab opens it again', async () => {
      await page.tap('#sheet-toggle');
      await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
      await idle(page);
      expect(await page.getAttribute('#sheet-toggle', 'aria-expanded')).toBe('false');
      expect(await page.isVisible('#details')).toBe(false);
      let b = await boxes(page, { graph: '#graph', tabs: '.tabs' });
      expect(b.graph!.height).toBeCloseTo(canvas.height, 0);
      expect(b.graph!.width).toBeCloseTo(canvas.width, 0);
      expect(Math.abs((await cySize(page)).h - canvas.height)).toBeLessThanOrEqual(1);
      expect(b.tabs!.y + b.tabs!.height).toBeLessThanOrEqual(viewport.height + 1);
      // His network is still there, drawn where it was before the sheet opened.
      const back = await nodePoint(page, 'person-patrushev');
      expect(back.onCanvas).toBe(true);
      expect(Math.abs(back.x - beforeSheet.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(back.y - beforeSheet.y)).toBeLessThanOrEqual(1);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'explorer-phone.png') });

      await page.tap('#tab-filters');
      await page.waitForSelector('#panel-filters', { state: 'visible' });
      expect(await page.evaluate(() => document.body.classList.contains('sheet-open'))).toBe(true);
      expect(await page.getAttribute('#tab-filters', 'aria-selected')).toBe('true');
      expect((await boxes(page, { panel: '#panel-filters' })).panel!.height).toBeGreaterThan(200);
      expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
      await page.tap('#sheet-toggle');
      await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
      await idle(page);
      b = await boxes(page, { graph: '#graph', tabs: '.tabs' });
      expect(b.graph!.height).toBeCloseTo(canvas.height, 0);
    });

  if (phone)
    it('opens the node menu by pressing and holding a node', async () => {
      const p = await nodePoint(page, 'meeting-2019-09-04-baku-aliyev');
      expect(p.onCanvas).toBe(true);
      const client = await page.context().newCDPSession(page);
      const point = [{ x: p.x, y: p.y }];
      await client.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point });
      await page.waitForTimeout(800);
      await client.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForSelector('#context-menu:not([hidden])');
      expect(await page.getAttribute('#context-menu', 'data-node')).toBe('meeting-2019-09-04-baku-aliyev');
      const menu = (await boxes(page, { menu: '#context-menu', item: '#context-menu button[data-action="hide"]' }))!;
      expect(menu.menu!.x + menu.menu!.width).toBeLessThanOrEqual(viewport.width);
      expect(menu.item!.height).toBeGreaterThanOrEqual(40);
      // The lift of the finger was not also a tap: the sheet stayed closed.
      expect(await page.evaluate(() => document.body.classList.contains('sheet-open'))).toBe(false);
      await page.keyboard.press('Escape');
      await page.waitForSelector('#context-menu', { state: 'hidden' });
      await client.detach();
    });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});

describe.each(VIEWPORTS)('the Cypher console on a $name', ({ viewport, phone }) => {
  let page: Page;
  const errors: string[] = [];
  const tapOn = async (selector: string) => (phone ? page.tap(selector) : page.click(selector));

  beforeAll(async () => {
    page = await openPage(viewport, phone, errors);
  });

  afterAll(async () => {
    await page.close();
  });

  it('lays out editor, results and the query library (stacked on a phone) and keeps a wide table scrolling in its own box', async () => {
    await page.goto(`${server.url}/console.html`);
    await page.waitForSelector('#editor[data-editor="cypher"] .cm-content');
    await page.waitForSelector('#library button[data-query]');
    expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
    // Eleven columns: wider than a phone however its cells wrap.
    const query =
      'MATCH (p:Person)-[r:TAKES_PART]->(m:Meeting) RETURN p AS person, p.id AS personId, r.role AS role, m AS meeting, ' +
      'm.id AS meetingId, m.date AS date, m.place AS place, m.country AS country, m.status AS status, m.kind AS kind, m.title AS title ORDER BY m.id, p.id';
    await tapOn('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(query);
    await page.keyboard.press('Escape');
    await tapOn('#run');
    await page.waitForSelector('#table-view table.results tbody tr');
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state !== 'busy');
    const rows = await page.$$eval('#table-view table.results tbody tr', (trs) => trs.length);
    const expected = await db.driver.executeQuery('MATCH (:Person)-[r:TAKES_PART]->(:Meeting) RETURN count(r) AS n');
    expect(rows).toBe(Number(expected.records[0]!.get('n')));

    const w = await widths(page);
    expect(w.scroll).toBeLessThanOrEqual(w.inner);
    const m = await page.evaluate(() => {
      const view = document.getElementById('table-view');
      const table = view.querySelector('table.results');
      return {
        tableWidth: table.getBoundingClientRect().width as number,
        viewClient: view.clientWidth as number,
        viewScroll: view.scrollWidth as number,
        overflowX: getComputedStyle(view).overflowX as string,
      };
    });
    const b = await boxes(page, {
      editor: '#editor',
      params: '#params',
      table: '#table-view',
      side: '.console-side',
      main: '.console-main',
    });
    if (phone) {
      // The table is wider than the phone and scrolls sideways inside its own box.
      expect(m.tableWidth).toBeGreaterThan(viewport.width);
      expect(m.viewScroll).toBeGreaterThan(m.viewClient);
      expect(m.overflowX).toBe('auto');
      expect(b.table!.x + b.table!.width).toBeLessThanOrEqual(viewport.width);
      expect(b.table!.height).toBeLessThan(viewport.height);
      // One column, top to bottom: editor, parameters, results, then the library and history.
      expect(b.editor!.width).toBeGreaterThanOrEqual(0.9 * viewport.width);
      expect(b.params!.y).toBeGreaterThanOrEqual(b.editor!.y + b.editor!.height - 1);
      expect(b.table!.y).toBeGreaterThanOrEqual(b.params!.y + b.params!.height - 1);
      expect(b.side!.y).toBeGreaterThanOrEqual(b.table!.y + b.table!.height - 1);
      expect(b.side!.width).toBeGreaterThanOrEqual(0.95 * viewport.width);
      const buttons = await page.$$eval('#run, #tab-table, #tab-graph, #copy-csv, #library button[data-query]', (els) =>
        els.map((el) => el.getBoundingClientRect().height),
      );
      for (const h of buttons) expect(h).toBeGreaterThanOrEqual(40);
    } else {
      // As before: the library to the left of the editor and results.
      expect(b.side!.x + b.side!.width).toBeLessThanOrEqual(b.main!.x + 1);
      expect(Math.abs(b.side!.y - b.main!.y)).toBeLessThan(2);
      expect(b.params!.x).toBeGreaterThan(b.editor!.x + b.editor!.width - 1);
    }
    if (phone) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-phone.png') });
    // The graph of the answer fits the width too.
    await tapOn('#tab-graph');
    await page.waitForSelector('#graph-view', { state: 'visible' });
    const g = (await boxes(page, { graph: '#graph-view' })).graph!;
    expect(g.x + g.width).toBeLessThanOrEqual(viewport.width);
    expect(g.height).toBeGreaterThan(250);
    const nodes = await page.evaluate(() => window.liaisonConsole.result.graph.nodes.length as number);
    expect(nodes).toBeGreaterThan(5);
    expect((await widths(page)).scroll).toBeLessThanOrEqual(viewport.width);
  });

  it('logged no console errors', () => {
    expect(errors).toEqual([]);
  });
});
