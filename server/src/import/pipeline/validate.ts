// Pass 1's checks of one record: every fact against the schema's validators (zod issues become
// RecordProblems named by rule, with the fact's type and property as the field), then the references
// it makes — relationship endpoints and citation sources — against the record itself, what earlier
// valid records of the run defined, and what the database holds (looked up per batch).

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
 * The ids a run has read, with their types, in bounded space: an open-addressing table of 96-bit
 * hashes of the ids (three seeded MurmurHash3 passes, 12 bytes a slot) and a one-byte index into the
 * run's few type names, rather than the ids themselves — a 1-million-row register reads some three
 * million ids, which as a Map of strings cost ~70 bytes each. Two ids of one run sharing 96 bits of
 * hash is not a practical concern, and the writer checks claims again regardless.
 */
export class IdIndex implements Known {
  private keys = new Uint32Array(3 * 1024);
  /** 0 = empty slot; otherwise 1 + the index of the type in `types`. */
  private slots = new Uint8Array(1024);
  private readonly types: string[] = [];
  private count = 0;
  private readonly h = new Uint32Array(3);

  /**
   * Three 32-bit hashes of the id's UTF-16 code units in `this.h`: MurmurHash3 (x86_32) rounds, each
   * lane with its own seed and its own mixing of the code unit, so the lanes collide independently.
   */
  private hash(id: string): void {
    let a = 0x9747b28c;
    let b = 0x3c6ef372;
    let c = 0x1b873593;
    for (let i = 0; i < id.length; i++) {
      const u = id.charCodeAt(i);
      let k = imul(u, 0xcc9e2d51);
      a ^= imul((k << 15) | (k >>> 17), 0x1b873593);
      a = (imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0;
      k = imul(u ^ 0x5bd1e995, 0x85ebca6b);
      b ^= imul((k << 16) | (k >>> 16), 0xc2b2ae35);
      b = (imul((b << 15) | (b >>> 17), 5) + 0x52dce729) | 0;
      k = imul(u + 0x27d4eb2f, 0x165667b1);
      c ^= imul((k << 13) | (k >>> 19), 0xd3a2646c);
      c = (imul((c << 11) | (c >>> 21), 5) + 0x38495ab5) | 0;
    }
    this.h[0] = fmix32(a ^ id.length);
    this.h[1] = fmix32(b ^ id.length);
    this.h[2] = fmix32(c ^ id.length);
  }

  /** The slot holding the hash in `this.h`, or the empty slot where it belongs. */
  private find(keys: Uint32Array, slots: Uint8Array): number {
    const mask = slots.length - 1;
    // Indexed, not destructured: a transpiled array destructuring would cost more than the probe.
    const a = this.h[0]!;
    const b = this.h[1]!;
    const c = this.h[2]!;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      if (slots[i] === 0) return i;
      if (keys[3 * i] === a && keys[3 * i + 1] === b && keys[3 * i + 2] === c) return i;
    }
  }

  get(id: string): string | undefined {
    this.hash(id);
    const t = this.slots[this.find(this.keys, this.slots)]!;
    return t === 0 ? undefined : this.types[t - 1];
  }

  has(id: string): boolean {
    this.hash(id);
    return this.slots[this.find(this.keys, this.slots)] !== 0;
  }

  set(id: string, type: string): this {
    let t = this.types.indexOf(type);
    if (t < 0) {
      if (this.types.length >= 255) throw new Error('IdIndex: more than 255 fact types in one run');
      t = this.types.push(type) - 1;
    }
    if ((this.count + 1) * 4 > this.slots.length * 3) this.grow();
    this.hash(id);
    const i = this.find(this.keys, this.slots);
    if (this.slots[i] === 0) {
      this.count++;
      this.keys.set(this.h, 3 * i);
    }
    this.slots[i] = t + 1;
    return this;
  }

  get size(): number {
    return this.count;
  }

  /** Doubles the table (load stays under ¾, so probes stay short). */
  private grow(): void {
    const keys = new Uint32Array(this.keys.length * 2);
    const slots = new Uint8Array(this.slots.length * 2);
    for (let j = 0; j < this.slots.length; j++) {
      if (this.slots[j] === 0) continue;
      this.h.set(this.keys.subarray(3 * j, 3 * j + 3));
      const i = this.find(keys, slots);
      keys.set(this.h, 3 * i);
      slots[i] = this.slots[j]!;
    }
    this.keys = keys;
    this.slots = slots;
  }
}

// Bound once: a global lookup per call is slow where modules run in a vm context (Jest).
const imul = Math.imul;

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
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
