// Browser sessions, in <data>/sessions.json: the cookie carries a random 256-bit id, the file keeps
// only its SHA-256 (a leaked file signs nobody in), the user, the CSRF synchronizer token, and when
// the session began and was last used. A session ends after `idleMs` without a request, after
// `maxMs` in any case, on sign-out, and when its user is disabled or changes their password.
import path from 'node:path';

import { z } from 'zod';

import { JsonFile } from './json-file';
import { newSecret, sha256 } from './passwords';

const storedSession = z.object({
  idHash: z.string(),
  userId: z.string(),
  csrfToken: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
});
const sessionsFile = z.object({ version: z.literal(1), sessions: z.array(storedSession) });
type SessionsFile = z.infer<typeof sessionsFile>;
export type Session = z.infer<typeof storedSession>;

export interface SessionTimes {
  idleMs: number;
  maxMs: number;
  now?: () => number;
}

/** lastSeenAt is written back at most this often: a request should not rewrite the file each time. */
const TOUCH_RESOLUTION_MS = 60_000;

export class SessionStore {
  private readonly file: JsonFile<SessionsFile>;
  private readonly now: () => number;
  private readonly writtenAt = new Map<string, number>();

  constructor(
    dataDir: string,
    private readonly times: SessionTimes,
  ) {
    this.file = new JsonFile(
      path.join(dataDir, 'sessions.json'),
      () => ({ version: 1, sessions: [] }),
      (v) => sessionsFile.parse(v),
    );
    this.now = times.now ?? Date.now;
  }

  private live(s: Session, now: number): boolean {
    return now - s.lastSeenAt <= this.times.idleMs && now - s.createdAt <= this.times.maxMs;
  }

  /** Starts a session; the id goes into the cookie and nowhere else. */
  async create(userId: string): Promise<{ id: string; session: Session }> {
    const id = newSecret();
    const now = this.now();
    const session: Session = { idHash: sha256(id), userId, csrfToken: newSecret(), createdAt: now, lastSeenAt: now };
    await this.file.update((data) => ({
      value: { ...data, sessions: [...data.sessions.filter((s) => this.live(s, now)), session] },
      result: undefined,
    }));
    return { id, session };
  }

  /** The live session of a cookie's id, touched; null when unknown or expired. */
  find(id: string): Session | null {
    const now = this.now();
    const idHash = sha256(id);
    const session = this.file.read().sessions.find((s) => s.idHash === idHash);
    if (!session || !this.live(session, now)) return null;
    // The idle clock runs from the last request (kept in memory, in the file's cached copy); the
    // file itself is rewritten with it at most once a minute per session.
    session.lastSeenAt = now;
    const written = this.writtenAt.get(idHash) ?? session.createdAt;
    if (now - written > TOUCH_RESOLUTION_MS) {
      this.writtenAt.set(idHash, now);
      void this.file.update((data) => ({ value: data, result: undefined })).catch(() => undefined);
    }
    return session;
  }

  async end(id: string): Promise<void> {
    const idHash = sha256(id);
    await this.file.update((data) => ({
      value: { ...data, sessions: data.sessions.filter((s) => s.idHash !== idHash) },
      result: undefined,
    }));
  }

  /** Ends every session of a user, but the one with `keep`'s id (their own, after a password change). */
  async endAllOf(userId: string, keep?: string): Promise<void> {
    const keepHash = keep ? sha256(keep) : null;
    await this.file.update((data) => ({
      value: { ...data, sessions: data.sessions.filter((s) => s.userId !== userId || s.idHash === keepHash) },
      result: undefined,
    }));
  }
}
