// Typed calls to Liaison's JSON API. Errors arrive as problem+json and are raised as ApiError,
// carrying the server's own explanation so the page can show it.

import type {
  ApiAlsoStated,
  ApiCitation,
  ApiEdge,
  ApiNode,
  ApiQuoteCitation,
  ApiRecordCitation,
  Neighborhood,
  NeighborDates,
  PathStep,
  PathsResult,
  SearchHit,
  SourceFact,
  SourceFacts,
  SavedViewSummary,
} from '../../server/src/graph/api-types';
import type { ApiPlaces } from '../../server/src/places/types';

// The answer shapes come from the server's own type module, so client and server cannot drift apart.
export type { Neighborhood, NeighborDates, PathStep, PathsResult, SearchHit, SourceFact, SourceFacts };
/** A citation of either kind: a quote from a text (kind "quote") or a record of a dataset (kind "record"). */
export type Citation = ApiCitation;
export type QuoteCitation = ApiQuoteCitation;
export type RecordCitation = ApiRecordCitation;
/** A value another source stated differently from the one kept, with the sources that state it. */
export type AlsoStated = ApiAlsoStated;
/** A node as the API sends it; GET /api/nodes/:id adds its citations. */
export type GraphNode = ApiNode & { citations?: ApiCitation[] };
export type GraphEdge = ApiEdge;

export interface PathQuery {
  from: string;
  to: string;
  maxHops: number;
  k: number;
  /** Relationship types to follow (all but the excluded ones); null = all. */
  relTypes: string[] | null;
  excludeRelTypes: string[];
  avoidHubsAbove: number | null;
  timeRespecting: boolean;
  after: string | null;
  before: string | null;
}

export interface SchemaProperty {
  name: string;
  kind: string;
  required: boolean;
  values?: string[];
}

export interface SchemaNodeType {
  label: string;
  description: string;
  caption: string;
  properties?: SchemaProperty[];
  style: { color: string; shape: string; icon: string };
}

export interface SchemaRelType {
  type: string;
  caption: string;
  reverseCaption: string;
  directed: boolean;
  labelProperty: string | null;
  from?: string[];
  to?: string[];
  properties?: SchemaProperty[];
  style: { color: string; lineStyle: 'solid' | 'dotted' };
}

export interface Schema {
  nodeTypes: SchemaNodeType[];
  relationshipTypes: SchemaRelType[];
  provenance?: { statuses: string[] };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The problem's per-field issues ({path, message}), when it has them. */
    readonly issues: Array<{ path: string; message: string; code?: string }> = [],
  ) {
    super(message);
  }
}

type Listener = (busy: boolean) => void;
let inFlight = 0;
const listeners: Listener[] = [];

/** Subscribe to "a request is running" changes, for the loading indicator. */
export function onBusy(listener: Listener): void {
  listeners.push(listener);
}

/** Number of requests running now (tests wait for 0). */
export function requestsInFlight(): number {
  return inFlight;
}

async function getJson<T>(path: string, signal?: AbortSignal, init: RequestInit = {}): Promise<T> {
  inFlight += 1;
  listeners.forEach((l) => l(true));
  try {
    let res: Response;
    try {
      res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>) }, signal });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError('The Liaison server cannot be reached. Is it running?', 0);
    }
    const body = (await res.json().catch(() => null)) as (T & { detail?: string; title?: string; errors?: ApiError['issues'] }) | null;
    if (!res.ok)
      throw new ApiError(
        body?.detail ?? body?.title ?? `The server answered ${res.status}.`,
        res.status,
        Array.isArray(body?.errors) ? body.errors : [],
      );
    return body as T;
  } finally {
    inFlight -= 1;
    if (inFlight === 0) listeners.forEach((l) => l(false));
  }
}

/** A JSON body sent with `method`; answered and counted like a GET. */
const sendJson = <T>(path: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
  getJson<T>(path, undefined, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const qs = (params: Record<string, string | number | boolean | null | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export type { SavedViewSummary };

export const api = {
  schema: () => getJson<Schema>('/api/schema'),
  health: () => getJson<{ status: string; neo4j: { connected: boolean; version: string | null } }>('/api/health'),
  search: (q: string, signal?: AbortSignal) => getJson<{ results: SearchHit[] }>(`/api/search?${qs({ q, limit: 8 })}`, signal),
  node: (id: string) => getJson<GraphNode & { citations: Citation[] }>(`/api/nodes/${encodeURIComponent(id)}`),
  /**
   * One page of a node's neighbours; with `q`, only those whose names match it in any spelling
   * (the server's search keys), and `search.matched` says how many match over all pages.
   */
  neighbors: (
    id: string,
    opts: { cursor?: string | null; limit?: number; relTypes?: string[] | null; q?: string | null; signal?: AbortSignal } = {},
  ) =>
    getJson<Neighborhood & { search?: { q: string; matched: number } }>(
      `/api/nodes/${encodeURIComponent(id)}/neighbors?${qs({
        limit: opts.limit ?? 50,
        cursor: opts.cursor,
        relTypes: opts.relTypes?.length ? opts.relTypes.join(',') : null,
        q: opts.q?.trim() ? opts.q.trim() : null,
      })}`,
      opts.signal,
    ),
  /** When a node's neighbours through one type are dated, per year (for group nodes, group-nodes.ts). */
  neighborDates: (id: string, relType: string) =>
    getJson<NeighborDates>(`/api/nodes/${encodeURIComponent(id)}/neighbor-dates?${qs({ relType })}`),
  /** One page of the facts a Source supports (GET /api/sources/:id/facts). */
  sourceFacts: (id: string, opts: { cursor?: string | null; limit?: number } = {}) =>
    getJson<SourceFacts>(`/api/sources/${encodeURIComponent(id)}/facts?${qs({ limit: opts.limit ?? 100, cursor: opts.cursor })}`),
  /** Saved views, newest first, a page at a time (GET /api/views). */
  savedViews: (cursor?: string | null) =>
    getJson<{ total: number; views: SavedViewSummary[]; nextCursor: string | null }>(`/api/views?${qs({ limit: 20, cursor })}`),
  savedView: <S>(id: string) => getJson<{ view: SavedViewSummary & { state: S } }>(`/api/views/${encodeURIComponent(id)}`),
  /** Stores a view with the write token (POST /api/views). */
  saveView: <S>(
    view: { name: string; description: string; author: string; state: S },
    token: string,
    session: Record<string, string> = {},
  ) =>
    sendJson<{ view: SavedViewSummary & { state: S }; url: string }>(
      '/api/views',
      'POST',
      view,
      token ? { authorization: `Bearer ${token}` } : session,
    ),
  /** Replaces a saved view's name, description, author and state (PUT /api/views/:id). */
  updateView: <S>(
    id: string,
    view: { name: string; description: string; author: string; state: S },
    token: string,
    session: Record<string, string> = {},
  ) =>
    sendJson<{ view: SavedViewSummary & { state: S }; url: string }>(
      `/api/views/${encodeURIComponent(id)}`,
      'PUT',
      view,
      token ? { authorization: `Bearer ${token}` } : session,
    ),
  /** Deletes a saved view for everyone (DELETE /api/views/:id; 204, no body). */
  deleteView: (id: string, token: string, session: Record<string, string> = {}) =>
    getJson<null>(`/api/views/${encodeURIComponent(id)}`, undefined, {
      method: 'DELETE',
      headers: token ? { authorization: `Bearer ${token}` } : session,
    }),
  /** Where meetings took place, for the map of meeting places (GET /api/places; at most 200 ids). */
  places: (ids: string[]) => getJson<ApiPlaces>(`/api/places?${qs({ ids: ids.join(',') })}`),
  /** Elements by id with their citations: the JSON export of POST /api/export (a liaison-cytoscape document). */
  elements: (nodeIds: string[], edgeIds: string[]) =>
    sendJson<unknown>('/api/export', 'POST', { format: 'json', subgraph: { kind: 'elements', nodeIds, edgeIds } }),
  /** Shortest paths. Both `k` and `limit` are sent (the server's name for the path count has varied). */
  paths: (q: PathQuery) =>
    getJson<PathsResult>(
      `/api/paths?${qs({
        from: q.from,
        to: q.to,
        maxHops: q.maxHops,
        k: q.k,
        limit: q.k,
        relTypes: q.relTypes?.join(','),
        excludeRelTypes: q.excludeRelTypes.join(','),
        avoidHubsAbove: q.avoidHubsAbove,
        timeRespecting: q.timeRespecting ? 'true' : null,
        after: q.after,
        before: q.before,
      })}`,
    ),
};
