// A Source as a page, in a real browser against the real server and database, on a desktop
// (1440×900) and a phone (390×844, touch): the demo article opened in the explorer lists its facts
// grouped by kind with their German quotes, as many as the API counts; "Show all on canvas" puts
// them in the view; a citation's "other facts from this source" opens the Source from any fact.
// And the console: a name several entities answer to gives a pick list whose choice runs the query.
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';
import { getJson } from '../support/http';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;
declare const document: any;

const ARTICLE = 'src-caucasus-watch-2019-09';

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, phone: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true },
] as const;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
/** What the API says the article supports: the numbers the page must show. */
let expected: { total: number; groups: Array<{ kind: string; type: string; count: number }>; nodeIds: string[] };

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
  const res = await getJson(server.url, `/api/sources/${ARTICLE}/facts?limit=500`);
  expect(res.status).toBe(200);
  expected = {
    total: res.body.total,
    groups: res.body.groups,
    nodeIds: (res.body.nodes as Array<{ id: string }>).map((n) => n.id),
  };
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.liaison?.idle && !window.liaison.cy.nodes().some((n: any) => n.animated()));
  await page.waitForTimeout(50);
}

describe.each(VIEWPORTS)('the Source page ($name)', ({ name, viewport, phone }) => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage({ viewport, hasTouch: phone, isMobile: phone });
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await page?.close();
  });

  const press = (selector: string) => (phone ? page.tap(selector) : page.click(selector));
  const openSheet = async () => {
    if (phone && !(await page.evaluate(() => document.body.classList.contains('sheet-open')))) await page.tap('#tab-details');
  };

  it('lists every fact of the article, grouped by kind, with its quotes', async () => {
    await page.goto(`${server.url}/?focus=${ARTICLE}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector(`#details[data-id="${ARTICLE}"][data-state="ready"][data-facts="ready"]`, { state: 'attached' });
    await idle(page);
    await openSheet();
    expect(await page.textContent('#details h2')).toContain('Patruschews Mission');
    expect(await page.textContent('#details .facts-total')).toBe(`(${expected.total})`);
    // The first page holds 100; "More" brings the rest.
    for (let i = 0; i < 20 && (await page.isVisible('#details .more-facts')); i++) {
      const shown = await page.locator('#details .source-fact').count();
      await press('#details .more-facts');
      await page.waitForFunction((n) => document.querySelectorAll('#details .source-fact').length > n, shown);
    }
    expect(await page.locator('#details .source-fact').count()).toBe(expected.total);
    // One section per kind, in the server's order, each with its full count.
    const groups = await page.$$eval('#details .fact-group', (els) =>
      els.map((el: any) => ({
        type: el.dataset.group as string,
        count: Number(/\((\d+)\)/.exec(el.querySelector('h4')?.textContent ?? '')?.[1]),
        listed: el.querySelectorAll('.source-fact').length as number,
      })),
    );
    expect(groups.map((g) => [g.type, g.count, g.listed])).toEqual(expected.groups.map((g) => [g.type, g.count, g.count]));
    // Quotes, in German, under the facts: Usubov's part in the Baku talks among them.
    const usubov = page.locator('#details .source-fact[data-fact="rel-usubov-takes-part-2019-09-04-baku-aliyev"]');
    expect(await usubov.locator('blockquote').first().textContent()).toContain('Ramil Usubow');
    expect(await usubov.locator('blockquote').first().getAttribute('lang')).toBe('de');
    expect(await page.locator('#details .source-fact blockquote').count()).toBeGreaterThanOrEqual(expected.total);
    // On its own page, a citation does not link to the page itself.
    expect(await page.locator('#details .other-facts').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `source-page-${name}.png`) });
    if (phone) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
  });

  it('"Show all on canvas" adds every fact to the view', async () => {
    const before: string[] = await page.evaluate(() => window.liaison.cy.nodes().map((n: any) => n.id()));
    expect(expected.nodeIds.filter((id) => !before.includes(id)).length).toBeGreaterThan(0);
    await press('#details .show-all-facts');
    await page.waitForFunction(() => /in view/.test(document.querySelector('#details .show-all-status')?.textContent ?? ''));
    await idle(page);
    const after: string[] = await page.evaluate(() => window.liaison.cy.nodes().map((n: any) => n.id()));
    expect(expected.nodeIds.filter((id) => !after.includes(id))).toEqual([]);
    const edges: string[] = await page.evaluate(() => window.liaison.cy.edges().map((e: any) => e.id()));
    expect(edges).toContain('rel-usubov-takes-part-2019-09-04-baku-aliyev');
  });

  it('opens the Source from any fact’s citation: "other facts from this source"', async () => {
    await page.goto(`${server.url}/?focus=person-usubov`);
    await page.waitForSelector('#details[data-id="person-usubov"][data-state="ready"]', { state: 'attached' });
    await idle(page);
    await openSheet();
    const link = page.locator(`#details .other-facts[data-open-source="${ARTICLE}"]`).first();
    await (phone ? link.tap() : link.click());
    await page.waitForSelector(`#details[data-id="${ARTICLE}"][data-state="ready"][data-facts="ready"]`, { state: 'attached' });
    expect(await page.textContent('#details .facts-total')).toBe(`(${expected.total})`);
    expect(errors).toEqual([]);
  });
});

describe('the Source page’s empty and error states', () => {
  it('says when the facts cannot be loaded, and offers to try again', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    let fail = true;
    await page.route('**/api/sources/**', (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({ title: 'Database unavailable', detail: 'The database did not answer.' }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/?focus=${ARTICLE}`);
    await page.waitForSelector('#details[data-facts="error"]', { state: 'attached' });
    expect(await page.textContent('#details .source-facts-error')).toContain('The database did not answer.');
    fail = false;
    await page.click('#details .retry-source');
    await page.waitForSelector(`#details[data-id="${ARTICLE}"][data-facts="ready"]`, { state: 'attached' });
    await page.close();
  });
});

describe('the console’s pick list', () => {
  it('offers the entities a name may mean, and runs the query with the one picked', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/console`);
    await page.waitForSelector('#library button[data-query="co-attendance"]');
    await page.click('#library button[data-query="co-attendance"]');
    await page.fill('#query-form input[name="organization"]', 'Security Council');
    await page.click('#run-named');
    await page.waitForSelector('#error:not([hidden]) .pick-candidate');
    const ids = await page.$$eval('#error .pick-candidate', (els) => els.map((e: any) => e.dataset.pickId as string).sort());
    expect(ids).toEqual(['org-security-council-am', 'org-security-council-az', 'org-security-council-ru']);
    await page.click('#error .pick-candidate[data-pick-id="org-security-council-ru"]');
    await page.waitForFunction(() => window.liaisonConsole.result?.rows.length > 0);
    expect(await page.inputValue('#query-form input[name="organization"]')).toBe('org-security-council-ru');
    expect(await page.isHidden('#error')).toBe(true);
    await page.close();
  });
});
