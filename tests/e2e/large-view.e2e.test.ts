// A view of several hundred nodes switches the explorer to its large-view drawing (straight edges,
// cached picture while panning; client/src/large-view.ts), and a small view switches it back.
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import { launchBrowser } from '../support/browser';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;
declare const sessionStorage: any;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;

/** A synthetic graph in the API's shapes: a chain of people and meetings. */
function graph(size: number) {
  const nodes = Array.from({ length: size }, (_, i) => ({
    id: `n${i}`,
    type: i % 2 ? 'Meeting' : 'Person',
    name: `Entity ${i}`,
    properties: {},
    citationStatus: 'reported',
  }));
  const edges = Array.from({ length: size - 1 }, (_, i) => ({
    id: `e${i}`,
    type: 'TAKES_PART',
    source: `n${i - (i % 2)}`,
    target: `n${i + 1 - (i % 2) + (i % 2 ? 2 : 0)}`,
    properties: { role: 'participant' },
    citationStatus: 'reported',
    citations: [],
  })).filter((e) => Number(e.target.slice(1)) < size);
  return { nodes, edges };
}

async function openGraph(g: ReturnType<typeof graph>, key: string): Promise<void> {
  await page.goto(server.url);
  await page.evaluate(([k, data]: [string, string]) => sessionStorage.setItem(k, data), [key, JSON.stringify(g)] as [string, string]);
  await page.goto(`${server.url}/?load=session:${key}`);
  await page.waitForFunction((n: number) => window.liaison?.cy.nodes().length === n, g.nodes.length, { timeout: 60_000 });
}

beforeAll(async () => {
  db = await openTestDb();
  server = await serve({
    executor: db.executor,
    config: testConfig(),
    clientDir: path.join(ROOT_DIR, 'dist', 'client'),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await db?.close();
});

describe('large views', () => {
  it('draws 900 nodes with straight edges and the viewport shortcuts on', async () => {
    await openGraph(graph(900), 'large');
    await page.waitForFunction(() => window.liaison.view.largeView === true);
    const curve = await page.evaluate(() => window.liaison.cy.edges()[0].style('curve-style'));
    expect(curve).toBe('haystack');
    expect(await page.evaluate(() => window.liaison.cy.renderer().textureOnViewport)).toBe(true);
  });

  it('draws a small view in full', async () => {
    await openGraph(graph(40), 'small');
    await page.waitForFunction(() => window.liaison.view.largeView === false);
    expect(await page.evaluate(() => window.liaison.cy.edges()[0].style('curve-style'))).toBe('bezier');
    expect(await page.evaluate(() => window.liaison.cy.renderer().textureOnViewport)).toBe(false);
  });
});
