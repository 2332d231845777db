// Readable drawings, the geometry only (no Cytoscape, no DOM, so it is unit-tested): which node
// labels to show in full, shortened or not at all so that no two collide, and which viewport fits
// a drawing into the part of the canvas that the legend and other overlays leave free.

/** An axis-aligned box; x grows to the right, y downwards (canvas pixels or model units). */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const intersects = (a: Box, b: Box, gap = 0): boolean =>
  a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;

export interface LabelCandidate {
  id: string;
  /** Higher goes first: the focus, then the best connected. */
  priority: number;
  /** The label's box in full. */
  full: Box;
  /** The box of its short form, when it has one. */
  short?: Box | null;
  /** The node's own body: other labels keep off it when `avoidBodies` is set. */
  body?: Box | null;
}

export type LabelChoice = 'full' | 'short' | 'hidden';

/**
 * Greedy placement by priority: each label is shown in full if it collides with no label placed
 * before it, no obstacle (the legend) and, with `avoidBodies`, no other node; else in its short
 * form under the same test; else hidden. Ties in priority go by id, so the same view gives the
 * same labels.
 */
export function placeLabels(
  candidates: LabelCandidate[],
  obstacles: Box[] = [],
  options: { gap?: number; avoidBodies?: boolean } = {},
): Map<string, LabelChoice> {
  const gap = options.gap ?? 0;
  const order = [...candidates].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const bodies = options.avoidBodies ? order.filter((c) => c.body).map((c) => ({ id: c.id, box: c.body! })) : [];
  const placed: Box[] = [];
  const out = new Map<string, LabelChoice>();
  const free = (c: LabelCandidate, box: Box) =>
    !placed.some((p) => intersects(p, box, gap)) &&
    !obstacles.some((o) => intersects(o, box)) &&
    !bodies.some((b) => b.id !== c.id && intersects(b.box, box));
  for (const c of order) {
    if (free(c, c.full)) {
      placed.push(c.full);
      out.set(c.id, 'full');
    } else if (c.short && free(c, c.short)) {
      placed.push(c.short);
      out.set(c.id, 'short');
    } else out.set(c.id, 'hidden');
  }
  return out;
}

/**
 * The short form of a label, or null when it is short already: a person's given names become
 * initials ("Nikolai Patrushev" → "N. Patrushev"), anything else is cut at a word with "…".
 */
export function shortLabel(label: string, max = 14): string | null {
  const text = label.trim().replace(/\s+/g, ' ');
  if (text.length <= max) return null;
  const words = text.split(' ');
  if (words.length >= 2 && words.length <= 4 && words.every((w) => /^\p{Lu}/u.test(w))) {
    const initials = `${words
      .slice(0, -1)
      .map((w) => `${[...w][0]}.`)
      .join(' ')} ${words.at(-1)}`;
    if (initials.length <= max + 2) return initials;
  }
  let cut = '';
  for (const w of words) {
    const next = cut ? `${cut} ${w}` : w;
    if (next.length > max - 1) break;
    cut = next;
  }
  return `${cut || [...text].slice(0, max - 1).join('')}…`;
}

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
}

/**
 * The parts of a canvas of `width` × `height` that none of the obstacles (in canvas pixels)
 * covers, as maximal rectangles: each obstacle splits a free rectangle it touches into the strips
 * left, right, above and below it.
 */
export function freeRegions(width: number, height: number, obstacles: Box[]): Box[] {
  let regions: Box[] = [{ x1: 0, y1: 0, x2: width, y2: height }];
  for (const o of obstacles) {
    const next: Box[] = [];
    for (const r of regions) {
      if (!intersects(r, o)) {
        next.push(r);
        continue;
      }
      if (o.x1 > r.x1) next.push({ ...r, x2: o.x1 });
      if (o.x2 < r.x2) next.push({ ...r, x1: o.x2 });
      if (o.y1 > r.y1) next.push({ ...r, y2: o.y1 });
      if (o.y2 < r.y2) next.push({ ...r, y1: o.y2 });
    }
    // Drop rectangles that lie inside another: they can never fit more.
    regions = next.filter(
      (r, i) => !next.some((s, j) => j !== i && s.x1 <= r.x1 && s.y1 <= r.y1 && s.x2 >= r.x2 && s.y2 >= r.y2 && (j < i || !same(s, r))),
    );
  }
  return regions;
}

const same = (a: Box, b: Box) => a.x1 === b.x1 && a.y1 === b.y1 && a.x2 === b.x2 && a.y2 === b.y2;

/**
 * The viewport that shows the model box `bb` as large as possible (at most `maxZoom`) inside the
 * free part of the canvas, `padding` pixels from every edge of the region it is put in, centred
 * there. With no room left anywhere, the whole canvas is used.
 */
export function fitViewport(
  bb: Box,
  canvas: { width: number; height: number },
  obstacles: Box[],
  options: { padding?: number; maxZoom?: number; minZoom?: number } = {},
): Viewport {
  const padding = options.padding ?? 40;
  const maxZoom = options.maxZoom ?? 1.5;
  const minZoom = options.minZoom ?? 0.1;
  const bw = Math.max(bb.x2 - bb.x1, 1e-6);
  const bh = Math.max(bb.y2 - bb.y1, 1e-6);
  const zoomIn = (r: Box) => Math.min((r.x2 - r.x1 - 2 * padding) / bw, (r.y2 - r.y1 - 2 * padding) / bh, maxZoom);
  const whole = { x1: 0, y1: 0, x2: canvas.width, y2: canvas.height };
  let best = whole;
  let bestZoom = -Infinity;
  for (const r of freeRegions(canvas.width, canvas.height, obstacles)) {
    const z = zoomIn(r);
    const area = (r.x2 - r.x1) * (r.y2 - r.y1);
    const bestArea = (best.x2 - best.x1) * (best.y2 - best.y1);
    if (z > bestZoom + 1e-9 || (Math.abs(z - bestZoom) <= 1e-9 && area > bestArea)) {
      best = r;
      bestZoom = z;
    }
  }
  if (!(bestZoom > 0)) {
    best = whole;
    bestZoom = zoomIn(whole);
  }
  const zoom = Math.max(minZoom, Math.min(maxZoom, bestZoom > 0 ? bestZoom : minZoom));
  const cx = (bb.x1 + bb.x2) / 2;
  const cy = (bb.y1 + bb.y2) / 2;
  return { zoom, pan: { x: (best.x1 + best.x2) / 2 - cx * zoom, y: (best.y1 + best.y2) / 2 - cy * zoom } };
}

/** Sizes of nodes from a measure (degree, centrality): square-root scale between `min` and `max`. */
export function sizesFrom(values: Map<string, number>, min = 26, max = 54): Map<string, number> {
  const top = Math.max(0, ...values.values());
  const out = new Map<string, number>();
  for (const [id, v] of values) out.set(id, top > 0 ? Math.round(min + (max - min) * Math.sqrt(Math.max(0, v) / top)) : min);
  return out;
}
