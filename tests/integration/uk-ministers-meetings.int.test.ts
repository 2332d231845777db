// Every file of ../shared/data/uk-ministers-meetings through runImport with the shipped mapping
// (picked by file name) into the real database: counts, exact facts at month precision with their
// provenance record (file and line), and a re-import that changes nothing.
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { runImport } from '../../server/src/import/pipeline/run';
import type { ImportReport } from '../../server/src/import/pipeline/types';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

const DIR = path.resolve(__dirname, '../../../shared/data/uk-ministers-meetings');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((name) => ({ path: path.join(DIR, name), name }));

interface DumpNode {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
}
interface DumpRel {
  id: string;
  type: string;
  from: string;
  to: string;
  properties: Record<string, unknown>;
}

let db: TestDb;
let report: ImportReport;
let dump: string;
let nodes: Map<string, DumpNode>;
let rels: DumpRel[];

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  let last = 0;
  report = await runImport(db.executor, FILES, {
    params: { retrieved: '2026-12-01' },
    onProgress: (p) => {
      if (process.env.LIAISON_TEST_PROGRESS && Date.now() - last > 5000) {
        last = Date.now();
        console.log(JSON.stringify(p));
      }
    },
  });
  dump = await dumpGraph(db.executor);
  const parsed = JSON.parse(dump) as { nodes: DumpNode[]; relationships: DumpRel[] };
  nodes = new Map(parsed.nodes.filter((n) => !n.labels.includes('IdClaim')).map((n) => [n.id, n]));
  rels = parsed.relationships;
}, 600_000);

afterAll(async () => {
  await db.close();
});

const recordOf = (factRecords: unknown, file: string) =>
  (factRecords as string[]).map((id) => nodes.get(id)!.properties).find((r) => r.file === file);

describe('UK ministers’ meetings imported whole', () => {
  it('imports every file with the shipped mapping: 869 records, 1,130 skipped, none rejected', () => {
    expect(report.status).toBe('imported');
    expect(report.files.map((f) => [f.file, f.mapping])).toEqual(FILES.map((f) => [f.name, 'uk-ministers-meetings']));
    expect(report.counts).toMatchObject({ records: 869 + 1130, skipped: 1130, rejected: 0, recordsCreated: 869 });
    expect(report.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    const labels = (l: string) => [...nodes.values()].filter((n) => n.labels.includes(l)).length;
    expect(labels('Source')).toBe(23);
    expect(labels('Record')).toBe(869);
    // 869 rows, of which 68 continue the meeting above (67 in co-meetings-oct-dec-2010.csv, 1 in comeetingsoctdec2011.csv).
    expect(labels('Meeting')).toBe(869 - 68);
  });

  it('David Cameron meets Rupert Murdoch in May 2010, cited to pm-meetings_0_0.csv line 4', () => {
    const m = nodes.get('meeting-pm-meetings-0-0-3')!;
    expect(m.properties).toMatchObject({
      title: 'David Cameron meets Rupert Murdoch',
      datePrecision: 'month',
      kind: 'talks',
      status: 'held',
      country: 'GB',
      citationStatus: 'reported',
    });
    expect(String(m.properties.date)).toBe('2010-05-01');
    expect(recordOf(m.properties.records, 'pm-meetings_0_0.csv')).toMatchObject({
      file: 'pm-meetings_0_0.csv',
      line: 4,
      row: 3,
      source: 'src-cabinet-office-pm-meetings-0-0',
      raw: ',"May, 2010",Rupert Murdoch,General meeting',
    });
    const parts = rels.filter((r) => r.type === 'TAKES_PART' && r.to === m.id).map((r) => [r.from, r.properties.role]);
    expect(parts.sort()).toEqual([
      ['person-david-cameron', 'host'],
      ['person-rupert-murdoch', 'guest'],
    ]);
    const post = rels.find((r) => r.type === 'HOLDS_POST' && r.from === 'person-david-cameron')!;
    expect([post.to, post.properties.title]).toEqual(['org-hm-government', 'Prime Minister']);
    // The post is stated by every row of every PM file: one relationship, many records.
    expect((post.properties.records as string[]).length).toBeGreaterThan(100);
  });

  it('Francis Maude meets Atos in August 2010 (co-meetings-aug-sept-2010.csv line 2); Atos is a company', () => {
    const m = [...nodes.values()].find((n) => n.properties.title === 'Francis Maude meets Atos')!;
    expect([String(m.properties.date), m.properties.datePrecision]).toEqual(['2010-08-01', 'month']);
    expect(recordOf(m.properties.records, 'co-meetings-aug-sept-2010.csv')).toMatchObject({ line: 2 });
    expect(nodes.get('org-atos')!.properties).toMatchObject({ name: 'Atos', kind: 'company' });
    expect(rels.some((r) => r.type === 'TAKES_PART' && r.from === 'org-atos' && r.to === m.id)).toBe(true);
  });

  it('bare months of pmmeetings-oct-dec2011.csv are in 2011; the source names the office and quarter', () => {
    const m = nodes.get('meeting-pmmeetings-oct-dec2011-5')!; // line 6, James Harding (The Times)
    expect([m.properties.title, String(m.properties.date), m.properties.datePrecision]).toEqual([
      'David Cameron meets James Harding (The Times)',
      '2011-10-01',
      'month',
    ]);
    expect(rels.some((r) => r.type === 'MEMBER_OF' && r.from === 'person-james-harding' && r.to === 'org-the-times')).toBe(true);
    expect(nodes.get('src-cabinet-office-pmmeetings-oct-dec2011')!.properties).toMatchObject({
      title: "Cabinet Office: Prime Minister's meetings with external organisations, October–December 2011",
      publisher: 'Cabinet Office',
      licence: 'OGL-UK-3.0',
      version: 'pmmeetings-oct-dec2011.csv',
      kind: 'dataset',
    });
  });

  it('a meeting over several rows is one node citing each row', () => {
    const m = nodes.get('meeting-co-meetings-oct-dec-2010-28')!;
    expect(m.properties.title).toBe('Oliver Letwin meets Friends of the Earth');
    expect((m.properties.records as string[]).map((id) => nodes.get(id)!.properties.line).sort()).toEqual([29, 30, 31, 32, 33, 34]);
    expect(rels.filter((r) => r.type === 'TAKES_PART' && r.to === m.id && r.properties.role === 'guest').length).toBe(6);
  });

  it('importing the same files again changes nothing', async () => {
    const again = await runImport(db.executor, FILES, { params: { retrieved: '2026-12-01' } });
    expect(again.status).toBe('imported');
    expect(again.counts).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, recordsCreated: 0, valuesAlsoStated: 0 });
    expect(await dumpGraph(db.executor)).toBe(dump);
  }, 600_000);
});
