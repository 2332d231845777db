// Readable drawings on the canvas: Fit (and the fit after every layout) keeps the legend's and the
// other overlays' rectangles free; node labels that would collide are shortened or hidden by
// priority (focus, selection, then degree), again after every layout, pan and zoom; a hovered node
// shows its own and its neighbours' labels; nodes are sized by a measure. The geometry is labels.ts.
import type { Collection, Core, NodeCollection, NodeSingular } from 'cytoscape';

import { fitViewport, placeLabels, shortLabel, sizesFrom, type Box, type LabelCandidate } from './labels';
import { MAX_FIT_ZOOM } from './layouts';

/** What sets a node's size. */
export type SizeMeasure = 'degree' | 'betweenness' | 'uniform';
export const SIZE_MEASURES: Record<SizeMeasure, string> = {
  degree: 'links in view',
  betweenness: 'betweenness',
  uniform: 'same size',
};
const SIZE_KEY = 'liaison.nodeSize';

/** Elements drawn over the canvas whose rectangles the drawing keeps free (the map of places too, when open). */
const OVERLAYS = ['#legend', '#view-status', '#meeting-map'];

/** From this zoom on, every label is drawn: there is room enough to read overlapping ones. */
export const ALL_LABELS_ZOOM = 2.5;

/** Past this many nodes betweenness takes too long for a click; the size falls back to degree. */
const BETWEENNESS_MAX_NODES = 1500;

const FOCUS_SIZE = 44;

/** Up to this many nodes every label is placed on each pass, not only those near the screen. */
const WHOLE_VIEW_NODES = 400;

export function storedSizeMeasure(): SizeMeasure {
  try {
    const v = localStorage.getItem(SIZE_KEY);
    return v === 'betweenness' || v === 'uniform' ? v : 'degree';
  } catch {
    return 'degree';
  }
}

const toBox = (b: { x1: number; y1: number; x2: number; y2: number }): Box => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
/** A style value in pixels, as the renderer uses it (not in Cytoscape's typings). */
const px = (n: unknown, name: string): number => (n as unknown as { pstyle(p: string): { pfValue: number } }).pstyle(name).pfValue;
/**
 * The nodes that carry a label class. Cytoscape restyles every element removeClass or toggleClass is
 * given, changed or not (and redraws it uncached): a pass over a big view touches only what changes.
 */
const LABEL_CLASSES = '.label-short, .label-hidden';
const finite = (b: Box) => Number.isFinite(b.x1) && Number.isFinite(b.x2) && b.x2 > b.x1 && b.y2 > b.y1;

export class Readability {
  measure: SizeMeasure = storedSizeMeasure();
  private applying = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;
  private readonly observer: ResizeObserver;

  constructor(
    private readonly cy: Core,
    private readonly focus: () => string | null,
  ) {
    cy.on('viewport resize add remove dragfree class', () => {
      if (!this.applying) this.schedule();
    });
    cy.on('mouseover', 'node', (e) => {
      const n = e.target as NodeSingular;
      this.applying = true;
      n.closedNeighborhood('node').addClass('label-hover');
      this.applying = false;
    });
    cy.on('mouseout', 'node', () => {
      this.applying = true;
      cy.nodes('.label-hover').removeClass('label-hover');
      this.applying = false;
    });
    // The legend opened or closed, or the canvas changed size (a phone's sheet, a turned screen):
    // keep the legend off the drawing, once things have settled.
    // A change of the canvas's height alone is a phone's bottom sheet opening or closing, which
    // keeps the picture where it was on purpose (main.ts setSheet): that one does not refit.
    let settle: ReturnType<typeof setTimeout> | undefined;
    const container = cy.container();
    let width = container?.clientWidth ?? 0;
    const observer = (this.observer = new ResizeObserver((entries) => {
      const resized = entries.find((e) => e.target === container);
      if (resized && entries.length === 1 && container!.clientWidth === width) return;
      width = container?.clientWidth ?? 0;
      clearTimeout(settle);
      settle = setTimeout(() => this.keepClear(), 250);
    }));
    const legend = document.querySelector('#legend');
    if (legend) observer.observe(legend);
    if (container) observer.observe(container);
  }

  /** An overlay made after the view (the map of places): its opening or resizing keeps the drawing clear of it too. */
  watch(el: Element): void {
    this.observer.observe(el);
  }

  /** The overlays' rectangles in canvas pixels (only those displayed over the canvas). */
  overlayBoxes(): Box[] {
    const container = this.cy.container();
    if (!container) return [];
    const c = container.getBoundingClientRect();
    const out: Box[] = [];
    for (const sel of OVERLAYS) {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el || el.hidden || !el.textContent?.trim()) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const b = { x1: r.left - c.left, y1: r.top - c.top, x2: r.right - c.left, y2: r.bottom - c.top };
      if (b.x2 > 0 && b.y2 > 0 && b.x1 < c.width && b.y1 < c.height) out.push(b);
    }
    return out;
  }

  /** Fits `eles` into the canvas minus the overlays; resolves when the viewport is there. */
  fit(eles: Collection, options: { padding?: number; animate?: boolean } = {}): Promise<void> {
    const cy = this.cy;
    const shown = eles.filter((e) => e.visible());
    if (shown.empty() || cy.width() === 0 || cy.height() === 0) return Promise.resolve();
    const vp = fitViewport(
      toBox(shown.boundingBox({ includeOverlays: false })),
      { width: cy.width(), height: cy.height() },
      this.overlayBoxes(),
      {
        padding: options.padding ?? 40,
        maxZoom: Math.min(MAX_FIT_ZOOM, cy.maxZoom()),
        minZoom: cy.minZoom(),
      },
    );
    if (!options.animate) {
      cy.viewport(vp);
      this.relabel();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      // An animation another one stops never completes: the timer resolves it then.
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.relabel();
        resolve();
      };
      cy.animate({ zoom: vp.zoom, pan: vp.pan }, { duration: 200, complete: finish });
      setTimeout(finish, 600);
    });
  }

  /** Refits when something visible lies under an overlay (the legend was opened). */
  keepClear(): void {
    const cy = this.cy;
    if (cy.animated()) return;
    const overlays = this.overlayBoxes();
    if (overlays.length === 0) return;
    const covered = cy
      .nodes()
      .toArray()
      .some((n) => {
        if (!n.visible()) return false;
        const bb = n.renderedBoundingBox({ includeOverlays: false, includeLabels: !n.hasClass('label-hidden') });
        return overlays.some((o) => bb.x1 < o.x2 && o.x1 < bb.x2 && bb.y1 < o.y2 && o.y1 < bb.y2);
      });
    if (covered) void this.fit(cy.elements().not('.filtered'), { animate: true });
  }

  setMeasure(m: SizeMeasure): void {
    this.measure = m;
    try {
      localStorage.setItem(SIZE_KEY, m);
    } catch {
      /* private mode: the choice lasts for this page */
    }
    this.applySizes();
    this.relabel();
  }

  /** Sizes the visible nodes by the chosen measure (the focus never smaller than before). */
  applySizes(): void {
    const cy = this.cy;
    const nodes = cy.nodes().not('.more, .filtered, .user-hidden');
    const focus = this.focus();
    this.applying = true;
    try {
      if (this.measure === 'uniform' || nodes.empty()) {
        cy.nodes('[vsize]').removeData('vsize');
        return;
      }
      const values = new Map<string, number>();
      if (this.measure === 'betweenness' && nodes.length <= BETWEENNESS_MAX_NODES) {
        const visible = nodes.union(nodes.edgesWith(nodes).not('.more-edge, .filtered'));
        const bc = visible.betweennessCentrality({ directed: false });
        nodes.forEach((n) => void values.set(n.id(), bc.betweennessNormalized(n)));
      } else nodes.forEach((n) => void values.set(n.id(), n.edgesWith(nodes).not('.more-edge, .filtered').length));
      const sizes = sizesFrom(values);
      nodes.forEach((n) => {
        const s = sizes.get(n.id())!;
        const size = n.id() === focus ? Math.max(FOCUS_SIZE, s) : s;
        if (n.data('vsize') !== size) n.data('vsize', size);
      });
    } finally {
      this.applying = false;
    }
  }

  private schedule(): void {
    // Throttled: at most one pass per 120 ms while panning or zooming, and one at the end.
    const wait = Math.max(0, 120 - (Date.now() - this.last));
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.relabel();
    }, wait);
  }

  /** Shows, shortens or hides node labels so that none collide with another or an overlay. */
  relabel(): void {
    const cy = this.cy;
    this.last = Date.now();
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.applying = true;
    try {
      const zoom = cy.zoom();
      const all = cy.nodes();
      if (zoom >= ALL_LABELS_ZOOM) {
        all.filter(LABEL_CLASSES).removeClass('label-short label-hidden');
        return;
      }
      // Small views are measured whole; big ones only around what is on screen.
      const ext = cy.extent();
      const margin = 200 / zoom;
      const whole = all.length <= WHOLE_VIEW_NODES;
      const near = all.filter((n) => {
        if (!n.visible() || !n.data('label')) return false;
        if (whole) return true;
        const p = n.position();
        return p.x > ext.x1 - margin && p.x < ext.x2 + margin && p.y > ext.y1 - margin && p.y < ext.y2 + margin;
      });
      // Labels too small to be drawn at this zoom collide with nothing.
      const drawn = near.filter((n) => px(n, 'font-size') * zoom >= px(n, 'min-zoomed-font-size'));
      near.not(drawn).filter(LABEL_CLASSES).removeClass('label-short label-hidden');
      if (drawn.empty()) return;
      const candidates = this.candidates(drawn);
      const pan = cy.pan();
      const obstacles = this.overlayBoxes().map((o) => ({
        x1: (o.x1 - pan.x) / zoom,
        y1: (o.y1 - pan.y) / zoom,
        x2: (o.x2 - pan.x) / zoom,
        y2: (o.y2 - pan.y) / zoom,
      }));
      const choice = placeLabels(candidates, obstacles, { gap: 2 / zoom, avoidBodies: true });
      drawn.forEach((n) => {
        const c = choice.get(n.id()) ?? 'full';
        if (n.hasClass('label-short') !== (c === 'short')) n.toggleClass('label-short', c === 'short');
        if (n.hasClass('label-hidden') !== (c === 'hidden')) n.toggleClass('label-hidden', c === 'hidden');
      });
    } finally {
      this.applying = false;
    }
  }

  /** Measured label boxes per node, with what they were measured for: pan and zoom change none of it. */
  private boxes = new Map<string, { key: string; full: Box; short: Box | null; body: Box | null }>();

  /**
   * The label boxes of each node in full and short form, measured by Cytoscape itself; only nodes
   * that moved, changed label or size are measured again (measuring flips their classes).
   */
  private candidates(nodes: NodeCollection): LabelCandidate[] {
    const focus = this.focus();
    // useCache false: Cytoscape marks a node's label projection stale on position and bounds
    // events, not on a class change, so right after the flips below its cached box can still be the
    // other form's (a full label measured as its short one: two labels then overlapped).
    // (useCache is Cytoscape's option, not in its typings; a variable passes where a literal would not.)
    const fresh = { includeNodes: false, includeLabels: true, includeOverlays: false, useCache: false };
    const labelBox = (n: NodeSingular) => toBox(n.boundingBox(fresh));
    const out: LabelCandidate[] = [];
    const stale: NodeSingular[] = [];
    // Everything a label's box depends on: a class or selection changes borders and fonts (a
    // border moves a bottom label down), so a cached box would be wrong after a select or expand.
    const keyOf = (n: NodeSingular) => {
      const p = n.position();
      const classes = n
        .classes()
        .filter((c) => c !== 'label-short' && c !== 'label-hidden')
        .sort()
        .join(' ');
      return `${p.x.toFixed(1)},${p.y.toFixed(1)}|${String(n.data('label'))}|${String(n.data('vsize'))}|${n.id() === focus}|${Boolean(n.data('focus'))}|${n.selected()}|${classes}`;
    };
    nodes.forEach((n) => {
      if (n.data('shortLabel') === undefined) n.data('shortLabel', n.hasClass('more') ? null : shortLabel(String(n.data('label'))));
      const cached = this.boxes.get(n.id());
      if (!cached || cached.key !== keyOf(n)) stale.push(n);
    });
    for (const n of stale) {
      const wasShort = n.hasClass('label-short');
      const hasShort = Boolean(n.data('shortLabel'));
      let short: Box | null = null;
      if (wasShort) short = labelBox(n);
      n.removeClass('label-short');
      const full = labelBox(n);
      if (!wasShort && hasShort) {
        n.addClass('label-short');
        short = labelBox(n);
        n.removeClass('label-short');
      }
      if (wasShort) n.addClass('label-short');
      const body = n.hasClass('more') ? null : toBox(n.boundingBox({ includeLabels: false, includeOverlays: false }));
      this.boxes.set(n.id(), { key: keyOf(n), full, short: short && finite(short) ? short : null, body });
    }
    nodes.forEach((n) => {
      const b = this.boxes.get(n.id());
      if (!b || !finite(b.full)) return;
      // The "+N more" chips carry their text inside: they are placed first, like the focus.
      const priority =
        (n.id() === focus ? 4e6 : 0) +
        (n.hasClass('more') ? 3e6 : 0) +
        (n.selected() ? 2e6 : 0) +
        (n.hasClass('expanded') ? 1e5 : 0) +
        n.degree(false);
      out.push({ id: n.id(), priority, full: b.full, short: b.short, body: b.body });
    });
    if (this.boxes.size > 4 * Math.max(100, this.cy.nodes().length)) this.boxes.clear();
    return out;
  }
}
