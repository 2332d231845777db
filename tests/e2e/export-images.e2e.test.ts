// Image exports in a real browser: the console's result graph saved as PNG (at 1× and 2×) and as
// SVG through the Export menu, checked as files: size as announced, legend and sources present.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import { SCREENSHOT_DIR } from '../support/browser';
import type { TestDb } from '../support/db';
import { startE2E, stopE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  ({ db, server, browser } = await startE2E());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await stopE2E({ db, server, browser });
});

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(file: Buffer): { width: number; height: number } {
  expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(file.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: file.readUInt32BE(16), height: file.readUInt32BE(20) };
}

/** Opens the Export menu, picks a format and scale, and returns the announced size and the saved file. */
async function exportImage(
  format: 'png' | 'svg',
  scale: number,
): Promise<{ announced: { width: number; height: number }; file: Buffer; name: string }> {
  if (!(await page.isVisible('#export-dialog[open]'))) await page.click('#export-button');
  await page.check(`#export-dialog input[name="format"][value="${format}"]`);
  await page.selectOption('#export-scale', String(scale));
  await page.waitForFunction((s) => {
    const el = document.getElementById('export-size');
    return el?.dataset.width && el.textContent !== '' && (document.getElementById('export-scale') as HTMLSelectElement).value === s;
  }, String(scale));
  // The size line is recomputed on change; read it once it has settled.
  await page.waitForTimeout(100);
  const announced = await page.$eval('#export-size', (el) => ({
    width: Number((el as HTMLElement).dataset.width),
    height: Number((el as HTMLElement).dataset.height),
  }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-go')]);
  const file = readFileSync((await download.path())!);
  await page.waitForSelector('#export-progress:text("Saved")');
  return { announced, file, name: download.suggestedFilename() };
}

describe('image exports', () => {
  it('shows a result graph in the console', async () => {
    await page.goto(`${server.url}/console.html`);
    await page.waitForFunction(() => window.liaisonConsole);
    await page.evaluate(() =>
      window.liaisonConsole.editor.setValue(
        "MATCH (p:Person)-[r:TAKES_PART]->(m:Meeting {id: 'meeting-2019-09-04-baku-aliyev'}) RETURN p, r, m",
      ),
    );
    await page.click('#run');
    await page.waitForFunction(() => window.liaisonConsole.result?.graph.edges.length > 2);
    await page.click('#tab-graph');
    expect(await page.isEnabled('#export-button')).toBe(true);
  });

  it('exports a PNG of the announced size, twice as large at 2×, with something drawn', async () => {
    const one = await exportImage('png', 1);
    expect(one.name).toMatch(/\.png$/);
    writeFileSync(path.join(SCREENSHOT_DIR, 'export-image.png'), one.file);
    expect(pngSize(one.file)).toEqual(one.announced);
    const two = await exportImage('png', 2);
    expect(pngSize(two.file)).toEqual(two.announced);
    expect(Math.abs(two.announced.width - 2 * one.announced.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(two.announced.height - 2 * one.announced.height)).toBeLessThanOrEqual(1);
    expect(one.announced.width).toBeGreaterThan(400);

    // Decoded in the browser, the picture is not blank: coloured nodes and the legend are on it.
    const coloured = await page.evaluate(async (b64: string) => {
      // Decoded without fetch: the page's CSP (connect-src 'self') refuses data: URLs.
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = document.createElement('canvas');
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 60) n++;
      return n;
    }, one.file.toString('base64'));
    expect(coloured).toBeGreaterThan(500);
  });

  it('exports an SVG of the announced size with a legend of the types shown and a caption naming the sources', async () => {
    const { announced, file, name } = await exportImage('svg', 3);
    expect(name).toMatch(/\.svg$/);
    const svg = file.toString('utf8');
    const root = /<svg\b[^>]*>/.exec(svg)![0];
    const attr = (n: string) => new RegExp(`\\s${n}="([^"]+)"`).exec(root)?.[1];
    expect(Number(attr('width'))).toBe(announced.width);
    expect(Number(attr('height'))).toBe(announced.height);
    expect(attr('viewBox')).toBe(`0 0 ${announced.width} ${announced.height}`);

    const parsed = await page.evaluate((text: string) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        legend: Array.from(doc.querySelectorAll('#legend .legend-item'), (g) => g.textContent),
        caption: doc.querySelector('#caption')?.textContent ?? '',
        graphShapes: doc.querySelectorAll('svg.graph path, svg.graph ellipse, svg.graph polygon').length,
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.legend).toEqual(expect.arrayContaining(['Person', 'Meeting', 'TAKES_PART']));
    expect(parsed.caption).toMatch(/^Sources: /);
    expect(parsed.caption).toContain('Caucasus Watch');
    expect(parsed.graphShapes).toBeGreaterThan(3);
  });

  it('exports the same graph as GraphML through the server, named by its Content-Disposition', async () => {
    if (!(await page.isVisible('#export-dialog[open]'))) await page.click('#export-button');
    // Every server format is offered with its description.
    expect(await page.$$eval('#export-dialog input[name="format"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
      expect.arrayContaining(['graphml', 'gexf', 'csv', 'json', 'cypher', 'ftm', 'citations-md', 'citations-html', 'png', 'svg']),
    );
    await page.check('#export-dialog input[name="format"][value="graphml"]');
    expect(await page.isHidden('#export-dialog .image-options')).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-go')]);
    expect(download.suggestedFilename()).toMatch(/^liaison-.*\.graphml$/);
    const xml = readFileSync((await download.path())!, 'utf8');
    expect(xml).toContain('<graphml');
    expect(xml).toContain('person-usubov');
    expect(await page.textContent('#export-progress')).toMatch(/^Saved liaison-.*\.graphml \(\d/);
  });

  it('exports an SVG from the Export button of the explorer too', async () => {
    await page.goto(`${server.url}/?focus=person-patrushev`);
    await page.waitForFunction(() => window.liaison?.cy.getElementById('meeting-2019-09-04-baku-aliyev').nonempty());
    const { file } = await exportImage('svg', 1);
    const legend = await page.evaluate(
      (text: string) =>
        Array.from(new DOMParser().parseFromString(text, 'image/svg+xml').querySelectorAll('#legend .legend-item'), (g) => g.textContent),
      file.toString('utf8'),
    );
    expect(legend).toEqual(expect.arrayContaining(['Person', 'Meeting']));
  });

  it('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
