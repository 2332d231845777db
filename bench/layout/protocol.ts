// What bench/layout.ts (Node) and the layout benchmark's page (bench/layout/page.mts, Chromium)
// exchange: plain data, no DOM and no Node.
import type { Schema } from '../../client/src/api';

/** The graph drawn, as bench/render.ts generates it (its own copy: the two benchmarks change apart). */
export interface LayoutGraph {
  /** The schema as /api/schema gives it: the page styles with the explorer's own graphStyle(schema). */
  schema: Schema;
  nodes: Array<{ id: string; type: string; label: string; x: number; y: number }>;
  edges: Array<{ id: string; source: string; target: string; type: string; label: string }>;
}

/**
 * random: the generated positions (the floor); fcose-draft and fcose-default: fcose as the explorer
 * runs it; fa2: ForceAtlas2 + Noverlap in the worker (client/src/fa2-layout.ts).
 */
export type LayoutKind = 'random' | 'fcose-draft' | 'fcose-default' | 'fa2';

export interface LayoutSpec {
  layout: LayoutKind;
  graph: LayoutGraph;
  seed: number;
}

export interface LayoutResult {
  /** From starting the layout to its last positions drawn. */
  ms: number;
  /** Share (0–1) of nodes whose drawn box overlaps another node's. */
  overlap: number;
  /** Coefficient of variation of the edge lengths. */
  edgeCv: number;
  /** Median edge length in node widths (how much room the layout took to get its overlap). */
  medianEdgeWidths: number;
  /** Animation frames the page got per second while the layout ran. */
  rafFps: number;
  /** The longest time between two of them (a frozen page: the whole layout). */
  longestGapMs: number;
}

export interface LayoutPageApi {
  run(spec: LayoutSpec): Promise<LayoutResult>;
}
