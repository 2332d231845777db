// The rendering benchmark's page: draws a generated graph with one renderer (Cytoscape.js the way
// the explorer does, with its own style function client/src/style.ts, in canvas, large-view or WebGL
// mode; or sigma.js, loaded on demand from sigma-page.mts) and records every frame the renderer
// draws while bench/render.ts moves the view with real mouse and wheel input. Cytoscape's cached
// picture while panning (textureOnViewport) only engages on such input, not on cy.pan() by script.
import cytoscape, { type Core } from 'cytoscape';

import { LARGE_VIEW_STYLE, setViewportShortcuts } from '../../client/src/large-view';
import { graphStyle } from '../../client/src/style';
import type { BenchPageApi, Recording, RenderSpec, SetUpResult, ViewSample } from './protocol';

/** What the page needs of a renderer once it has drawn its first frame. */
export interface DrawnView {
  webgl: boolean;
  view(): ViewSample;
  /** Where nodes are drawn (CSS px) and their drawn radius. */
  nodesOnScreen(): { points: Array<{ x: number; y: number }>; radiusPx: number };
}

/** Called by a renderer's hook at the end of every frame it draws, with the draw's start. */
export type NoteDraw = (startedAt: number) => void;

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Non-standard, Chromium only; precise with --enable-precise-memory-info. */
const heapUsed = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN;

const draws = { at: [] as number[], ms: [] as number[], same: 0 };
let lastView = '';
/**
 * A draw counts as a frame when it shows the view moved: renderers also redraw for a hover or a
 * timer with the view where it was, which a user does not see as motion.
 */
const noteDraw: NoteDraw = (startedAt) => {
  const now = performance.now();
  const v = current?.view();
  const key = v ? `${v.zoom} ${v.x} ${v.y}` : '';
  if (v && key === lastView) {
    draws.same++;
    return;
  }
  lastView = key;
  draws.at.push(now);
  draws.ms.push(now - startedAt);
};
let inputEvents = 0;
for (const type of ['mousemove', 'wheel']) addEventListener(type, () => recording && inputEvents++, { capture: true, passive: true });

let heapPeak = heapUsed();
let current: DrawnView | undefined;
let recording:
  | {
      t0: number;
      rafFrames: number;
      zoom0: number;
      zoomMin: number;
      zoomMax: number;
      x0: number;
      y0: number;
      travel: number;
      textured: number;
    }
  | undefined;

// Every animation frame: the heap, and while recording, the frame and where the view is.
const tick = () => {
  heapPeak = Math.max(heapPeak, heapUsed());
  if (recording && current) {
    recording.rafFrames++;
    const v = current.view();
    const z = v.zoom / recording.zoom0;
    recording.zoomMin = Math.min(recording.zoomMin, z);
    recording.zoomMax = Math.max(recording.zoomMax, z);
    recording.travel = Math.max(recording.travel, Math.hypot(v.x - recording.x0, v.y - recording.y0));
    if (v.textured) recording.textured++;
  }
  requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

/** Cytoscape's renderer internals the benchmark reads or hooks; not in its types, hence this view. */
interface CyRenderer {
  webgl?: boolean;
  textureDrawLastFrame?: boolean;
  render(options?: { forcedContext?: unknown }): void;
}
const rendererOf = (cy: Core) => (cy as unknown as { renderer(): CyRenderer }).renderer();

/**
 * Wraps the renderer's render(): its render loop calls it once per drawn frame, in canvas and in
 * WebGL mode alike (the 'render' event fires only in canvas mode). Calls with a forced context draw
 * the cached picture or an export inside another draw, and are not frames.
 */
function hookCytoscape(cy: Core): void {
  const r = rendererOf(cy);
  const render = r.render.bind(r);
  r.render = (options) => {
    const t0 = performance.now();
    render(options);
    if (!options?.forcedContext) noteDraw(t0);
  };
}

async function setUpCytoscape(spec: RenderSpec, container: HTMLElement): Promise<DrawnView> {
  const { graph } = spec;
  const elements = [
    ...graph.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: n.id, type: n.type, label: n.label, citationStatus: 'reported' },
      position: { x: n.x, y: n.y },
    })),
    ...graph.edges.map((e) => ({ group: 'edges' as const, data: { ...e, citationStatus: 'reported' } })),
  ];
  const large = spec.renderer === 'canvas-large';
  const cy = cytoscape({
    container,
    style: large ? [...graphStyle(graph.schema), ...LARGE_VIEW_STYLE] : graphStyle(graph.schema),
    elements,
    layout: { name: 'preset', fit: true, padding: 20 },
    minZoom: 0.02,
    maxZoom: 4,
    boxSelectionEnabled: false,
    // The same as renderer: { name: 'canvas', webgl: true }; Cytoscape's types know it at the top level.
    webgl: spec.renderer === 'webgl',
  });
  if (large) setViewportShortcuts(cy, true);
  hookCytoscape(cy);
  while (draws.at.length === 0) await frame();
  const ref = cy.getElementById(graph.nodes[0]!.id);
  const r = rendererOf(cy);
  return {
    webgl: r.webgl === true,
    view: () => {
      const p = ref.renderedPosition();
      return { zoom: cy.zoom(), x: p.x, y: p.y, textured: r.textureDrawLastFrame === true };
    },
    nodesOnScreen: () => ({ points: cy.nodes().map((n) => n.renderedPosition()), radiusPx: 15 * cy.zoom() }),
  };
}

async function setUp(spec: RenderSpec): Promise<SetUpResult> {
  const container = document.getElementById('cy')!;
  // sigma is loaded before the clock starts, as the explorer would bundle it.
  const sigma = spec.renderer === 'sigma' ? await import('./sigma-page.mts') : undefined;
  const heapBeforeBytes = heapUsed();
  const t0 = performance.now();
  current = sigma ? await sigma.setUpSigma(spec, container, noteDraw) : await setUpCytoscape(spec, container);
  await frame(); // the frame drawn is on screen at the next one
  const firstRenderMs = performance.now() - t0;
  // Settle: caches and textures built after the first frame are not the gesture's cost.
  for (let i = 0; i < 10; i++) await frame();
  return { webgl: current.webgl, firstRenderMs, heapBeforeBytes };
}

function emptySpot(near: { x: number; y: number }): { x: number; y: number } {
  const { points, radiusPx } = current!.nodesOnScreen();
  const clear = radiusPx + 8;
  const free = (x: number, y: number) => points.every((p) => Math.hypot(p.x - x, p.y - y) > clear);
  // A spiral out from `near`, in steps of 4 px.
  for (let step = 0; step < 4_000; step++) {
    const a = step * 0.5;
    const d = step * 0.32;
    const x = near.x + d * Math.cos(a);
    const y = near.y + d * Math.sin(a);
    if (x > 0 && y > 0 && x < innerWidth && y < innerHeight && free(x, y)) return { x, y };
  }
  throw new Error('emptySpot: no empty spot to start a drag from');
}

function start(): number {
  const v = current!.view();
  draws.at.length = 0;
  draws.ms.length = 0;
  draws.same = 0;
  inputEvents = 0;
  const t0 = performance.now();
  recording = { t0, rafFrames: 0, zoom0: v.zoom, zoomMin: 1, zoomMax: 1, x0: v.x, y0: v.y, travel: 0, textured: 0 };
  return t0;
}

function stop(): Recording {
  const t1 = performance.now();
  const r = recording!;
  recording = undefined;
  heapPeak = Math.max(heapPeak, heapUsed());
  return {
    t0: r.t0,
    t1,
    drawnAt: [...draws.at],
    drawMs: [...draws.ms],
    rafFrames: r.rafFrames,
    heapPeakBytes: heapPeak,
    zoomMin: r.zoomMin,
    zoomMax: r.zoomMax,
    travelPx: r.travel,
    texturedFrames: r.textured,
    unmovedDraws: draws.same,
    inputEvents,
  };
}

const api: BenchPageApi = { setUp, emptySpot, start, stop };
(window as unknown as { liaisonBench: BenchPageApi }).liaisonBench = api;
document.title = 'ready';
