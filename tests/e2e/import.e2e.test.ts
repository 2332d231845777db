// The Import page in a real browser against the real server and database, on a desktop and on a
// phone: unlock with the write token (a wrong one is refused with the server's reason), upload one
// of the shared UK ministers' meetings CSVs, see the shipped mapping picked by its file pattern, the
// preview as a table and as a graph, a broken edit of the mapping reported at its path, the dry run's
// report (and nothing written), then the import and a link from its result to David Cameron in the explorer.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';
import { serve, testConfig } from '../support/http';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;

const TOKEN = 'e2e-import-token-0123456789';
const CSV = path.resolve(ROOT_DIR, '../shared/data/uk-ministers-meetings/pm-meetings_0_0.csv');
const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1400, height: 900 }, screenshot: 'import.png' },
  { name: 'phone', viewport: { width: 390, height: 844 }, screenshot: 'import-phone.png' },
] as const;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-import-'));
  ({ db, server, browser } = await startE2E({ config: { LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir } }));
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
  rmSync(dataDir, { recursive: true, force: true });
});

/** People named Cameron in the graph, straight from Neo4j. */
async function camerons(): Promise<Array<{ id: string; name: string }>> {
  const r = await db.driver.executeQuery("MATCH (p:Person) WHERE p.name CONTAINS 'Cameron' RETURN p.id AS id, p.name AS name ORDER BY id");
  return r.records.map((x) => ({ id: x.get('id') as string, name: x.get('name') as string }));
}

describe.each(VIEWPORTS)('the Import page on a $name', ({ name, viewport, screenshot }) => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    // Each viewport starts from the demo graph alone, so that its import creates what it reports.
    await db.reset();
    await db.loadDemo();
    page = await browser.newPage({ viewport, acceptDownloads: true, ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
    page.on('console', (m) => {
      // The wrong token and the broken mapping answer 4xx on purpose; the browser logs those loads.
      if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await page.close();
  });

  it('is linked from the explorer and asks for the write token, refusing a wrong one', async () => {
    await page.goto(`${server.url}/`);
    // On a phone the explorer folds its less-used tools, Import among them, behind "More".
    if (name === 'phone') await page.click('#more-button');
    await Promise.all([page.waitForURL(/\/import\.html$/), page.click('header a[href="/import.html"]')]);
    await page.waitForSelector('body[data-ready]');
    expect(await page.isVisible('#token-form')).toBe(true);
    expect(await page.isHidden('#step-file')).toBe(true);
    expect(await page.textContent('#token-help')).toContain('api-token');
    await page.fill('#token-input', 'not-the-token-at-all-0000');
    await page.click('#token-submit');
    await page.waitForSelector('#token-error:not([hidden])');
    expect(await page.textContent('#token-error')).toMatch(/did not accept the token/);
    expect(await page.isHidden('#step-file')).toBe(true);

    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#step-file:not([hidden])');
    expect(await page.evaluate(() => sessionStorage.getItem('liaison.importToken'))).toBe(TOKEN);
    // Focus moves on to the file input, inside the drop zone.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('file-input');
  });

  it('uploads the CSV, names its size and format, and picks the shipped mapping by its file pattern', async () => {
    await page.setInputFiles('#file-input', CSV);
    await page.waitForSelector('#file-info:not([hidden])');
    expect(await page.textContent('#file-name')).toBe('pm-meetings_0_0.csv');
    const size = readFileSync(CSV).length;
    expect(await page.textContent('#file-size')).toBe(`${(size / 1024).toFixed(1)} KB`);
    expect(await page.textContent('#file-format')).toBe('csv');
    await page.waitForFunction(() => (document.getElementById('mapping-select') as HTMLSelectElement).value !== '');
    expect(await page.inputValue('#mapping-select')).toBe('uk-ministers-meetings');
    expect(await page.textContent('#mapping-description')).toMatch(/file patterns match/);
    expect(await page.inputValue('#mapping-text')).toMatch(/uk-ministers-meetings/);
  });

  it('previews the first rows as a table and as a graph with David Cameron in it', async () => {
    await page.waitForSelector('table.preview tbody tr');
    await page.waitForFunction(() => document.getElementById('preview-status')?.dataset.state !== 'busy');
    const rows = await page.$$eval('table.preview tbody tr', (trs) => trs.length);
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThanOrEqual(20);
    const table = (await page.textContent('table.preview'))!;
    expect(table).toContain('David Cameron');
    expect(table).toContain('pm-meetings_0_0.csv:');
    // The graph draws the same facts with the app's styles: a Person, Meetings, organisations.
    const graph = await page.evaluate(() => {
      const cy = window.liaisonImport.cy;
      return {
        people: cy.nodes('[type = "Person"]').map((n: any) => n.data('label')) as string[],
        meetings: cy.nodes('[type = "Meeting"]').length as number,
        edges: cy.edges().length as number,
        color: cy.nodes('[type = "Person"]').first().style('background-color') as string,
      };
    });
    expect(graph.people.some((p) => /David Cameron/.test(p))).toBe(true);
    expect(graph.meetings).toBeGreaterThan(3);
    expect(graph.edges).toBeGreaterThan(graph.meetings);
    const schema = (await (await fetch(`${server.url}/api/schema`)).json()) as {
      nodeTypes: Array<{ label: string; style: { color: string } }>;
    };
    const personColor = schema.nodeTypes.find((t) => t.label === 'Person')!.style.color;
    const hex = (rgb: string) => `#${(rgb.match(/\d+/g) ?? []).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;
    expect(hex(graph.color)).toBe(personColor.toLowerCase());
  });

  it('shows what is wrong with an edited mapping at its path, and previews again when the edit is undone', async () => {
    const original = await page.inputValue('#mapping-text');
    expect(original).toMatch(/^title: /m);
    // As a user would: select the title's value and type a number over it (a title must be text).
    await page.evaluate(() => {
      const t = document.getElementById('mapping-text') as HTMLTextAreaElement;
      const m = /^title: (.*)$/m.exec(t.value)!;
      const start = m.index + 'title: '.length;
      t.focus();
      t.setSelectionRange(start, start + m[1]!.length);
    });
    await page.keyboard.type('5');
    await page.waitForSelector('#mapping-errors:not([hidden]) code.path');
    expect(await page.textContent('#mapping-errors code.path')).toMatch(/title/);
    expect(await page.getAttribute('#mapping-text', 'aria-invalid')).toBe('true');
    // The issue names its line; the button selects it in the editor.
    await page.click('#mapping-errors button[data-line]');
    const selected = await page.evaluate(() => {
      const t = document.getElementById('mapping-text') as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    expect(selected).toBe('title: 5');

    await page.click('#mapping-reset');
    await page.waitForSelector('#mapping-errors', { state: 'hidden' });
    await page.waitForFunction(() => document.getElementById('preview-status')?.dataset.state !== 'busy');
    expect(await page.textContent('table.preview')).toContain('David Cameron');
  });

  it('runs a dry run: the report counts what would be created, and nothing is written', async () => {
    const before = await camerons();
    expect(before).toEqual([]);
    await page.click('#dry-run');
    await page.waitForSelector('#report[data-status]:not([hidden])', { timeout: 60_000 });
    expect(['dry-run', 'rejected']).toContain(await page.getAttribute('#report', 'data-status'));
    expect(await page.textContent('#report-title')).toBe('Dry-run report');
    // The report's heading takes the focus, so that a screen reader reads it next.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('report-title');
    const counts = await page.$$eval('#report table.counts tr[data-count]', (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-count'), Number(tr.querySelector('td')!.textContent!.replace(/,/g, ''))])),
    );
    // Every CSV record after the header counts, blank ones too (the mapping skips those).
    const records = (parseCsv(readFileSync(CSV), { relaxColumnCount: true }) as unknown[]).length - 1;
    expect(counts.records).toBe(records);
    expect(counts.skipped).toBeGreaterThanOrEqual(1);
    expect(counts.nodesCreated).toBeGreaterThan(10);
    expect(counts.relationshipsCreated).toBeGreaterThan(10);
    expect(await camerons()).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report a[data-download="report"]')]);
    expect(download.suggestedFilename()).toMatch(/\.txt$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('pm-meetings_0_0.csv');
  });

  it('imports with progress, then links to David Cameron, whose node the explorer opens', async () => {
    const rejected = Number((await page.textContent('#report tr[data-count="rejected"] td'))?.replace(/,/g, '') ?? 0);
    if (rejected > 0) await page.check('#skip-invalid');
    await page.click('#import');
    await page.waitForSelector('#job:not([hidden])');
    await page.waitForSelector('#result:not([hidden]) a[data-node]', { timeout: 60_000 });
    expect(await page.getAttribute('#report', 'data-status')).toBe('imported');
    expect(await page.textContent('#job-line')).toMatch(/^Import finished/);
    expect(await page.evaluate(() => (document.getElementById('job-bar') as HTMLProgressElement).position)).toBe(1);
    expect(await page.textContent('#job-status')).toMatch(/finished/); // the live region said so too

    const stored = await camerons();
    expect(stored).toHaveLength(1);
    const cameron = stored[0]!;
    expect(cameron.name).toMatch(/David Cameron/);
    const link = page.locator(`#result a[data-node="${cameron.id}"]`);
    expect(await link.getAttribute('href')).toBe(`/?focus=${encodeURIComponent(cameron.id)}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, screenshot), fullPage: true });

    await Promise.all([page.waitForURL(/\/\?focus=/), link.click()]);
    // Generous: on a busy two-core machine the explorer's first reads after an import took 8–25 s.
    await page.waitForFunction((id) => window.liaison?.idle && window.liaison.cy.getElementById(id).nonempty(), cameron.id, {
      timeout: 60_000,
    });
    const shown = await page.evaluate((id) => {
      const n = window.liaison.cy.getElementById(id);
      return { label: n.data('label') as string, neighbours: n.neighborhood('node').length as number };
    }, cameron.id);
    expect(shown.label).toMatch(/David Cameron/);
    expect(shown.neighbours).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });
});

describe('the Import page with a bad row among good ones', () => {
  let page: Page;
  let file: string;
  const header = 'Minister,Date,Name of External Organisation,Purpose of meeting';
  const bad = ',"Smarch, 2010",Acme Widgets,To discuss widgets';

  beforeAll(async () => {
    await db.reset();
    await db.loadDemo();
    // Named like the shipped files, so that the same mapping is chosen; line 4 has a month no calendar has.
    file = path.join(dataDir, 'pm-meetings-test-2010.csv');
    writeFileSync(
      file,
      [
        header,
        '"Prime Minister, The Rt Hon David Cameron MP","May, 2010",Rupert Murdoch,General meeting',
        ',"June, 2010",World Bank,To discuss business issues',
        bad,
        ',"July, 2010",Wikipedia,To discuss new media',
        '',
      ].join('\r\n'),
    );
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await page.goto(`${server.url}/import.html`);
    await page.waitForSelector('body[data-ready]');
    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#step-file:not([hidden])');
    // Dropped on the zone this time, as from a file manager.
    const dropped = await page.evaluateHandle(
      ([name, text]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text!], name!, { type: 'text/csv' }));
        return dt;
      },
      [path.basename(file), readFileSync(file, 'utf8')],
    );
    await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: dropped });
    expect(await page.getAttribute('#drop-zone', 'class')).toContain('dragging');
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: dropped });
    await page.waitForSelector('table.preview tbody tr');
    await page.waitForFunction(() => document.getElementById('preview-status')?.dataset.state !== 'busy');
  });

  afterAll(async () => {
    await page.close();
  });

  it('marks the bad record in the preview, with its rule, field and value', async () => {
    expect(await page.inputValue('#mapping-select')).toBe('uk-ministers-meetings');
    const flagged = await page.$$eval('table.preview tbody tr.has-errors', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toContain('pm-meetings-test-2010.csv:4');
    expect(flagged[0]).toContain('Smarch, 2010');
    expect(await page.textContent('#preview-status')).toMatch(/1 with errors/);
  });

  it('groups the problem by rule in the dry run, with the record and the value', async () => {
    await page.click('#dry-run');
    await page.waitForSelector('#report[data-status]:not([hidden])', { timeout: 60_000 });
    expect(await page.textContent('#report tr[data-count="rejected"] td')).toBe('1');
    const groups = await page.$$eval('#report details.problem.error', (ds) =>
      ds.map((d) => ({
        rule: d.getAttribute('data-rule'),
        count: d.querySelector('.problem-count')?.textContent,
        rows: Array.from(d.querySelectorAll('tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim())),
      })),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.count).toBe('1');
    const [where, , field, value] = groups[0]!.rows[0]!;
    expect(where).toBe('pm-meetings-test-2010.csv:4');
    expect(field).toMatch(/date/i);
    expect(value).toBe('Smarch, 2010');
  });

  it('imports the good rows with Skip invalid and hands back the bad one, unchanged, in the quarantine file', async () => {
    await page.check('#skip-invalid');
    await page.click('#import');
    await page.waitForSelector('#report[data-status="imported"]', { timeout: 60_000 });
    expect(await page.textContent('#report tr[data-count="rejected"] td')).toBe('1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report a[data-download="quarantine"]')]);
    const text = readFileSync((await download.path())!, 'latin1');
    expect(text.split(/\r?\n/).filter((l) => l !== '')).toEqual([header, bad]);
    // The good rows are in the graph, the bad one is not: whom David Cameron met, straight from Neo4j.
    const met = await db.driver.executeQuery(
      "MATCH (:Person {id: 'person-david-cameron'})-[:TAKES_PART]->(:Meeting)<-[:TAKES_PART]-(o) RETURN o.name AS name ORDER BY name",
    );
    expect(met.records.map((r) => r.get('name'))).toEqual(['Rupert Murdoch', 'Wikipedia', 'World Bank']);
  });
});

describe('the Import page on a server without a write token', () => {
  it('says that imports over HTTP are off and how to turn them on', async () => {
    const closed = await serve({ executor: db.executor, config: testConfig(), clientDir: path.join(ROOT_DIR, 'dist', 'client') });
    const page = await browser.newPage();
    try {
      await page.goto(`${closed.url}/import.html`);
      await page.waitForSelector('body[data-ready]');
      await page.fill('#token-input', TOKEN);
      await page.click('#token-submit');
      await page.waitForSelector('#token-error:not([hidden])');
      const message = await page.textContent('#token-error');
      expect(message).toMatch(/refuses imports over HTTP/);
      expect(message).toMatch(/LIAISON_API_TOKEN/);
      expect(await page.isHidden('#step-file')).toBe(true);
      expect(await page.evaluate(() => sessionStorage.getItem('liaison.importToken'))).toBeNull();
    } finally {
      await page.close();
      await closed.close();
    }
  });
});
