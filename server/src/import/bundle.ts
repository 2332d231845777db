// Imports a Liaison JSON bundle: validates everything first (every problem reported at once, with
// its JSONPath), then writes nodes, relationships and citations with UNWIND batches, by default in
// one transaction so that an import lands whole or not at all. Ids live in one space for nodes and
// relationships, held by id claims (ID_CLAIM_LABEL in schema/model.ts) that the write statements
// check inside the transaction, so that concurrent imports cannot give an id two types or two facts.
import { createHash } from 'node:crypto';

import type { Executor, NamedTx } from '../db/executor';
import { ConflictError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import { nameKeys } from '../names/keys';
import { parseFuzzyDate, precisionKey } from '../schema/fuzzy-date';
import { NODE_TYPES, RELATIONSHIP_TYPES, isNodeLabel, type NodeLabel, type PropertySpec } from '../schema/model';
import { bundleInput, type BundleInput, type CitationInput } from '../schema/validators';

export type ImportMode = 'atomic' | 'batched';

export interface ImportOptions {
  /** atomic (default): one transaction for the whole bundle. batched: one per batch, for huge files. */
  mode?: ImportMode;
  batchSize?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface ImportSummary {
  nodes: number;
  relationships: number;
  citations: number;
  /** Created by this import, as opposed to found and left as they were. */
  nodesCreated: number;
  relationshipsCreated: number;
  citationsCreated: number;
  mode: ImportMode;
}

/** Step 1: the shape of every record, against the schema-derived validators. */
export function parseBundle(input: unknown): BundleInput {
  const result = bundleInput.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message, code: i.code }));
  throw new ValidationError(`The bundle has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written.`, issues);
}

/** Ids referenced by the bundle but not defined in it: they must exist in the database. */
export function externalReferences(bundle: BundleInput): string[] {
  const defined = new Set(bundle.nodes.map((n) => n.id));
  const refs = new Set<string>();
  const citations = [...bundle.nodes.flatMap((n) => n.citations), ...bundle.relationships.flatMap((r) => r.citations)];
  for (const c of citations) refs.add(c.source);
  for (const r of bundle.relationships) refs.add(r.source).add(r.target);
  return [...refs].filter((id) => !defined.has(id));
}

/** The claim of an id in the one id space of nodes and relationships, as stored. */
export interface StoredClaim {
  kind: 'node' | 'relationship';
  /** The node's label or the relationship's type; null for a node stored with several types. */
  type: string | null;
  source: string | null;
  target: string | null;
}

/** Issue codes that mean "conflicts with stored data" (answered 409) rather than "invalid" (400). */
export const CONFLICT_CODES: ReadonlySet<string> = new Set(['type_change', 'id_taken', 'endpoint_change']);

const describeClaim = (id: string, c: StoredClaim) =>
  c.kind === 'node'
    ? `"${id}" is stored as ${c.type ? `a ${c.type}` : 'a node of several types (to be fixed by hand)'}`
    : `"${id}" is stored as a ${c.type ?? '?'} relationship from "${c.source ?? '?'}" to "${c.target ?? '?'}"`;

/**
 * Why a fact of the bundle cannot take its id, given the id's stored claim; null when it can. The
 * same words for the check before writing and for the check inside the write transaction.
 */
export function claimConflicts(
  fact:
    | { kind: 'node'; index: number; id: string; type: string }
    | { kind: 'relationship'; index: number; id: string; type: string; source: string; target: string },
  claim: StoredClaim,
): FieldIssue[] {
  const list = fact.kind === 'node' ? 'nodes' : 'relationships';
  const at = (field: string) => jsonPath([list, fact.index, field]);
  const stored = describeClaim(fact.id, claim);
  if (claim.kind !== fact.kind)
    return [
      {
        path: at('id'),
        message: `${stored}; nodes and relationships share one id space, so a ${fact.kind} cannot take this id`,
        code: 'id_taken',
      },
    ];
  if (claim.type !== fact.type)
    return [
      {
        path: at('type'),
        message: `${stored}; a ${fact.kind}'s type cannot change to ${fact.type}`,
        code: 'type_change',
      },
    ];
  if (fact.kind === 'node') return [];
  return (['source', 'target'] as const)
    .filter((end) => claim[end] !== fact[end])
    .map((end) => ({
      path: at(end),
      message: `${stored}; a relationship cannot move to other endpoints (its ${end} would become "${fact[end]}")`,
      code: 'endpoint_change',
    }));
}

/**
 * Step 2: what holds between records: unique ids, references that resolve (in the bundle or the
 * database), relationship endpoints of allowed types, a citation on every fact, no type changes,
 * no id taken by a fact of another kind, type or endpoints. `stored` maps ids of nodes found in the
 * database to their type; `claims` maps ids to their stored claim.
 */
export function checkBundle(
  bundle: BundleInput,
  stored: ReadonlyMap<string, string>,
  claims: ReadonlyMap<string, StoredClaim> = new Map(),
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const types = new Map<string, string>(stored);
  const seenNodes = new Map<string, number>();
  bundle.nodes.forEach((node, i) => {
    const first = seenNodes.get(node.id);
    if (first !== undefined)
      issues.push({
        path: jsonPath(['nodes', i, 'id']),
        message: `duplicate id "${node.id}" (also at ${jsonPath(['nodes', first, 'id'])})`,
        code: 'duplicate_id',
      });
    else seenNodes.set(node.id, i);
    const claim = claims.get(node.id);
    const storedType = stored.get(node.id);
    if (claim) issues.push(...claimConflicts({ kind: 'node', index: i, id: node.id, type: node.type }, claim));
    else if (storedType && storedType !== node.type)
      issues.push({
        path: jsonPath(['nodes', i, 'type']),
        message: `"${node.id}" is stored as a ${storedType}; a node's type cannot change to ${node.type}`,
        code: 'type_change',
      });
    types.set(node.id, node.type);
  });
  const seenRels = new Map<string, number>();
  bundle.relationships.forEach((rel, i) => {
    const first = seenRels.get(rel.id);
    if (first !== undefined)
      issues.push({
        path: jsonPath(['relationships', i, 'id']),
        message: `duplicate id "${rel.id}" (also at ${jsonPath(['relationships', first, 'id'])})`,
        code: 'duplicate_id',
      });
    else seenRels.set(rel.id, i);
    if (seenNodes.has(rel.id))
      issues.push({
        path: jsonPath(['relationships', i, 'id']),
        message: `id "${rel.id}" is already used by a node`,
        code: 'duplicate_id',
      });
    const claim = claims.get(rel.id);
    if (claim) issues.push(...claimConflicts({ kind: 'relationship', index: i, ...rel }, claim));
    const spec = RELATIONSHIP_TYPES[rel.type];
    for (const end of ['source', 'target'] as const) {
      const ref = rel[end];
      const allowed: readonly string[] = end === 'source' ? spec.from : spec.to;
      const t = types.get(ref);
      if (!t)
        issues.push({
          path: jsonPath(['relationships', i, end]),
          message: `no node "${ref}" in the bundle or the database`,
          code: 'unknown_reference',
        });
      else if (!allowed.includes(t))
        issues.push({
          path: jsonPath(['relationships', i, end]),
          message: `${rel.type} ${end === 'source' ? 'goes from' : 'goes to'} ${allowed.join(' or ')}, but "${ref}" is a ${t}`,
          code: 'wrong_endpoint_type',
        });
    }
  });
  const checkCitations = (citations: CitationInput[], at: (string | number)[], needs: boolean) => {
    if (needs && citations.length === 0)
      issues.push({
        path: jsonPath([...at, 'citations']),
        message: 'every fact needs at least one citation (source and quoting sentence)',
        code: 'missing_citation',
      });
    citations.forEach((c, j) => {
      const t = types.get(c.source);
      if (!t)
        issues.push({
          path: jsonPath([...at, 'citations', j, 'source']),
          message: `no Source "${c.source}" in the bundle or the database`,
          code: 'unknown_reference',
        });
      else if (t !== 'Source')
        issues.push({
          path: jsonPath([...at, 'citations', j, 'source']),
          message: `"${c.source}" is a ${t}, not a Source`,
          code: 'wrong_reference_type',
        });
    });
  };
  bundle.nodes.forEach((n, i) => checkCitations(n.citations, ['nodes', i], NODE_TYPES[n.type].needsCitation));
  bundle.relationships.forEach((r, i) => checkCitations(r.citations, ['relationships', i], true));
  return issues;
}

/** Stored form of declared properties: fuzzy dates become a Date and its precision. */
function storedProperties(props: Record<string, unknown>, specs: Readonly<Record<string, PropertySpec>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (specs[key]?.kind === 'fuzzyDate' && typeof value === 'string') {
      const { date, precision } = parseFuzzyDate(value);
      out[key] = date;
      out[precisionKey(key)] = precision;
    } else out[key] = value;
  }
  return out;
}

/** Stable citation id: the same fact, source and quote always give the same id (idempotent imports). */
export function citationId(factId: string, sourceId: string, quote: string): string {
  return `cit-${createHash('sha256').update(`${factId}\u0000${sourceId}\u0000${quote}`).digest('hex').slice(0, 24)}`;
}

export interface BundleRows {
  nodes: Array<{ id: string; type: NodeLabel; props: Record<string, unknown> }>;
  relationships: Array<{ id: string; type: string; source: string; target: string; props: Record<string, unknown> }>;
  citations: Array<{
    id: string;
    factId: string;
    factKind: 'node' | 'relationship';
    source: string;
    quote: string;
    status: string;
    lang: string | null;
    note: string | null;
  }>;
}

/** Step 3: rows for the UNWIND statements. Sources come first so citations can link to them. */
export function bundleRows(bundle: BundleInput): BundleRows {
  const nodes = bundle.nodes
    .map((n) => {
      const spec = NODE_TYPES[n.type];
      const props = storedProperties(n.properties as Record<string, unknown>, spec.properties);
      if (spec.searchable) {
        const p = n.properties as Record<string, unknown>;
        const names = [p[spec.caption], ...((p.aliases as string[] | undefined) ?? [])] as Array<string | undefined>;
        props.searchKeys = nameKeys(names);
      }
      return { id: n.id, type: n.type, props };
    })
    .sort((a, b) => Number(b.type === 'Source') - Number(a.type === 'Source'));
  const relationships = bundle.relationships.map((r) => ({
    id: r.id,
    type: r.type,
    source: r.source,
    target: r.target,
    props: storedProperties(r.properties as Record<string, unknown>, RELATIONSHIP_TYPES[r.type].properties),
  }));
  const citations: BundleRows['citations'] = [];
  const add = (factId: string, factKind: 'node' | 'relationship', cs: CitationInput[]) => {
    for (const c of cs)
      citations.push({
        id: citationId(factId, c.source, c.quote),
        factId,
        factKind,
        source: c.source,
        quote: c.quote,
        status: c.status,
        lang: c.lang ?? null,
        note: c.note ?? null,
      });
  };
  for (const n of bundle.nodes) add(n.id, 'node', n.citations);
  for (const r of bundle.relationships) add(r.id, 'relationship', r.citations);
  return { nodes, relationships, citations };
}

/** Groups items by key, keeping first-seen order (Sources first, as bundleRows sorts them). */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function lookupStored(executor: Executor, ids: string[]): Promise<{ types: Map<string, string>; claims: Map<string, StoredClaim> }> {
  const types = new Map<string, string>();
  const claims = new Map<string, StoredClaim>();
  for (const batch of chunks(ids, 5_000)) {
    const result = await executor.read('import/lookup-ids', { ids: batch });
    for (const r of result.records) {
      const id = r.get('id') as string;
      const labels = r.get('labels') as string[] | null;
      if (labels) types.set(id, labels.find(isNodeLabel) ?? 'Unknown');
      const kind = r.get('kind') as StoredClaim['kind'] | null;
      if (kind) claims.set(id, { kind, type: r.get('type'), source: r.get('source'), target: r.get('target') });
    }
  }
  return { types, claims };
}

/**
 * The error for a list of issues: a conflict with stored data (409) when that is all there is, so a
 * losing concurrent import is told the same whether the check before writing or the one inside
 * the transaction caught it; otherwise the bundle itself is invalid (400), with every issue.
 */
function importProblem(issues: FieldIssue[], written = 'nothing was written'): ValidationError | ConflictError {
  const n = issues.length;
  if (issues.every((i) => i.code !== undefined && CONFLICT_CODES.has(i.code)))
    return new ConflictError(
      `The bundle conflicts with stored data in ${n} place${n === 1 ? '' : 's'} (ids are unique across nodes and relationships, and a fact keeps its type); ${written}.`,
      {},
      issues,
    );
  return new ValidationError(`The bundle has ${n} problem${n === 1 ? '' : 's'}; ${written}.`, issues);
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Validates and writes a bundle. Throws ValidationError or ConflictError (nothing written) when anything is wrong. */
export async function importBundle(executor: Executor, input: unknown, options: ImportOptions = {}): Promise<ImportSummary> {
  const bundle = parseBundle(input);
  const ids = [...new Set([...bundle.nodes.map((n) => n.id), ...bundle.relationships.map((r) => r.id), ...externalReferences(bundle)])];
  const { types, claims } = await lookupStored(executor, ids);
  const issues = checkBundle(bundle, types, claims);
  if (issues.length > 0) throw importProblem(issues);
  return writeBundle(executor, bundle, options);
}

/**
 * Step 3, on its own: writes a bundle that passed steps 1 and 2. The id claims are checked again
 * in the write transaction, since another import may have committed since step 2: any conflict
 * throws ConflictError from inside the transaction, which rolls it back whole (in batched mode,
 * the batch that found it). Exported for tests that play the import that loses a race.
 */
export async function writeBundle(executor: Executor, bundle: BundleInput, options: ImportOptions = {}): Promise<ImportSummary> {
  const mode = options.mode ?? 'atomic';
  const batchSize = options.batchSize ?? 1_000;
  const rows = bundleRows(bundle);
  const nodeIndex = new Map(bundle.nodes.map((n, i) => [n.id, i]));
  const relIndex = new Map(bundle.relationships.map((r, i) => [r.id, i]));
  // Labels and types go into the statement text (from the schema's allow-list), one statement per
  // type: with them as literals Neo4j plans index look-ups, measured ~5x faster than $(row.type).
  // Rows are sorted by id so that concurrent imports take the claims' locks in one order, which
  // keeps deadlocks (retried, but slow) to imports that touch the same ids with other groupings.
  const nodeGroups = groupBy(rows.nodes, (n) => n.type);
  const relGroups = groupBy(rows.relationships, (r) => r.type);
  for (const group of [...nodeGroups.values(), ...relGroups.values()]) group.sort(byId);
  rows.citations.sort(byId);
  const steps: Array<{ phase: string; statement: string; items: unknown[]; template?: Record<string, string> }> = [
    ...[...nodeGroups].map(([type, items]) => ({
      phase: 'nodes',
      statement: 'import/merge-nodes',
      items: items.map(({ id, props }) => ({ id, props })),
      template: { LABEL: type },
    })),
    ...[...relGroups].map(([type, items]) => ({
      phase: 'relationships',
      statement: 'import/merge-relationships',
      items: items.map(({ id, source, target, props }) => ({ id, source, target, props })),
      template: { TYPE: type },
    })),
    { phase: 'citations', statement: 'import/merge-citations', items: rows.citations },
    { phase: 'node provenance', statement: 'import/update-node-citation-status', items: rows.nodes.map((n) => n.id) },
    ...[...relGroups].map(([type, items]) => ({
      phase: 'relationship provenance',
      statement: 'import/update-relationship-citation-status',
      items: items.map(({ id, source, target }) => ({ id, source, target })),
      template: { TYPE: type },
    })),
  ];
  const total = steps.reduce((s, step) => s + step.items.length, 0);
  const created = { nodes: 0, relationships: 0, citations: 0 };
  type Created = typeof created;

  /** The issues for the conflicting rows a node or relationship statement returned. */
  const conflictIssues = (step: (typeof steps)[number], found: Array<{ id: string } & StoredClaim>): FieldIssue[] =>
    found.flatMap(({ id, ...claim }) => {
      if (step.phase === 'nodes')
        return claimConflicts({ kind: 'node', index: nodeIndex.get(id) ?? -1, id, type: step.template!.LABEL! }, claim);
      const index = relIndex.get(id) ?? -1;
      const rel = bundle.relationships[index]!;
      return claimConflicts({ kind: 'relationship', index, id, type: rel.type, source: rel.source, target: rel.target }, claim);
    });

  // Each phase counts what it created: nodes, relationships, or citation nodes. The node and
  // relationship phases also return the rows whose id another fact has claimed.
  const runBatch = async (tx: NamedTx, step: (typeof steps)[number], batch: unknown[], into: Created): Promise<FieldIssue[]> => {
    const key = step.statement === 'import/update-node-citation-status' ? 'ids' : 'rows';
    const result = await tx.run(step.statement, { [key]: batch }, step.template);
    const c = result.summary.counters.updates();
    if (step.phase === 'citations') into.citations += c.nodesCreated;
    if (step.phase !== 'nodes' && step.phase !== 'relationships') return [];
    const record = result.records[0];
    if (step.phase === 'nodes') into.nodes += Number(record?.get('created') ?? 0);
    else into.relationships += c.relationshipsCreated;
    return conflictIssues(step, (record?.get('conflicts') ?? []) as Array<{ id: string } & StoredClaim>);
  };

  if (mode === 'atomic') {
    const counted = await executor.transaction(
      'write',
      async (tx) => {
        // The driver may retry this function on a transient error (a deadlock between concurrent
        // imports among them): everything restarts with it, the claims check included, so a retry
        // sees what the winner committed and fails with the conflict. Nothing is carried over.
        const into = { nodes: 0, relationships: 0, citations: 0 };
        const conflicts: FieldIssue[] = [];
        let done = 0;
        for (const step of steps) {
          // All claims are checked before anything else is written, so every conflict is reported at once.
          if (step.phase === 'citations' && conflicts.length > 0) throw importProblem(conflicts);
          for (const batch of chunks(step.items, batchSize)) {
            conflicts.push(...(await runBatch(tx, step, batch, into)));
            done += batch.length;
            options.onProgress?.({ phase: step.phase, done, total });
          }
        }
        if (conflicts.length > 0) throw importProblem(conflicts);
        return into;
      },
      { context: 'import' },
    );
    Object.assign(created, counted);
  } else {
    let done = 0;
    for (const step of steps)
      for (const batch of chunks(step.items, batchSize)) {
        const into = await executor.transaction(
          'write',
          async (tx) => {
            const fresh = { nodes: 0, relationships: 0, citations: 0 };
            const conflicts = await runBatch(tx, step, batch, fresh);
            if (conflicts.length > 0) throw importProblem(conflicts, 'this batch was not written, the batches before it were');
            return fresh;
          },
          { context: `import (${step.phase})` },
        );
        created.nodes += into.nodes;
        created.relationships += into.relationships;
        created.citations += into.citations;
        done += batch.length;
        options.onProgress?.({ phase: step.phase, done, total });
      }
  }
  return {
    nodes: rows.nodes.length,
    relationships: rows.relationships.length,
    citations: rows.citations.length,
    nodesCreated: created.nodes,
    relationshipsCreated: created.relationships,
    citationsCreated: created.citations,
    mode,
  };
}
