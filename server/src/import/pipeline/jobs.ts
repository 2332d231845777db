// Import jobs of the HTTP API: an in-process queue that runs one import at a time (imports compete
// for the same write locks and heap; one after the other is faster than side by side), with each
// job's progress, report, report.txt and quarantine file. Jobs live in memory only: a restart
// forgets them (and an interrupted import is rolled back by the writer at start-up).
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import type { Executor } from '../../db/executor';
import { LiaisonError, NotFoundError, type FieldIssue } from '../../errors';
import { log } from '../../log';
import type { AutoMergeRule, MatchMode } from './match-rules';
import { quarantineExtension } from './detect';
import { runImport, type RunImportOptions } from './run';
import type { ImportFormat, ImportProgress, ImportReport } from './types';
import type { UploadStore } from './uploads';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRequest {
  uploads: string[];
  format?: 'auto' | ImportFormat;
  mapping?: string | object;
  params?: Record<string, string>;
  dryRun?: boolean;
  skipInvalid?: boolean;
  mode?: 'auto' | 'atomic' | 'batched';
  /** Import-time matching (default off); auto merges by the server's LIAISON_AUTO_MERGE. */
  match?: MatchMode;
}

/** GET /api/import/jobs/:id. */
export interface JobView {
  id: string;
  status: JobStatus;
  phase: ImportProgress['phase'] | null;
  file: string | null;
  done: number;
  total: number;
  unit: ImportProgress['unit'] | null;
  ratePerSecond: number | null;
  etaSeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  dryRun: boolean;
  report?: ImportReport;
  /** Why a job failed outside its report (an error of ours, logged with the job id). */
  error?: string;
  /** For a job that failed on its input or options (not on our side): the HTTP status its error maps to, and the error's field issues. */
  errorStatus?: number;
  issues?: FieldIssue[];
}

/**
 * A job's report as the API answers it: its files by their download routes, never by their paths
 * on the server (which say nothing useful to a client and something about the server's disk).
 */
function publicReport(id: string, report: ImportReport): ImportReport {
  const base = `/api/import/jobs/${encodeURIComponent(id)}`;
  const q = report.quarantineFile;
  return {
    ...report,
    ...(report.reportFile ? { reportFile: { json: `${base}/report.json`, text: `${base}/report.txt` } } : {}),
    ...(q ? { quarantineFile: `${base}/quarantine` } : {}),
    // The route serves the run's (first) quarantine file; another file's is named, not placed.
    files: report.files.map((f) =>
      f.quarantineFile ? { ...f, quarantineFile: f.quarantineFile === q ? `${base}/quarantine` : path.basename(f.quarantineFile) } : f,
    ),
  };
}

interface Job {
  id: string;
  request: JobRequest;
  status: JobStatus;
  progress: ImportProgress | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  finished: number | null;
  report?: ImportReport;
  error?: string;
  failure?: LiaisonError;
  dir: string;
  controller: AbortController;
  done: Promise<void>;
  resolve: () => void;
}

/** Finished jobs kept for their reports (the oldest are forgotten first). */
const KEEP_FINISHED = 200;

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private queue: Job[] = [];
  private running: Job | null = null;

  constructor(
    private readonly executor: Executor,
    private readonly uploads: UploadStore,
    private readonly options: { batchRecords?: number; autoMerge?: readonly AutoMergeRule[] } = {},
  ) {
    uploads.keepJob = (id) => {
      const job = this.jobs.get(id);
      return job !== undefined && (job.finished === null || Date.now() - job.finished < uploads.ttlMs);
    };
  }

  /** Queues a job; the uploads must exist (checked now, so a typo is a 404 at once). */
  submit(request: JobRequest): JobView {
    for (const id of request.uploads) this.uploads.get(id);
    const id = `job-${randomUUID()}`;
    const dir = path.join(this.uploads.root, 'jobs', id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const job: Job = {
      id,
      request,
      status: 'queued',
      progress: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      finished: null,
      dir,
      controller: new AbortController(),
      done,
      resolve,
    };
    this.uploads.hold(request.uploads);
    this.jobs.set(id, job);
    this.queue.push(job);
    this.forgetOld();
    void this.next();
    return this.view(id);
  }

  /** Resolves when the job has finished (for the one-shot POST /api/import). */
  async wait(id: string): Promise<JobView> {
    await this.get(id).done;
    return this.view(id);
  }

  cancel(id: string): JobView {
    const job = this.get(id);
    if (job.status === 'queued') {
      this.queue = this.queue.filter((j) => j !== job);
      this.finish(job, 'failed', undefined, 'cancelled before it started');
    } else if (job.status === 'running') job.controller.abort();
    return this.view(id);
  }

  view(id: string, withReport = true): JobView {
    const job = this.get(id);
    const p = job.progress;
    return {
      id: job.id,
      status: job.status,
      phase: p?.phase ?? null,
      file: p?.file ?? null,
      done: p?.done ?? 0,
      total: p?.total ?? 0,
      unit: p?.unit ?? null,
      ratePerSecond: p?.ratePerSecond ?? null,
      etaSeconds: p?.etaSeconds ?? null,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      dryRun: job.request.dryRun === true,
      ...(withReport && job.report ? { report: publicReport(job.id, job.report) } : {}),
      ...(job.error ? { error: job.error } : {}),
      // A caller (the CLI against a server) tells bad input from our failure, and shows where it is.
      ...(job.failure ? { errorStatus: job.failure.status, ...(job.failure.issues?.length ? { issues: job.failure.issues } : {}) } : {}),
    };
  }

  list(): JobView[] {
    return [...this.jobs.keys()].reverse().map((id) => this.view(id, false));
  }

  /** Paths of a finished job's files; NotFoundError when the job has none of that kind. */
  file(id: string, kind: 'report.json' | 'report.txt' | 'quarantine'): { path: string; name: string } {
    const job = this.get(id);
    if (!job.report) throw new NotFoundError(`Job "${id}" has no report yet (it is ${job.status}).`);
    if (kind === 'quarantine') {
      const q = job.report.quarantineFile;
      if (!q)
        throw new NotFoundError(`Job "${id}" set no record aside (it ran ${job.request.skipInvalid ? 'with' : 'without'} skipInvalid).`);
      return { path: q, name: path.basename(q) };
    }
    const files = job.report.reportFile;
    if (!files) throw new NotFoundError(`Job "${id}" wrote no report file.`);
    return kind === 'report.json' ? { path: files.json, name: `${id}.report.json` } : { path: files.text, name: `${id}.report.txt` };
  }

  private get(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`No import job "${id}": jobs are kept in memory only and do not survive a restart.`);
    return job;
  }

  private async next(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    this.running = job;
    job.status = 'running';
    job.startedAt = new Date().toISOString();
    const { request } = job;
    try {
      const inputs = request.uploads.map((u) => {
        const upload = this.uploads.get(u);
        return { path: upload.path, name: upload.name };
      });
      const first = inputs[0]!;
      const ext = path.extname(first.name);
      const options: RunImportOptions = {
        ...(request.format ? { format: request.format } : {}),
        ...(request.mapping !== undefined ? { mapping: request.mapping } : {}),
        params: request.params ?? {},
        dryRun: request.dryRun === true,
        skipInvalid: request.skipInvalid === true,
        ...(request.mode ? { mode: request.mode } : {}),
        ...(request.match ? { match: request.match } : {}),
        ...(this.options.autoMerge ? { autoMerge: this.options.autoMerge } : {}),
        reportFile: path.join(job.dir, 'report'),
        quarantineFile: path.join(job.dir, `${path.basename(first.name, ext)}.rejected${quarantineExtension(first.name)}`),
        onProgress: (p) => {
          job.progress = p;
        },
        signal: job.controller.signal,
        allowMappingPaths: false,
        description: `import job ${job.id} (${inputs.map((i) => i.name).join(', ')})`,
        ...(this.options.batchRecords ? { batchRecords: this.options.batchRecords } : {}),
      };
      const report = await runImport(this.executor, inputs, options);
      this.finish(job, report.status === 'failed' ? 'failed' : 'done', report);
    } catch (error) {
      if (!(error instanceof LiaisonError))
        log.error('import job failed', { job: job.id, error: error instanceof Error ? error.stack : String(error) });
      this.finish(
        job,
        'failed',
        undefined,
        error instanceof LiaisonError ? error.message : 'The import failed on our side; it has been logged.',
        error,
      );
    } finally {
      this.running = null;
      void this.next();
    }
  }

  private finish(job: Job, status: JobStatus, report?: ImportReport, error?: string, cause?: unknown): void {
    job.status = status;
    job.finishedAt = new Date().toISOString();
    job.finished = Date.now();
    if (report) job.report = report;
    if (error) job.error = error;
    if (cause instanceof LiaisonError) job.failure = cause;
    this.uploads.release(job.request.uploads);
    job.resolve();
  }

  /** The error a job failed with before it had a report (a bad option), for the one-shot route to answer with. */
  failure(id: string): LiaisonError | undefined {
    return this.get(id).failure;
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finished !== null);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(j.id);
      rmSync(j.dir, { recursive: true, force: true });
    }
  }
}
