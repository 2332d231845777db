// Read operations on the graph that the API offers: search, one node with its citations,
// neighbourhoods page by page, shortest paths. Routes stay thin; tests call these directly too.
import type { Node, Path, Relationship } from 'neo4j-driver';

import type { Executor } from '../db/executor';
import { toJson, type Json } from '../db/values';
import { BadRequestError, NotFoundError } from '../errors';
import { luceneQuery } from '../names/keys';
import { formatFuzzyDate } from '../schema/fuzzy-date';
import { RELATIONSHIP_TYPE_NAMES } from '../schema/model';
import { apiEdge, apiNode, idMap, type ApiCitation, type ApiEdge, type ApiNode } from './serialize';

export interface SearchHit {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  score: number;
  posts: Array<{ title: string; organization: string }>;
  country: string | null;
  date: string | null;
}

export async function search(executor: Executor, q: string, types: string[] | null, limit: number): Promise<SearchHit[]> {
  const lucene = luceneQuery(q);
  if (!lucene) return [];
  const result = await executor.read<{ node: Node; score: number; posts: Array<{ title: string; organization: string }> }>(
    'queries/search-entities',
    { q: lucene, types, limit },
  );
  return result.records.map((r) => {
    const n = apiNode(r.get('node'));
    const p = n.properties;
    return {
      id: n.id,
      type: n.type,
      name: n.name,
      aliases: Array.isArray(p.aliases) ? (p.aliases as string[]) : [],
      score: Math.round(r.get('score') * 1000) / 1000,
      posts: r.get('posts'),
      country:
        typeof p.country === 'string'
          ? p.country
          : typeof p.nationality === 'string'
            ? p.nationality
            : typeof p.code === 'string'
              ? p.code
              : null,
      date: typeof p.date === 'string' ? p.date : null,
    };
  });
}

export async function citationsFor(executor: Executor, factIds: string[]): Promise<Map<string, ApiCitation[]>> {
  const out = new Map<string, ApiCitation[]>();
  if (factIds.length === 0) return out;
  const result = await executor.read<{
    factId: string;
    source: Node;
    quote: string;
    status: string;
    lang: string | null;
    note: string | null;
  }>('queries/citations-for-facts', { factIds });
  for (const r of result.records) {
    const s = r.get('source').properties as Record<string, unknown>;
    const published = s.published ? formatFuzzyDate(String(toJson(s.published)), s.publishedPrecision) : null;
    const list = out.get(r.get('factId')) ?? [];
    list.push({
      sourceId: String(s.id),
      title: typeof s.title === 'string' ? s.title : null,
      publisher: typeof s.publisher === 'string' ? s.publisher : null,
      url: typeof s.url === 'string' ? s.url : null,
      published,
      quote: r.get('quote'),
      status: r.get('status'),
      lang: r.get('lang'),
      note: r.get('note'),
    });
    out.set(r.get('factId'), list);
  }
  return out;
}

export async function getNode(executor: Executor, id: string): Promise<ApiNode & { citations: ApiCitation[] }> {
  const result = await executor.read<{ n: Node }>('queries/node', { id });
  const record = result.records[0];
  if (!record) throw new NotFoundError(`No entity with id "${id}".`, { id });
  const node = apiNode(record.get('n'));
  const citations = (await citationsFor(executor, [id])).get(id) ?? [];
  return { ...node, citations };
}

async function withCitations(executor: Executor, edges: ApiEdge[]): Promise<ApiEdge[]> {
  const cites = await citationsFor(
    executor,
    edges.map((e) => e.id),
  );
  return edges.map((e) => ({ ...e, citations: cites.get(e.id) ?? [] }));
}

export function parseRelTypes(value: string | undefined): string[] {
  if (!value) return [...RELATIONSHIP_TYPE_NAMES];
  const types = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (types.length === 0)
    throw new BadRequestError('relTypes names no relationship type; leave it out to follow all.', { param: 'relTypes' });
  const unknown = types.filter((t) => !(RELATIONSHIP_TYPE_NAMES as string[]).includes(t));
  if (unknown.length > 0)
    throw new BadRequestError(`Unknown relationship type ${unknown.join(', ')}; known: ${RELATIONSHIP_TYPE_NAMES.join(', ')}.`, {
      param: 'relTypes',
    });
  return types;
}

/** Opaque cursor for the next page of neighbours; it encodes how many were already returned. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new BadRequestError('The cursor is not one this server issued; start again without it.', { param: 'cursor' });
  return Number(m[1]);
}

export interface Neighborhood {
  nodes: ApiNode[];
  edges: ApiEdge[];
  counts: { byRelType: Record<string, number>; total: number };
  nextCursor: string | null;
}

export async function neighbors(executor: Executor, id: string, relTypes: string[], limit: number, cursor?: string): Promise<Neighborhood> {
  const skip = decodeCursor(cursor);
  const [counts, page] = await Promise.all([
    executor.read<{ relType: string; count: number }>('queries/neighbor-counts', { id, relTypes }),
    executor.read<{ n: Node; r: Relationship; m: Node }>('queries/neighbors', { id, relTypes, skip, limit }),
  ]);
  const byRelType: Record<string, number> = {};
  let total = 0;
  for (const r of counts.records) {
    const c = Number(toJson(r.get('count')));
    byRelType[r.get('relType')] = c;
    total += c;
  }
  if (page.records.length === 0 && total === 0) {
    // An entity with no neighbours and an id that does not exist look alike here; tell them apart.
    await getNode(executor, id);
  }
  const nodes = new Map<string, Node>();
  const rels: Relationship[] = [];
  for (const r of page.records) {
    nodes.set(r.get('n').elementId, r.get('n'));
    nodes.set(r.get('m').elementId, r.get('m'));
    rels.push(r.get('r'));
  }
  const ids = idMap(nodes.values());
  const edges = await withCitations(
    executor,
    rels.map((r) => apiEdge(r, ids)),
  );
  const next = skip + page.records.length;
  return {
    nodes: [...nodes.values()].map(apiNode),
    edges,
    counts: { byRelType, total },
    nextCursor: next < total ? encodeCursor(next) : null,
  };
}

export interface PathsResult {
  nodes: ApiNode[];
  edges: ApiEdge[];
  paths: Array<{ nodes: string[]; edges: string[]; length: number }>;
}

export async function shortestPaths(
  executor: Executor,
  from: string,
  to: string,
  options: { maxHops: number; relTypes: string[]; limit: number },
): Promise<PathsResult> {
  if (from === to) throw new BadRequestError('A path needs two different entities.', { param: 'to' });
  await Promise.all([getNode(executor, from), getNode(executor, to)]);
  const result = await executor.read<{ p: Path }>('queries/shortest-paths', { from, to, ...options });
  const nodes = new Map<string, Node>();
  const rels = new Map<string, Relationship>();
  const paths: PathsResult['paths'] = [];
  for (const record of result.records) {
    const p = record.get('p');
    nodes.set(p.start.elementId, p.start);
    for (const s of p.segments) {
      nodes.set(s.end.elementId, s.end);
      rels.set(s.relationship.elementId, s.relationship);
    }
  }
  const ids = idMap(nodes.values());
  for (const record of result.records) {
    const p = record.get('p');
    paths.push({
      nodes: [p.start, ...p.segments.map((s) => s.end)].map((n) => ids.get(n.elementId)!),
      edges: p.segments.map((s) => String((s.relationship.properties as Record<string, Json>).id)),
      length: p.length,
    });
  }
  const edges = await withCitations(
    executor,
    [...rels.values()].map((r) => apiEdge(r, ids)),
  );
  return { nodes: [...nodes.values()].map(apiNode), edges, paths };
}
