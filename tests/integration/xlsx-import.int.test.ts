// An XLSX register of meetings (written here with exceljs) through runImport and the import API into
// the real database, with the CSV tests' mapping and the sheet named: counts, one exact meeting at
// its date's precision with its provenance record (file, sheet row, the row as a CSV line), the bad
// row reported as file:row with its value, --skip-invalid quarantining exactly that row as CSV (which
// imports once fixed), re-import changing nothing; over HTTP the workbook's type is accepted and an
// .xls is refused with the reason.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as ExcelJS from 'exceljs';

import { XLSX_TYPE } from '../../server/src/api/import-routes';
import { graphCounts } from '../../server/src/import/demo';
import { runImport } from '../../server/src/import/pipeline/run';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';
import { MEETINGS_MAPPING, ORGS, PEOPLE } from './import-pipeline.fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'liaison-xlsx-import-'));
const ROWS = 600;
const BAD = 417;
/** The sheet's rows above the first record: a title, a blank row, the header. */
const TOP = 3;
const MAPPING = { ...MEETINGS_MAPPING, read: { sheet: 'Meetings', headerLine: 3 } };

interface DumpNode {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
}

const dateOf = (i: number) => new Date(Date.UTC(2010 + (i % 10), i % 12, (i % 28) + 1));

/** A workbook as a register would publish it: a notes sheet first, then the meetings under a title row. */
async function meetingsXlsx(name: string): Promise<{ file: string; header: string; badRaw: string }> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Notes').addRow(['Meetings of ministers with outside organisations; dates as held.']);
  const ws = wb.addWorksheet('Meetings');
  ws.getCell('A1').value = 'Register of meetings';
  ws.getCell('A1').font = { bold: true };
  ws.addRow([]);
  ws.addRow(['id', 'person', 'date', 'organisation']);
  for (let i = 1; i <= ROWS; i++) {
    const row = ws.addRow([`r${i}`, `Minister ${i % PEOPLE}`, i === BAD ? '31-02-2021' : dateOf(i), `Company ${i % ORGS}, Ltd`]);
    // Real date cells, shown as Excel users write them; row 7's only as a month.
    if (i !== BAD) row.getCell(3).numFmt = i === 7 ? 'mmm-yy' : 'dd/mm/yyyy';
  }
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  return {
    file,
    header: 'id,person,date,organisation',
    badRaw: `r${BAD},Minister ${BAD % PEOPLE},31-02-2021,"Company ${BAD % ORGS}, Ltd"`,
  };
}

let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

describe('runImport with an XLSX workbook', () => {
  let made: { file: string; header: string; badRaw: string };
  beforeAll(async () => {
    await db.reset();
    made = await meetingsXlsx('register.xlsx');
  });

  it('atomic: the bad row is reported as file:row with its value, and nothing is written', async () => {
    const report = await runImport(db.executor, [{ path: made.file, name: 'register.xlsx' }], { mapping: MAPPING });
    expect([report.status, report.reason, report.counts.records, report.counts.rejected]).toEqual(['rejected', 'invalid', ROWS, 1]);
    const errors = report.problems.filter((g) => g.severity === 'error');
    expect(errors.map((g) => [g.rule, g.count])).toEqual([['date_format', 1]]);
    expect(errors[0]!.examples[0]).toMatchObject({
      file: 'register.xlsx',
      line: BAD + TOP,
      row: BAD,
      recordId: `r${BAD}`,
      field: 'date',
      value: '31-02-2021',
    });
    expect(await graphCounts(db.executor)).toEqual({ nodes: 0, relationships: 0, citations: 0 });
  });

  it('--skip-invalid imports the rest; the quarantine is a CSV beside it holding exactly the bad row', async () => {
    const reportFile = path.join(tmp, 'xlsx-report');
    const report = await runImport(db.executor, [{ path: made.file, name: 'register.xlsx' }], {
      mapping: MAPPING,
      skipInvalid: true,
      reportFile,
      batchRecords: 250,
    });
    expect(report.status).toBe('imported');
    expect(report.counts).toMatchObject({
      records: ROWS,
      rejected: 1,
      nodesCreated: PEOPLE + ORGS + (ROWS - 1) + 1,
      relationshipsCreated: 2 * (ROWS - 1),
      recordsCreated: ROWS - 1,
    });
    expect(report.quarantineFile).toBe(path.join(tmp, 'register.rejected.csv'));
    expect(readFileSync(report.quarantineFile!, 'utf8')).toBe(`${made.header}\n${made.badRaw}\n`);
    expect(readFileSync(`${reportFile}.txt`, 'utf8')).toContain(`register.xlsx:${BAD + TOP}`);

    const dump = JSON.parse(await dumpGraph(db.executor)) as { nodes: DumpNode[] };
    // An id's claim is dumped under the id it claims: facts only.
    const nodes = new Map(dump.nodes.filter((n) => !n.labels.includes('IdClaim')).map((n) => [n.id, n]));
    expect(nodes.has(`meeting-r${BAD}`)).toBe(false);
    expect([...nodes.values()].filter((n) => n.labels.includes('Meeting'))).toHaveLength(ROWS - 1);

    // One meeting exactly: its date from a real date cell (the mapping declares dd-MM-yyyy for text), at day precision.
    const m = nodes.get('meeting-r5')!;
    expect(m.properties).toMatchObject({ title: 'Minister 5 meets Company 5, Ltd', kind: 'talks', status: 'held', datePrecision: 'day' });
    expect(String(m.properties.date)).toBe('2015-06-06');
    // A cell formatted mmm-yy shows a month: the meeting is dated to the month, not to an invented day.
    const month = nodes.get('meeting-r7')!;
    expect([String(month.properties.date), month.properties.datePrecision]).toEqual(['2017-08-01', 'month']);

    // Its provenance record: the file, the sheet's row number, the row as a CSV line.
    const records = (m.properties.records as string[]).map((id) => nodes.get(id)!.properties);
    expect(records).toEqual([
      expect.objectContaining({
        file: 'register.xlsx',
        line: 5 + TOP,
        row: 5,
        recordId: 'r5',
        source: 'src-test-register',
        raw: 'r5,Minister 5,2015-06-06,"Company 5, Ltd"',
      }),
    ]);

    // The quarantine, fixed by hand, imports as the CSV it is.
    const fixed = path.join(tmp, 'register-fixed.csv');
    writeFileSync(fixed, readFileSync(report.quarantineFile!, 'utf8').replace('31-02-2021', '28-02-2021'));
    const again = await runImport(db.executor, [{ path: fixed, name: 'register-fixed.csv' }], { mapping: MEETINGS_MAPPING });
    expect([again.status, again.counts.records, again.counts.rejected]).toEqual(['imported', 1, 0]);
    const after = JSON.parse(await dumpGraph(db.executor)) as { nodes: DumpNode[] };
    const fixedMeeting = after.nodes.find((n) => n.id === `meeting-r${BAD}` && n.labels.includes('Meeting'))!;
    expect(String(fixedMeeting.properties.date)).toBe('2021-02-28');
  });

  it('re-importing the workbook changes nothing', async () => {
    const before = await graphCounts(db.executor);
    const dump = await dumpGraph(db.executor);
    const second = await runImport(db.executor, [{ path: made.file, name: 'register.xlsx' }], { mapping: MAPPING, skipInvalid: true });
    expect([second.status, second.counts.nodesCreated, second.counts.relationshipsCreated, second.counts.recordsCreated]).toEqual([
      'imported',
      0,
      0,
      0,
    ]);
    expect(await graphCounts(db.executor)).toEqual(before);
    expect(await dumpGraph(db.executor)).toBe(dump);
  });
});

describe('the import API with an XLSX workbook', () => {
  const TOKEN = 'xlsx-import-token-0123456789';
  const auth = { authorization: `Bearer ${TOKEN}` };
  let server: { url: string; close: () => Promise<void> };
  let made: { file: string; header: string; badRaw: string };

  beforeAll(async () => {
    await db.reset();
    made = await meetingsXlsx('api-register.xlsx');
    server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: tmp }) });
  });
  afterAll(async () => {
    await server.close();
  });

  const upload = (body: Buffer<ArrayBuffer>, name: string, type = XLSX_TYPE) =>
    fetch(`${server.url}/api/import/uploads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': type, 'x-liaison-filename': encodeURIComponent(name) },
      body,
    });
  const postJson = (p: string, body: unknown) =>
    fetch(`${server.url}${p}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  async function waitForJob(id: string): Promise<Record<string, any>> {
    for (let i = 0; i < 1200; i++) {
      const job = (await (await fetch(`${server.url}/api/import/jobs/${id}`, { headers: auth })).json()) as Record<string, any>;
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('accepts the upload in its own type (not 415), previews it and imports it with a CSV quarantine', async () => {
    const res = await upload(readFileSync(made.file), 'api-register.xlsx');
    expect(res.status).toBe(201);
    const { upload: up } = (await res.json()) as { upload: Record<string, unknown> };
    expect(up).toMatchObject({ name: 'api-register.xlsx', format: 'csv' });
    expect(up.encoding).toBeUndefined();

    const preview = await postJson('/api/import/preview', { upload: up.id, mapping: MAPPING, limit: 2 });
    expect(preview.status).toBe(200);
    const body = (await preview.json()) as { columns: string[]; rows: Array<Record<string, any>> };
    expect(body.columns).toEqual(['id', 'person', 'date', 'organisation']);
    expect(body.rows[0]!.record).toMatchObject({ file: 'api-register.xlsx', line: 1 + TOP, recordId: 'r1' });
    expect(body.rows[0]!.problems).toEqual([]);

    const run = await postJson('/api/import/jobs', { upload: up.id, mapping: MAPPING, skipInvalid: true });
    expect(run.status).toBe(202);
    const done = await waitForJob(((await run.json()) as { job: { id: string } }).job.id);
    expect([done.status, done.report.status, done.report.counts.rejected]).toEqual(['done', 'imported', 1]);
    const quarantine = await fetch(`${server.url}/api/import/jobs/${done.id}/quarantine`, { headers: auth });
    expect(quarantine.status).toBe(200);
    expect(quarantine.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(quarantine.headers.get('content-disposition')).toMatch(/api-register\.rejected\.csv/);
    expect(await quarantine.text()).toBe(`${made.header}\n${made.badRaw}\n`);
  });

  it('415 for other types names the workbook type among the accepted ones', async () => {
    const res = await upload(Buffer.from('x'), 'x.png', 'image/png');
    expect(res.status).toBe(415);
    const body = (await res.json()) as { accepted: string[]; detail: string };
    expect(body.accepted).toContain(XLSX_TYPE);
    expect(body.detail).toContain(XLSX_TYPE);
  });

  it('an .xls is uploaded but refused with the reason when imported: a 400, not a 500', async () => {
    const xls = Buffer.alloc(1536);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(xls);
    xls.writeUInt16LE(9, 0x1e);
    Buffer.from('Workbook', 'utf16le').copy(xls, 512);
    const res = await upload(xls, 'old.xls', 'application/vnd.ms-excel');
    expect(res.status).toBe(201);
    const { upload: up } = (await res.json()) as { upload: Record<string, unknown> };
    expect(up.format).toBeNull();
    expect(String(up.problem)).toMatch(/old\.xls.*Excel 97–2003/);
    const job = await postJson('/api/import/jobs', { upload: up.id, mapping: MAPPING });
    expect(job.status).toBe(400);
    const problem = (await job.json()) as { detail: string; errors: Array<{ code: string }> };
    expect(problem.detail).toMatch(/old\.xls/);
    expect(problem.errors[0]!.code).toBe('unreadable_workbook');
  });
});
