// Where to click on the Cytoscape canvas in end-to-end tests. A node's centre is safe; an edge's
// midpoint may lie under a node, a label or an overlay (the legend), so a point along the edge is
// chosen that the canvas itself receives and that no node covers.
import type { Page } from 'playwright-core';

declare const window: any;
declare const document: any;

export async function pointOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((elementId: string) => {
    const cy = window.liaison.cy;
    const el = cy.getElementById(elementId);
    if (el.empty()) throw new Error(`${elementId} is not on the canvas`);
    const box = cy.container().getBoundingClientRect();
    const toPage = (q: { x: number; y: number }) => ({ x: box.left + q.x, y: box.top + q.y });
    if (el.isNode()) return toPage(el.renderedPosition());
    const s = el.renderedSourceEndpoint();
    const t = el.renderedTargetEndpoint();
    const candidates = [
      el.renderedMidpoint(),
      ...[0.4, 0.6, 0.3, 0.7, 0.2, 0.8].map((f) => ({ x: s.x + f * (t.x - s.x), y: s.y + f * (t.y - s.y) })),
    ];
    const covered = (q: { x: number; y: number }) =>
      cy.nodes(':visible').some((n: any) => {
        const b = n.renderedBoundingBox({ includeLabels: true });
        return q.x >= b.x1 - 4 && q.x <= b.x2 + 4 && q.y >= b.y1 - 4 && q.y <= b.y2 + 4;
      });
    for (const q of candidates) {
      const p = toPage(q);
      const hit = document.elementFromPoint(p.x, p.y);
      if (!covered(q) && hit && cy.container().contains(hit)) return p;
    }
    return toPage(candidates[0]);
  }, id);
}
