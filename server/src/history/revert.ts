// Reverting a change (POST /api/changes/:id/revert): the facts it touched get back their `before`
// — what it created is deleted, what it retracted comes back with its citations, what it edited
// gets its old values — provided each fact is still as the change left it (its `after`); otherwise
// the revert is refused (409) naming the later change. A merge is split, a split merged again, an
// import undone (its created facts deleted, the facts it changed given their ImportBefore
// snapshots) unless a later change touched its facts. A revert is itself a Change (kind revert,
// `reverts`), and marks the one it undid (revertedBy), so a change is reverted once.
import type { Executor, NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { ConflictError, InternalError } from '../errors';
import { getJudgement, judge, lockInTx, undoJudgement } from '../resolve/judgements';
import { isNodeLabel, isRelationshipType } from '../schema/model';
import { recordChange } from './record';
import { decodeSnapshot, plainSnapshot, readSnapshots, stableJson } from './snapshot';
import { readChange, type StoredChange } from './stored';
import type { FactSnapshot } from './types';

export type { StoredChange } from './stored';

/** The id of the i-th fact a change touched. */
const factIds = (c: StoredChange) => c.after.map((a, i) => a?.id ?? c.before[i]?.id ?? null).filter((id): id is string => id !== null);

/** A snapshot in a form two readers agree on: plain JSON, labels and citations sorted. */
function comparable(s: FactSnapshot | null | undefined): string {
  const p = plainSnapshot(s ?? null);
  if (!p) return 'null';
  const citations = [...(p.citations ?? [])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return stableJson({ ...p, ...(p.kind === 'node' ? { labels: [...p.labels].sort() } : {}), citations });
}

interface Later {
  id: string;
  kind: string;
  summary: string;
  at: string;
}

async function latestTouching(tx: NamedTx, c: StoredChange, ids: string[]): Promise<Later | null> {
  const r = (await tx.run('history/latest-touching', { ids, at: c.at, exclude: c.id })).records[0];
  return r ? (toJson(r.toObject()) as unknown as Later) : null;
}

/** The first fact of `c` that is no longer as `c` left it, and the later change that touched it. */
async function changedSince(tx: NamedTx, c: StoredChange): Promise<{ fact: string; later: Later | null } | null> {
  const ids = c.after.map((a, i) => a?.id ?? c.before[i]?.id ?? '');
  const now = await readSnapshots(
    tx,
    ids.filter((id) => id !== ''),
  );
  const byId = new Map(ids.filter((id) => id !== '').map((id, i) => [id, now[i] ?? null]));
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === '') continue;
    if (comparable(byId.get(id)) !== comparable(c.after[i])) return { fact: id, later: await latestTouching(tx, c, [id]) };
  }
  return null;
}

const describe = (l: Later) => `${l.kind} ${l.id} at ${l.at} (“${l.summary}”)`;

/** Whether `c` can be reverted now, and why not. */
export async function revertibility(tx: NamedTx, c: StoredChange): Promise<{ revertible: boolean; because?: string; later?: Later }> {
  if (c.revertedBy) return { revertible: false, because: `it was reverted by ${c.revertedBy}` };
  if (c.kind === 'import') {
    const r = (await tx.run('history/import-conflicts', { importId: c.importId ?? '', changeId: c.id })).records[0];
    if (!r) return { revertible: true };
    const later = toJson(r.toObject()) as unknown as Later;
    return { revertible: false, because: `a later change touched facts of this import: ${describe(later)}`, later };
  }
  if (c.kind === 'revert') {
    const target = c.reverts ? await readChange(tx, c.reverts).catch(() => null) : null;
    if (target?.kind === 'import')
      return { revertible: false, because: 'a reverted import is not applied again by a revert: import its files again' };
  }
  const changed = await changedSince(tx, c);
  if (!changed) return { revertible: true };
  return {
    revertible: false,
    because: changed.later
      ? `${changed.fact} was changed since, by ${describe(changed.later)}`
      : `${changed.fact} is no longer as this change left it`,
    ...(changed.later ? { later: changed.later } : {}),
  };
}

function refuse(c: StoredChange, because: string, later?: Later): ConflictError {
  return new ConflictError(
    `Change ${c.id} cannot be reverted: ${because}.`,
    { rule: c.revertedBy ? 'already-reverted' : 'changed-since', ...(later ? { laterChange: later.id } : {}) },
    [{ path: '$.params.id', message: because, code: c.revertedBy ? 'already_reverted' : 'changed_since' }],
  );
}

const domainLabel = (s: FactSnapshot & { kind: 'node' }) => s.labels.find((l) => l !== 'Entity' && isNodeLabel(l)) ?? null;

/** A stored snapshot's props and citations as the driver writes them. */
function writable(s: FactSnapshot): {
  props: Record<string, unknown>;
  citations: Array<{ props: Record<string, unknown>; source: unknown }>;
} {
  // Stored snapshots keep typed values ({$t, v}: dates, integers): decoded, they are written back exactly.
  const d = decodeSnapshot(s);
  const props = d.props;
  const citations = (d.citations ?? []).map(({ source, ...rest }) => ({ props: rest, source }));
  return { props, citations };
}

/** Gives every fact of `c` its `before`: deletions (relationships, then nodes), then restores (nodes, then relationships). */
async function restoreBefore(tx: NamedTx, c: StoredChange): Promise<void> {
  const facts = c.after.map((a, i) => ({ after: a, before: c.before[i] ?? null })).filter((f) => f.after || f.before);
  const gone = facts.filter((f) => !f.before).map((f) => f.after!);
  for (const s of [...gone.filter((s) => s.kind === 'relationship'), ...gone.filter((s) => s.kind === 'node')])
    await tx.run('history/delete-fact', { id: s.id });
  const back = facts.flatMap((f) => (f.before ? [f.before] : []));
  for (const s of [...back.filter((s) => s.kind === 'node'), ...back.filter((s) => s.kind === 'relationship')]) {
    const { props, citations } = writable(s);
    if (s.kind === 'node') {
      const label = domainLabel(s);
      if (!label) throw new InternalError(`revert: node ${s.id} has no domain label`);
      await tx.run('history/restore-node', { id: s.id, props }, { LABEL: label });
    } else {
      if (!isRelationshipType(s.type)) throw new InternalError(`revert: ${s.type} is not a relationship type`);
      const r = await tx.run('history/restore-relationship', { id: s.id, source: s.source, target: s.target, props }, { TYPE: s.type });
      if (r.records.length === 0)
        throw new ConflictError(`Change ${c.id} cannot be reverted: an end of ${s.id} (${s.source} → ${s.target}) is gone.`, {
          rule: 'changed-since',
        });
    }
    await tx.run('history/restore-citations', { factId: s.id, citations });
  }
}

const judgementIds = (c: StoredChange) => c.subjects.filter((s) => s.startsWith('jdg-'));

/**
 * Reverts change `id` and returns the id of the revert's own Change. Refused (409) when the change
 * was reverted already, or a fact it touched changed since (naming the later change).
 */
export async function revertChange(executor: Executor, id: string, opts: { reason?: string | null } = {}): Promise<string> {
  const reason = opts.reason ?? null;
  // Checked first; the kinds whose undo runs in a transaction of its own (merges) check there too.
  const { c, target } = await executor.transaction('read', async (tx) => {
    const c = await readChange(tx, id);
    const r = await revertibility(tx, c);
    if (!r.revertible) throw refuse(c, r.because ?? 'it changed since', r.later);
    const target = c.kind === 'revert' && c.reverts ? await readChange(tx, c.reverts) : null;
    return { c, target };
  });
  const reverts = { changeId: c.id, reason };
  // A merge (or a revert that merged again) is split; a split (or a revert that split) is merged again.
  const merged = c.kind === 'merge' || (c.kind === 'revert' && target?.kind === 'split');
  const split = c.kind === 'split' || (c.kind === 'revert' && target?.kind === 'merge');
  if (merged) {
    const jid = judgementIds(c)[0];
    if (!jid) throw new InternalError(`change ${c.id} names no judgement`);
    await undoJudgement(executor, jid, { reverts });
    return revertOf(executor, c.id);
  }
  if (split) {
    // The judgements the split undid, earliest first (the split lists them latest first).
    const ids = judgementIds(c).reverse();
    for (const jid of ids) {
      const j = await getJudgement(executor, jid);
      if (!j.canonicalId || !j.absorbedId) continue;
      await judge(executor, { a: j.canonicalId, b: j.absorbedId, judgement: 'same', keep: 'a', by: 'revert', note: reason, reverts });
    }
    return revertOf(executor, c.id);
  }
  return executor.transaction(
    'write',
    async (tx) => {
      const now = await readChange(tx, id);
      const check = await revertibility(tx, now);
      if (!check.revertible) throw refuse(now, check.because ?? 'it changed since', check.later);
      if (now.kind === 'import') return revertImport(tx, now, reason);
      const ids = factIds(now);
      const before = await readSnapshots(tx, ids);
      // Facts added in the app were written as an import: undoing that import also takes the
      // Sources and records it created, and gives back what it merged into (ImportBefore); the
      // facts themselves go by id too (a revert of a retraction recreated their claims without it).
      if (now.kind === 'create' && now.importId) await tx.run('history/revert-import', { importId: now.importId });
      await restoreBefore(tx, now);
      return recordChange(tx, {
        kind: 'revert',
        reverts: now.id,
        reason,
        subjects: now.subjects,
        before,
        after: await readSnapshots(tx, ids),
        summary: `Reverted: ${now.summary}`,
      });
    },
    { context: `revert of ${id}` },
  );
}

/** Undoes an import in `tx`, under the import lock (no import interleaves), and records the revert. */
async function revertImport(tx: NamedTx, c: StoredChange, reason: string | null): Promise<string> {
  if (!c.importId) throw new InternalError(`import change ${c.id} names no import`);
  const lock = await lockInTx(tx);
  if (lock.busy)
    throw new ConflictError(`An import (${lock.holder ?? '?'}) is running; revert when it has finished.`, {
      rule: 'import-running',
      holder: lock.holder,
    });
  const r = toJson((await tx.run('history/revert-import', { importId: c.importId })).records[0]?.toObject() ?? {}) as Record<
    string,
    number
  >;
  const n = (x: number | undefined, what: string) => `${(x ?? 0).toLocaleString('en')} ${what}${x === 1 ? '' : 's'}`;
  return recordChange(tx, {
    kind: 'revert',
    reverts: c.id,
    reason,
    importId: c.importId,
    subjects: [],
    before: [],
    after: [],
    summary: `Reverted the import ${c.importId}: ${n(r.nodes, 'node')} and ${n(r.relationships, 'relationship')} removed, ${n(r.restored, 'fact')} restored`,
  });
}

/** The id of the Change that reverted `id` (set by recordChange in the revert's transaction). */
async function revertOf(executor: Executor, id: string): Promise<string> {
  const c = await executor.transaction('read', (tx) => readChange(tx, id));
  if (!c.revertedBy) throw new InternalError(`change ${id} was undone but no revert was recorded`);
  return c.revertedBy;
}
