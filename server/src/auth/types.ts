// Who is acting: users and their roles (issue 12). The roles are ordered, each allowing what the one
// before it allows: viewer reads, editor also changes facts, reviews duplicates and imports, admin
// also manages users and settings. Every request, CLI run and background job acts as one Actor.
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `role` allows what `needed` allows. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** How the actor proved who they are. */
export type ActorVia = 'session' | 'api-key' | 'operator-token' | 'cli' | 'anonymous' | 'system';

export interface Actor {
  /** The user's id; 'anonymous', 'cli:<os user>' or 'system' for those who are not users. */
  userId: string;
  /** The name shown in history ("who"). */
  name: string;
  /** null for anonymous visitors when anonymous reads are off. */
  role: Role | null;
  via: ActorVia;
}

export const ANONYMOUS: Actor = { userId: 'anonymous', name: 'anonymous', role: 'viewer', via: 'anonymous' };
export const SYSTEM: Actor = { userId: 'system', name: 'Liaison', role: 'admin', via: 'system' };

/** The header a browser session sends with every write (synchronizer token kept in the session). */
export const CSRF_HEADER = 'x-csrf-token';
/** The session cookie. */
export const SESSION_COOKIE = 'liaison_session';
