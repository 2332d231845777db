// Group nodes at 1440×900 with a mouse and on a 390×844 touch phone: a generated person who took
// part in 60 meetings (2019–2024) is opened from the search box and their meetings stand as one
// node "60 meetings, 2019–2024" beside them; tapping it opens the list (in the sheet on a phone),
// a search narrows it, three are added (three meetings on the canvas, "57 meetings"), the
// permalink reloads to the same picture, and undo and redo step through the add. A hub of 260
// meetings lists them 100 at a time; its search asks the server, so it finds a meeting beyond the
// first page, in another script, pages through the matches, and adds what it shows.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { importBundle } from '../../server/src/import/bundle';
import { pointOf } from '../support/canvas';
import { useE2E } from '../support/e2e';
import { hubBundle } from '../support/hub-bundle';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const env = useE2E();
const { hub, bundle } = hubBundle({ prefix: 'gn-', count: 60 });
const GROUP = `group:${hub}|TAKES_PART`;
// The big hub: 260 meetings, one of them (beyond the first page of 100) with Aliyev in its name.
const big = hubBundle({ prefix: 'gs-', count: 260 });
const ALIYEV = 'Meeting with Əliyev in Baku';
const renamed = big.bundle.nodes.find((n) => n.id === 'gs-m200') as { properties: { title: string } };
renamed.properties.title = ALIYEV;
const BIG_GROUP = `group:${big.hub}|TAKES_PART`;

beforeAll(async () => {
  await importBundle(env.db.executor, bundle);
  await importBundle(env.db.executor, big.bundle);
});

const settled = async (page: Page) => {
  await page.waitForFunction(
    () => window.liaison?.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(150);
};

/** What the test checks of the canvas: the group's label, the entities and the meetings drawn. */
const picture = (page: Page) =>
  page.evaluate((groupId: string) => {
    const cy = window.liaison.cy;
    const g = cy.getElementById(groupId);
    return {
      groups: cy.nodes('.group').length as number,
      label: g.nonempty() ? (g.data('label') as string) : null,
      entities: window.liaison.view
        .entityNodes()
        .map((n: any) => n.id())
        .sort() as string[],
      meetings: cy.nodes('[type = "Meeting"]').length as number,
    };
  }, GROUP);

async function openHub(page: Page, phone: boolean, name = 'Hub Person gn', group = GROUP): Promise<void> {
  page.setDefaultTimeout(30_000);
  await page.goto(env.server.url);
  await page.waitForSelector('body[data-ready="true"]');
  if (phone) await page.tap('#search-input');
  await page.fill('#search-input', name);
  await page.waitForSelector('#search-results li[data-index="0"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id: string) => window.liaison.cy.getElementById(id).nonempty(), group);
  await settled(page);
}

async function tapGroup(page: Page, phone: boolean, group = GROUP): Promise<void> {
  const at = await pointOf(page, group);
  if (phone) await page.touchscreen.tap(at.x, at.y);
  else await page.mouse.click(at.x, at.y);
  await page.waitForSelector('.group-panel li');
}

async function flow(page: Page, phone: boolean): Promise<void> {
  await openHub(page, phone);
  // One group node instead of 60 meetings; the hub's post expands as before.
  expect(await picture(page)).toEqual({
    groups: 1,
    label: '60 meetings, 2019–2024',
    entities: [hub, 'gn-org'].sort(),
    meetings: 0,
  });
  // Distinct from the "+N more" helper and from entities: its own class and style.
  expect(await page.evaluate((id: string) => window.liaison.cy.getElementById(id).style('border-style'), GROUP)).toBe('double');

  await tapGroup(page, phone);
  if (phone) {
    await page.waitForFunction(() => document.body.classList.contains('sheet-open'));
    // The list is in the sheet, in sight on the phone's screen.
    const box = await page.locator('.group-panel .group-search').boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 844).toBe(true);
  }
  expect(await page.textContent('.group-panel .group-title')).toBe('60 meetings, 2019–2024');
  expect(await page.locator('.group-panel .group-list li').count()).toBe(60);
  expect(await page.locator('.group-timeline rect.bar:not(.hit)').count()).toBe(6);

  // The search narrows the list: every fifth meeting is in Minsk.
  await page.fill('.group-panel .group-search', 'minsk');
  await page.waitForFunction(() => document.querySelectorAll('.group-panel .group-list li').length === 12);
  expect(await page.textContent('.group-panel .group-status')).toBe('12 matches');
  const names = await page.locator('.group-panel .group-name').allTextContents();
  expect(names.every((n) => n.includes('Minsk'))).toBe(true);
  expect(await page.locator('.group-timeline rect.hit').count()).toBeGreaterThan(0);

  const boxes = page.locator('.group-panel .group-list input[type=checkbox]');
  const picked = await Promise.all([0, 1, 2].map((i) => boxes.nth(i).getAttribute('value')));
  for (const i of [0, 1, 2]) {
    if (phone) await boxes.nth(i).tap();
    else await boxes.nth(i).check();
  }
  expect(await page.textContent('.group-panel .group-add-selected')).toBe('Add selected (3)');
  await page.click('.group-panel .group-add-selected');
  await page.waitForFunction((id: string) => window.liaison.cy.getElementById(id).data('label')?.startsWith('57 '), GROUP);
  await settled(page);
  const after = await picture(page);
  expect(after).toEqual({ groups: 1, label: '57 meetings, 2019–2024', entities: [hub, 'gn-org', ...picked].sort(), meetings: 3 });
  // The list follows: the three are gone from it, the search stays.
  expect(await page.textContent('.group-panel .group-title')).toBe('57 meetings, 2019–2024');
  expect(await page.locator('.group-panel .group-list li').count()).toBe(9);

  // Undo gives the three back to the group; redo draws them again.
  await page.evaluate(() => window.liaison.undo());
  await settled(page);
  expect(await picture(page)).toMatchObject({ groups: 1, label: '60 meetings, 2019–2024', meetings: 0 });
  await page.evaluate(() => window.liaison.redo());
  await settled(page);
  expect(await picture(page)).toEqual(after);

  // The permalink names the group and the three, and a reload draws the same.
  const url = new URL(page.url());
  expect(url.searchParams.get('grp')).toBe(`${hub}~TAKES_PART`);
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction((id: string) => window.liaison.cy.getElementById(id).nonempty(), GROUP);
  await settled(page);
  expect(await picture(page)).toEqual(after);
}

describe('group nodes, desktop 1440×900', () => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await page.close();
  });

  it('draws one group, lists, searches and adds three, and keeps it all in the permalink', async () => {
    await flow(page, false);
    expect(errors).toEqual([]);
  });

  it('adds a whole search ("Add these 12"), undoes it, and opens the group again with Enter and with G', async () => {
    await openHub(page, false);
    await tapGroup(page, false);
    await page.fill('.group-panel .group-search', 'baku');
    await page.waitForFunction(() => document.querySelectorAll('.group-panel .group-list li').length === 12);
    await page.click('.group-panel .group-add-all');
    await page.waitForFunction((id: string) => window.liaison.cy.getElementById(id).data('label')?.startsWith('48 '), GROUP);
    await settled(page);
    await page.evaluate(() => window.liaison.undo());
    await settled(page);
    expect((await picture(page)).label).toBe('60 meetings, 2019–2024');
    // The group tapped last is what Enter opens (a group is never selected): put the list away and press Enter.
    const putAway = () =>
      page.evaluate(() => {
        document.getElementById('details').replaceChildren();
        document.activeElement?.blur();
      });
    await putAway();
    expect(await page.locator('.group-panel').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.group-panel li');
    expect(await page.textContent('.group-panel .group-title')).toBe('60 meetings, 2019–2024');
    // G goes to the (only) group and opens it too.
    await putAway();
    await page.keyboard.press('g');
    await page.waitForSelector('.group-panel li');
    expect(await page.evaluate((id: string) => window.liaison.cy.getElementById(id).hasClass('group-current'), GROUP)).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('group nodes, phone 390×844', () => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await page.close();
  });

  it('draws one group, opens its list in the sheet, searches and adds three, and keeps it in the permalink', async () => {
    await flow(page, true);
    expect(errors).toEqual([]);
  });
});

describe('the search of a hub of 260 meetings, on the server', () => {
  let page: Page;
  const errors: string[] = [];
  const items = () => page.locator('.group-panel .group-list li').count();
  const status = () => page.textContent('.group-panel .group-status');

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await page.close();
  });

  it('finds a meeting beyond the first page in another script, pages through matches, goes back, and adds what it shows', async () => {
    await openHub(page, false, 'Hub Person gs', BIG_GROUP);
    await tapGroup(page, false, BIG_GROUP);
    expect(await page.textContent('.group-panel .group-title')).toBe('260 meetings, 2019–2024');
    expect(await items()).toBe(100);
    expect(await status()).toBe('100 of 260 listed');
    expect(await page.locator('.group-panel .group-name', { hasText: ALIYEV }).count()).toBe(0);

    // Typed in Cyrillic: the server finds the one meeting, 200th in the list's order.
    await page.click('.group-panel .group-search');
    await page.keyboard.type('Алиев');
    await page.waitForFunction(() => document.querySelector('.group-panel .group-status')?.textContent === '1 match');
    expect(await page.locator('.group-panel .group-name').allTextContents()).toEqual([ALIYEV]);
    expect(await page.locator('.group-panel .group-add-all').textContent()).toBe('Add these 1');
    // The keyboard stays in the search box while the answer is drawn.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('group-search');

    // Clearing the search gives the plain list back, as loaded.
    await page.fill('.group-panel .group-search', '');
    await page.waitForFunction(() => document.querySelectorAll('.group-panel .group-list li').length === 100);
    expect(await status()).toBe('100 of 260 listed');

    // A word of 259 names: the matches a page at a time, with the server's count.
    await page.fill('.group-panel .group-search', 'talks');
    await page.waitForFunction(() => document.querySelector('.group-panel .group-status')?.textContent === '259 matches, 100 listed');
    expect(await items()).toBe(100);
    expect(await page.textContent('.group-panel .group-load-more')).toBe('Load 100 more matches');
    await page.click('.group-panel .group-load-more');
    await page.waitForFunction(() => document.querySelectorAll('.group-panel .group-list li').length === 200);
    await page.click('.group-panel .group-load-more');
    await page.waitForFunction(() => document.querySelectorAll('.group-panel .group-list li').length === 259);
    expect(await status()).toBe('259 matches');
    expect(await page.locator('.group-panel .group-load-more').count()).toBe(0);
    const names = await page.locator('.group-panel .group-name').allTextContents();
    expect(new Set(names).size).toBe(259);
    expect(names.every((n) => n.startsWith('Talks in '))).toBe(true);

    // "Add these 1" adds the search's one meeting, found in Latin letters this time.
    await page.fill('.group-panel .group-search', 'aliyev');
    await page.waitForFunction(() => document.querySelector('.group-panel .group-status')?.textContent === '1 match');
    await page.click('.group-panel .group-add-all');
    await page.waitForFunction((id: string) => window.liaison.cy.getElementById(id).data('label')?.startsWith('259 '), BIG_GROUP);
    await settled(page);
    expect(await page.evaluate(() => window.liaison.cy.getElementById('gs-m200').nonempty())).toBe(true);
    expect(await status()).toBe('0 matches');
    expect(errors).toEqual([]);
  });

  it('says so when the search fails, and tries again', async () => {
    await openHub(page, false, 'Hub Person gs', BIG_GROUP);
    await tapGroup(page, false, BIG_GROUP);
    const searches = (url: URL) => url.pathname.endsWith('/neighbors') && url.searchParams.has('q');
    await page.route(searches, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Unavailable', status: 503, detail: 'The graph database cannot be reached right now.' }),
      }),
    );
    // Every fifth meeting is in Minsk, but for the one renamed.
    await page.fill('.group-panel .group-search', 'minsk');
    await page.waitForSelector('.group-panel .group-status[role=alert]');
    expect(await status()).toMatch(/^The search failed: /);
    await page.unroute(searches);
    await page.click('.group-panel .group-retry');
    await page.waitForFunction(() => document.querySelector('.group-panel .group-status')?.textContent === '51 matches');
    expect(await items()).toBe(51);
    expect(errors).toEqual([]);
  });
});
