// Judgements that last: judge() stores a decision on a pair of entities as a (:Judgement) node,
// and for "same" merges the two (merge.ts) in the same write transaction, under the import lock;
// undoJudgement() undoes one (a split, for "same"), and with it every later merge built on it.
// The read API, the review page and import-time matching all go through these functions.
import { randomBytes } from 'node:crypto';

import type { Node } from 'neo4j-driver';

import type { Executor, NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../errors';
import { factCaption, recordChange } from '../history/record';
import { plainSnapshot, readSnapshots } from '../history/snapshot';
import type { FactSnapshot } from '../history/types';
import { STALE_MS, liveImports } from '../import/write/journal';
import { canonicalIds } from './canonical';
import { chooseSurvivor, domainLabelOf, mergeInTx, splitInTx, type MergeSnapshot, type StoredEntity } from './merge';
import { pairKey, type Judgement, type JudgementKind, type Reason } from './types';

export interface JudgeInput {
  a: string;
  b: string;
  judgement: JudgementKind;
  note?: string | null;
  score?: number | null;
  reasons?: Reason[];
  /** Who judged: "api", "cli", "import", "review". */
  by: string;
  /** For "same": which of the two keeps its id (default: chooseSurvivor's rule). */
  keep?: 'a' | 'b';
  /** For "same": the merge's Change is a revert of this change (history: a split undone), not kind 'merge'. */
  reverts?: { changeId: string; reason?: string | null };
}

/** Options of undoJudgement: the split's Change is a revert of this change (history: a merge undone), not kind 'split'. */
export interface UndoOptions {
  reverts?: { changeId: string; reason?: string | null };
}

const caption = (s: FactSnapshot | null | undefined, id: string) => (s ? factCaption(plainSnapshot(s)) : id);

export const newJudgementId = () => `jdg-${randomBytes(9).toString('base64url')}`;

/** A stored (:Judgement) as the API gives it. */
export function judgementFromNode(node: Node): Judgement {
  const p = toJson(node.properties) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  let reasons: Reason[] = [];
  try {
    reasons = typeof p.reasons === 'string' ? (JSON.parse(p.reasons) as Reason[]) : [];
  } catch {
    reasons = [];
  }
  return {
    id: String(p.id),
    a: String(p.a),
    b: String(p.b),
    judgement: p.judgement as JudgementKind,
    note: str(p.note),
    by: String(p.by ?? ''),
    at: String(p.at ?? ''),
    score: typeof p.score === 'number' ? p.score : null,
    reasons,
    canonicalId: str(p.canonicalId),
    absorbedId: str(p.absorbedId),
    undoneAt: str(p.undoneAt),
  };
}

/**
 * Runs `work` in one write transaction that no import interleaves with (resolve/judge-lock): an
 * import running in batches is refused with 409 `import-running`; an atomic import makes this wait
 * until it commits. `work` gets the judgement sequence's next number.
 */
async function underImportLock<T>(executor: Executor, context: string, work: (tx: NamedTx, seq: number) => Promise<T>): Promise<T> {
  const refuse = (holder: string) =>
    new ConflictError(`An import (${holder}) is running; judge again when it has finished, so that it and the merge do not interleave.`, {
      rule: 'import-running',
      holder,
    });
  // This process's own import, between taking the lock and journaling itself as running.
  const local = [...liveImports][0];
  if (local) throw refuse(local);
  return executor.transaction(
    'write',
    async (tx) => {
      const lock = await lockInTx(tx);
      if (lock.busy) throw refuse(lock.holder ?? '?');
      return work(tx, lock.seq);
    },
    { context },
  );
}

/**
 * Takes the judgements' lock inside `tx` (resolve/judge-lock) and the next judgement number. An
 * import that matches its entities inside its own transaction (and so holds the import lock)
 * calls this with its id, then judgeInTx, in that transaction: `busy` is then about other imports.
 */
export async function lockInTx(tx: NamedTx, ownImportId?: string): Promise<{ busy: boolean; holder: string | null; seq: number }> {
  const r = (await tx.run('resolve/judge-lock', { staleMs: STALE_MS })).records[0];
  const holder = (r?.get('holder') as string | null) ?? null;
  return { busy: Boolean(r?.get('busy')) && holder !== ownImportId, holder, seq: Number(toJson(r?.get('seq') ?? 0)) };
}

function entityFrom(r: { get(key: string): unknown }): StoredEntity {
  return {
    id: r.get('canonicalId') as string,
    labels: (r.get('labels') as string[] | null) ?? [],
    props: (r.get('props') as Record<string, unknown> | null) ?? {},
    links: Number(toJson(r.get('links')) ?? 0),
    importId: (r.get('importId') as string | null) ?? null,
  };
}

/**
 * Stores a judgement on the pair (a, b). Both ids are followed to the entities they name now; "same"
 * merges them (one survives, the other's id redirects to it). Errors: a == b 400 (`same_entity` at
 * $.b), an unknown id 404 (at $.a / $.b), different types 400 (`type_mismatch`), ids that already
 * name one entity 409 (`already_one_entity`). A live judgement on the same pair is replaced (marked
 * undone, `replacedBy` the new one).
 */
export async function judge(executor: Executor, input: JudgeInput): Promise<Judgement> {
  checkPair(input);
  const id = newJudgementId();
  return underImportLock(executor, `judgement ${id}`, (tx, seq) => judgeInTx(tx, input, { id, seq }));
}

function checkPair(input: JudgeInput): void {
  if (input.a === input.b)
    throw new ValidationError('A judgement needs two different entities.', [
      { path: '$.b', message: 'is the same id as a', code: 'same_entity' },
    ]);
}

/**
 * judge() inside a transaction the caller holds, with the lock taken by lockInTx (its `seq`): for
 * import-time matching, whose merges belong to the import's own transaction.
 */
export async function judgeInTx(tx: NamedTx, input: JudgeInput, opts: { seq: number; id?: string; at?: string }): Promise<Judgement> {
  checkPair(input);
  const id = opts.id ?? newJudgementId();
  const at = opts.at ?? new Date().toISOString();
  const rows = (await tx.run('resolve/judge-entities', { ids: [input.a, input.b] })).records;
  const byId = new Map(rows.map((r) => [r.get('id') as string, r]));
  const missing: FieldIssue[] = (['a', 'b'] as const)
    .filter((k) => !byId.get(input[k])?.get('found'))
    .map((k) => ({ path: `$.${k}`, message: `no entity has the id "${input[k]}"`, code: 'not_found' }));
  if (missing.length > 0)
    throw new NotFoundError(`No entity with id ${missing.map((m) => m.message.split('"')[1]).join(' or ')}.`, {}, missing);
  const ea = entityFrom(byId.get(input.a)!);
  const eb = entityFrom(byId.get(input.b)!);
  if (ea.id === eb.id)
    throw new ConflictError(`"${input.a}" and "${input.b}" are already one entity (${ea.id}).`, { canonicalId: ea.id }, [
      { path: '$.b', message: `already merged into the same entity as a (${ea.id})`, code: 'already_one_entity' },
    ]);
  const ta = domainLabelOf(ea.labels);
  const tb = domainLabelOf(eb.labels);
  if (ta !== tb)
    throw new ValidationError(`A ${ta ?? '?'} and a ${tb ?? '?'} cannot be one entity.`, [
      { path: '$.b', message: `is a ${tb ?? '?'}, while a is a ${ta ?? '?'}`, code: 'type_mismatch' },
    ]);
  let merge: { canonicalId: string; absorbedId: string; snapshot: MergeSnapshot } | null = null;
  if (input.judgement === 'same') {
    const [survivor, absorbed] = chooseSurvivor(ea, eb, input.keep);
    const ends = [survivor.id, absorbed.id];
    const before = await readSnapshots(tx, ends);
    const { snapshot } = await mergeInTx(tx, survivor, absorbed, id);
    merge = { canonicalId: survivor.id, absorbedId: absorbed.id, snapshot };
    // History: the two entities before, the survivor after (the absorbed id now redirects to it).
    const moved = snapshot.relationships.flatMap((rel) => (rel.id === null ? [] : [rel.id]));
    await recordChange(tx, {
      kind: input.reverts ? 'revert' : 'merge',
      reverts: input.reverts?.changeId ?? null,
      reason: input.reverts ? (input.reverts.reason ?? null) : (input.note ?? null),
      subjects: [...ends, id, ...moved],
      before,
      after: await readSnapshots(tx, ends),
      summary: `${input.reverts ? 'Merged again' : 'Merged'} ${caption(before[1], absorbed.id)} into ${caption(before[0], survivor.id)}`,
    });
  }
  const stored = (
    await tx.run<{ j: Node }>('resolve/judge-create', {
      seq: opts.seq,
      judgement: {
        id,
        pairKey: pairKey(input.a, input.b),
        a: input.a,
        b: input.b,
        judgement: input.judgement,
        note: input.note ?? null,
        by: input.by,
        at,
        score: input.score ?? null,
        reasons: JSON.stringify(input.reasons ?? []),
        canonicalId: merge?.canonicalId ?? null,
        absorbedId: merge?.absorbedId ?? null,
        snapshot: merge ? JSON.stringify(merge.snapshot) : null,
      },
    })
  ).records[0]!;
  return judgementFromNode(stored.get('j'));
}

const notFound = (id: string) =>
  new NotFoundError(`No judgement with id "${id}".`, {}, [{ path: '$.params.id', message: 'no judgement has this id', code: 'not_found' }]);

export async function getJudgement(executor: Executor | NamedTx, id: string): Promise<Judgement> {
  const r =
    'read' in executor
      ? await executor.read<{ j: Node }>('resolve/judgement-get', { id })
      : await executor.run<{ j: Node }>('resolve/judgement-get', { id });
  const node = r.records[0]?.get('j');
  if (!node) throw notFound(id);
  return judgementFromNode(node);
}

/**
 * Undoes a judgement. "not_same" and "unsure" are only marked undone. "same" is split: the graph
 * is given back as it was before the merge (merge.ts splitInTx). Later merges that built on it (whose
 * entities include either of its two, or any entity merged with them since) are undone first,
 * latest first, in the same transaction; `undone` lists every judgement undone, in the order undone.
 * Undoing a judgement already undone is 409 (`already_undone`).
 */
export async function undoJudgement(executor: Executor, id: string, opts: UndoOptions = {}): Promise<{ undone: Judgement[] }> {
  const at = new Date().toISOString();
  return underImportLock(executor, `undo of judgement ${id}`, async (tx) => {
    const node = (await tx.run<{ j: Node }>('resolve/judgement-get', { id })).records[0]?.get('j');
    if (!node) throw notFound(id);
    const target = judgementFromNode(node);
    if (target.undoneAt !== null)
      throw new ConflictError(`Judgement "${id}" was undone at ${target.undoneAt}.`, { undoneAt: target.undoneAt }, [
        { path: '$.params.id', message: 'is already undone', code: 'already_undone' },
      ]);
    const order: Array<{ id: string; snapshot: MergeSnapshot | null }> = [];
    if (target.judgement !== 'same') order.push({ id, snapshot: null });
    else {
      const seq = Number(toJson(node.properties.seq));
      const live = (await tx.run<{ j: Node }>('resolve/judgements-live-same', { fromSeq: seq })).records.map((r) => r.get('j'));
      // The cluster grows with each later merge that touches it; those merges come undone too.
      const cluster = new Set([target.canonicalId, target.absorbedId]);
      const chain: Node[] = [];
      for (const j of live) {
        const c = j.properties.canonicalId as string;
        const x = j.properties.absorbedId as string;
        if (j.properties.id !== id && !cluster.has(c) && !cluster.has(x)) continue;
        cluster.add(c);
        cluster.add(x);
        chain.push(j);
      }
      for (const j of chain.reverse())
        order.push({ id: j.properties.id as string, snapshot: JSON.parse(String(j.properties.snapshot)) as MergeSnapshot });
    }
    const splits = order.flatMap((s) => (s.snapshot ? [s.snapshot] : []));
    const ends = [...new Set(splits.flatMap((s) => [s.survivor.id, s.absorbed.id]))];
    const before = await readSnapshots(tx, ends);
    for (const step of order) if (step.snapshot) await splitInTx(tx, step.snapshot);
    if (splits.length > 0) {
      // History: one Change for the split (and the later merges it undid first).
      const after = await readSnapshots(tx, ends);
      const target = splits[splits.length - 1]!;
      const moved = splits.flatMap((s) => s.relationships.flatMap((rel) => (rel.id === null ? [] : [rel.id])));
      const more = splits.length > 1 ? ` (and ${splits.length - 1} later merge${splits.length === 2 ? '' : 's'} built on it)` : '';
      const absorbedAfter = after[ends.indexOf(target.absorbed.id)];
      await recordChange(tx, {
        kind: opts.reverts ? 'revert' : 'split',
        reverts: opts.reverts?.changeId ?? null,
        reason: opts.reverts?.reason ?? null,
        subjects: [...ends, ...order.map((s) => s.id), ...moved],
        before,
        after,
        summary: `Split ${caption(absorbedAfter, target.absorbed.id)} from ${caption(before[ends.indexOf(target.survivor.id)], target.survivor.id)}${more}`,
      });
    }
    const marked = (await tx.run<{ j: Node }>('resolve/judgements-undo-mark', { ids: order.map((s) => s.id), at })).records.map((r) =>
      judgementFromNode(r.get('j')),
    );
    const byId = new Map(marked.map((j) => [j.id, j]));
    return { undone: order.map((s) => byId.get(s.id)!) };
  });
}

export const JUDGEMENTS_PAGE = { default: 50, max: 500 } as const;

/** Judgements newest first, optionally those naming an entity (by the id asked or the one it has now); keyset-paged by seq. */
export async function listJudgements(
  executor: Executor,
  opts: { entity?: string | null; limit: number; cursor?: string | null },
): Promise<{ judgements: Judgement[]; nextCursor: string | null }> {
  const afterSeq = opts.cursor ? decodeCursor(opts.cursor) : null;
  const entity = opts.entity ?? null;
  const entities = entity === null ? null : [...new Set([entity, (await canonicalIds(executor, [entity])).get(entity) ?? entity])];
  const records = (await executor.read<{ j: Node }>('resolve/judgements-list', { entities, afterSeq, limit: opts.limit + 1 })).records;
  const nodes = records.map((r) => r.get('j'));
  const page = nodes.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    judgements: page.map(judgementFromNode),
    nextCursor: nodes.length > opts.limit && last ? encodeCursor(Number(toJson(last.properties.seq))) : null,
  };
}

const encodeCursor = (seq: number) => Buffer.from(`j${seq}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): number {
  const m = /^j(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m)
    throw new ValidationError('Some query parameters are invalid.', [
      { path: '$.query.cursor', message: 'must be a nextCursor of an earlier page', code: 'invalid_cursor' },
    ]);
  return Number(m[1]);
}
