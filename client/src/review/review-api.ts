// The Review page's calls: candidate pairs (GET /api/candidates), the two entities of a pair with
// their neighbourhoods (the explorer's read API), and judgements (POST / DELETE /api/judgements,
// the session's CSRF header or a typed API key, shared/session.ts writeHeaders()). Failures become a ReviewApiError with the status and the server's own sentence.
import type { Candidate, Judgement, JudgementKind, Reason } from '../../../server/src/resolve/types';
import type { GraphNode, Neighborhood, Schema } from '../api';
import { writeHeaders } from '../shared/session';
import { token } from '../shared/token';

export type { Candidate, Judgement, JudgementKind, Reason };

export { token };

export class ReviewApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Array<{ path: string; message: string; code?: string }> = [],
    readonly rule?: string,
  ) {
    super(message);
  }
  /** A missing or wrong token: the page asks for it again. */
  get isTokenProblem(): boolean {
    return this.status === 401 || (this.status === 403 && this.rule !== 'origin-not-allowed');
  }
}

interface Problem {
  title?: string;
  detail?: string;
  rule?: string;
  errors?: ReviewApiError['issues'];
}

async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, withToken = false): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(withToken ? writeHeaders() : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ReviewApiError(0, 'The Liaison server cannot be reached. Is it running?');
  }
  if (res.status === 204) return undefined as T;
  const parsed = (await res.json().catch(() => null)) as (T & Problem) | null;
  if (!res.ok) {
    const p: Problem = parsed ?? {};
    throw new ReviewApiError(
      res.status,
      p.detail ?? p.title ?? `The server answered ${res.status}.`,
      Array.isArray(p.errors) ? p.errors : [],
      p.rule,
    );
  }
  return parsed as T;
}

const qs = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export interface JudgementInput {
  a: string;
  b: string;
  judgement: JudgementKind;
  score?: number | null;
  reasons?: Reason[];
  note?: string;
  /** For "same": which of the two keeps its id; the server picks the better-linked one without it. */
  keep?: 'a' | 'b';
}

export const reviewApi = {
  schema: () => call<Schema>('GET', '/api/schema'),
  candidates: (type: string, limit: number) =>
    call<{ candidates: Candidate[] }>('GET', `/api/candidates?${qs({ type: type || undefined, limit })}`).then((b) => b.candidates ?? []),
  node: (id: string) => call<GraphNode>('GET', `/api/nodes/${encodeURIComponent(id)}`),
  neighbors: (id: string, limit = 50) => call<Neighborhood>('GET', `/api/nodes/${encodeURIComponent(id)}/neighbors?${qs({ limit })}`),
  /**
   * Checks a token before any decision: the import mappings sit behind the same write-token guard
   * as the judgements, and reading them changes nothing.
   */
  checkToken: () => call<unknown>('GET', '/api/import/mappings', undefined, true),
  judge: async (input: JudgementInput): Promise<Judgement> => {
    // The server takes known fields only, and a score only as a number.
    const { score, reasons, note, keep, ...rest } = input;
    const sent = {
      ...rest,
      ...(typeof score === 'number' ? { score } : {}),
      ...(reasons?.length ? { reasons } : {}),
      ...(note ? { note } : {}),
      ...(keep ? { keep } : {}),
    };
    const body = await call<Judgement | { judgement: Judgement }>('POST', '/api/judgements', sent, true);
    return unwrap(body);
  },
  undo: async (id: string): Promise<Judgement | undefined> => {
    const body = await call<Judgement | { judgement: Judgement } | undefined>(
      'DELETE',
      `/api/judgements/${encodeURIComponent(id)}`,
      undefined,
      true,
    );
    return body === undefined ? undefined : unwrap(body);
  },
};

/** The judgement itself, whether the server sends it bare or as {judgement}. */
function unwrap(body: Judgement | { judgement: Judgement }): Judgement {
  const inner = (body as { judgement: unknown }).judgement;
  return inner && typeof inner === 'object' ? (inner as Judgement) : (body as Judgement);
}
