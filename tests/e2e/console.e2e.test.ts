// The Cypher console in a real browser against the real server and database: type a query, run it
// with Ctrl+Enter, sort the table, run a named query through its form, see a write refused with its
// rule, restore a permalink and the history, and open the result graph on the explorer's canvas.
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';
import { serve, testConfig } from '../support/http';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => {
    // The refused and failing queries below answer 4xx on purpose; the browser logs those loads.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

const editorValue = () => page.evaluate(() => window.liaisonConsole.editor.getValue() as string);
const columnValues = (i: number) =>
  page.$$eval(`#table-view table.results tbody tr td:nth-child(${i + 1})`, (tds) => tds.map((td) => td.textContent ?? ''));

/** Replaces the editor's text the way a user does: select all, then type. */
async function typeQuery(text: string): Promise<void> {
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape'); // closes an autocomplete popup, if one is open
}

async function waitForRun(): Promise<void> {
  await page.waitForFunction(() => {
    const s = document.getElementById('status')!;
    return s.dataset.state !== 'busy' && s.textContent !== '';
  });
}

describe('Cypher console', () => {
  it('loads with the CodeMirror Cypher editor and the named-query library', async () => {
    await page.goto(`${server.url}/console.html`);
    await page.evaluate(() => localStorage.clear());
    await page.waitForSelector('#editor[data-editor="cypher"] .cm-content');
    await page.waitForSelector('#library button[data-query]');
    expect(await page.getAttribute('a#explorer-link', 'href')).toBe('/');
  });

  it('runs a typed query with Ctrl+Enter and shows a sortable table', async () => {
    const query = "MATCH (p:Person)-[:TAKES_PART]->(m:Meeting {id: 'meeting-2019-09-04-baku-aliyev'}) RETURN p.name AS name, p.id AS id";
    await typeQuery(query);
    expect(await editorValue()).toBe(query);
    // Syntax highlighting is on: keywords are wrapped in styled spans.
    expect(await page.$$eval('#editor .cm-line span', (s) => s.length)).toBeGreaterThan(3);
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#table-view table.results tbody tr');
    await waitForRun();
    const names = await columnValues(0);
    expect(names).toEqual(expect.arrayContaining(['Nikolai Patrushev', 'Ilham Aliyev', 'Ramil Usubov']));
    expect(await editorValue()).toBe(query); // Ctrl+Enter ran the query instead of adding a line

    await page.click('#table-view th[data-column="0"]');
    const ascending = await columnValues(0);
    expect(ascending).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    expect(await page.getAttribute('#table-view th[data-column="0"]', 'aria-sort')).toBe('ascending');
    await page.click('#table-view th[data-column="0"]');
    expect(await columnValues(0)).toEqual([...ascending].reverse());
    expect(await page.getAttribute('#table-view th[data-column="0"]', 'aria-sort')).toBe('descending');
  });

  it('keeps the run in the history and in a permalink that restores it', async () => {
    const hash = new URL(page.url()).hash;
    expect(decodeURIComponent(hash.replace(/\+/g, ' '))).toContain('RETURN p.name AS name, p.id AS id');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('liaison.console.history') ?? '[]'));
    expect(stored[0]).toMatchObject({ kind: 'cypher', query: expect.stringContaining('TAKES_PART') });

    const restored = await browser.newPage();
    await restored.goto(page.url());
    await restored.waitForSelector('#table-view table.results tbody tr');
    expect(await restored.evaluate(() => window.liaisonConsole.editor.getValue())).toContain("{id: 'meeting-2019-09-04-baku-aliyev'}");
    expect(await restored.textContent('#status')).toMatch(/permalink/);
    await restored.close();

    await typeQuery('RETURN 1 AS one');
    await page.click('#history button[data-index="0"]');
    expect(await editorValue()).toContain('TAKES_PART');
  });

  it('runs a named query from the library through its typed form', async () => {
    await page.click('#library button[data-query="meetings-between"]');
    await page.waitForSelector('#query-form:not([hidden]) input[name="a"]');
    // statuses is a string[] with a default; a and b are required strings.
    expect(await page.getAttribute('#query-form input[name="statuses"]', 'data-kind')).toBe('string[]');
    await page.fill('#query-form input[name="a"]', 'Nikolai Patrushev');
    await page.click('#run-named');
    await page.waitForSelector('[data-error-for="b"]:not([hidden])');
    expect(await page.textContent('[data-error-for="b"]')).toMatch(/required/);
    await page.fill('#query-form input[name="b"]', 'person-usubov');
    await page.fill('#query-form input[name="statuses"]', 'held, planned');
    await page.click('#run-named');
    await page.waitForFunction(() => window.liaisonConsole.result?.graph.nodes.some((n: any) => n.id === 'person-usubov'));
    await waitForRun();
    expect(await columnValues(0)).toContain('2019-09-04');
    expect(await page.textContent('#table-view')).toContain('Talks between Patrushev and President Aliyev');
    expect(new URL(page.url()).hash).toContain('named=meetings-between');

    // "Edit as Cypher" opens the statement with the form's values as parameters.
    await page.click('#edit-named');
    expect(await editorValue()).toContain('MATCH (pa:Person|Organization)');
    expect(JSON.parse(await page.inputValue('#params'))).toMatchObject({
      a: 'Nikolai Patrushev',
      b: 'person-usubov',
      statuses: ['held', 'planned'],
    });
  });

  it('shows the rule when a write is refused, and changes nothing', async () => {
    await typeQuery("CREATE (n:Person {id: 'person-intruder', name: 'Intruder'}) RETURN n");
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#error:not([hidden]) .error-rule');
    expect(await page.getAttribute('#error', 'data-kind')).toBe('refused');
    expect((await page.textContent('#error .error-rule'))?.trim()).not.toBe('');
    const count = await db.driver.executeQuery("MATCH (n {id: 'person-intruder'}) RETURN count(n) AS c");
    expect(count.records[0]!.get('c').toNumber()).toBe(0);
  });

  it('marks the position of an error the server reports in the editor', async () => {
    // Well-formed to the editor's own parser; only Neo4j knows that m is undefined (offset 24).
    await typeQuery('MATCH (n:Person) RETURN m');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#error:not([hidden])');
    expect(await page.getAttribute('#error', 'data-kind')).toBe('syntax');
    expect(await page.textContent('#error .error-detail')).toMatch(/not defined/);
    await page.waitForSelector('#editor .cm-lintRange-error');
    expect(await page.textContent('#editor .cm-lintRange-error')).toBe('m');
  });

  it('says when the parameters are not valid JSON', async () => {
    await page.fill('#params', '{"id": ');
    await page.waitForSelector('#params-error:not([hidden])');
    expect(await page.textContent('#params-error')).toMatch(/not valid JSON/);
    await page.fill('#params', '{"id": "person-patrushev"}');
    expect(await page.isHidden('#params-error')).toBe(true);
  });

  it('opens the result graph on the explorer canvas', async () => {
    await typeQuery('MATCH (p:Person {id: $id})-[r:TAKES_PART]->(m:Meeting) RETURN p, r, m');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => window.liaisonConsole.result?.graph.nodes.some((n: any) => n.id === 'person-patrushev'));
    await waitForRun();
    await page.click('#tab-graph');
    const graph = await page.evaluate(() => ({
      nodes: window.liaisonConsole.cy.nodes().map((n: any) => n.id()) as string[],
      edges: window.liaisonConsole.cy.edges().length as number,
    }));
    expect(graph.nodes).toEqual(expect.arrayContaining(['person-patrushev', 'meeting-2019-09-04-baku-aliyev']));
    expect(graph.edges).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'console-graph.png') });

    await Promise.all([page.waitForURL(/\/\?load=session:/), page.click('#open-explorer')]);
    await page.waitForFunction(() => window.liaison?.cy.getElementById('person-patrushev').nonempty(), undefined, { timeout: 15_000 });
    const ids = await page.evaluate(() => window.liaison.cy.nodes().map((n: any) => n.id()) as string[]);
    expect(ids).toEqual(expect.arrayContaining(graph.nodes));
  });

  it('says so when a query times out, and when the client must slow down', async () => {
    const strict = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_QUERY_TIMEOUT_MS: 300, LIAISON_CYPHER_RATE_PER_MINUTE: 2 }),
      clientDir: path.join(ROOT_DIR, 'dist', 'client'),
    });
    const p = await browser.newPage();
    try {
      await p.goto(`${strict.url}/console.html`);
      await p.waitForFunction(() => window.liaisonConsole);
      const run = async (query: string) => {
        await p.evaluate((q) => window.liaisonConsole.editor.setValue(q), query);
        await p.click('#run');
        await p.waitForFunction(() => document.getElementById('status')!.dataset.state !== 'busy');
      };
      await run('UNWIND range(1, 400000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n');
      expect(await p.getAttribute('#error', 'data-kind')).toBe('timeout');
      expect(await p.textContent('#error .error-title')).toMatch(/timed out/);
      await run('RETURN 1 AS one');
      expect(await p.isHidden('#error')).toBe(true);
      await run('RETURN 2 AS two');
      expect(await p.getAttribute('#error', 'data-kind')).toBe('rate-limited');
      expect(await p.textContent('#error .error-detail')).toMatch(/slow down/);
    } finally {
      await p.close();
      await strict.close();
    }
  });

  it('logged no console errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
