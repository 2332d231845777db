// Accessibility: axe-core (the WCAG rules of Deque's engine, run inside Chromium) on each page in the
// state a user sees it in — the explorer with Patrushev's network open and a node's details shown, the
// console with a query's results, the Import page unlocked with a file previewed — at 1440×900 and on
// a 390×844 touch phone. No violation of impact "serious" or "critical" may remain; the lesser ones
// are printed for the record.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

declare const window: any;
declare const document: any;

const AXE = path.join(ROOT_DIR, 'node_modules', 'axe-core', 'axe.min.js');
const TOKEN = 'e2e-a11y-token-0123456789ab';
const CSV = path.resolve(ROOT_DIR, '../shared/data/uk-ministers-meetings/pm-meetings_0_0.csv');

const VIEWPORTS = [
  { name: 'desktop 1440x900', viewport: { width: 1440, height: 900 }, phone: false },
  { name: 'phone 390x844', viewport: { width: 390, height: 844 }, phone: true },
] as const;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-a11y-'));
  ({ db, server, browser } = await startE2E({ config: { LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir } }));
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
  rmSync(dataDir, { recursive: true, force: true });
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core on the page as it is; returns the violations, worst first. */
async function audit(page: Page): Promise<Violation[]> {
  // The app's CSP allows only its own scripts; the context bypasses it for this one injected file.
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  })) as Violation[];
  return violations;
}

/** The serious and critical ones as short lines, so a failure names the rule and the elements. */
function serious(violations: Violation[], where: string): string[] {
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length) console.log(`${where}: minor: ${minor.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`).join(', ')}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    );
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.liaison?.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(100);
}

describe.each(VIEWPORTS)('axe-core at $name', ({ name, viewport, phone }) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await browser.newContext({ viewport, bypassCSP: true, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    page = await context.newPage();
    page.setDefaultTimeout(60_000);
  });

  afterAll(async () => {
    await context.close();
  });

  it('the explorer, empty and then with a network open and a node’s details shown: no serious or critical violation', async () => {
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(serious(await audit(page), `explorer empty ${name}`)).toEqual([]);

    await page.goto(`${server.url}/?focus=person-patrushev`);
    await page.waitForFunction(() => window.liaison?.cy.nodes().length > 3);
    await idle(page);
    await page.evaluate(() => void window.liaison.cy.getElementById('person-patrushev').select().emit('tap'));
    await page.waitForSelector('#details[data-id="person-patrushev"][data-state="ready"]');
    const nodes = await page.evaluate(() => window.liaison.cy.nodes().length as number);
    expect(nodes).toBeGreaterThan(3);
    expect(serious(await audit(page), `explorer graph ${name}`)).toEqual([]);

    // The paths and filters panels too, as their tabs show them.
    for (const tab of ['#tab-paths', '#tab-filters']) {
      await page.click(tab);
      await page.waitForSelector(`${tab}[aria-selected="true"]`);
      expect(serious(await audit(page), `explorer ${tab} ${name}`)).toEqual([]);
    }
  });

  it('the console, with a query’s results as a table: no serious or critical violation', async () => {
    await page.goto(`${server.url}/console.html`);
    await page.waitForSelector('#editor[data-editor="cypher"] .cm-content');
    await page.waitForSelector('#library button[data-query]');
    expect(serious(await audit(page), `console ${name}`)).toEqual([]);
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('MATCH (p:Person) RETURN p.name AS name, p ORDER BY name LIMIT 5');
    await page.keyboard.press('Escape');
    await page.click('#run');
    await page.waitForSelector('#table-view table.results tbody tr');
    await page.waitForFunction(() => document.getElementById('status')!.dataset.state !== 'busy');
    expect(serious(await audit(page), `console results ${name}`)).toEqual([]);
    await page.click('#tab-graph');
    await page.waitForSelector('#graph-view', { state: 'visible' });
    expect(serious(await audit(page), `console graph ${name}`)).toEqual([]);
  });

  it('the Import page, locked and then unlocked with a file previewed: no serious or critical violation', async () => {
    await page.goto(`${server.url}/import.html`);
    await page.waitForSelector('#token-form');
    expect(serious(await audit(page), `import locked ${name}`)).toEqual([]);
    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#step-file:not([hidden])');
    await page.setInputFiles('#file-input', CSV);
    await page.waitForSelector('table.preview tbody tr');
    await page.waitForFunction(() => document.getElementById('preview-status')?.dataset.state !== 'busy');
    expect(serious(await audit(page), `import preview ${name}`)).toEqual([]);
  });
});
