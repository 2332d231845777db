// The layout benchmark's page: draws a generated graph with the explorer's style (and its
// large-view style past 800 nodes, as the explorer does), runs one layout as the explorer would
// (fcose with its options, or ForceAtlas2 + Noverlap in the worker) and measures, in the page,
// the time to done, the frames the page got meanwhile and the longest gap between them, the share
// of overlapping nodes and the spread of edge lengths. bench/layout.ts drives it in Chromium.
import cytoscape, { type Core, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';

import { FA2_MIN_NODES } from '../../client/src/fa2-core';
import { runForceAtlas2 } from '../../client/src/fa2-layout';
import { LARGE_VIEW_STYLE, setViewportShortcuts } from '../../client/src/large-view';
import { coefficientOfVariation, median, overlapShare, type Box } from '../../client/src/layout-quality';
import { seededRandom } from '../../client/src/shared/prng';
import { graphStyle } from '../../client/src/style';
import type { LayoutPageApi, LayoutResult, LayoutSpec } from './protocol';

cytoscape.use(fcose);

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Counts animation frames from now until stop(); gaps include the start and the stop. */
function frameMeter(): { stop(): { frames: number; longestGapMs: number; ms: number } } {
  const t0 = performance.now();
  let last = t0;
  let longest = 0;
  let frames = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop() {
      running = false;
      const now = performance.now();
      return { frames, longestGapMs: Math.max(longest, now - last), ms: now - t0 };
    },
  };
}

async function runLayout(cy: Core, spec: LayoutSpec): Promise<void> {
  if (spec.layout === 'random') return;
  if (spec.layout === 'fa2') {
    await runForceAtlas2(cy, cy.nodes(), { fixed: new Set(), incremental: false, seed: spec.seed, random: seededRandom(spec.seed) }).done;
    return;
  }
  // fcose with the explorer's options (client/src/layouts.ts), its Math.random seeded the same way.
  const layout = cy.layout({
    name: 'fcose',
    fit: true,
    padding: 40,
    animate: false,
    quality: spec.layout === 'fcose-draft' ? 'draft' : 'default',
    randomize: true,
    nodeRepulsion: 12000,
    idealEdgeLength: 120,
    nodeSeparation: 90,
  } as cytoscape.LayoutOptions);
  const stopped = new Promise<void>((resolve) => layout.one('layoutstop', () => resolve()));
  const random = Math.random;
  Math.random = seededRandom(spec.seed);
  try {
    layout.run();
  } finally {
    Math.random = random;
  }
  await stopped;
}

async function run(spec: LayoutSpec): Promise<LayoutResult> {
  const { graph } = spec;
  const large = graph.nodes.length > FA2_MIN_NODES;
  const cy = cytoscape({
    container: document.getElementById('cy'),
    style: large ? [...graphStyle(graph.schema), ...LARGE_VIEW_STYLE] : graphStyle(graph.schema),
    elements: [
      ...graph.nodes.map((n) => ({
        group: 'nodes' as const,
        data: { id: n.id, type: n.type, label: n.label, citationStatus: 'reported' },
        position: { x: n.x, y: n.y },
      })),
      ...graph.edges.map((e) => ({ group: 'edges' as const, data: { ...e, citationStatus: 'reported' } })),
    ],
    layout: { name: 'preset' },
    minZoom: 0.01,
    maxZoom: 4,
    boxSelectionEnabled: false,
  });
  if (large) setViewportShortcuts(cy, true);
  cy.fit(undefined, 40);
  await frame();
  await frame();
  const meter = frameMeter();
  await runLayout(cy, spec);
  await frame();
  const { frames, longestGapMs, ms } = meter.stop();
  const boxes: Box[] = cy.nodes().map((n) => {
    const b = n.boundingBox({ includeLabels: false, includeOverlays: false } as cytoscape.BoundingBoxOptions);
    return { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
  });
  const lengths = cy.edges().map((e) => {
    const p = (e.source() as NodeSingular).position();
    const q = (e.target() as NodeSingular).position();
    return Math.hypot(p.x - q.x, p.y - q.y);
  });
  const width = median(cy.nodes().map((n) => n.outerWidth()));
  const result: LayoutResult = {
    ms: spec.layout === 'random' ? 0 : ms,
    overlap: overlapShare(boxes),
    edgeCv: coefficientOfVariation(lengths),
    medianEdgeWidths: median(lengths) / width,
    rafFps: (frames * 1000) / ms,
    longestGapMs,
  };
  cy.destroy();
  return result;
}

const api: LayoutPageApi = { run };
(window as unknown as { liaisonLayoutBench: LayoutPageApi }).liaisonLayoutBench = api;
document.title = 'ready';
