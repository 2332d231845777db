// The drawing of the map of meeting places: Natural Earth's 1:110m countries (world-atlas, bundled
// with this lazily loaded module; no tile server, nothing fetched from elsewhere) in d3-geo's Equal
// Earth projection as SVG paths, one circle per place over them, kept at their screen size while the
// map is zoomed (wheel, pinch, the + and − buttons) and panned (drag). Loaded only once the map is
// turned on, so that the explorer's first load does not carry it.
import { geoEqualEarth, geoGraticule10, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';

import { markTitle, radiusFor, type PlaceMark } from './places';

const SVG = 'http://www.w3.org/2000/svg';
/** The map's own coordinates (the viewBox); the SVG scales them to its box. */
export const MAP_W = 960;
export const MAP_H = 470;
const MIN_ZOOM = 1;
const MAX_ZOOM = 24;
/** How many of the largest places carry their name beside the circle; the rest say it on hover. */
const LABELLED = 10;
/** A press that moves less than this (screen px) is a click, not a drag. */
const CLICK_SLOP = 5;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const labelText = (m: PlaceMark) => (m.meetings.length > 1 ? `${m.label} ${m.meetings.length}` : m.label);

const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}): SVGElementTagNameMap[K] => {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};

export interface MapHooks {
  pick: (mark: PlaceMark) => void;
}

export class MapView {
  readonly svg: SVGSVGElement;
  private readonly world: SVGGElement;
  private readonly marksLayer: SVGGElement;
  private readonly projection = geoEqualEarth();
  private marks: PlaceMark[] = [];
  private selected: string | null = null;
  /** Zoom and pan in viewBox units: screen = k · projected + (x, y). */
  private k = 1;
  private x = 0;
  private y = 0;

  constructor(
    container: HTMLElement,
    private readonly hooks: MapHooks,
  ) {
    const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    // Antarctica takes a fifth of the picture and holds no meetings.
    const countries = feature(topology, topology.objects.countries).features.filter((f) => f.id !== '010');
    this.projection.fitExtent(
      [
        [8, 8],
        [MAP_W - 8, MAP_H - 8],
      ],
      { type: 'FeatureCollection', features: countries },
    );
    const path = geoPath(this.projection);
    this.svg = el('svg', {
      viewBox: `0 0 ${MAP_W} ${MAP_H}`,
      class: 'map-svg',
      role: 'img',
      'aria-label': 'World map of the meeting places in view',
    });
    this.world = el('g', { class: 'map-world' });
    this.world.append(el('path', { class: 'map-graticule', d: path(geoGraticule10()) ?? '' }));
    for (const f of countries) {
      const p = el('path', { class: 'map-country', d: path(f) ?? '' });
      const t = el('title');
      t.textContent = f.properties?.name ?? '';
      p.append(t);
      this.world.append(p);
    }
    this.marksLayer = el('g', { class: 'map-marks' });
    this.svg.append(this.world, this.marksLayer);
    container.append(this.svg);
    this.listen();
  }

  /** Draws the marks (most meetings first in `marks`; drawn smallest last so that they stay clickable). */
  draw(marks: PlaceMark[], selected: string | null): void {
    this.marks = marks;
    this.selected = selected;
    this.render();
  }

  /** Zooms by `factor` around a point of the viewBox (its middle by default). */
  zoomBy(factor: number, at: { x: number; y: number } = { x: MAP_W / 2, y: MAP_H / 2 }): void {
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.k * factor));
    const f = k / this.k;
    this.x = at.x - (at.x - this.x) * f;
    this.y = at.y - (at.y - this.y) * f;
    this.k = k;
    this.clamp();
    this.render();
  }

  /** Back to the whole world. */
  reset(): void {
    this.k = 1;
    this.x = 0;
    this.y = 0;
    this.render();
  }

  /** Centres the map on the marks (not closer than needed to tell them apart, never past 8×). */
  frame(marks: readonly PlaceMark[]): void {
    const pts = marks.map((m) => this.projection([m.lon, m.lat])).filter((p): p is [number, number] => p !== null);
    if (pts.length === 0) return this.reset();
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const w = Math.max(...xs) - Math.min(...xs);
    const h = Math.max(...ys) - Math.min(...ys);
    const k = Math.min(8, Math.max(MIN_ZOOM, Math.min(MAP_W / (w + 100), MAP_H / (h + 70))));
    this.k = k;
    this.x = MAP_W / 2 - k * ((Math.max(...xs) + Math.min(...xs)) / 2);
    this.y = MAP_H / 2 - k * ((Math.max(...ys) + Math.min(...ys)) / 2);
    this.clamp();
    this.render();
  }

  get zoom(): number {
    return this.k;
  }

  /** Keeps some of the world in sight: the map cannot be dragged off the box. */
  private clamp(): void {
    this.x = Math.min(0, Math.max(MAP_W - MAP_W * this.k, this.x));
    this.y = Math.min(0, Math.max(MAP_H - MAP_H * this.k, this.y));
  }

  private render(): void {
    this.world.setAttribute('transform', `translate(${this.x} ${this.y}) scale(${this.k})`);
    // The SVG is scaled to its box: circles and labels are sized in screen pixels through that scale.
    const box = this.svg.getBoundingClientRect();
    const px = box.width > 0 ? MAP_W / box.width : 1;
    this.marksLayer.replaceChildren();
    const drawn = this.marks.flatMap((m) => {
      const p = this.projection([m.lon, m.lat]);
      return p ? [{ m, cx: this.k * p[0] + this.x, cy: this.k * p[1] + this.y, r: radiusFor(m.meetings.length) * px }] : [];
    });
    // Labels of the largest places first, each beside its circle where it covers no other circle and
    // no label placed before it (right, left, above, below), else left to the circle's tooltip.
    const boxes: Box[] = drawn.map((d) => ({ x1: d.cx - d.r, y1: d.cy - d.r, x2: d.cx + d.r, y2: d.cy + d.r }));
    const labels = new Map<string, { x: number; y: number; anchor: string }>();
    for (const [i, d] of drawn.entries()) {
      if (i >= LABELLED && d.m.key !== this.selected) continue;
      const text = labelText(d.m);
      const w = text.length * 7 * px;
      const h = 14 * px;
      const gap = 3 * px;
      const spots = [
        {
          x: d.cx + d.r + gap,
          y: d.cy + h / 3,
          anchor: 'start',
          box: { x1: d.cx + d.r + gap, y1: d.cy - h / 2, x2: d.cx + d.r + gap + w, y2: d.cy + h / 2 },
        },
        {
          x: d.cx - d.r - gap,
          y: d.cy + h / 3,
          anchor: 'end',
          box: { x1: d.cx - d.r - gap - w, y1: d.cy - h / 2, x2: d.cx - d.r - gap, y2: d.cy + h / 2 },
        },
        {
          x: d.cx,
          y: d.cy - d.r - gap,
          anchor: 'middle',
          box: { x1: d.cx - w / 2, y1: d.cy - d.r - gap - h, x2: d.cx + w / 2, y2: d.cy - d.r - gap },
        },
        {
          x: d.cx,
          y: d.cy + d.r + gap + h * 0.8,
          anchor: 'middle',
          box: { x1: d.cx - w / 2, y1: d.cy + d.r + gap, x2: d.cx + w / 2, y2: d.cy + d.r + gap + h },
        },
      ];
      const spot = spots.find((s) => boxes.every((b, j) => j === i || !overlaps(s.box, b)));
      if (!spot) continue;
      boxes.push(spot.box);
      labels.set(d.m.key, spot);
    }
    // Drawn smallest last, so that a small place beside a large one stays clickable.
    for (const d of [...drawn].reverse()) {
      const { m, cx, cy, r } = d;
      const g = el('g', {
        class: `map-place${m.method === 'country' ? ' country' : ''}${m.key === this.selected ? ' selected' : ''}`,
        'data-key': m.key,
        'data-name': m.label,
        'data-count': m.meetings.length,
      });
      const c = el('circle', { cx, cy, r });
      const t = el('title');
      t.textContent = markTitle(m);
      c.append(t);
      g.append(c);
      const spot = labels.get(m.key);
      if (spot) {
        const label = el('text', { x: spot.x, y: spot.y, 'text-anchor': spot.anchor, 'font-size': 12 * px, 'stroke-width': 3 * px });
        label.textContent = labelText(m);
        g.append(label);
      }
      this.marksLayer.append(g);
    }
  }

  /** The viewBox point under a pointer. */
  private toMap(clientX: number, clientY: number): { x: number; y: number } {
    const ctm = this.svg.getScreenCTM();
    if (!ctm) return { x: MAP_W / 2, y: MAP_H / 2 };
    const pt = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
    return { x: pt.x, y: pt.y };
  }

  private listen(): void {
    this.svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.zoomBy(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), this.toMap(e.clientX, e.clientY));
      },
      { passive: false },
    );
    // Pointers down on the map: one drags it, two pinch it. A press that hardly moves is a click on
    // whatever place is under it.
    const down = new Map<number, { x: number; y: number }>();
    let moved = 0;
    let pinch: { d: number } | null = null;
    this.svg.addEventListener('pointerdown', (e) => {
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (down.size === 1) moved = 0;
      if (down.size === 2) {
        const [a, b] = [...down.values()] as [{ x: number; y: number }, { x: number; y: number }];
        pinch = { d: Math.hypot(a.x - b.x, a.y - b.y) };
      }
      this.svg.setPointerCapture?.(e.pointerId);
    });
    this.svg.addEventListener('pointermove', (e) => {
      const last = down.get(e.pointerId);
      if (!last) return;
      const now = { x: e.clientX, y: e.clientY };
      down.set(e.pointerId, now);
      if (down.size >= 2 && pinch) {
        const [a, b] = [...down.values()] as [{ x: number; y: number }, { x: number; y: number }];
        const d = Math.hypot(a.x - b.x, a.y - b.y);
        if (pinch.d > 0 && d > 0) this.zoomBy(d / pinch.d, this.toMap((a.x + b.x) / 2, (a.y + b.y) / 2));
        pinch.d = d;
        moved += CLICK_SLOP;
        return;
      }
      moved += Math.hypot(now.x - last.x, now.y - last.y);
      if (moved < CLICK_SLOP) return;
      const from = this.toMap(last.x, last.y);
      const to = this.toMap(now.x, now.y);
      this.x += to.x - from.x;
      this.y += to.y - from.y;
      this.clamp();
      this.render();
    });
    const up = (e: PointerEvent) => {
      if (!down.has(e.pointerId)) return;
      down.delete(e.pointerId);
      if (down.size < 2) pinch = null;
      if (down.size > 0 || moved >= CLICK_SLOP || e.type === 'pointercancel') return;
      // The mark under the pointer (the circle or its label), found by position since the marks are redrawn while dragging.
      const hit = document.elementFromPoint(e.clientX, e.clientY)?.closest<SVGGElement>('.map-place');
      const mark = hit ? this.marks.find((m) => m.key === hit.dataset.key) : undefined;
      if (mark) this.hooks.pick(mark);
    };
    this.svg.addEventListener('pointerup', up);
    this.svg.addEventListener('pointercancel', up);
  }
}
