// Read operations on the graph that the API offers: search, one node with its citations,
// neighbourhoods page by page, shortest paths. Routes stay thin; tests call these directly too.
import type { Node, QueryResult, RecordShape, Relationship } from 'neo4j-driver';

import type { Executor, NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { BadRequestError, NotFoundError, ValidationError } from '../errors';
import { ANALYZER_STOP_WORDS, luceneQuery, phoneticKey, queryTerms } from '../names/keys';
import { canonicalIds } from '../resolve/canonical';
import { formatFuzzyDate } from '../schema/fuzzy-date';
import { NODE_TYPES, RELATIONSHIP_TYPE_NAMES, RELATIONSHIP_TYPES, isRelationshipType } from '../schema/model';
import { PATH_SEARCH_TIMEOUT_MS, pathAlgorithm, searchPathsIn, timeWindow, type PathAlgorithm, type PathSearchOptions } from './paths';
import type { ApiCitation, ApiEdge, ApiNode, Neighborhood, PathStep, PathsResult, SearchHit, SourceFact, SourceFacts } from './api-types';
import { apiEdge, apiNode, idMap } from './serialize';

export type { Neighborhood, PathStep, PathsResult, SearchHit, SourceFact, SourceFacts } from './api-types';

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

/** A row of queries/citations-for-facts (and, with more columns, of queries/citations-behind). */
export interface CitationRow {
  factId: string;
  kind: 'quote' | 'record';
  source: Node;
  quote: string | null;
  status: string;
  lang: string | null;
  note: string | null;
  record: string | null;
  file: string | null;
  line: unknown;
  row: unknown;
  recordId: string | null;
  pointer: string | null;
  raw: string | null;
}

/** Where a read runs: on its own (the executor, a transaction of its own) or inside a caller's transaction. */
export type Reader = Executor | NamedTx;

function readWith<R extends RecordShape>(via: Reader, name: string, params: Record<string, unknown>): Promise<QueryResult<R>> {
  return 'read' in via ? via.read<R>(name, params) : via.run<R>(name, params);
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);
const fuzzy = (props: Record<string, unknown>, key: string) =>
  props[key] ? formatFuzzyDate(String(toJson(props[key])), props[`${key}Precision`]) : null;
const integer = (v: unknown) => {
  const json = toJson(v);
  return typeof json === 'number' ? json : null;
};

/** One row of either kind as the API's citation. */
export function apiCitation(row: Omit<CitationRow, 'factId'>): ApiCitation {
  const s = row.source.properties as Record<string, unknown>;
  const source = {
    sourceId: String(s.id),
    title: text(s.title),
    publisher: text(s.publisher),
    url: text(s.url),
    published: fuzzy(s, 'published'),
    status: row.status,
  };
  if (row.kind === 'quote') return { kind: 'quote', ...source, quote: row.quote ?? '', lang: row.lang, note: row.note };
  return {
    kind: 'record',
    ...source,
    record: row.record ?? '',
    file: row.file,
    line: integer(row.line),
    row: integer(row.row),
    recordId: row.recordId,
    pointer: row.pointer,
    raw: row.raw,
    version: text(s.version),
    retrieved: fuzzy(s, 'retrieved'),
    licence: text(s.licence),
  };
}

/** The citations of both kinds behind each fact, quotes first, then records in file order. */
export async function citationsFor(executor: Reader, factIds: string[]): Promise<Map<string, ApiCitation[]>> {
  const out = new Map<string, ApiCitation[]>();
  if (factIds.length === 0) return out;
  const result = await readWith<CitationRow>(executor, 'queries/citations-for-facts', { factIds: [...new Set(factIds)] });
  for (const r of result.records) {
    const row = r.toObject();
    const list = out.get(row.factId) ?? [];
    list.push(apiCitation(row));
    out.set(row.factId, list);
  }
  return out;
}

/**
 * Fills in the titles of the sources named by the facts' alsoStated entries, with one look-up for
 * the whole answer; returns the same facts (a source that is gone keeps a null title).
 */
export async function withSourceTitles<T extends ApiNode | ApiEdge>(executor: Reader, facts: T[]): Promise<T[]> {
  const ids = new Set(facts.flatMap((f) => f.alsoStated ?? []).flatMap((a) => a.sources.map((s) => s.id)));
  if (ids.size === 0) return facts;
  const result = await readWith<{ id: string; title: string | null }>(executor, 'queries/source-titles', { ids: [...ids] });
  const titles = new Map(result.records.map((r) => [r.get('id'), r.get('title')]));
  return facts.map((f) =>
    f.alsoStated
      ? {
          ...f,
          alsoStated: f.alsoStated.map((a) => ({ ...a, sources: a.sources.map((s) => ({ id: s.id, title: titles.get(s.id) ?? null })) })),
        }
      : f,
  );
}

/**
 * One entity with its citations. An id a "same" judgement merged away answers with the entity that
 * absorbed it, its own id in `id` and the id asked for in `redirectedFrom`.
 */
export async function getNode(executor: Executor, id: string): Promise<ApiNode & { citations: ApiCitation[]; redirectedFrom?: string }> {
  const result = await executor.read<{ n: Node }>('queries/node', { id });
  const record = result.records[0];
  if (!record) throw new NotFoundError(`No entity with id "${id}".`, { id });
  const canonical = String(record.get('n').properties.id);
  const [[node], cites] = await Promise.all([withSourceTitles(executor, [apiNode(record.get('n'))]), citationsFor(executor, [canonical])]);
  return { ...node!, citations: cites.get(canonical) ?? [], ...(canonical !== id ? { redirectedFrom: id } : {}) };
}

async function withCitations(executor: Reader, edges: ApiEdge[]): Promise<ApiEdge[]> {
  // One after the other: within one transaction statements run in turn anyway.
  const cites = await citationsFor(
    executor,
    edges.map((e) => e.id),
  );
  const titled = await withSourceTitles(executor, edges);
  return titled.map((e) => ({ ...e, citations: cites.get(e.id) ?? [] }));
}

/** A comma-separated list of relationship types from the schema; absent means all of them. */
export function parseRelTypes(value: string | undefined, param = 'relTypes'): string[] {
  if (!value) return [...RELATIONSHIP_TYPE_NAMES];
  const types = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (types.length === 0) throw new BadRequestError(`${param} names no relationship type; leave it out to follow all.`, { param });
  const unknown = types.filter((t) => !(RELATIONSHIP_TYPE_NAMES as string[]).includes(t));
  if (unknown.length > 0)
    throw new BadRequestError(`Unknown relationship type ${unknown.join(', ')}; known: ${RELATIONSHIP_TYPE_NAMES.join(', ')}.`, {
      param,
    });
  return types;
}

/** Where a page of neighbours ends: the relationship type (its place in the schema) and the last relationship id. */
export interface NeighborKey {
  type: number;
  id: string;
}

/**
 * The cursor for the next page of neighbours: "k<type>.<last id>", unpadded, so that it stays short
 * (the route takes 100 characters) for ids of up to 96.
 */
export function encodeCursor(key: NeighborKey): string {
  return `k${key.type}.${key.id}`;
}

export function decodeCursor(cursor: string | undefined): NeighborKey | null {
  if (!cursor) return null;
  const m = /^k(\d{1,2})\.(.+)$/s.exec(cursor);
  const type = m ? Number(m[1]) : -1;
  if (!m || type >= RELATIONSHIP_TYPE_NAMES.length)
    throw new BadRequestError('The cursor is not one this server issued; start again without it.', { param: 'cursor' });
  return { type, id: m[2]! };
}

export interface NeighborOptions {
  /** A day (YYYY-MM-DD): posts not held on it are left out, and the counts follow (see queries/neighbors). */
  asOf?: string | null;
  /**
   * A name in any spelling or script: only the neighbours whose names match it, as /api/search
   * matches (neighborSearchTest), with how many match in all (`search.matched`).
   */
  search?: string | null;
}

/** A page of neighbours asked for with a search: the page, and how many neighbours match in all. */
export type NeighborSearchPage = Neighborhood & { search?: { q: string; matched: number } };

// The full-text analyzer leaves its stop words out of the index and of queries (names/keys.ts), so
// the key test never matches them either.
const STOP = new Set(ANALYZER_STOP_WORDS);

/** One word a neighbour's search keys must hold: one of the exact forms, or a word starting with one of the prefixes. */
export interface SearchGroup {
  exact: string[];
  prefixes: string[];
}

/**
 * How a neighbour search matches, in two forms that agree: the Lucene query of /api/search
 * (luceneQuery, for the full-text index) and the key test (the required groups of that query, for
 * Cypher to test on a node's search keys). A group is one required word of the query with the
 * forms luceneQuery gives it: folded, phonetic skeleton, variants, cross-script skeletons, and as a
 * prefix for the last word (typing ahead); an initial is a prefix. What the key test leaves out of
 * luceneQuery: the fuzzy terms (Lucene expands each to at most 50 index terms, so a fuzzy match is
 * not a property of the node that Cypher could test, and typos are what the phonetic keys absorb
 * least), optional words (titles, later initials) and stop words (the analyzer drops them). So
 * every node the key test passes is a hit of the Lucene query (it holds a word of each required
 * group, in searchKeys, which the index covers): the index can serve as a way in to the key test's
 * matches, and both plans give the same rows. Null when nothing in the query can be matched (no
 * letters or digits, or only stop words and titles besides).
 */
export function neighborSearchTest(q: string): { lucene: string; groups: SearchGroup[]; stop: string[] } | null {
  const lucene = luceneQuery(q);
  const terms = queryTerms(q);
  if (!lucene || terms.length === 0) return null;
  const onlyTitles = terms.every((t) => t.title);
  const groups: SearchGroup[] = [];
  let initials = 0;
  const words = (list: string[]) => [...new Set(list)].filter((w) => w && !STOP.has(w));
  terms.forEach((t, index) => {
    if (t.title && !onlyTitles) return;
    if (t.initial) {
      if (initials++ === 0) groups.push({ exact: words([t.folded]), prefixes: [t.folded] });
      return;
    }
    if (t.stop) return;
    const variants = t.variants ?? [];
    groups.push({
      exact: words([t.folded, t.phonetic, ...variants.flatMap((v) => [v, phoneticKey(v)]), ...(t.skeletons ?? [])]),
      prefixes: index === terms.length - 1 && t.folded.length >= 2 ? [...new Set([t.folded, t.phonetic])] : [],
    });
  });
  const live = groups.filter((g) => g.exact.length > 0 || g.prefixes.length > 0);
  return live.length > 0 && live.length === groups.length ? { lucene, groups, stop: [...ANALYZER_STOP_WORDS] } : null;
}

/**
 * Which plan serves a search among the neighbours of one type. An entity of small degree walks its
 * links and tests each neighbour's keys (cost ~ degree, a few hundred rows at most). A hub
 * (degree ≥ SEEK_MIN_DEGREE) first counts the full-text index's hits for the search, capped at its
 * degree (queries/neighbors-search-hits; Lucene stops at the cap): fewer hits than links, and the
 * hits are read and kept when they are the hub's neighbours (cost ~ hits: a name among 100,000
 * meetings costs what its few dozen hits cost); as many, and the search is too common for the index
 * to help (every "talks" in the graph), so the walk it is, bounded by the degree like a plain page
 * of a hub. Either way a page costs at most about twice the hub's degree in reads, never the
 * graph's size; both plans give the same rows (neighborSearchTest), so a change of plan between two
 * pages cannot repeat or skip one.
 */
export function searchPlan(degree: number, hits: number | null): 'queries/neighbors-search' | 'queries/neighbors-search-index' {
  return degree >= SEEK_MIN_DEGREE && hits !== null && hits < degree ? 'queries/neighbors-search-index' : 'queries/neighbors-search';
}

/** Below this degree in a type, walking the entity's relationships is cheaper than reading the type's id index. */
export const SEEK_MIN_DEGREE = 1_000;

/**
 * Which plan serves a page: walking the entity's `degree` relationships of the type and keeping the
 * first ids, or reading the type's id index (`total` relationships) in order and keeping the
 * entity's, which reads about (wanted × total ÷ degree) entries. The same rows either way.
 */
export function pagePlan(degree: number, total: number, wanted: number): 'queries/neighbors' | 'queries/neighbors-seek' {
  return degree >= SEEK_MIN_DEGREE && (wanted * total) / degree < degree / 4 ? 'queries/neighbors-seek' : 'queries/neighbors';
}

type CountMap = Record<string, unknown>;

/** The count of a search's matches through one type and its page after the cursor, by searchPlan. */
async function searchType(
  tx: NamedTx,
  test: NonNullable<ReturnType<typeof neighborSearchTest>>,
  type: string,
  degree: number,
  params: { id: string; after: string; asOf: string | null; limit: number },
) {
  const num = (v: unknown) => Number(toJson(v) ?? 0);
  const hits =
    degree >= SEEK_MIN_DEGREE
      ? num(
          (await tx.run<{ hits: unknown }>('queries/neighbors-search-hits', { lucene: test.lucene, cap: degree })).records[0]?.get('hits'),
        )
      : null;
  return tx.run<{ n: Node; matched: unknown; page: Array<{ r: Relationship; m: Node }> }>(
    searchPlan(degree, hits),
    { ...params, lucene: test.lucene, groups: test.groups, stop: test.stop },
    { REL: type },
  );
}

/**
 * One page of an entity's neighbours, all in one read transaction: the counts (from the degree
 * store; filtered by asOf, by walking), then the page type by type in schema order, each type in
 * the order of relationship ids after the cursor (keyset: a page's cost does not grow with how
 * far it is, nor, for hubs, with the degree), then the citations and source titles of what it holds.
 * With a search (options.search), only the neighbours whose names match it, in the same order and
 * with the same cursor, each type served by searchPlan, and `search.matched` counting them all;
 * `counts` stay the entity's own.
 */
export async function neighbors(
  executor: Executor,
  asked: string,
  relTypes: string[],
  limit: number,
  cursor?: string,
  options: NeighborOptions = {},
): Promise<NeighborSearchPage> {
  const after = decodeCursor(cursor);
  const asOf = options.asOf ?? null;
  const wanted = new Set(relTypes);
  const types = RELATIONSHIP_TYPE_NAMES.map((type, index) => ({ type, index })).filter((t) => wanted.has(t.type));
  return executor.transaction(
    'read',
    async (tx) => {
      // An id merged away pages the neighbours of the entity that absorbed it, and says so.
      const id = (await canonicalIds(tx, [asked])).get(asked) ?? asked;
      const redirected = id !== asked ? { redirectedFrom: asked, canonicalId: id } : {};
      const counted = (await tx.run<{ degrees: CountMap; totals: CountMap }>('queries/neighbor-counts', { id })).records[0];
      if (!counted) throw new NotFoundError(`No entity with id "${id}".`, { id });
      const num = (v: unknown) => Number(toJson(v) ?? 0);
      const degrees = counted.get('degrees');
      const totals = counted.get('totals');
      const byRelType: Record<string, number> = {};
      if (asOf === null) for (const { type } of types) byRelType[type] = num(degrees[type]);
      else
        for (const r of (await tx.run<{ relType: string | null; count: unknown }>('queries/neighbor-counts-as-of', { id, relTypes, asOf }))
          .records)
          if (r.get('relType')) byRelType[r.get('relType')!] = num(r.get('count'));
      for (const type of Object.keys(byRelType)) if (byRelType[type] === 0) delete byRelType[type];
      const total = Object.values(byRelType).reduce((a, b) => a + b, 0);

      const rows: Array<{ n: Node; r: Relationship; m: Node; type: number }> = [];
      let more = false;
      let matched: number | null = null;
      const q = options.search?.trim() ?? '';
      if (q) {
        // Every type is asked (those before the cursor, and those after a full page, for their count only).
        const test = neighborSearchTest(q);
        matched = 0;
        for (const { type, index } of test ? types : []) {
          if (!byRelType[type]) continue;
          const before = after !== null && index < after.type;
          const left = before ? 0 : limit - rows.length;
          const result = await searchType(tx, test!, type, num(degrees[type]), {
            id,
            after: after && index === after.type ? after.id : '',
            asOf,
            limit: left + 1,
          });
          const record = result.records[0];
          if (!record) continue;
          const count = num(record.get('matched'));
          matched += count;
          if (before) continue;
          const page = record.get('page');
          for (const h of page.slice(0, left)) rows.push({ n: record.get('n'), r: h.r, m: h.m, type: index });
          if (page.length > left) more = true;
        }
      } else
        for (const { type, index } of types) {
          if (after && index < after.type) continue;
          if (!byRelType[type]) continue;
          const left = limit - rows.length;
          if (left === 0) {
            more = true;
            break;
          }
          const plan = pagePlan(num(degrees[type]), num(totals[type]), left + 1);
          const page = await tx.run<{ n: Node; r: Relationship; m: Node }>(
            plan,
            { id, after: after && index === after.type ? after.id : '', asOf, limit: left + 1 },
            { REL: type },
          );
          for (const r of page.records.slice(0, left)) rows.push({ n: r.get('n'), r: r.get('r'), m: r.get('m'), type: index });
          if (page.records.length > left) {
            more = true;
            break;
          }
        }

      const nodes = new Map<string, Node>();
      for (const r of rows) {
        nodes.set(r.n.elementId, r.n);
        nodes.set(r.m.elementId, r.m);
      }
      const ids = idMap(nodes.values());
      const edges = await withCitations(
        tx,
        rows.map((r) => apiEdge(r.r, ids)),
      );
      const last = rows[rows.length - 1];
      return {
        nodes: await withSourceTitles(tx, [...nodes.values()].map(apiNode)),
        edges,
        counts: { byRelType, total },
        nextCursor: more && last ? encodeCursor({ type: last.type, id: String(last.r.properties.id) }) : null,
        ...(matched !== null ? { search: { q, matched } } : {}),
        ...redirected,
      };
    },
    { context: 'queries/neighbors' },
  );
}

export interface PathQuery extends Omit<PathSearchOptions, 'relTypes'> {
  /** Relationship types a path may use (default: all). */
  relTypes: string[];
  /** Relationship types a path may not use; taken away from relTypes. */
  excludeRelTypes?: string[];
}

const MEETING = NODE_TYPES.Meeting.label;
/** Time for a path search's look-ups of its ends and of the citations, beyond the search's own. */
const PATH_LOOKUP_GRACE_MS = 5_000;

/** The paths, and which search found them (see paths.ts). */
export type PathsAnswer = PathsResult & {
  algorithm: PathAlgorithm;
  /** The ends asked for by ids merged away: {from?, to?} as asked (the paths use the canonical ids). */
  redirectedFrom?: { from?: string; to?: string };
};

export async function shortestPaths(executor: Executor, from: string, to: string, query: PathQuery): Promise<PathsAnswer> {
  if (from === to) throw new BadRequestError('A path needs two different entities.', { param: 'to' });
  const window = timeWindow(query.after, query.before);
  if (window && window.start >= window.end)
    throw new BadRequestError(`The window ends (before=${query.before}) before it starts (after=${query.after}).`, { param: 'before' });
  // The ends, the search, its citations and titles: one read transaction, with the search's time
  // (which the layered search also keeps in memory) and a little more for what comes before and after it.
  return executor.transaction('read', (tx) => pathsIn(tx, from, to, query), {
    timeoutMs: (query.timeoutMs ?? PATH_SEARCH_TIMEOUT_MS) + PATH_LOOKUP_GRACE_MS,
    context: `the path search (${pathAlgorithm(query) === 'all-shortest' ? 'queries/paths-shortest' : 'queries/paths-expand'})`,
  });
}

async function pathsIn(tx: NamedTx, from: string, to: string, query: PathQuery): Promise<PathsAnswer> {
  const end = async (id: string) => {
    const record = (await tx.run<{ n: Node }>('queries/node', { id })).records[0];
    if (!record) throw new NotFoundError(`No entity with id "${id}".`, { id });
    return apiNode(record.get('n'));
  };
  const a = await end(from);
  const b = await end(to);
  // Ends named by ids merged away are the entities that absorbed them (queries/node).
  if (a.id === b.id) throw new BadRequestError(`A path needs two different entities: "${from}" and "${to}" are one.`, { param: 'to' });
  const redirectedFrom = {
    ...(a.id !== from ? { from } : {}),
    ...(b.id !== to ? { to } : {}),
  };
  const excluded = new Set(query.excludeRelTypes ?? []);
  const relTypes = query.relTypes.filter((t) => !excluded.has(t));
  const empty: PathsAnswer = { nodes: [], edges: [], paths: [], algorithm: pathAlgorithm(query) };
  if (relTypes.length === 0) return empty;
  const found = await searchPathsIn(tx, a, b, { ...query, relTypes });
  const ids = idMap(found.nodes);
  const nodes = new Map(found.nodes.map((n) => [ids.get(n.elementId)!, apiNode(n)]));
  const edges = await withCitations(
    tx,
    found.relationships.map((r) => apiEdge(r, ids)),
  );
  const edgeById = new Map(edges.map((e) => [e.id, e]));
  const meetingDate = (id: string) => {
    const n = nodes.get(id);
    return n?.type === MEETING && typeof n.properties.date === 'string' ? n.properties.date : undefined;
  };
  const paths = found.paths.map((p) => ({
    nodes: p.nodes,
    edges: p.hops.map((h) => h.edge),
    length: p.hops.length,
    steps: p.hops.map((h): PathStep => {
      const edge = edgeById.get(h.edge)!;
      const spec = isRelationshipType(h.type) ? RELATIONSHIP_TYPES[h.type] : undefined;
      const forward = edge.source === h.from;
      const date = meetingDate(h.to) ?? meetingDate(h.from);
      return {
        from: h.from,
        to: h.to,
        edgeId: h.edge,
        type: h.type,
        caption: spec ? (forward ? spec.caption : spec.reverseCaption) : h.type,
        ...(date !== undefined ? { date } : {}),
        citations: edge.citations ?? [],
      };
    }),
  }));
  return {
    nodes: await withSourceTitles(tx, [...nodes.values()]),
    edges,
    paths,
    algorithm: found.algorithm,
    ...(Object.keys(redirectedFrom).length > 0 ? { redirectedFrom } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// A Source as a page: the facts it supports, a page at a time.

/** Where a page of a Source's facts ends: the order of queries/source-facts (rank 0 nodes, 1 relationships). */
interface FactKey {
  rank: number;
  type: string;
  id: string;
}

export const SOURCE_FACTS_PAGE = { default: 50, max: 500 } as const;

export function encodeFactCursor(key: FactKey): string {
  return Buffer.from(JSON.stringify([key.rank, key.type, key.id])).toString('base64url');
}

export function decodeFactCursor(cursor: string | undefined): FactKey | null {
  if (!cursor) return null;
  let value: unknown = null;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    // Not JSON: refused below like any other cursor this server did not issue.
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    (value[0] === 0 || value[0] === 1) &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string'
  )
    return { rank: value[0], type: value[1], id: value[2] };
  throw new ValidationError('The cursor is not one this server issued; start again without it.', [
    { path: '$.query.cursor', message: 'is not a cursor this server issued', code: 'invalid_cursor' },
  ]);
}

interface SourceFactElement {
  fact: { rank: unknown; kind: 'node' | 'relationship'; type: string; id: string };
  node: Node | null;
  rel: Relationship | null;
  start: Node | null;
  end: Node | null;
}

/**
 * One page of the facts a Source supports (queries/source-facts), each with this Source's
 * citations of it, and the count of all of them by kind. A 404 names the parameter when the id is
 * not a Source's.
 */
export async function sourceFacts(executor: Executor, id: string, limit: number, cursor?: string): Promise<SourceFacts> {
  const after = decodeFactCursor(cursor);
  const result = await executor.read<{
    source: Node;
    total: unknown;
    groups: Array<{ kind: 'node' | 'relationship'; type: string; count: unknown }>;
    elements: SourceFactElement[];
    more: boolean;
  }>('queries/source-facts', { id, after, limit });
  const record = result.records[0];
  if (!record)
    throw new NotFoundError(`No source with id "${id}".`, { id }, [
      { path: '$.params.id', message: 'is not the id of a Source', code: 'not_found' },
    ]);
  const elements = record.get('elements');
  const stored = new Map<string, Node>();
  for (const e of elements) for (const n of [e.node, e.start, e.end]) if (n) stored.set(n.elementId, n);
  const ids = idMap(stored.values());
  const cites = await citationsFor(
    executor,
    elements.map((e) => e.fact.id),
  );
  const facts: SourceFact[] = [];
  const edges: ApiEdge[] = [];
  const name = (n: Node | null) => (n ? apiNode(n).name : '?');
  for (const e of elements) {
    const all = cites.get(e.fact.id) ?? [];
    const citations = all.filter((c) => c.sourceId === id);
    if (e.node) {
      const n = apiNode(e.node);
      facts.push({ id: n.id, kind: 'node', type: n.type, name: n.name, citations });
    } else if (e.rel) {
      const edge = { ...apiEdge(e.rel, ids), citations: all };
      edges.push(edge);
      facts.push({
        id: edge.id,
        kind: 'relationship',
        type: edge.type,
        name: `${name(e.start)} → ${name(e.end)}`,
        source: edge.source,
        target: edge.target,
        citations,
      });
    } else {
      // A citation of a fact that is no longer stored: still one of the Source's, so still counted and listed.
      facts.push({ id: e.fact.id, kind: e.fact.kind, type: e.fact.type, name: e.fact.id, citations });
    }
  }
  const last = elements[elements.length - 1];
  return {
    source: apiNode(record.get('source')),
    total: Number(toJson(record.get('total'))),
    groups: record.get('groups').map((g) => ({ kind: g.kind, type: g.type, count: Number(toJson(g.count)) })),
    facts,
    nodes: await withSourceTitles(executor, [...stored.values()].map(apiNode)),
    edges: await withSourceTitles(executor, edges),
    nextCursor:
      record.get('more') && last
        ? encodeFactCursor({ rank: Number(toJson(last.fact.rank)), type: last.fact.type, id: last.fact.id })
        : null,
  };
}
