// The chronological layout's time axis: year and month ticks (and the spans of meetings dated only
// to a month or a year) drawn in a DOM layer under Cytoscape's canvases, so that it never covers a
// node, and redrawn on every pan, zoom and resize from the time scale the layout used (layouts.ts).
import type { Core } from 'cytoscape';

import { chronological, TIME_SCALE_KEY, timeToX, type TimeScale } from './layouts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const YEAR_MS = 365.25 * 86_400_000;
/** Fewer rendered pixels than this between ticks and they would crowd each other's labels. */
const MIN_TICK_PX = 44;
const MAX_TICKS = 400;

/** x on the canvas (model) back to a moment, by the same anchors. */
export function xToTime(scale: TimeScale, x: number): number {
  const a = scale.anchors;
  if (a.length === 0) return 0;
  if (x <= a[0]!.x) return a[0]!.t - (a[0]!.x - x) / scale.pxPerMs;
  const last = a[a.length - 1]!;
  if (x >= last.x) return last.t + (x - last.x) / scale.pxPerMs;
  let lo = 0;
  let hi = a.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (a[mid]!.x <= x) lo = mid;
    else hi = mid;
  }
  const p = a[lo]!;
  const q = a[hi]!;
  return q.x === p.x ? p.t : p.t + ((x - p.x) / (q.x - p.x)) * (q.t - p.t);
}

export interface Tick {
  t: number;
  label: string;
  kind: 'year' | 'month';
}

/**
 * Ticks between two moments: every month, 3 or 6 months when a month gets room enough for that,
 * else every 1, 2, 5, 10… years; a year's first month is labelled with the year.
 */
export function ticks(from: number, to: number, pxPerMs: number): Tick[] {
  const out: Tick[] = [];
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(pxPerMs > 0) || to <= from) return out;
  const start = new Date(from);
  const y0 = start.getUTCFullYear();
  const y1 = new Date(to).getUTCFullYear();
  const monthStep = [1, 3, 6].find((s) => s * (YEAR_MS / 12) * pxPerMs >= MIN_TICK_PX);
  if (monthStep) {
    let y = y0;
    let m = Math.floor(start.getUTCMonth() / monthStep) * monthStep;
    while (out.length < MAX_TICKS) {
      const t = Date.UTC(y, m, 1);
      if (!(t <= to)) break;
      if (t >= from) out.push({ t, label: m === 0 ? String(y) : MONTHS[m]!, kind: m === 0 ? 'year' : 'month' });
      m += monthStep;
      if (m >= 12) [y, m] = [y + 1, m - 12];
    }
    return out;
  }
  const step = [1, 2, 5, 10, 20, 50, 100, 1000].find((s) => s * YEAR_MS * pxPerMs >= MIN_TICK_PX) ?? 1000;
  for (let y = Math.ceil(y0 / step) * step; y <= y1 && out.length < MAX_TICKS; y += step) {
    const t = Date.UTC(y, 0, 1);
    if (t >= from && t <= to) out.push({ t, label: String(y), kind: 'year' });
  }
  return out;
}

/** About the width of one character of a tick's label (11 px system font), and the room kept between two labels. */
const LABEL_CHAR_PX = 7;
const LABEL_GAP_PX = 8;
/** A label starts this far right of its tick line (styles.css, .time-axis .tick span). */
const LABEL_OFFSET_PX = 4;

/**
 * The ticks whose labels have room at their place on screen. The scale is piecewise (quiet years
 * are compressed), so a spacing chosen for the whole view can crowd one part of it: years are
 * placed first, then months between them, each only where its label meets no other.
 */
export function roomyTicks<T extends { x: number; label: string; kind: Tick['kind'] }>(placed: T[]): T[] {
  const span = (t: T) => ({ from: t.x + LABEL_OFFSET_PX, to: t.x + LABEL_OFFSET_PX + t.label.length * LABEL_CHAR_PX });
  const kept: T[] = [];
  for (const kind of ['year', 'month'] as const)
    for (const t of placed.filter((p) => p.kind === kind).sort((a, b) => a.x - b.x)) {
      const a = span(t);
      if (
        kept.every((k) => {
          const b = span(k);
          return a.to + LABEL_GAP_PX <= b.from || b.to + LABEL_GAP_PX <= a.from;
        })
      )
        kept.push(t);
    }
  return kept.sort((a, b) => a.x - b.x);
}

export class TimeAxis {
  private readonly layer: HTMLDivElement;
  private active = false;
  private frame = 0;

  constructor(private readonly cy: Core) {
    const container = cy.container()!;
    this.layer = document.createElement('div');
    this.layer.className = 'time-axis';
    this.layer.setAttribute('aria-hidden', 'true');
    this.layer.hidden = true;
    // First in the container: Cytoscape's own layer comes later and so is drawn over it.
    container.prepend(this.layer);
    cy.on('viewport resize', () => this.schedule());
  }

  /** Shows the axis while the chronological layout is drawn (called after every change). */
  update(active: boolean): void {
    this.active = active;
    this.schedule();
  }

  private schedule(): void {
    if (!this.active && this.layer.hidden) return;
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** The scale of the last chronological run; computed afresh when an undo brought the layout back. */
  private scale(): TimeScale | null {
    const kept = this.cy.scratch(TIME_SCALE_KEY) as TimeScale | undefined;
    const scale = kept ?? chronological(this.cy.elements().not('.filtered')).scale;
    return scale.anchors.length ? scale : null;
  }

  draw(): void {
    const scale = this.active ? this.scale() : null;
    this.layer.hidden = !scale;
    if (!scale) {
      this.layer.replaceChildren();
      return;
    }
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    const width = this.cy.width();
    const toScreen = (x: number) => x * zoom + pan.x;
    const from = xToTime(scale, -pan.x / zoom);
    const to = xToTime(scale, (width - pan.x) / zoom);
    // Rendered pixels per millisecond over what is in sight (the scale is piecewise linear).
    const rate = (toScreen(timeToX(scale, to)) - toScreen(timeToX(scale, from))) / Math.max(1, to - from);
    const parts: HTMLElement[] = [];
    for (const m of scale.meetings) {
      if (m.period.precision === 'day') continue;
      const x1 = toScreen(timeToX(scale, m.period.start));
      const x2 = toScreen(timeToX(scale, m.period.end));
      if (x2 < 0 || x1 > width) continue;
      const span = document.createElement('div');
      span.className = 'time-span';
      span.dataset.id = m.id;
      span.style.left = `${x1}px`;
      span.style.width = `${Math.max(2, x2 - x1)}px`;
      parts.push(span);
    }
    const placed = ticks(from, to, rate).map((tick) => ({ ...tick, x: toScreen(timeToX(scale, tick.t)) }));
    for (const tick of roomyTicks(placed)) {
      const el = document.createElement('div');
      el.className = `tick tick-${tick.kind}`;
      el.dataset.t = new Date(tick.t).toISOString().slice(0, 10);
      el.style.left = `${tick.x}px`;
      const label = document.createElement('span');
      label.textContent = tick.label;
      el.append(label);
      parts.push(el);
    }
    this.layer.replaceChildren(...parts);
  }
}
