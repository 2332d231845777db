// The big-view layout's work, free of DOM and Cytoscape so that the worker (fa2-worker.ts), the
// benchmark and the unit tests run the same code: graphology's ForceAtlas2 steps on its node and
// edge matrices for a fixed number of iterations (or until the nodes stop moving), then Noverlap
// steps that push apart the nodes still touching. Deterministic: no clock decides the picture
// (the time cap is a safety valve for slow machines), and Noverlap's jitter draws from a seeded PRNG.
import { inferSettings } from 'graphology-layout-forceatlas2';
import fa2Iterate from 'graphology-layout-forceatlas2/iterate.js';
import noverlapIterate from 'graphology-layout-noverlap/iterate.js';

import { seededRandom } from './shared/prng';

/** Floats per node in ForceAtlas2's node matrix: x, y, dx, dy, old dx, old dy, mass, convergence, size, fixed. */
export const FA2_PPN = 10;
const NODE_SIZE = 8;

export interface Fa2Settings {
  linLogMode: boolean;
  outboundAttractionDistribution: boolean;
  adjustSizes: boolean;
  edgeWeightInfluence: number;
  scalingRatio: number;
  strongGravityMode: boolean;
  gravity: number;
  slowDown: number;
  barnesHutOptimize: boolean;
  barnesHutTheta: number;
}

export interface Fa2Job {
  /** ForceAtlas2's node matrix (FA2_PPN floats a node; size is the node's radius in model pixels). */
  nodes: Float32Array;
  /** ForceAtlas2's edge matrix: source offset, target offset, weight. */
  edges: Float32Array;
  settings: Fa2Settings;
  /** The iteration budget: the same job always runs the same steps. */
  iterations: number;
  /** Stop earlier once the mean move of a step is below this share of the layout's extent. */
  convergedBelow: number;
  /** Safety valve: past this, ForceAtlas2 stops where it is (only a slow machine gets there). */
  maxMs: number;
  /** Room per node (model pixels; see scaleToSpacing) the picture is scaled to before Noverlap; 0: as ForceAtlas2 left it. */
  spacing: number;
  /** Noverlap's pass after ForceAtlas2 (its margin in model pixels), or null for none. */
  noverlap: { margin: number; maxIterations: number } | null;
  seed: number;
}

export interface Fa2Progress {
  /** x, y of every node, in node order. */
  xy: Float32Array;
  phase: 'forceatlas2' | 'noverlap' | 'done';
  iterations: number;
  noverlapIterations: number;
  /** Whether the time cap, not the budget or convergence, ended ForceAtlas2. */
  timedOut: boolean;
}

/**
 * x, y of every node; with a spacing, scaled as the end result will be (on a copy), so that the
 * picture drawn while it settles keeps its size and the view need not be fitted again each time.
 */
function positions(matrix: Float32Array, spacing = 0): Float32Array {
  let nodes = matrix;
  if (spacing > 0) {
    nodes = matrix.slice();
    scaleToSpacing(nodes, spacing);
  }
  const n = nodes.length / FA2_PPN;
  const xy = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = nodes[i * FA2_PPN]!;
    xy[2 * i + 1] = nodes[i * FA2_PPN + 1]!;
  }
  return xy;
}

/** Half the diagonal of the nodes' bounding box: what "moved a little" is measured against. */
function extent(nodes: Float32Array): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < nodes.length; i += FA2_PPN) {
    x0 = Math.min(x0, nodes[i]!);
    x1 = Math.max(x1, nodes[i]!);
    y0 = Math.min(y0, nodes[i + 1]!);
    y1 = Math.max(y1, nodes[i + 1]!);
  }
  return Math.max(1, Math.hypot(x1 - x0, y1 - y0) / 2);
}

/**
 * Scales the positions about their centroid so that the picture's bounding box gives each node a
 * square `spacing` wide: ForceAtlas2's distances are in its own units, and room for the nodes is
 * what keeps them apart on screen. Fixed (pinned or already placed) nodes stay where they are.
 */
export function scaleToSpacing(nodes: Float32Array, spacing: number): void {
  const n = nodes.length / FA2_PPN;
  if (n < 2 || !(spacing > 0)) return;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < nodes.length; i += FA2_PPN) {
    x0 = Math.min(x0, nodes[i]!);
    x1 = Math.max(x1, nodes[i]!);
    y0 = Math.min(y0, nodes[i + 1]!);
    y1 = Math.max(y1, nodes[i + 1]!);
    cx += nodes[i]! / n;
    cy += nodes[i + 1]! / n;
  }
  const area = Math.max(1, (x1 - x0) * (y1 - y0));
  const factor = Math.sqrt((n * spacing * spacing) / area);
  for (let i = 0; i < nodes.length; i += FA2_PPN) {
    if (nodes[i + 9]) continue;
    nodes[i] = cx + (nodes[i]! - cx) * factor;
    nodes[i + 1] = cy + (nodes[i + 1]! - cy) * factor;
  }
}

/**
 * Noverlap compares every pair of nodes within a grid cell: cells a few nodes wide keep that
 * cheap (its default of 20 × 20 cells puts hundreds of nodes in a cell of a 5,000-node picture).
 */
export function noverlapGrid(matrix: Float32Array): number {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  let size = 1;
  for (let i = 0; i < matrix.length; i += 3) {
    x0 = Math.min(x0, matrix[i]!);
    x1 = Math.max(x1, matrix[i]!);
    y0 = Math.min(y0, matrix[i + 1]!);
    y1 = Math.max(y1, matrix[i + 1]!);
    size = Math.max(size, matrix[i + 2]!);
  }
  return Math.max(20, Math.min(200, Math.floor(Math.max(x1 - x0, y1 - y0) / (4 * size))));
}

/**
 * Runs a job to the end, calling report with the positions at most every reportEveryMs (and once
 * at the end, phase 'done'). Synchronous: in the worker, the main thread cancels by terminating it.
 */
export function runFa2Job(
  job: Fa2Job,
  report: (p: Fa2Progress) => void,
  clock: () => number = () => performance.now(),
  reportEveryMs = 250,
): Fa2Progress {
  const { nodes, edges } = job;
  const n = nodes.length / FA2_PPN;
  const started = clock();
  let lastReport = started;
  let iterations = 0;
  let timedOut = false;
  const before = new Float32Array(n * 2);
  while (iterations < job.iterations) {
    for (let i = 0; i < n; i++) {
      before[2 * i] = nodes[i * FA2_PPN]!;
      before[2 * i + 1] = nodes[i * FA2_PPN + 1]!;
    }
    fa2Iterate(job.settings, nodes, edges);
    iterations++;
    let moved = 0;
    for (let i = 0; i < n; i++) moved += Math.hypot(nodes[i * FA2_PPN]! - before[2 * i]!, nodes[i * FA2_PPN + 1]! - before[2 * i + 1]!);
    // Convergence is judged only after the first steps, while the nodes still fly apart from the start.
    if (iterations > 50 && moved / Math.max(1, n) < job.convergedBelow * extent(nodes)) break;
    const now = clock();
    if (now - started > job.maxMs) {
      timedOut = true;
      break;
    }
    if (now - lastReport >= reportEveryMs) {
      lastReport = now;
      report({ xy: positions(nodes, job.spacing), phase: 'forceatlas2', iterations, noverlapIterations: 0, timedOut });
    }
  }
  if (job.spacing > 0) scaleToSpacing(nodes, job.spacing);
  let noverlapIterations = 0;
  if (job.noverlap) {
    const matrix = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      matrix[3 * i] = nodes[i * FA2_PPN]!;
      matrix[3 * i + 1] = nodes[i * FA2_PPN + 1]!;
      matrix[3 * i + 2] = nodes[i * FA2_PPN + NODE_SIZE]!;
    }
    // Noverlap nudges nodes that sit exactly on one another by Math.random: seeded, for the same picture.
    const random = Math.random;
    Math.random = seededRandom(job.seed);
    const settings = { gridSize: noverlapGrid(matrix), margin: job.noverlap.margin, expansion: 1.1, ratio: 1, speed: 3 };
    try {
      const fixed: number[] = [];
      for (let i = 0; i < n; i++) if (nodes[i * FA2_PPN + 9]) fixed.push(i);
      while (noverlapIterations < job.noverlap.maxIterations) {
        const { converged } = noverlapIterate(settings, matrix);
        noverlapIterations++;
        // Noverlap knows no fixed nodes: pinned and already placed ones go back, the others make room.
        for (const i of fixed) {
          matrix[3 * i] = nodes[i * FA2_PPN]!;
          matrix[3 * i + 1] = nodes[i * FA2_PPN + 1]!;
        }
        if (converged) break;
        const now = clock();
        if (now - lastReport >= reportEveryMs) {
          lastReport = now;
          const xy = new Float32Array(n * 2);
          for (let i = 0; i < n; i++) {
            xy[2 * i] = matrix[3 * i]!;
            xy[2 * i + 1] = matrix[3 * i + 1]!;
          }
          report({ xy, phase: 'noverlap', iterations, noverlapIterations, timedOut });
        }
      }
    } finally {
      Math.random = random;
    }
    for (let i = 0; i < n; i++) {
      nodes[i * FA2_PPN] = matrix[3 * i]!;
      nodes[i * FA2_PPN + 1] = matrix[3 * i + 1]!;
    }
  }
  const last: Fa2Progress = { xy: positions(nodes), phase: 'done', iterations, noverlapIterations, timedOut };
  report(last);
  return last;
}

/**
 * Past this many nodes the force-directed layout runs as ForceAtlas2 in a worker: it is the
 * explorer's large-view size (large-view.ts), where fcose's draft quality, the only one fast enough
 * there, blocks the page for seconds and leaves most nodes on top of others (BENCHMARKS.md,
 * "Layouts at thousands of nodes").
 */
export const FA2_MIN_NODES = 800;

/** Whether a force-directed run of this many nodes goes to the worker. */
export const usesWorkerLayout = (nodeCount: number): boolean => nodeCount > FA2_MIN_NODES;

/** Room per node the picture gets (scaleToSpacing): 2.5 node widths of the explorer's 32 px nodes. */
export const FA2_SPACING = 80;

/**
 * ForceAtlas2's settings for n nodes: graphology's inferSettings (strong gravity, scaling 10,
 * slow-down growing with log n), with Barnes-Hut from 1,000 nodes rather than its 2,000 (every
 * pair of 2,000 nodes costs ~50 ms a step on this machine; the quadtree a fraction of that).
 */
export function fa2Settings(n: number): Fa2Settings {
  return {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 1,
    strongGravityMode: false,
    gravity: 1,
    slowDown: 1,
    barnesHutTheta: 0.5,
    ...inferSettings(n),
    barnesHutOptimize: n >= 1000,
  } as Fa2Settings;
}

/** The iteration budget: fewer steps for more nodes, so that 5,000 take seconds, not a minute. */
export const fa2Iterations = (n: number): number => (n <= 1000 ? 300 : n <= 3000 ? 200 : 100);
