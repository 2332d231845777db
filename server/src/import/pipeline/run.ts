// runImport: one import of one or more files, in two passes. Pass 1 streams every record through
// its reader and validates it (schema validators, references in the record, in earlier valid records
// and, per batch, in the database), collecting problems and, with skipInvalid, writing rejected
// records unchanged to a quarantine file. Pass 2 reads the file again and hands the valid records to
// the writer in batches; by default (atomic) it runs only if pass 1 found no error, and the writer
// undoes everything if a batch fails. A dry run stops after pass 1, with counts of what would be
// created and merged. Bundles and CSV zips keep their own whole-file validation (bundle.ts, csv.ts).
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync, readSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';

import type { Executor } from '../../db/executor';
import { ConflictError, LiaisonError, ValidationError, type FieldIssue } from '../../errors';
import type { BundleInput } from '../../schema/validators';
import { checkBundle, importBundle, parseBundle, storedForBundle, type ImportSummary } from '../bundle';
import { csvPath, csvZipToBundle, importCsvZip } from '../csv';
import { anyMergedIds } from '../write/canonical';
import { canonicalReader } from './canonical-reader';
import type { AutoMergeRule, MatchMode } from './match-rules';
import { IncomingEntities, matchDryRun, matchImported, type MatchOptions } from './matching';
import { detectFormat, quarantineExtension } from './detect';
import { resolveMapping } from './mapping';
import { createReader, writerModule, type ImportSessionShape, type StoredFact, type WriteBatchShape, type WriteFact } from './modules';
import { ProblemCollector, emptyCounts, shownReport, writeReportFiles } from './report';
import {
  RAW_RECORD_LIMIT,
  type ImportCounts,
  type ImportFileReport,
  type ImportFormat,
  type ImportInput,
  type ImportPhase,
  type ImportProgress,
  type ImportReader,
  type ImportReport,
  type RecordUnit,
  type SourceRecord,
} from './types';
import { CONFLICT_RULES, IdIndex, checkReferences, idsToLookUp, relKey, validateFacts, type ValidatedRecord } from './validate';

export interface RunImportOptions {
  format?: 'auto' | ImportFormat;
  /** A shipped mapping's name, a mapping file's path (where allowMappingPaths), or a mapping object. */
  mapping?: string | object;
  params?: Record<string, string>;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** Write the full report to FILE.json and FILE.txt. */
  reportFile?: string;
  /** Where rejected records go with skipInvalid (one file per input: the input's name is added when there are several). */
  quarantineFile?: string;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** The writer's transaction mode (auto by default; every mode is all-or-nothing). For bundles: atomic unless batched. */
  mode?: 'auto' | 'atomic' | 'batched';
  /** Whether a mapping string may be a path (the CLI: yes; HTTP: shipped names only). */
  allowMappingPaths?: boolean;
  /** Records per validation and write batch. */
  batchRecords?: number;
  description?: string;
  /**
   * Import-time matching (matching.ts): off (default); review: the candidates between what the
   * import brought and the stored graph are counted and listed, and wait in the review queue; auto:
   * those `autoMerge` accepts are merged too. In a dry run: what would happen.
   */
  match?: MatchMode;
  /** auto's rules (default DEFAULT_AUTO_MERGE; the CLI and the server pass LIAISON_AUTO_MERGE). */
  autoMerge?: readonly AutoMergeRule[];
}

export const DEFAULT_BATCH_RECORDS = 1_000;
/** A write batch is also cut at this many facts, so one record yielding many facts cannot blow it up. */
const MAX_BATCH_FACTS = 20_000;
const PROGRESS_EVERY_MS = 250;

/**
 * A reader yields records through promises that resolve at once while it works through a chunk, so
 * the event loop would not turn for seconds; the server's requests (progress polls among them) must.
 */
const YIELD_EVERY_MS = 20;
function yielder(): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = Date.now();
  };
}

const RECORD_FORMATS: ReadonlySet<ImportFormat> = new Set(['csv', 'popolo', 'ftm']);

interface Plan {
  input: ImportInput;
  format: ImportFormat;
  mapping?: { label: string; mapping: unknown };
  file: ImportFileReport;
  /** Ordinals of rejected records (pass 1) → their record id, to skip them in pass 2. */
  rejected: Map<number, string>;
  quarantinePath?: string;
  summary?: ImportSummary;
}

/** Rate and ETA of a phase, emitted at most every PROGRESS_EVERY_MS (and at each phase's end). */
class Meter {
  private started = Date.now();
  private last = 0;
  private phase: ImportPhase = 'reading';
  private file = '';
  private total = 0;
  private unit: ImportProgress['unit'] = 'bytes';
  constructor(private readonly sink?: (p: ImportProgress) => void) {}

  start(phase: ImportPhase, file: string, total: number, unit: ImportProgress['unit']): void {
    Object.assign(this, { phase, file, total, unit, started: Date.now(), last: 0 });
    this.emit(0, true);
  }

  emit(done: number, force = false, step?: string): void {
    if (!this.sink) return;
    const now = Date.now();
    if (!force && now - this.last < PROGRESS_EVERY_MS) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0.2 && done > 0 ? done / seconds : null;
    const total = Math.max(this.total, done);
    const p: ImportProgress = {
      phase: this.phase,
      file: this.file,
      done,
      total,
      unit: this.unit,
      ratePerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: rate === null || total === 0 ? null : Math.round((total - done) / rate),
    };
    if (step) p.step = step;
    this.sink(p);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The line ending a text file uses (from its first 64 KiB), for records appended to the quarantine file. */
function lineEnding(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes('\r\n') ? '\r\n' : '\n';
  } finally {
    closeSync(fd);
  }
}

function quarantinePathFor(input: ImportInput, options: RunImportOptions, several: boolean): string {
  const ext = path.extname(input.name);
  const stem = path.basename(input.name, ext);
  if (options.quarantineFile) {
    if (!several) return path.resolve(options.quarantineFile);
    const q = path.resolve(options.quarantineFile);
    const qext = path.extname(q);
    return `${q.slice(0, q.length - qext.length)}-${stem}${qext || quarantineExtension(input.name)}`;
  }
  const dir = options.reportFile ? path.dirname(path.resolve(options.reportFile)) : path.dirname(path.resolve(input.path));
  return path.join(dir, `${stem}.rejected${quarantineExtension(input.name)}`);
}

/** Rejected records, unchanged, after the reader's header: a file that can be fixed and imported as it is. */
class Quarantine {
  private out: WriteStream | null = null;
  constructor(
    readonly file: string,
    /** Asked on the first rejection: a CSV reader knows its header only once it has read it. */
    private readonly header: () => string | undefined,
    private readonly eol: string,
  ) {}

  add(raw: string): void {
    if (!this.out) {
      mkdirSync(path.dirname(this.file), { recursive: true });
      this.out = createWriteStream(this.file);
      const header = this.header();
      if (header !== undefined) this.out.write(this.terminated(header));
    }
    this.out.write(this.terminated(raw));
  }

  private terminated(text: string): string {
    return /\r?\n$/.test(text) ? text : `${text}${this.eol}`;
  }

  get used(): boolean {
    return this.out !== null;
  }

  close(): Promise<void> {
    const out = this.out;
    if (!out) return Promise.resolve();
    return new Promise((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** What the database holds under each id (the writer's lookupFacts). */
export async function lookupStoredFacts(executor: Executor, ids: string[]): Promise<Map<string, StoredFact>> {
  if (ids.length === 0) return new Map();
  return writerModule().lookupFacts(executor, [...new Set(ids)]);
}

const describeRun = (inputs: ImportInput[]) => `import of ${inputs.map((i) => i.name).join(', ')}`;

function aborted(signal?: AbortSignal): boolean {
  return signal?.aborted === true;
}

/** Runs one import; throws ValidationError only for bad options (unknown format or mapping), everything else is in the report. */
export async function runImport(executor: Executor, inputs: ImportInput[], options: RunImportOptions = {}): Promise<ImportReport> {
  const started = Date.now();
  const meter = new Meter(options.onProgress);
  const problems = new ProblemCollector();
  const counts = emptyCounts();
  const unmapped: Record<string, number> = {};
  const dryRun = options.dryRun === true;
  const skipInvalid = options.skipInvalid === true;
  if (inputs.length === 0)
    throw new ValidationError('Name at least one file to import.', [{ path: 'files', message: 'no file given', code: 'missing_file' }]);

  // Options first: a wrong format or mapping is the caller's to fix before anything is read.
  const plans: Plan[] = [];
  for (const input of inputs) {
    const format = await detectFormat(input.path, input.name, options.format ?? 'auto');
    const mapping =
      format === 'csv' ? await resolveMapping(options.mapping, input.name, { allowPaths: options.allowMappingPaths === true }) : undefined;
    const file: ImportFileReport = { file: input.name, format, records: 0, skipped: 0, rejected: 0, unmapped: {} };
    if (mapping) file.mapping = mapping.label;
    plans.push({ input, format, ...(mapping ? { mapping } : {}), file, rejected: new Map() });
  }

  const finish = (status: ImportReport['status'], message: string, extra: Partial<ImportReport> = {}): ImportReport => {
    const quarantine = plans.find((p) => p.file.quarantineFile)?.file.quarantineFile;
    let report: ImportReport = {
      status,
      message,
      dryRun,
      skipInvalid,
      files: plans.map((p) => p.file),
      counts,
      problems: problems.all(),
      unmapped,
      ...(quarantine ? { quarantineFile: quarantine } : {}),
      durationMs: Date.now() - started,
      ...extra,
    };
    if (options.reportFile) report = { ...report, reportFile: writeReportFiles(report, options.reportFile) };
    meter.start('done', plans.at(-1)?.input.name ?? '', 0, 'records');
    return shownReport(report);
  };

  // Import-time matching: the dry run pairs what the files bring (collected while checking them),
  // a real import what it committed, once every file is in.
  const match: MatchOptions = { mode: options.match ?? 'off', ...(options.autoMerge ? { rules: options.autoMerge } : {}) };
  const incoming = dryRun && match.mode !== 'off' ? new IncomingEntities() : null;
  const matching = async (importIds: string[]): Promise<Partial<ImportReport>> => {
    if (match.mode === 'off') return {};
    meter.emit(0, true, 'matching');
    const m = incoming ? await matchDryRun(executor, incoming, match) : await matchImported(executor, importIds, match);
    return m ? { matching: m } : {};
  };
  const wholeImportIds = () => plans.flatMap((p) => (p.summary ? [p.summary.importId] : []));

  // Whole-file formats, each on its own (all-or-nothing per file, as importBundle has always done).
  for (const plan of plans.filter((p) => !RECORD_FORMATS.has(p.format))) {
    const outcome = await wholeFile(executor, plan, options, problems, counts, meter, incoming);
    if (outcome) return finish(outcome.status, outcome.message, { reason: outcome.reason });
  }
  const recordPlans = plans.filter((p) => RECORD_FORMATS.has(p.format));
  if (recordPlans.length === 0) {
    const summary = plans.length === 1 ? plans[0]!.summary : undefined;
    if (dryRun && problems.errorCount > 0)
      return finish('dry-run', 'Dry run: the file has problems and would be rejected; nothing was written.', { reason: 'invalid' });
    return finish(dryRun ? 'dry-run' : 'imported', dryRun ? 'Dry run: the file is valid; nothing was written.' : 'Imported.', {
      ...(summary ? { summary, importId: summary.importId } : {}),
      ...(await matching(wholeImportIds())),
    });
  }

  // Pass 1: read and validate every record of every file.
  // Ids merged away by "same" judgements are read as their canonical entity (canonical-reader.ts).
  const canonical = (await anyMergedIds(executor)) ? executor : null;
  const seen = new IdIndex();
  const knownSources = new Set<string>();
  for (const plan of recordPlans) {
    if (aborted(options.signal)) return finish('failed', 'The import was cancelled; nothing was written.', { reason: 'aborted' });
    await validatePass(executor, plan, options, {
      seen,
      knownSources,
      problems,
      counts,
      meter,
      dryRun,
      several: inputs.length > 1,
      canonical,
      incoming,
    });
    for (const [k, n] of Object.entries(plan.file.unmapped)) unmapped[k] = (unmapped[k] ?? 0) + n;
  }
  const errors = problems.errorCount;
  const rejectedRecords = counts.rejected;
  if (dryRun) {
    const valid = counts.records - counts.skipped - counts.rejected;
    return finish(
      'dry-run',
      `Dry run: ${valid.toLocaleString('en')} record${valid === 1 ? '' : 's'} would be imported${rejectedRecords > 0 ? `, ${rejectedRecords.toLocaleString('en')} rejected` : ''}; nothing was written.`,
      { ...(rejectedRecords > 0 && !skipInvalid ? { reason: 'invalid' as const } : {}), ...(await matching([])) },
    );
  }
  if (errors > 0 && !skipInvalid) {
    const conflictOnly = problems.all().every((g) => g.severity !== 'error' || CONFLICT_RULES.has(g.rule));
    return finish(
      'rejected',
      `${rejectedRecords.toLocaleString('en')} record${rejectedRecords === 1 ? ' has' : 's have'} problems; nothing was written (--skip-invalid imports the others and sets the rejected ones aside).`,
      { reason: conflictOnly ? 'conflict' : 'invalid' },
    );
  }

  // Pass 2: write the valid records.
  const writer = writerModule();
  const session = await writer.beginImport(executor, {
    mode: options.mode ?? 'auto',
    description: options.description ?? describeRun(inputs),
    expectedFacts: counts.nodesCreated + counts.nodesMerged + counts.relationshipsCreated + counts.relationshipsMerged,
  });
  // Pass 1 counted distinct facts for the dry run; the writer's own counts replace them.
  Object.assign(counts, { nodesCreated: 0, nodesMerged: 0, relationshipsCreated: 0, relationshipsMerged: 0 });
  try {
    for (const plan of recordPlans) {
      await writePass(plan, session, options, meter, canonical);
      if (aborted(options.signal)) {
        await session.rollback();
        return finish('failed', 'The import was cancelled; what it had written was undone.', { reason: 'aborted', importId: session.id });
      }
    }
    const totals = await session.commit();
    Object.assign(counts, totals);
  } catch (error) {
    await session.rollback().catch(() => undefined);
    if (!(error instanceof LiaisonError)) throw error;
    for (const issue of error.issues ?? [])
      problems.add({ rule: issue.code ?? 'write_failed', message: issue.message, field: issue.path }, { file: recordPlans[0]!.input.name });
    return finish('failed', `${error.message} What the import had written was undone.`, {
      reason: error instanceof ConflictError ? 'conflict' : error instanceof ValidationError ? 'invalid' : 'error',
      importId: session.id,
    });
  }
  const imported = counts.records - counts.skipped - counts.rejected;
  return finish(
    'imported',
    `Imported ${imported.toLocaleString('en')} record${imported === 1 ? '' : 's'}${rejectedRecords > 0 ? `; ${rejectedRecords.toLocaleString('en')} rejected and set aside` : ''}.`,
    // The import is committed and its lock released: each merge takes the lock as judgements do.
    { importId: session.id, ...(await matching([...wholeImportIds(), session.id])) },
  );
}

interface PassState {
  seen: IdIndex;
  knownSources: Set<string>;
  problems: ProblemCollector;
  counts: ImportCounts;
  meter: Meter;
  dryRun: boolean;
  several: boolean;
  /** Where to look up merged-away ids (null: the store has none). */
  canonical: Executor | null;
  /** A dry run's entities for import-time matching (null: no matching). */
  incoming: IncomingEntities | null;
}

interface Pending {
  ordinal: number;
  unit: RecordUnit;
  v: ValidatedRecord;
}

async function readerFor(plan: Plan, options: RunImportOptions, canonical: Executor | null): Promise<ImportReader> {
  const reader = await createReader(
    plan.format,
    { path: plan.input.path, name: plan.input.name, params: options.params ?? {} },
    plan.mapping?.mapping,
  );
  return canonical ? canonicalReader(reader, canonical) : reader;
}

/** Pass 1 over one file. */
async function validatePass(executor: Executor, plan: Plan, options: RunImportOptions, s: PassState): Promise<void> {
  const { input, file } = plan;
  const total = sizeOf(input.path);
  // Pass 1 reads and checks together; progress in bytes of the file, so the ETA needs no record count.
  s.meter.start('validating', input.name, total, 'bytes');
  const reader = await readerFor(plan, options, s.canonical);
  const where = { file: input.name };
  const sources = await reader.sources();
  const storedSources = await lookupStoredFacts(
    executor,
    sources.map((x) => x.id).filter((id) => !s.seen.has(id)),
  );
  for (const source of sources) {
    const v = validateFacts({ nodes: [source], relationships: [] });
    for (const p of v.problems) s.problems.add({ ...p, message: `the file's Source: ${p.message}` }, where);
    if (!s.seen.has(source.id)) s.counts[storedSources.has(source.id) ? 'nodesMerged' : 'nodesCreated']++;
    s.seen.set(source.id, source.type);
    s.knownSources.add(source.id);
  }
  const quarantine =
    options.skipInvalid === true
      ? new Quarantine(quarantinePathFor(input, options, s.several), () => reader.quarantineHeader?.(), lineEnding(input.path))
      : null;
  if (quarantine) plan.quarantinePath = quarantine.file;
  let bytes = 0;
  let ordinal = 0;
  let batch: Pending[] = [];
  const flush = async () => {
    const ids: string[] = [];
    for (const p of batch) ids.push(...idsToLookUp(p.v, s.seen));
    const stored = await lookupStoredFacts(executor, ids);
    for (const p of batch) {
      const recordProblems = [...p.unit.problems, ...p.v.problems];
      // References are checked only for facts that passed the validators (a broken fact's endpoints mean little).
      recordProblems.push(...checkReferences(p.v, s.seen, stored, s.knownSources));
      for (const problem of recordProblems) s.problems.add(problem, p.unit.record);
      if (recordProblems.some((x) => (x.severity ?? 'error') === 'error')) {
        file.rejected++;
        s.counts.rejected++;
        plan.rejected.set(p.ordinal, p.unit.record.id);
        quarantine?.add(p.unit.raw);
        continue;
      }
      // A valid record's facts are known to the rest of the run, and counted for the dry run.
      for (const n of p.v.nodes) countFact(n.id, n.type, 'node');
      if (s.incoming) for (const n of p.v.nodes) s.incoming.add(n);
      for (const r of p.v.relationships) countFact(r.id, relKey(r.type), 'relationship');
    }
    batch = [];
    function countFact(id: string, key: string, kind: 'node' | 'relationship') {
      if (s.seen.has(id)) return;
      s.seen.set(id, key);
      const merged = stored.has(id);
      if (kind === 'node') s.counts[merged ? 'nodesMerged' : 'nodesCreated']++;
      else s.counts[merged ? 'relationshipsMerged' : 'relationshipsCreated']++;
    }
  };
  const batchRecords = options.batchRecords ?? DEFAULT_BATCH_RECORDS;
  const pause = yielder();
  for await (const unit of reader.records()) {
    await pause();
    ordinal++;
    file.records++;
    s.counts.records++;
    bytes += unit.raw.length + 1;
    if (unit.skipped !== undefined) {
      file.skipped++;
      s.counts.skipped++;
    } else {
      batch.push({ ordinal, unit, v: validateFacts(unit) });
      if (batch.length >= batchRecords) {
        await flush();
        if (aborted(options.signal)) break;
      }
    }
    s.meter.emit(Math.min(bytes, total || bytes));
  }
  if (batch.length > 0) await flush();
  s.meter.emit(total || bytes, true);
  file.unmapped = { ...reader.unmapped() };
  await quarantine?.close();
  if (quarantine?.used) file.quarantineFile = quarantine.file;
}

const sameFact = (a: WriteFact, b: WriteFact) =>
  a.type === b.type && a.source === b.source && a.target === b.target && JSON.stringify(a.properties) === JSON.stringify(b.properties);

/** A write batch being filled: a fact restated by several records is sent once, with the union of their records. */
class BatchBuilder {
  nodes = new Map<string, WriteFact>();
  relationships = new Map<string, WriteFact>();
  records = new Map<string, SourceRecord>();
  facts = 0;

  /** Whether the record's facts can join this batch (a fact stated differently waits for the next one). */
  fits(facts: { nodes: WriteFact[]; relationships: WriteFact[] }): boolean {
    const clash = (map: Map<string, WriteFact>, f: WriteFact) => {
      const had = map.get(f.id);
      return had !== undefined && !sameFact(had, f);
    };
    return !facts.nodes.some((f) => clash(this.nodes, f)) && !facts.relationships.some((f) => clash(this.relationships, f));
  }

  add(record: SourceRecord, facts: { nodes: WriteFact[]; relationships: WriteFact[] }): void {
    this.records.set(record.id, record);
    const put = (map: Map<string, WriteFact>, f: WriteFact) => {
      const had = map.get(f.id);
      if (!had) {
        map.set(f.id, f);
        this.facts++;
        return;
      }
      for (const r of f.records) if (!had.records.includes(r)) had.records.push(r);
      for (const c of f.citations) if (!had.citations.some((x) => JSON.stringify(x) === JSON.stringify(c))) had.citations.push(c);
    };
    for (const f of facts.nodes) put(this.nodes, f);
    for (const f of facts.relationships) put(this.relationships, f);
  }

  get size(): number {
    return this.records.size;
  }

  take(): WriteBatchShape {
    const batch = { nodes: [...this.nodes.values()], relationships: [...this.relationships.values()], records: [...this.records.values()] };
    this.nodes = new Map();
    this.relationships = new Map();
    this.records = new Map();
    this.facts = 0;
    return batch;
  }
}

/** Pass 2 over one file: the reader again, the valid records in batches to the writer. */
async function writePass(
  plan: Plan,
  session: ImportSessionShape,
  options: RunImportOptions,
  meter: Meter,
  canonical: Executor | null,
): Promise<void> {
  const { input, file } = plan;
  const toWrite = file.records - file.skipped - file.rejected;
  meter.start('writing', input.name, toWrite, 'records');
  const reader = await readerFor(plan, options, canonical);
  const sources = await reader.sources();
  if (sources.length > 0) {
    const v = validateFacts({ nodes: sources, relationships: [] });
    await session.write({
      nodes: v.nodes.map((n) => ({ id: n.id, type: n.type, properties: n.properties, citations: n.citations, records: [] })),
      relationships: [],
      records: [],
    });
  }
  const builder = new BatchBuilder();
  const batchRecords = options.batchRecords ?? DEFAULT_BATCH_RECORDS;
  let ordinal = 0;
  let written = 0;
  // One batch in flight while the next is read and built: the database writes while Node parses.
  // The session sees its writes one after another all the same (each waits for the one before).
  let inFlight: Promise<void> = Promise.resolve();
  const settle = () => inFlight;
  const flush = async () => {
    if (builder.size === 0) return;
    const n = builder.size;
    const batch = builder.take();
    await settle();
    const write = session.write(batch).then(() => {
      written += n;
      meter.emit(written);
    });
    // Awaited by the next flush or at the end; a failure meanwhile must not count as unhandled.
    write.catch(() => undefined);
    inFlight = write;
  };
  const pause = yielder();
  for await (const unit of reader.records()) {
    await pause();
    ordinal++;
    if (unit.skipped !== undefined) continue;
    const rejectedId = plan.rejected.get(ordinal);
    if (rejectedId !== undefined) {
      if (rejectedId !== unit.record.id)
        throw new Error(
          `the ${plan.format} reader gave record ${unit.record.id} where pass 1 had ${rejectedId}: it must read a file the same way twice`,
        );
      continue;
    }
    const v = validateFacts(unit);
    const record: SourceRecord = unit.record.raw === undefined ? { ...unit.record, raw: unit.raw.slice(0, RAW_RECORD_LIMIT) } : unit.record;
    const own = (f: { records?: string[] }) => (f.records && f.records.length > 0 ? [...f.records] : [record.id]);
    const facts = {
      nodes: v.nodes.map((n, i) => ({
        id: n.id,
        type: n.type,
        properties: n.properties,
        citations: n.citations,
        records: own(unit.nodes[i]!),
      })),
      relationships: v.relationships.map((r, i) => ({
        id: r.id,
        type: r.type,
        source: r.source,
        target: r.target,
        properties: r.properties,
        citations: r.citations,
        records: own(unit.relationships[i]!),
      })),
    };
    if (!builder.fits(facts)) await flush();
    builder.add(record, facts);
    if (builder.size >= batchRecords || builder.facts >= MAX_BATCH_FACTS) {
      await flush();
      if (aborted(options.signal)) return settle();
    }
  }
  await flush();
  await settle();
  meter.emit(written, true);
}

// ---------------------------------------------------------------------------------------------
// Bundles and CSV zips: validated whole, by their own code, with the outcome as an ImportReport.

interface WholeOutcome {
  status: ImportReport['status'];
  reason: NonNullable<ImportReport['reason']>;
  message: string;
}

function issuesToProblems(issues: FieldIssue[], file: string, problems: ProblemCollector): void {
  for (const issue of issues) problems.add({ rule: issue.code ?? 'invalid', message: issue.message, field: issue.path }, { file });
}

/** Imports (or, in a dry run, checks) one bundle or CSV zip; returns an outcome only when the run must stop. */
async function wholeFile(
  executor: Executor,
  plan: Plan,
  options: RunImportOptions,
  problems: ProblemCollector,
  counts: ImportCounts,
  meter: Meter,
  incoming: IncomingEntities | null,
): Promise<WholeOutcome | null> {
  const { input, file } = plan;
  meter.start('reading', input.name, sizeOf(input.path), 'bytes');
  let data: unknown;
  try {
    data = plan.format === 'csv-zip' ? readFileSync(input.path) : JSON.parse(readFileSync(input.path, 'utf8'));
  } catch (error) {
    const what = plan.format === 'csv-zip' ? 'the file' : 'JSON';
    problems.add({ rule: 'unreadable', message: `cannot read ${what}: ${(error as Error).message}` }, { file: input.name });
    return { status: 'rejected', reason: 'invalid', message: `${input.name}: cannot read ${what}; nothing was written.` };
  }
  try {
    if (options.dryRun) {
      meter.start('validating', input.name, 0, 'facts');
      let bundle: BundleInput;
      let toPath = (p: string) => p;
      if (plan.format === 'csv-zip') {
        const { bundle: raw, origins } = await csvZipToBundle(data as Buffer);
        toPath = (p) => csvPath(p, origins);
        try {
          bundle = parseBundle(raw);
        } catch (error) {
          if (error instanceof ValidationError)
            throw new ValidationError(
              error.message,
              error.issues.map((i) => ({ ...i, path: toPath(i.path) })),
            );
          throw error;
        }
      } else bundle = parseBundle(data);
      const { types, claims, merged } = await storedForBundle(executor, bundle);
      const issues = checkBundle(bundle, types, claims, merged).map((i) => ({ ...i, path: toPath(i.path) }));
      file.records = bundle.nodes.length + bundle.relationships.length;
      counts.records += file.records;
      if (issues.length > 0) {
        issuesToProblems(issues, input.name, problems);
        return null;
      }
      // A node merged away by a "same" judgement would merge into its canonical entity.
      const nodesNew = bundle.nodes.filter((n) => !types.has(merged.get(n.id) ?? n.id)).length;
      const relsNew = bundle.relationships.filter((r) => !claims.has(r.id)).length;
      counts.nodesCreated += nodesNew;
      counts.nodesMerged += bundle.nodes.length - nodesNew;
      counts.relationshipsCreated += relsNew;
      counts.relationshipsMerged += bundle.relationships.length - relsNew;
      if (incoming) for (const n of bundle.nodes) incoming.add({ ...n, id: merged.get(n.id) ?? n.id });
      return null;
    }
    let writing = false;
    const importOptions = {
      mode: options.mode ?? ('auto' as const),
      onProgress: ({ phase, done, total }: { phase: string; done: number; total: number }) => {
        if (!writing) meter.start('writing', input.name, total, 'facts');
        writing = true;
        meter.emit(done, true, phase);
      },
    };
    const summary =
      plan.format === 'csv-zip'
        ? await importCsvZip(executor, data as Buffer, importOptions)
        : await importBundle(executor, data, importOptions);
    plan.summary = summary;
    file.records = summary.nodes + summary.relationships;
    counts.records += file.records;
    counts.nodesCreated += summary.nodesCreated;
    counts.nodesMerged += summary.nodes - summary.nodesCreated;
    counts.relationshipsCreated += summary.relationshipsCreated;
    counts.relationshipsMerged += summary.relationships - summary.relationshipsCreated;
    counts.citationsCreated += summary.citationsCreated;
    return null;
  } catch (error) {
    if (error instanceof ValidationError || error instanceof ConflictError) {
      issuesToProblems(error.issues ?? [], input.name, problems);
      file.rejected = file.records;
      return { status: 'rejected', reason: error instanceof ConflictError ? 'conflict' : 'invalid', message: error.message };
    }
    throw error;
  }
}
