// The console's calls: POST /api/cypher, the named-query library (GET /api/queries, POST /api/queries/:name).
// Failures arrive as problem+json and become a ConsoleError that says what kind of failure it is.
import type { GraphEdge, GraphNode } from '../api';

export interface Notification {
  code?: string;
  title?: string;
  description?: string;
  severity?: string;
  position?: ErrorPosition;
}

export interface CypherResult {
  columns: string[];
  rows: unknown[][];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  truncated: boolean;
  summary: { resultAvailableAfterMs?: number; queryType?: string; notifications?: Notification[] };
  /** A named query's entity parameters as resolved: the name given and the entity it was taken to mean. */
  resolved?: Array<{ param: string; value: string; id: string; name: string; type: string }>;
}

export interface NamedQueryParam {
  name: string;
  type: string;
  /** Absent when the parameter is required. */
  default?: unknown;
  required?: boolean;
  description?: string;
}

export interface NamedQuery {
  name: string;
  description: string;
  params: NamedQueryParam[];
  /** The statement itself, so that it can be opened in the editor. */
  text?: string;
}

/** Where Neo4j says a syntax error is: an offset into the query, or a 1-based line and column. */
export type ErrorPosition = number | { offset?: number; line?: number; column?: number };

export type ErrorKind = 'refused' | 'syntax' | 'cypher' | 'rate-limited' | 'timeout' | 'invalid' | 'ambiguous' | 'unreachable' | 'other';

/** An entity a name in a named query's parameters may mean (the server's 409 and 422 list them per parameter). */
export interface EntityCandidate {
  id: string;
  name: string;
  type: string;
  posts?: Array<{ title: string; organization: string }>;
  country?: string | null;
}

export class ConsoleError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: {
      rule?: string;
      position?: ErrorPosition;
      retryAfterS?: number;
      errors?: Array<{ path: string; message: string }>;
      /** Per parameter name: the entities its name may mean, for a pick list. */
      candidates?: Record<string, EntityCandidate[]>;
    } = {},
  ) {
    super(message);
  }
}

interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  rule?: string;
  position?: ErrorPosition;
  errors?: Array<{ path: string; message: string }>;
  candidates?: Record<string, EntityCandidate[]>;
}

function classify(status: number, p: Problem): ErrorKind {
  if (status === 429) return 'rate-limited';
  if (status === 409 && p.candidates) return 'ambiguous';
  if (status === 403) return 'refused';
  const text = `${p.type ?? ''} ${p.title ?? ''} ${p.detail ?? ''}`;
  if (status === 408 || status === 504 || /time(d)?[\s-]?out/i.test(text)) return 'timeout';
  if (status === 400 && (p.position !== undefined || /syntax/i.test(text))) return 'syntax';
  if (status === 400 && /cypher-error/.test(text)) return 'cypher';
  if (status === 400 || status === 422) return 'invalid';
  return 'other';
}

async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ConsoleError('unreachable', 0, 'Server unreachable', 'The Liaison server cannot be reached. Is it running?');
  }
  return answer<T>(res);
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as (T & Problem) | null;
  if (res.ok && body) return body;
  const p: Problem = body ?? {};
  const kind = classify(res.status, p);
  const retryAfterS = Number(res.headers.get('retry-after')) || undefined;
  const detail =
    kind === 'rate-limited'
      ? `Too many queries in a short time: slow down${retryAfterS ? ` and try again in ${retryAfterS} s` : ' and try again in a moment'}. ${p.detail ?? ''}`.trim()
      : (p.detail ?? p.title ?? `The server answered ${res.status}.`);
  throw new ConsoleError(kind, res.status, p.title ?? `HTTP ${res.status}`, detail, {
    rule: p.rule,
    position: p.position,
    retryAfterS,
    errors: p.errors,
    candidates: p.candidates,
  });
}

export const consoleApi = {
  run: (query: string, params: Record<string, unknown>) => post<CypherResult>('/api/cypher', { query, params }),
  runNamed: (name: string, params: Record<string, unknown>) => post<CypherResult>(`/api/queries/${encodeURIComponent(name)}`, { params }),
  async library(): Promise<NamedQuery[]> {
    let res: Response;
    try {
      res = await fetch('/api/queries', { headers: { accept: 'application/json' } });
    } catch {
      throw new ConsoleError('unreachable', 0, 'Server unreachable', 'The Liaison server cannot be reached. Is it running?');
    }
    return (await answer<{ queries: NamedQuery[] }>(res)).queries;
  },
};
