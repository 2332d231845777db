// A fact as history keeps it (FactSnapshot of history/types.ts): read in the transaction that is
// about to change it, and again after, so that a Change holds the fact whole on both sides — a
// retracted fact lives on in `before`, and a revert can put it back as it was.
//
// The form (shared with history's revert, which restores from it): `props` are the stored
// properties as JSON — a fuzzy date as its ISO day ("2019-09-01") beside its stored precision
// sibling ("datePrecision": "month"), lists as arrays, derived properties (searchKeys,
// citationStatus, records, alsoStated) included; `citations` are the quote citations with every
// stored property (id, factId, factKind, quote, status, lang, note, importId) plus `source`, the
// id of the Source cited, sorted by id. storedProps() turns `props` back into what Neo4j stores.
import neo4j from 'neo4j-driver';

import type { NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import type { FactSnapshot } from '../history/types';
import { ENTITY_LABEL, NODE_TYPES, RELATIONSHIP_TYPES, isNodeLabel, isRelationshipType, type PropertySpec } from '../schema/model';

const asRecord = (v: unknown) => (v && typeof v === 'object' ? (toJson(v) as Record<string, unknown>) : {});

/** The snapshots of the facts with the given ids, read in `tx`; ids that name nothing are left out. */
export async function readSnapshots(tx: NamedTx, ids: readonly string[]): Promise<Map<string, FactSnapshot>> {
  const out = new Map<string, FactSnapshot>();
  if (ids.length === 0) return out;
  const result = await tx.run('edit/fact-snapshots', { ids: [...new Set(ids)] });
  for (const r of result.records) {
    const id = r.get('id') as string;
    const citations = (r.get('citations') as unknown[]).map(asRecord);
    const labels = r.get('labels') as string[] | null;
    if (labels) {
      out.set(id, { kind: 'node', id, labels: [...labels].sort(), props: asRecord(r.get('nodeProps')), citations });
      continue;
    }
    const type = r.get('type') as string | null;
    if (type)
      out.set(id, {
        kind: 'relationship',
        id,
        type,
        source: r.get('source') as string,
        target: r.get('target') as string,
        props: asRecord(r.get('relProps')),
        citations,
      });
  }
  return out;
}

/** One fact's snapshot, or null when nothing has the id. */
export async function readSnapshot(tx: NamedTx, id: string): Promise<FactSnapshot | null> {
  return (await readSnapshots(tx, [id])).get(id) ?? null;
}

/** Snapshots in the order of `ids`, null where nothing has the id (ChangeInput's before/after). */
export async function snapshotList(tx: NamedTx, ids: readonly string[]): Promise<Array<FactSnapshot | null>> {
  const found = await readSnapshots(tx, ids);
  return ids.map((id) => found.get(id) ?? null);
}

/** The domain type of a snapshot: a node's schema label, or a relationship's type. */
export function snapshotType(s: FactSnapshot): string | null {
  if (s.kind === 'relationship') return s.type;
  return s.labels.find((l) => l !== ENTITY_LABEL && isNodeLabel(l)) ?? null;
}

function specsOf(s: FactSnapshot): Readonly<Record<string, PropertySpec>> {
  const type = snapshotType(s);
  if (!type) return {};
  if (s.kind === 'node') return isNodeLabel(type) ? NODE_TYPES[type].properties : {};
  return isRelationshipType(type) ? RELATIONSHIP_TYPES[type].properties : {};
}

/**
 * A snapshot's props as Neo4j stores them: the schema's fuzzy dates back to Dates (their precision
 * siblings are strings already), everything else as it is (JSON numbers of stored integers come
 * back as floats only where the schema has none: it declares no integer properties).
 */
export function storedProps(s: FactSnapshot): Record<string, unknown> {
  const specs = specsOf(s);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(s.props)) {
    if (specs[key]?.kind === 'fuzzyDate' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const [y, m, d] = value.split('-').map(Number) as [number, number, number];
      out[key] = new neo4j.types.Date(y, m, d);
    } else out[key] = value;
  }
  return out;
}
