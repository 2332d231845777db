// Rows for the writer's UNWIND statements, built from validated facts: properties in stored form
// (fuzzy dates as a Date and its precision), list properties and derived search keys, the JSON each
// scalar would add to alsoStated if a stored fact says otherwise, and the citation status the
// fact's own citations and records give. Pure, so the rules are unit-tested without a database.
import { createHash } from 'node:crypto';

import neo4j from 'neo4j-driver';

import { nameKeys } from '../../names/keys';
import { parseFuzzyDate, precisionKey } from '../../schema/fuzzy-date';
import { DERIVED_PROPERTIES, NODE_TYPES, RELATIONSHIP_TYPES, type PropertySpec } from '../../schema/model';
import type { CitationInput } from '../../schema/validators';
import type { SourceRecord } from '../pipeline/types';
import type { WriteNode, WriteRelationship } from './types';

/** Stable citation id: the same fact, source and quote always give the same id (idempotent imports). */
export function citationId(factId: string, sourceId: string, quote: string): string {
  return `cit-${createHash('sha256').update(`${factId}\u0000${sourceId}\u0000${quote}`).digest('hex').slice(0, 24)}`;
}

/** A fact as import/merge-nodes and import/merge-relationships take it. */
export interface MergeRow {
  id: string;
  /** The whole fact as stored when new: id, declared properties, derived lists, citationStatus. */
  props: Record<string, unknown>;
  /** Per scalar property: the alsoStated entry (JSON) it becomes when the stored fact states another value. */
  also: Record<string, string>;
  /** Per fuzzy-date property: the key of its precision sibling, compared and set with it. */
  prec: Record<string, string>;
  /** Keys of list properties in props, merged as unions. */
  lists: string[];
  /** The caption property of a node type with aliases: a different caption also becomes an alias. */
  captionKey: string | null;
  status: string | null;
}

export interface RelationshipRow extends MergeRow {
  source: string;
  target: string;
}

export interface CitationRow {
  id: string;
  factId: string;
  factKind: 'node' | 'relationship';
  source: string;
  quote: string;
  status: string;
  lang: string | null;
  note: string | null;
}

export interface RecordRow {
  id: string;
  source: string;
  file: string;
  line: ReturnType<typeof neo4j.int> | null;
  row: ReturnType<typeof neo4j.int> | null;
  recordId: string | null;
  pointer: string | null;
  raw: string | null;
}

const unique = (items: Iterable<string>) => [...new Set(items)];

/** reported if any record or reported quote supports the fact, else disputed, else speculative; null without any. */
export function citationStatus(citations: readonly CitationInput[], records: readonly string[]): string | null {
  if (records.length > 0 || citations.some((c) => c.status === 'reported')) return 'reported';
  if (citations.some((c) => c.status === 'disputed')) return 'disputed';
  if (citations.some((c) => c.status === 'speculative')) return 'speculative';
  return null;
}

/**
 * The stored form of a fact and its merge instructions. `recordSources` maps record ids to their
 * Source ids, for the sources named in alsoStated entries.
 */
function mergeRow(
  fact: WriteNode | WriteRelationship,
  specs: Readonly<Record<string, PropertySpec>>,
  recordSources: ReadonlyMap<string, string>,
  caption: string | null,
  searchable: boolean,
): MergeRow {
  const sources = unique([
    ...fact.citations.map((c) => c.source),
    ...fact.records.flatMap((r) => {
      const s = recordSources.get(r);
      return s ? [s] : [];
    }),
  ]).sort();
  const props: Record<string, unknown> = { id: fact.id };
  const also: Record<string, string> = {};
  const prec: Record<string, string> = {};
  const lists: string[] = [];
  for (const [key, value] of Object.entries(fact.properties)) {
    if (value === undefined || value === null) continue;
    const spec = specs[key];
    if (spec?.kind === 'strings' || Array.isArray(value)) {
      props[key] = unique(value as string[]);
      lists.push(key);
      continue;
    }
    if (spec?.kind === 'fuzzyDate' && typeof value === 'string') {
      const { date, precision } = parseFuzzyDate(value);
      props[key] = date;
      props[precisionKey(key)] = precision;
      prec[key] = precisionKey(key);
    } else props[key] = value;
    // Keys in a fixed order, so the same statement is the same string (appended once).
    also[key] = JSON.stringify({ property: key, value, sources });
  }
  if (searchable && caption) {
    const names = [fact.properties[caption], ...((fact.properties.aliases as string[] | undefined) ?? [])] as Array<string | undefined>;
    props[DERIVED_PROPERTIES.searchKeys] = nameKeys(names);
    lists.push(DERIVED_PROPERTIES.searchKeys);
  }
  if (fact.records.length > 0) {
    props[DERIVED_PROPERTIES.records] = unique(fact.records);
    lists.push(DERIVED_PROPERTIES.records);
  }
  const status = citationStatus(fact.citations, fact.records);
  if (status !== null) props[DERIVED_PROPERTIES.citationStatus] = status;
  return { id: fact.id, props, also, prec, lists, captionKey: caption, status };
}

export function nodeRow(node: WriteNode, recordSources: ReadonlyMap<string, string> = new Map()): MergeRow {
  const spec = NODE_TYPES[node.type];
  // A caption stated differently becomes an alias too, where the type has aliases.
  const row = mergeRow(node, spec.properties, recordSources, spec.caption, spec.searchable);
  return 'aliases' in spec.properties ? row : { ...row, captionKey: null };
}

export function relationshipRow(rel: WriteRelationship, recordSources: ReadonlyMap<string, string> = new Map()): RelationshipRow {
  const spec = RELATIONSHIP_TYPES[rel.type];
  return { ...mergeRow(rel, spec.properties, recordSources, null, false), source: rel.source, target: rel.target };
}

export function citationRows(factId: string, factKind: 'node' | 'relationship', citations: readonly CitationInput[]): CitationRow[] {
  return citations.map((c) => ({
    id: citationId(factId, c.source, c.quote),
    factId,
    factKind,
    source: c.source,
    quote: c.quote,
    status: c.status,
    lang: c.lang ?? null,
    note: c.note ?? null,
  }));
}

export function recordRow(r: SourceRecord): RecordRow {
  return {
    id: r.id,
    source: r.source,
    file: r.file,
    line: r.line === undefined ? null : neo4j.int(r.line),
    row: r.row === undefined ? null : neo4j.int(r.row),
    recordId: r.recordId ?? null,
    pointer: r.pointer ?? null,
    raw: r.raw ?? null,
  };
}
