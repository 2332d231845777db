// A fact as history keeps it (FactSnapshot of history/types.ts), read in the transaction that is
// about to change it and again after, so that a Change holds the fact whole on both sides — a
// retracted fact lives on in `before`, and a revert can put it back as it was. The edits read
// through history's own reader (history/snapshot.ts), so that what they record is exactly what a
// revert compares the fact's current state with; this module adds what the edit forms need.
import type { NamedTx } from '../db/executor';
import { decodeSnapshot, plainSnapshot, readSnapshots as readHistorySnapshots } from '../history/snapshot';
import type { FactSnapshot } from '../history/types';
import { ENTITY_LABEL, isNodeLabel } from '../schema/model';

/** Snapshots (values encoded as history stores them) in the order of `ids`, null where nothing has the id. */
export async function snapshotList(tx: NamedTx, ids: readonly string[]): Promise<Array<FactSnapshot | null>> {
  return readHistorySnapshots(tx, [...ids]);
}

/** The snapshots of the facts with the given ids; ids that name nothing are left out. */
export async function readSnapshots(tx: NamedTx, ids: readonly string[]): Promise<Map<string, FactSnapshot>> {
  const list = await snapshotList(tx, ids);
  return new Map(list.filter((s): s is FactSnapshot => s !== null).map((s) => [s.id, s]));
}

/** One fact's snapshot, or null when nothing has the id. */
export async function readSnapshot(tx: NamedTx, id: string): Promise<FactSnapshot | null> {
  return (await snapshotList(tx, [id]))[0] ?? null;
}

/** The domain type of a snapshot: a node's schema label, or a relationship's type. */
export function snapshotType(s: FactSnapshot): string | null {
  if (s.kind === 'relationship') return s.type;
  return s.labels.find((l) => l !== ENTITY_LABEL && isNodeLabel(l)) ?? null;
}

/** A snapshot's props as Neo4j stores them (Dates, integers), to write a corrected fact from. */
export function storedProps(s: FactSnapshot): Record<string, unknown> {
  return decodeSnapshot(s).props;
}

/** A snapshot as plain JSON (dates as ISO strings), for the API and the edit forms. */
export function plainFact(s: FactSnapshot): FactSnapshot {
  return plainSnapshot(s)!;
}
