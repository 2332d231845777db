// The import API, every route behind the write token (and the failed-token limiter): uploads
// streamed to a temporary file, a preview of the first records as entities and relationships,
// import jobs (one at a time, in memory: a restart forgets them) with progress, report and
// quarantine downloads, the shipped mappings, and the one-shot POST /api/import for scripts — JSON
// bundles and CSV zips answered as they always were, other files through the same pipeline.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';

import { parse as parseCsv } from 'csv-parse/sync';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject, ZodOpenApiResponseObject } from 'zod-openapi';

import type { Config } from '../config';
import type { Executor } from '../db/executor';
import {
  ConflictError,
  InternalError,
  LiaisonError,
  NotFoundError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
  jsonPath,
  type FieldIssue,
} from '../errors';
import { importBundle, parseBundle } from '../import/bundle';
import { csvZipToBundle, importCsvZip } from '../import/csv';
import { detectFormat, formatList } from '../import/pipeline/detect';
import { MATCH_MODES } from '../import/pipeline/match-rules';
import { JobQueue, type JobRequest, type JobView } from '../import/pipeline/jobs';
import { resolveMapping } from '../import/pipeline/mapping';
import { createReader, tabularModule } from '../import/pipeline/modules';
import { lookupStoredFacts } from '../import/pipeline/run';
import { IMPORT_FORMATS, type ImportFormat, type ImportReport, type RecordProblem } from '../import/pipeline/types';
import { UploadStore, cleanFileName } from '../import/pipeline/uploads';
import { MAPPINGS_DIR } from '../import/tabular';
import { checkReferences, idsToLookUp, relKey, validateFacts } from '../import/pipeline/validate';
import { bundleInput } from '../schema/validators';
import { log } from '../log';
import { JSON_TYPES, jsonBody } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import { jsonValue } from './openapi/shapes';

export const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];
/** XLSX workbooks (Excel 2007 and later), read like CSV files through a mapping. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** OpenDocument spreadsheets (LibreOffice; UK government releases), read the same way. */
export const ODS_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';
/** Files read record by record: spreadsheets and JSON lines (browsers send CSV as vnd.ms-excel on Windows). */
export const RECORD_TYPES = [
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
  'application/vnd.ms-excel',
  XLSX_TYPE,
  ODS_TYPE,
  'application/x-ndjson',
  'application/jsonl',
  'application/octet-stream',
];
export const UPLOAD_TYPES = [...JSON_TYPES, ...ZIP_TYPES, ...RECORD_TYPES];

export type ImportRouteConfig = Pick<Config, 'LIAISON_DATA_DIR' | 'LIAISON_IMPORT_MAX_BYTES'> &
  Partial<
    Pick<Config, 'LIAISON_IMPORT_UPLOAD_MAX_BYTES' | 'LIAISON_IMPORT_UPLOAD_TTL_MS' | 'LIAISON_IMPORT_BATCH_RECORDS' | 'LIAISON_AUTO_MERGE'>
  >;

const PREVIEW_MAX = 200;
/** Entries a preview reads at most: FtM's scan of the whole file would otherwise come before its first row. */
const PREVIEW_ENTRIES = 5_000;

function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body'): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    where === 'query' ? 'Some query parameters are invalid.' : 'The request body is invalid.',
    result.error.issues.map((i) => ({
      path: jsonPath(where === 'query' ? ['query', ...i.path] : i.path),
      message: i.message,
      code: i.code,
    })),
  );
}

/** 415 for a body in none of `types`; a body without any Content-Type passes (a browser's File of an unknown type). */
function acceptTypes(types: string[], what: string): RequestHandler {
  return (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.headers['content-type'] === undefined || req.is(types)) return next();
    next(
      new UnsupportedMediaTypeError(`${what} must be sent as one of ${types.join(', ')}; not ${req.headers['content-type']}.`, {
        rule: 'content-type',
        accepted: types,
      }),
    );
  };
}

const formatOption = z.enum(['auto', ...IMPORT_FORMATS], { error: `must be auto or one of ${formatList()}` });
const mappingOption = z.union([z.string().min(1).max(200), z.record(z.string(), z.unknown())], {
  error: 'must be the name of a shipped mapping or a mapping object',
});
const paramsOption = z.record(
  z.string().regex(/^[A-Za-z_][\w.-]{0,63}$/, 'parameter names are letters, digits, _ . -'),
  z.string().max(1_000),
);

const matchOption = z.enum(MATCH_MODES, { error: `must be one of ${MATCH_MODES.join(', ')}` });

const jobBody = z.strictObject({
  upload: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)]),
  format: formatOption.optional(),
  mapping: mappingOption.optional(),
  params: paramsOption.default({}),
  dryRun: z.boolean().default(false),
  skipInvalid: z.boolean().default(false),
  mode: z.enum(['auto', 'atomic', 'batched']).optional(),
  match: matchOption.optional(),
});

const previewBody = z.strictObject({
  upload: z.string().min(1),
  format: formatOption.optional(),
  mapping: mappingOption.optional(),
  params: paramsOption.default({}),
  limit: z.number().int().min(1).max(PREVIEW_MAX).default(20),
});

/** ?param=NAME=VALUE (repeatable) → {NAME: VALUE}. */
const paramList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const out: Record<string, string> = {};
    for (const pair of v === undefined ? [] : Array.isArray(v) ? v : [v]) {
      const m = /^([A-Za-z_][\w.-]{0,63})=(.*)$/s.exec(pair);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not NAME=VALUE` });
        continue;
      }
      out[m[1]!] = m[2]!;
    }
    return out;
  });

const oneShotQuery = z.object({
  mode: z.enum(['atomic', 'batched', 'auto']).default('auto'),
  format: formatOption.optional(),
  mapping: z.string().min(1).max(200).optional(),
  param: paramList,
  dryRun: z.stringbool().default(false),
  match: matchOption.optional(),
  skipInvalid: z.stringbool().default(false),
  filename: z.string().max(300).optional(),
});

const uploadQuery = z.object({ filename: z.string().max(300).optional() });

function fileNameOf(req: Request, fallback: string, queryName?: string): string {
  let header = req.get('x-liaison-filename');
  if (header)
    try {
      header = decodeURIComponent(header);
    } catch {
      // kept as sent
    }
  return cleanFileName(header ?? queryName, fallback);
}

function fallbackName(req: Request): string {
  if (req.is(ZIP_TYPES)) return 'upload.zip';
  if (req.is(JSON_TYPES)) return 'upload.json';
  if (req.is(['application/x-ndjson', 'application/jsonl'])) return 'upload.jsonl';
  if (req.is(['text/tab-separated-values'])) return 'upload.tsv';
  if (req.is([XLSX_TYPE])) return 'upload.xlsx';
  if (req.is([ODS_TYPE])) return 'upload.ods';
  return 'upload.csv';
}

/** A report's problems as problem+json issues: file:line:field, message, rule (the first examples of each group). */
function reportIssues(report: ImportReport): FieldIssue[] {
  return report.problems.flatMap((g) =>
    g.examples
      .filter(() => g.severity === 'error')
      .map((e) => ({
        path: `${e.file}${e.line !== undefined ? `:${e.line}` : e.row !== undefined ? `:row ${e.row}` : ''}${e.field ? `:${e.field}` : ''}`,
        message: e.value !== undefined ? `${e.message} (value ${JSON.stringify(e.value)})` : e.message,
        code: g.rule,
      })),
  );
}

/** The one-shot route's answer for a report: 200 for imported or dry-run, else the matching problem. */
function answerReport(res: Response, report: ImportReport): void {
  if (report.status === 'imported' || report.status === 'dry-run') {
    res.json({ status: report.status, report, ...(report.summary ? { summary: report.summary } : {}) });
    return;
  }
  const extra = { report };
  if (report.reason === 'conflict') throw new ConflictError(report.message, extra, reportIssues(report));
  if (report.reason === 'invalid') throw new ValidationError(report.message, reportIssues(report), extra);
  if (report.reason === 'aborted') throw new UnavailableError(report.message, extra);
  throw new InternalError(report.message, extra);
}

export interface ImportRouter {
  router: express.Router;
  jobs: JobQueue;
  uploads: UploadStore;
}

export function importRouter(deps: { executor: Executor; config: ImportRouteConfig; guards: RequestHandler[] }): ImportRouter {
  const { executor, config } = deps;
  const uploads = new UploadStore(
    config.LIAISON_DATA_DIR,
    config.LIAISON_IMPORT_UPLOAD_MAX_BYTES ?? 2 * 1024 ** 3,
    config.LIAISON_IMPORT_UPLOAD_TTL_MS ?? 3_600_000,
  );
  const jobs = new JobQueue(executor, uploads, {
    batchRecords: config.LIAISON_IMPORT_BATCH_RECORDS ?? 1_000,
    ...(config.LIAISON_AUTO_MERGE ? { autoMerge: config.LIAISON_AUTO_MERGE } : {}),
  });
  const router = express.Router();
  const small = jsonBody({ limit: '1mb' });
  // Every import route, known or not, needs the token; failed attempts count before it is looked at.
  router.use('/import', ...deps.guards);

  /** The formats and mappings of a job or preview, checked before it is queued: a bad option is a 400 now. */
  const checkOptions = async (ids: string[], format: 'auto' | ImportFormat | undefined, mapping: string | object | undefined) => {
    for (const id of ids) {
      const upload = uploads.get(id);
      const f = format && format !== 'auto' ? format : upload.format;
      // An .xls or an encrypted workbook: no format would read it, so the answer is why.
      if (!f && upload.problem)
        throw new ValidationError(upload.problem, [{ path: '$.upload', message: upload.problem, code: 'unreadable_workbook' }]);
      if (!f)
        throw new ValidationError(`Cannot tell the format of ${upload.name}; name it.`, [
          {
            path: '$.format',
            message: `the format of "${upload.name}" could not be detected; choose one of ${formatList()}`,
            code: 'unknown_format',
          },
        ]);
      if (f === 'csv') await resolveMapping(mapping, upload.name, { allowPaths: false, field: '$.mapping' });
    }
  };

  router.post('/import/uploads', acceptTypes(UPLOAD_TYPES, 'An upload'), async (req, res) => {
    const q = parse(uploadQuery, req.query, 'query');
    const upload = await uploads.receive(req, {
      name: fileNameOf(req, fallbackName(req), q.filename),
      ...(req.headers['content-encoding'] ? { contentEncoding: req.headers['content-encoding'] } : {}),
    });
    log.info('import upload received', { upload: upload.id, name: upload.name, size: upload.size, format: upload.format });
    res.status(201).json({ upload });
  });

  router.post('/import/preview', small, async (req, res) => {
    const body = parse(previewBody, req.body, 'body');
    await checkOptions([body.upload], body.format, body.mapping);
    const upload = uploads.get(body.upload);
    const format = body.format && body.format !== 'auto' ? body.format : (upload.format ?? (await detectFormat(upload.path, upload.name)));
    res.json(await preview(executor, { ...upload, format }, body.mapping, body.params, body.limit));
  });

  router.post('/import/jobs', small, async (req, res) => {
    const body = parse(jobBody, req.body, 'body');
    const ids = Array.isArray(body.upload) ? body.upload : [body.upload];
    await checkOptions(ids, body.format, body.mapping);
    const request: JobRequest = {
      uploads: ids,
      ...(body.format ? { format: body.format } : {}),
      ...(body.mapping !== undefined ? { mapping: body.mapping } : {}),
      params: body.params,
      dryRun: body.dryRun,
      skipInvalid: body.skipInvalid,
      ...(body.mode ? { mode: body.mode } : {}),
      ...(body.match ? { match: body.match } : {}),
    };
    const job = jobs.submit(request);
    res.status(202).location(`/api/import/jobs/${job.id}`).json({ job });
  });

  router.get('/import/jobs', (_req, res) => {
    res.json({ jobs: jobs.list() });
  });
  router.get('/import/jobs/:id', (req, res) => {
    res.json(jobs.view(req.params.id as string));
  });
  router.delete('/import/jobs/:id', (req, res) => {
    res.json(jobs.cancel(req.params.id as string));
  });
  const download =
    (kind: 'report.json' | 'report.txt' | 'quarantine'): RequestHandler =>
    (req, res, next) => {
      const file = jobs.file(req.params.id as string, kind);
      const ext = path.extname(file.name).toLowerCase();
      const type =
        kind === 'report.json'
          ? 'application/json'
          : kind === 'report.txt'
            ? 'text/plain; charset=utf-8'
            : ext === '.csv'
              ? 'text/csv; charset=utf-8'
              : ext === '.tsv'
                ? 'text/tab-separated-values; charset=utf-8'
                : ext === '.jsonl' || ext === '.ndjson'
                  ? 'application/x-ndjson'
                  : 'application/octet-stream';
      res.type(type).attachment(file.name);
      res.sendFile(file.path, { dotfiles: 'allow' }, (error) => {
        if (error) next(new NotFoundError(`The ${kind} file of this job is gone (job files are kept for an hour).`));
      });
    };
  router.get('/import/jobs/:id/report.txt', download('report.txt'));
  router.get('/import/jobs/:id/report.json', download('report.json'));
  router.get('/import/jobs/:id/quarantine', download('quarantine'));

  router.get('/import/mappings', async (_req, res) => {
    const list = await tabularModule().listMappings();
    res.json(
      list.map((m) => ({
        name: m.name,
        title: m.title,
        description: m.description,
        format: m.format,
        files: m.files ?? [],
        params: m.params ?? {},
      })),
    );
  });
  router.get('/import/mappings/:name', async (req, res) => {
    const name = req.params.name as string;
    const tabular = tabularModule();
    const list = await tabular.listMappings();
    if (!list.some((m) => m.name === name))
      throw new NotFoundError(
        `There is no shipped mapping "${name}"; the shipped ones are: ${list.map((m) => m.name).join(', ') || 'none'}.`,
      );
    // The Import page's editor asks for YAML, to show the shipped file with its comments.
    const file = ['.yaml', '.yml'].map((ext) => path.join(MAPPINGS_DIR, `${name}${ext}`)).find((f) => existsSync(f));
    if (file && req.accepts(['application/json', 'application/yaml']) === 'application/yaml') {
      res.type('application/yaml').send(readFileSync(file, 'utf8'));
      return;
    }
    res.json(await tabular.loadMapping(name));
  });

  // The one-shot import for scripts: JSON bundles and CSV zips exactly as before; with the new
  // options, or for other files, through an import job whose report is the answer.
  const bundleJson = jsonBody({ limit: config.LIAISON_IMPORT_MAX_BYTES });
  // Its limit, like the JSON one, counts bytes after any Content-Encoding is undone.
  const zipRaw = express.raw({ limit: config.LIAISON_IMPORT_MAX_BYTES, type: ZIP_TYPES });
  router.post(
    '/import',
    acceptTypes([...JSON_TYPES, ...ZIP_TYPES, ...RECORD_TYPES], 'An import'),
    (req, _res, next) => {
      // A spreadsheet says nothing of how to read it: without a mapping or a file name to choose one by, it is refused as before.
      const q = req.query as Record<string, unknown>;
      if (
        req.headers['content-type'] !== undefined &&
        req.is(RECORD_TYPES) &&
        !q.mapping &&
        !q.filename &&
        !q.format &&
        !req.get('x-liaison-filename')
      )
        return next(
          new UnsupportedMediaTypeError(
            `An import must be sent as ${[...JSON_TYPES, ...ZIP_TYPES].join(' or ')}; a spreadsheet or JSON-lines file (${RECORD_TYPES.join(', ')}) also with ?mapping=NAME, ?format= or ?filename= to say how to read it.`,
            { rule: 'content-type', accepted: [...JSON_TYPES, ...ZIP_TYPES, ...RECORD_TYPES] },
          ),
        );
      next();
    },
    (req, res, next) => (req.is(JSON_TYPES) ? bundleJson(req, res, next) : req.is(ZIP_TYPES) ? zipRaw(req, res, next) : next()),
    async (req, res) => {
      const q = parse(oneShotQuery, req.query, 'query');
      const pipelineWanted =
        q.dryRun ||
        q.skipInvalid ||
        q.mapping !== undefined ||
        (q.format !== undefined && q.format !== 'auto') ||
        (q.match !== undefined && q.match !== 'off');
      const name = fileNameOf(req, fallbackName(req), q.filename);
      const mode = q.mode;
      let uploadId: string;
      if (Buffer.isBuffer(req.body)) {
        if (!pipelineWanted) {
          const summary = await importCsvZip(executor, req.body, { mode });
          log.info('import over HTTP', { ...summary });
          res.json({ status: 'imported', summary });
          return;
        }
        uploadId = (await uploads.receive(bufferStream(req.body), { name })).id;
      } else if (req.is(JSON_TYPES) || req.body !== undefined) {
        const body = req.body as unknown;
        const popolo = q.format === 'popolo' || (q.format === undefined && isPopolo(body));
        if (!pipelineWanted && !popolo) {
          const summary = await importBundle(executor, body, { mode });
          log.info('import over HTTP', { ...summary });
          res.json({ status: 'imported', summary });
          return;
        }
        uploadId = (await uploads.receive(bufferStream(Buffer.from(JSON.stringify(body ?? {}))), { name })).id;
      } else {
        uploadId = (
          await uploads.receive(req, {
            name,
            ...(req.headers['content-encoding'] ? { contentEncoding: req.headers['content-encoding'] } : {}),
          })
        ).id;
      }
      try {
        await checkOptions([uploadId], q.format, q.mapping === undefined ? undefined : q.mapping).catch((error: unknown) => {
          // The one-shot route names its options as query parameters.
          if (error instanceof ValidationError)
            throw new ValidationError(
              error.message,
              error.issues.map((i) => ({ ...i, path: i.path.replace(/^\$\./, '$.query.') })),
              error.extra,
            );
          throw error;
        });
        const job = jobs.submit({
          uploads: [uploadId],
          ...(q.format ? { format: q.format } : {}),
          ...(q.mapping !== undefined ? { mapping: q.mapping } : {}),
          params: q.param,
          dryRun: q.dryRun,
          skipInvalid: q.skipInvalid,
          mode: q.mode === 'batched' ? 'batched' : 'auto',
          ...(q.match ? { match: q.match } : {}),
        });
        const done: JobView = await jobs.wait(job.id);
        const failure = jobs.failure(job.id);
        if (failure) throw failure;
        if (!done.report) throw new InternalError(done.error ?? 'The import ended without a report.');
        answerReport(res, done.report);
      } finally {
        uploads.remove(uploadId);
      }
    },
  );
  return { router, jobs, uploads };
}

function isPopolo(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return !('nodes' in b) && !('relationships' in b) && ['persons', 'organizations', 'memberships'].some((k) => Array.isArray(b[k]));
}

function bufferStream(buf: Buffer): Readable {
  return Readable.from([buf]);
}

// ---------------------------------------------------------------------------------------------
// Preview: the first records of an upload through its reader, as the import would see them.

interface PreviewRow {
  record: Record<string, unknown>;
  nodes: unknown[];
  relationships: unknown[];
  problems: RecordProblem[];
  skipped?: string;
}

async function preview(
  executor: Executor,
  upload: { path: string; name: string; format: ImportFormat },
  mappingOption: string | object | undefined,
  params: Record<string, string>,
  limit: number,
): Promise<{ format: ImportFormat; mapping?: string; rows: PreviewRow[]; columns?: string[]; unmapped?: Record<string, number> }> {
  if (upload.format === 'bundle' || upload.format === 'csv-zip') {
    let raw: unknown;
    try {
      raw =
        upload.format === 'csv-zip'
          ? (await csvZipToBundle(readFileSync(upload.path))).bundle
          : JSON.parse(readFileSync(upload.path, 'utf8'));
    } catch (error) {
      if (error instanceof LiaisonError) throw error;
      throw new ValidationError(`${upload.name} is not readable as ${upload.format}.`, [
        { path: '$.upload', message: (error as Error).message, code: 'unreadable' },
      ]);
    }
    const doc = (raw ?? {}) as { nodes?: unknown[]; relationships?: unknown[] };
    const rows: PreviewRow[] = [];
    const facts = [
      ...(doc.nodes ?? []).map((f, i) => ['nodes', i, f] as const),
      ...(doc.relationships ?? []).map((f, i) => ['relationships', i, f] as const),
    ];
    for (const [list, i, fact] of facts.slice(0, limit)) {
      const f = fact as { id: string; type: string; properties: Record<string, unknown> };
      const unit = list === 'nodes' ? { nodes: [f], relationships: [] } : { nodes: [], relationships: [f as never] };
      const v = validateFacts(unit as never);
      rows.push({
        record: { file: upload.name, pointer: `/${list}/${i}` },
        nodes: unit.nodes,
        relationships: unit.relationships,
        problems: v.problems,
      });
    }
    if (upload.format === 'bundle')
      try {
        parseBundle(raw);
      } catch {
        // the per-fact problems above say what is wrong
      }
    return { format: upload.format, rows };
  }
  const mapping =
    upload.format === 'csv' ? await resolveMapping(mappingOption, upload.name, { allowPaths: false, field: '$.mapping' }) : undefined;
  const reader = await createReader(
    upload.format,
    { path: upload.path, name: upload.name, params, previewEntries: PREVIEW_ENTRIES },
    mapping?.mapping,
  );
  const sources = await reader.sources();
  const seen = new Map<string, string>(sources.map((s) => [s.id, s.type]));
  const units = [];
  for await (const unit of reader.records()) {
    units.push(unit);
    if (units.length >= limit) break;
  }
  const checked = units.map((unit) => ({ unit, v: validateFacts(unit) }));
  const ids = checked.flatMap((c) => idsToLookUp(c.v, seen));
  const stored = await lookupStoredFacts(executor, ids);
  const rows: PreviewRow[] = checked.map(({ unit, v }) => {
    const problems = [
      ...unit.problems,
      ...v.problems,
      ...(unit.skipped === undefined ? checkReferences(v, seen, stored, new Set(seen.keys())) : []),
    ];
    if (!problems.some((p) => (p.severity ?? 'error') === 'error')) {
      for (const n of v.nodes) seen.set(n.id, n.type);
      for (const r of v.relationships) seen.set(r.id, relKey(r.type));
    }
    const { raw, ...record } = unit.record;
    return {
      record: { ...record, raw: (raw ?? unit.raw).slice(0, 2_000) },
      nodes: unit.nodes,
      relationships: unit.relationships,
      problems,
      ...(unit.skipped !== undefined ? { skipped: unit.skipped } : {}),
    };
  });
  const header = reader.quarantineHeader?.();
  const columns = header ? splitHeader(header) : undefined;
  return {
    format: upload.format,
    ...(mapping ? { mapping: mapping.label } : {}),
    rows,
    ...(columns ? { columns } : {}),
    unmapped: { ...reader.unmapped() },
  };
}

/** A CSV header line's column names (comma, semicolon or tab separated; quotes removed). */
function splitHeader(header: string): string[] {
  const line = header.replace(/\r?\n$/, '');
  const sep = line.includes('\t') ? '\t' : line.split(';').length > line.split(',').length ? ';' : ',';
  try {
    return ((parseCsv(line, { delimiter: sep, relax_quotes: true }) as string[][])[0] ?? []).map((c) => c.trim());
  } catch {
    return line.split(sep);
  }
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI description of these routes (api/openapi-routes.ts assembles it).

const binary = z.string().meta({ format: 'binary' });
const fileBody = (types: string[], description: string) => ({
  required: true,
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: t.endsWith('json') && t !== 'application/*+json' ? z.unknown() : binary }])),
});

const uploadView = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    size: z.number().int(),
    format: z.enum(IMPORT_FORMATS).nullable().meta({ description: 'Detected from the name and the first bytes; null when nothing fits.' }),
    encoding: z.string().optional(),
    problem: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Upload' });

const summary = z.looseObject({ nodes: z.number().int(), relationships: z.number().int(), citations: z.number().int() }).meta({
  id: 'ImportSummary',
  description: 'What a bundle or CSV zip held and what the import created (importBundle).',
});

const report = z
  .looseObject({
    status: z.enum(['imported', 'dry-run', 'rejected', 'failed']),
    reason: z.enum(['invalid', 'conflict', 'aborted', 'error']).optional(),
    message: z.string(),
    dryRun: z.boolean(),
    skipInvalid: z.boolean(),
    files: z.array(z.looseObject({})),
    counts: z.looseObject({}),
    problems: z.array(z.looseObject({ rule: z.string(), severity: z.string() })),
    unmapped: z.record(z.string(), z.number()),
    importId: z.string().optional(),
    summary: summary.optional(),
    matching: z.looseObject({}).optional(),
    durationMs: z.number(),
  })
  .meta({ id: 'ImportReport' });

const jobView = z
  .looseObject({
    id: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    phase: z.string().nullable(),
    file: z.string().nullable(),
    done: z.number(),
    total: z.number(),
    unit: z.string().nullable(),
    ratePerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    dryRun: z.boolean(),
    report: report.optional(),
    error: z.string().optional(),
    errorStatus: z
      .number()
      .int()
      .optional()
      .describe("a job that failed on its input or options: its error's HTTP status (400, 409, 415…)"),
    issues: z
      .array(z.looseObject({ path: z.string(), message: z.string(), code: z.string().optional() }))
      .optional()
      .describe("that error's field issues: where in the file or the options, and why"),
  })
  .meta({ id: 'ImportJob' });

const previewAnswer = z.looseObject({
  format: z.enum(IMPORT_FORMATS),
  mapping: z.string().optional(),
  rows: z.array(
    z.looseObject({
      record: z.record(z.string(), jsonValue),
      nodes: z.array(z.unknown()),
      relationships: z.array(z.unknown()),
      problems: z.array(z.looseObject({ message: z.string() })),
      skipped: z.string().optional(),
    }),
  ),
  columns: z.array(z.string()).optional(),
  unmapped: z.record(z.string(), z.number()).optional(),
});

const mappingSummary = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  format: z.string().optional(),
  files: z.array(z.unknown()),
  params: z.record(z.string(), z.unknown()),
});

const jobId = idParam('The id of an import job.');
const download = (type: string, what: string): ZodOpenApiResponseObject => ({
  description: `${what} (an attachment; job files are kept for an hour).`,
  content: { [type]: { schema: type === 'application/json' ? report : binary } },
});
const importProblems = [400, 404, 413, 415] as const;

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/import/uploads': {
    post: operation('editor', 'post', {
      operationId: 'uploadImportFile',
      tags: ['Import'],
      summary: 'Upload a file to import (streamed to a temporary file)',
      description: 'The file name comes from X-Liaison-Filename (percent-encoded) or ?filename=; it chooses the format and mapping.',
      requestParams: {
        query: uploadQuery,
        header: z.object({ 'x-liaison-filename': z.string().optional().meta({ description: 'The file name, percent-encoded.' }) }),
      },
      requestBody: fileBody(UPLOAD_TYPES, 'The file as it is: a JSON bundle, Popolo or FtM JSON, a CSV zip, CSV/TSV, XLSX, JSON lines.'),
      problems: [...importProblems],
      responses: { '201': json('The upload.', z.looseObject({ upload: uploadView })) },
    }),
  },
  '/import/preview': {
    post: operation('editor', 'post', {
      operationId: 'previewImport',
      tags: ['Import'],
      summary: 'The first records of an upload as the import would read them',
      requestBody: jsonRequest(previewBody),
      problems: [...importProblems],
      responses: { '200': json('The records with the facts they become and their problems.', previewAnswer) },
    }),
  },
  '/import/jobs': {
    get: operation('editor', 'get', {
      operationId: 'listImportJobs',
      tags: ['Import'],
      summary: 'Import jobs (kept in memory; a restart forgets them)',
      responses: { '200': json('The jobs.', z.looseObject({ jobs: z.array(jobView) })) },
    }),
    post: operation('editor', 'post', {
      operationId: 'startImportJob',
      tags: ['Import'],
      summary: 'Start an import job from one or more uploads',
      requestBody: jsonRequest(jobBody),
      problems: [...importProblems],
      responses: {
        '202': json('The queued job (Location: /api/import/jobs/{id}).', z.looseObject({ job: jobView }), {
          headers: z.object({ location: z.string() }),
        }),
      },
    }),
  },
  '/import/jobs/{id}': {
    get: operation('editor', 'get', {
      operationId: 'getImportJob',
      tags: ['Import'],
      summary: 'An import job with its progress and, when done, its report',
      requestParams: { path: jobId },
      problems: [404],
      responses: { '200': json('The job.', jobView) },
    }),
    delete: operation('editor', 'delete', {
      operationId: 'cancelImportJob',
      tags: ['Import'],
      summary: 'Cancel an import job',
      requestParams: { path: jobId },
      problems: [404, 409],
      responses: { '200': json('The job as cancelled.', jobView) },
    }),
  },
  '/import/jobs/{id}/report.txt': {
    get: operation('editor', 'get', {
      operationId: 'getImportReportText',
      tags: ['Import'],
      summary: "A job's report as text",
      requestParams: { path: jobId },
      problems: [404],
      responses: { '200': download('text/plain', 'The report') },
    }),
  },
  '/import/jobs/{id}/report.json': {
    get: operation('editor', 'get', {
      operationId: 'getImportReportJson',
      tags: ['Import'],
      summary: "A job's report as JSON",
      requestParams: { path: jobId },
      problems: [404],
      responses: { '200': download('application/json', 'The report') },
    }),
  },
  '/import/jobs/{id}/quarantine': {
    get: operation('editor', 'get', {
      operationId: 'getImportQuarantine',
      tags: ['Import'],
      summary: 'The records a job set aside (skipInvalid), in their own format',
      requestParams: { path: jobId },
      problems: [404],
      responses: {
        '200': {
          description: 'The quarantined records (an attachment: CSV, TSV, JSON lines or the original bytes).',
          content: Object.fromEntries(
            ['text/csv', 'text/tab-separated-values', 'application/x-ndjson', 'application/octet-stream'].map((t) => [
              t,
              { schema: binary },
            ]),
          ),
        },
      },
    }),
  },
  '/import/mappings': {
    get: operation('editor', 'get', {
      operationId: 'listImportMappings',
      tags: ['Import'],
      summary: 'The shipped mappings for CSV files',
      responses: { '200': json('The mappings.', z.array(mappingSummary)) },
    }),
  },
  '/import/mappings/{name}': {
    get: operation('editor', 'get', {
      operationId: 'getImportMapping',
      tags: ['Import'],
      summary: 'A shipped mapping (YAML with its comments when asked for application/yaml)',
      requestParams: { path: idParam('The name of a shipped mapping.', 'name') },
      problems: [404],
      responses: {
        '200': {
          description: 'The mapping (docs/mapping.schema.json describes it).',
          content: { 'application/json': { schema: z.looseObject({}) }, 'application/yaml': { schema: z.string() } },
        },
      },
    }),
  },
  '/import': {
    post: operation('editor', 'post', {
      operationId: 'importFile',
      tags: ['Import'],
      summary: 'Import in one request (for scripts): a JSON bundle, a CSV zip, or any readable file',
      description:
        'A JSON bundle or CSV zip without options is imported as it always was; with options, or another file, it goes through an import job whose report is the answer. ' +
        'A spreadsheet or JSON-lines file needs ?mapping=, ?format= or ?filename= to say how to read it. Invalid input is 400 with each problem at its path, a conflict with stored data 409.',
      requestParams: {
        query: oneShotQuery,
        header: z.object({ 'x-liaison-filename': z.string().optional().meta({ description: 'The file name, percent-encoded.' }) }),
      },
      requestBody: {
        required: true,
        description: 'The JSON import bundle, or the file itself.',
        content: {
          'application/json': { schema: bundleInput },
          ...Object.fromEntries([...ZIP_TYPES, ...RECORD_TYPES].map((t) => [t, { schema: binary }])),
        },
      },
      problems: [...importProblems, 409, 503],
      responses: {
        '200': json(
          'Imported (or a dry run): the summary, and for runs through the pipeline the report.',
          z.looseObject({ status: z.enum(['imported', 'dry-run']), summary: summary.optional(), report: report.optional() }),
        ),
      },
    }),
  },
};
