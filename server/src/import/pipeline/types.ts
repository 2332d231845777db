// The import pipeline's shared vocabulary. Readers (one per format: tabular mappings, Popolo, FtM,
// bundle) turn a file into RecordUnits; the pipeline validates them, groups them into WriteBatches
// and hands those to the writer (import/write), which merges them into the graph without losing
// anything already known; problems are collected, grouped by rule, into the ImportReport.
import { createHash } from 'node:crypto';

import type { CitationInput } from '../../schema/validators';
import type { WriteCounts } from '../write/types';
import type { ImportSummary } from '../bundle';
import type { MatchReport } from './matching';

export const IMPORT_FORMATS = ['bundle', 'csv-zip', 'csv', 'popolo', 'ftm'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where a record sits in its file: enough to find it again by hand. */
export interface RecordLocator {
  /** The file's name as the user gave it (its base name), e.g. "pm-meetings_0_0.csv". */
  file: string;
  /** 1-based physical line where the record starts (CSV, JSON lines). */
  line?: number;
  /** 1-based data row (CSV, after the header) or entry number. */
  row?: number;
  /** The record's own id in its dataset (a Popolo id, an FtM id, a register's id column). */
  recordId?: string;
  /** RFC 6901 JSON pointer inside the file ("/persons/12"). */
  pointer?: string;
}

/** A provenance record as stored: (:Record {id, source, …locator, raw})-[:CITES]->(:Source). */
export interface SourceRecord extends RecordLocator {
  /** recordNodeId(source, locator): the same record of the same source always has the same id. */
  id: string;
  /** Id of the Source node (the dataset, one per file release) the record belongs to. */
  source: string;
  /** The record's text as read (a CSV line, an entity's JSON), at most RAW_RECORD_LIMIT characters. */
  raw?: string;
}

export const RAW_RECORD_LIMIT = 20_000;

/** A fact as a reader produces it: properties in bundle form (fuzzy dates as "2010-05" strings). */
export interface FactNode {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  /** Quotes from texts (articles); registers cite records instead. */
  citations?: CitationInput[];
  /** Ids of SourceRecords this fact was read from. */
  records?: string[];
}

export interface FactRelationship {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
  citations?: CitationInput[];
  records?: string[];
}

/** A problem found in one record. Problems group by `rule` in the report. */
export interface RecordProblem {
  /** Stable code for grouping: date_format, unknown_country, missing_value, invalid_property, unknown_reference, … */
  rule: string;
  /** What is wrong and why, in words. */
  message: string;
  /** Field path: a CSV column name, a JSON path inside the record, or a fact's property path. */
  field?: string;
  /** The offending value as read (truncated to 200 characters). */
  value?: string;
  /** error (default): the record is rejected. warning: the record is imported, the report says what was dropped. */
  severity?: 'error' | 'warning';
}

/** What a reader yields for each record of a file. */
export interface RecordUnit {
  record: SourceRecord;
  nodes: FactNode[];
  relationships: FactRelationship[];
  problems: RecordProblem[];
  /** The record exactly as read (decoded text), written unchanged to the quarantine file when rejected. */
  raw: string;
  /** Set when a mapping's filter skipped the record ("nil return"): counted, not imported, not an error. */
  skipped?: string;
}

/** Options every reader receives. */
export interface ReaderInput {
  /** Path of the file on disk (an upload is streamed to a temporary file first). */
  path: string;
  /** The file's name as the user gave it; record locators and file-name patterns use it. */
  name: string;
  /** --param NAME=VALUE pairs. */
  params: Readonly<Record<string, string>>;
  /**
   * A preview's bound: read no more than this many entries of the file. A reader that needs a whole
   * pass before its first record (FtM's scan) scans only these, so a preview never waits for a
   * large file; its records are then those of the prefix.
   */
  previewEntries?: number;
}

/** A reader: one per format. */
export interface ImportReader {
  readonly format: ImportFormat;
  /** The Source nodes (datasets) this file's records cite; written before any record. */
  sources(): Promise<FactNode[]>;
  /** The file's records, streamed, in an order where a relationship's endpoints come no later than it. */
  records(): AsyncIterable<RecordUnit>;
  /** For the quarantine file: what must precede the rejected records (a CSV header line), if anything. */
  quarantineHeader?(): string | undefined;
  /** Content it read but could not map (FtM schemata, Popolo fields): counted per kind, never silently dropped. */
  unmapped(): Readonly<Record<string, number>>;
}

/** The id of a provenance record: stable across re-imports of the same file of the same source. */
export function recordNodeId(source: string, locator: RecordLocator): string {
  const where = locator.recordId ?? locator.pointer ?? String(locator.line ?? locator.row ?? '');
  return `rec-${createHash('sha256').update(`${source}\u0000${locator.file}\u0000${where}`).digest('hex').slice(0, 24)}`;
}

// ---------------------------------------------------------------------------------------------
// Added by the pipeline (run.ts, report.ts): options, progress and the report of one run.

/** What runImport is given: a file on disk and the name the user knows it by. */
export interface ImportInput {
  path: string;
  name: string;
}

export type ImportPhase = 'reading' | 'validating' | 'writing' | 'done';

/** Progress of a run, as the CLI prints it and GET /api/import/jobs/:id answers it. */
export interface ImportProgress {
  phase: ImportPhase;
  /** The file being worked on (its name as given). */
  file: string;
  done: number;
  /** Bytes while reading and validating (the file's size), records while writing; 0 when unknown. */
  total: number;
  unit: 'bytes' | 'records' | 'facts';
  /** Units per second in this phase so far; null before there is anything to measure. */
  ratePerSecond: number | null;
  etaSeconds: number | null;
  /** A finer step within the phase (the bundle writer's "nodes", "citations", …). */
  step?: string;
}

export type ImportStatus = 'imported' | 'dry-run' | 'rejected' | 'failed';

/** What an import read and rejected, beside what the writer created and merged. */
export interface ImportCounts extends WriteCounts {
  /** Records read (every record of every file, skipped and rejected ones included). */
  records: number;
  /** Left out by a mapping's filter ("nil return"): not imported, not an error. */
  skipped: number;
  /** With at least one error-level problem: not imported (and quarantined with --skip-invalid). */
  rejected: number;
}

export interface ProblemExample {
  file: string;
  line?: number;
  row?: number;
  recordId?: string;
  field?: string;
  value?: string;
  message: string;
}

/** Problems of one rule and severity: how many, and the first examples (all kept ones in the report file). */
export interface ProblemGroup {
  rule: string;
  severity: 'error' | 'warning';
  count: number;
  message: string;
  examples: ProblemExample[];
}

export interface ImportFileReport {
  file: string;
  format: ImportFormat;
  /** The tabular mapping used (its name, or "inline" for a mapping object). */
  mapping?: string;
  records: number;
  skipped: number;
  rejected: number;
  quarantineFile?: string;
  unmapped: Record<string, number>;
}

export interface ImportReport {
  status: ImportStatus;
  /** Why a run was rejected or failed: invalid input, a conflict with stored data, aborted, or an error of ours. */
  reason?: 'invalid' | 'conflict' | 'aborted' | 'error';
  /** One sentence on the outcome. */
  message: string;
  dryRun: boolean;
  skipInvalid: boolean;
  files: ImportFileReport[];
  counts: ImportCounts;
  problems: ProblemGroup[];
  /** Content read but not mapped, per kind, over all files. */
  unmapped: Record<string, number>;
  quarantineFile?: string;
  /** Where the full report went: FILE.json and FILE.txt. */
  reportFile?: { json: string; text: string };
  importId?: string;
  /** For bundles and CSV zips: importBundle's own summary, as POST /api/import has always answered it. */
  summary?: ImportSummary;
  /** Import-time matching (--match review|auto): merged, awaiting review, the first pairs of each. */
  matching?: MatchReport;
  durationMs: number;
}
