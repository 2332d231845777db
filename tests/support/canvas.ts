// Where to click on the Cytoscape canvas in end-to-end tests. A node's centre is safe; an edge's
// midpoint may lie under a node, a label, a crossing edge or an overlay (the legend), so points
// along the edge are tried until Cytoscape's own hit test (the one its mouse handler uses) picks
// this edge there and the page delivers a click at that point to the canvas.
import type { Page } from 'playwright-core';

declare const window: any;
declare const document: any;

export async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((elementId: string) => {
    const cy = window.liaison.cy;
    const el = cy.getElementById(elementId);
    if (el.empty()) throw new Error(`${elementId} is not on the canvas`);
    const box = cy.container().getBoundingClientRect();
    const zoom = cy.zoom();
    const pan = cy.pan();
    const toPage = (m: { x: number; y: number }) => ({ x: box.left + m.x * zoom + pan.x, y: box.top + m.y * zoom + pan.y });
    if (el.isNode()) return toPage(el.position());
    const s = el.sourceEndpoint();
    const t = el.targetEndpoint();
    const fractions = [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85];
    const candidates = [el.midpoint(), ...fractions.map((f) => ({ x: s.x + f * (t.x - s.x), y: s.y + f * (t.y - s.y) }))];
    const renderer = cy.renderer();
    for (const m of candidates) {
      const p = toPage(m);
      const hit = document.elementFromPoint(p.x, p.y);
      if (!hit || !cy.container().contains(hit)) continue;
      const nearest = renderer.findNearestElement(m.x, m.y, true, false);
      if (nearest && nearest.id() === elementId) return p;
    }
    return toPage(candidates[0]);
  }, id);
}
