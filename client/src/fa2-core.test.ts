// The big-view layout's work without a browser: which views it takes, and that a job is
// deterministic, keeps fixed nodes, reports as it goes and leaves fewer nodes overlapping.
import { describe, expect, it } from '@jest/globals';
import Graph from 'graphology';
import { graphToByteArrays } from 'graphology-layout-forceatlas2/helpers.js';

import {
  FA2_MIN_NODES,
  FA2_PPN,
  FA2_SPACING,
  fa2Iterations,
  fa2Settings,
  runFa2Job,
  scaleToSpacing,
  usesWorkerLayout,
  type Fa2Job,
  type Fa2Progress,
} from './fa2-core';
import { LARGE_VIEW_NODES } from './large-view';
import { overlapShare } from './layout-quality';

/** A graph of n nodes by preferential attachment (two links each), nodes at random, radius 22.6 (a 32 px box). */
function job(n: number, fixed: ReadonlySet<number> = new Set()): Fa2Job {
  let s = 11;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const graph = new Graph({ multi: true });
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    graph.addNode(`n${i}`, { x: rnd() * 500, y: rnd() * 500, size: 22.6, fixed: fixed.has(i) });
    for (let k = 0; k < Math.min(2, i); k++) {
      const t = ends.length ? ends[Math.floor(rnd() * ends.length)]! : 0;
      graph.addEdge(`n${i}`, `n${t}`);
      ends.push(i, t);
    }
  }
  const m = graphToByteArrays(graph, () => 1);
  return {
    nodes: m.nodes,
    edges: m.edges,
    settings: fa2Settings(n),
    iterations: fa2Iterations(n),
    convergedBelow: 1e-4,
    maxMs: 60_000,
    spacing: fixed.size ? 0 : FA2_SPACING,
    noverlap: { margin: 2, maxIterations: 100 },
    seed: 42,
  };
}

const overlap = (xy: Float32Array) =>
  overlapShare(
    Array.from({ length: xy.length / 2 }, (_, i) => ({
      x1: xy[2 * i]! - 16,
      y1: xy[2 * i + 1]! - 16,
      x2: xy[2 * i]! + 16,
      y2: xy[2 * i + 1]! + 16,
    })),
  );

describe('which views the worker lays out', () => {
  it('takes force-directed views past the large-view size', () => {
    expect(FA2_MIN_NODES).toBe(LARGE_VIEW_NODES);
    expect(usesWorkerLayout(FA2_MIN_NODES)).toBe(false);
    expect(usesWorkerLayout(FA2_MIN_NODES + 1)).toBe(true);
    expect(usesWorkerLayout(5000)).toBe(true);
  });

  it('uses Barnes-Hut from 1,000 nodes and fewer steps for more nodes', () => {
    expect(fa2Settings(999).barnesHutOptimize).toBe(false);
    expect(fa2Settings(1000).barnesHutOptimize).toBe(true);
    expect(fa2Settings(5000)).toMatchObject({ strongGravityMode: true, scalingRatio: 10 });
    expect(fa2Iterations(900)).toBeGreaterThan(fa2Iterations(2000));
    expect(fa2Iterations(2000)).toBeGreaterThan(fa2Iterations(5000));
  });
});

describe('runFa2Job', () => {
  it('gives the same picture for the same job, with fewer nodes overlapping than at the start', () => {
    const a = job(300);
    const start = new Float32Array(300 * 2);
    for (let i = 0; i < 300; i++) {
      start[2 * i] = a.nodes[i * FA2_PPN]!;
      start[2 * i + 1] = a.nodes[i * FA2_PPN + 1]!;
    }
    const first = runFa2Job(a, () => undefined);
    const second = runFa2Job(job(300), () => undefined);
    expect(Array.from(second.xy)).toEqual(Array.from(first.xy));
    expect(overlap(start)).toBeGreaterThan(0.5);
    expect(overlap(first.xy)).toBeLessThan(0.15);
    expect(first.phase).toBe('done');
    expect(first.timedOut).toBe(false);
  });

  it('reports as it goes (by the clock given) and ends with phase done', () => {
    let t = 0;
    const seen: Fa2Progress['phase'][] = [];
    runFa2Job(
      job(100),
      (p) => void seen.push(p.phase),
      () => (t += 10),
      100,
    );
    expect(seen.filter((p) => p === 'forceatlas2').length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe('done');
    expect(seen.filter((p) => p === 'done')).toHaveLength(1);
  });

  it('stops at the time cap and says so', () => {
    let t = 0;
    const j = { ...job(100), maxMs: 50 };
    const end = runFa2Job(
      j,
      () => undefined,
      () => (t += 10),
    );
    expect(end.timedOut).toBe(true);
    expect(end.iterations).toBeLessThan(10);
  });

  it('leaves fixed nodes where they are', () => {
    const fixed = new Set([0, 1, 2, 50]);
    const j = job(120, fixed);
    const before = [...fixed].map((i) => [j.nodes[i * FA2_PPN]!, j.nodes[i * FA2_PPN + 1]!]);
    const end = runFa2Job(j, () => undefined);
    expect([...fixed].map((i) => [end.xy[2 * i]!, end.xy[2 * i + 1]!])).toEqual(before);
  });
});

describe('scaleToSpacing', () => {
  it('gives each node a square of the spacing in the bounding box', () => {
    const nodes = new Float32Array(4 * FA2_PPN);
    [
      [0, 0],
      [10, 0],
      [0, 10],
      [10, 10],
    ].forEach(([x, y], i) => {
      nodes[i * FA2_PPN] = x!;
      nodes[i * FA2_PPN + 1] = y!;
    });
    scaleToSpacing(nodes, 50);
    // 4 nodes × 50² = a 100 × 100 box, about the same centre.
    expect(nodes[FA2_PPN]! - nodes[0]!).toBeCloseTo(100);
    expect(nodes[0]! + nodes[FA2_PPN]!).toBeCloseTo(10);
  });
});
