// The rendering benchmark's page: draws a generated graph with Cytoscape.js the way the explorer
// does, with the explorer's own style function (client/src/style.ts: colours, shapes and icons per type,
// labels, curved edges with arrows) and times, with performance.now(), the first render, a grid and an fcose layout,
// and the frames drawn during a scripted pan and zoom. bench/render.ts drives it in Chromium.
import cytoscape, { type Core } from 'cytoscape';
import fcose from 'cytoscape-fcose';

import { LARGE_VIEW_STYLE, setViewportShortcuts } from '../../client/src/large-view';
import { graphStyle } from '../../client/src/style';
import type { BenchPageApi, RenderResult, RenderSpec } from './protocol';

cytoscape.use(fcose);

/** Cytoscape's renderer keeps counters of the frames it drew; they are internal, hence this narrow view. */
interface RendererStats {
  webgl?: boolean;
  redrawCount?: number;
  redrawTotalTime?: number;
}
const stats = (cy: Core): RendererStats => (cy as unknown as { renderer(): RendererStats }).renderer();

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Resolves once Cytoscape has drawn a frame after `since` draws, and that frame is on screen. */
async function drawn(cy: Core, since: number): Promise<void> {
  while ((stats(cy).redrawCount ?? 0) <= since) await frame();
  await frame();
}

async function layout(cy: Core, options: cytoscape.LayoutOptions): Promise<number> {
  const before = stats(cy).redrawCount ?? 0;
  const t0 = performance.now();
  const l = cy.layout(options);
  const stopped = new Promise<void>((resolve) => l.one('layoutstop', () => resolve()));
  l.run();
  await stopped;
  await drawn(cy, before);
  return performance.now() - t0;
}

/** Pans along a circle while zooming between half and twice the fitted zoom, one step per frame. */
async function panZoom(cy: Core, ms: number): Promise<{ rafFps: number; fps: number; drawMs: number }> {
  // Fitted and drawn once before the clock starts, so that caches rebuilt after the layout are not counted.
  const fitted = stats(cy).redrawCount ?? 0;
  cy.fit(undefined, 20);
  await drawn(cy, fitted);
  const zoom0 = cy.zoom();
  const pan0 = cy.pan();
  const r0 = stats(cy);
  const count0 = r0.redrawCount ?? 0;
  const time0 = r0.redrawTotalTime ?? 0;
  const t0 = performance.now();
  let now = t0;
  let frames = 0;
  while (now - t0 < ms) {
    const phase = ((now - t0) / ms) * 2 * Math.PI;
    cy.viewport({
      zoom: zoom0 * 2 ** Math.sin(phase),
      pan: { x: pan0.x + 150 * Math.cos(phase), y: pan0.y + 150 * Math.sin(phase) },
    });
    now = await frame();
    frames++;
  }
  const elapsed = performance.now() - t0;
  const r1 = stats(cy);
  const draws = (r1.redrawCount ?? 0) - count0;
  return {
    rafFps: (frames * 1000) / elapsed,
    fps: (draws * 1000) / elapsed,
    drawMs: draws > 0 ? ((r1.redrawTotalTime ?? 0) - time0) / draws : NaN,
  };
}

async function run(spec: RenderSpec): Promise<RenderResult> {
  const container = document.getElementById('cy')!;
  const { graph } = spec;
  const elements = [
    ...graph.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: n.id, type: n.type, label: n.label, citationStatus: 'reported' },
      position: { x: n.x, y: n.y },
    })),
    ...graph.edges.map((e) => ({ group: 'edges' as const, data: { ...e, citationStatus: 'reported' } })),
  ];
  let cy: Core | undefined;
  const firstRenderMs = await (async () => {
    const t0 = performance.now();
    cy = cytoscape({
      container,
      style: spec.renderer === 'canvas-large' ? [...graphStyle(graph.schema), ...LARGE_VIEW_STYLE] : graphStyle(graph.schema),
      elements,
      layout: { name: 'preset' },
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      // The same as renderer: { name: 'canvas', webgl: true }; Cytoscape's types know it at the top level.
      webgl: spec.renderer === 'webgl',
    });
    if (spec.renderer === 'canvas-large') setViewportShortcuts(cy, true);
    await drawn(cy, 0);
    return performance.now() - t0;
  })();
  const core = cy!;
  const gridMs = await layout(core, { name: 'grid', animate: false } as cytoscape.LayoutOptions);
  const fcoseMs = await layout(core, {
    name: 'fcose',
    quality: spec.fcoseQuality,
    animate: false,
    randomize: true,
  } as cytoscape.LayoutOptions);
  const { rafFps, fps, drawMs } = await panZoom(core, spec.panZoomMs);
  const webgl = stats(core).webgl === true;
  core.destroy();
  return { webgl, firstRenderMs, gridMs, fcoseMs, rafFps, fps, drawMs };
}

const api: BenchPageApi = { run };
(window as unknown as { liaisonBench: BenchPageApi }).liaisonBench = api;
document.title = 'ready';
