// The one place for layout choices: force-directed (fcose) by default, concentric around the focus,
// hierarchical (dagre, breadthfirst past a few hundred nodes) and chronological (meetings left to
// right by date on a time axis, everything else near its meetings). Adding nodes never reshuffles
// the picture, and every layout is deterministic: a run draws its random numbers from a PRNG seeded
// by the view's seed and the elements laid out, so the same view gives the same picture anywhere.
import cytoscape, { type Collection, type Core, type LayoutOptions, type NodeCollection, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';

import { propertyPeriod, type Period } from './dates';
import { usesWorkerLayout } from './fa2-core';
import { runForceAtlas2, type Fa2Run } from './fa2-layout';
import { hashString, type LayoutName } from './layout-names';
import { seededRandom } from './shared/prng';

export { hashString };

cytoscape.use(fcose);
cytoscape.use(dagre);

/** Past this many nodes dagre takes seconds; breadthfirst gives a similar picture at once. */
export const DAGRE_MAX_NODES = 300;

export interface LayoutRun {
  /** Resolves when the nodes have stopped moving. */
  done: Promise<void>;
  warning?: string;
}

export interface LayoutOptionsIn {
  /** Start from the nodes' current places and only nudge them (the view grew). */
  incremental: boolean;
  focus: string | null;
  /** The view's layout seed (permalink `seed`, else derived from the view: see viewSeed). */
  seed?: number;
  /** Known places (a permalink's positions): drawn as they are, no layout runs. */
  positions?: ReadonlyMap<string, { x: number; y: number }>;
}

/** mulberry32 (shared/prng.ts): same seed, same sequence. */
export { seededRandom };

/** The seed of a view that has none in its permalink: from what it is about (focus or handed-over graph). */
export const viewSeed = (about: string | null): number => hashString(about ?? '');

/**
 * Runs fn with Math.random replaced by a seeded PRNG. fcose (and cose-base under it) call
 * Math.random synchronously inside layout.run(), so this makes their pictures reproducible.
 */
export function withSeed<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** A node's offset from the node it came from, from its id: the same node lands in the same place. */
export function jitter(id: string, spread = 120): { dx: number; dy: number } {
  const r = seededRandom(hashString(id));
  return { dx: (r() - 0.5) * spread, dy: (r() - 0.5) * spread };
}

/**
 * The layout that suits a view that has not been given one: chronological when it is mostly
 * meetings (at least 8 dated, and at least 60 % of its entities) spread over two years or more,
 * where the order in time is the story; force-directed otherwise (people, organisations, posts).
 */
export function suitedLayout(eles: Collection): LayoutName {
  const entities = eles.nodes().not('.more');
  const periods = entities
    .filter((n) => n.data('type') === 'Meeting')
    .map((m) => meetingPeriod(m as NodeSingular))
    .filter((p): p is Period => p !== null);
  if (periods.length < 8 || periods.length < 0.6 * entities.length) return 'fcose';
  const first = Math.min(...periods.map((p) => p.start));
  const last = Math.max(...periods.map((p) => p.end));
  return last - first >= 2 * 365 * 86_400_000 ? 'chrono' : 'fcose';
}

/** BFS depth of every node from the focus (unreachable nodes get the largest depth + 1). */
function depths(eles: Collection, focus: NodeSingular | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!focus || focus.empty()) return out;
  eles.bfs({ roots: focus, visit: (v, _e, _u, _i, depth) => void out.set(v.id(), depth), directed: false });
  return out;
}

/** A meeting's date (fuzzy: "2019", "2019-06" or a day) as the period it stands for. */
export function meetingPeriod(m: NodeSingular): Period | null {
  return propertyPeriod((m.data('raw')?.properties ?? {}) as Record<string, unknown>, 'date');
}

/**
 * How the chronological layout mapped time to x: (time, x) anchors in increasing order, one per
 * dated meeting (at the middle of its period), and the scale used beyond them. The time axis
 * (time-axis.ts) interpolates between anchors, so its ticks agree with where the meetings are
 * even where same-day meetings were pushed apart.
 */
export interface TimeScale {
  anchors: Array<{ t: number; x: number }>;
  pxPerMs: number;
  /** Dated meetings: id and period, for the axis's spans of imprecise dates. */
  meetings: Array<{ id: string; period: Period }>;
}

/** Where the chronological layout keeps its time scale, for the axis. */
export const TIME_SCALE_KEY = 'liaisonTimeScale';

/** The x of a moment on a time scale: between anchors linearly, beyond them at the scale's rate. */
export function timeToX(scale: TimeScale, t: number): number {
  const a = scale.anchors;
  if (a.length === 0) return 0;
  if (t <= a[0]!.t) return a[0]!.x - (a[0]!.t - t) * scale.pxPerMs;
  const last = a[a.length - 1]!;
  if (t >= last.t) return last.x + (t - last.t) * scale.pxPerMs;
  let lo = 0;
  let hi = a.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (a[mid]!.t <= t) lo = mid;
    else hi = mid;
  }
  const p = a[lo]!;
  const q = a[hi]!;
  return q.t === p.t ? p.x : p.x + ((t - p.t) / (q.t - p.t)) * (q.x - p.x);
}

/** Meetings by date on the x axis, others above (people) or below, near their meetings; with the time scale. */
export function chronological(eles: Collection): { positions: Map<string, { x: number; y: number }>; scale: TimeScale } {
  const pos = new Map<string, { x: number; y: number }>();
  const nodes = eles.nodes();
  const meetings = nodes.filter((n) => n.data('type') === 'Meeting');
  const mid = (p: Period) => (p.start + p.end) / 2;
  // Ties (same day) in id order, so that the picture does not depend on the order nodes arrived in.
  const dated = meetings
    .map((m) => ({ m, p: meetingPeriod(m as NodeSingular) }))
    .sort((a, b) => (a.p ? mid(a.p) : Infinity) - (b.p ? mid(b.p) : Infinity) || (a.m.id() < b.m.id() ? -1 : 1));
  const withDate = dated.filter((d) => d.p);
  const first = withDate[0]?.p ? mid(withDate[0].p) : 0;
  const lastMid = withDate.at(-1)?.p;
  const last = lastMid ? mid(lastMid) : first;
  // Time-proportional, but never closer than MIN_GAP, so same-day meetings stay readable.
  const MIN_GAP = 130;
  const span = Math.max(1, last - first);
  const width = Math.max(600, withDate.length * MIN_GAP * 1.5);
  const anchors: TimeScale['anchors'] = [];
  let prevX = -Infinity;
  for (const { m, p } of dated) {
    const ideal = p ? ((mid(p) - first) / span) * width : prevX + MIN_GAP * 1.5;
    const x = Math.max(ideal, prevX + MIN_GAP);
    prevX = x;
    pos.set(m.id(), { x, y: 0 });
    // Meetings of one moment pushed apart span [first x, last x]: the moment maps to the first and
    // the next millisecond to the last, so no tick of another moment falls between them.
    if (p) {
      const t = mid(p);
      const prev = anchors.at(-1);
      const prev2 = anchors.at(-2);
      if (prev && prev.t === t) anchors.push({ t: t + 1, x });
      else if (prev && prev2 && prev2.t === t && prev.t === t + 1) prev.x = x;
      else anchors.push({ t, x });
    }
  }
  const pxPerMs = withDate.length > 1 && span > 1 ? width / span : width / (365 * 86_400_000);
  // Others: at the mean x of the meetings (or already placed neighbours) they touch, stacked per row.
  const rows: Record<string, number> = { Person: -1, Organization: 1, Country: 2, Topic: 1, Source: 2 };
  const used = new Map<string, number>();
  const others = nodes.filter((n) => !pos.has(n.id())).sort((a, b) => (a.id() < b.id() ? -1 : 1));
  for (let pass = 0; pass < 3; pass++)
    others.forEach((n) => {
      if (pos.has(n.id())) return;
      const xs = n
        .neighborhood('node')
        .map((m) => pos.get(m.id())?.x)
        .filter((x): x is number => x !== undefined);
      if (xs.length === 0 && pass < 2) return;
      const x = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : prevX + MIN_GAP;
      const row = rows[n.data('type') as string] ?? (n.hasClass('more') ? -2 : 1);
      const slot = `${row}:${Math.round(x / 90)}`;
      const k = used.get(slot) ?? 0;
      used.set(slot, k + 1);
      pos.set(n.id(), { x: x + (k % 2) * 45, y: row * 140 + Math.sign(row) * k * 55 });
    });
  const scale: TimeScale = { anchors, pxPerMs, meetings: withDate.map(({ m, p }) => ({ id: m.id(), period: p! })) };
  return { positions: pos, scale };
}

/** Preset positions of the chronological layout (without its time scale). */
export function chronologicalPositions(eles: Collection): Map<string, { x: number; y: number }> {
  return chronological(eles).positions;
}

/**
 * Fitting a handful of nodes would blow them up to several times their size (labels larger than
 * the side panel's text); past this zoom the view is centred instead.
 */
export const MAX_FIT_ZOOM = 1.5;

function capZoom(cy: Core, eles: ReturnType<Core['elements']>): void {
  if (cy.zoom() <= MAX_FIT_ZOOM) return;
  cy.zoom(MAX_FIT_ZOOM);
  cy.center(eles);
}

/** Marks nodes a layout has placed, so that an incremental run knows which ones are new. */
const PLACED = 'placed';

/** The worker layout running on a core, if any: a new layout stops it first. */
const workerRuns = new WeakMap<Core, Fa2Run>();

export function runLayout(cy: Core, name: LayoutName, opts: LayoutOptionsIn): LayoutRun {
  workerRuns.get(cy)?.cancel();
  workerRuns.delete(cy);
  const eles = cy.elements().not('.filtered');
  const nodes = eles.nodes();
  const nodeCount = nodes.length;
  const focus = opts.focus ? cy.getElementById(opts.focus) : null;
  let warning: string | undefined;
  let options: LayoutOptions;
  const common = { fit: true, padding: 40, animate: opts.incremental && nodeCount < 400, animationDuration: 350 };
  const chrono = name === 'chrono' ? chronological(eles) : null;
  if (chrono) cy.scratch(TIME_SCALE_KEY, chrono.scale);
  else cy.removeScratch(TIME_SCALE_KEY);
  const known = opts.positions;
  if (known) {
    // A permalink's picture: every node where it was (pinned ones are locked there already).
    options = {
      name: 'preset',
      ...common,
      animate: false,
      positions: (n: NodeSingular) => known.get(n.id()) ?? n.position(),
    } as LayoutOptions;
  } else if (name === 'concentric') {
    const d = depths(eles, focus);
    const max = Math.max(0, ...d.values()) + 1;
    options = {
      name: 'concentric',
      ...common,
      concentric: (n: NodeSingular) => max - (d.get(n.id()) ?? max),
      levelWidth: () => 1,
      minNodeSpacing: 30,
    } as LayoutOptions;
  } else if (name === 'hierarchy') {
    const roots = focus && focus.nonempty() ? focus : undefined;
    if (nodeCount > DAGRE_MAX_NODES) {
      warning = `${nodeCount} nodes are too many for the hierarchical layout; a breadth-first tree is shown instead.`;
      options = { name: 'breadthfirst', ...common, directed: false, roots, spacingFactor: 1.1 } as LayoutOptions;
    } else options = { name: 'dagre', ...common, rankDir: 'TB', nodeSep: 30, rankSep: 80 } as LayoutOptions;
  } else if (chrono) {
    const pos = chrono.positions;
    options = { name: 'preset', ...common, positions: (n: NodeSingular) => pos.get(n.id()) ?? n.position() } as LayoutOptions;
  } else {
    // Pinned nodes stay where they are; when the view grew, so does every node already placed, and
    // only the new ones find their places around them.
    const fixed = nodes.filter((n) => n.locked() || (opts.incremental && n.data(PLACED) === true));
    options = {
      name: 'fcose',
      ...common,
      quality: nodeCount > 1000 ? 'draft' : 'default',
      // Incremental: start from where the nodes are, so that the picture is only nudged.
      randomize: !opts.incremental,
      nodeRepulsion: 12000,
      idealEdgeLength: 120,
      nodeSeparation: 90,
      ...(fixed.nonempty() && fixed.length < nodeCount
        ? { fixedNodeConstraint: fixed.map((n) => ({ nodeId: n.id(), position: { ...(n as NodeSingular).position() } })) }
        : {}),
    } as LayoutOptions;
    if (fixed.length === nodeCount) options = { name: 'preset', ...common, positions: (n: NodeSingular) => n.position() } as LayoutOptions;
    else if (usesWorkerLayout(nodeCount)) return { done: workerLayout(cy, nodes, fixed, name, opts), warning };
  }
  if (nodeCount === 0) return { done: Promise.resolve(), warning };
  const layout = eles.layout(options);
  const done = new Promise<void>((resolve) =>
    layout.one('layoutstop', () => {
      capZoom(cy, eles);
      nodes.data(PLACED, true);
      resolve();
    }),
  );
  withSeed(runSeed(nodes, name, opts), () => layout.run());
  return { done, warning };
}

/** The run's random numbers depend on the view's seed and on what is laid out, nothing else. */
function runSeed(nodes: NodeCollection, name: LayoutName, opts: LayoutOptionsIn): number {
  const ids = nodes
    .map((n) => n.id())
    .sort()
    .join(',');
  return hashString(`${opts.seed ?? 0}|${name}|${opts.incremental}|${ids}`);
}

/** Big views: ForceAtlas2 in a worker (fa2-layout.ts), drawn as it settles; fitted when it ends. */
function workerLayout(cy: Core, nodes: NodeCollection, fixed: NodeCollection, name: LayoutName, opts: LayoutOptionsIn): Promise<void> {
  const seed = runSeed(nodes, name, opts);
  const fixedIds = new Set(fixed.map((n) => n.id()));
  // Started after the microtasks already queued: a view that just grew past LARGE_VIEW_NODES swaps
  // in its large-view stylesheet in one (graph-view.ts updateDetailLevel), and ForceAtlas2 reads
  // every node's size. Read before the swap, Cytoscape computes every node's style twice, and the
  // second time in the first frame drawn while the layout runs (half a second at 1,500 nodes).
  let started: Fa2Run | null = null;
  let cancelled = false;
  const run: Fa2Run = {
    done: Promise.resolve().then(() => {
      if (cancelled || cy.destroyed()) return;
      started = runForceAtlas2(cy, nodes, {
        fixed: fixedIds,
        incremental: opts.incremental,
        seed,
        random: seededRandom(seed),
        onEnd: () => {
          cy.fit(nodes, 40);
          capZoom(cy, cy.elements().not('.filtered'));
          nodes.data(PLACED, true);
        },
      });
      return started.done;
    }),
    cancel: () => {
      cancelled = true;
      started?.cancel();
    },
  };
  workerRuns.set(cy, run);
  return run.done.finally(() => {
    if (workerRuns.get(cy) === run) workerRuns.delete(cy);
  });
}
