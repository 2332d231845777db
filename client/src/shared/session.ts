// Who the browser is signed in as (issue 12), for every page: the user and role from GET
// /api/session, and the headers a write must carry — the CSRF token of a browser session, or the
// bearer token (API key or operator token) typed into a page, as before there were users.
//
// CONTRACT: pages call `writeHeaders()` for every POST/PUT/PATCH/DELETE and `session.current()` to
// know whether to offer editing (role editor or admin); `session.ready()` resolves once the state
// is loaded. The session cookie itself is HttpOnly: this module never sees it.
import { token } from './token';

export type Role = 'viewer' | 'editor' | 'admin';

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
}

export interface SessionState {
  user: SessionUser | null;
  /** Whether visitors who are not signed in may read. */
  anonymousRead: boolean;
  csrfToken: string | null;
  /** How the server knew the caller: a session cookie, a bearer API key or operator token, or nobody. */
  via?: 'session' | 'api-key' | 'operator-token' | 'anonymous';
}

/** A refusal of the server, with its problem+json detail and field issues. */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly rule: string | null = null,
    readonly issues: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

let state: SessionState = { user: null, anonymousRead: true, csrfToken: null };
const listeners = new Set<(s: SessionState) => void>();
let loading: Promise<SessionState> | null = null;

const bearer = (): Record<string, string> => {
  const t = token.get();
  return t ? { Authorization: `Bearer ${t}` } : {};
};

async function problemOf(res: Response): Promise<SessionError> {
  let body: { detail?: string; rule?: string; errors?: Array<{ path: string; message: string }> } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: the status says enough
  }
  return new SessionError(body.detail ?? `The server answered ${res.status}.`, res.status, body.rule ?? null, body.errors ?? []);
}

/** GET /api/session, with the typed bearer token if any (then the server says whose key it is). */
async function fetchState(): Promise<SessionState> {
  const res = await fetch('/api/session', { headers: { Accept: 'application/json', ...bearer() }, credentials: 'same-origin' });
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as SessionState;
}

export const session = {
  current: (): SessionState => state,
  /** True when the signed-in user (or a bearer token typed in) may change facts. */
  canEdit: (): boolean => (state.user !== null && state.user.role !== 'viewer') || token.get() !== null,
  isAdmin: (): boolean => state.user?.role === 'admin',
  set(next: SessionState): void {
    state = next;
    for (const l of listeners) l(state);
  },
  onChange(listener: (s: SessionState) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** The state from the server, loaded once per page (reload() asks again). */
  ready(): Promise<SessionState> {
    loading ??= session.reload();
    return loading;
  },
  async reload(): Promise<SessionState> {
    const p = fetchState().then(
      (s) => {
        session.set(s);
        return s;
      },
      // Offline or failing: the page goes on as an anonymous reader, and the next write says why it fails.
      () => state,
    );
    loading = p;
    return p;
  },
  /** POST /api/session: signs in; the server sets the HttpOnly cookie and gives the CSRF token. */
  async signIn(name: string, password: string): Promise<SessionState> {
    const res = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ name, password }),
    });
    if (!res.ok) throw await problemOf(res);
    const next = (await res.json()) as SessionState;
    session.set(next);
    loading = Promise.resolve(next);
    return next;
  },
  /** DELETE /api/session: ends the session on the server too. */
  async signOut(): Promise<void> {
    const res = await fetch('/api/session', { method: 'DELETE', headers: writeHeaders(), credentials: 'same-origin' });
    if (!res.ok && res.status !== 401) throw await problemOf(res);
    await session.reload();
  },
};

/** Headers for a request that changes data: the session's CSRF token, else the typed bearer token. */
export function writeHeaders(): Record<string, string> {
  if (state.csrfToken) return { 'X-CSRF-Token': state.csrfToken };
  return bearer();
}
