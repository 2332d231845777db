// A (:Change) as stored (before and after parsed, still encoded): what the reads and the revert share.
import type { NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { NotFoundError } from '../errors';
import { plainSnapshot } from './snapshot';
import type { ChangeKind, FactSnapshot } from './types';

export interface StoredChange {
  id: string;
  kind: ChangeKind;
  at: string;
  byId: string;
  byName: string;
  reason: string | null;
  subjects: string[];
  before: Array<FactSnapshot | null>;
  after: Array<FactSnapshot | null>;
  summary: string;
  importId: string | null;
  reverts: string | null;
  revertedBy: string | null;
}

const parseList = (v: unknown): Array<FactSnapshot | null> => {
  if (typeof v !== 'string') return [];
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? (parsed as Array<FactSnapshot | null>) : [];
  } catch {
    return [];
  }
};

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** A (:Change) map as read by cypher/history/* (at already a string). */
export function storedChange(raw: unknown): StoredChange {
  const p = toJson(raw) as Record<string, unknown>;
  return {
    id: String(p.id),
    kind: p.kind as ChangeKind,
    at: String(p.at),
    byId: String(p.byId ?? ''),
    byName: String(p.byName ?? ''),
    reason: str(p.reason),
    subjects: Array.isArray(p.subjects) ? p.subjects.map(String) : [],
    before: parseList(p.before),
    after: parseList(p.after),
    summary: String(p.summary ?? ''),
    importId: str(p.importId),
    reverts: str(p.reverts),
    revertedBy: str(p.revertedBy),
  };
}

export const changeNotFound = (id: string) =>
  new NotFoundError(`No change with id "${id}".`, {}, [{ path: '$.params.id', message: 'no change has this id', code: 'not_found' }]);

/** The stored change, or 404. */
export async function readChange(tx: NamedTx, id: string): Promise<StoredChange> {
  const raw = (await tx.run('history/get-change', { id })).records[0]?.get('change');
  if (!raw) throw changeNotFound(id);
  return storedChange(raw);
}

/** A change as exports carry it: ChangeView's fields with before and after as plain JSON, no revertibility. */
export interface ExportedChange {
  id: string;
  kind: ChangeKind;
  at: string;
  by: { userId: string; name: string };
  reason: string | null;
  subjects: string[];
  before: Array<FactSnapshot | null>;
  after: Array<FactSnapshot | null>;
  importId: string | null;
  reverts: string | null;
  revertedBy: string | null;
  summary: string;
}

export function exportedChange(c: StoredChange): ExportedChange {
  return {
    id: c.id,
    kind: c.kind,
    at: c.at,
    by: { userId: c.byId, name: c.byName },
    reason: c.reason,
    subjects: c.subjects,
    before: c.before.map(plainSnapshot),
    after: c.after.map(plainSnapshot),
    importId: c.importId,
    reverts: c.reverts,
    revertedBy: c.revertedBy,
    summary: c.summary,
  };
}
