// The view as compact query parameters, so that a copied link restores it and back/forward step
// through views: focus, opened neighbourhoods (with their relationship types and pages), nodes and
// links added by hand (details panel, path search), removed and hidden nodes, filters, time window,
// "as of" date, layout and its seed, pinned nodes with their places, (for views of up to
// MAX_LINK_POSITIONS nodes) where every node is, and, once the user has panned or zoomed, the zoom
// and the point in the middle of the screen, so that a reload draws exactly the same picture.
import type { Filters } from './filters';
import type { Expansion } from './graph-view';
import { hashString, isLayoutName, type LayoutName } from './layout-names';

/** A point on the canvas (Cytoscape model coordinates). */
export interface Point {
  x: number;
  y: number;
}

/**
 * Where every node of a view is, without naming them: the positions of all nodes in the order of
 * their sorted ids, and a hash of those ids, so that a link opened after the data changed (other
 * nodes) is recognised and laid out afresh instead of misplacing nodes.
 */
export interface Positions {
  /** hashString of the sorted node ids joined by commas, base 36. */
  key: string;
  /** [x, y] per node, in sorted-id order, rounded to whole pixels. */
  xy: Array<[number, number]>;
}

/**
 * What part of the canvas is in sight: the zoom and the model point at the centre of the screen.
 * The centre rather than Cytoscape's pan, so that a link opened on a screen of another size (a
 * desktop link on a phone) shows the same place in its middle.
 */
export interface Viewport {
  zoom: number;
  x: number;
  y: number;
}

/** Cytoscape's own zoom limits (defaults of minZoom and maxZoom). */
const MIN_ZOOM = 1e-50;
const MAX_ZOOM = 1e50;

/**
 * Everything a permalink (and a saved view, views.ts) keeps of a view. Restored in this order:
 * focus or handed-over graph, expansions, added elements, removals, hidden nodes, pins, then the
 * positions (or, when they are missing or belong to other nodes, the layout run with `seed`).
 */
export interface ViewState {
  focus: string | null;
  expansions: Expansion[];
  removed: string[];
  hidden: string[];
  filters: Filters;
  layout: LayoutName;
  /** A graph handed over by another page (sessionStorage key), instead of a focus. */
  load: string | null;
  /** Nodes and links put on the canvas by hand (details panel pick, path search, Source's facts). */
  added: { nodes: string[]; edges: string[] };
  /** Pinned nodes and where they are pinned. */
  pins: Array<{ id: string } & Point>;
  /** The layout seed; null: derived from the view (its focus), the same on every load. */
  seed: number | null;
  /** Where every node is; null for views larger than MAX_LINK_POSITIONS (layout and seed decide). */
  positions: Positions | null;
  /** Null until the user pans or zooms: the view is then fitted to the screen it opens on. */
  viewport: Viewport | null;
  /**
   * Group nodes (group-nodes.ts): hub and relationship type, restored before the expansions so
   * that those leave the type out again. Links from before groups have none and open as they did.
   */
  groups?: Array<{ id: string; relType: string }>;
}

/** Past this many nodes a link keeps only the seed and the pins (a URL should stay under ~8 KB). */
export const MAX_LINK_POSITIONS = 150;

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (v: string | null) => (v && DAY.test(v) ? v : null);
const INT = /^-?\d{1,9}$/;

/** `id`, `id~TYPE.TYPE` (only those relationship types), `*N` suffix for N pages. */
export function encodeExpansion(x: Expansion): string {
  return `${x.id}${x.relTypes ? `~${x.relTypes.join('.')}` : ''}${x.pages > 1 ? `*${x.pages}` : ''}`;
}

export function decodeExpansion(s: string): Expansion {
  const m = /^(.*?)(?:~([A-Z_.]+))?(?:\*(\d{1,3}))?$/.exec(s)!;
  return { id: m[1]!, relTypes: m[2] ? m[2].split('.') : null, pages: m[3] ? Number(m[3]) : 1 };
}

/** `hub~TYPE`: the hub's id may hold a tilde, the type (schema names: capitals and _) cannot. */
export function encodeGroup(g: { id: string; relType: string }): string {
  return `${g.id}~${g.relType}`;
}

export function decodeGroup(s: string): { id: string; relType: string } | null {
  const m = /^(.+)~([A-Z_]+)$/.exec(s);
  return m ? { id: m[1]!, relType: m[2]! } : null;
}

/** The key of a set of node ids, as Positions.key. */
export const idsKey = (ids: readonly string[]): string => hashString([...ids].sort().join(',')).toString(36);

/** Positions of the given nodes (any order), for the link; null past MAX_LINK_POSITIONS. */
export function positionsOf(nodes: ReadonlyArray<{ id: string } & Point>): Positions | null {
  if (nodes.length === 0 || nodes.length > MAX_LINK_POSITIONS) return null;
  const sorted = [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { key: idsKey(sorted.map((n) => n.id)), xy: sorted.map((n) => [Math.round(n.x), Math.round(n.y)]) };
}

/** Each node's place by id, if the positions belong to exactly these nodes; else null. */
export function placesFor(p: Positions | null, ids: readonly string[]): Map<string, Point> | null {
  if (!p || p.xy.length !== ids.length || idsKey(ids) !== p.key) return null;
  const sorted = [...ids].sort();
  return new Map(sorted.map((id, i) => [id, { x: p.xy[i]![0], y: p.xy[i]![1] }]));
}

function decodePositions(v: string | null): Positions | null {
  const [key, ...pairs] = list(v);
  if (!key || !/^[0-9a-z]{1,7}$/.test(key) || pairs.length === 0) return null;
  const xy: Array<[number, number]> = [];
  for (const pair of pairs) {
    const [x, y, extra] = pair.split('_');
    if (extra !== undefined || !x || !y || !INT.test(x) || !INT.test(y)) return null;
    xy.push([Number(x), Number(y)]);
  }
  return { key, xy };
}

/** `zoom~x~y`: zoom to four significant digits, the centre to whole model pixels. */
function encodeViewport(v: Viewport): string {
  return `${Number(v.zoom.toPrecision(4))}~${Math.round(v.x)}~${Math.round(v.y)}`;
}

function decodeViewport(v: string | null): Viewport | null {
  const m = v ? /^(\d{1,6}(?:\.\d{1,12})?(?:e-?\d{1,2})?)~(-?\d{1,9})~(-?\d{1,9})$/.exec(v) : null;
  if (!m) return null;
  const zoom = Number(m[1]);
  if (!Number.isFinite(zoom) || zoom <= MIN_ZOOM || zoom >= MAX_ZOOM) return null;
  return { zoom, x: Number(m[2]), y: Number(m[3]) };
}

function decodePins(v: string | null): ViewState['pins'] {
  return list(v).flatMap((s) => {
    const m = /^(.+)~(-?\d{1,9})~(-?\d{1,9})$/.exec(s);
    return m ? [{ id: m[1]!, x: Number(m[2]), y: Number(m[3]) }] : [];
  });
}

export function toQuery(s: ViewState): string {
  const p = new URLSearchParams();
  if (s.load) p.set('load', s.load);
  if (s.focus) p.set('focus', s.focus);
  // The focus's own first page is implied by `focus`; list it only when more pages were opened.
  const xs = s.expansions.filter((x) => !(x.id === s.focus && x.relTypes === null && x.pages === 1));
  if (xs.length) p.set('x', xs.map(encodeExpansion).join(','));
  if (s.added.nodes.length) p.set('an', s.added.nodes.join(','));
  if (s.added.edges.length) p.set('ae', s.added.edges.join(','));
  if (s.groups?.length) p.set('grp', s.groups.map(encodeGroup).join(','));
  if (s.removed.length) p.set('rm', s.removed.join(','));
  if (s.hidden.length) p.set('h', s.hidden.join(','));
  const f = s.filters;
  if (f.nodeTypes.length) p.set('nt', f.nodeTypes.join(','));
  if (f.relTypes.length) p.set('rt', f.relTypes.join(','));
  if (f.countries.length) p.set('co', f.countries.join(','));
  if (f.meetingStatuses.length) p.set('ms', f.meetingStatuses.join(','));
  if (f.citationStatuses.length) p.set('cs', f.citationStatuses.join(','));
  if (f.after) p.set('after', f.after);
  if (f.before) p.set('before', f.before);
  if (f.asOf) p.set('asof', f.asOf);
  if (s.layout !== 'fcose') p.set('layout', s.layout);
  if (s.seed !== null) p.set('seed', String(s.seed));
  if (s.pins.length) p.set('pin', s.pins.map((n) => `${n.id}~${Math.round(n.x)}~${Math.round(n.y)}`).join(','));
  if (s.viewport) p.set('vp', encodeViewport(s.viewport));
  if (s.positions) p.set('pos', [s.positions.key, ...s.positions.xy.map(([x, y]) => `${x}_${y}`)].join(','));
  // Commas and tildes are safe in a query string; unescaped they keep links readable.
  const q = p.toString().replace(/%2C/g, ',').replace(/%7E/g, '~');
  return q ? `?${q}` : '';
}

/** Reads a link; what it cannot read is left at its default, and links from before any field still open. */
export function fromQuery(search: string): ViewState {
  const p = new URLSearchParams(search);
  const focus = p.get('focus');
  const layout = p.get('layout');
  const seed = p.get('seed');
  return {
    focus,
    expansions: list(p.get('x')).map(decodeExpansion),
    removed: list(p.get('rm')),
    hidden: list(p.get('h')),
    filters: {
      nodeTypes: list(p.get('nt')),
      relTypes: list(p.get('rt')),
      countries: list(p.get('co')),
      meetingStatuses: list(p.get('ms')),
      citationStatuses: list(p.get('cs')),
      after: day(p.get('after')),
      before: day(p.get('before')),
      asOf: day(p.get('asof')),
    },
    layout: isLayoutName(layout) ? layout : 'fcose',
    load: p.get('load'),
    added: { nodes: list(p.get('an')), edges: list(p.get('ae')) },
    pins: decodePins(p.get('pin')),
    seed: seed && /^\d{1,10}$/.test(seed) && Number(seed) <= 0xffffffff ? Number(seed) : null,
    positions: decodePositions(p.get('pos')),
    viewport: decodeViewport(p.get('vp')),
    // Only when the link has some, so that a link from before groups reads exactly as it did.
    ...(p.get('grp') ? { groups: list(p.get('grp')).flatMap((g) => decodeGroup(g) ?? []) } : {}),
  };
}
