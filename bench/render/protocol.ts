// What bench/render.ts (Node) and the benchmark page (bench/render/page.mts, Chromium) exchange:
// plain data both sides can type, with no DOM and no Node in it.
import type { Schema } from '../../client/src/api';

/**
 * canvas: Cytoscape's canvas with the explorer's full style; canvas-large: the same with the
 * explorer's large-view mode (client/src/large-view.ts); webgl: Cytoscape's WebGL renderer with the
 * full style; sigma: sigma.js (WebGL) on a graphology graph with the same positions and colours.
 */
export type RendererName = 'canvas' | 'canvas-large' | 'webgl' | 'sigma';

export interface BenchGraph {
  /** The schema as /api/schema gives it: the page styles with the explorer's own graphStyle(schema). */
  schema: Schema;
  nodes: Array<{ id: string; type: string; label: string; x: number; y: number }>;
  edges: Array<{ id: string; source: string; target: string; type: string; label: string }>;
}

export interface RenderSpec {
  renderer: RendererName;
  graph: BenchGraph;
  /** sigma only: how much one wheel zoom step scales the view (its `zoomingRatio`). */
  sigmaZoomingRatio: number;
}

export interface SetUpResult {
  /** Whether the renderer really drew with WebGL. */
  webgl: boolean;
  /** From creating the renderer (elements or graph built, preset positions) to the first frame on screen. */
  firstRenderMs: number;
  /** performance.memory.usedJSHeapSize once the page holds the graph data, before any renderer exists. */
  heapBeforeBytes: number;
}

/** Where the view is: its scale and where a reference node is drawn, in CSS pixels. */
export interface ViewSample {
  zoom: number;
  x: number;
  y: number;
  /** Cytoscape only: the last frame was its cached picture (textureOnViewport), not a full drawing. */
  textured: boolean;
}

export interface Recording {
  /** performance.now() when recording started and stopped. */
  t0: number;
  t1: number;
  /** performance.now() at the end of each frame the renderer drew that showed the view moved. */
  drawnAt: number[];
  /** Main-thread time of each of those draws, ms. */
  drawMs: number[];
  /** Animation frames the page got (requestAnimationFrame) during the recording. */
  rafFrames: number;
  /** The highest usedJSHeapSize seen since the page started (sampled every animation frame). */
  heapPeakBytes: number;
  /** How far the view moved: zoom range relative to the start, and the reference node's travel. */
  zoomMin: number;
  zoomMax: number;
  travelPx: number;
  /** Animation frames during which Cytoscape showed its cached picture (textureOnViewport). */
  texturedFrames: number;
  /** Draws that showed the view where the previous one did (hover, timers): not counted as frames. */
  unmovedDraws: number;
  /** Mouse-move and wheel events the page received: what the input gave the renderer to do. */
  inputEvents: number;
}

export interface BenchPageApi {
  setUp(spec: RenderSpec): Promise<SetUpResult>;
  /** The point nearest `near` (CSS px) with no node under it: where a drag pans the view. */
  emptySpot(near: { x: number; y: number }): { x: number; y: number };
  start(): number;
  stop(): Recording;
}
