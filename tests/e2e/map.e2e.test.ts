// The map of meeting places at 1440×900 and on a 390×844 touch phone: Patrushev's network opened by
// search, the Map turned on (it is off at first, and remembered after a reload), a circle at Baku for
// the Baku meetings and one at Armenia's middle for the visit to Armenia (the demo article names the
// country only, not Yerevan), the undated and placeless statement listed as not on the map; a click
// (a tap) on Baku selects exactly the Baku meetings in view and shows one's details; the time window
// takes the 2017 visit off the map; wheel zoom; nothing sideways on the phone; no page errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';

import type { Page } from 'playwright-core';

import { SCREENSHOT_DIR } from '../support/browser';
import { useE2E, viewIdle } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const env = useE2E();

const idle = viewIdle;

/** Search "Patrushev" and open the first hit, by keyboard or by a tap. */
async function openPatrushev(page: Page, touch: boolean): Promise<void> {
  page.setDefaultTimeout(30_000);
  await page.goto(env.server.url);
  await page.waitForSelector('body[data-ready="true"]');
  if (touch) await page.tap('#search-input');
  else await page.click('#search-input');
  await page.keyboard.type('Patrushev');
  await page.waitForSelector('#search-results li[data-index="0"]');
  expect(await page.textContent('#search-results li[data-index="0"] .hit-name')).toBe('Nikolai Patrushev');
  if (touch) await page.tap('#search-results li[data-index="0"]');
  else await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.liaison?.cy.getElementById('person-patrushev').neighborhood().nodes().length > 2);
  await idle(page);
}

/** The meetings on the canvas, not hidden, whose place the sources write as "Baku". */
const bakuMeetings = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    window.liaison.cy
      .nodes('[type = "Meeting"]')
      .filter((n: any) => n.data('raw')?.properties?.place === 'Baku' && !n.hasClass('filtered'))
      .map((n: any) => n.id())
      .sort(),
  );

const selectedIds = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    window.liaison.cy
      .$(':selected')
      .map((e: any) => e.id())
      .sort(),
  );

const mapReady = (page: Page) => page.waitForSelector('#meeting-map[data-ready="true"] .map-place', { state: 'attached' });

/** The middle of a place's circle, in page pixels. */
const circleAt = (page: Page, name: string) =>
  page.evaluate((n: string) => {
    const c = document.querySelector(`.map-place[data-name="${n}"] circle`);
    if (!c) throw new Error(`no circle for ${n}`);
    const r = c.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, r: r.width / 2 };
  }, name);

const marks = (page: Page) =>
  page.$$eval('.map-place', (els: any[]) =>
    Object.fromEntries(
      els.map((e) => [e.dataset.name as string, { count: Number(e.dataset.count), country: e.classList.contains('country') }]),
    ),
  );

function checks(viewport: { width: number; height: number }, touch: boolean): void {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport, ...(touch ? { isMobile: true, hasTouch: true } : {}) });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await openPatrushev(page, touch);
  });

  afterAll(async () => {
    await page.close();
  });

  it('is off until turned on; then a circle at Baku and one at Armenia’s middle, the placeless statement listed', async () => {
    expect(await page.isVisible('#map-toggle')).toBe(true);
    expect(await page.isHidden('#meeting-map')).toBe(true);
    if (touch) await page.tap('#map-toggle');
    else await page.click('#map-toggle');
    await mapReady(page);
    const baku = await bakuMeetings(page);
    expect(baku.length).toBeGreaterThanOrEqual(2);
    const m = await marks(page);
    expect(m.Baku).toEqual({ count: baku.length, country: false });
    expect(m.Armenia).toEqual({ count: 1, country: true });
    // Circles grow with their number of meetings.
    expect((await circleAt(page, 'Baku')).r).toBeGreaterThan((await circleAt(page, 'Armenia')).r);
    // Baku lies east of Armenia's middle on the map.
    expect((await circleAt(page, 'Baku')).x).toBeGreaterThan((await circleAt(page, 'Armenia')).x);
    expect(await page.textContent('#meeting-map .map-summary')).toMatch(/meetings at 2 places/);
    // Listed under the map: meetings in view with neither place nor country (none in Patrushev's own network).
    const placeless: number = await page.evaluate(
      () =>
        window.liaison.cy.nodes('[type = "Meeting"]').filter((n: any) => {
          const p = n.data('raw')?.properties ?? {};
          return !p.place && !p.country && !n.hasClass('filtered');
        }).length,
    );
    if (placeless) expect(await page.textContent('#meeting-map .map-unplaced summary')).toContain(`Not on the map: ${placeless} meeting`);
    else expect(await page.$('#meeting-map .map-unplaced')).toBeNull();
    if (touch) {
      // The map covers the canvas, never wider than the screen.
      const box = await page.evaluate(() => {
        const r = document.getElementById('meeting-map').getBoundingClientRect();
        return { left: r.left, right: r.right, scroll: document.documentElement.scrollWidth };
      });
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(viewport.width + 0.5);
      expect(box.scroll).toBeLessThanOrEqual(viewport.width);
    }
  });

  it('selects the Baku meetings when Baku is clicked, and shows one of them in the details', async () => {
    const baku = await bakuMeetings(page);
    const at = await circleAt(page, 'Baku');
    if (touch) await page.touchscreen.tap(at.x, at.y);
    else await page.mouse.click(at.x, at.y);
    await page.waitForFunction((n: number) => window.liaison.cy.$(':selected').length === n, baku.length);
    expect(await selectedIds(page)).toEqual(baku);
    await page.waitForFunction((ids: string[]) => ids.includes(document.getElementById('details').dataset.id), baku);
    expect(await page.getAttribute('.map-place[data-name="Baku"]', 'class')).toContain('selected');
    expect(await page.textContent('#meeting-map .map-here-title')).toContain(`${baku.length} meetings in Baku`);
    if (touch) expect(await page.evaluate(() => document.body.classList.contains('sheet-open'))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `explorer-map-${viewport.width}x${viewport.height}.png`) });
  });

  it('follows the time window: the 2017 visit leaves the map', async () => {
    const before = (await marks(page)).Baku!.count;
    const url = new URL(page.url());
    url.searchParams.set('after', '2019-01-01');
    url.searchParams.set('before', '2019-12-31');
    await page.goto(url.toString());
    await page.waitForSelector('body[data-ready="true"]');
    await idle(page);
    // Remembered: the map is on again after the reload.
    await mapReady(page);
    await page.waitForFunction(
      (n: number) => Number(document.querySelector('.map-place[data-name="Baku"]')?.dataset.count) === n - 1,
      before,
    );
    expect(await bakuMeetings(page)).not.toContain('meeting-2017-visit-baku');
  });

  if (!touch)
    it('zooms with the wheel, and the buttons show all places again', async () => {
      const a = await circleAt(page, 'Baku');
      const b = await circleAt(page, 'Armenia');
      const apart = Math.hypot(a.x - b.x, a.y - b.y);
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2);
      await page.mouse.wheel(0, -400);
      await page.waitForFunction((d: number) => {
        const at = (n: string) => document.querySelector(`.map-place[data-name="${n}"] circle`).getBoundingClientRect();
        const p = at('Baku');
        const q = at('Armenia');
        return Math.hypot(p.left - q.left, p.top - q.top) > d * 1.3;
      }, apart);
      // Circles keep their size on screen while the map zooms.
      expect((await circleAt(page, 'Baku')).r).toBeCloseTo(a.r, 0);
      await page.click('#meeting-map [data-zoom="fit"]');
      const c = await circleAt(page, 'Baku');
      const d = await circleAt(page, 'Armenia');
      expect(Math.hypot(c.x - d.x, c.y - d.y)).toBeCloseTo(apart, -1);
    });

  it('lists a meeting without place or country under the map once it is in view', async () => {
    // The Karabakh statement comes with Pashinyan's network: it has neither place nor country.
    await page.goto(`${env.server.url}/?focus=person-pashinyan`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle(page);
    await mapReady(page);
    expect(await page.evaluate(() => window.liaison.cy.getElementById('meeting-2019-pashinyan-karabakh-statement').nonempty())).toBe(true);
    expect(await page.textContent('#meeting-map .map-unplaced summary')).toMatch(/Not on the map: \d+ meeting/);
    expect(await page.textContent('#meeting-map .map-unplaced')).toContain('no place known');
  });

  it('turns off with its close button, and stays off', async () => {
    if (touch) await page.tap('#meeting-map .map-close');
    else await page.click('#meeting-map .map-close');
    expect(await page.isHidden('#meeting-map')).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('liaison.map'))).toBe('off');
    expect(errors).toEqual([]);
  });
}

describe('map of meeting places, desktop 1440×900', () => {
  checks({ width: 1440, height: 900 }, false);
});

describe('map of meeting places, phone 390×844 (touch)', () => {
  checks({ width: 390, height: 844 }, true);
});
