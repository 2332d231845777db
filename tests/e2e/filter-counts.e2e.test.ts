// The Filters panel's counts and the node menu's "Export neighbourhood…", at 1440×900 and on a
// 390×844 touch phone: each option's count is what the canvas holds (and "shown of in view" once a
// type is unticked), and the Export dialog opened from Patrushev's menu is preset to his 1-hop
// neighbourhood, which the server gathers and the JSON file holds.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';

import { useE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const env = useE2E();

const FOCUS = 'person-patrushev';

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.liaison?.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(100);
}

interface Row {
  key: string;
  value: string;
  inView: number;
  shown: number;
  text: string;
}

/** Every option of the panel: its data-attributes, and the label's text as a screen reader gets it. */
const panelRows = (page: Page): Promise<Row[]> =>
  page.$$eval('#panel-filters label', (labels: any[]) =>
    labels.map((l) => {
      const box = l.querySelector('input');
      const count = l.querySelector('.filter-count');
      return {
        key: box.dataset.key,
        value: box.value,
        inView: Number(count.dataset.inView),
        shown: Number(count.dataset.shown),
        text: l.textContent.replace(/\s+/g, ' ').trim(),
      };
    }),
  );

/** The same counts computed in the page from what cy holds, without the "+N more" helpers. */
const cyCounts = (page: Page): Promise<Record<string, { inView: number; shown: number }>> =>
  page.evaluate(() => {
    const cy = window.liaison.cy;
    const out: Record<string, { inView: number; shown: number }> = {};
    const add = (key: string, value: unknown, el: any) => {
      if (value === undefined || value === null || value === '') return;
      const c = (out[`${key}:${value}`] ??= { inView: 0, shown: 0 });
      c.inView += 1;
      if (!el.hasClass('filtered')) c.shown += 1;
    };
    cy.nodes()
      .not('.more')
      .forEach((n: any) => {
        const p = n.data('raw')?.properties ?? {};
        add('nodeTypes', n.data('type'), n);
        add(
          'countries',
          ['country', 'nationality', 'code'].map((k) => p[k]).find((v) => typeof v === 'string'),
          n,
        );
        if (n.data('type') === 'Meeting') add('meetingStatuses', p.status, n);
        add('citationStatuses', n.data('citationStatus'), n);
      });
    cy.edges()
      .not('.more-edge')
      .forEach((e: any) => {
        add('relTypes', e.data('type'), e);
        add('citationStatuses', e.data('citationStatus'), e);
      });
    return out;
  });

async function expectCountsMatchCanvas(page: Page): Promise<Row[]> {
  const rows = await panelRows(page);
  const expected = await cyCounts(page);
  expect(rows.length).toBeGreaterThan(10);
  for (const r of rows) {
    const c = expected[`${r.key}:${r.value}`] ?? { inView: 0, shown: 0 };
    expect({ option: `${r.key}:${r.value}`, inView: r.inView, shown: r.shown }).toEqual({ option: `${r.key}:${r.value}`, ...c });
    const count = c.shown === c.inView ? `${c.inView}` : `${c.shown} of ${c.inView} shown`;
    expect(r.text.endsWith(`, ${count}`)).toBe(true);
  }
  // Every value on the canvas has its option.
  for (const k of Object.keys(expected)) expect(rows.map((r) => `${r.key}:${r.value}`)).toContain(k);
  return rows;
}

describe.each([
  { name: 'desktop 1440×900', viewport: { width: 1440, height: 900 }, phone: false },
  { name: 'phone 390×844', viewport: { width: 390, height: 844 }, phone: true },
])('filter counts and Export neighbourhood, $name', ({ viewport, phone }) => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const press = (sel: string) => (phone ? page.tap(sel) : page.click(sel));

  beforeAll(async () => {
    context = await env.browser.newContext({ viewport, acceptDownloads: true, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.server.url}/?focus=${FOCUS}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction((id: string) => window.liaison?.cy.getElementById(id).neighborhood().nodes().length > 2, FOCUS);
    await idle(page);
  });

  afterAll(async () => {
    await context.close();
  });

  it('counts each option over what is in view, and says how many are shown once a type is unticked', async () => {
    await press('#tab-filters');
    await page.waitForSelector('#panel-filters', { state: 'visible' });
    const rows = await expectCountsMatchCanvas(page);
    const person = rows.find((r) => r.key === 'nodeTypes' && r.value === 'Person')!;
    expect(person.inView).toBeGreaterThan(0);
    expect(person.text).toBe(`Person, ${person.inView}`);
    const count = await page.$eval('#panel-filters input[value="Person"] ~ .filter-count', (el: any) => {
      const s = getComputedStyle(el);
      const label = el.closest('label').getBoundingClientRect();
      return { color: s.color, right: label.right - el.getBoundingClientRect().right };
    });
    // Muted, at the option's right edge.
    expect(count.color).toBe('rgb(107, 114, 128)');
    expect(count.right).toBeLessThanOrEqual(1);

    const meetings = rows.find((r) => r.key === 'nodeTypes' && r.value === 'Meeting')!;
    expect(meetings.inView).toBeGreaterThan(0);
    await press('#panel-filters input[data-key="nodeTypes"][value="Meeting"]');
    await page.waitForFunction(() => window.liaison.filters.nodeTypes.includes('Meeting'));
    await idle(page);
    const after = await expectCountsMatchCanvas(page);
    expect(after.find((r) => r.value === 'Meeting')!.text).toBe(`Meeting, 0 of ${meetings.inView} shown`);
    // With his meetings hidden, their links are counted as not shown.
    const takesPart = after.find((r) => r.key === 'relTypes' && r.value === 'TAKES_PART')!;
    expect(takesPart.shown).toBeLessThan(takesPart.inView);
    expect(takesPart.text).toContain(' of ');

    await press('#panel-filters input[data-key="nodeTypes"][value="Meeting"]');
    await page.waitForFunction(() => window.liaison.filters.nodeTypes.length === 0);
    await idle(page);
    expect((await expectCountsMatchCanvas(page)).every((r) => r.inView === r.shown)).toBe(true);
    if (phone) {
      await page.tap('#sheet-toggle');
      await page.waitForFunction(() => !document.body.classList.contains('sheet-open'));
      await idle(page);
    }
  });

  it("exports a node's neighbourhood from its menu: the dialog preset, the file holding him and his neighbours", async () => {
    const at = await page.evaluate((id: string) => {
      const cy = window.liaison.cy;
      const b = cy.container().getBoundingClientRect();
      const p = cy.getElementById(id).renderedPosition();
      return { x: Math.round(b.left + p.x), y: Math.round(b.top + p.y) };
    }, FOCUS);
    await page.evaluate(([id, p]: [string, { x: number; y: number }]) => window.liaison.openMenu(id, p), [FOCUS, at] as [
      string,
      { x: number; y: number },
    ]);
    await page.waitForSelector('#context-menu:not([hidden])');
    await press('#context-menu button[data-action="export-neighbourhood"]');
    await page.waitForSelector('#export-go', { state: 'visible' });
    expect(await page.getAttribute('#export-dialog', 'data-subgraph')).toBe('neighborhood');
    expect((await page.textContent('#export-scope'))!.replace(/\s+/g, ' ')).toContain('Neighbourhood of Nikolai Patrushev');
    expect(await page.inputValue('#export-hops')).toBe('1');
    expect(await page.inputValue('#export-title')).toBe('Neighbourhood of Nikolai Patrushev — Liaison');
    // Images draw the canvas, not the neighbourhood: only data formats are offered.
    expect(await page.$$('#export-dialog input[name="format"][value="png"]')).toHaveLength(0);

    await press('#export-dialog input[name="format"][value="json"]');
    const [request, download] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/export') && r.method() === 'POST'),
      page.waitForEvent('download'),
      press('#export-go'),
    ]);
    expect(JSON.parse(request.postData()!)).toMatchObject({ format: 'json', subgraph: { kind: 'neighborhood', node: FOCUS, hops: 1 } });
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(file.format).toBe('liaison-cytoscape');
    expect(file.subgraph).toMatchObject({ kind: 'neighborhood', node: FOCUS, hops: 1 });
    const inFile = new Set<string>(file.elements.nodes.map((n: { data: { id: string } }) => n.data.id));
    const neighbours: string[] = await page.evaluate(
      (id: string) =>
        window.liaison.cy
          .getElementById(id)
          .neighborhood()
          .nodes()
          .not('.more')
          .map((n: any) => n.id()),
      FOCUS,
    );
    expect(neighbours.length).toBeGreaterThan(2);
    expect(inFile.has(FOCUS)).toBe(true);
    for (const id of neighbours) expect({ id, inFile: inFile.has(id) }).toEqual({ id, inFile: true });
    // One hop, not what else is on the canvas: every entity in the file is linked to him in it.
    const edges = file.elements.edges as Array<{ data: { source: string; target: string } }>;
    const linked = new Set(
      edges.flatMap((e) => (e.data.source === FOCUS ? [e.data.target] : e.data.target === FOCUS ? [e.data.source] : [])),
    );
    for (const id of inFile) if (id !== FOCUS) expect({ id, linked: linked.has(id) }).toEqual({ id, linked: true });
    await expect(page.textContent('#export-progress')).resolves.toMatch(/^Saved /);

    await press('#export-cancel');
    await page.waitForSelector('#export-go', { state: 'hidden' });
    // The toolbar's Export is still "what is on screen", with the images back.
    if (phone) await page.tap('#more-button');
    await press('#export-button');
    await page.waitForSelector('#export-go', { state: 'visible' });
    expect(await page.getAttribute('#export-dialog', 'data-subgraph')).toBe('elements');
    expect(await page.$$('#export-scope')).toHaveLength(0);
    expect(await page.$$('#export-dialog input[name="format"][value="png"]')).toHaveLength(1);
    await press('#export-cancel');
    expect(errors).toEqual([]);
  });
});
