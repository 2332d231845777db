// The explorer in a real browser against the real server and database: search across spellings,
// expand with counts and paging, details with citations, paths with the citation of every hop,
// time window and "as of", filters, layouts, undo/redo, permalinks, hand-over and error states.
import { copyFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import { importBundle } from '../../server/src/import/bundle';
import { pointOf as pointAt } from '../support/canvas';
import { launchBrowser, SCREENSHOT_DIR } from '../support/browser';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;
declare const sessionStorage: any;

const HUB_NEIGHBOURS = 60;

/** A person who attended 60 meetings: more than the explorer's page of 25. */
function hubBundle() {
  const cite = [{ source: 'src-caucasus-watch-2019-09', quote: 'Generated for the paging test.', status: 'reported', lang: 'en' }];
  const meetings = Array.from({ length: HUB_NEIGHBOURS }, (_, i) => ({
    id: `meeting-hub-${String(i + 1).padStart(2, '0')}`,
    type: 'Meeting',
    properties: { title: `Hub meeting ${i + 1}`, kind: 'talks', status: 'held', date: `2018-${String((i % 12) + 1).padStart(2, '0')}-10` },
    citations: cite,
  }));
  return {
    nodes: [{ id: 'person-hub', type: 'Person', properties: { name: 'Hubert Hubmann' }, citations: cite }, ...meetings],
    relationships: meetings.map((m) => ({
      id: `rel-hub-takes-part-${m.id}`,
      type: 'TAKES_PART',
      source: 'person-hub',
      target: m.id,
      properties: { role: 'participant' },
      citations: cite,
    })),
  };
}

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, hubBundle());
  server = await serve({
    executor: db.executor,
    config: testConfig(),
    clientDir: path.join(ROOT_DIR, 'dist', 'client'),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  // The first queries of a fresh Neo4j compile their plans; give them time.
  page.setDefaultTimeout(60_000);
  watch(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

function watch(p: Page): void {
  p.on('console', (m) => {
    // The error-state test makes the API answer 503 on purpose; Chromium logs those responses.
    if (m.type() === 'error' && !/status of 503/.test(m.text())) consoleErrors.push(m.text());
  });
  p.on('pageerror', (e) => consoleErrors.push(e.message));
}

/** Waits until no request, change or layout is running and nothing moves. */
async function idle(p: Page = page): Promise<void> {
  await p.waitForFunction(() => window.liaison?.idle && !window.liaison.cy.nodes().some((n: any) => n.animated()));
  await p.waitForTimeout(50);
}

const pointOf = (id: string, p: Page = page) => pointAt(p, id);

const nodeIds = (p: Page = page) =>
  p.evaluate(
    () =>
      window.liaison.cy
        .nodes()
        .map((n: any) => n.id())
        .sort() as string[],
  );
const visibleIds = (p: Page = page) =>
  p.evaluate(
    () =>
      window.liaison.cy
        .nodes()
        .filter((n: any) => n.visible())
        .map((n: any) => n.id())
        .sort() as string[],
  );
const has = (id: string) => page.evaluate((x) => window.liaison.cy.getElementById(x).nonempty(), id);
const isShown = (id: string) => page.evaluate((x) => window.liaison.cy.getElementById(x).visible(), id);

describe('explorer', () => {
  it('finds Patrushev by his German spelling, shows type, post and country, and opens his network', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.isVisible('#empty')).toBe(true);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await page.keyboard.type('Patruschew');
    await page.waitForSelector('#search-results li[data-index="0"]');
    expect(await page.textContent('#search-results li[data-index="0"] .hit-name')).toBe('Nikolai Patrushev');
    const meta = await page.textContent('#search-results li[data-index="0"] .hit-meta');
    expect(meta).toContain('Person');
    expect(meta).toContain('Security Council');
    expect(meta).toContain('RU');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.liaison?.cy.nodes().length > 3);
    await idle();
    expect(await nodeIds()).toEqual(
      expect.arrayContaining(['person-patrushev', 'meeting-2019-09-04-baku-aliyev', 'meeting-2019-08-12-visit-armenia']),
    );
    expect(new URL(page.url()).searchParams.get('focus')).toBe('person-patrushev');
    await page.waitForSelector('#details[data-id="person-patrushev"][data-state="ready"]');
    // A person's panel: posts held, and the meetings attended in date order.
    expect(await page.textContent('#details .posts')).toContain('Secretary');
    const attended = await page.$$eval('#details .meetings li .when', (els) => els.map((e) => e.textContent));
    expect(attended.slice(0, 2)).toEqual(['2017', '12 August 2019']);
  });

  it('expands the Baku talks by double-click; the details panel shows the German quote, date, participants and topics', async () => {
    const meeting = await pointOf('meeting-2019-09-04-baku-aliyev');
    await page.mouse.dblclick(meeting.x, meeting.y);
    await page.waitForFunction(() => window.liaison.cy.getElementById('person-aliyev').nonempty());
    await idle();
    expect(await nodeIds()).toEqual(expect.arrayContaining(['person-aliyev', 'person-usubov', 'person-nurgaliyev', 'person-bocharnikov']));
    const p = await pointOf('meeting-2019-09-04-baku-aliyev');
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector('#details[data-id="meeting-2019-09-04-baku-aliyev"][data-state="ready"]');
    expect(await page.textContent('#details h2')).toBe('Talks between Patrushev and President Aliyev');
    expect(await page.textContent('#details .fact-date')).toBe('4 September 2019');
    expect(await page.textContent('#details .fact-place')).toBe('Baku, AZ');
    expect(await page.textContent('#details .participants')).toMatch(/Ilham Aliyev\s+host/);
    expect(await page.textContent('#details .topics')).toContain('bilateral relations');
    const quote = await page.textContent('#details .citations blockquote[lang="de"]');
    expect(quote).toMatch(/Patruschew|Alijew/);
    expect(await page.textContent('#details .citations .cite-meta')).toContain('Caucasus Watch');

    // A speculative link is drawn dashed, and its citation says so.
    const knows = await page.evaluate(() => window.liaison.cy.getElementById('rel-patrushev-knows-usubov').style('line-style'));
    expect(knows).toBe('dashed');
  });

  it('shows neighbour counts per relationship type in the node menu and expands one type only', async () => {
    const p = await pointOf('person-aliyev');
    await page.mouse.click(p.x, p.y, { button: 'right' });
    await page.waitForSelector('#context-menu button.rel[data-rel="HOLDS_POST"]');
    expect(await page.textContent('#context-menu button.rel[data-rel="HOLDS_POST"] .count')).toBe('1');
    expect(await page.textContent('#context-menu button.rel[data-rel="TAKES_PART"] .count')).toBe('2');
    expect(await has('org-presidency-az')).toBe(false);
    await page.click('#context-menu button.rel[data-rel="HOLDS_POST"]');
    await page.waitForFunction(() => window.liaison.cy.getElementById('org-presidency-az').nonempty());
    await idle();
    // Only that type came in: not the postponed summit Aliyev was to attend.
    expect(await has('meeting-2019-08-14-putin-aliyev-rouhani')).toBe(false);
  });

  it('undoes and redoes changes to the canvas (Ctrl+Z, Ctrl+Shift+Z and the buttons)', async () => {
    const before = await nodeIds();
    await page.click('#graph', { position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await idle();
    const undone = await nodeIds();
    expect(undone).not.toContain('org-presidency-az');
    expect(undone).toContain('person-aliyev');
    await page.keyboard.press('Control+Shift+z');
    await idle();
    expect(await nodeIds()).toEqual(before);
    // Undo twice with the button: the Baku expansion goes too; redo brings both back.
    await page.click('#undo');
    await page.click('#undo');
    await idle();
    expect(await has('person-aliyev')).toBe(false);
    await page.click('#redo');
    await page.click('#redo');
    await idle();
    expect(await nodeIds()).toEqual(before);
    // Hide is a change like any other.
    const aliyev = await pointOf('person-aliyev');
    await page.mouse.click(aliyev.x, aliyev.y);
    await page.keyboard.press('h');
    await idle();
    expect(await isShown('person-aliyev')).toBe(false);
    await page.keyboard.press('Control+z');
    await idle();
    expect(await isShown('person-aliyev')).toBe(true);
  });

  it('hides the August meetings when a September window is brushed on the timeline', async () => {
    // Aliyev's summit of 14 August (postponed) comes in too, for a second August meeting, and the
    // Armenian hosts of the 12 August visit.
    const p = await pointOf('person-aliyev');
    await page.mouse.dblclick(p.x, p.y);
    await page.waitForFunction(() => window.liaison.cy.getElementById('meeting-2019-08-14-putin-aliyev-rouhani').nonempty());
    await idle();
    const v = await pointOf('meeting-2019-08-12-visit-armenia');
    await page.mouse.dblclick(v.x, v.y);
    await page.waitForFunction(() => window.liaison.cy.getElementById('person-pashinyan').nonempty());
    await idle();
    expect(await page.$$eval('#timeline .mark', (els) => els.length)).toBeGreaterThanOrEqual(6);
    const a = await page.evaluate(() => window.liaison.timeline.pointOf('2019-08-25'));
    const b = await page.evaluate(() => window.liaison.timeline.pointOf('2019-10-10'));
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => window.liaison.filters.after !== null);
    await idle();
    expect(await isShown('meeting-2019-08-12-visit-armenia')).toBe(false);
    expect(await isShown('meeting-2019-08-14-putin-aliyev-rouhani')).toBe(false);
    expect(await isShown('meeting-2017-visit-baku')).toBe(false);
    expect(await isShown('meeting-2019-09-04-baku-aliyev')).toBe(true);
    // Pashinyan came in only through the Armenian visit: he goes with it.
    expect(await isShown('person-pashinyan')).toBe(false);
    expect(await isShown('person-patrushev')).toBe(true);
    const url = new URL(page.url());
    expect(url.searchParams.get('after')).toMatch(/^2019-08-2\d$/);
    expect(url.searchParams.get('before')).toMatch(/^2019-10-\d\d$/);
    expect(await page.inputValue('#window-after')).toBe(url.searchParams.get('after'));
  });

  it('shows posts as held on the "as of" date: Usubov is secretary of the Security Council from June 2019', async () => {
    const p = await pointOf('person-usubov');
    await page.mouse.dblclick(p.x, p.y);
    await page.waitForFunction(() => window.liaison.cy.getElementById('rel-usubov-holds-secretary-security-council-az').nonempty());
    await idle();
    const post = 'rel-usubov-holds-secretary-security-council-az';
    expect(await isShown(post)).toBe(true);
    await page.fill('#as-of', '2019-05-01');
    await page.waitForFunction(() => window.liaison.filters.asOf === '2019-05-01');
    await idle();
    expect(await isShown(post)).toBe(false);
    expect(await isShown('org-security-council-az')).toBe(false);
    // Patrushev's post has no start date: nothing says he did not hold it then.
    expect(await isShown('rel-patrushev-holds-secretary-security-council-ru')).toBe(true);
    await page.fill('#as-of', '2019-07-01');
    await page.waitForFunction(() => window.liaison.filters.asOf === '2019-07-01');
    await idle();
    expect(await isShown(post)).toBe(true);
    expect(new URL(page.url()).searchParams.get('asof')).toBe('2019-07-01');
  });

  it('filters by entity type and citation status from the Filters panel', async () => {
    await page.click('#tab-filters');
    await page.uncheck('#panel-filters input[data-key="nodeTypes"][value="Topic"]');
    await idle();
    expect(await isShown('topic-bilateral-relations-az-ru')).toBe(false);
    await page.uncheck('#panel-filters input[data-key="citationStatuses"][value="speculative"]');
    await idle();
    expect(await isShown('rel-patrushev-knows-usubov')).toBe(false);
    expect(new URL(page.url()).searchParams.get('nt')).toBe('Topic');
    expect(new URL(page.url()).searchParams.get('cs')).toBe('speculative');
  });

  it('restores the same view from a permalink, and steps back with the browser', async () => {
    await page.selectOption('#layout', 'chrono');
    await idle();

    const url = page.url();
    const all = await nodeIds();
    const shown = await visibleIds();
    const filters = await page.evaluate(() => window.liaison.filters);
    const other = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    watch(other);
    await other.goto(url);
    await other.waitForSelector('body[data-ready="true"]');
    await idle(other);
    expect(await nodeIds(other)).toEqual(all);
    expect(await visibleIds(other)).toEqual(shown);
    expect(await other.evaluate(() => window.liaison.filters)).toEqual(filters);
    expect(await other.inputValue('#layout')).toBe('chrono');
    await other.close();

    // Back: the view before the layout change (force-directed), then before the speculative filter.
    await page.goBack();
    await page.waitForFunction(() => window.liaison.view.layoutName === 'fcose');
    await idle();
    expect(await visibleIds()).toEqual(shown);
    await page.goBack();
    await page.waitForFunction(() => window.liaison.filters.citationStatuses.length === 0);
    await idle();
    expect(await isShown('rel-patrushev-knows-usubov')).toBe(true);
    await page.goForward();
    await page.goForward();
    await page.waitForFunction(() => window.liaison.view.layoutName === 'chrono');
    await idle();
  });

  it('finds the paths from Patrushev to Aliyev and lists every hop with its citation', async () => {
    await page.goto(`${server.url}/?focus=person-patrushev`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    // "Path from here" in the node menu, then the other end from the search box.
    const p = await pointOf('person-patrushev');
    await page.mouse.click(p.x, p.y, { button: 'right' });
    await page.click('#context-menu button[data-action="path-from"]');
    expect(await page.inputValue('#path-from')).toBe('Nikolai Patrushev');
    await page.fill('#path-to', 'Alijew');
    await page.waitForSelector('#path-to-results li[data-index="0"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#paths-results .path');
    await idle();
    const steps = await page.$$eval('#paths-results .path:first-child .step', (els) =>
      els.map((e) => ({
        hop: e.querySelector('.hop')?.textContent?.replace(/\s+/g, ' ').trim(),
        quote: e.querySelector('blockquote')?.textContent,
      })),
    );
    expect(steps).toHaveLength(2);
    expect(steps[0]!.hop).toMatch(/^Nikolai Patrushev .+ Talks between Patrushev and President Aliyev/);
    expect(steps[1]!.hop).toMatch(/Ilham Aliyev/);
    for (const s of steps) expect(s.quote?.length).toBeGreaterThan(10);
    // Highlighted on the canvas, the rest dimmed.
    expect(await page.evaluate(() => window.liaison.cy.getElementById('person-aliyev').hasClass('path-hit'))).toBe(true);
    expect(await page.evaluate(() => window.liaison.cy.$('.path-hit').length)).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'explorer-paths.png') });

    // Leaving out TAKES_PART leaves no path within 4 hops but via the KNOWS / posts routes, or none.
    await page.selectOption('#path-exclude', 'TAKES_PART');
    await page.click('#path-find');
    await page.waitForFunction(() => document.querySelector('#panel-paths')?.getAttribute('data-state') === 'ready');
    const text = await page.textContent('#paths-results');
    expect(text).not.toMatch(/takes part/i);
  });

  it('pages a hub of 60 neighbours in: 25 at a time behind "+N more", nothing twice', async () => {
    await page.goto(`${server.url}/?focus=person-hub`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    const count = () => page.evaluate(() => window.liaison.view.entityNodes().length as number);
    expect(await count()).toBe(26);
    const more = 'more:person-hub|*';
    expect(await page.evaluate((id) => window.liaison.cy.getElementById(id).data('label'), more)).toBe('+35 more');
    let m = await pointOf(more);
    await page.mouse.click(m.x, m.y);
    await page.waitForFunction(() => window.liaison.view.entityNodes().length === 51);
    await idle();
    expect(await page.evaluate((id) => window.liaison.cy.getElementById(id).data('label'), more)).toBe('+10 more');
    m = await pointOf(more);
    await page.mouse.click(m.x, m.y);
    await page.waitForFunction(() => window.liaison.view.entityNodes().length === 61);
    await idle();
    expect(await has(more)).toBe(false);
    // The chronological layout puts the hub's meetings left to right by date.
    await page.selectOption('#layout', 'chrono');
    await idle();
    const order = await page.evaluate(() =>
      window.liaison.cy
        .nodes('[type = "Meeting"]')
        .sort((a: any, b: any) => a.position('x') - b.position('x'))
        .map((n: any) => n.data('raw').properties.date as string),
    );
    expect(order).toEqual([...order].sort());
    const ids = await nodeIds();
    expect(new Set(ids).size).toBe(ids.length);
    expect(await page.evaluate(() => window.liaison.cy.edges().length)).toBe(60);
    // The pages are in the permalink.
    expect(new URL(page.url()).searchParams.get('x')).toBe('person-hub*3');
    // Undo takes the last page back and the "+N more" node returns.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await idle();
    expect(await count()).toBe(51);
    expect(await has(more)).toBe(true);
  });

  it('opens a graph handed over by another page (?load=session:KEY)', async () => {
    await page.evaluate(() =>
      sessionStorage.setItem(
        'handover-test',
        JSON.stringify({
          nodes: [
            { id: 'person-putin', type: 'Person', name: 'Vladimir Putin', properties: {}, citationStatus: 'reported' },
            { id: 'org-presidency-ru', type: 'Organization', name: 'Presidency of Russia', properties: {}, citationStatus: 'reported' },
          ],
          edges: [
            {
              id: 'rel-putin-holds-president-presidency-ru',
              type: 'HOLDS_POST',
              source: 'person-putin',
              target: 'org-presidency-ru',
              properties: { title: 'President' },
              citationStatus: 'reported',
              citations: [],
            },
          ],
        }),
      ),
    );
    await page.goto(`${server.url}/?load=session:handover-test`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    expect(await nodeIds()).toEqual(['org-presidency-ru', 'person-putin']);
    expect(await page.evaluate(() => window.liaison.cy.edges().length)).toBe(1);
  });

  it('opens a view saved in the JSON export format ("Open view…"), and its link survives a reload', async () => {
    const view = {
      format: 'liaison-cytoscape',
      version: 1,
      elements: {
        nodes: [
          { data: { id: 'person-rouhani', type: 'Person', name: 'Hassan Rouhani', properties: {}, citationStatus: 'reported' } },
          {
            data: { id: 'org-presidency-ir', type: 'Organization', name: 'Presidency of Iran', properties: {}, citationStatus: 'reported' },
          },
        ],
        edges: [
          {
            data: {
              id: 'rel-rouhani-holds-president-presidency-ir',
              type: 'HOLDS_POST',
              source: 'person-rouhani',
              target: 'org-presidency-ir',
              properties: { title: 'President' },
              citationStatus: 'reported',
            },
          },
        ],
      },
    };
    await page.setInputFiles('#open-view-file', {
      name: 'view.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(view)),
    });
    await page.waitForFunction(() => window.liaison.cy.getElementById('person-rouhani').nonempty());
    await idle();
    expect(await nodeIds()).toEqual(['org-presidency-ir', 'person-rouhani']);
    expect(new URL(page.url()).searchParams.get('load')).toMatch(/^session:/);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    expect(await nodeIds()).toEqual(['org-presidency-ir', 'person-rouhani']);
    // Not a view: said so, nothing changes.
    await page.setInputFiles('#open-view-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await page.waitForSelector('#banner:not([hidden])');
    expect(await page.textContent('#banner')).toContain('not a Liaison view');
    expect(await nodeIds()).toEqual(['org-presidency-ir', 'person-rouhani']);
  });

  it('opens its own JSON export again and shows the same view ("import view")', async () => {
    await page.goto(`${server.url}/?focus=meeting-2019-09-04-baku-aliyev`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    const visible = () =>
      page.evaluate(() => ({
        nodes: window.liaison.cy
          .nodes(':visible')
          .not('.more')
          .map((n: any) => n.id())
          .sort(),
        edges: window.liaison.cy
          .edges(':visible')
          .not('.more-edge')
          .map((e: any) => e.id())
          .sort(),
      }));
    const before = await visible();
    expect(before.nodes.length).toBeGreaterThan(3);
    // The export the server writes for exactly what is on screen, as the Export menu asks for it.
    const exported = await page.evaluate(async (sub: { nodes: string[]; edges: string[] }) => {
      const res = await fetch('/api/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'json', subgraph: { kind: 'elements', nodeIds: sub.nodes, edgeIds: sub.edges } }),
      });
      return res.text();
    }, before);
    await page.click('#clear');
    await idle();
    await page.setInputFiles('#open-view-file', { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await page.waitForFunction((n: number) => window.liaison.cy.nodes(':visible').length === n, before.nodes.length);
    await idle();
    expect(await visible()).toEqual(before);
  });

  it('shows a banner when the API is down and clears it when it is back', async () => {
    await page.goto(`${server.url}/?focus=person-patrushev`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    await page.route('**/api/**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ title: 'Unavailable', detail: 'The database is not reachable.' }),
      }),
    );
    const p = await pointOf('meeting-2019-08-12-visit-armenia');
    await page.mouse.dblclick(p.x, p.y);
    await page.waitForSelector('#banner:not([hidden])');
    expect(await page.textContent('#banner')).toContain('The database is not reachable.');
    await page.unroute('**/api/**');
    await page.waitForSelector('#banner', { state: 'hidden', timeout: 15_000 });
  });

  it('lists the shortcuts on "?" and takes a picture of the explorer with timeline and legend', async () => {
    await page.goto(`${server.url}/?focus=person-patrushev&x=meeting-2019-09-04-baku-aliyev,person-usubov`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle();
    await page.keyboard.press('?');
    await page.waitForSelector('dialog#help[open]');
    expect(await page.textContent('dialog#help')).toContain('undo / redo');
    expect(await page.textContent('dialog#help')).toContain('next group node');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog#help', { state: 'hidden' });
    const e = await pointOf('rel-usubov-takes-part-2019-09-04-baku-aliyev');
    await page.mouse.click(e.x, e.y);
    await page.waitForSelector('#details[data-kind="edge"] blockquote');
    const file = path.join(SCREENSHOT_DIR, 'explorer.png');
    await page.screenshot({ path: file });
    if (process.env.LIAISON_UPDATE_SCREENSHOT) copyFileSync(file, path.join(ROOT_DIR, 'docs', 'screenshot.png'));
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
