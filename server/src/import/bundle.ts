// Imports a Liaison JSON bundle: validates everything first (every problem reported at once, with
// its JSONPath), then hands the facts to the writer (import/write), which merges them without
// losing anything stored: in one transaction for a bundle of up to ~20,000 facts, in journaled
// batches above (or as asked), so that an import lands whole or not at all at any size. Ids live
// in one space for nodes and relationships, held by id claims (ID_CLAIM_LABEL in schema/model.ts)
// that the writer checks again inside its transactions, so that concurrent imports cannot give an
// id two types or two facts. A citation is a quote from a text or a reference to a record of a dataset.
// A fact may carry alsoStated entries (values other sources stated differently, as exports give
// them): the writer stores them with a new fact and unites them with a stored one's.
import type { Executor } from '../db/executor';
import { ConflictError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import { nameKeys } from '../names/keys';
import { parseFuzzyDate, precisionKey } from '../schema/fuzzy-date';
import { DERIVED_PROPERTIES, NODE_TYPES, RELATIONSHIP_TYPES, isNodeLabel, type NodeLabel, type PropertySpec } from '../schema/model';
import {
  bundleInput,
  type AlsoStatedInput,
  isRecordCitation,
  type BundleCitationInput,
  type BundleInput,
  type CitationInput,
  type RecordCitationInput,
} from '../schema/validators';
import { recordNodeId, type SourceRecord } from './pipeline/types';
import { canonicalOf, mergedIds } from './write/canonical';
import {
  CONFLICT_CODES,
  WriteConflictError,
  beginImport,
  citationId,
  citationRows,
  type CitationRow,
  claimConflicts,
  emptyCounts,
  type StoredClaim,
  type WriteCounts,
  type WriteNode,
  type WriteRelationship,
} from './write';

export { CONFLICT_CODES, citationId, claimConflicts, type StoredClaim };

/** auto (default): atomic up to ~20,000 facts, batched above. */
export type ImportMode = 'auto' | 'atomic' | 'batched';

export interface ImportOptions {
  /**
   * atomic: one transaction for the whole bundle. batched: a transaction per batch, journaled so
   * that a failure undoes the batches before it. auto (default): atomic for small bundles.
   */
  mode?: ImportMode;
  /** Facts per write (and per transaction in batched mode); default 5,000. */
  batchSize?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface ImportSummary {
  nodes: number;
  relationships: number;
  /** Quote citations in the bundle. */
  citations: number;
  /** Record references in the bundle (distinct records). */
  records: number;
  /** Created by this import, as opposed to found and merged. */
  nodesCreated: number;
  relationshipsCreated: number;
  citationsCreated: number;
  recordsCreated: number;
  /** Values the bundle states differently from the stored facts, kept in their alsoStated. */
  valuesAlsoStated: number;
  /** The mode the import ran in (auto resolved). */
  mode: 'atomic' | 'batched';
  importId: string;
}

/** Step 1: the shape of every record, against the schema-derived validators. */
export function parseBundle(input: unknown): BundleInput {
  const result = bundleInput.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => {
    // A citation's own issues travel as custom issues carrying their code (validators.ts bundleCitationInput).
    const carried = (i as unknown as { params?: { code?: unknown } }).params?.code;
    return { path: jsonPath(i.path), message: i.message, code: i.code === 'custom' && typeof carried === 'string' ? carried : i.code };
  });
  throw new ValidationError(`The bundle has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written.`, issues);
}

/** Ids referenced by the bundle but not defined in it: they must exist in the database. */
export function externalReferences(bundle: BundleInput): string[] {
  const defined = new Set(bundle.nodes.map((n) => n.id));
  const refs = new Set<string>();
  const citations = [...bundle.nodes.flatMap((n) => n.citations), ...bundle.relationships.flatMap((r) => r.citations)];
  for (const c of citations) refs.add(c.source);
  for (const r of bundle.relationships) refs.add(r.source).add(r.target);
  for (const f of [...bundle.nodes, ...bundle.relationships]) for (const a of f.alsoStated ?? []) for (const s of a.sources) refs.add(s);
  return [...refs].filter((id) => !defined.has(id));
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
  merged: ReadonlyMap<string, string> = new Map(),
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const types = new Map<string, string>(stored);
  // An id a "same" judgement merged away stands for the canonical entity (mergedIds): `stored` and
  // `claims` are keyed by canonical ids, with canonical endpoints, and the writer writes it so.
  const to = canonicalOf(merged);
  const typeOf = (id: string) => types.get(id) ?? types.get(to(id));
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
    const claim = claims.get(to(node.id));
    const storedType = stored.get(to(node.id));
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
    if (claim)
      issues.push(...claimConflicts({ kind: 'relationship', index: i, ...rel, source: to(rel.source), target: to(rel.target) }, claim));
    const spec = RELATIONSHIP_TYPES[rel.type];
    for (const end of ['source', 'target'] as const) {
      const ref = rel[end];
      const allowed: readonly string[] = end === 'source' ? spec.from : spec.to;
      const t = typeOf(ref);
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
  const checkCitations = (citations: BundleCitationInput[], at: (string | number)[], needs: boolean) => {
    if (needs && citations.length === 0)
      issues.push({
        path: jsonPath([...at, 'citations']),
        message: 'every fact needs at least one citation (a source and its quoting sentence, or a record of a dataset)',
        code: 'missing_citation',
      });
    citations.forEach((c, j) => {
      const t = typeOf(c.source);
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
  // The sources of an alsoStated entry are Sources as a citation's are: stored or in the bundle.
  const checkAlsoStated = (entries: AlsoStatedInput[] | undefined, at: (string | number)[]) =>
    entries?.forEach((a, j) =>
      a.sources.forEach((source, k) => {
        const t = typeOf(source);
        const path = jsonPath([...at, 'alsoStated', j, 'sources', k]);
        const entry = `alsoStated entry ${j + 1} (${a.property})`;
        if (!t) issues.push({ path, message: `${entry}: no Source "${source}" in the bundle or the database`, code: 'unknown_reference' });
        else if (t !== 'Source')
          issues.push({ path, message: `${entry}: "${source}" is a ${t}, not a Source`, code: 'wrong_reference_type' });
      }),
    );
  bundle.nodes.forEach((n, i) => checkAlsoStated(n.alsoStated, ['nodes', i]));
  bundle.relationships.forEach((r, i) => checkAlsoStated(r.alsoStated, ['relationships', i]));
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

export interface BundleRows {
  nodes: Array<{ id: string; type: NodeLabel; props: Record<string, unknown> }>;
  relationships: Array<{ id: string; type: string; source: string; target: string; props: Record<string, unknown> }>;
  citations: CitationRow[];
}

const quotes = (cs: BundleCitationInput[]) => cs.filter((c): c is CitationInput => !isRecordCitation(c));

/**
 * The facts as plain stored rows (declared properties in stored form, search keys, quote
 * citations), the way the release before the writer's lossless merges wrote them: for tools and
 * tests that write a store of that release.
 */
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
  // The same citation rows the writer sends (write/rows.ts), so the v1-writer tests store what the writer would.
  const citations: BundleRows['citations'] = [
    ...bundle.nodes.flatMap((n) => citationRows(n.id, 'node', quotes(n.citations))),
    ...bundle.relationships.flatMap((r) => citationRows(r.id, 'relationship', quotes(r.citations))),
  ];
  return { nodes, relationships, citations };
}

/** The provenance record a record citation refers to (recordNodeId gives the same id for the same record). */
export function sourceRecord(c: RecordCitationInput): SourceRecord {
  const { file, line, row, recordId, pointer, raw } = c.record;
  const locator = { file, line, row, recordId, pointer };
  return {
    id: recordNodeId(c.source, locator),
    source: c.source,
    file,
    ...(line === undefined ? {} : { line }),
    ...(row === undefined ? {} : { row }),
    ...(recordId === undefined ? {} : { recordId }),
    ...(pointer === undefined ? {} : { pointer }),
    ...(raw === undefined ? {} : { raw }),
  };
}

/**
 * A fact's alsoStated entries as they are stored: JSON strings with the keys in the order the
 * writer's merges write them (write/rows.ts), the sources sorted and each once, as the writer
 * gives them, so that an entry an export carries is the string it was stored as.
 */
export function storedAlsoStated(entries: readonly AlsoStatedInput[] | undefined): string[] {
  return (entries ?? []).map((a) => JSON.stringify({ property: a.property, value: a.value, sources: [...new Set(a.sources)].sort() }));
}

/**
 * The properties the writer takes: the declared ones and, when given, the alsoStated entries as a
 * list property, which the writer creates with a new fact and unites with a stored fact's (no
 * entry twice, stored ones first), as it unites aliases.
 */
function writeProperties(properties: Record<string, unknown>, alsoStated: readonly AlsoStatedInput[] | undefined): Record<string, unknown> {
  const entries = storedAlsoStated(alsoStated);
  return entries.length > 0 ? { ...properties, [DERIVED_PROPERTIES.alsoStated]: entries } : properties;
}

/** The bundle as the writer takes it: quotes as citations, record references as records (once each). */
export function writeFacts(bundle: BundleInput): {
  nodes: WriteNode[];
  relationships: WriteRelationship[];
  records: Map<string, SourceRecord>;
} {
  const records = new Map<string, SourceRecord>();
  const recordIds = (cs: BundleCitationInput[]) =>
    cs.filter(isRecordCitation).map((c) => {
      const r = sourceRecord(c);
      if (!records.has(r.id)) records.set(r.id, r);
      return r.id;
    });
  const nodes = bundle.nodes.map((n) => ({
    id: n.id,
    type: n.type,
    properties: writeProperties(n.properties as Record<string, unknown>, n.alsoStated),
    citations: quotes(n.citations),
    records: recordIds(n.citations),
  }));
  const relationships = bundle.relationships.map((r) => ({
    id: r.id,
    type: r.type,
    source: r.source,
    target: r.target,
    properties: writeProperties(r.properties as Record<string, unknown>, r.alsoStated),
    citations: quotes(r.citations),
    records: recordIds(r.citations),
  }));
  return { nodes, relationships, records };
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

/** Validates and writes a bundle. Throws ValidationError or ConflictError (nothing written) when anything is wrong. */
export async function importBundle(executor: Executor, input: unknown, options: ImportOptions = {}): Promise<ImportSummary> {
  const bundle = parseBundle(input);
  const { types, claims, merged } = await storedForBundle(executor, bundle);
  const issues = checkBundle(bundle, types, claims, merged);
  if (issues.length > 0) throw importProblem(issues);
  return writeBundle(executor, bundle, options);
}

/**
 * What checkBundle compares a bundle with: the ids a "same" judgement merged away among its nodes
 * and references (each with its canonical id), and the stored types and claims of the canonical
 * ids. The writer maps the same ids again inside its transactions.
 */
export async function storedForBundle(
  executor: Executor,
  bundle: BundleInput,
): Promise<{ types: Map<string, string>; claims: Map<string, StoredClaim>; merged: Map<string, string> }> {
  const refs = externalReferences(bundle);
  const merged = await mergedIds(executor, [...bundle.nodes.map((n) => n.id), ...refs]);
  const to = canonicalOf(merged);
  const ids = [...new Set([...bundle.nodes.map((n) => to(n.id)), ...bundle.relationships.map((r) => r.id), ...refs.map(to)])];
  return { ...(await lookupStored(executor, ids)), merged };
}

/** The writer's issues (keyed by fact id) as paths into the bundle. */
function bundleIssues(error: ValidationError | ConflictError, bundle: BundleInput): FieldIssue[] {
  const nodeIndex = new Map(bundle.nodes.map((n, i) => [n.id, i]));
  const relIndex = new Map(bundle.relationships.map((r, i) => [r.id, i]));
  if (error instanceof WriteConflictError) {
    // Worded again with the bundle's paths, from the stored claims the writer found.
    return error.conflicts.flatMap(({ fact, id, claim }) => {
      if (fact === 'relationship') {
        const ri = relIndex.get(id) ?? -1;
        const r = bundle.relationships[ri];
        return r ? claimConflicts({ kind: 'relationship', index: ri, id, type: r.type, source: r.source, target: r.target }, claim) : [];
      }
      const ni = nodeIndex.get(id) ?? -1;
      const n = bundle.nodes[ni];
      return n ? claimConflicts({ kind: 'node', index: ni, id, type: n.type }, claim) : [];
    });
  }
  return (error.issues ?? []).map((i) => {
    const ni = nodeIndex.get(i.path);
    const ri = relIndex.get(i.path);
    const path = ni !== undefined ? jsonPath(['nodes', ni]) : ri !== undefined ? jsonPath(['relationships', ri]) : i.path;
    return { ...i, path };
  });
}

/**
 * Step 3, on its own: writes a bundle that passed steps 1 and 2, through one import session. The
 * id claims are checked again by the writer, since another import may have committed since step 2:
 * any conflict throws ConflictError, and the session is rolled back whole (in batched mode, the
 * batches written before it are undone). Exported for tests that play the import that loses a race.
 */
export async function writeBundle(executor: Executor, bundle: BundleInput, options: ImportOptions = {}): Promise<ImportSummary> {
  const { nodes, relationships, records } = writeFacts(bundle);
  const facts = nodes.length + relationships.length;
  const batchSize = options.batchSize ?? 5_000;
  const session = await beginImport(executor, {
    mode: options.mode ?? 'auto',
    description: bundle.description ?? 'JSON bundle',
    expectedFacts: facts,
    batchFacts: batchSize,
    rowsPerStatement: Math.min(batchSize, 1_000),
  });
  const totals: WriteCounts = emptyCounts();
  try {
    // Sources first (records and citations link to them), then the other nodes, then relationships.
    // Atomic: one write, so that the writer checks every claim before it gives up and reports all
    // conflicts at once; batched: a write per batch, the first that fails reports its own.
    const ordered = [...nodes].sort((a, b) => Number(b.type === 'Source') - Number(a.type === 'Source'));
    const writes: Array<{ phase: string; nodes: WriteNode[]; relationships: WriteRelationship[] }> =
      session.mode === 'atomic'
        ? [{ phase: 'facts and provenance', nodes: ordered, relationships }]
        : [
            ...chunks(ordered, batchSize).map((part) => ({ phase: 'nodes and provenance', nodes: part, relationships: [] })),
            ...chunks(relationships, batchSize).map((part) => ({ phase: 'relationships and provenance', nodes: [], relationships: part })),
          ];
    let done = 0;
    for (const w of writes) {
      const used = new Set([...w.nodes, ...w.relationships].flatMap((f) => f.records));
      await session.write({ nodes: w.nodes, relationships: w.relationships, records: [...used].map((id) => records.get(id)!) });
      done += w.nodes.length + w.relationships.length;
      options.onProgress?.({ phase: w.phase, done, total: facts });
    }
    Object.assign(totals, await session.commit());
  } catch (error) {
    await session.rollback().catch(() => undefined);
    if (error instanceof ValidationError || error instanceof ConflictError) {
      const issues = bundleIssues(error, bundle);
      throw importProblem(issues.length > 0 ? issues : (error.issues ?? []));
    }
    throw error;
  }
  return {
    nodes: nodes.length,
    relationships: relationships.length,
    citations: new Set([...nodes, ...relationships].flatMap((f) => f.citations.map((c) => citationId(f.id, c.source, c.quote)))).size,
    records: records.size,
    nodesCreated: totals.nodesCreated,
    relationshipsCreated: totals.relationshipsCreated,
    citationsCreated: totals.citationsCreated,
    recordsCreated: totals.recordsCreated,
    valuesAlsoStated: totals.valuesAlsoStated,
    mode: session.mode,
    importId: session.id,
  };
}
