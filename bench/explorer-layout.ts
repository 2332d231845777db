// `npx tsx bench/explorer-layout.ts`: does the explorer page itself keep drawing while ForceAtlas2
// lays out a big view in its web worker? Starts a test Neo4j and the real app serving dist/client
// (as tests/support/e2e.ts does; run `npm run build` first), opens the explorer on a generated view
// of people and meetings (BENCH_EXPLORER_SIZE, default 1,500 entities) the way the console's "open
// in explorer" does, and measures while the worker layout runs: the gaps between animation frames
// (longest, how many over 500 ms), one full redraw of the same page for comparison, and a CPU
// profile of the page's main thread (CDP Profiler) summarised as the functions with the most self
// time and the source files they come from (mapped through the build's hidden source maps in
// dist/sourcemaps). Prints its findings; BENCH_EXPLORER_PROFILE=path also writes the .cpuprofile.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { SourceMapConsumer, type RawSourceMap } from 'source-map-js';

import { ROOT_DIR } from '../server/src/config';
import { bigGraph, FRAME_RECORDER, fullRedrawMs, layoutFrames, openBigView } from '../tests/support/big-view';
import { launchBrowser } from '../tests/support/browser';
import { openTestDb } from '../tests/support/db';
import { serve, testConfig } from '../tests/support/http';
import { PASSWORD_ENV, startTestNeo4j, URI_ENV } from '../tests/support/neo4j-instance';

const SIZE = Number(process.env.BENCH_EXPLORER_SIZE ?? 1500);
const VIEWPORT = { width: Number(process.env.BENCH_EXPLORER_WIDTH ?? 1440), height: Number(process.env.BENCH_EXPLORER_HEIGHT ?? 900) };
const CLIENT_DIR = path.join(ROOT_DIR, 'dist', 'client');
const MAPS_DIR = path.join(ROOT_DIR, 'dist', 'sourcemaps');

/**
 * What changes elements' style while the worker layout runs: Cytoscape re-applies the whole
 * stylesheet to an element after each class or data change (even a toggleClass that changes
 * nothing), and draws it only then. Counted from the moment the explorer hands out its core, with
 * the stack of each class and data change.
 */
const STYLE_PROBE = `(() => {
  const events = (window.__styleEvents = {});
  const stacks = (window.__styleStacks = {});
  let handle;
  Object.defineProperty(window, 'liaison', {
    configurable: true,
    get: () => handle,
    set: (v) => {
      handle = v;
      v.cy.on('style class data viewport resize add remove dragfree', (e) => {
        if (document.getElementById('graph')?.dataset.workerLayout !== 'running') return;
        events[e.type] = (events[e.type] ?? 0) + 1;
        if (e.type === 'style') return;
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 80;
        const stack = e.type + ': ' + (new Error().stack ?? '').split('\\n').slice(2).join(' < ');
        Error.stackTraceLimit = limit;
        stacks[stack] = (stacks[stack] ?? 0) + 1;
      });
    },
  });
})();`;

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Source maps of the built assets by file name (hidden maps, moved out of what the server serves). */
function sourceMaps(): Map<string, SourceMapConsumer> {
  const out = new Map<string, SourceMapConsumer>();
  if (!existsSync(MAPS_DIR)) return out;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.map'))
        out.set(e.name.slice(0, -'.map'.length), new SourceMapConsumer(JSON.parse(readFileSync(p, 'utf8')) as RawSourceMap));
    }
  };
  walk(MAPS_DIR);
  return out;
}

/** Where a profiled function comes from: original file, line and name when the map knows them. */
function place(maps: Map<string, SourceMapConsumer>, f: CallFrame): { file: string; name: string } {
  const base = f.url ? (f.url.split('/').pop() ?? '').split('?')[0]! : '';
  const map = maps.get(base);
  if (map && f.lineNumber >= 0) {
    const o = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    if (o.source) {
      const file = o.source.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'node_modules/');
      return { file: `${file}:${o.line}`, name: f.functionName || o.name || '(anonymous)' };
    }
  }
  return { file: base || '(native)', name: f.functionName || '(anonymous)' };
}

/** A minified stack trace (frames "at name (url:line:col)") in original file names and lines. */
function mapStack(maps: Map<string, SourceMapConsumer>, stack: string): string {
  return stack
    .replace(/\(?(https?:\/\/[^\s)]+):(\d+):(\d+)\)?/g, (_m, url: string, line: string, col: string) => {
      const p = place(maps, { functionName: '', url, lineNumber: Number(line) - 1, columnNumber: Number(col) - 1 });
      return p.file.replace(/^node_modules\/cytoscape\/dist\/cytoscape\.esm\.mjs/, 'cytoscape');
    })
    .split(/\s+at\s+/)
    .filter((f, i) => i === 0 || f.includes('client/src/'))
    .join(' < ');
}

interface Summary {
  totalMs: number;
  functions: Array<{ name: string; file: string; selfMs: number }>;
  files: Array<{ file: string; selfMs: number }>;
}

function summariseProfile(profile: Profile, maps: Map<string, SourceMapConsumer>): Summary {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byFunction = new Map<string, { name: string; file: string; selfMs: number }>();
  const byFile = new Map<string, number>();
  let totalMs = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const p = place(maps, n.callFrame);
    const key = `${p.name}@${p.file}`;
    const row = byFunction.get(key) ?? { name: p.name, file: p.file, selfMs: 0 };
    row.selfMs += ms;
    byFunction.set(key, row);
    const file = p.file.replace(/:\d+$/, '');
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  return {
    totalMs,
    functions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs),
    files: [...byFile].map(([file, selfMs]) => ({ file, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

/** Total time (self and below) of the explorer's own functions, by file: what calls into Cytoscape. */
function inclusiveByClientFile(profile: Profile, maps: Map<string, SourceMapConsumer>): Array<{ fn: string; ms: number }> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<string, number>();
  for (const [id, ms] of self) {
    // Each client function on the stack counted once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const p = place(maps, byId.get(at)!.callFrame);
      if (!p.file.startsWith('client/src/')) continue;
      const key = `${p.name} (${p.file.replace(/:\d+$/, '')})`;
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  }
  return [...total].map(([fn, ms]) => ({ fn, ms })).sort((a, b) => b.ms - a.ms);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(CLIENT_DIR, 'index.html'))) throw new Error('dist/client is missing: run `npm run build` first');
  const neo4j = await startTestNeo4j();
  process.env[URI_ENV] = neo4j.uri;
  process.env[PASSWORD_ENV] = neo4j.password;
  const db = await openTestDb();
  const server = await serve({ executor: db.executor, config: testConfig(), clientDir: CLIENT_DIR });
  const browser = await launchBrowser();
  try {
    const graph = bigGraph(SIZE);
    console.log(`${graph.nodes.length} entities, ${graph.edges.length} links; viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(FRAME_RECORDER);
    await page.addInitScript(STYLE_PROBE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    // Profiled from the opening of the view: the layout starts as soon as its elements are on the canvas.
    await cdp.send('Profiler.start');
    await openBigView(page, server.url, graph);
    await page.waitForFunction(() => document.getElementById('graph')?.dataset.workerLayout !== undefined, undefined, {
      timeout: 60_000,
      polling: 20,
    });
    const started = Date.now();
    const frames = await layoutFrames(page);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    const profiledMs = Date.now() - started;
    const draws = await page.evaluate(() => Number(document.getElementById('graph')?.dataset.workerDraws ?? NaN));
    const styleEvents = await page.evaluate(() => {
      const w = window as unknown as { __styleEvents: Record<string, number>; __styleStacks: Record<string, number> };
      return { counts: w.__styleEvents, stacks: Object.entries(w.__styleStacks).sort((a, b) => b[1] - a[1]) };
    });
    const timeline = await page.evaluate(() => {
      const w = window as unknown as { __frames: Array<[number, number]> };
      const draws = performance.getEntriesByName('liaison-fa2-draw').map((m) => m.startTime);
      return { frames: w.__frames.filter((f) => f[1] === 1).map((f) => f[0]), draws };
    });
    const redraw = await fullRedrawMs(page, 5);
    if (process.env.BENCH_EXPLORER_PROFILE) writeFileSync(process.env.BENCH_EXPLORER_PROFILE, JSON.stringify(profile));
    if (errors.length) console.log(`page errors: ${errors.join('; ')}`);

    console.log(
      `\nworker layout: ${(frames.durationMs / 1000).toFixed(1)} s, ${frames.frames} frames drawn while it ran` +
        (Number.isFinite(draws) ? `, ${draws} position updates` : ''),
    );
    console.log(
      `while the updates came in: longest frame gap ${frames.longestGap.toFixed(0)} ms, ${frames.gapsOver500} gaps over 500 ms; the first frame of the layout (the view's first drawing): ${frames.firstGap.toFixed(0)} ms; the end (last positions, fit, labels): ${frames.endGap.toFixed(0)} ms`,
    );
    console.log(`one full redraw of the page (all nodes moved, drawn): ${redraw.toFixed(0)} ms (median of 5)`);

    const t0 = timeline.frames[0] ?? 0;
    console.log(`frames (ms from the first): ${timeline.frames.map((t) => (t - t0).toFixed(0)).join(' ')}`);
    console.log(`position updates drawn at: ${timeline.draws.map((t) => (t - t0).toFixed(0)).join(' ')}`);
    const maps = sourceMaps();
    console.log(
      `\nelement events while it ran: ${JSON.stringify(styleEvents.counts)}; where the class and data changes came from (the explorer's frames):`,
    );
    for (const [stack, count] of styleEvents.stacks.slice(0, 12)) console.log(`  ${count} × ${mapStack(maps, stack)}`);
    if (maps.size === 0) console.log('(no source maps in dist/sourcemaps: functions are named from the bundle)');
    const s = summariseProfile(profile, maps);
    const idle = s.functions.filter((f) => f.name === '(idle)' || f.name === '(program)' || f.name === '(garbage collector)');
    console.log(`\nCPU profile of the main thread over ${(profiledMs / 1000).toFixed(1)} s: ${s.totalMs.toFixed(0)} ms sampled`);
    for (const f of idle) console.log(`  ${f.name}: ${f.selfMs.toFixed(0)} ms`);
    console.log('\ntop self time (function, original source):');
    for (const f of s.functions.filter((x) => !idle.includes(x)).slice(0, 25))
      console.log(`  ${f.selfMs.toFixed(0).padStart(6)} ms  ${f.name}  ${f.file}`);
    console.log('\nself time by source file:');
    for (const f of s.files.slice(0, 15)) console.log(`  ${f.selfMs.toFixed(0).padStart(6)} ms  ${f.file}`);
    console.log('\nthe explorer’s own functions, total time (self and what they call):');
    for (const f of inclusiveByClientFile(profile, maps).slice(0, 20)) console.log(`  ${f.ms.toFixed(0).padStart(6)} ms  ${f.fn}`);
  } finally {
    await browser.close();
    await server.close();
    await db.close();
    await neo4j.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
