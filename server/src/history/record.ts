// Records a change in the transaction that makes it (see ./types for the contract): one (:Change)
// per change, written by cypher/history/record-change, with its before and after as JSON.
//
// For EDIT (and anyone recording a change): pass FactSnapshots whose props hold the values as the
// driver gives them (properties(n)), or as readSnapshots (./snapshot) returns them — both are
// stored encoded ({$t, v} for dates and integers), so that a revert restores the exact values.
// readSnapshots(tx, ids) reads nodes and relationships with their citations; you may use it.
import { randomUUID } from 'node:crypto';

import type { Actor } from '../auth/types';
import type { NamedTx } from '../db/executor';
import { InternalError } from '../errors';
import type { WriteCounts } from '../import/write/types';
import { currentActor } from '../request-context';
import { encodeSnapshot } from './snapshot';
import { CHANGE_KINDS, type ChangeInput, type FactSnapshot } from './types';

/** Change ids sort by time: `chg-<UTC yyyymmddThhmmssSSS>-<random>`. */
export const newChangeId = () => `chg-${new Date().toISOString().replace(/[-:.Z]/g, '')}-${randomUUID().slice(0, 8)}`;

const VERBS: Record<string, string> = {
  create: 'Added',
  edit: 'Edited',
  status: 'Changed the status of a citation of',
  retract: 'Retracted',
  merge: 'Merged',
  split: 'Split',
  revert: 'Reverted a change to',
  import: 'Imported',
};

/** What a fact is called in a one-line summary: its caption, else its type and id. */
export function factCaption(s: FactSnapshot | null): string {
  if (!s) return '?';
  const p = s.props;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const name = text(p.name) ?? text(p.title) ?? text(p.label);
  if (s.kind === 'node') {
    const type = s.labels.find((l) => l !== 'Entity') ?? 'node';
    return name ? `${type} “${name}”` : `${type} ${s.id}`;
  }
  return `${s.type} ${s.source} → ${s.target}`;
}

/** "Added Meeting “Talks in Baku” and 2 more" (the first fact a change touches, and how many more). */
export function summarize(input: Pick<ChangeInput, 'kind' | 'before' | 'after' | 'subjects'>, extra?: string): string {
  const verb = VERBS[input.kind] ?? input.kind;
  if (extra) return `${verb} ${extra}`;
  const facts = input.after.map((a, i) => a ?? input.before[i] ?? null).filter((f): f is FactSnapshot => f !== null);
  if (facts.length === 0) return `${verb} ${input.subjects.length} fact${input.subjects.length === 1 ? '' : 's'}`;
  const more = facts.length > 1 ? ` and ${facts.length - 1} more` : '';
  return `${verb} ${factCaption(facts[0]!)}${more}`;
}

/** Writes the (:Change) for `input` in `tx` and returns its id. `summary` overrides the derived one-liner. */
export async function recordChange(tx: NamedTx, input: ChangeInput & { summary?: string }): Promise<string> {
  if (!(CHANGE_KINDS as readonly string[]).includes(input.kind)) throw new InternalError(`recordChange: unknown kind ${input.kind}`);
  if (input.before.length !== input.after.length)
    throw new InternalError(`recordChange: before (${input.before.length}) and after (${input.after.length}) differ in length`);
  const actor = input.actor ?? currentActor();
  const id = newChangeId();
  await tx.run('history/record-change', {
    id,
    kind: input.kind,
    byId: actor.userId,
    byName: actor.name,
    byVia: actor.via,
    reason: input.reason ?? null,
    subjects: [...new Set(input.subjects)],
    before: JSON.stringify(input.before.map(encodeSnapshot)),
    after: JSON.stringify(input.after.map(encodeSnapshot)),
    summary: input.summary ?? summarize(input),
    importId: input.importId ?? null,
    reverts: input.reverts ?? null,
  });
  return id;
}

/** The Change an import records at its commit: before and after stay in its journal (claims, ImportBefore). */
export function importChange(importId: string, description: string, totals: WriteCounts, actor?: Actor): ChangeInput & { summary: string } {
  const facts = totals.nodesCreated + totals.relationshipsCreated;
  const restated = totals.nodesMerged + totals.relationshipsMerged;
  const n = (x: number, what: string) => `${x.toLocaleString('en')} ${what}${x === 1 ? '' : 's'}`;
  return {
    kind: 'import',
    subjects: [],
    before: [],
    after: [],
    importId,
    ...(actor ? { actor } : {}),
    summary: `Imported ${description}: ${n(facts, 'new fact')}, ${n(restated, 'restated fact')}, ${n(totals.citationsCreated, 'citation')}`,
  };
}
