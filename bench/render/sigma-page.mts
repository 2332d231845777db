// The rendering benchmark's sigma.js renderer, its own chunk (page.mts imports it only for sigma
// rows): the same graph and positions as Cytoscape's rows in a graphology graph, nodes sized as the
// explorer's (30 px across) and coloured by type from the schema, edges coloured by relationship
// type. Sigma draws circles and straight edges and places labels its own way (right of the node,
// thinned out on a grid, hidden when nodes are drawn small); icons, shapes and arrows are not drawn.
import Graph from 'graphology';
import Sigma from 'sigma';

import type { DrawnView, NoteDraw } from './page.mts';
import type { RenderSpec } from './protocol';

export async function setUpSigma(spec: RenderSpec, container: HTMLElement, noteDraw: NoteDraw): Promise<DrawnView> {
  const { graph } = spec;
  const { schema } = graph;
  const nodeColor = new Map(schema.nodeTypes.map((t) => [t.label, t.style.color]));
  const edgeColor = new Map(schema.relationshipTypes.map((r) => [r.type, r.style.color]));
  const g = new Graph({ type: 'directed', multi: true });
  for (const n of graph.nodes)
    // Cytoscape's y axis points down, sigma's up: flipped so that both show the same picture.
    g.addNode(n.id, { x: n.x, y: -n.y, size: 15, color: nodeColor.get(n.type) ?? '#666', label: n.label });
  for (const e of graph.edges) g.addEdgeWithKey(e.id, e.source, e.target, { size: 1.6, color: edgeColor.get(e.type) ?? '#ccc' });

  let started = 0;
  const sigma = new Sigma(g, container, { settings: { zoomingRatio: spec.sigmaZoomingRatio } });
  sigma.on('beforeRender', () => (started = performance.now()));
  sigma.on('afterRender', () => noteDraw(started));
  // The constructor draws the first frame itself unless it only scheduled one.
  const pending = (sigma as unknown as { renderFrame: number | null }).renderFrame !== null;
  if (pending) await new Promise<void>((resolve) => sigma.once('afterRender', () => resolve()));
  else noteDraw(started);
  const ref = g.getNodeAttributes(graph.nodes[0]!.id) as { x: number; y: number };
  const context = sigma.getWebGLContext();
  return {
    webgl: context instanceof WebGL2RenderingContext,
    view: () => {
      const p = sigma.graphToViewport(ref);
      return { zoom: 1 / sigma.getCamera().getState().ratio, x: p.x, y: p.y, textured: false };
    },
    nodesOnScreen: () => ({
      points: g.mapNodes((_, a) => sigma.graphToViewport(a as { x: number; y: number })),
      radiusPx: sigma.scaleSize(15),
    }),
  };
}
