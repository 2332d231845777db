// Reads facts as FactSnapshots for a change's before and after: the same reader serves whoever
// records a change (the edit API may use it; EDIT's own reader, server/src/edit/snapshot.ts, is fine
// too as long as it keeps stored values as the driver gives them) and the revert, which compares a
// fact's current state with a change's `after`.
//
// Stored snapshots keep typed values (Neo4j dates, integers) as {$t, v} (resolve/snapshot.ts), so
// a restored fact compares equal in a dump; `plainSnapshot` turns one into plain JSON for the API.
import type { NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { decodeValue, encodeValue, type SnapshotValue } from '../resolve/snapshot';
import type { FactSnapshot } from './types';

/** A value already encoded ({$t, v}) stays as it is; a driver value is encoded. */
function encodeTolerant(value: unknown): SnapshotValue {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && '$t' in value && 'v' in value) return value as SnapshotValue;
  if (Array.isArray(value)) return value.map(encodeTolerant);
  return encodeValue(value);
}

const encodeRecord = (props: Record<string, unknown>): Record<string, SnapshotValue> =>
  Object.fromEntries(
    Object.entries(props)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, encodeTolerant(v)]),
  );

/** A snapshot with its values encoded for storage (idempotent). */
export function encodeSnapshot(s: FactSnapshot | null): FactSnapshot | null {
  if (!s) return null;
  const citations = s.citations ? [...s.citations].map(encodeRecord).sort((a, b) => String(a.id).localeCompare(String(b.id))) : undefined;
  return { ...s, props: encodeRecord(s.props), ...(citations ? { citations } : {}) };
}

const decodeRecord = (props: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, decodeValue(v as SnapshotValue)]));

/** The driver values of a stored snapshot (for restoring it). */
export function decodeSnapshot(s: FactSnapshot): FactSnapshot {
  return { ...s, props: decodeRecord(s.props), citations: s.citations?.map(decodeRecord) };
}

/** A stored snapshot as plain JSON (dates as ISO strings, integers as numbers), for the API. */
export function plainSnapshot(s: FactSnapshot | null): FactSnapshot | null {
  if (!s) return null;
  const d = decodeSnapshot(s);
  const plain = (r: Record<string, unknown>) => toJson(r) as Record<string, unknown>;
  return { ...d, props: plain(d.props), ...(d.citations ? { citations: d.citations.map(plain) } : {}) };
}

/** The facts with these ids as they are now (encoded), null for an id that names no fact. */
export async function readSnapshots(tx: NamedTx, ids: string[]): Promise<Array<FactSnapshot | null>> {
  if (ids.length === 0) return [];
  const found = new Map<string, FactSnapshot>();
  const result = await tx.run('history/read-facts', { ids: [...new Set(ids)] });
  for (const r of result.records) {
    const id = r.get('id') as string;
    const citations = (r.get('citations') as Array<{ props: Record<string, unknown>; source: string | null }>).map((c) => ({
      ...c.props,
      source: c.source,
    }));
    const props = r.get('props') as Record<string, unknown>;
    const snap: FactSnapshot =
      r.get('kind') === 'node'
        ? { kind: 'node', id, labels: [...(r.get('labels') as string[])].sort(), props, citations }
        : {
            kind: 'relationship',
            id,
            type: r.get('type') as string,
            source: r.get('source') as string,
            target: r.get('target') as string,
            props,
            citations,
          };
    found.set(id, encodeSnapshot(snap)!);
  }
  return ids.map((id) => found.get(id) ?? null);
}

/** Canonical JSON of a stored snapshot, to compare a fact now with a change's after. */
export function snapshotKey(s: FactSnapshot | null): string {
  if (!s) return 'null';
  const e = encodeSnapshot(s)!;
  const labels = e.kind === 'node' ? [...e.labels].sort() : undefined;
  return stableJson({ ...e, ...(labels ? { labels } : {}), citations: e.citations ?? [] });
}

/** JSON with object keys sorted, so that equal values give equal text whatever built them. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
