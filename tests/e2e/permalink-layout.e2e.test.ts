// Permalinks draw the same picture (issue 11, items 2 and 5), on a desktop (1440×900) and a phone
// (390×844, touch), in a real browser against the real server and database: Patrushev → Usubov →
// the Baku talks → Aliyev, every node's position recorded and the permalink opened in a new page
// (its own browser context) gives the same nodes within a pixel; the same after a path search added
// nodes and a node was pinned; two fresh loads of a link without positions agree (seeded layouts);
// and the chronological layout draws a time axis whose ticks follow pan and zoom, with the meetings
// in date order along x and each year's tick between the meetings before and after it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, phone: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true },
] as const;

const demo = JSON.parse(readFileSync(path.join(ROOT_DIR, 'data', 'demo', 'patrushev-2019.json'), 'utf8')) as {
  nodes: Array<{ id: string; type: string; properties: Record<string, unknown> }>;
};

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.liaison?.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(150);
}

type Placed = Record<string, { x: number; y: number; pinned: boolean }>;

/** Every node's model position (the "+N more" helpers included) and whether it is pinned. */
const positions = (page: Page): Promise<Placed> =>
  page.evaluate(() => {
    const out: Record<string, { x: number; y: number; pinned: boolean }> = {};
    for (const n of window.liaison.cy.nodes()) out[n.id()] = { ...n.position(), pinned: n.locked() };
    return out;
  });

/** The differences of two pictures: nodes only in one, and nodes more than 1 px apart. */
function differences(a: Placed, b: Placed): string[] {
  const out: string[] = [];
  for (const id of Object.keys(a)) if (!(id in b)) out.push(`${id} missing after the reload`);
  for (const id of Object.keys(b)) if (!(id in a)) out.push(`${id} only after the reload`);
  for (const [id, p] of Object.entries(a)) {
    const q = b[id];
    if (!q) continue;
    if (Math.abs(p.x - q.x) > 1 || Math.abs(p.y - q.y) > 1) out.push(`${id} at ${p.x},${p.y} then ${q.x},${q.y}`);
    if (p.pinned !== q.pinned) out.push(`${id} pinned ${p.pinned} then ${q.pinned}`);
  }
  return out;
}

describe.each(VIEWPORTS)('permalinks keep the picture on the $name', ({ viewport, phone }) => {
  let page: Page;
  const errors: string[] = [];

  async function newPage(): Promise<Page> {
    // browser.newPage: a context of its own, so nothing of the first page (sessionStorage) is shared.
    const p = await browser.newPage({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    p.setDefaultTimeout(60_000);
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
    return p;
  }

  /** Opens a URL in a new page and waits for its picture; returns the page (the caller closes it). */
  async function reload(url: string): Promise<Page> {
    const other = await newPage();
    await other.goto(url);
    await other.waitForSelector('body[data-ready="true"]');
    await idle(other);
    return other;
  }

  beforeAll(async () => {
    page = await newPage();
  });

  afterAll(async () => {
    await page?.close();
  });

  const pointOf = (id: string) =>
    page.evaluate((nodeId: string) => {
      const cy = window.liaison.cy;
      const n = cy.getElementById(nodeId);
      if (n.empty()) throw new Error(`${nodeId} is not on the canvas`);
      const box = cy.container().getBoundingClientRect();
      const p = n.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    }, id);

  async function tapOrClick(selector: string): Promise<void> {
    if (phone) await page.tap(selector);
    else await page.click(selector);
  }

  /**
   * A double-click on a node expands it; on the phone its menu's "Expand all" (the menu a long press
   * opens), tapped, since a double tap races the bottom sheet that the first tap opens.
   */
  async function expand(id: string, brings: string): Promise<void> {
    const p = await pointOf(id);
    if (phone) {
      await page.evaluate(([nodeId, at]: [string, { x: number; y: number }]) => window.liaison.openMenu(nodeId, at), [id, p] as [
        string,
        { x: number; y: number },
      ]);
      await page.tap('#context-menu button[data-action="expand"]');
    } else await page.mouse.dblclick(p.x, p.y);
    await page.waitForFunction((x: string) => window.liaison.cy.getElementById(x).nonempty(), brings);
    await idle(page);
    await page.waitForTimeout(500); // two double-clicks must not run into one another
  }

  it('opens Patrushev → Usubov → Aliyev, and the permalink in a new page puts every node at the same place', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await tapOrClick('#search-input');
    await page.keyboard.type('Patrushev');
    await page.waitForSelector('#search-results li[data-index="0"]');
    await tapOrClick('#search-results li[data-index="0"]');
    await page.waitForFunction(() => window.liaison?.cy.getElementById('person-usubov').nonempty());
    await idle(page);
    await expand('person-usubov', 'rel-usubov-holds-secretary-security-council-az');
    await expand('meeting-2019-09-04-baku-aliyev', 'person-aliyev');
    await expand('person-aliyev', 'meeting-2019-08-14-putin-aliyev-rouhani');
    if (phone && (await page.evaluate(() => document.body.classList.contains('sheet-open')))) {
      await page.tap('#sheet-toggle');
      await idle(page);
    }
    const before = await positions(page);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(15);
    const url = page.url();
    expect(new URL(url).searchParams.get('pos')).toMatch(/^[0-9a-z]+,-?\d+_-?\d+/);

    const other = await reload(url);
    expect(differences(before, await positions(other))).toEqual([]);
    await other.close();
  });

  /** A point of the canvas with no node under it and nothing of the page over it, in page pixels. */
  const emptyPoint = () =>
    page.evaluate(() => {
      const cy = window.liaison.cy;
      const box = cy.container().getBoundingClientRect();
      const boxes = cy.nodes().map((n: any) => n.renderedBoundingBox());
      for (let fy = 0.2; fy < 0.9; fy += 0.05)
        for (let fx = 0.1; fx < 0.9; fx += 0.05) {
          const x = box.width * fx;
          const y = box.height * fy;
          const free = boxes.every((b: any) => x < b.x1 - 20 || x > b.x2 + 20 || y < b.y1 - 20 || y > b.y2 + 20);
          const top = document.elementFromPoint(box.left + x, box.top + y);
          if (free && top && cy.container().contains(top)) return { x: box.left + x, y: box.top + y };
        }
      throw new Error('no empty place on the canvas');
    });

  /** Zoom and the model point at the middle of the canvas. */
  const centre = (p: Page) =>
    p.evaluate(() => {
      const cy = window.liaison.cy;
      const zoom = cy.zoom();
      const pan = cy.pan();
      return { zoom, x: (cy.width() / 2 - pan.x) / zoom, y: (cy.height() / 2 - pan.y) / zoom };
    });

  it('keeps what was panned and zoomed into sight, and forgets it when the view is fitted again', async () => {
    expect(new URL(page.url()).searchParams.get('vp')).toBeNull();
    const fitted = await centre(page);
    const at = await emptyPoint();
    if (phone) {
      // One finger dragged across empty canvas: a pan, through the browser's own touch events.
      const cdp = await page.context().newCDPSession(page);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
      await touch('touchStart', at.x, at.y);
      for (let i = 1; i <= 8; i++) await touch('touchMove', at.x - 10 * i, at.y - 6 * i);
      await touch('touchEnd', 0, 0);
      await cdp.detach();
    } else {
      await page.mouse.move(at.x, at.y);
      for (let i = 0; i < 3; i++) {
        await page.mouse.wheel(0, -200);
        await page.waitForTimeout(60);
      }
      await page.mouse.down();
      await page.mouse.move(at.x - 80, at.y - 50, { steps: 6 });
      await page.mouse.up();
    }
    await page.waitForFunction(() => new URL(window.location.href).searchParams.has('vp'), undefined, { timeout: 5_000 });
    await idle(page);
    const moved = await centre(page);
    expect(Math.hypot(moved.x - fitted.x, moved.y - fitted.y) * moved.zoom).toBeGreaterThan(20);
    if (!phone) expect(moved.zoom).toBeGreaterThan(fitted.zoom * 1.02); // wheeled in

    const other = await reload(page.url());
    const restored = await centre(other);
    expect(restored.zoom).toBeCloseTo(moved.zoom, 2);
    // Whole model pixels in the link: within a pixel or two on the screen.
    expect(Math.abs(restored.x - moved.x) * moved.zoom).toBeLessThan(2);
    expect(Math.abs(restored.y - moved.y) * moved.zoom).toBeLessThan(2);
    await other.close();

    if (!phone) {
      await page.click('#fit');
      await idle(page);
      expect(new URL(page.url()).searchParams.get('vp')).toBeNull();
    }
  });

  it('keeps nodes a path search added and a pinned node, with its place, through a reload', async () => {
    const onCanvas = new Set(Object.keys(await positions(page)));
    // Someone of the demo graph whom the view does not show yet: a path search brings them in.
    const target = demo.nodes.find((n) => n.type === 'Person' && !onCanvas.has(n.id));
    expect(target).toBeDefined();
    await tapOrClick('#tab-paths');
    await page.fill('#path-from', 'Patrushev');
    await page.waitForSelector('#path-from-results li[data-index="0"]');
    await tapOrClick('#path-from-results li[data-index="0"]');
    await page.fill('#path-to', String(target!.properties.name));
    await page.waitForSelector('#path-to-results li[data-index="0"]');
    await tapOrClick('#path-to-results li[data-index="0"]');
    await page.waitForFunction((id: string) => window.liaison.cy.getElementById(id).nonempty(), target!.id);
    await idle(page);
    const added = new URL(page.url()).searchParams.get('an')?.split(',') ?? [];
    expect(added).toContain(target!.id);

    // Pin Usubov (from his menu), after moving him somewhere no layout would put him.
    const usubov = await pointOf('person-usubov');
    if (!phone) {
      await page.mouse.move(usubov.x, usubov.y);
      await page.mouse.down();
      await page.mouse.move(usubov.x + 40, usubov.y + 30, { steps: 5 });
      await page.mouse.up();
      await idle(page);
    }
    const at = await pointOf('person-usubov');
    await page.evaluate((p: { x: number; y: number }) => window.liaison.openMenu('person-usubov', p), at);
    await tapOrClick('#context-menu button[data-action="pin"]');
    await page.waitForFunction(() => window.liaison.cy.getElementById('person-usubov').locked());
    await idle(page);
    const pinned = await page.evaluate(() => window.liaison.cy.getElementById('person-usubov').position());
    const pin = new URL(page.url()).searchParams.get('pin');
    expect(pin).toBe(`person-usubov~${Math.round(pinned.x)}~${Math.round(pinned.y)}`);

    const before = await positions(page);
    expect(before[target!.id]).toBeDefined();
    const other = await reload(page.url());
    expect(differences(before, await positions(other))).toEqual([]);
    expect(await other.evaluate(() => window.liaison.cy.getElementById('person-usubov').hasClass('pinned'))).toBe(true);
    await other.close();
  });

  it('draws the same picture on two fresh loads of a link without positions (seeded layouts)', async () => {
    const url = new URL(page.url());
    url.searchParams.delete('pos');
    const a = await reload(url.toString());
    const b = await reload(url.toString());
    const pa = await positions(a);
    expect(Object.keys(pa).length).toBeGreaterThanOrEqual(15);
    expect(differences(pa, await positions(b))).toEqual([]);
    // The pinned node stays where the link pins it.
    const pin = url.searchParams.get('pin')!.split('~');
    expect(pa['person-usubov']).toEqual({ x: Number(pin[1]), y: Number(pin[2]), pinned: true });
    await a.close();
    await b.close();
  });

  it('draws a time axis for the chronological layout that follows pan and zoom, with meetings in date order', async () => {
    await page.goto(`${server.url}/?focus=person-patrushev&x=person-usubov,meeting-2019-09-04-baku-aliyev,person-aliyev`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle(page);
    await page.selectOption('#layout', 'chrono');
    await idle(page);
    const axis = () =>
      page.evaluate(() => {
        const cy = window.liaison.cy;
        const layer = document.querySelector('#graph .time-axis');
        const box = cy.container().getBoundingClientRect();
        const ticks = [...layer.querySelectorAll('.tick')].map((t: any) => ({
          label: t.textContent,
          kind: t.classList.contains('tick-year') ? 'year' : 'month',
          t: t.dataset.t as string,
          x: t.getBoundingClientRect().left - box.left,
        }));
        const meetings = cy
          .nodes('[type = "Meeting"]')
          .filter((m: any) => m.data('raw').properties.date)
          .map((m: any) => ({
            id: m.id(),
            date: m.data('raw').properties.date as string,
            precision: (m.data('raw').properties.datePrecision as string | undefined) ?? null,
            x: m.renderedPosition().x,
          }));
        // Drawn under Cytoscape's own layer, which comes later in the container.
        const cyLayer = cy.container().querySelector(':scope > div:not(.time-axis)');
        return { hidden: layer.hidden, ticks, meetings, under: Boolean(layer.compareDocumentPosition(cyLayer) & 4) };
      });
    const a = await axis();
    expect(a.hidden).toBe(false);
    expect(a.under).toBe(true);
    expect(a.ticks.length).toBeGreaterThan(0);
    expect(a.ticks.some((t) => t.kind === 'year')).toBe(true);
    // Meetings in date order along x (by the middle of the period each date stands for).
    const mid = (date: string, precision: string | null) => {
      const [y, m, d] = date.split('-').map(Number);
      const p = precision ?? (d ? 'day' : m ? 'month' : 'year');
      const start = Date.UTC(y!, p === 'year' ? 0 : m! - 1, p === 'day' ? d! : 1);
      const end = p === 'year' ? Date.UTC(y! + 1, 0, 1) : p === 'month' ? Date.UTC(y!, m!, 1) : start + 86_400_000;
      return (start + end) / 2;
    };
    const byX = [...a.meetings].sort((p, q) => p.x - q.x).map((m) => mid(m.date, m.precision));
    expect(a.meetings.length).toBeGreaterThanOrEqual(5);
    expect(byX).toEqual([...byX].sort((p, q) => p - q));
    // Every tick sits between the meetings before its moment and those after it.
    for (const tick of a.ticks) {
      const t = Date.parse(tick.t);
      for (const m of a.meetings) {
        const mt = mid(m.date, m.precision);
        if (mt < t) expect({ tick: tick.t, meeting: m.id, left: m.x <= tick.x + 1 }).toEqual({ tick: tick.t, meeting: m.id, left: true });
        if (mt > t) expect({ tick: tick.t, meeting: m.id, right: m.x >= tick.x - 1 }).toEqual({ tick: tick.t, meeting: m.id, right: true });
      }
    }
    // It follows the view: a pan moves every tick by as much, a zoom out spreads them less.
    await page.evaluate(() => void window.liaison.cy.panBy({ x: 120, y: 0 }));
    await page.waitForTimeout(150);
    const b = await axis();
    const first = a.ticks[0]!;
    const moved = b.ticks.find((t) => t.t === first.t);
    expect(moved ? Math.round(moved.x - first.x) : null).toBe(120);
    // (Halved, unless the canvas's minimum zoom stops it: the ticks follow the zoom it reached.)
    const ratio = await page.evaluate(() => {
      const cy = window.liaison.cy;
      const z = cy.zoom();
      cy.zoom({ level: z / 2, renderedPosition: { x: 0, y: 0 } });
      return cy.zoom() / z;
    });
    expect(ratio).toBeLessThan(1);
    await page.waitForTimeout(150);
    const c = await axis();
    const common = c.ticks.filter((t) => b.ticks.some((u) => u.t === t.t));
    if (common.length >= 2) {
      const [p, q] = [common[0]!, common.at(-1)!];
      const [p0, q0] = [b.ticks.find((t) => t.t === p.t)!, b.ticks.find((t) => t.t === q.t)!];
      expect(Math.abs(q.x - p.x)).toBeCloseTo(Math.abs(q0.x - p0.x) * ratio, 0);
    }

    // The chronological picture comes back from its permalink too, axis included.
    const before = await positions(page);
    const other = await reload(page.url());
    expect(differences(before, await positions(other))).toEqual([]);
    expect(await other.evaluate(() => document.querySelectorAll('#graph .time-axis .tick').length)).toBeGreaterThan(0);
    await other.close();
    expect(errors).toEqual([]);
  });
});
