// Large views: past a few hundred nodes, drawing every curved edge with its arrow and every label
// on each frame stalls pan and zoom (BENCHMARKS.md, "Rendering in the browser"). Past
// LARGE_VIEW_NODES the explorer draws straight (haystack) edges without arrows or labels, shows node
// labels only when zoomed in, and lets Cytoscape pan and zoom a cached picture. The benchmark
// measures the same settings (bench/render/page.mts), so the numbers are the explorer's.
import type { Core, StylesheetJson } from 'cytoscape';

export const LARGE_VIEW_NODES = 800;

export const LARGE_VIEW_STYLE: StylesheetJson = [
  {
    selector: 'edge',
    style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none', 'min-zoomed-font-size': 40 },
  },
  { selector: 'node', style: { 'min-zoomed-font-size': 12, 'text-outline-width': 0 } },
  // What the user picked stays fully drawn.
  {
    selector: 'edge:selected, edge.path-hit',
    style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'min-zoomed-font-size': 0 },
  },
];

interface ViewportShortcuts {
  hideEdgesOnViewport: boolean;
  textureOnViewport: boolean;
}

/**
 * Cytoscape reads these two renderer switches on every frame but offers them only as options at
 * start-up; the explorer starts small, so it flips them on the renderer when the view grows.
 */
export function setViewportShortcuts(cy: Core, on: boolean): void {
  const renderer = (cy as unknown as { renderer(): ViewportShortcuts | undefined }).renderer();
  if (!renderer) return;
  renderer.hideEdgesOnViewport = on;
  renderer.textureOnViewport = on;
}
