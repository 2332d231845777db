// Reads history: changes newest first (filtered, keyset-paged), one change with its before and
// after, and the history of one node or relationship; each says whether it can be reverted now
// (./revert.ts decides, by comparing the facts now with the change's after).
import type { Executor, NamedTx } from '../db/executor';
import { ValidationError } from '../errors';
import { revertibility } from './revert';
import { plainSnapshot } from './snapshot';
import { readChange, storedChange, type StoredChange } from './stored';
import { CHANGE_KINDS, type ChangeView } from './types';

export const CHANGES_PAGE = { default: 50, max: 200 } as const;

function view(c: StoredChange, r: { revertible: boolean; because?: string }, full: boolean): ChangeView {
  return {
    id: c.id,
    kind: c.kind,
    at: c.at,
    by: { userId: c.byId, name: c.byName },
    reason: c.reason,
    subjects: c.subjects,
    ...(full ? { before: c.before.map(plainSnapshot), after: c.after.map(plainSnapshot) } : {}),
    importId: c.importId,
    reverts: c.reverts,
    revertedBy: c.revertedBy,
    revertible: r.revertible,
    ...(r.because ? { notRevertibleBecause: r.because } : {}),
    summary: c.summary,
  };
}

async function views(tx: NamedTx, changes: StoredChange[], full: boolean): Promise<ChangeView[]> {
  const out: ChangeView[] = [];
  for (const c of changes) out.push(view(c, await revertibility(tx, c), full));
  return out;
}

export interface ChangeFilter {
  kind?: string | null;
  by?: string | null;
  subject?: string | null;
  since?: string | null;
  until?: string | null;
  limit?: number;
  cursor?: string | null;
}

const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0])))
      return [v[0], v[1]];
  } catch {
    // answered below
  }
  throw new ValidationError('Some query parameters are invalid.', [
    { path: '$.query.cursor', message: 'must be a nextCursor of an earlier page', code: 'invalid_cursor' },
  ]);
}

/** GET /api/changes: newest first. */
export async function listChanges(executor: Executor, f: ChangeFilter): Promise<{ changes: ChangeView[]; nextCursor: string | null }> {
  if (f.kind && !(CHANGE_KINDS as readonly string[]).includes(f.kind))
    throw new ValidationError('Some query parameters are invalid.', [
      { path: '$.query.kind', message: `must be one of ${CHANGE_KINDS.join(', ')}`, code: 'invalid_enum' },
    ]);
  for (const key of ['since', 'until'] as const) {
    const v = f[key];
    if (v && Number.isNaN(Date.parse(v)))
      throw new ValidationError('Some query parameters are invalid.', [
        { path: `$.query.${key}`, message: 'must be an ISO date or date-time', code: 'invalid_date' },
      ]);
  }
  const limit = Math.min(Math.max(f.limit ?? CHANGES_PAGE.default, 1), CHANGES_PAGE.max);
  const [cursorAt, cursorId] = f.cursor ? decodeCursor(f.cursor) : [null, null];
  const iso = (v?: string | null) => (v ? new Date(v).toISOString() : null);
  return executor.transaction('read', async (tx) => {
    const rows = (
      await tx.run('history/list-changes', {
        kind: f.kind ?? null,
        by: f.by ?? null,
        subject: f.subject ?? null,
        since: iso(f.since),
        until: iso(f.until),
        cursorAt,
        cursorId,
        limit: limit + 1,
      })
    ).records.map((r) => storedChange(r.get('change')));
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { changes: await views(tx, page, false), nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null };
  });
}

/** GET /api/changes/:id: with before and after. */
export async function getChange(executor: Executor, id: string): Promise<ChangeView> {
  return executor.transaction('read', async (tx) => {
    const c = await readChange(tx, id);
    return view(c, await revertibility(tx, c), true);
  });
}

/** GET /api/nodes/:id/history and /api/relationships/:id/history: newest first. */
export async function factHistory(executor: Executor, id: string, limit = 200): Promise<ChangeView[]> {
  return executor.transaction('read', async (tx) => {
    const rows = (await tx.run('history/fact-history', { id, limit })).records.map((r) => storedChange(r.get('change')));
    return views(tx, rows, false);
  });
}
