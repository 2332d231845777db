// Who the browser is signed in as (issue 12), for every page: the user and role from GET
// /api/session, and the headers a write must carry — the CSRF token of a browser session, or the
// bearer token (API key or operator token) typed into a page, as before there were users.
//
// CONTRACT: pages call `writeHeaders()` for every POST/PUT/PATCH/DELETE and `session.current()` to
// know whether to offer editing (role editor or admin). The auth helper of issue 12 fills this in.
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
}

let state: SessionState = { user: null, anonymousRead: true, csrfToken: null };
const listeners = new Set<(s: SessionState) => void>();

export const session = {
  current: (): SessionState => state,
  /** True when the signed-in user (or a bearer token typed in) may change facts. */
  canEdit: (): boolean => (state.user !== null && state.user.role !== 'viewer') || token.get() !== null,
  set(next: SessionState): void {
    state = next;
    for (const l of listeners) l(state);
  },
  onChange(listener: (s: SessionState) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Headers for a request that changes data: the session's CSRF token, else the typed bearer token. */
export function writeHeaders(): Record<string, string> {
  if (state.csrfToken) return { 'X-CSRF-Token': state.csrfToken };
  const t = token.get();
  return t ? { Authorization: `Bearer ${t}` } : {};
}
