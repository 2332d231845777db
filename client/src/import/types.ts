// The Import API's shapes as the page reads them (POST /api/import/uploads, /preview, /jobs, GET
// /mappings), written after the contract in the team's notes. The server's own types live in
// server/src/import/pipeline/, which imports Node modules the client cannot compile; these mirror them.

export interface Upload {
  id: string;
  name: string;
  size: number;
  /** Detected by the server: bundle, csv-zip, csv, popolo, ftm (null when it could not tell). */
  format: string | null;
  encoding?: string;
}

export interface MappingParam {
  name: string;
  description?: string;
  required?: boolean;
  default?: string;
  /** Allowed values, when the mapping lists them. */
  values?: string[];
  /** A regular expression the value must match (the whole value). */
  pattern?: string;
}

/** An entry of GET /api/import/mappings. `params` may come as a list or as an object keyed by name. */
export interface MappingInfo {
  name: string;
  title?: string;
  description?: string;
  format?: string;
  files?: string[] | string;
  params?: unknown;
}

export interface RecordLocator {
  id?: string;
  source?: string;
  file?: string;
  line?: number;
  row?: number;
  recordId?: string;
  pointer?: string;
  raw?: string;
}

export interface FactNode {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  records?: string[];
}

export interface FactRelationship {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
  records?: string[];
}

export interface RecordProblem {
  rule: string;
  message: string;
  field?: string;
  value?: string;
  severity?: 'error' | 'warning';
}

export interface PreviewRow {
  record: RecordLocator;
  nodes: FactNode[];
  relationships: FactRelationship[];
  problems: RecordProblem[];
  skipped?: string;
}

export interface PreviewResult {
  format?: string;
  /** The mapping used: its name, or "inline" for one sent as an object. */
  mapping?: string;
  rows: PreviewRow[];
  columns?: string[];
  /** Read but not mapped in these rows (columns, FtM schemata, Popolo fields), per kind. */
  unmapped?: Record<string, number>;
}

export interface ProblemExample {
  file?: string;
  line?: number;
  row?: number;
  recordId?: string;
  field?: string;
  value?: string;
  message?: string;
}

export interface ProblemGroup {
  rule: string;
  severity?: 'error' | 'warning';
  count: number;
  message?: string;
  examples?: ProblemExample[];
}

export interface ImportReport {
  status: 'imported' | 'dry-run' | 'rejected' | 'failed' | string;
  files?: unknown[];
  counts?: Record<string, number>;
  problems?: ProblemGroup[];
  unmapped?: Record<string, number | Record<string, number>>;
  quarantineFile?: string;
  /** Paths on the server (FILE.json and FILE.txt); the page downloads them through the job's routes. */
  reportFile?: unknown;
  importId?: string;
  /** Import-time matching (server/src/import/pipeline/matching.ts MatchReport), when asked for. */
  matching?: {
    mode: string;
    dryRun: boolean;
    candidates: number;
    merged: number;
    awaitingReview: number;
    failed: number;
    reviewQueue?: string | null;
    error?: string;
  };
  durationMs?: number;
  /** Why a run was rejected or failed: invalid, conflict, aborted, error. */
  reason?: string;
  /** One sentence on the outcome. */
  message?: string;
  error?: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  status: JobStatus;
  phase?: string | null;
  /** The file being worked on. */
  file?: string | null;
  done?: number;
  /** 0 or null when unknown. */
  total?: number | null;
  /** What done and total count: bytes while reading and validating, records (or facts) while writing. */
  unit?: string | null;
  ratePerSecond?: number | null;
  etaSeconds?: number | null;
  report?: ImportReport;
  error?: string | { message?: string; detail?: string };
}
