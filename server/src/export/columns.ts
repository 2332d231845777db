// The columns and attribute keys every export format uses, derived from the schema model: the
// union of the node types' properties, the union of the relationship types' properties, and the
// Source properties that citations.csv repeats. No format lists a property by hand.
import type { Json } from '../db/values';
import type { ApiAlsoStated, ApiCitation, ApiRecordCitation } from '../graph/serialize';
import type { ExportedChange } from '../history/stored';
import type { Judgement } from '../resolve/types';
import {
  NODE_TYPES,
  RELATIONSHIP_TYPES,
  type NodeTypeSpec,
  type PropertyKind,
  type PropertySpec,
  type RelationshipTypeSpec,
} from '../schema/model';
import type { ExportEdge, ExportNode } from './subgraph';

export interface PropertyColumn {
  /** The property name, used as column header and attribute key. */
  name: string;
  kind: PropertyKind;
  description: string;
  /** The node labels or relationship types that declare it. */
  declaredBy: string[];
}

function union(specs: Array<{ name: string; properties: Readonly<Record<string, PropertySpec>> }>): PropertyColumn[] {
  const columns = new Map<string, PropertyColumn>();
  for (const spec of specs)
    for (const [name, prop] of Object.entries(spec.properties)) {
      const known = columns.get(name);
      if (!known) columns.set(name, { name, kind: prop.kind, description: prop.description, declaredBy: [spec.name] });
      // One column per name: two types giving a name different kinds would make the column ambiguous.
      else if (known.kind !== prop.kind)
        throw new Error(
          `schema: property "${name}" is a ${known.kind} on ${known.declaredBy.join(', ')} but a ${prop.kind} on ${spec.name}`,
        );
      else known.declaredBy.push(spec.name);
    }
  return [...columns.values()];
}

/** Every node property of the schema, in declaration order (name, aliases, summary, nationality, …). */
export const NODE_PROPERTY_COLUMNS: readonly PropertyColumn[] = union(
  (Object.values(NODE_TYPES) as NodeTypeSpec[]).map((t) => ({ name: t.label, properties: t.properties })),
);

/** Every relationship property of the schema (title, start, end, role, since, context). */
export const EDGE_PROPERTY_COLUMNS: readonly PropertyColumn[] = union(
  (Object.values(RELATIONSHIP_TYPES) as RelationshipTypeSpec[]).map((t) => ({ name: t.type, properties: t.properties })),
);

/** The Source properties, repeated on each citation row so that a citation list stands on its own. */
export const SOURCE_PROPERTY_COLUMNS: readonly PropertyColumn[] = union([{ name: 'Source', properties: NODE_TYPES.Source.properties }]);

/** Prefix of the source columns in citations.csv ("source_title", "source_url", …). */
export const SOURCE_COLUMN_PREFIX = 'source_';

/**
 * A property value as one text cell or attribute. Lists become JSON arrays: aliases may contain any
 * separator one could pick, and JSON reads back without guessing.
 */
export function cellText(kind: PropertyKind, value: Json | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (kind === 'strings') return JSON.stringify(Array.isArray(value) ? value : [value]);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The inverse of cellText; an empty cell is an absent property. Throws on a list that is not JSON. */
export function parseCell(kind: PropertyKind, text: string): unknown {
  if (text === '') return undefined;
  if (kind !== 'strings') return text;
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('must be a JSON array of strings, e.g. ["Patruschew", "Патрушев"]');
  return parsed;
}

/**
 * A fact's alsoStated entries as one cell or attribute: a JSON array of {property, value, sources},
 * the sources by id, in the stored order; null when there are none. The keys are written in the
 * writer's order, so an import stores each entry as the string it was stored as.
 */
export function alsoStatedText(entries: readonly ApiAlsoStated[] | undefined): string | null {
  if (!entries?.length) return null;
  return JSON.stringify(entries.map((a) => ({ property: a.property, value: a.value, sources: a.sources.map((s) => s.id) })));
}

/**
 * The inverse of alsoStatedText; an empty cell is no entries. Throws on text that is not a JSON
 * array; the entries themselves are checked by the bundle's validators (schema/validators.ts).
 */
export function parseAlsoStatedText(text: string): unknown[] | undefined {
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed))
    throw new Error(
      'must be a JSON array of {property, value, sources}, e.g. [{"property":"nationality","value":"AM","sources":["src-register"]}]',
    );
  return parsed;
}

/**
 * The columns of judgements.csv, one per field of a judgement as GET /api/judgements gives it:
 * reasons as a JSON array of {code, detail, weight}, score as a decimal, an absent value empty.
 */
export const JUDGEMENT_COLUMNS: ReadonlyArray<{ name: keyof Judgement; description: string; value(j: Judgement): string | null }> = [
  { name: 'id', description: 'Id of the judgement (GET /api/judgements/:id)', value: (j) => j.id },
  { name: 'a', description: 'One entity of the pair, as judged', value: (j) => j.a },
  { name: 'b', description: 'The other entity of the pair', value: (j) => j.b },
  { name: 'judgement', description: 'same, not_same or unsure', value: (j) => j.judgement },
  { name: 'note', description: "The reviewer's note", value: (j) => j.note },
  { name: 'by', description: 'Who judged: api, cli, import or review', value: (j) => j.by },
  { name: 'at', description: 'When, as an ISO 8601 instant', value: (j) => j.at },
  {
    name: 'score',
    description: "The candidate's score when judged from a candidate",
    value: (j) => (j.score === null ? null : String(j.score)),
  },
  { name: 'canonicalId', description: 'For same: the entity that kept its id', value: (j) => j.canonicalId },
  { name: 'absorbedId', description: 'For same: the id merged into it', value: (j) => j.absorbedId },
  { name: 'undoneAt', description: 'When the judgement was undone (a split, for same); empty while it stands', value: (j) => j.undoneAt },
  {
    name: 'reasons',
    description: 'The evidence for the score, as a JSON array of {code, detail, weight}',
    value: (j) => JSON.stringify(j.reasons),
  },
];

/** The caption of a node type or relationship type, for labels in files people read. */
export function edgeLabel(type: string, properties: Record<string, Json>): string {
  const spec = (RELATIONSHIP_TYPES as Record<string, RelationshipTypeSpec>)[type];
  if (!spec) return type;
  const detail = spec.labelProperty ? properties[spec.labelProperty] : undefined;
  return typeof detail === 'string' && detail ? `${spec.caption} (${detail})` : spec.caption;
}

export function isDirected(type: string): boolean {
  return (RELATIONSHIP_TYPES as Record<string, RelationshipTypeSpec>)[type]?.directed ?? true;
}

/** Where a record sits in its dataset, as people read it: "pm-meetings_0_0.csv, line 4, record 17". */
export function recordLocation(c: ApiRecordCitation): string {
  const parts = [
    c.file,
    c.line !== null ? `line ${c.line}` : c.row !== null ? `row ${c.row}` : null,
    c.recordId ? `record ${c.recordId}` : null,
    c.pointer && c.line === null && c.row === null ? c.pointer : null,
  ];
  return parts.filter(Boolean).join(', ') || c.record;
}

/**
 * The citations of a fact as lines people read: status, then the quote or the record's place,
 * publisher and title, date or version, link.
 */
export function citationsText(citations: readonly ApiCitation[]): string {
  return citations
    .map((c) => {
      const where = [c.publisher, c.title].filter(Boolean).join(': ');
      const what = c.kind === 'quote' ? `“${c.quote}”` : `record ${recordLocation(c)}`;
      const when = c.kind === 'record' ? (c.version ?? c.retrieved) : c.published;
      return `[${c.status}] ${what}${where ? ` — ${where}` : ''}${when ? ` (${when})` : ''}${c.url ? ` <${c.url}>` : ''}`;
    })
    .join('\n');
}

/** The value kinds of graph attributes; each format names them its own way. */
export type AttributeType = 'string' | 'int' | 'url';

export interface GraphAttribute<T> {
  /** Attribute name, also the key id (an XML name: letters, digits and _ only). */
  name: string;
  type: AttributeType;
  description: string;
  value(element: T): string | number | null;
}

interface Cited {
  type: string;
  properties: Record<string, Json>;
  citationStatus: string | null;
  alsoStated?: ApiAlsoStated[];
  citations: readonly ApiCitation[];
}

/** A record citation without its raw text and source details: what a graph attribute holds. */
export function recordReference(c: ApiRecordCitation): Record<string, Json> {
  const out: Record<string, Json> = { record: c.record, source: c.sourceId };
  for (const key of ['file', 'line', 'row', 'recordId', 'pointer'] as const) if (c[key] !== null) out[key] = c[key];
  return out;
}

const attributeType = (kind: PropertyKind): AttributeType => (kind === 'url' ? 'url' : 'string');

function provenanceAttributes<T extends Cited>(label: (element: T) => string): GraphAttribute<T>[] {
  return [
    { name: 'type', type: 'string', description: 'Node label or relationship type of the schema', value: (e) => e.type },
    { name: 'label', type: 'string', description: 'Caption to show', value: label },
    {
      name: 'citationStatus',
      type: 'string',
      description: 'reported, speculative or disputed (the strongest of its citations)',
      value: (e) => e.citationStatus,
    },
    { name: 'citationCount', type: 'int', description: 'Number of citations behind it', value: (e) => e.citations.length },
    {
      name: 'citations',
      type: 'string',
      description: 'Each citation on a line: status, quote, source',
      value: (e) => citationsText(e.citations),
    },
    {
      name: 'sourceIds',
      type: 'string',
      description: 'Ids of the sources cited, as a JSON array',
      value: (e) => JSON.stringify([...new Set(e.citations.map((c) => c.sourceId))]),
    },
    {
      name: 'records',
      type: 'string',
      description:
        'The records of datasets behind it, as a JSON array of {record, source, file, line, row, recordId, pointer} (raw text in the CSV export)',
      value: (e) => {
        const records = e.citations.filter((c): c is ApiRecordCitation => c.kind === 'record').map(recordReference);
        return records.length ? JSON.stringify(records) : null;
      },
    },
    {
      name: 'alsoStated',
      type: 'string',
      description: 'Values other sources stated differently, as a JSON array of {property, value, sources: [ids]}',
      value: (e) => alsoStatedText(e.alsoStated),
    },
  ];
}

function propertyAttributes<T extends Cited>(columns: readonly PropertyColumn[]): GraphAttribute<T>[] {
  return columns.map((c) => ({
    name: c.name,
    type: attributeType(c.kind),
    description: c.description,
    value: (e: T) => cellText(c.kind, e.properties[c.name]),
  }));
}

/** The attributes of nodes in GraphML and GEXF: provenance first, then every schema property. */
export const NODE_ATTRIBUTES: readonly GraphAttribute<ExportNode>[] = [
  ...provenanceAttributes<ExportNode>((n) => n.name),
  ...propertyAttributes<ExportNode>(NODE_PROPERTY_COLUMNS),
];

/** The attributes of edges in GraphML and GEXF. */
export const EDGE_ATTRIBUTES: readonly GraphAttribute<ExportEdge>[] = [
  ...provenanceAttributes<ExportEdge>((e) => edgeLabel(e.type, e.properties)),
  ...propertyAttributes<ExportEdge>(EDGE_PROPERTY_COLUMNS),
];

/**
 * The columns of changes.csv, one per field of a change as GET /api/changes/:id gives it (the history
 * of the exported facts): subjects, before and after as JSON, an absent value empty.
 */
export const CHANGE_COLUMNS: ReadonlyArray<{ name: string; description: string; value(c: ExportedChange): string | null }> = [
  { name: 'id', description: 'Id of the change (GET /api/changes/:id)', value: (c) => c.id },
  { name: 'kind', description: 'import, create, edit, status, retract, merge, split or revert', value: (c) => c.kind },
  { name: 'at', description: 'When, as an ISO 8601 instant', value: (c) => c.at },
  { name: 'byId', description: 'Who: the user id (cli:<user> for the command line, system for Liaison itself)', value: (c) => c.by.userId },
  { name: 'byName', description: 'Who, as shown in history', value: (c) => c.by.name },
  { name: 'reason', description: 'Why, in their words', value: (c) => c.reason },
  { name: 'summary', description: 'One line saying what changed', value: (c) => c.summary },
  { name: 'subjects', description: 'The ids of the facts it touched, as a JSON array', value: (c) => JSON.stringify(c.subjects) },
  { name: 'importId', description: 'For imports and facts added in the app: the import that wrote them', value: (c) => c.importId },
  { name: 'reverts', description: 'For a revert: the change it undid', value: (c) => c.reverts },
  { name: 'revertedBy', description: 'The change that undid this one; empty while it stands', value: (c) => c.revertedBy },
  { name: 'before', description: 'Each fact before, as a JSON array (null: it did not exist)', value: (c) => JSON.stringify(c.before) },
  { name: 'after', description: 'Each fact after, as a JSON array (null: it was removed)', value: (c) => JSON.stringify(c.after) },
];
