// `npx tsx bench/layout.ts` (part of `npm run bench`): which force-directed layout holds at thousands
// of nodes? On the same generated graphs of 500, 2,000 and 5,000 nodes (≈2 edges per node, grown by
// preferential attachment as in bench/render.ts), headless Debian Chromium runs fcose as the
// explorer does (draft and default quality), ForceAtlas2 + Noverlap in the explorer's web worker,
// and keeps the generated random positions as a floor, and measures in the page: time to done,
// share of nodes overlapping another, spread of edge lengths, and whether the page kept drawing
// meanwhile (animation frames per second, longest gap between two). Writes its section of BENCHMARKS.md.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { chromium, type Browser } from 'playwright-core';

import type { LayoutKind, LayoutPageApi, LayoutResult, LayoutSpec } from './layout/protocol';
import { generateGraph } from './graph';
import { buildPage, serveDir } from './page-server';
import { runLine, writeSection } from './report';

const SIZES = (process.env.BENCH_LAYOUT_SIZES ?? '500,2000,5000').split(',').map(Number);
/** fcose at default quality took 16 s on 1,000 nodes here and grows faster than linearly: measured up to this size. */
const FCOSE_DEFAULT_MAX = Number(process.env.BENCH_LAYOUT_FCOSE_DEFAULT_MAX ?? 2000);
const LAYOUTS: LayoutKind[] = ['random', 'fcose-draft', 'fcose-default', 'fa2'];
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE_DIR = path.join(__dirname, 'layout');
const PAGE_TIMEOUT_MS = 600_000;
const SEED = 20261202;

async function measure(browser: Browser, url: string, spec: LayoutSpec): Promise<LayoutResult> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  try {
    await page.goto(url);
    await page.waitForFunction('document.title === "ready"');
    const result = await page.evaluate(
      (s) => (globalThis as unknown as { liaisonLayoutBench: LayoutPageApi }).liaisonLayoutBench.run(s),
      spec,
    );
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
    return result;
  } finally {
    await page.close();
  }
}

interface Row {
  size: number;
  edges: number;
  layout: LayoutKind;
  result: LayoutResult;
}

const NAMES: Record<LayoutKind, string> = {
  random: 'random positions (floor)',
  'fcose-draft': 'fcose, draft',
  'fcose-default': 'fcose, default',
  fa2: 'ForceAtlas2 + Noverlap, worker',
};
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const secs = (v: number) => `${(v / 1000).toFixed(1)} s`;

function report(rows: Row[], totalMs: number, chromiumVersion: string): string {
  const at5k = (k: LayoutKind) => rows.find((r) => r.size === Math.max(...SIZES) && r.layout === k)?.result;
  const fa2 = at5k('fa2');
  const draft = at5k('fcose-draft');
  const big = Math.max(...SIZES).toLocaleString('en');
  return [
    '## Layouts at thousands of nodes',
    '',
    'Written by `npx tsx bench/layout.ts`: the graphs of "Rendering in the browser" (500, 2,000 and 5,000',
    'nodes, ≈2 edges per node by preferential attachment, random start positions) drawn with the explorer’s',
    'style (its large-view style past 800 nodes) in headless Debian Chromium, each layout once in a fresh',
    'page: **fcose** with the explorer’s options at quality `draft` (what the explorer ran past 1,000',
    `nodes until now) and \`default\` (up to ${FCOSE_DEFAULT_MAX.toLocaleString('en')} nodes: it took 16 s on 1,000 here),`,
    '**ForceAtlas2 + Noverlap** as the explorer now runs it past 800 nodes',
    '(client/src/fa2-layout.ts: graphology’s ForceAtlas2, inferred settings, Barnes-Hut from 1,000',
    'nodes, a fixed iteration budget, the picture scaled to 80 px of room per node, then Noverlap, all',
    'in a web worker, positions drawn every 250 ms), and the **random** start positions as a floor.',
    'Measured in the page: **time** from the start to the last positions drawn; **overlap**, the share',
    'of nodes whose drawn box (without label) overlaps another node’s; **edge CV**, the coefficient of',
    'variation of edge lengths (lower: more even); **median edge**, in node widths (how much room a layout',
    'took); and whether the page **kept drawing**: animation frames per second during the layout and',
    'the longest gap between two (a frozen page shows a gap as long as the layout).',
    '',
    'Rendering is software: this machine has no GPU and Chromium runs with `--disable-gpu`, so the',
    'frame rates are lower than on a user’s machine; the layouts’ own work is CPU either way. While the',
    'worker runs, the longest gap is one drawing of the whole view on the main thread (the random row',
    'shows one such drawing); fcose’s gap is the layout itself.',
    '',
    `${runLine()} · Chromium ${chromiumVersion} · viewport ${VIEWPORT.width}×${VIEWPORT.height} · whole run ${(totalMs / 1000).toFixed(0)} s`,
    '',
    '| nodes | edges | layout | time | overlap | edge CV | median edge | frames/s during | longest gap |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) =>
      r.layout === 'random'
        ? `| ${r.size.toLocaleString('en')} | ${r.edges.toLocaleString('en')} | ${NAMES[r.layout]} | — | ${pct(r.result.overlap)} | ${r.result.edgeCv.toFixed(2)} | ${r.result.medianEdgeWidths.toFixed(1)} | — | — |`
        : `| ${r.size.toLocaleString('en')} | ${r.edges.toLocaleString('en')} | ${NAMES[r.layout]} | ${secs(r.result.ms)} | ${pct(r.result.overlap)} | ${r.result.edgeCv.toFixed(2)} | ${r.result.medianEdgeWidths.toFixed(1)} | ${r.result.rafFps.toFixed(1)} | ${r.result.longestGapMs.toFixed(0)} ms |`,
    ),
    '',
    fa2 && draft
      ? `What it says: on ${big} nodes fcose draft takes ${secs(draft.ms)} with the page frozen all along (longest gap ${secs(draft.longestGapMs)}) and leaves ${pct(draft.overlap)} of the nodes overlapping another; ForceAtlas2 + Noverlap in the worker takes ${secs(fa2.ms)}, the page drawing ${fa2.rafFps.toFixed(0)} frames a second meanwhile (longest gap ${fa2.longestGapMs.toFixed(0)} ms), and leaves ${pct(fa2.overlap)} overlapping. It is the force-directed layout of views past 800 nodes; smaller views keep fcose at default quality, which is fast there and animates an expansion. ForceAtlas2 takes more room (a longer median edge): a fitted view of thousands of nodes is zoomed out either way.`
      : '',
  ].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package`);
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-layout-'));
  let server: Server | undefined;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const version = browser.version();
  const rows: Row[] = [];
  try {
    await buildPage(PAGE_DIR, outDir);
    const served = await serveDir(outDir);
    server = served.server;
    for (const size of SIZES) {
      const graph = generateGraph(size);
      for (const layout of LAYOUTS) {
        if (layout === 'fcose-default' && size > FCOSE_DEFAULT_MAX) continue;
        const result = await measure(browser, served.url, { layout, graph, seed: SEED });
        rows.push({ size, edges: graph.edges.length, layout, result });
        console.log(
          `${size} nodes, ${layout}: ${secs(result.ms)}, overlap ${pct(result.overlap)}, edge CV ${result.edgeCv.toFixed(2)}, ` +
            `median edge ${result.medianEdgeWidths.toFixed(1)} widths, ${result.rafFps.toFixed(1)} frames/s, longest gap ${result.longestGapMs.toFixed(0)} ms`,
        );
      }
    }
  } finally {
    await browser.close();
    server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  const section = report(rows, performance.now() - started, version);
  writeSection('layout', section);
  console.log(section);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
