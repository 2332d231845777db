// The force-directed layout of big views (past FA2_MIN_NODES): the nodes and links in view are
// copied into a graphology graph, ForceAtlas2 and then Noverlap run in a web worker
// (fa2-worker.ts, bundled by Vite as a file of its own, so the CSP's worker-src 'self' covers it),
// and the positions it posts every 250 ms are drawn in one batch, so the page keeps drawing and
// the user watches the picture settle. Seeded start positions and a fixed iteration budget give the
// same picture for the same view; a new layout, a cleared view or a destroyed core stops the worker.
import type { Core, NodeCollection, NodeSingular } from 'cytoscape';
import Graph from 'graphology';
import { graphToByteArrays } from 'graphology-layout-forceatlas2/helpers.js';

import { FA2_SPACING, fa2Iterations, fa2Settings, type Fa2Job, type Fa2Progress } from './fa2-core';

export interface Fa2Run {
  done: Promise<void>;
  /** Stops the worker; done resolves with the nodes where they were last drawn. */
  cancel(): void;
}

export interface Fa2Options {
  /** Nodes that stay where they are (pinned ones, and when the view grew, those already placed). */
  fixed: ReadonlySet<string>;
  /** The view grew: new nodes start where the view put them (beside the node they came from). */
  incremental: boolean;
  seed: number;
  random: () => number;
  /** Called with the final positions drawn, before done resolves. */
  onEnd?: () => void;
}

/** Past this, ForceAtlas2 stops where it is: a slow machine gets a rougher picture, not a longer wait. */
const MAX_MS = 20_000;

export function runForceAtlas2(cy: Core, nodes: NodeCollection, opts: Fa2Options): Fa2Run {
  // Sorted, so that the order nodes and links arrived in does not change the picture.
  const list = nodes.sort((a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0)) as unknown as NodeSingular[];
  const side = Math.sqrt(list.length) * FA2_SPACING;
  const graph = new Graph({ multi: true, allowSelfLoops: true });
  for (const n of list) {
    const fixed = opts.fixed.has(n.id());
    const p = n.position();
    // Noverlap keeps circles apart; the half diagonal keeps the square boxes around them apart too.
    const size = Math.hypot(n.outerWidth(), n.outerHeight()) / 2;
    const start = fixed || opts.incremental ? p : { x: (opts.random() - 0.5) * side, y: (opts.random() - 0.5) * side };
    graph.addNode(n.id(), { x: start.x, y: start.y, size, fixed });
  }
  const edges = nodes
    .connectedEdges()
    .filter((e) => graph.hasNode(e.source().id()) && graph.hasNode(e.target().id()))
    .sort((a, b) => (a.id() < b.id() ? -1 : 1));
  edges.forEach((e) => void graph.addEdge(e.source().id(), e.target().id()));
  const matrices = graphToByteArrays(graph, () => 1);
  const job: Fa2Job = {
    nodes: matrices.nodes,
    edges: matrices.edges,
    settings: fa2Settings(list.length),
    iterations: fa2Iterations(list.length),
    convergedBelow: 1e-4,
    maxMs: MAX_MS,
    // With nodes fixed, their scale is the picture's: the others find places among them as they are.
    spacing: opts.fixed.size > 0 ? 0 : FA2_SPACING,
    noverlap: { margin: 2, maxIterations: 100 },
    seed: opts.seed,
  };
  const worker = new Worker(new URL('./fa2-worker.ts', import.meta.url), { type: 'module' });
  // For tests and benchmarks (tests/support/big-view.ts): whether a worker layout is drawing.
  const container = cy.container();
  if (container) {
    container.dataset.workerLayout = 'running';
    container.dataset.workerDraws = '0';
  }
  let finished = false;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  // Fitted to the first positions only: the worker sends them at their final scale, and each fit
  // of thousands of nodes costs a drawing of its own (the caller fits again at the end).
  let fitted = false;
  const draw = (xy: Float32Array) => {
    cy.batch(() => {
      list.forEach((n, i) => {
        if (n.removed() || n.locked() || opts.fixed.has(n.id())) return;
        n.position({ x: xy[2 * i]!, y: xy[2 * i + 1]! });
      });
    });
    if (container) container.dataset.workerDraws = String(Number(container.dataset.workerDraws ?? 0) + 1);
    performance.mark('liaison-fa2-draw');
    if (!fitted)
      cy.fit(
        nodes.filter((n) => !n.removed()),
        40,
      );
    fitted = true;
  };
  // Positions wait for the next animation frame, and only the latest are drawn: when the page draws
  // slower than the worker posts (a big view, a slow machine), an update it could not show yet is
  // not moved into place at all (setting 1,500 positions costs a tenth of a second of its own).
  let latest: Float32Array | null = null;
  let frame = 0;
  const finish = () => {
    if (finished) return;
    finished = true;
    worker.terminate();
    cancelAnimationFrame(frame);
    if (container) container.dataset.workerLayout = 'done';
    cy.off('destroy', finish);
    resolveDone();
  };
  cy.one('destroy', finish);
  const drawLatest = () => {
    frame = 0;
    if (finished || !latest) return;
    const xy = latest;
    latest = null;
    draw(xy);
  };
  worker.onmessage = (event: MessageEvent<Fa2Progress>) => {
    if (finished) return;
    // A cleared view: nothing left of what is being laid out.
    if (cy.destroyed() || list.every((n) => n.removed())) return finish();
    if (event.data.phase === 'done') {
      cancelAnimationFrame(frame);
      frame = 0;
      latest = null;
      draw(event.data.xy);
      opts.onEnd?.();
      finish();
      return;
    }
    latest = event.data.xy;
    if (!frame) frame = requestAnimationFrame(drawLatest);
  };
  worker.onerror = (event) => {
    console.error('force-directed layout worker failed', event.message);
    finish();
  };
  worker.postMessage(job, [job.nodes.buffer, job.edges.buffer]);
  return { done, cancel: finish };
}
