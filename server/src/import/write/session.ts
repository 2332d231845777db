// Import sessions: beginImport opens one, write() merges batches of facts into the graph (see
// cypher/import/merge-*.cypher for the rules that lose nothing), commit() makes it final and
// rollback() undoes it. Atomic: one transaction for everything (small imports). Batched: a
// transaction per batch, journaled (claims, citations and records carry the import id, changed
// facts are snapshotted first), so that a failure or a crash is undone exactly. One import at a
// time per database (journal.ts).
import { createHash } from 'node:crypto';

import type { ExplicitTx, Executor, NamedTx } from '../../db/executor';
import { toJson } from '../../db/values';
import type { Actor } from '../../auth/types';
import { importChange, recordChange } from '../../history/record';
import { currentActor } from '../../request-context';
import { ConflictError, InternalError, ValidationError, type FieldIssue } from '../../errors';
import { log } from '../../log';
import { NODE_TYPES, RELATIONSHIP_TYPES, type RelationshipType } from '../../schema/model';
import { mergedIds } from './canonical';
import { CONFLICT_CODES, claimConflicts, type StoredClaim } from './claims';
import {
  HEARTBEAT_MS,
  PROCESS_OWNER,
  liveImports,
  localTurn,
  newImportId,
  releaseLock,
  rollbackImport,
  takeLock,
  takeLockInTx,
} from './journal';
import { citationRows, nodeRow, recordRow, relationshipRow, type CitationRow, type MergeRow, type RelationshipRow } from './rows';
import {
  addCounts,
  emptyCounts,
  type BeginImportOptions,
  type ImportSession,
  type WriteBatch,
  type WriteCounts,
  type WriteMode,
} from './types';

/** `auto` writes up to this many facts in one transaction (~9 KB of transaction memory each), more in batches. */
export const AUTO_ATOMIC_MAX_FACTS = 20_000;
/** Facts (and records, citations) per transaction in batched mode: ~45 MB of transaction memory. */
export const BATCH_FACTS = 5_000;
const ROWS_PER_STATEMENT = 1_000;
/** Nodes an import remembers having written (WrittenNodes): ~10 MB at most. */
const WRITTEN_NODES_LIMIT = 100_000;

/** The writer's conflicts: issues keyed by fact id, and the stored claim behind each. */
export class WriteConflictError extends ConflictError {
  constructor(
    message: string,
    issues: FieldIssue[],
    /** The stored claim behind each conflicting fact, for callers that word the issues their own way (bundle paths). */
    readonly conflicts: ReadonlyArray<FactConflict>,
  ) {
    super(message, {}, issues);
  }
}

/** A fact (a node or a relationship of the batch) whose id is claimed otherwise. */
export interface FactConflict {
  fact: 'node' | 'relationship';
  id: string;
  claim: StoredClaim;
}

interface Step {
  phase: 'nodes' | 'records' | 'relationships' | 'citations';
  statement: string;
  template?: Record<string, string>;
  params: Record<string, unknown>;
  rows: unknown[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

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

/**
 * The statements for one batch, in the order they must run: nodes (Sources among them) before the
 * records and citations that link to Sources and before the relationships between nodes. Rows are
 * sorted by id so that imports take the claims' locks in one order. Labels and types go into the
 * statement text (from the schema's allow-list), one statement per type: with them as literals
 * Neo4j plans index look-ups, measured ~5x faster than dynamic labels.
 */
function plan(batch: WriteBatch, rowsPerStatement: number): Step[] {
  const recordSources = new Map(batch.records.map((r) => [r.id, r.source]));
  const steps: Step[] = [];
  const nodeGroups = groupBy(batch.nodes, (n) => n.type);
  for (const [type, nodes] of [...nodeGroups].sort(([a], [b]) => Number(b === 'Source') - Number(a === 'Source'))) {
    const rows = nodes.map((n) => nodeRow(n, recordSources)).sort(byId);
    for (const part of chunk(rows, rowsPerStatement))
      steps.push({ phase: 'nodes', statement: 'import/merge-nodes', template: { LABEL: type }, params: {}, rows: part });
  }
  const records = [...new Map(batch.records.map((r) => [r.id, recordRow(r)])).values()].sort(byId);
  for (const part of chunk(records, rowsPerStatement))
    steps.push({ phase: 'records', statement: 'import/merge-records', params: {}, rows: part });
  for (const [type, rels] of groupBy(batch.relationships, (r) => r.type)) {
    const spec = RELATIONSHIP_TYPES[type as RelationshipType];
    const rows = rels.map((r) => relationshipRow(r, recordSources)).sort(byId);
    for (const part of chunk(rows, rowsPerStatement))
      steps.push({
        phase: 'relationships',
        statement: 'import/merge-relationships',
        template: { TYPE: type },
        params: { from: spec.from, to: spec.to },
        rows: part,
      });
  }
  const citations = [
    ...batch.nodes.flatMap((n) => citationRows(n.id, 'node', n.citations)),
    ...batch.relationships.flatMap((r) => citationRows(r.id, 'relationship', r.citations)),
  ];
  const unique = [...new Map(citations.map((c) => [c.id, c])).values()].sort(byId);
  for (const part of chunk(unique, rowsPerStatement))
    steps.push({ phase: 'citations', statement: 'import/merge-citations', params: {}, rows: part });
  return steps;
}

interface StepResult {
  counts: WriteCounts;
  issues: FieldIssue[];
  conflicts: FactConflict[];
}

const num = (v: unknown) => Number(toJson(v ?? 0));

/** The fast path's statement per phase: creation whole, for rows whose ids this transaction finds unclaimed. */
const CREATE_STATEMENTS: Partial<Record<Step['phase'], string>> = {
  nodes: 'import/create-nodes',
  relationships: 'import/create-relationships',
  records: 'import/create-records',
};

/**
 * Splits a step into its fast part (ids nothing claims or stores yet, each id's first row, slimmed
 * to what creation needs), nodes this import restates as it wrote them (WrittenNodes: lists extended
 * only) and its merge part (the rest, for the merge statement's rules). The look-up
 * runs in `tx`, so it sees what this transaction wrote before; imports hold the import lock, so no
 * other import claims an id between it and the write (and a writer that did would fail the
 * transaction on the claims' uniqueness constraint, not share the id).
 */
async function splitStep(
  tx: NamedTx,
  step: Step,
  journal: boolean,
  memory: WrittenNodes,
  pending: Array<[string, string]>,
  claimed: Set<string>,
): Promise<Step[]> {
  const create = CREATE_STATEMENTS[step.phase];
  if (!create) return [step];
  const rows = step.rows as Array<{ id: string }>;
  const stored =
    step.phase === 'records'
      ? new Set<string>(
          ((await tx.run('import/stored-records', { ids: [...new Set(rows.map((r) => r.id))] })).records[0]?.get('ids') ?? []) as string[],
        )
      : claimed;
  const fresh: unknown[] = [];
  const merge: unknown[] = [];
  const extend: unknown[] = [];
  const label = step.phase === 'nodes' ? step.template!.LABEL! : null;
  for (const row of rows) {
    const digest = label === null ? null : WrittenNodes.digest(row as MergeRow);
    const remember = () => {
      if (label !== null && digest !== null) pending.push([WrittenNodes.key(label, row.id), digest]);
    };
    if (!stored.has(row.id)) {
      stored.add(row.id);
      fresh.push(slim(step.phase, row));
      remember();
    } else if (label !== null && digest !== null && memory.matches(label, row.id, digest)) {
      const { id, props, lists } = row as MergeRow;
      extend.push({ id, lists: Object.fromEntries(lists.map((k) => [k, props[k]])) });
      remember();
    } else {
      merge.push(row);
      // A journaled merge may have changed nothing, and so snapshotted nothing: list items added
      // later without a snapshot could not be undone. Atomic imports need no snapshots.
      if (!journal) remember();
    }
  }
  const steps: Step[] = [];
  if (fresh.length > 0) steps.push({ ...step, statement: create, rows: fresh });
  if (extend.length > 0) steps.push({ ...step, statement: 'import/extend-lists', rows: extend });
  if (merge.length > 0) steps.push({ ...step, rows: merge });
  return steps;
}

/**
 * What one import wrote of each node, as a digest of its merge row's scalars (properties other than
 * lists, alsoStated entries, precisions, caption key, status). A node it restates with the same
 * digest can only gain list items from import/merge-nodes (its absent values were set, its differing
 * ones kept, its caption made an alias the first time), so it takes import/extend-lists instead. Only
 * what committed is remembered (a retried or failed transaction wrote nothing), and only the most
 * recent entries: the memory of a million-row import stays bounded, and rows restating a node
 * tend to come close together in real registers.
 */
class WrittenNodes {
  private readonly digests = new Map<string, string>();

  constructor(private readonly limit = WRITTEN_NODES_LIMIT) {}

  static key(label: string, id: string): string {
    return `${label}\u0000${id}`;
  }

  static digest(row: MergeRow): string {
    const scalars = Object.entries(row.props).filter(([k]) => !row.lists.includes(k));
    return createHash('sha1')
      .update(JSON.stringify([scalars, row.also, row.prec, row.captionKey, row.status]))
      .digest('base64');
  }

  has(label: string, id: string): boolean {
    return this.digests.has(WrittenNodes.key(label, id));
  }

  matches(label: string, id: string, digest: string): boolean {
    return this.digests.get(WrittenNodes.key(label, id)) === digest;
  }

  remember(entries: ReadonlyArray<[string, string]>): void {
    for (const [key, digest] of entries) {
      this.digests.delete(key);
      this.digests.set(key, digest);
    }
    for (const key of this.digests.keys()) {
      if (this.digests.size <= this.limit) break;
      this.digests.delete(key);
    }
  }
}

/** A row as the fast path takes it: creation needs neither the merge instructions nor the statuses. */
function slim(phase: Step['phase'], row: unknown): unknown {
  if (phase === 'nodes') {
    const { id, props } = row as { id: string; props: unknown };
    return { id, props };
  }
  if (phase === 'relationships') {
    const { id, source, target, props } = row as RelationshipRow;
    return { id, source, target, props };
  }
  return row;
}

/** Runs one step in `tx` and reads what it created, merged and refused. */
async function runStep(tx: NamedTx, step: Step, importId: string, journal: boolean): Promise<StepResult> {
  const merging = step.statement === 'import/merge-nodes' || step.statement === 'import/merge-relationships';
  const result = await tx.run(
    step.statement,
    { rows: step.rows, importId, ...(merging ? { journal } : {}), ...step.params },
    step.template,
  );
  const out: StepResult = { counts: emptyCounts(), issues: [], conflicts: [] };
  const record = result.records[0];
  if (step.phase === 'citations' || step.phase === 'records') {
    const created = result.summary.counters.updates().nodesCreated;
    if (step.phase === 'citations') out.counts.citationsCreated = created;
    else out.counts.recordsCreated = created;
    for (const m of (record?.get('missing') ?? []) as Array<{ id: string; source: string }>)
      out.issues.push({
        path: m.id,
        message:
          step.phase === 'citations'
            ? `a citation of "${m.id}" names the Source "${m.source}", which is neither stored nor written before it`
            : `the record "${m.id}" belongs to the Source "${m.source}", which is neither stored nor written before it`,
        code: 'unknown_reference',
      });
    return out;
  }
  const conflicts = (record?.get('conflicts') ?? []) as Array<{ id: string } & StoredClaim>;
  if (step.phase === 'nodes') {
    out.counts.nodesCreated = num(record?.get('created'));
    out.counts.nodesMerged = num(record?.get('merged'));
    out.counts.valuesAlsoStated = num(record?.get('alsoStated'));
    for (const { id, ...claim } of conflicts) {
      out.conflicts.push({ fact: 'node', id, claim });
      out.issues.push(...claimConflicts({ kind: 'node', index: -1, id, type: step.template!.LABEL! }, claim));
    }
    return out;
  }
  out.counts.relationshipsCreated = num(record?.get('created'));
  out.counts.relationshipsMerged = num(record?.get('merged'));
  out.counts.valuesAlsoStated = num(record?.get('alsoStated'));
  const rows = new Map((step.rows as RelationshipRow[]).map((r) => [r.id, r]));
  const type = step.template!.TYPE!;
  for (const { id, ...claim } of conflicts) {
    const row = rows.get(id)!;
    out.conflicts.push({ fact: 'relationship', id, claim });
    out.issues.push(...claimConflicts({ kind: 'relationship', index: -1, id, type, source: row.source, target: row.target }, claim));
  }
  const spec = RELATIONSHIP_TYPES[type as RelationshipType];
  for (const m of (record?.get('missing') ?? []) as Array<{ id: string; source: string[] | null; target: string[] | null }>) {
    const row = rows.get(m.id)!;
    for (const end of ['source', 'target'] as const) {
      const labels = m[end];
      const allowed: readonly string[] = end === 'source' ? spec.from : spec.to;
      if (!labels)
        out.issues.push({ path: m.id, message: `${end}: no node "${row[end]}" is stored or written before it`, code: 'unknown_reference' });
      else if (!labels.some((l) => allowed.includes(l)))
        out.issues.push({
          path: m.id,
          message: `${end}: ${type} ${end === 'source' ? 'goes from' : 'goes to'} ${allowed.join(' or ')}, but "${row[end]}" is a ${labels.filter((l) => l in NODE_TYPES).join(', ') || 'node of no domain type'}`,
          code: 'wrong_endpoint_type',
        });
    }
  }
  return out;
}

/** The error for the issues a write found: a conflict (409) when that is all there is, else a ValidationError. */
function writeProblem(issues: FieldIssue[], conflicts: FactConflict[], written: string): ValidationError | ConflictError {
  const n = issues.length;
  if (issues.every((i) => i.code !== undefined && CONFLICT_CODES.has(i.code)))
    return new WriteConflictError(
      `The import conflicts with stored data in ${n} place${n === 1 ? '' : 's'} (ids are unique across nodes and relationships, and a fact keeps its type); ${written}.`,
      issues,
      conflicts,
    );
  return new ValidationError(`The import has ${n} problem${n === 1 ? '' : 's'}; ${written}.`, issues);
}

/**
 * The ids of the steps' nodes and relationships that are claimed, looked up once for the whole
 * transaction (one statement per 5,000 ids, not one per step); splitStep adds what the transaction
 * then creates, so a later step sees it as the per-step look-up did.
 */
async function claimedIds(tx: NamedTx, steps: Step[], memory: WrittenNodes): Promise<Set<string>> {
  const claimed = new Set<string>();
  const ids = new Set<string>();
  for (const step of steps) {
    if (step.phase === 'records' || !CREATE_STATEMENTS[step.phase]) continue;
    const label = step.phase === 'nodes' ? step.template!.LABEL! : null;
    for (const row of step.rows as Array<{ id: string }>)
      // A node this import committed is claimed (imports hold the import lock): no need to ask.
      if (label !== null && memory.has(label, row.id)) claimed.add(row.id);
      else ids.add(row.id);
  }
  for (const part of chunk([...ids], 5_000))
    for (const id of ((await tx.run('import/claimed-ids', { ids: part })).records[0]?.get('ids') ?? []) as string[]) claimed.add(id);
  return claimed;
}

/**
 * The steps with every id a "same" judgement merged away replaced by the canonical one: node ids
 * (and their `props.id`), relationship endpoints and the factId of node citations (a citation keeps
 * its id, derived from the id the source used, so that re-importing it finds the citation the merge
 * moved). Looked up in `tx`, once for the transaction, so that a judgement committed before it is
 * seen; a node restated under both ids in one step is merged twice, one row after the other.
 */
async function canonicalSteps(tx: NamedTx, steps: Step[]): Promise<Step[]> {
  const ids: string[] = [];
  for (const step of steps)
    if (step.phase === 'nodes') for (const r of step.rows as MergeRow[]) ids.push(r.id);
    else if (step.phase === 'relationships') for (const r of step.rows as RelationshipRow[]) ids.push(r.source, r.target);
  const merged = await mergedIds(tx, ids);
  if (merged.size === 0) return steps;
  const to = (id: string) => merged.get(id) ?? id;
  return steps.map((step) => {
    switch (step.phase) {
      case 'nodes':
        return {
          ...step,
          rows: (step.rows as MergeRow[])
            .map((r) => (merged.has(r.id) ? { ...r, id: to(r.id), props: { ...r.props, id: to(r.id) } } : r))
            .sort(byId),
        };
      case 'relationships':
        return {
          ...step,
          rows: (step.rows as RelationshipRow[]).map((r) =>
            merged.has(r.source) || merged.has(r.target) ? { ...r, source: to(r.source), target: to(r.target) } : r,
          ),
        };
      case 'citations':
        return {
          ...step,
          rows: (step.rows as CitationRow[]).map((c) =>
            c.factKind === 'node' && merged.has(c.factId) ? { ...c, factId: to(c.factId) } : c,
          ),
        };
      default:
        return step;
    }
  });
}

/**
 * Runs steps in `tx`, collecting issues; the claims of every fact are checked before any citation
 * is written, so every conflict of the batch is reported at once. Throws the batch's problem.
 */
async function runSteps(
  tx: NamedTx,
  steps: Step[],
  importId: string,
  journal: boolean,
  written: string,
  memory: WrittenNodes,
): Promise<{ counts: WriteCounts; remember: Array<[string, string]> }> {
  const counts = emptyCounts();
  const issues: FieldIssue[] = [];
  const conflicts: FactConflict[] = [];
  const remember: Array<[string, string]> = [];
  const mapped = await canonicalSteps(tx, steps);
  const claimed = await claimedIds(tx, mapped, memory);
  for (const whole of mapped) {
    if (whole.phase === 'citations' && issues.length > 0) break;
    for (const step of await splitStep(tx, whole, journal, memory, remember, claimed)) {
      const r = await runStep(tx, step, importId, journal);
      addCounts(counts, r.counts);
      issues.push(...r.issues);
      conflicts.push(...r.conflicts);
    }
  }
  if (issues.length > 0) throw writeProblem(issues, conflicts, written);
  return { counts, remember };
}

type State = 'open' | 'failed' | 'done';

abstract class BaseSession implements ImportSession {
  protected state: State = 'open';
  protected readonly totals = emptyCounts();
  protected readonly written = new WrittenNodes();

  constructor(
    readonly id: string,
    readonly mode: WriteMode,
    protected readonly executor: Executor,
    protected readonly release: () => void,
    protected readonly rowsPerStatement: number,
  ) {}

  protected ensureOpen(what: string): void {
    if (this.state === 'done') throw new InternalError(`import ${this.id} has ended; it cannot ${what}`);
    if (this.state === 'failed') throw new InternalError(`import ${this.id} failed; roll it back`);
  }

  protected end(): void {
    this.state = 'done';
    liveImports.delete(this.id);
    this.release();
  }

  async write(batch: WriteBatch): Promise<WriteCounts> {
    this.ensureOpen('write');
    try {
      const counts = await this.writeSteps(plan(batch, this.rowsPerStatement));
      addCounts(this.totals, counts);
      return counts;
    } catch (error) {
      this.state = 'failed';
      throw error;
    }
  }

  protected abstract writeSteps(steps: Step[]): Promise<WriteCounts>;
  abstract commit(): Promise<WriteCounts>;
  abstract rollback(): Promise<void>;
}

class AtomicSession extends BaseSession {
  constructor(
    id: string,
    executor: Executor,
    release: () => void,
    rowsPerStatement: number,
    private readonly tx: ExplicitTx,
    private readonly description: string,
    private readonly actor: Actor,
    private readonly change?: BeginImportOptions['change'],
  ) {
    super(id, 'atomic', executor, release, rowsPerStatement);
  }

  protected async writeSteps(steps: Step[]): Promise<WriteCounts> {
    // One transaction for the whole import: what a batch wrote stays unless the import fails. The
    // stored facts it changes are snapshotted all the same (journal): history keeps them, so that
    // the import can be reverted after it committed.
    const { counts, remember } = await runSteps(this.tx, steps, this.id, true, 'nothing was written', this.written);
    this.written.remember(remember);
    return counts;
  }

  async commit(): Promise<WriteCounts> {
    this.ensureOpen('commit');
    try {
      // The Change of the import, in its transaction: the caller's (an edit in the app), else kind 'import'.
      const change = this.change ? await this.change(this.tx, this.id) : importChange(this.id, this.description, this.totals, this.actor);
      await recordChange(this.tx, { actor: this.actor, ...change });
      await this.tx.run('import/keep-undo', { importId: this.id });
      await this.tx.run('import/finish-import', { importId: this.id, status: 'committed', counts: JSON.stringify(this.totals) });
      await this.tx.run('import/release-lock', { importId: this.id });
      await this.tx.commit();
      return { ...this.totals };
    } catch (error) {
      this.state = 'failed';
      await this.rollback();
      throw error;
    } finally {
      if (this.state !== 'failed') this.end();
    }
  }

  async rollback(): Promise<void> {
    if (this.state === 'done') return;
    try {
      await this.tx.rollback();
    } finally {
      this.end();
    }
  }
}

class BatchedSession extends BaseSession {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    id: string,
    executor: Executor,
    release: () => void,
    rowsPerStatement: number,
    private readonly batchFacts: number,
    private readonly description: string,
    private readonly actor: Actor,
  ) {
    super(id, 'batched', executor, release, rowsPerStatement);
    // Between batches too (a reader may take long over its next batch): other processes must not take the import for dead.
    this.heartbeat = setInterval(() => {
      executor.write('import/heartbeat', { importId: id }).catch((error: unknown) => {
        // Stop beating: a session whose database is gone (or was closed under it) must not keep
        // the process alive with retries; the next batch renews the heartbeat in its own transaction.
        clearInterval(this.heartbeat);
        log.warn('import heartbeat failed; renewed with the next batch', { importId: id, error: String(error) });
      });
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  protected async writeSteps(steps: Step[]): Promise<WriteCounts> {
    const counts = emptyCounts();
    // Consecutive steps share a transaction up to batchFacts rows.
    const groups: Step[][] = [];
    let size = Infinity;
    for (const step of steps) {
      if (size + step.rows.length > this.batchFacts) {
        groups.push([]);
        size = 0;
      }
      groups[groups.length - 1]!.push(step);
      size += step.rows.length;
    }
    for (const group of groups) {
      const done = await this.executor.transaction(
        'write',
        async (tx) => {
          // Retried by the driver on transient errors: the statements are merges, safe to repeat.
          const status = (await tx.run('import/heartbeat', { importId: this.id })).records[0]?.get('status') as string | null;
          if (status !== 'running')
            throw new ConflictError(`import ${this.id} is ${status ?? 'gone'}: it was rolled back while it ran (taken for dead?)`, {
              rule: 'import-ended',
            });
          return runSteps(
            tx,
            group,
            this.id,
            true,
            'this batch was not written; roll the import back to undo the batches before it',
            this.written,
          );
        },
        { context: `import ${this.id}` },
      );
      // Committed: only now does the memory of what was written hold.
      this.written.remember(done.remember);
      addCounts(counts, done.counts);
    }
    return counts;
  }

  async commit(): Promise<WriteCounts> {
    this.ensureOpen('commit');
    try {
      // The journal says committed and the Change is recorded in one transaction.
      const found = await this.executor.transaction(
        'write',
        async (tx) => {
          const r = await tx.run('import/finish-import', { importId: this.id, status: 'committed', counts: JSON.stringify(this.totals) });
          if (r.records.length > 0) await recordChange(tx, importChange(this.id, this.description, this.totals, this.actor));
          return r.records.length > 0;
        },
        { context: `import ${this.id}` },
      );
      if (!found) throw new ConflictError(`import ${this.id} was rolled back while it ran; nothing of it stays`, { rule: 'import-ended' });
      clearInterval(this.heartbeat);
      // Committed: the snapshots become history (ImportBefore), in transactions of their own.
      await this.executor.autoCommit('import/drop-undo', { importId: this.id });
      await releaseLock(this.executor, this.id);
      return { ...this.totals };
    } finally {
      this.end();
    }
  }

  async rollback(): Promise<void> {
    if (this.state === 'done') return;
    clearInterval(this.heartbeat);
    try {
      await rollbackImport(this.executor, this.id);
    } finally {
      this.end();
    }
  }

  protected override end(): void {
    clearInterval(this.heartbeat);
    super.end();
  }
}

/** Opens an import session; waits for any other import on the database to end first. */
export async function beginImport(executor: Executor, o: BeginImportOptions): Promise<ImportSession> {
  const mode: WriteMode = o.change
    ? 'atomic'
    : o.mode === 'atomic' || o.mode === 'batched'
      ? o.mode
      : (o.expectedFacts ?? 0) > AUTO_ATOMIC_MAX_FACTS
        ? 'batched'
        : 'atomic';
  const rows = o.rowsPerStatement ?? ROWS_PER_STATEMENT;
  // Who imports: captured now, as a job may outlive the request that started it.
  const actor = o.actor ?? currentActor();
  const release = await localTurn(executor);
  const id = newImportId();
  liveImports.add(id);
  const params = { importId: id, description: o.description, mode, owner: PROCESS_OWNER };
  try {
    await takeLock(executor, id);
    if (mode === 'batched') {
      await executor.write('import/start-import', params);
      return new BatchedSession(id, executor, release, rows, o.batchFacts ?? BATCH_FACTS, o.description, actor);
    }
    for (;;) {
      const tx = await executor.beginWrite({ context: `import ${id}` });
      try {
        if (await takeLockInTx(tx, id)) {
          await tx.run('import/start-import', params);
          return new AtomicSession(id, executor, release, rows, tx, o.description, actor, o.change);
        }
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        throw error;
      }
      // Another process's import took the lock between the two: wait for it like the first time.
      await tx.rollback();
      await takeLock(executor, id);
    }
  } catch (error) {
    liveImports.delete(id);
    await releaseLock(executor, id).catch(() => undefined);
    release();
    throw error;
  }
}

/** The stored claims of the given ids (kind, type, endpoints), by the claims' unique index. */
export async function lookupFacts(
  executor: Executor,
  ids: string[],
): Promise<Map<string, { kind: 'node' | 'relationship'; type: string | null; source: string | null; target: string | null }>> {
  const out = new Map<string, { kind: 'node' | 'relationship'; type: string | null; source: string | null; target: string | null }>();
  for (const part of chunk([...new Set(ids)], 5_000)) {
    const result = await executor.read('import/lookup-facts', { ids: part });
    for (const r of result.records)
      out.set(r.get('id') as string, { kind: r.get('kind'), type: r.get('type'), source: r.get('source'), target: r.get('target') });
  }
  return out;
}
