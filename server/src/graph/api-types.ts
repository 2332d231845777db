// The shapes of the API's answers, as types only (no imports, no code): the server builds them and
// the client (client/src/api.ts) reads them from this one file, so the two cannot drift apart.

/** Any value as the API writes it: temporals as ISO strings, integers as numbers when safe. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What every citation says about its source: the article or the dataset behind a fact. */
interface ApiCitationSource {
  sourceId: string;
  title: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
  /** reported, speculative or disputed; a record of a dataset reports what it holds. */
  status: string;
}

/** A quote from a text: the sentence that states the fact, (:Citation)-[:CITES]->(:Source). */
export interface ApiQuoteCitation extends ApiCitationSource {
  kind: 'quote';
  quote: string;
  lang: string | null;
  note: string | null;
}

/**
 * A record of a dataset: (:Record)-[:CITES]->(:Source), listed in the fact's `records`. Where the
 * record sits (file and line or row, the dataset's own record id, a JSON pointer) and, if kept, its
 * raw text; the dataset's version, retrieval date and licence come from its Source.
 */
export interface ApiRecordCitation extends ApiCitationSource {
  kind: 'record';
  /** Id of the (:Record) node. */
  record: string;
  file: string | null;
  line: number | null;
  row: number | null;
  recordId: string | null;
  pointer: string | null;
  raw: string | null;
  version: string | null;
  retrieved: string | null;
  licence: string | null;
}

export type ApiCitation = ApiQuoteCitation | ApiRecordCitation;

/**
 * A value another source stated differently from the one the fact keeps (see
 * DERIVED_PROPERTIES.alsoStated): "also stated: AM by <source>". The value is in bundle form.
 */
export interface ApiAlsoStated {
  property: string;
  value: Json;
  sources: Array<{ id: string; title: string | null }>;
}

export interface ApiNode {
  id: string;
  type: string;
  name: string;
  properties: Record<string, Json>;
  citationStatus: string | null;
  /** Only when some source stated a property differently. */
  alsoStated?: ApiAlsoStated[];
}

export interface ApiEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, Json>;
  citationStatus: string | null;
  /** Only when some source stated a property differently. */
  alsoStated?: ApiAlsoStated[];
  citations?: ApiCitation[];
}

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

export interface Neighborhood {
  nodes: ApiNode[];
  edges: ApiEdge[];
  counts: { byRelType: Record<string, number>; total: number };
  nextCursor: string | null;
  /** Asked for by an id a "same" judgement merged away: that id, and the entity's own id (canonicalId). */
  redirectedFrom?: string;
  canonicalId?: string;
}

/**
 * When an entity's neighbours through one relationship type are dated (GET
 * /api/nodes/:id/neighbor-dates): how many carry a date, the first and last (YYYY-MM-DD), per year.
 */
export interface NeighborDates {
  id: string;
  relType: string;
  dated: number;
  first: string | null;
  last: string | null;
  byYear: Array<{ year: number; count: number }>;
}

/** One hop of a path, walked from its `from` end: why the two are connected, and who says so. */
export interface PathStep {
  from: string;
  to: string;
  edgeId: string;
  type: string;
  /** The schema's caption for the direction walked: "takes part in" forwards, "participant" backwards. */
  caption: string;
  /** The date of the meeting the hop enters (or else leaves), as precise as the source. */
  date?: string;
  citations: ApiCitation[];
}

export interface PathsResult {
  nodes: ApiNode[];
  edges: ApiEdge[];
  paths: Array<{ nodes: string[]; edges: string[]; length: number; steps: PathStep[] }>;
}

/** One fact a Source supports: a node or a relationship, with this Source's citations of it. */
export interface SourceFact {
  id: string;
  kind: 'node' | 'relationship';
  /** The node's type or the relationship's type: the group the fact is listed under. */
  type: string;
  /** The node's name, or "start → end" for a relationship; the id when the fact is gone. */
  name: string;
  /** A relationship's ends (ids of nodes in `nodes`). */
  source?: string;
  target?: string;
  /** Only the citations of this Source: its quotes, or the records of this dataset. */
  citations: ApiCitation[];
}

/**
 * GET /api/sources/:id/facts: one page of the facts a Source supports, in a stable order (nodes
 * first, then by type and id), with the count of all of them and per kind. `nodes` and `edges`
 * are the page's facts (and a relationship's ends) ready for the canvas; edges carry all their citations.
 */
export interface SourceFacts {
  source: ApiNode;
  total: number;
  groups: Array<{ kind: 'node' | 'relationship'; type: string; count: number }>;
  facts: SourceFact[];
  nodes: ApiNode[];
  edges: ApiEdge[];
  nextCursor: string | null;
}

/** A saved view as listed (GET /api/views) and as the head of one (GET /api/views/:id). */
export interface SavedViewSummary {
  id: string;
  name: string;
  description: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  nodeCount: number;
}
