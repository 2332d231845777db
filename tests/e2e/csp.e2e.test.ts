// The Content-Security-Policy in a real browser: the explorer (Cytoscape canvas, icons as data: URIs,
// PNG and SVG export through blob: URLs) and the console (CodeMirror's injected <style> elements)
// work under it with no violation reported, neither as an event nor on the console.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

declare const window: any;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;
const complaints: string[] = [];

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e: any) =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile ?? ''}:${e.lineNumber ?? ''}`),
    );
  });
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) complaints.push(m.text());
  });
  page.on('pageerror', (e) => complaints.push(e.message));
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

const violations = async () => [...((await page.evaluate(() => window.__csp)) as string[]), ...complaints];

async function exportImage(format: 'png' | 'svg'): Promise<string> {
  if (!(await page.isVisible('#export-dialog[open]'))) await page.click('#export-button');
  await page.check(`#export-dialog input[name="format"][value="${format}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-go')]);
  await page.waitForSelector('#export-progress:text("Saved")');
  return download.suggestedFilename();
}

describe('under the CSP', () => {
  it('the page carries the policy', async () => {
    const res = await page.goto(`${server.url}/?focus=person-patrushev`);
    expect(res?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('the explorer draws a network with its icons and exports it as PNG and SVG', async () => {
    await page.waitForFunction(() => window.liaison?.idle && window.liaison.cy.nodes().length > 3);
    expect(await exportImage('png')).toMatch(/\.png$/);
    expect(await exportImage('svg')).toMatch(/\.svg$/);
    expect(await violations()).toEqual([]);
  });

  it('the console loads its CodeMirror editor, runs a query and draws the result graph', async () => {
    await page.goto(`${server.url}/console.html`);
    await page.waitForSelector('#editor[data-editor="cypher"] .cm-content');
    await page.waitForFunction(() => window.liaisonConsole);
    await page.evaluate(() => window.liaisonConsole.editor.setValue('MATCH (p:Person)-[r]->(m:Meeting) RETURN p, r, m LIMIT 5'));
    await page.click('#run');
    await page.waitForFunction(() => window.liaisonConsole.result?.graph.edges.length > 0);
    await page.click('#tab-graph');
    await page.waitForTimeout(300);
    // CodeMirror's styles are in force (its injected <style> was not blocked).
    expect(await page.$$eval('style', (s) => s.length)).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });

  it('an inline script is refused and reported (the check can fail)', async () => {
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.head.appendChild(s);
    });
    await page.waitForFunction(() => window.__csp.length > 0);
    expect(await page.evaluate(() => window.__ran)).toBeUndefined();
    expect(await violations()).toEqual([expect.stringMatching(/^script-src/), expect.stringMatching(/Content Security Policy/)]);
  });
});
