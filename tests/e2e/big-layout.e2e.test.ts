// A view of 1,500 entities is laid out by ForceAtlas2 in a web worker (client/src/fa2-layout.ts),
// which posts positions every 250 ms: the explorer page must keep drawing meanwhile, each update
// costing about one redraw of the canvas, and every update set must be one drawn (not several
// batches of 1,500 positions per frame). bench/explorer-layout.ts profiles the same page.
import { describe, expect, it } from '@jest/globals';

import { bigGraph, FRAME_RECORDER, fullRedrawMs, layoutFrames, openBigView, STYLE_COUNTER } from '../support/big-view';
import { useE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window is the page's.
declare const window: any;
declare const document: any;

const env = useE2E({ demo: false });
const GRAPH = bigGraph(1500);

describe('a big view laid out in the worker', () => {
  it('keeps the desktop page drawing while it settles, and draws where it ended', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.addInitScript(FRAME_RECORDER);
      await page.addInitScript(STYLE_COUNTER);
      await openBigView(page, env.server.url, GRAPH);
      const frames = await layoutFrames(page, 90_000);
      const redraw = await fullRedrawMs(page);
      const draws = await page.evaluate(() => Number(document.getElementById('graph').dataset.workerDraws));
      const restyled = await page.evaluate(() => window.__restyled as number);
      const limit = Math.max(1000, 1.5 * redraw);
      // Logged for whoever reads a failure: the numbers behind the assertions.
      console.log(
        `worker layout: ${JSON.stringify(frames)}, ${draws} updates, ${restyled} elements restyled, one redraw ${redraw.toFixed(0)} ms, limit ${limit.toFixed(0)} ms`,
      );
      expect(draws).toBeGreaterThanOrEqual(2);
      expect(frames.updates).toBe(draws);
      expect(frames.frames).toBeGreaterThanOrEqual(5);
      // Every update set was drawn: none moved 1,500 nodes into places the page never showed (the
      // worker posts every 250 ms, faster than a redraw here; the latest positions wait for a frame).
      expect(frames.updates).toBeLessThanOrEqual(frames.frames);
      // Nothing restyled the view while it moved but the layout's own end (which marks its nodes
      // placed): label passes after each resize and fit restyled all 1,500 nodes, a frame's work each.
      expect(restyled).toBeLessThanOrEqual(GRAPH.nodes.length);
      expect(frames.longestGap).toBeLessThanOrEqual(limit);

      // It finished: the view is idle, every entity drawn, spread over the canvas rather than heaped.
      await page.waitForFunction(() => window.liaison.idle, undefined, { timeout: 30_000 });
      const drawn = await page.evaluate(() => {
        const cy = window.liaison.cy;
        const bb = cy.nodes().boundingBox();
        const ext = cy.extent();
        const places = new Set(cy.nodes().map((n: any) => `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`));
        return { nodes: cy.nodes().length, places: places.size, w: bb.w, h: bb.h, inView: bb.x1 >= ext.x1 - 1 && bb.x2 <= ext.x2 + 1 };
      });
      expect(drawn.nodes).toBe(GRAPH.nodes.length);
      expect(drawn.places).toBeGreaterThan(0.95 * GRAPH.nodes.length);
      expect(drawn.inView).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
