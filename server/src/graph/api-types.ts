// The shapes of the API's answers, as types only (no imports, no code): the server builds them and
// the client (client/src/api.ts) reads them from this one file, so the two cannot drift apart.

/** Any value as the API writes it: temporals as ISO strings, integers as numbers when safe. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ApiCitation {
  sourceId: string;
  title: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
  quote: string;
  status: string;
  lang: string | null;
  note: string | null;
}

export interface ApiNode {
  id: string;
  type: string;
  name: string;
  properties: Record<string, Json>;
  citationStatus: string | null;
}

export interface ApiEdge {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, Json>;
  citationStatus: string | null;
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
