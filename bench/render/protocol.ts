// What bench/render.ts (Node) and the benchmark page (bench/render/page.mts, Chromium) exchange:
// plain data both sides can type, with no DOM and no Node in it.

/** canvas-large: the canvas with the explorer's large-view mode (client/src/large-view.ts). */
import type { Schema } from '../../client/src/api';

export type RendererName = 'canvas' | 'canvas-large' | 'webgl';

export interface BenchGraph {
  /** The schema as /api/schema gives it: the page styles with the explorer's own graphStyle(schema). */
  schema: Schema;
  nodes: Array<{ id: string; type: string; label: string; x: number; y: number }>;
  edges: Array<{ id: string; source: string; target: string; type: string; label: string }>;
}

export interface RenderSpec {
  renderer: RendererName;
  /** fcose quality: 'default' for small graphs, 'draft' for ≥2,000 nodes. */
  fcoseQuality: 'draft' | 'default';
  /** How long the scripted pan and zoom lasts. */
  panZoomMs: number;
  graph: BenchGraph;
}

export interface RenderResult {
  /** Whether Cytoscape really drew with WebGL (it was asked to and had a context). */
  webgl: boolean;
  /** Core created, elements added (preset positions), first frame drawn. */
  firstRenderMs: number;
  /** Grid layout run and drawn: the baseline for a layout. */
  gridMs: number;
  /** fcose run (no animation) and drawn. */
  fcoseMs: number;
  /** Animation frames per second the page got during the scripted pan and zoom (requestAnimationFrame). */
  rafFps: number;
  /** Frames Cytoscape drew per second during it (it skips frames when drawing falls behind). */
  fps: number;
  /** Mean time Cytoscape spent drawing one of those frames. */
  drawMs: number;
}

export interface BenchPageApi {
  run(spec: RenderSpec): Promise<RenderResult>;
}
