// `npm run import -- FILE… [options]`: imports files of any supported format (Liaison bundle, CSV
// export zip, spreadsheet with a mapping, Popolo, FollowTheMoney) through the import pipeline, with
// progress on stderr and the report on stdout (stderr when rejected). It opens the data directory's
// database itself, or, when a server holds the directory (or with --server URL), sends the files to
// that server's HTTP API with the token of <data>/api-token.
// Exit status: 0 imported (or a clean dry run), 64 usage, 65 invalid input, 69 conflict or unavailable, 70 our fault.
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

import YAML from 'yaml';

import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { cliActor } from '../history/cli-actor';
import { LiaisonError, ValidationError, type FieldIssue } from '../errors';
import { quarantineExtension } from '../import/pipeline/detect';
import { readTokenFile, runningServer } from '../import/pipeline/instance';
import { MATCH_MODES, type MatchMode } from '../import/pipeline/match-rules';
import { renderReportText, reportPaths } from '../import/pipeline/report';
import { runImport, type RunImportOptions } from '../import/pipeline/run';
import { IMPORT_FORMATS, type ImportFormat, type ImportProgress, type ImportReport } from '../import/pipeline/types';
import { withActor } from '../request-context';

const USAGE = `usage: npm run import -- FILE… [options]
  --format auto|${IMPORT_FORMATS.join('|')}   (default auto: from the extension and the first bytes)
  --mapping NAME|PATH        the mapping for CSV files (default: the shipped one whose file patterns match)
  --param NAME=VALUE         a mapping parameter (repeatable), e.g. --param year=2014
  --dry-run                  validate and count what would be created or merged; write nothing
  --skip-invalid             import the valid records; write the rejected ones, unchanged, to FILE.rejected.EXT
  --match off|review|auto    after importing, pair what came in with the stored graph (default off): review lists
                             the candidates for the review queue, auto also merges those LIAISON_AUTO_MERGE allows
  --quarantine FILE          where --skip-invalid puts the rejected records
  --report FILE              write the full report to FILE.json and FILE.txt
  --server URL               send the files to a running Liaison (default: the one holding the data directory, if any)
  --token TOKEN              its write token (default: LIAISON_API_TOKEN, else <data>/api-token)
  --batched                  bundles only: commit batch by batch
  --json                     print the report as JSON
exit status: 0 imported, 64 usage, 65 invalid input, 69 conflict or unavailable, 70 internal error
`;

export const EXIT = { ok: 0, usage: 64, invalid: 65, unavailable: 69, software: 70 } as const;

/** Option errors that are the command line's, not the file's (exit 64). */
const USAGE_CODES = new Set(['unknown_format', 'unknown_mapping', 'mapping_required', 'missing_file', 'unavailable_format']);

export interface CliOptions {
  files: string[];
  format: 'auto' | ImportFormat;
  mapping?: string;
  params: Record<string, string>;
  dryRun: boolean;
  skipInvalid: boolean;
  match: MatchMode;
  quarantine?: string;
  report?: string;
  server?: string;
  token?: string;
  batched: boolean;
  json: boolean;
  help: boolean;
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = {
    files: [],
    format: 'auto',
    params: {},
    dryRun: false,
    skipInvalid: false,
    match: 'off',
    batched: false,
    json: false,
    help: false,
  };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    // --flag=value is the same as --flag value.
    if (eq > 0) {
      argv = [...argv.slice(0, i), a.slice(0, eq), a.slice(eq + 1), ...argv.slice(i + 1)];
      i--;
      continue;
    }
    switch (a) {
      case '--format': {
        const f = value(i++, a);
        if (f !== 'auto' && !(IMPORT_FORMATS as readonly string[]).includes(f))
          throw new UsageError(`--format must be auto or one of ${IMPORT_FORMATS.join(', ')}, not ${f}`);
        o.format = f as CliOptions['format'];
        break;
      }
      case '--mapping':
        o.mapping = value(i++, a);
        break;
      case '--param': {
        const pair = value(i++, a);
        const m = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(pair);
        if (!m) throw new UsageError(`--param takes NAME=VALUE, not ${pair}`);
        o.params[m[1]!] = m[2]!;
        break;
      }
      case '--dry-run':
        o.dryRun = true;
        break;
      case '--skip-invalid':
        o.skipInvalid = true;
        break;
      case '--match': {
        const m = value(i++, a);
        if (!(MATCH_MODES as readonly string[]).includes(m))
          throw new UsageError(`--match must be one of ${MATCH_MODES.join(', ')}, not ${m}`);
        o.match = m as MatchMode;
        break;
      }
      case '--quarantine':
        o.quarantine = value(i++, a);
        break;
      case '--report':
        o.report = value(i++, a);
        break;
      case '--server':
        o.server = value(i++, a);
        break;
      case '--token':
        o.token = value(i++, a);
        break;
      case '--batched':
        o.batched = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        o.files.push(a);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one updating line on a terminal, a line every few seconds (and at the end of
// each step) otherwise, so logs of long imports stay readable.

function human(n: number, unit: ImportProgress['unit']): string {
  if (unit !== 'bytes') return n.toLocaleString('en');
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} B`;
}

function eta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return ` · ETA ${seconds} s`;
  if (seconds < 3600) return ` · ETA ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return ` · ETA ${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export function progressLine(p: ImportProgress): string {
  const pct = p.total > 0 ? `${Math.floor((p.done / p.total) * 100)}%` : '';
  const count = p.total > 0 ? ` (${human(p.done, p.unit)} of ${human(p.total, p.unit)}${p.unit === 'bytes' ? '' : ` ${p.unit}`})` : '';
  const rate = p.ratePerSecond !== null ? ` · ${human(p.ratePerSecond, p.unit)}${p.unit === 'bytes' ? '' : ` ${p.unit}`}/s` : '';
  return `${p.file}: ${p.phase}${p.step ? ` ${p.step}` : ''} ${pct}${count}${rate}${eta(p.etaSeconds)}`;
}

function progressPrinter(stream: NodeJS.WriteStream): { onProgress: (p: ImportProgress) => void; end: () => void } {
  const tty = stream.isTTY === true;
  let last = 0;
  let lastKey = '';
  let doneShown = false;
  let open = false;
  return {
    onProgress: (p) => {
      if (p.phase === 'done') return;
      const line = progressLine(p);
      if (tty) {
        const width = Math.min(stream.columns || 120, 160) - 1;
        stream.write(`\r${line.slice(0, width).padEnd(width)}`);
        open = true;
        return;
      }
      const key = `${p.file}\u0000${p.phase}\u0000${p.step ?? ''}`;
      const stepDone = p.total > 0 && p.done >= p.total;
      if (key !== lastKey) doneShown = false;
      const now = Date.now();
      // A line when a step starts, every 5 s, and once when it completes.
      if (key !== lastKey || now - last >= 5_000 || (stepDone && !doneShown)) {
        stream.write(`${line}\n`);
        last = now;
        if (stepDone) doneShown = true;
      }
      lastKey = key;
    },
    end: () => {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

// ---------------------------------------------------------------------------------------------

export function exitCode(report: ImportReport): number {
  if (report.status === 'imported') return EXIT.ok;
  if (report.status === 'dry-run') return report.reason === 'invalid' ? EXIT.invalid : EXIT.ok;
  if (report.reason === 'conflict' || report.reason === 'aborted') return EXIT.unavailable;
  if (report.reason === 'invalid') return EXIT.invalid;
  return EXIT.software;
}

function printReport(report: ImportReport, o: CliOptions): void {
  // Bundles and CSV zips: the summary line scripts have read since the first version.
  if (report.summary) process.stdout.write(`${report.files[0]?.file ?? ''}: ${JSON.stringify(report.summary)}\n`);
  const ok = exitCode(report) === EXIT.ok;
  const out = ok ? process.stdout : process.stderr;
  out.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : renderReportText(report));
}

function printError(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (error instanceof LiaisonError) {
    process.stderr.write(`${error.message}\n`);
    for (const i of error.issues ?? []) process.stderr.write(`  ${i.path}: ${i.message}\n`);
    if (error instanceof ValidationError) return error.issues.some((i) => USAGE_CODES.has(i.code ?? '')) ? EXIT.usage : EXIT.invalid;
    if (error.status === 409 || error.status === 503) return EXIT.unavailable;
    return error.status < 500 ? EXIT.invalid : EXIT.software;
  }
  throw error;
}

/** Default quarantine file of an input: FILE.rejected.EXT beside it (or beside the report; a workbook's is .csv). */
function localQuarantine(file: string, o: CliOptions): string {
  if (o.quarantine) return path.resolve(o.quarantine);
  const ext = path.extname(file);
  const dir = o.report ? path.dirname(path.resolve(o.report)) : path.dirname(path.resolve(file));
  return path.join(dir, `${path.basename(file, ext)}.rejected${quarantineExtension(file)}`);
}

async function runLocal(o: CliOptions, config: ReturnType<typeof loadConfig>): Promise<number> {
  const db = await openDatabase(config);
  const controller = new AbortController();
  // Ctrl-C: the pipeline stops between batches and the writer undoes what it wrote.
  const onSignal = () => {
    process.stderr.write('\ninterrupted: undoing what the import wrote …\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const printer = progressPrinter(process.stderr);
  try {
    const options: RunImportOptions = {
      format: o.format,
      params: o.params,
      dryRun: o.dryRun,
      skipInvalid: o.skipInvalid,
      allowMappingPaths: true,
      onProgress: printer.onProgress,
      signal: controller.signal,
      batchRecords: config.LIAISON_IMPORT_BATCH_RECORDS,
      match: o.match,
      autoMerge: config.LIAISON_AUTO_MERGE,
      ...(o.mapping ? { mapping: o.mapping } : {}),
      ...(o.report ? { reportFile: o.report } : {}),
      ...(o.quarantine || o.files.length === 1 ? { quarantineFile: localQuarantine(o.files[0]!, o) } : {}),
      ...(o.batched ? { mode: 'batched' as const } : {}),
      description: `npm run import -- ${o.files.map((f) => path.basename(f)).join(' ')}`,
    };
    const report = await runImport(
      db.executor,
      o.files.map((f) => ({ path: path.resolve(f), name: path.basename(f) })),
      options,
    );
    printer.end();
    printReport(report, o);
    return exitCode(report);
  } catch (error) {
    printer.end();
    return printError(error);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Against a running server: upload, job, poll, download.

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.tab': 'text/tab-separated-values',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.ftm': 'application/x-ndjson',
  '.zip': 'application/zip',
};

class HttpProblem extends LiaisonError {
  readonly code = 'http';
  readonly title = 'The server refused';
  constructor(
    readonly status: number,
    message: string,
    issues?: FieldIssue[],
  ) {
    super(message, {}, issues);
  }
}

async function call(
  base: string,
  token: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(new URL(p, base), {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body !== undefined ? { body: body as BodyInit, duplex: 'half' } : {}),
    } as RequestInit);
  } catch (error) {
    throw new HttpProblem(503, `Cannot reach the Liaison server at ${base}: ${(error as Error).message}`);
  }
  if (res.ok) return res;
  let detail = `${res.status} ${res.statusText}`;
  let issues: FieldIssue[] | undefined;
  try {
    const problem = (await res.json()) as { detail?: string; errors?: FieldIssue[] };
    if (problem.detail) detail = problem.detail;
    issues = problem.errors;
  } catch {
    // not problem+json
  }
  const status = res.status === 401 || res.status === 403 ? 400 : res.status;
  throw Object.assign(new HttpProblem(status, `${base}: ${detail}`, issues), { httpStatus: res.status });
}

/** A mapping file as the object it holds (validated by the server), named after the file when it names itself not. */
function readMappingFile(file: string): object {
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new ValidationError(`The mapping ${file} cannot be read`, [{ path: file, message: (error as Error).message, code: 'syntax' }]);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ValidationError(`The mapping ${file} is not a mapping object`, [
      { path: file, message: 'expected an object', code: 'invalid_type' },
    ]);
  const name = path
    .basename(file)
    .replace(/\.(ya?ml|json)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return 'name' in value || !name ? value : { ...value, name };
}

async function runRemote(o: CliOptions, base: string, token: string): Promise<number> {
  const printer = progressPrinter(process.stderr);
  try {
    const ids: string[] = [];
    for (const file of o.files) {
      if (!existsSync(file))
        throw new ValidationError(`No such file: ${file}`, [{ path: file, message: 'not found', code: 'missing_file' }]);
      const size = statSync(file).size;
      const name = path.basename(file);
      let sent = 0;
      const started = Date.now();
      const stream = createReadStream(file);
      stream.on('data', (chunk) => {
        sent += chunk.length;
        const s = (Date.now() - started) / 1000;
        const rate = s > 0.2 ? sent / s : null;
        printer.onProgress({
          phase: 'reading',
          step: 'upload',
          file: name,
          done: sent,
          total: size,
          unit: 'bytes',
          ratePerSecond: rate && Math.round(rate),
          etaSeconds: rate ? Math.round((size - sent) / rate) : null,
        });
      });
      const res = await call(base, token, 'POST', '/api/import/uploads', Readable.toWeb(stream), {
        'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'x-liaison-filename': encodeURIComponent(name),
      });
      ids.push(((await res.json()) as { upload: { id: string } }).upload.id);
    }
    // A mapping file is read here and sent as an object: the server reads shipped mappings only.
    let mapping: string | object | undefined = o.mapping;
    if (o.mapping && (/[/\\]/.test(o.mapping) || /\.(ya?ml|json)$/i.test(o.mapping)) && existsSync(o.mapping))
      mapping = readMappingFile(o.mapping);
    const body = {
      upload: ids,
      format: o.format,
      ...(mapping !== undefined ? { mapping } : {}),
      params: o.params,
      dryRun: o.dryRun,
      skipInvalid: o.skipInvalid,
      // The server applies its own operator's LIAISON_AUTO_MERGE.
      ...(o.match !== 'off' ? { match: o.match } : {}),
      ...(o.batched ? { mode: 'batched' } : {}),
    };
    const submitted = await call(base, token, 'POST', '/api/import/jobs', JSON.stringify(body), { 'content-type': 'application/json' });
    const { job } = (await submitted.json()) as { job: { id: string } };
    let view: {
      status: string;
      report?: ImportReport;
      error?: string;
      errorStatus?: number;
      issues?: FieldIssue[];
    } & Partial<ImportProgress>;
    for (;;) {
      view = (await (await call(base, token, 'GET', `/api/import/jobs/${job.id}`)).json()) as typeof view;
      if (view.phase && view.file) printer.onProgress(view as ImportProgress);
      if (view.status === 'done' || view.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    printer.end();
    // A job that failed on its input keeps its error's status and issues, printed as a local run prints them.
    if (!view.report)
      throw new HttpProblem(view.errorStatus ?? 500, view.error ?? `The import job ${job.id} failed and left no report.`, view.issues);
    let report = view.report;
    if (o.report) {
      const local = reportPaths(path.resolve(o.report));
      writeFileSync(
        local.json,
        Buffer.from(await (await call(base, token, 'GET', `/api/import/jobs/${job.id}/report.json`)).arrayBuffer()),
      );
      writeFileSync(local.text, Buffer.from(await (await call(base, token, 'GET', `/api/import/jobs/${job.id}/report.txt`)).arrayBuffer()));
      report = { ...report, reportFile: local };
    }
    if (report.quarantineFile) {
      const local = localQuarantine(o.files[0]!, o);
      writeFileSync(local, Buffer.from(await (await call(base, token, 'GET', `/api/import/jobs/${job.id}/quarantine`)).arrayBuffer()));
      report = {
        ...report,
        quarantineFile: local,
        files: report.files.map((f, i) => (i === 0 && f.quarantineFile ? { ...f, quarantineFile: local } : f)),
      };
    }
    printReport(report, o);
    return exitCode(report);
  } catch (error) {
    printer.end();
    if (error instanceof HttpProblem) {
      process.stderr.write(`${error.message}\n`);
      for (const i of error.issues ?? []) process.stderr.write(`  ${i.path}: ${i.message}\n`);
      const http = (error as HttpProblem & { httpStatus?: number }).httpStatus ?? error.status;
      if (http === 401 || http === 403) return EXIT.usage;
      if (http === 400) return (error.issues ?? []).some((i) => USAGE_CODES.has(i.code ?? '')) ? EXIT.usage : EXIT.invalid;
      if (http === 409 || http >= 500) return http >= 500 && http !== 503 ? EXIT.software : EXIT.unavailable;
      return EXIT.invalid;
    }
    return printError(error);
  }
}

export async function main(argv: string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseArgs(argv);
  } catch (error) {
    return printError(error);
  }
  if (o.help || o.files.length === 0) {
    process.stderr.write(USAGE);
    return o.help ? EXIT.ok : EXIT.usage;
  }
  const config = loadConfig();
  const server = o.server ?? config.LIAISON_SERVER_URL ?? (config.NEO4J_URI ? undefined : runningServer(config.LIAISON_DATA_DIR)?.url);
  if (server) {
    const token = o.token ?? config.LIAISON_API_TOKEN ?? readTokenFile(config.LIAISON_DATA_DIR);
    if (!token) {
      process.stderr.write(
        `The server at ${server} needs its write token: pass --token, set LIAISON_API_TOKEN, or run where ${path.join(config.LIAISON_DATA_DIR, 'api-token')} is readable.\n`,
      );
      return EXIT.usage;
    }
    if (!o.server) process.stderr.write(`A Liaison server holds ${config.LIAISON_DATA_DIR}: sending the files to ${server}\n`);
    return runRemote(o, server, token);
  }
  return withActor(cliActor(), () => runLocal(o, config)); // history names the CLI's imports 'cli:<user>'
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // The message only: a stack trace says nothing to the user (LOG_LEVEL=debug shows it).
      const debug = process.env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack;
      process.stderr.write(`import failed: ${debug || (error instanceof Error ? error.message : String(error))}\n`);
      process.exit(EXIT.software);
    },
  );
