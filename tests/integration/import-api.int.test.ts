// The import API over real HTTP and a real database: upload → preview → dry-run job → import job
// (skip invalid) → poll → report, report.txt and quarantine downloads; the mappings; 401, 415, 413
// and 400 answers with field paths; the one-shot POST /api/import for a shipped CSV.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { graphCounts } from '../../server/src/import/demo';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';
import { MEETINGS_MAPPING, meetingsCsv } from './import-pipeline.fixtures';

const TOKEN = 'import-api-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'liaison-import-api-'));
const SHARED = path.resolve(__dirname, '../../../shared/data/uk-ministers-meetings');

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: tmp }) });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

async function upload(
  file: string,
  name: string,
  type = 'text/csv',
): Promise<{ id: string; name: string; size: number; format: string | null }> {
  const res = await fetch(`${server.url}/api/import/uploads`, {
    method: 'POST',
    headers: { ...auth, 'content-type': type, 'x-liaison-filename': encodeURIComponent(name) },
    body: readFileSync(file),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { upload: { id: string; name: string; size: number; format: string | null } }).upload;
}

const postJson = (p: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${server.url}${p}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function waitForJob(id: string): Promise<Record<string, any>> {
  const seen: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const res = await fetch(`${server.url}/api/import/jobs/${id}`, { headers: auth });
    expect(res.status).toBe(200);
    const job = (await res.json()) as Record<string, any>;
    if (job.phase) seen.push(job.phase as string);
    if (job.status === 'done' || job.status === 'failed') return { ...job, phasesSeen: seen };
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`job ${id} did not finish`);
}

const ROWS = 1_200;
const BAD = 777;

describe('upload → preview → job → report', () => {
  let uploaded: { id: string; name: string; size: number; format: string | null };
  let header: string;
  let badLine: string;

  beforeAll(async () => {
    const made = meetingsCsv(tmp, 'api-register.csv', ROWS, BAD);
    header = made.header;
    badLine = made.badLine!;
    uploaded = await upload(made.file, 'api-register.csv');
  });

  it('stores the upload and detects its format', () => {
    expect(uploaded).toMatchObject({ name: 'api-register.csv', format: 'csv' });
    expect(uploaded.size).toBe(readFileSync(path.join(tmp, 'api-register.csv')).length);
  });

  it('previews the first records as entities and relationships, with the columns', async () => {
    const res = await postJson('/api/import/preview', { upload: uploaded.id, mapping: MEETINGS_MAPPING, limit: 3 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: Array<Record<string, any>>; columns: string[] };
    expect(body.columns).toEqual(['id', 'person', 'date', 'organisation']);
    expect(body.rows).toHaveLength(3);
    const first = body.rows[0]!;
    expect(first.record).toMatchObject({ file: 'api-register.csv', line: 2, recordId: 'r1' });
    expect(first.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(['person-minister-1', 'meeting-r1']));
    expect(first.relationships).toHaveLength(2);
    expect(first.problems).toEqual([]);
  });

  it('runs a dry-run job, then an import job that skips the bad row, with report and quarantine downloads', async () => {
    const dry = await postJson('/api/import/jobs', { upload: uploaded.id, mapping: MEETINGS_MAPPING, dryRun: true });
    expect(dry.status).toBe(202);
    const dryJob = (await dry.json()) as { job: { id: string; status: string } };
    expect(['queued', 'running']).toContain(dryJob.job.status);
    const dryDone = await waitForJob(dryJob.job.id);
    expect(dryDone.status).toBe('done');
    expect(dryDone.report.status).toBe('dry-run');
    expect(dryDone.report.counts).toMatchObject({ records: ROWS, rejected: 1, nodesCreated: 20 + 50 + ROWS - 1 + 1 });
    expect(dryDone.report.problems[0].examples[0]).toMatchObject({ line: BAD + 1, recordId: `r${BAD}`, value: '31-02-2021' });
    expect((await graphCounts(db.executor)).nodes).toBe(0);

    const run = await postJson('/api/import/jobs', { upload: uploaded.id, mapping: MEETINGS_MAPPING, skipInvalid: true });
    expect(run.status).toBe(202);
    const done = await waitForJob(((await run.json()) as { job: { id: string } }).job.id);
    expect(done.status).toBe('done');
    expect(done.phase).toBe('done');
    expect(done.report.status).toBe('imported');
    expect(done.report.counts.rejected).toBe(1);
    // Its files by their routes, never by where they lie on the server.
    expect(done.report.quarantineFile).toBe(`/api/import/jobs/${done.id}/quarantine`);
    expect(done.report.files[0].quarantineFile).toBe(`/api/import/jobs/${done.id}/quarantine`);
    expect(JSON.stringify(done.report)).not.toContain(os.tmpdir());
    expect(done.phasesSeen).toEqual(expect.arrayContaining(['done']));
    const counts = await graphCounts(db.executor);
    expect(counts.nodes).toBe(20 + 50 + ROWS - 1 + 1);

    const text = await fetch(`${server.url}/api/import/jobs/${done.id}/report.txt`, { headers: auth });
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toContain(`api-register.csv:${BAD + 1}`);
    const quarantine = await fetch(`${server.url}/api/import/jobs/${done.id}/quarantine`, { headers: auth });
    expect(quarantine.status).toBe(200);
    expect(quarantine.headers.get('content-disposition')).toMatch(/api-register\.rejected\.csv/);
    expect(await quarantine.text()).toBe(`${header}\n${badLine}\n`);
  });
});

describe('refusals', () => {
  it('every import route needs the token', async () => {
    for (const [method, p] of [
      ['GET', '/api/import/mappings'],
      ['POST', '/api/import/uploads'],
      ['GET', '/api/import/jobs/job-x'],
    ] as const) {
      const res = await fetch(`${server.url}${p}`, {
        method,
        ...(method === 'POST' ? { body: 'a,b\n', headers: { 'content-type': 'text/csv' } } : {}),
      });
      expect([p, res.status]).toEqual([p, 401]);
    }
  });

  it('415 for an upload in a type no reader reads, naming the accepted ones', async () => {
    const res = await fetch(`${server.url}/api/import/uploads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'image/png' },
      body: 'x',
    });
    expect(res.status).toBe(415);
    const body = (await res.json()) as { accepted: string[]; detail: string };
    expect(body.accepted).toEqual(expect.arrayContaining(['text/csv', 'application/json', 'application/zip', 'application/x-ndjson']));
    expect(body.detail).toMatch(/text\/csv/);
  });

  it('413 for an upload over the limit (counted after decompression), and nothing is kept', async () => {
    const small = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: tmp, LIAISON_IMPORT_UPLOAD_MAX_BYTES: 2048 }),
    });
    try {
      const res = await fetch(`${small.url}/api/import/uploads?filename=big.csv`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: 'a,b\n'.repeat(2_000),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { rule: string }).rule).toBe('too-large');
    } finally {
      await small.close();
    }
  });

  it('400 with field paths for bad options: an unknown mapping names the shipped ones', async () => {
    const { file } = meetingsCsv(tmp, 'options.csv', 2);
    const u = await upload(file, 'options.csv');
    const unknown = await postJson('/api/import/jobs', { upload: u.id, mapping: 'no-such-mapping' });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as { errors: Array<{ path: string; message: string; code: string }> };
    expect(body.errors[0]).toMatchObject({ path: '$.mapping', code: 'unknown_mapping' });
    expect(body.errors[0]!.message).toContain('uk-ministers-meetings');

    const none = await postJson('/api/import/jobs', { upload: u.id });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe('mapping_required');

    const bad = await postJson('/api/import/jobs', { upload: u.id, format: 'xls', dryRun: 'yes', extra: 1 });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['$.format', '$.dryRun']));

    const gone = await postJson('/api/import/jobs', { upload: 'upl-nope', mapping: MEETINGS_MAPPING });
    expect(gone.status).toBe(404);
    const noJob = await fetch(`${server.url}/api/import/jobs/job-nope`, { headers: auth });
    expect(noJob.status).toBe(404);
    expect(((await noJob.json()) as { detail: string }).detail).toMatch(/do not survive a restart/);
  });
});

describe('mappings and the one-shot POST /api/import', () => {
  it('lists the shipped mappings and serves one', async () => {
    const list = (await (await fetch(`${server.url}/api/import/mappings`, { headers: auth })).json()) as Array<{
      name: string;
      files: string[];
    }>;
    const uk = list.find((m) => m.name === 'uk-ministers-meetings');
    expect(uk?.files).toEqual(expect.arrayContaining(['pm-meetings*.csv']));
    const one = await fetch(`${server.url}/api/import/mappings/uk-ministers-meetings`, { headers: auth });
    expect(one.status).toBe(200);
    expect(((await one.json()) as { entities: Record<string, unknown> }).entities).toHaveProperty('meeting');
    expect((await fetch(`${server.url}/api/import/mappings/nope`, { headers: auth })).status).toBe(404);
    const yaml = await fetch(`${server.url}/api/import/mappings/uk-ministers-meetings`, {
      headers: { ...auth, accept: 'application/yaml, application/json;q=0.8' },
    });
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(await yaml.text()).toMatch(/^# UK Cabinet Office/);
  });

  it('imports a shared CSV in one request, the mapping chosen by its file name, dry run first', async () => {
    const name = 'pmmeetings-oct-dec2011.csv';
    const body = readFileSync(path.join(SHARED, name));
    const dry = await fetch(`${server.url}/api/import?filename=${name}&dryRun=true`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body,
    });
    expect(dry.status).toBe(200);
    const dryReport = (await dry.json()) as {
      status: string;
      report: { counts: { records: number; nodesCreated: number }; files: Array<{ mapping: string }> };
    };
    expect(dryReport.status).toBe('dry-run');
    expect(dryReport.report.files[0]!.mapping).toBe('uk-ministers-meetings');
    expect(dryReport.report.counts.records).toBeGreaterThan(100);
    const before = await graphCounts(db.executor);
    const res = await fetch(`${server.url}/api/import?filename=${name}&skipInvalid=true`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body,
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { status: string; report: { counts: { nodesCreated: number } } };
    expect(answer.status).toBe('imported');
    expect((await graphCounts(db.executor)).nodes - before.nodes).toBe(answer.report.counts.nodesCreated);
  });

  it('answers an unknown mapping in the query with 400 naming query.mapping', async () => {
    const res = await fetch(`${server.url}/api/import?mapping=nope&filename=x.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: 'a,b\n1,2\n',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe('$.query.mapping');
  });
});
