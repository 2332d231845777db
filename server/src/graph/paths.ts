// Path search between two entities: the shortest simple paths over domain relationships, with hubs
// avoided, relationship types left out and, if asked, meetings in chronological order within a window.
//
// Two algorithms, and the answer says which ran (PathSearchResult.algorithm):
//  - 'all-shortest', for a plain search (shortest paths only, no time order, no window, no hub
//    avoidance): one Cypher ALL SHORTEST pattern (queries/paths-shortest), Neo4j's own
//    bidirectional search; the paths of the shortest length are ranked here as below and k kept.
//  - 'layered' for the rest. Neo4j 5.26 takes neither the path count nor the hop bound as
//    parameters; a chronological order is a whole-path predicate that it can only check on complete
//    paths; hub avoidance exempts the ends, and longer alternatives must be simple paths, where
//    SHORTEST k GROUPS gives trails (an entity may come twice). So the database does what it is
//    good at (expanding a frontier, reading degrees from the degree store, one transaction with one
//    timeout) and this module does the rest in memory:
//  1. Grow two balls, around `from` and around `to`, one layer at a time (the smaller frontier first),
//     through `queries/paths-expand`. Once their radii add up to L, every path of length ≤ L lies
//     inside them (each hop has an end in the interior of one ball), so paths of length L can be
//     enumerated exactly, round by round, L = 1 … maxHops.
//  2. Enumerate simple paths of exactly length L depth-first, pruned by the distance to `to` in the
//     loaded graph and by the chronological order, which holds for a prefix or fails for every path
//     that extends it.
// Everything is bounded: maxHops ≤ 10, k ≤ 20, a row budget for what is loaded, a step budget for
// the enumeration, and one timeout for the whole search (the read transaction's, set through the
// Executor, and a deadline for the work in memory).
import type { Node, Relationship } from 'neo4j-driver';

import type { Executor, NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { TimeoutError } from '../errors';
import { formatFuzzyDate } from '../schema/fuzzy-date';
import { NODE_TYPES } from '../schema/model';
import { FUZZY_DATE_PATTERN } from '../schema/validators';
import { domainLabel } from './serialize';

export const MAX_HOPS = 10;
export const MAX_PATHS = 20;
export const DEFAULT_PATHS = 3;
/** Time allowed to one path search, database and memory together. */
export const PATH_SEARCH_TIMEOUT_MS = 10_000;
/** Links the search may load before it gives up and asks for a narrower search. */
export const MAX_LOADED_LINKS = 200_000;
/** Extension steps of the in-memory enumeration before it gives up (a guard against path explosions). */
const MAX_STEPS = 2_000_000;
/** Paths of one length gathered before ranking them; enough to rank, bounded when thousands tie. */
const RANK_POOL = 1_000;
/** The one node type that is dated and ordered in time. */
const EVENT_LABEL = NODE_TYPES.Meeting.label;

// ----- Time: fuzzy dates as periods of whole days -----

/** A half-open period of whole days [start, end), counted from 1970-01-01 (UTC). */
export interface DayPeriod {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;

/**
 * The days a fuzzy date stands for: "2019-09-04" one day, "2019-08" all of August, "2019" the year.
 * Liaison claims no more than a source says, so a month-precision date is any day of its month.
 */
export function fuzzyPeriod(value: string): DayPeriod {
  const m = FUZZY_DATE_PATTERN.exec(value);
  if (!m) throw new Error(`not a fuzzy date: ${value}`);
  const year = Number(m[1]);
  if (m[2] === undefined) return { start: Date.UTC(year, 0, 1) / DAY_MS, end: Date.UTC(year + 1, 0, 1) / DAY_MS };
  const month = Number(m[2]) - 1;
  if (m[3] === undefined) return { start: Date.UTC(year, month, 1) / DAY_MS, end: Date.UTC(year, month + 1, 1) / DAY_MS };
  const start = Date.UTC(year, month, Number(m[3])) / DAY_MS;
  return { start, end: start + 1 };
}

/** A meeting's period, from its first day to the last day of its end date (if it lasted several days). */
export function meetingPeriod(date: string | null, endDate: string | null): DayPeriod | null {
  if (!date) return null;
  const first = fuzzyPeriod(date);
  const last = endDate ? fuzzyPeriod(endDate) : first;
  return { start: first.start, end: Math.max(first.end, last.end) };
}

/** The window [after, before], both inclusive and fuzzy: after=2019-08 starts on 1 August, before=2019-08 ends on 31 August. */
export function timeWindow(after: string | null | undefined, before: string | null | undefined): DayPeriod | null {
  if (!after && !before) return null;
  return { start: after ? fuzzyPeriod(after).start : -Infinity, end: before ? fuzzyPeriod(before).end : Infinity };
}

export function overlaps(p: DayPeriod, window: DayPeriod): boolean {
  return p.start < window.end && window.start < p.end;
}

/**
 * One more meeting on a time-respecting walk. `t` is the earliest day the walk so far can have
 * reached (−∞ before any meeting); the next meeting must leave a day ≥ t inside its own period.
 * Fuzzy dates are read leniently, like the window: "2019-08" then "2019-08-10" is in order, since
 * the first may have been on any day up to the 10th. Returns the new `t`, or null when out of order.
 */
export function nextInTime(t: number, p: DayPeriod): number | null {
  const next = Math.max(t, p.start);
  return next < p.end ? next : null;
}

// ----- The search -----

export interface PathSearchOptions {
  /** Longest path, in hops (1 … MAX_HOPS). */
  maxHops: number;
  /** Relationship types a path may use (already validated against the schema). */
  relTypes: string[];
  /** Number of paths wanted (1 … MAX_PATHS). */
  k: number;
  /** false: only paths of the shortest length; true: then longer ones, up to maxHops, until there are k. */
  alternatives?: boolean;
  /** Intermediate entities with more domain relationships than this are not passed through. */
  avoidHubsAbove?: number | null;
  /** Meetings along the path, from `from` to `to`, in chronological order (undated meetings cannot be placed). */
  timeRespecting?: boolean;
  /** Inclusive fuzzy window: meetings outside it (or undated) are not passed through. */
  after?: string | null;
  before?: string | null;
  timeoutMs?: number;
  /** 'layered' runs the layered search even for a plain search (to compare the two); default: chosen by the options. */
  algorithm?: 'auto' | 'layered';
}

/** Which search ran: Cypher's ALL SHORTEST, or the layered search of this module. */
export type PathAlgorithm = 'all-shortest' | 'layered';

/** The native search serves plain searches; the layered one whatever needs more than shortest paths over types. */
export function pathAlgorithm(options: PathSearchOptions): PathAlgorithm {
  if (options.algorithm === 'layered') return 'layered';
  const plain =
    !options.timeRespecting && !options.after && !options.before && (options.avoidHubsAbove ?? null) === null && !options.alternatives;
  return plain ? 'all-shortest' : 'layered';
}

/** An end of the search, as getNode gives it: its type and (for a meeting) its fuzzy dates. */
export interface PathEnd {
  id: string;
  type: string;
  properties: Record<string, unknown>;
}

/** One hop as the search saw it, walking from `from` to `to`. */
export interface Hop {
  from: string;
  to: string;
  edge: string;
  type: string;
}

export interface FoundPath {
  nodes: string[];
  hops: Hop[];
}

export interface PathSearchResult {
  algorithm: PathAlgorithm;
  paths: FoundPath[];
  /** The driver's nodes and relationships of every path, loaded in the search's transaction. */
  nodes: Node[];
  relationships: Relationship[];
}

interface Link {
  edge: string;
  edgeElementId: string;
  type: string;
  other: string;
  /** Not reported (speculative or disputed): ranked after reported links of the same length. */
  weak: boolean;
}

interface Vertex {
  elementId: string | null;
  isEvent: boolean;
  /** The meeting's period; null for an undated meeting; unused for other types. */
  period: DayPeriod | null;
}

interface Side {
  frontier: string[];
  seen: Set<string>;
}

interface ExpandRow {
  from: string;
  fromElementId: string;
  edge: string;
  edgeElementId: string;
  type: string;
  status: string | null;
  to: string;
  toElementId: string;
  labels: string[];
  date: unknown;
  datePrecision: unknown;
  endDate: unknown;
  endDatePrecision: unknown;
}

const fuzzy = (value: unknown, precision: unknown): string | null => {
  const json = toJson(value);
  return typeof json === 'string' ? formatFuzzyDate(json, precision) : null;
};

/** Among paths of one length, those resting on reported links come first; then a stable order (by their links' ids). */
function rankPaths(found: Array<{ path: FoundPath; weak: number }>): FoundPath[] {
  const keyed = found.map((f) => ({ ...f, key: f.path.hops.map((h) => h.edge).join('\u0000') }));
  keyed.sort((a, b) => a.weak - b.weak || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((f) => f.path);
}

/** The in-memory part: the graph loaded so far and the enumeration over it. */
class SearchGraph {
  readonly vertices = new Map<string, Vertex>();
  readonly links = new Map<string, Link[]>();
  private readonly linkIds = new Map<string, Set<string>>();
  readonly expanded = new Set<string>();
  loadedRows = 0;
  private steps = 0;
  private sorted = true;

  constructor(
    private readonly options: PathSearchOptions,
    private readonly window: DayPeriod | null,
    private readonly deadline: number,
  ) {}

  /** Whether a path may pass through (or end at) a vertex: a meeting must be placeable in time if asked. */
  admissible(v: Vertex): boolean {
    if (!v.isEvent) return true;
    if (this.window) return v.period !== null && overlaps(v.period, this.window);
    return !this.options.timeRespecting || v.period !== null;
  }

  addVertex(id: string, v: Vertex): void {
    const known = this.vertices.get(id);
    if (!known) this.vertices.set(id, v);
    else if (!known.elementId) known.elementId = v.elementId;
  }

  addLink(a: string, link: Link): void {
    const ids = this.linkIds.get(a) ?? new Set<string>();
    if (ids.has(link.edgeElementId)) return;
    ids.add(link.edgeElementId);
    this.linkIds.set(a, ids);
    const list = this.links.get(a) ?? [];
    list.push(link);
    this.links.set(a, list);
  }

  /** Reads one page of expansion rows into the graph. */
  absorb(rows: ExpandRow[]): void {
    for (const r of rows) {
      this.addVertex(r.from, { elementId: r.fromElementId, isEvent: false, period: null });
      const v: Vertex = {
        elementId: r.toElementId,
        isEvent: domainLabel(r.labels) === EVENT_LABEL,
        period: meetingPeriod(fuzzy(r.date, r.datePrecision), fuzzy(r.endDate, r.endDatePrecision)),
      };
      if (!this.admissible(v)) continue;
      this.addVertex(r.to, v);
      const weak = r.status !== 'reported';
      this.addLink(r.from, { edge: r.edge, edgeElementId: r.edgeElementId, type: r.type, other: r.to, weak });
      this.addLink(r.to, { edge: r.edge, edgeElementId: r.edgeElementId, type: r.type, other: r.from, weak });
    }
    this.sorted = false;
  }

  /** Reported links first, then by id: the enumeration meets the best-ranked paths first, in the same order every time. */
  private sortLinks(): void {
    if (this.sorted) return;
    for (const list of this.links.values())
      list.sort((a, b) => Number(a.weak) - Number(b.weak) || (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0));
    this.sorted = true;
  }

  /** The next layer of a side: admissible neighbours of its frontier not seen from that side yet. */
  advance(side: Side): void {
    const next: string[] = [];
    for (const id of side.frontier)
      for (const link of this.links.get(id) ?? [])
        if (!side.seen.has(link.other)) {
          side.seen.add(link.other);
          next.push(link.other);
        }
    side.frontier = next;
  }

  /** Hop distances to `to` within the loaded graph: a lower bound that prunes the enumeration. */
  distancesTo(to: string): Map<string, number> {
    const dist = new Map<string, number>([[to, 0]]);
    let layer = [to];
    while (layer.length > 0) {
      const next: string[] = [];
      for (const id of layer)
        for (const link of this.links.get(id) ?? [])
          if (!dist.has(link.other)) {
            dist.set(link.other, dist.get(id)! + 1);
            next.push(link.other);
          }
      layer = next;
    }
    return dist;
  }

  private tick(): void {
    this.steps++;
    if (this.steps > MAX_STEPS)
      throw new TimeoutError(
        `The path search explored more than ${MAX_STEPS.toLocaleString('en')} partial paths; narrow it (avoidHubsAbove, fewer relationship types, fewer hops).`,
      );
    if (this.steps % 10_000 === 0) this.checkDeadline();
  }

  checkDeadline(): void {
    if (Date.now() > this.deadline)
      throw new TimeoutError(
        'The path search ran past its time limit and was stopped; narrow it (avoidHubsAbove, fewer relationship types, fewer hops).',
      );
  }

  /** All simple paths of exactly `length` hops from `from` to `to` in the loaded graph (up to `pool`), ranked. */
  pathsOfLength(from: string, to: string, length: number, pool: number): FoundPath[] {
    this.sortLinks();
    const dist = this.distancesTo(to);
    if ((dist.get(from) ?? Infinity) > length) return [];
    const timed = this.options.timeRespecting === true;
    const found: Array<{ path: FoundPath; weak: number }> = [];
    const nodes = [from];
    const hops: Link[] = [];
    const onPath = new Set([from]);
    const start = this.vertices.get(from);
    const t0 = timed && start?.isEvent ? nextInTime(-Infinity, start.period!) : -Infinity;
    if (t0 === null) return [];

    const walk = (at: string, t: number): void => {
      for (const link of this.links.get(at) ?? []) {
        if (found.length >= pool) return;
        const next = link.other;
        if (onPath.has(next)) continue;
        const depth = hops.length + 1;
        if (next !== to && depth + (dist.get(next) ?? Infinity) > length) continue;
        if (next === to && depth !== length) continue;
        this.tick();
        const v = this.vertices.get(next)!;
        const t2 = timed && v.isEvent ? nextInTime(t, v.period!) : t;
        if (t2 === null) continue;
        nodes.push(next);
        hops.push(link);
        if (next === to) {
          const path: FoundPath = {
            nodes: [...nodes],
            hops: hops.map((h, i) => ({ from: nodes[i]!, to: nodes[i + 1]!, edge: h.edge, type: h.type })),
          };
          found.push({ path, weak: hops.filter((h) => h.weak).length });
        } else {
          onPath.add(next);
          walk(next, t2);
          onPath.delete(next);
        }
        nodes.pop();
        hops.pop();
      }
    };
    walk(from, t0);
    return rankPaths(found);
  }

  elementIdsOf(paths: FoundPath[]): { nodeIds: string[]; relIds: string[] } {
    const nodeIds = new Set<string>();
    const relIds = new Set<string>();
    for (const p of paths) {
      for (const id of p.nodes) nodeIds.add(this.vertices.get(id)!.elementId!);
      for (const h of p.hops) {
        const link = this.links.get(h.from)!.find((l) => l.edge === h.edge && l.other === h.to)!;
        relIds.add(link.edgeElementId);
      }
    }
    return { nodeIds: [...nodeIds], relIds: [...relIds] };
  }
}

function endVertex(end: PathEnd): Vertex {
  const isEvent = end.type === EVENT_LABEL;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return { elementId: null, isEvent, period: isEvent ? meetingPeriod(str(end.properties.date), str(end.properties.endDate)) : null };
}

/**
 * The paths between two existing, different entities. Paths are simple (no entity twice), ordered
 * by length; see PathSearchOptions for the rest. Runs in one read transaction.
 */
export async function searchPaths(executor: Executor, from: PathEnd, to: PathEnd, options: PathSearchOptions): Promise<PathSearchResult> {
  const timeoutMs = options.timeoutMs ?? PATH_SEARCH_TIMEOUT_MS;
  return executor.transaction('read', (tx) => searchPathsIn(tx, from, to, options), {
    timeoutMs,
    context: `the path search (queries/${pathAlgorithm(options) === 'all-shortest' ? 'paths-shortest' : 'paths-expand'})`,
  });
}

/**
 * The same search inside the caller's read transaction (whose timeout should be options.timeoutMs);
 * safe to repeat, as the driver's retries of a transaction need.
 */
export async function searchPathsIn(tx: NamedTx, from: PathEnd, to: PathEnd, options: PathSearchOptions): Promise<PathSearchResult> {
  const timeoutMs = options.timeoutMs ?? PATH_SEARCH_TIMEOUT_MS;
  const maxHops = Math.min(Math.max(1, options.maxHops), MAX_HOPS);
  const k = Math.min(Math.max(1, options.k), MAX_PATHS);
  const window = timeWindow(options.after, options.before);
  if (pathAlgorithm(options) === 'all-shortest') return allShortest(tx, from, to, { ...options, maxHops, k });
  // Built here, not once outside: a retried transaction starts afresh.
  const graph = new SearchGraph(options, window, Date.now() + timeoutMs);
  const empty: PathSearchResult = { algorithm: 'layered', paths: [], nodes: [], relationships: [] };
  const fromVertex = endVertex(from);
  const toVertex = endVertex(to);
  if (!graph.admissible(fromVertex) || !graph.admissible(toVertex)) return empty;
  graph.addVertex(from.id, fromVertex);
  graph.addVertex(to.id, toVertex);
  const sides: Record<'from' | 'to', Side> = {
    from: { frontier: [from.id], seen: new Set([from.id]) },
    to: { frontier: [to.id], seen: new Set([to.id]) },
  };
  const paths: FoundPath[] = [];
  let complete = false;
  for (let length = 1; length <= maxHops && paths.length < k; length++) {
    if (!complete) {
      const side = sides.from.frontier.length <= sides.to.frontier.length ? sides.from : sides.to;
      await expand(tx, graph, side, [from.id, to.id], options);
      graph.checkDeadline();
      // A side with nothing left to expand holds its end's whole component: nothing more to load.
      const exhausted = [sides.from, sides.to].find((s) => s.frontier.length === 0);
      if (exhausted) {
        if (!exhausted.seen.has(exhausted === sides.from ? to.id : from.id)) return empty;
        complete = true;
      }
    }
    const ofLength = graph.pathsOfLength(from.id, to.id, length, Math.max(RANK_POOL, k));
    paths.push(...ofLength.slice(0, k - paths.length));
    if (paths.length > 0 && !options.alternatives) break;
  }
  if (paths.length === 0) return empty;
  const { nodeIds, relIds } = graph.elementIdsOf(paths);
  const loaded = await tx.run<{ nodes: Node[]; rels: Relationship[] }>('queries/paths-elements', { nodeIds, relIds });
  const record = loaded.records[0];
  return { algorithm: 'layered', paths, nodes: record?.get('nodes') ?? [], relationships: record?.get('rels') ?? [] };
}

interface ShortestRow {
  nodes: string[];
  nodeElementIds: string[];
  rels: Array<{ edge: string; type: string; status: string | null; elementId: string }>;
}

/** A plain search by Cypher's ALL SHORTEST: the same paths, in the same order, as the layered search finds. */
async function allShortest(tx: NamedTx, from: PathEnd, to: PathEnd, options: PathSearchOptions): Promise<PathSearchResult> {
  const result = await tx.run<ShortestRow>('queries/paths-shortest', {
    from: from.id,
    to: to.id,
    relTypes: options.relTypes,
    maxHops: options.maxHops,
    pool: Math.max(RANK_POOL, options.k),
  });
  const rows = result.records.map((r) => r.toObject());
  const found = rows.map((row) => ({
    path: {
      nodes: row.nodes,
      hops: row.rels.map((h, i) => ({ from: row.nodes[i]!, to: row.nodes[i + 1]!, edge: h.edge, type: h.type })),
    },
    weak: row.rels.filter((h) => h.status !== 'reported').length,
  }));
  const paths = rankPaths(found).slice(0, options.k);
  if (paths.length === 0) return { algorithm: 'all-shortest', paths, nodes: [], relationships: [] };
  const kept = new Set(paths);
  const nodeIds = new Set<string>();
  const relIds = new Set<string>();
  found.forEach((f, i) => {
    if (!kept.has(f.path)) return;
    for (const e of rows[i]!.nodeElementIds) nodeIds.add(e);
    for (const h of rows[i]!.rels) relIds.add(h.elementId);
  });
  const loaded = await tx.run<{ nodes: Node[]; rels: Relationship[] }>('queries/paths-elements', {
    nodeIds: [...nodeIds],
    relIds: [...relIds],
  });
  const record = loaded.records[0];
  return { algorithm: 'all-shortest', paths, nodes: record?.get('nodes') ?? [], relationships: record?.get('rels') ?? [] };
}

/** Expands one side's frontier by one layer (nodes already expanded from the other side are not asked for again). */
async function expand(tx: NamedTx, graph: SearchGraph, side: Side, ends: string[], options: PathSearchOptions): Promise<void> {
  const ids = side.frontier.filter((id) => !graph.expanded.has(id));
  if (ids.length > 0) {
    const remaining = MAX_LOADED_LINKS - graph.loadedRows;
    const result = await tx.run<ExpandRow>('queries/paths-expand', {
      ids,
      relTypes: options.relTypes,
      ends,
      avoidHubsAbove: options.avoidHubsAbove ?? null,
      maxRows: remaining + 1,
    });
    if (result.records.length > remaining)
      throw new TimeoutError(
        `The path search would load more than ${MAX_LOADED_LINKS.toLocaleString('en')} links; narrow it (avoidHubsAbove, fewer relationship types, fewer hops).`,
      );
    graph.loadedRows += result.records.length;
    graph.absorb(result.records.map((r) => r.toObject()));
    for (const id of ids) graph.expanded.add(id);
  }
  graph.advance(side);
}
