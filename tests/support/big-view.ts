// A big view for the explorer's worker layout (ForceAtlas2 past 800 nodes): a generated graph of
// people and meetings in the API's shapes, opened the way the console's "open in explorer" does
// (session storage, ?load=session:KEY), and what the page records while the layout runs: every
// animation frame's time and whether the worker layout was running (fa2-layout.ts marks the canvas
// with data-worker-layout). Shared by bench/explorer-layout.ts and tests/e2e/big-layout.e2e.test.ts.
import type { Page } from 'playwright-core';

import { seededRandom } from '../../client/src/shared/prng';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;
declare const sessionStorage: any;
declare const document: any;
declare const performance: any;
declare const requestAnimationFrame: any;

const FIRST = ['Nikolai', 'Sergei', 'Anna', 'Maria', 'Dmitry', 'Olga', 'Viktor', 'Elena', 'Igor', 'Tatiana', 'Pavel', 'Irina'];
const LAST = ['Patrushev', 'Lavrov', 'Ivanova', 'Sokolov', 'Kuznetsova', 'Popov', 'Volkova', 'Morozov', 'Novikova', 'Fedorov'];
const PLACES = ['Moscow', 'Sochi', 'Geneva', 'Minsk', 'Tehran', 'Beijing', 'Ankara', 'Baku', 'Astana', 'Delhi'];

/**
 * `size` entities, 40 % people and 60 % meetings, all connected: meeting i takes person i and i + 1
 * (a ring through every person) and one more chosen with a bias to the busy ones, so a few people
 * are hubs, as in the real data. TAKES_PART links, no dates (the explorer picks the force layout).
 */
export function bigGraph(size: number, seed = 20261203) {
  const random = seededRandom(seed);
  const people = Math.round(size * 0.4);
  const meetings = size - people;
  const nodes: Array<Record<string, unknown>> = [];
  for (let i = 0; i < people; i++)
    nodes.push({
      id: `p${i}`,
      type: 'Person',
      name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`,
      properties: {},
      citationStatus: 'reported',
    });
  for (let i = 0; i < meetings; i++)
    nodes.push({
      id: `m${i}`,
      type: 'Meeting',
      name: `Meeting in ${PLACES[i % PLACES.length]} no. ${i}`,
      properties: {},
      citationStatus: 'reported',
    });
  const edges: Array<Record<string, unknown>> = [];
  const ends: number[] = [];
  const link = (m: number, p: number) => {
    edges.push({
      id: `e${edges.length}`,
      type: 'TAKES_PART',
      source: `p${p}`,
      target: `m${m}`,
      properties: { role: 'participant' },
      citationStatus: 'reported',
      citations: [],
    });
    ends.push(p);
  };
  for (let m = 0; m < meetings; m++) {
    const a = m % people;
    const b = (m + 1) % people;
    link(m, a);
    if (b !== a) link(m, b);
    const c = ends[Math.floor(random() * ends.length)]!;
    if (c !== a && c !== b) link(m, c);
  }
  return { nodes, edges };
}

/** Installed before the page's own scripts: a requestAnimationFrame loop that records each frame. */
export const FRAME_RECORDER = `(() => {
  const frames = (window.__frames = []);
  // The time the callback runs, not the frame's own timestamp (which can predate a long task before it).
  const tick = () => {
    const el = document.getElementById('graph');
    frames.push([performance.now(), el && el.dataset.workerLayout === 'running' ? 1 : 0]);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/**
 * Installed before the page's own scripts: counts the elements Cytoscape restyled while the worker
 * layout ran ('style' events: every class or data change re-applies the whole stylesheet to the
 * element, and its next drawing is uncached), from the moment the explorer hands out its core.
 */
export const STYLE_COUNTER = `(() => {
  window.__restyled = 0;
  let handle;
  Object.defineProperty(window, 'liaison', {
    configurable: true,
    get: () => handle,
    set: (v) => {
      handle = v;
      v.cy.on('style', () => {
        if (document.getElementById('graph')?.dataset.workerLayout === 'running') window.__restyled += 1;
      });
    },
  });
})();`;

/** Opens the explorer on `graph` as the console's "open in explorer" does; resolves once it is on the canvas. */
export async function openBigView(page: Page, baseUrl: string, graph: ReturnType<typeof bigGraph>, key = 'big'): Promise<void> {
  // Any page of the origin will do for its session storage: the schema is a small one.
  await page.goto(`${baseUrl}/api/schema`);
  await page.evaluate(([k, data]: [string, string]) => sessionStorage.setItem(k, data), [key, JSON.stringify(graph)] as [string, string]);
  await page.goto(`${baseUrl}/?load=session:${key}`);
}

export interface LayoutFrames {
  /** Frames drawn while the worker layout ran. */
  frames: number;
  /** Position updates drawn (fa2-layout.ts marks each with performance.mark). */
  updates: number;
  /**
   * Longest gap between two frames while the positions came in (from the first update drawn to
   * the layout's end, ms): what one update costs the page.
   */
  longestGap: number;
  /** Gaps longer than 500 ms in that time. */
  gapsOver500: number;
  /** The gap after the first frame of the layout: the view's first drawing at its new (large-view) style, before any update (ms). */
  firstGap: number;
  /** How long it ran, from its first to its last frame (ms). */
  durationMs: number;
  /** The gap from its last frame to the first one after it (its last positions, the fit and the labels: ms). */
  endGap: number;
}

/** Waits for the worker layout to end (data-worker-layout="done") and summarises the frames recorded while it ran. */
export async function layoutFrames(page: Page, timeoutMs = 120_000): Promise<LayoutFrames> {
  await page.waitForFunction(() => document.getElementById('graph')?.dataset.workerLayout === 'done', undefined, {
    timeout: timeoutMs,
    polling: 200,
  });
  // One more frame, so that the gap after the layout's end is recorded.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const { frames, updates } = (await page.evaluate(() => ({
    frames: window.__frames,
    updates: performance.getEntriesByName('liaison-fa2-draw').map((m: { startTime: number }) => m.startTime),
  }))) as { frames: Array<[number, number]>; updates: number[] };
  return summarise(frames, updates);
}

export function summarise(frames: Array<[number, number]>, updates: number[]): LayoutFrames {
  const running = frames.map((f, i) => ({ t: f[0], on: f[1] === 1, i })).filter((f) => f.on);
  const since = updates[0] ?? Infinity;
  let longestGap = 0;
  let gapsOver500 = 0;
  for (let k = 1; k < running.length; k++) {
    // Gaps that end after the first update was drawn: the first one may hold that update itself.
    if (running[k]!.t < since) continue;
    const gap = running[k]!.t - running[k - 1]!.t;
    longestGap = Math.max(longestGap, gap);
    if (gap > 500) gapsOver500 += 1;
  }
  const last = running.at(-1);
  const after = last ? frames[last.i + 1] : undefined;
  return {
    frames: running.length,
    updates: updates.length,
    longestGap,
    gapsOver500,
    firstGap: running.length > 1 ? running[1]!.t - running[0]!.t : 0,
    durationMs: last && running[0] ? last.t - running[0].t : 0,
    endGap: last && after ? after[0] - last.t : 0,
  };
}

/**
 * One full redraw in this page, the floor of what a position update costs: every node moved (a
 * hair, in one batch, as the worker layout's updates do) and the whole canvas drawn, synchronously;
 * the median of `runs` (ms).
 */
export async function fullRedrawMs(page: Page, runs = 3): Promise<number> {
  const times = (await page.evaluate(async (n: number) => {
    const cy = window.liaison.cy;
    const r = cy.renderer();
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const t0 = performance.now();
      const d = k % 2 ? -0.01 : 0.01;
      cy.batch(() => cy.nodes().forEach((v: any) => void v.position({ x: v.position('x') + d, y: v.position('y') })));
      r.redrawHint('eles', true);
      r.redrawHint('drag', true);
      r.render();
      out.push(performance.now() - t0);
    }
    return out;
  }, runs)) as number[];
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}
