// Registers nobody here had seen, with mappings written from docs/mappings.md alone, through
// runImport into the real database: a European Commission meetings export (semicolons, several
// register ids a cell, one a line) and a later Cabinet Office release (Windows-1252, a title row
// above the header, fill-down, nil returns, dates as days, months and ranges of days). What the
// graph holds (dates at their precision, lists split, provenance file and line on each fact), and
// a re-import changes nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { runImport } from '../../server/src/import/pipeline/run';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { odsContent, row, s, writeOds } from '../support/ods';

const FIXTURES = path.resolve(__dirname, '../fixtures/tabular-variants');

interface DumpNode {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
}
interface DumpRel {
  id?: string;
  type: string;
  properties: Record<string, unknown>;
}
interface Dump {
  nodes: DumpNode[];
  relationships: DumpRel[];
}

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
});
afterAll(async () => {
  await db.close();
});

const importFile = (name: string, mapping: string) =>
  runImport(db.executor, [{ path: path.join(FIXTURES, name), name }], {
    mapping: path.join(FIXTURES, mapping),
    allowMappingPaths: true,
    skipInvalid: true,
  });

async function graph(): Promise<{ dump: string; byId: Map<string, DumpNode>; records: DumpNode[] }> {
  const dump = await dumpGraph(db.executor);
  const parsed = JSON.parse(dump) as Dump;
  const byId = new Map(parsed.nodes.map((n) => [String(n.properties.id), n]));
  return { dump, byId, records: parsed.nodes.filter((n) => n.labels.includes('Record')) };
}

/** The provenance records (file, line) a fact lists. */
const provenance = (g: Awaited<ReturnType<typeof graph>>, id: string) =>
  ((g.byId.get(id)?.properties.records as string[] | undefined) ?? [])
    .map((r) => g.byId.get(r)!)
    .map((r) => `${String(r.properties.file)}:${String(r.properties.line)}`)
    .sort();

describe('a European Commission meetings export', () => {
  it('imports: one identifier per register id (ids a line in one cell), topics split, dates by day, provenance by line', async () => {
    const report = await importFile('ec-meetings.csv', 'ec-meetings.yaml');
    expect([report.status, report.counts.records, report.counts.rejected]).toEqual(['imported', 2, 0]);
    const g = await graph();
    expect(g.byId.get('org-european-consumer-organisation')!.properties).toMatchObject({
      kind: 'ngo',
      identifiers: ['eu-transparency-register:9505781573-45', 'eu-transparency-register:4811524323-11'],
    });
    expect(g.byId.get('ec-meeting-ec-meetings-2')!.properties).toMatchObject({ date: '2023-02-03', datePrecision: 'day' });
    expect(g.byId.has('topic-ai-act') && g.byId.has('topic-consumer-protection')).toBe(true);
    expect(provenance(g, 'org-european-consumer-organisation')).toEqual(['ec-meetings.csv:3']);
    expect(provenance(g, 'person-thierry-breton')).toEqual(['ec-meetings.csv:2']);
  });

  it('a re-import changes nothing', async () => {
    const before = (await graph()).dump;
    const report = await importFile('ec-meetings.csv', 'ec-meetings.yaml');
    expect([report.counts.nodesCreated, report.counts.relationshipsCreated]).toEqual([0, 0]);
    expect((await graph()).dump).toBe(before);
  });
});

describe('a later Cabinet Office release', () => {
  it('imports: the minister filled down, dates at their precision, a range of days with its end, CBI an organisation', async () => {
    const report = await importFile('co-meetings-jan-mar-2016.csv', 'co-meetings-2016.yaml');
    expect([report.status, report.counts.records, report.counts.skipped, report.counts.rejected]).toEqual(['imported', 7, 2, 0]);
    const g = await graph();
    const meeting = (row: number) => g.byId.get(`co-meeting-co-meetings-jan-mar-2016-${row}`)!.properties;
    expect([1, 2, 3, 4, 5].map((r) => [meeting(r).date, meeting(r).datePrecision, meeting(r).endDate ?? null])).toEqual([
      ['2016-01-05', 'day', null],
      ['2016-01-01', 'month', null],
      ['2016-01-01', 'month', null],
      ['2016-01-04', 'day', null],
      ['2016-01-04', 'day', '2016-01-05'],
    ]);
    expect(meeting(2).summary).toBe('Discuss “digital transformation”');
    expect(meeting(3).summary).toBe('Catch-up on £3bn savings');
    expect(g.byId.get('org-confederation-of-british-industry')!.properties).toMatchObject({ aliases: ['CBI'] });
    expect(g.byId.has('person-confederation-of-british-industry')).toBe(false);
    // The minister named once, on line 3, hosts the meetings of lines 3 to 7.
    expect(provenance(g, 'person-matthew-hancock')).toEqual([3, 4, 5, 6, 7].map((l) => `co-meetings-jan-mar-2016.csv:${l}`));
  });

  it('a re-import changes nothing', async () => {
    const before = (await graph()).dump;
    await importFile('co-meetings-jan-mar-2016.csv', 'co-meetings-2016.yaml');
    expect((await graph()).dump).toBe(before);
  });
});

// The shipped mapping, picked by the file name, on releases later than the 2010–2011 files it was
// written on: the Cabinet Office's own (a title line above the header, "Name of organisation or
// individual", days, weeks and ranges of days) and another department's in the same template.
describe('the shipped uk-ministers-meetings mapping on later releases', () => {
  const importShipped = (name: string, params: Record<string, string> = {}) =>
    runImport(db.executor, [{ path: path.join(FIXTURES, name), name }], { params });

  it('imports a 2016 Cabinet Office release: header below its title, dates at their precision, the nil return skipped', async () => {
    const report = await importShipped('co-meetings-jan-mar-2016.csv');
    expect([report.status, report.files[0]!.mapping]).toEqual(['imported', 'uk-ministers-meetings']);
    expect([report.counts.records, report.counts.skipped, report.counts.rejected]).toEqual([7, 2, 0]);
    expect(report.unmapped['(lines above the header)']).toBe(1);
    const g = await graph();
    const meeting = (n: number) => g.byId.get(`meeting-co-meetings-jan-mar-2016-${n}`)!.properties;
    expect([1, 2, 3, 4, 5].map((n) => [meeting(n).date, meeting(n).datePrecision, meeting(n).endDate ?? null])).toEqual([
      ['2016-01-05', 'day', null],
      ['2016-01-01', 'month', null],
      ['2016-01-01', 'month', null],
      ['2016-01-04', 'day', null],
      ['2016-01-04', 'day', '2016-01-05'],
    ]);
    expect(meeting(5).title).toBe('Matthew Hancock meets KPMG and Deloitte');
    expect(g.byId.get('src-cabinet-office-co-meetings-jan-mar-2016')!.properties).toMatchObject({
      title: "Cabinet Office: Cabinet Office ministers' meetings with external organisations, January–March 2016",
      publisher: 'Cabinet Office',
    });
    // Not one of the archived 2010–2011 files: no address is made up for it.
    expect(g.byId.get('src-cabinet-office-co-meetings-jan-mar-2016')!.properties.url).toBeUndefined();
    expect(provenance(g, 'meeting-co-meetings-jan-mar-2016-5')).toEqual(['co-meetings-jan-mar-2016.csv:7']);
  });

  it("imports another department's release with its publisher, bare months in the file's year, and notes at the end skipped", async () => {
    const file = 'dfe-ministers-meetings-july-to-september-2017.csv';
    const report = await importShipped(file, { publisher: 'Department for Education' });
    expect([report.status, report.files[0]!.mapping]).toEqual(['imported', 'uk-ministers-meetings']);
    // Records count every row below the header: five meetings, the nil return and the note.
    expect([report.counts.records, report.counts.skipped, report.counts.rejected]).toEqual([7, 2, 0]);
    const g = await graph();
    const meeting = (n: number) => g.byId.get(`meeting-dfe-ministers-meetings-july-to-september-2017-${n}`)!.properties;
    expect([1, 2, 3, 4, 5].map((n) => [meeting(n).date, meeting(n).datePrecision])).toEqual([
      ['2017-07-01', 'month'],
      ['2017-07-01', 'month'],
      ['2017-09-12', 'day'],
      ['2017-08-03', 'day'],
      ['2017-09-11', 'day'],
    ]);
    expect(g.byId.get('src-department-for-education-dfe-ministers-meetings-july-to-september-2017')!.properties).toMatchObject({
      title: "Department for Education: ministers' meetings with external organisations, July–September 2017",
      publisher: 'Department for Education',
    });
    expect(g.byId.get('org-national-association-of-head-teachers')!.properties.kind).toBe('trade_association');
    // "Purpose of meeting¹" (a footnote mark) is the purpose column.
    expect(meeting(4).summary).toBe("Children's social care");
    expect(provenance(g, 'person-robert-goodwill')).toEqual([7, 8].map((l) => `${file}:${l}`));
  });

  it('a re-import of both changes nothing', async () => {
    const before = (await graph()).dump;
    await importShipped('co-meetings-jan-mar-2016.csv');
    await importShipped('dfe-ministers-meetings-july-to-september-2017.csv', { publisher: 'Department for Education' });
    expect((await graph()).dump).toBe(before);
  });
});

// The same release published as an OpenDocument spreadsheet (as departments publish many): the
// meetings sheet found among others, dates read from the cells' own values.
describe('a release as an .ods workbook', () => {
  const cell = (iso: string, shown: string) =>
    `<table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="${iso}"><text:p>${shown}</text:p></table:table-cell>`;
  const styles =
    '<number:date-style style:name="N37"><number:day/><number:text>/</number:text><number:month/><number:text>/</number:text><number:year/></number:date-style>' +
    '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N37"/>';
  let file: string;
  beforeAll(async () => {
    file = path.join(mkdtempSync(path.join(tmpdir(), 'liaison-ods-int-')), 'cabinet-office-ministers-meetings-april-to-june-2016.ods');
    const gifts = `<table:table table:name="Gifts">${row(s('Minister'), s('Date'), s('Gift'))}${row(s('Jane Roe'), s('April'), s('Book'))}</table:table>`;
    const meetings = `<table:table table:name="Meetings">${row(s("Cabinet Office: ministers' meetings, April to June 2016"))}${row(
      s('Minister'),
      s('Date'),
      s('Name of organisation or individual'),
      s('Purpose of meeting'),
    )}${row(s('Rt Hon Matthew Hancock MP, Minister for the Cabinet Office'), cell('2016-04-12', '12/04/2016'), s('Institute for Government'), s('Civil service reform'))}${row(
      '<table:table-cell/>',
      s('May'),
      s('KPMG, Deloitte'),
      s('Outsourcing'),
    )}<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>`;
    await writeOds(file, { content: odsContent(styles, gifts + meetings) });
  });

  it('imports the meetings sheet through the shipped mapping, with provenance by row', async () => {
    const name = path.basename(file);
    const report = await runImport(db.executor, [{ path: file, name }], {});
    expect([report.status, report.files[0]!.mapping, report.counts.records, report.counts.rejected]).toEqual([
      'imported',
      'uk-ministers-meetings',
      2,
      0,
    ]);
    expect(report.unmapped['(sheet "Gifts": no header of the mapping)']).toBe(1);
    const g = await graph();
    const stem = 'cabinet-office-ministers-meetings-april-to-june-2016';
    expect(g.byId.get(`meeting-${stem}-1`)!.properties).toMatchObject({ date: '2016-04-12', datePrecision: 'day' });
    expect(g.byId.get(`meeting-${stem}-2`)!.properties).toMatchObject({ date: '2016-05-01', datePrecision: 'month' });
    expect(provenance(g, `meeting-${stem}-2`)).toEqual([`${name}:4`]);
    expect(g.byId.get(`src-cabinet-office-${stem}`)!.properties.title).toBe(
      "Cabinet Office: ministers' meetings with external organisations, April–June 2016",
    );
    const before = (await graph()).dump;
    await runImport(db.executor, [{ path: file, name }], {});
    expect((await graph()).dump).toBe(before);
  });
});

// The White House's visitor records through their shipped mapping: one meeting per appointment.
describe('White House visitor records', () => {
  const FILE = 'WhiteHouse-WAVES-Released-0110.csv';

  it('imports: an appointment of three visitors is one meeting hosted by the visitee, the cancelled one skipped', async () => {
    const report = await runImport(db.executor, [{ path: path.join(FIXTURES, FILE), name: FILE }], {});
    expect([report.status, report.files[0]!.mapping, report.counts.records, report.counts.skipped]).toEqual([
      'imported',
      'us-white-house-visitors',
      6,
      1,
    ]);
    const g = await graph();
    const meeting = g.byId.get('white-house-appointment-u51009')!;
    expect(meeting.properties).toMatchObject({ kind: 'visit', date: '2010-01-29', datePrecision: 'day', place: 'White House' });
    expect(provenance(g, 'white-house-appointment-u51009')).toEqual([2, 3, 7].map((l) => `${FILE}:${l}`));
    expect(g.byId.get('person-peter-mcdonald-jones')!.properties.name).toBe('Peter McDonald-Jones');
    expect(g.byId.has('white-house-appointment-u51011')).toBe(false);
    const before = (await graph()).dump;
    await runImport(db.executor, [{ path: path.join(FIXTURES, FILE), name: FILE }], {});
    expect((await graph()).dump).toBe(before);
  });
});
