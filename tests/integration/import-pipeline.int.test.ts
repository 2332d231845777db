// runImport against the real database: a generated CSV of thousands of meetings read with a mapping
// object, one bad row among them — the grouped report, dry-run counts, atomic rejection (nothing
// written), --skip-invalid importing the rest with the bad row quarantined byte for byte, the
// quarantine fixed and imported as it is, re-import changing nothing, references checked against
// the database, and the report files.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { graphCounts } from '../../server/src/import/demo';
import { runImport } from '../../server/src/import/pipeline/run';
import type { ImportProgress } from '../../server/src/import/pipeline/types';
import { openTestDb, type TestDb } from '../support/db';
import { MEETINGS_MAPPING, ORGS, PEOPLE, meetingsCsv } from './import-pipeline.fixtures';

let db: TestDb;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'liaison-pipeline-'));

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.reset();
});

const ROWS = 2_000;
const BAD = 1_717;

describe('runImport with a tabular mapping', () => {
  it('dry run: counts what would be created, groups the one bad row, writes nothing', async () => {
    const { file } = meetingsCsv(tmp, 'register-dry.csv', ROWS, BAD);
    const progress: ImportProgress[] = [];
    const report = await runImport(db.executor, [{ path: file, name: 'register-dry.csv' }], {
      mapping: MEETINGS_MAPPING,
      dryRun: true,
      batchRecords: 500,
      onProgress: (p) => progress.push(p),
    });
    expect(report.status).toBe('dry-run');
    expect(report.counts.records).toBe(ROWS);
    expect(report.counts.rejected).toBe(1);
    // 20 people, 50 organisations, one meeting per valid row, one Source.
    expect(report.counts.nodesCreated).toBe(PEOPLE + ORGS + (ROWS - 1) + 1);
    expect(report.counts.nodesMerged).toBe(0);
    expect(report.counts.relationshipsCreated).toBe(2 * (ROWS - 1));
    const errors = report.problems.filter((g) => g.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.count).toBe(1);
    expect(errors[0]!.examples[0]).toMatchObject({ file: 'register-dry.csv', line: BAD + 1, recordId: `r${BAD}`, value: '31-02-2021' });
    expect(errors[0]!.examples[0]!.field).toMatch(/date/i);
    expect(await graphCounts(db.executor)).toEqual({ nodes: 0, relationships: 0, citations: 0 });
    expect(progress.some((p) => p.phase === 'validating' && p.unit === 'bytes' && p.total > 0)).toBe(true);
    expect(progress.at(-1)!.phase).toBe('done');
  });

  it('atomic by default: one bad row rejects the file and nothing is written', async () => {
    const { file } = meetingsCsv(tmp, 'register-atomic.csv', ROWS, BAD);
    const report = await runImport(db.executor, [{ path: file, name: 'register-atomic.csv' }], { mapping: MEETINGS_MAPPING });
    expect([report.status, report.reason, report.counts.rejected]).toEqual(['rejected', 'invalid', 1]);
    expect(report.quarantineFile).toBeUndefined();
    expect(await graphCounts(db.executor)).toEqual({ nodes: 0, relationships: 0, citations: 0 });
  });

  it('--skip-invalid imports the rest and quarantines exactly the bad row, which imports once fixed', async () => {
    const { file, header, badLine } = meetingsCsv(tmp, 'register-skip.csv', ROWS, BAD);
    const reportFile = path.join(tmp, 'skip-report');
    const report = await runImport(db.executor, [{ path: file, name: 'register-skip.csv' }], {
      mapping: MEETINGS_MAPPING,
      skipInvalid: true,
      reportFile,
      batchRecords: 700,
    });
    expect(report.status).toBe('imported');
    expect(report.counts.rejected).toBe(1);
    expect(report.counts.records).toBe(ROWS);
    expect(report.importId).toMatch(/^imp-/);
    const meetings = await db.executor.read('system/dump-graph');
    const nodes = meetings.records[0]!.get('nodes') as Array<{ id: string; labels: string[] }>;
    const ids = new Set(nodes.filter((n) => n.labels.includes('Meeting')).map((n) => n.id));
    expect(ids.has(`meeting-r${BAD}`)).toBe(false);
    expect(ids.has(`meeting-r${BAD - 1}`)).toBe(true);
    expect(ids.size).toBe(ROWS - 1);
    expect(report.counts.nodesCreated).toBe(PEOPLE + ORGS + (ROWS - 1) + 1);

    // Byte for byte: the header, then the bad row as it was written.
    expect(report.quarantineFile).toBe(path.join(tmp, 'register-skip.rejected.csv'));
    expect(readFileSync(report.quarantineFile!, 'utf8')).toBe(`${header}\n${badLine}\n`);

    // The report files: JSON with the problem and its place, text naming the quarantine.
    const json = JSON.parse(readFileSync(`${reportFile}.json`, 'utf8')) as typeof report;
    expect(json.problems[0]!.examples[0]!.line).toBe(BAD + 1);
    expect(readFileSync(`${reportFile}.txt`, 'utf8')).toContain(report.quarantineFile!);

    // Fixed by hand and imported as it is.
    const fixed = path.join(tmp, 'register-fixed.csv');
    writeFileSync(fixed, readFileSync(report.quarantineFile!, 'utf8').replace('31-02-2021', '28-02-2021'));
    const again = await runImport(db.executor, [{ path: fixed, name: 'register-fixed.csv' }], { mapping: MEETINGS_MAPPING });
    expect([again.status, again.counts.records, again.counts.rejected]).toEqual(['imported', 1, 0]);
    const after = (await db.executor.read('system/dump-graph')).records[0]!.get('nodes') as Array<{ id: string }>;
    expect(after.some((n) => n.id === `meeting-r${BAD}`)).toBe(true);
  }, 600_000);

  it('re-importing the same file changes nothing, and the dry run says it would merge', async () => {
    const { file } = meetingsCsv(tmp, 'register-twice.csv', 200);
    const first = await runImport(db.executor, [{ path: file, name: 'register-twice.csv' }], { mapping: MEETINGS_MAPPING });
    expect(first.status).toBe('imported');
    const before = await graphCounts(db.executor);
    const dry = await runImport(db.executor, [{ path: file, name: 'register-twice.csv' }], { mapping: MEETINGS_MAPPING, dryRun: true });
    expect([dry.counts.nodesCreated, dry.counts.nodesMerged]).toEqual([0, PEOPLE + ORGS + 200 + 1]);
    const second = await runImport(db.executor, [{ path: file, name: 'register-twice.csv' }], { mapping: MEETINGS_MAPPING });
    expect([second.status, second.counts.nodesCreated, second.counts.relationshipsCreated, second.counts.recordsCreated]).toEqual([
      'imported',
      0,
      0,
      0,
    ]);
    expect(await graphCounts(db.executor)).toEqual(before);
  });

  it('names the options when no mapping fits, and rejects an unknown one naming the shipped ones', async () => {
    const { file } = meetingsCsv(tmp, 'no-such-pattern.csv', 3);
    await expect(runImport(db.executor, [{ path: file, name: 'no-such-pattern.csv' }])).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'mapping', code: 'mapping_required' })],
    });
    await expect(runImport(db.executor, [{ path: file, name: 'no-such-pattern.csv' }], { mapping: 'nope' })).rejects.toMatchObject({
      issues: [expect.objectContaining({ code: 'unknown_mapping', message: expect.stringContaining('uk-ministers-meetings') })],
    });
  });
});
