// What a reviewer compares between the two entities of a pair, as data: names, aliases,
// identifiers, properties, sources and neighbours, each marked shared, differing or one-sided, so
// the page highlights the differences without deciding anything itself. Pure (unit-tested).
import type { GraphNode, Neighborhood } from '../api';

/** The two sides of a pair, as the read API gives them. */
export interface Side {
  node: GraphNode;
  neighbors: Neighborhood;
}

export type Mark = 'same' | 'differs' | 'only';

export interface ListItem {
  value: string;
  /** shared by both sides, or found on this side only. */
  mark: 'same' | 'only';
}

export interface PropertyRow {
  key: string;
  a: string | null;
  b: string | null;
  /** same: equal values; differs: both have one and they differ; only: one side has none. */
  mark: Mark;
}

export interface IdentifierItem {
  value: string;
  /** same: both carry it; conflict: the other side has another value of this scheme; only: the other has none. */
  mark: 'same' | 'conflict' | 'only';
}

export interface SourceItem {
  sourceId: string;
  title: string;
  kind: 'quote' | 'record';
  /** The quote, or where the record sits (file:line, row, record id). */
  detail: string;
  mark: 'same' | 'only';
}

export interface NeighborItem {
  id: string;
  name: string;
  type: string;
  relType: string;
  mark: 'same' | 'only';
}

export interface SideView {
  id: string;
  type: string;
  name: string;
  nameMark: 'same' | 'differs';
  aliases: ListItem[];
  identifiers: IdentifierItem[];
  sources: SourceItem[];
  neighbors: NeighborItem[];
  neighborTotal: number;
}

export interface Comparison {
  a: SideView;
  b: SideView;
  properties: PropertyRow[];
  sharedNeighbors: number;
  sharedSources: number;
}

/** Properties shown in their own rows (names, aliases, identifiers) or never shown (long texts stay in the explorer). */
const OWN_ROWS = new Set(['name', 'title', 'aliases', 'identifiers', 'records', 'summary']);

/** Case, accents, punctuation and spacing do not make two names different for the eye. */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function display(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length ? value.map((v) => display(v) ?? '').join(', ') : null;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

function listMarks(mine: string[], theirs: string[]): ListItem[] {
  const other = new Set(theirs.map(foldName));
  return [...new Set(mine)].map((value) => ({ value, mark: other.has(foldName(value)) ? 'same' : 'only' }));
}

const scheme = (identifier: string) => identifier.slice(0, Math.max(0, identifier.indexOf(':'))).toLowerCase();

function identifierMarks(mine: string[], theirs: string[]): IdentifierItem[] {
  const other = new Set(theirs.map((i) => i.toLowerCase()));
  const otherSchemes = new Set(theirs.map(scheme).filter(Boolean));
  return [...new Set(mine)].map((value) => ({
    value,
    mark: other.has(value.toLowerCase()) ? 'same' : otherSchemes.has(scheme(value)) ? 'conflict' : 'only',
  }));
}

function citationDetail(c: NonNullable<GraphNode['citations']>[number]): string {
  if (c.kind === 'quote') return c.quote;
  const where = c.file ? `${c.file}${c.line ? `:${c.line}` : c.row ? ` row ${c.row}` : ''}` : (c.pointer ?? '');
  return [where, c.recordId ? `record ${c.recordId}` : ''].filter(Boolean).join(', ') || c.record;
}

function sources(node: GraphNode, otherSourceIds: Set<string>): SourceItem[] {
  return (node.citations ?? []).map((c) => ({
    sourceId: c.sourceId,
    title: c.title ?? c.sourceId,
    kind: c.kind,
    detail: citationDetail(c),
    mark: otherSourceIds.has(c.sourceId) ? 'same' : 'only',
  }));
}

/** Neighbours other than the pair itself, each with the relationship that joins it. */
function neighbors(side: Side, otherIds: Set<string>, pairIds: Set<string>): NeighborItem[] {
  const byId = new Map(side.neighbors.nodes.map((n) => [n.id, n]));
  const out: NeighborItem[] = [];
  const seen = new Set<string>();
  for (const e of side.neighbors.edges) {
    const otherEnd = e.source === side.node.id ? e.target : e.source;
    if (pairIds.has(otherEnd) || seen.has(otherEnd)) continue;
    const n = byId.get(otherEnd);
    if (!n) continue;
    seen.add(otherEnd);
    out.push({ id: n.id, name: n.name, type: n.type, relType: e.type, mark: otherIds.has(n.id) ? 'same' : 'only' });
  }
  // Shared neighbours first: they are the evidence.
  return out.sort((x, y) => (x.mark === y.mark ? 0 : x.mark === 'same' ? -1 : 1));
}

const neighborIds = (s: Side) => new Set(s.neighbors.nodes.map((n) => n.id).filter((id) => id !== s.node.id));
const sourceIds = (n: GraphNode) => new Set((n.citations ?? []).map((c) => c.sourceId));

export function compare(a: Side, b: Side): Comparison {
  const pa = a.node.properties;
  const pb = b.node.properties;
  const keys = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].filter((k) => !OWN_ROWS.has(k) && !k.endsWith('Precision')).sort();
  const properties: PropertyRow[] = keys.map((key) => {
    const va = display(pa[key]);
    const vb = display(pb[key]);
    return { key, a: va, b: vb, mark: va === null || vb === null ? 'only' : foldName(va) === foldName(vb) ? 'same' : 'differs' };
  });
  const pair = new Set([a.node.id, b.node.id]);
  const sameName = foldName(a.node.name) === foldName(b.node.name);
  const side = (me: Side, other: Side): SideView => ({
    id: me.node.id,
    type: me.node.type,
    name: me.node.name,
    nameMark: sameName ? 'same' : 'differs',
    aliases: listMarks(strings(me.node.properties.aliases), [other.node.name, ...strings(other.node.properties.aliases)]),
    identifiers: identifierMarks(strings(me.node.properties.identifiers), strings(other.node.properties.identifiers)),
    sources: sources(me.node, sourceIds(other.node)),
    neighbors: neighbors(me, neighborIds(other), pair),
    neighborTotal: me.neighbors.counts.total,
  });
  const na = neighborIds(a);
  const sa = sourceIds(a.node);
  return {
    a: side(a, b),
    b: side(b, a),
    properties,
    sharedNeighbors: [...neighborIds(b)].filter((id) => na.has(id) && !pair.has(id)).length,
    sharedSources: [...sourceIds(b.node)].filter((id) => sa.has(id)).length,
  };
}
