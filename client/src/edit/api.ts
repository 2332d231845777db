// The edit API as the explorer calls it (server/src/api/edit-routes.ts, history-routes.ts): every
// write carries writeHeaders() — the session's CSRF token, or the API key typed in — and a problem
// answer arrives as ApiError with its field issues, for the form to show at each field.
import { ApiError } from '../api';
import { writeHeaders } from '../shared/session';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : writeHeaders()),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('The Liaison server cannot be reached. Is it running?', 0);
  }
  const json = (await res.json().catch(() => null)) as (T & { detail?: string; title?: string; errors?: ApiError['issues'] }) | null;
  if (!res.ok) {
    const who =
      res.status === 401
        ? ' Sign in as an editor (or type an API key) first.'
        : res.status === 403 && !json?.errors
          ? ' Your role may not change facts.'
          : '';
    throw new ApiError(
      `${json?.detail ?? json?.title ?? `The server answered ${res.status}.`}${who}`,
      res.status,
      Array.isArray(json?.errors) ? json.errors : [],
    );
  }
  return json as T;
}

export interface QuoteEvidence {
  source: string;
  quote: string;
  status: 'reported' | 'speculative' | 'disputed';
}
export interface NewSource {
  id: string;
  properties: Record<string, string>;
}
export interface FactInput {
  id?: string;
  type: string;
  properties: Record<string, unknown>;
}
export interface LinkInput extends FactInput {
  source: string;
  target: string;
}
export interface CreateAnswer {
  changeId: string | null;
  importId: string;
  nodes: string[];
  relationships: string[];
  sources: string[];
}
export interface Snapshot {
  kind: 'node' | 'relationship';
  id: string;
  labels?: string[];
  type?: string;
  source?: string;
  target?: string;
  props: Record<string, unknown>;
  citations?: Array<Record<string, unknown>>;
}
export interface SourceHit {
  id: string;
  title: string | null;
  publisher: string | null;
  url: string | null;
  published: string | null;
}

export const editApi = {
  create: (body: {
    reason?: string;
    sources?: NewSource[];
    nodes?: FactInput[];
    relationships?: LinkInput[];
    citations: QuoteEvidence[];
  }) => call<CreateAnswer>('POST', '/api/facts', body),
  fact: (id: string) =>
    call<{ fact: Snapshot; type: string | null; properties: Record<string, unknown> }>('GET', `/api/facts/${encodeURIComponent(id)}`),
  sources: (q: string) => call<{ sources: SourceHit[] }>('GET', `/api/sources?q=${encodeURIComponent(q)}&limit=8`),
  correct: (
    kind: 'node' | 'relationship',
    id: string,
    body: { set: Record<string, unknown>; unset: string[]; evidence: QuoteEvidence; reason?: string },
  ) =>
    call<{ changeId: string; fact: Snapshot | null }>(
      'PATCH',
      `/api/${kind === 'node' ? 'nodes' : 'relationships'}/${encodeURIComponent(id)}`,
      body,
    ),
  retract: (kind: 'node' | 'relationship', id: string, reason: string) =>
    call<{ changeId: string; retracted: string[] }>(
      'POST',
      `/api/${kind === 'node' ? 'nodes' : 'relationships'}/${encodeURIComponent(id)}/retract`,
      { reason },
    ),
  status: (citationId: string, status: string, reason: string) =>
    call<{ changeId: string; factId: string }>('PATCH', `/api/citations/${encodeURIComponent(citationId)}`, { status, reason }),
  /** Undoes a change (history's POST /api/changes/:id/revert); the revert is a change too. */
  revert: (changeId: string, reason: string) =>
    call<{ id?: string; changeId?: string }>('POST', `/api/changes/${encodeURIComponent(changeId)}/revert`, { reason }),
  history: (kind: 'node' | 'relationship', id: string) =>
    call<{
      changes: Array<{
        id: string;
        kind: string;
        at: string;
        by: { name: string };
        reason: string | null;
        summary: string;
        revertedBy: string | null;
      }>;
    }>('GET', `/api/${kind === 'node' ? 'nodes' : 'relationships'}/${encodeURIComponent(id)}/history`),
};

/** An id for a fact made here: its type, a word of its caption and random letters, as the server makes them. */
export function newId(type: string, caption: unknown): string {
  const word =
    typeof caption === 'string'
      ? caption
          .normalize('NFKD')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 32)
          .replace(/-+$/, '')
      : '';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  const suffix = [...bytes].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  return [type.toLowerCase().replace(/_/g, '-'), word, suffix].filter(Boolean).join('-');
}
