// Pass 1's checks of one record: every fact against the schema's validators (zod issues become
// RecordProblems named by rule, with the fact's type and property as the field), then the references
// it makes — relationship endpoints and citation sources — against the record itself, what earlier
// valid records of the run defined, and what the database holds (looked up per batch).
import { createHash } from 'node:crypto';

import type { z } from 'zod';

import { NODE_TYPES, RELATIONSHIP_TYPES, isNodeLabel, isRelationshipType, type PropertySpec } from '../../schema/model';
import { nodeInput, relationshipInput, type NodeInput, type RelationshipInput } from '../../schema/validators';
import type { StoredFact } from './modules';
import { truncateValue } from './report';
import type { FactNode, FactRelationship, RecordProblem, RecordUnit } from './types';

export interface ValidatedRecord {
  nodes: NodeInput[];
  relationships: RelationshipInput[];
  problems: RecordProblem[];
}

/** Problems in these rules mean "conflicts with stored data" rather than "invalid". */
export const CONFLICT_RULES: ReadonlySet<string> = new Set(['type_change', 'id_taken', 'endpoint_change']);

function valueAt(root: unknown, p: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = root;
  for (const k of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function fieldName(type: string, p: ReadonlyArray<PropertyKey>): string {
  const rest = p[0] === 'properties' ? p.slice(1) : p;
  let out = type || '(no type)';
  for (const k of rest) out += typeof k === 'number' ? `[${k}]` : `.${String(k)}`;
  return out;
}

function propertySpec(type: string, key: PropertyKey | undefined): PropertySpec | undefined {
  if (typeof key !== 'string') return undefined;
  const specs = isNodeLabel(type)
    ? NODE_TYPES[type].properties
    : isRelationshipType(type)
      ? RELATIONSHIP_TYPES[type].properties
      : undefined;
  return (specs as Record<string, PropertySpec> | undefined)?.[key];
}

/** One zod issue as RecordProblems (an unrecognized_keys issue gives one per key). */
export function problemsFromIssue(issue: z.core.$ZodIssue, fact: { type: string }, input: unknown): RecordProblem[] {
  const p = issue.path;
  const value = valueAt(input, p);
  const at = (extra: ReadonlyArray<PropertyKey> = []) => fieldName(fact.type, [...p, ...extra]);
  const one = (rule: string, field = at()): RecordProblem => {
    const problem: RecordProblem = { rule, message: issue.message, field };
    const v = truncateValue(value);
    if (v !== undefined) problem.value = v;
    return problem;
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const problem: RecordProblem = {
          rule: 'unknown_property',
          message: `"${key}" is not a property of ${fact.type}`,
          field: at([key]),
        };
        const v = truncateValue(valueAt(input, [...p, key]));
        if (v !== undefined) problem.value = v;
        return problem;
      });
    case 'invalid_union':
      return [one(p.length === 1 && p[0] === 'type' ? 'unknown_type' : 'invalid_value')];
    case 'invalid_type':
      return [one(value === undefined || value === null ? 'missing_value' : 'invalid_type')];
    case 'too_small':
      return [
        one(value === '' || (typeof value === 'string' && value.trim() === '') || value === undefined ? 'missing_value' : 'too_small'),
      ];
    case 'too_big':
      return [one('too_long')];
    case 'invalid_value':
      return [one('invalid_value')];
    case 'invalid_format':
      return [one('invalid_format')];
    case 'custom': {
      const spec = p[0] === 'properties' ? propertySpec(fact.type, p[1]) : undefined;
      return [one(spec?.kind === 'fuzzyDate' ? 'invalid_date' : 'invalid_value')];
    }
    default:
      return [one(issue.code)];
  }
}

function factInput(f: FactNode | FactRelationship): Record<string, unknown> {
  const out: Record<string, unknown> = { id: f.id, type: f.type, properties: f.properties ?? {}, citations: f.citations ?? [] };
  if ('source' in f) {
    out.source = f.source;
    out.target = f.target;
  }
  return out;
}

/** Validates a record's facts with the schema's validators. */
export function validateFacts(unit: Pick<RecordUnit, 'nodes' | 'relationships'>): ValidatedRecord {
  const out: ValidatedRecord = { nodes: [], relationships: [], problems: [] };
  for (const n of unit.nodes) {
    const input = factInput(n);
    const r = nodeInput.safeParse(input);
    if (r.success) out.nodes.push(r.data);
    else for (const issue of r.error.issues) out.problems.push(...problemsFromIssue(issue, n, input));
  }
  for (const rel of unit.relationships) {
    const input = factInput(rel);
    const r = relationshipInput.safeParse(input);
    if (r.success) out.relationships.push(r.data);
    else for (const issue of r.error.issues) out.problems.push(...problemsFromIssue(issue, rel, input));
  }
  return out;
}

/** What a run knows of an id: a node's label, or a relationship's type prefixed with "~". */
export interface Known {
  get(id: string): string | undefined;
  has(id: string): boolean;
}

/**
 * The ids a run has read, with their types, in bounded space: each id is kept as 12 bytes of its
 * SHA-1 (a one-byte string) rather than as itself, and the type strings are shared. Two ids of one
 * run sharing 96 bits of hash is not a practical concern; the writer checks again regardless.
 */
export class IdIndex implements Known {
  private readonly map = new Map<string, string>();
  private readonly types = new Map<string, string>();

  private static key(id: string): string {
    return createHash('sha1').update(id).digest().toString('latin1', 0, 12);
  }

  get(id: string): string | undefined {
    return this.map.get(IdIndex.key(id));
  }

  has(id: string): boolean {
    return this.map.has(IdIndex.key(id));
  }

  set(id: string, type: string): this {
    let shared = this.types.get(type);
    if (shared === undefined) this.types.set(type, (shared = type));
    this.map.set(IdIndex.key(id), shared);
    return this;
  }

  get size(): number {
    return this.map.size;
  }
}

export const relKey = (type: string) => `~${type}`;

/** The node label an id stands for, from the record, the run, or the database; null if none. */
function nodeTypeOf(id: string, local: ReadonlyMap<string, string>, seen: Known, stored: ReadonlyMap<string, StoredFact>): string | null {
  const own = local.get(id) ?? seen.get(id);
  if (own !== undefined) return own.startsWith('~') ? `a ${own.slice(1)} relationship` : own;
  const s = stored.get(id);
  if (!s) return null;
  return s.kind === 'node' ? (s.type ?? 'node of several types') : `a ${s.type ?? ''} relationship`;
}

/**
 * References and id claims of one record: endpoints exist and have allowed types, citations cite
 * Sources, and no fact changes the type, kind or endpoints its id already has (in the run or stored).
 */
export function checkReferences(
  v: ValidatedRecord,
  seen: Known,
  stored: ReadonlyMap<string, StoredFact>,
  knownSources: ReadonlySet<string>,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const local = new Map<string, string>();
  for (const n of v.nodes) local.set(n.id, n.type);
  for (const r of v.relationships) local.set(r.id, relKey(r.type));
  const conflict = (id: string, kind: 'node' | 'relationship', type: string, field: string, ends?: { source: string; target: string }) => {
    const inRun = seen.get(id);
    if (inRun !== undefined) {
      const expected = kind === 'node' ? type : relKey(type);
      if (inRun !== expected)
        problems.push({
          rule: inRun.startsWith('~') !== (kind === 'relationship') ? 'id_taken' : 'type_change',
          message: `"${id}" was read earlier in this import as ${inRun.startsWith('~') ? `a ${inRun.slice(1)} relationship` : `a ${inRun}`}`,
          field,
          value: id,
        });
      return;
    }
    const s = stored.get(id);
    if (!s) return;
    if (s.kind !== kind)
      problems.push({
        rule: 'id_taken',
        message: `"${id}" is stored as a ${s.kind}; nodes and relationships share one id space`,
        field,
        value: id,
      });
    else if (s.type !== null && s.type !== type)
      problems.push({
        rule: 'type_change',
        message: `"${id}" is stored as a ${s.type}; its type cannot change to ${type}`,
        field,
        value: id,
      });
    else if (ends && ((s.source !== null && s.source !== ends.source) || (s.target !== null && s.target !== ends.target)))
      problems.push({
        rule: 'endpoint_change',
        message: `"${id}" is stored from "${s.source ?? '?'}" to "${s.target ?? '?'}"; a relationship cannot move to other endpoints`,
        field,
        value: id,
      });
  };
  const citations = (type: string, cs: ReadonlyArray<{ source: string }>) =>
    cs.forEach((c, j) => {
      const field = `${type}.citations[${j}].source`;
      if (knownSources.has(c.source)) return;
      const t = nodeTypeOf(c.source, local, seen, stored);
      if (t === null)
        problems.push({
          rule: 'unknown_reference',
          message: `no Source "${c.source}" in the file or the database`,
          field,
          value: c.source,
        });
      else if (t !== 'Source')
        problems.push({ rule: 'wrong_reference_type', message: `"${c.source}" is a ${t}, not a Source`, field, value: c.source });
    });
  for (const n of v.nodes) {
    conflict(n.id, 'node', n.type, `${n.type}.id`);
    citations(n.type, n.citations);
  }
  for (const r of v.relationships) {
    conflict(r.id, 'relationship', r.type, `${r.type}.id`, r);
    const spec = RELATIONSHIP_TYPES[r.type];
    for (const end of ['source', 'target'] as const) {
      const ref = r[end];
      const allowed: readonly string[] = end === 'source' ? spec.from : spec.to;
      const t = nodeTypeOf(ref, local, seen, stored);
      const field = `${r.type}.${end}`;
      if (t === null)
        problems.push({
          rule: 'unknown_reference',
          message: `no node "${ref}" in this record, an earlier valid record, or the database`,
          field,
          value: ref,
        });
      else if (!allowed.includes(t))
        problems.push({
          rule: 'wrong_endpoint_type',
          message: `${r.type} ${end === 'source' ? 'goes from' : 'goes to'} ${allowed.join(' or ')}, but "${ref}" is ${/^[A-Z]/.test(t) ? `a ${t}` : t}`,
          field,
          value: ref,
        });
    }
    citations(r.type, r.citations);
  }
  return problems;
}

/** Ids a record's check needs from the database: its facts' own ids and every reference the run does not know. */
export function idsToLookUp(v: ValidatedRecord, seen: Known): string[] {
  const ids: string[] = [];
  const add = (id: string) => {
    if (!seen.has(id)) ids.push(id);
  };
  for (const n of v.nodes) {
    add(n.id);
    for (const c of n.citations) add(c.source);
  }
  for (const r of v.relationships) {
    add(r.id);
    add(r.source);
    add(r.target);
    for (const c of r.citations) add(c.source);
  }
  return ids;
}
