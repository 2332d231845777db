// Merge and split: how a "same" judgement makes two entities one without losing a fact, and how
// its undo gives back the two exactly. The rules for properties are pure (mergeProperties,
// chooseSurvivor) and unit-testable; mergeInTx and splitInTx run the statements of cypher/resolve/
// inside the judgement's one write transaction, under the import lock (judgements.ts).
import type { NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { ConflictError, InternalError } from '../errors';
import { nameKeys } from '../names/keys';
import { formatFuzzyDate, precisionKey } from '../schema/fuzzy-date';
import { DERIVED_PROPERTIES, NODE_TYPES, fuzzyDateProperties, isNodeLabel, type NodeLabel } from '../schema/model';
import { decodeProps, encodeProps, type Props, type SnapshotValue } from './snapshot';

/** An entity as the merge reads it: its id, labels and stored properties (driver values). */
export interface StoredEntity {
  id: string;
  labels: string[];
  props: Props;
  /** Relationships at the node (citations of a Source included). */
  links: number;
  /** The import that first claimed the id (its id starts with the import's time), null before journaling. */
  importId: string | null;
}

/** One end of a relationship as a snapshot names it: an entity, a citation or a record, by id. */
type EndKind = 'Entity' | 'Citation' | 'Record';

/** A relationship of the absorbed entity as it was before the merge. */
export interface MovedRelationship {
  type: string;
  /** Null for a CITES (a Source's citations and records), which has no id. */
  id: string | null;
  from: string;
  fromKind: EndKind;
  to: string;
  toKind: EndKind;
}

/** Everything a split needs to give back the graph of before the merge (Judgement.snapshot, as JSON). */
export interface MergeSnapshot {
  version: 1;
  survivor: { id: string; labels: string[]; props: Record<string, SnapshotValue> };
  absorbed: { id: string; labels: string[]; props: Record<string, SnapshotValue> };
  relationships: MovedRelationship[];
  claims: Array<{ factId: string; source: string | null; target: string | null }>;
  citations: string[];
  repointed: string[];
}

const STATUS_RANK = ['reported', 'disputed', 'speculative'];

/** The stronger of two citation statuses (reported, then disputed, then speculative), as the import merges them. */
function strongerStatus(a: unknown, b: unknown): string | null {
  for (const s of STATUS_RANK) if (a === s || b === s) return s;
  return null;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const union = (a: unknown, b: unknown) => [...new Set([...strings(a), ...strings(b)])];

/** Two stored values equal as the database compares them (dates by their ISO form). */
const same = (a: unknown, b: unknown) => JSON.stringify(toJson(a)) === JSON.stringify(toJson(b));

export function domainLabelOf(labels: readonly string[]): NodeLabel | null {
  return (labels.find(isNodeLabel) as NodeLabel | undefined) ?? null;
}

/**
 * The survivor's properties after absorbing another entity of the same type, by the rules an
 * import uses when a fact is stated again (cypher/import/merge-nodes.cypher): lists (aliases,
 * identifiers, records, alsoStated) become unions; a value the survivor lacks is taken (a date with
 * its precision); an equal one changes nothing; one stated differently is kept as the survivor's,
 * and the absorbed one goes once into alsoStated with the Sources behind the absorbed entity; a
 * different name also becomes an alias; citationStatus is the stronger; searchKeys are computed
 * again from every name.
 */
export function mergeProperties(
  label: NodeLabel,
  survivor: Props,
  absorbed: Props,
  absorbedSources: readonly string[],
): { props: Props; alsoStated: number } {
  const spec = NODE_TYPES[label];
  const specs = spec.properties as Record<string, { kind: string }>;
  const dates = new Set(fuzzyDateProperties(spec.properties));
  const precisions = new Set([...dates].map(precisionKey));
  const out: Props = { ...survivor };
  const also: string[] = [];
  const sources = [...new Set(absorbedSources)].sort();
  const state = (property: string, value: unknown) => also.push(JSON.stringify({ property, value, sources }));
  const aliasesToAdd: string[] = [];
  for (const [key, value] of Object.entries(absorbed)) {
    if (key === 'id' || key === DERIVED_PROPERTIES.searchKeys || precisions.has(key) || value === null || value === undefined) continue;
    if (key === DERIVED_PROPERTIES.citationStatus) {
      out[key] = strongerStatus(survivor[key], value);
      continue;
    }
    if (Array.isArray(value) || specs[key]?.kind === 'strings') {
      out[key] = union(survivor[key], value);
      continue;
    }
    const stored = survivor[key];
    const pk = precisionKey(key);
    if (stored === null || stored === undefined) {
      out[key] = value;
      if (dates.has(key) && absorbed[pk] !== undefined) out[pk] = absorbed[pk];
      continue;
    }
    if (same(stored, value) && (!dates.has(key) || survivor[pk] === absorbed[pk])) continue;
    // The value as a bundle states it: a date at its precision, as the import writes alsoStated.
    const shown = dates.has(key) ? formatFuzzyDate(String(toJson(value)), absorbed[pk]) : toJson(value);
    state(key, shown);
    if (key === spec.caption && typeof value === 'string' && 'aliases' in spec.properties) aliasesToAdd.push(value);
  }
  if (aliasesToAdd.length > 0) {
    const name = out[spec.caption];
    out.aliases = union(
      out.aliases,
      aliasesToAdd.filter((a) => a !== name),
    );
  }
  // By property, so that a merge writes the same list whatever order the store gives properties in.
  also.sort();
  const newAlso = also.filter((a) => !strings(out[DERIVED_PROPERTIES.alsoStated]).includes(a));
  if (newAlso.length > 0) out[DERIVED_PROPERTIES.alsoStated] = [...strings(out[DERIVED_PROPERTIES.alsoStated]), ...newAlso];
  if (spec.searchable && (survivor[DERIVED_PROPERTIES.searchKeys] !== undefined || absorbed[DERIVED_PROPERTIES.searchKeys] !== undefined)) {
    const names = [out[spec.caption], ...strings(out.aliases)].filter((n): n is string => typeof n === 'string');
    out[DERIVED_PROPERTIES.searchKeys] = nameKeys(names);
  }
  for (const [k, v] of Object.entries(out)) if (v === null || v === undefined) delete out[k];
  return { props: out, alsoStated: newAlso.length };
}

/**
 * Which of two entities survives a merge: the one the caller names; else the one with more links
 * (fewer relationships to re-create, and the better-known id); else the one whose id was claimed
 * first (import ids begin with the import's time; a store from before journaling counts as
 * oldest); else the smaller id, so that the choice never depends on the order of the pair.
 */
export function chooseSurvivor(a: StoredEntity, b: StoredEntity, keep?: 'a' | 'b'): [StoredEntity, StoredEntity] {
  if (keep === 'a') return [a, b];
  if (keep === 'b') return [b, a];
  if (a.links !== b.links) return a.links > b.links ? [a, b] : [b, a];
  const ia = a.importId ?? '';
  const ib = b.importId ?? '';
  if (ia !== ib) return ia < ib ? [a, b] : [b, a];
  return a.id < b.id ? [a, b] : [b, a];
}

interface MergeRead {
  rels: MovedRelationship[];
  claims: MergeSnapshot['claims'];
  citations: string[];
  repointed: string[];
  sources: string[];
}

/** Merges `absorbed` into `survivor` inside `tx` and returns the snapshot that undoes it. */
export async function mergeInTx(
  tx: NamedTx,
  survivor: StoredEntity,
  absorbed: StoredEntity,
  judgementId: string,
): Promise<{ snapshot: MergeSnapshot; counts: Record<string, number> }> {
  const label = domainLabelOf(survivor.labels);
  if (!label) throw new InternalError(`entity ${survivor.id} has no domain label`);
  const read = (await tx.run('resolve/merge-read', { absorbed: absorbed.id })).records[0];
  if (!read) throw new ConflictError(`Entity "${absorbed.id}" went away during the merge; try again.`, { rule: 'entity-gone' });
  const r = toJson(read.toObject()) as unknown as MergeRead;
  // A Source is its own evidence: what the absorbed one said of itself is now said by the survivor.
  const sources = r.sources.length > 0 || label !== 'Source' ? r.sources : [survivor.id];
  const { props } = mergeProperties(label, survivor.props, absorbed.props, sources);
  const snapshot: MergeSnapshot = {
    version: 1,
    survivor: { id: survivor.id, labels: survivor.labels, props: encodeProps(survivor.props) },
    absorbed: { id: absorbed.id, labels: absorbed.labels, props: encodeProps(absorbed.props) },
    relationships: r.rels,
    claims: r.claims,
    citations: r.citations,
    repointed: r.repointed,
  };
  const relIds = r.rels.flatMap((rel) => (rel.id === null ? [] : [rel.id]));
  const applied = (await tx.run('resolve/merge-apply', { survivor: survivor.id, absorbed: absorbed.id, props, relIds, judgementId }))
    .records[0];
  if (!applied) throw new ConflictError(`Entity "${survivor.id}" went away during the merge; try again.`, { rule: 'entity-gone' });
  const counts = toJson(applied.toObject()) as Record<string, number>;
  if (counts.moved !== r.rels.length)
    throw new InternalError(`merge of ${absorbed.id} into ${survivor.id} moved ${counts.moved} of ${r.rels.length} relationships`);
  return { snapshot, counts };
}

/**
 * Undoes one merge inside `tx` from its snapshot (resolve/split-apply). A moved relationship is
 * found on the survivor by its id and gets its absorbed end back; its other end is left as it is
 * now, so a neighbour merged away since (by a judgement on other entities) keeps it.
 */
export async function splitInTx(tx: NamedTx, snapshot: MergeSnapshot): Promise<Record<string, number>> {
  const { survivor, absorbed } = snapshot;
  if (!absorbed.labels.every((l) => l === 'Entity' || isNodeLabel(l)))
    throw new InternalError(`snapshot of ${absorbed.id} names labels outside the schema: ${absorbed.labels.join(', ')}`);
  const result = (
    await tx.run('resolve/split-apply', {
      survivor: survivor.id,
      absorbed: absorbed.id,
      absorbedLabels: absorbed.labels,
      absorbedProps: decodeProps(absorbed.props),
      survivorProps: decodeProps(survivor.props),
      rels: snapshot.relationships,
      citations: snapshot.citations,
      repointed: snapshot.repointed,
    })
  ).records[0];
  if (!result)
    throw new ConflictError(`The merge cannot be undone: entity "${survivor.id}" is no longer in the graph.`, { rule: 'survivor-gone' });
  return toJson(result.toObject()) as Record<string, number>;
}
