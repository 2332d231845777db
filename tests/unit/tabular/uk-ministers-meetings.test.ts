// The shipped mapping over every file of ../shared/data/uk-ministers-meetings: counts of records and
// skipped rows per file (as a separate reading of the CSVs counts them), no error-level problems,
// every fact valid for the schema, and exact facts with their provenance.
import { readdirSync } from 'node:fs';
import path from 'node:path';

import type { RecordUnit } from '../../../server/src/import/pipeline/types';
import { createTabularReader, findMappingForFile, loadMapping } from '../../../server/src/import/tabular';
import { UK_DIR, collect, schemaProblems } from './helpers';

const mapping = loadMapping('uk-ministers-meetings');

/** records, skipped: data rows, and empty / nil-return / note rows after the header. */
const EXPECTED: Record<string, [number, number]> = {
  'bmmeetingsoctdec2011.csv': [7, 125],
  'bmsmeetingsmedia.csv': [14, 116],
  'bmsmeetingsmedia_0.csv': [7, 119],
  'co-meetings-aug-sept-2010.csv': [72, 0],
  'co-meetings-oct-dec-2010.csv': [162, 4],
  'co-ministers-meetings.csv': [68, 4],
  'comeetingsaprjun2011.csv': [115, 1],
  'comeetingsjulyesept2011.csv': [104, 0],
  'comeetingsoctdec2011.csv': [109, 0],
  'dpm-meetings-aug-sept-2010.csv': [19, 3],
  'dpm-meetings-oct-dec-2010.csv': [14, 7],
  'dpm-meetings.csv': [17, 4],
  'dpmmeetingsaprjun2011.csv': [16, 150],
  'dpmmeetingsjulysept2011.csv': [8, 155],
  'dpmmeetingsoctdec2011.csv': [11, 152],
  'leaders-whips-meetings-aug-sept-2010.csv': [5, 3],
  'leaders-whips-meetings-oct-dec-2010_0.csv': [7, 3],
  'leaders-whips-meetings.csv': [6, 10],
  'pm-meetings-aug-sept-2010_0.csv': [5, 2],
  'pm-meetings-oct-dec-2010.csv': [21, 4],
  'pm-meetings_0_0.csv': [18, 5],
  'pmmeetings-oct-dec2011.csv': [34, 130],
  'pmmeetingsjulysept2011.csv': [30, 133],
};

const units = new Map<string, RecordUnit[]>();

beforeAll(async () => {
  for (const name of readdirSync(UK_DIR).filter((f) => f.endsWith('.csv'))) {
    units.set(name, await collect(createTabularReader({ path: path.join(UK_DIR, name), name, params: {} }, mapping)));
  }
}, 60_000);

const at = (file: string, line: number) => {
  const u = units.get(file)!.find((x) => x.record.line === line);
  if (!u) throw new Error(`no record at ${file}:${line}`);
  return u;
};
const node = (u: RecordUnit, id: string) => u.nodes.find((n) => n.id === id);
const meetingOf = (u: RecordUnit) => u.nodes.find((n) => n.type === 'Meeting')!;

describe('UK ministers’ meetings: every file', () => {
  it('all 23 files are read, each picked by the mapping’s file patterns', () => {
    expect([...units.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const name of units.keys()) expect(findMappingForFile(name)?.name).toBe('uk-ministers-meetings');
  });

  it.each(Object.entries(EXPECTED))('%s: records and skipped rows', (file, [records, skipped]) => {
    const list = units.get(file)!;
    expect([list.filter((u) => !u.skipped).length, list.filter((u) => u.skipped).length]).toEqual([records, skipped]);
  });

  it('no error-level problems and no fact the schema would refuse; the warnings are the four list labels', () => {
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const [file, list] of units) {
      for (const u of list) {
        for (const p of u.problems) (p.severity === 'warning' ? warnings : errors).push(`${file}:${u.record.line} ${p.rule} ${p.value}`);
        errors.push(...schemaProblems(u).map((s) => `${file}:${u.record.line} ${s}`));
        if (!u.skipped && !u.nodes.some((n) => n.type === 'Meeting')) errors.push(`${file}:${u.record.line} no meeting`);
      }
    }
    expect(errors).toEqual([]);
    expect(warnings.sort()).toEqual([
      'co-meetings-oct-dec-2010.csv:112 split_label Social Investment Roundtable:',
      'co-meetings-oct-dec-2010.csv:129 split_label Giving of time and Money roundtable:',
      expect.stringMatching(/^pmmeetingsjulysept2011\.csv:4 split_label Business in the Community Leadership Summit: Fujitsu/),
      expect.stringMatching(/^pmmeetingsjulysept2011\.csv:5 split_label Japanese Business Delegation: Sumitomo/),
    ]);
  });

  it('skipped rows say why: nil return, notes, empty rows', () => {
    const reasons = units
      .get('leaders-whips-meetings.csv')!
      .filter((u) => u.skipped)
      .map((u) => [u.record.line, u.skipped]);
    expect(reasons).toEqual([
      [2, 'empty row'],
      [3, 'nil return'],
      [4, 'nil return'],
      [11, 'nil return'],
      [12, 'nil return'],
      [13, 'nil return'],
      [14, 'empty row'],
      [15, 'empty row'],
      [16, 'notes at the end of the file'],
      [17, 'notes at the end of the file'],
    ]);
  });
});

describe('UK ministers’ meetings: exact facts', () => {
  it('David Cameron meets Rupert Murdoch in May 2010 (pm-meetings_0_0.csv line 4, the minister filled down)', () => {
    const u = at('pm-meetings_0_0.csv', 4);
    expect(u.record).toMatchObject({ file: 'pm-meetings_0_0.csv', line: 4, row: 3, source: 'src-cabinet-office-pm-meetings-0-0' });
    expect(u.raw).toBe(',"May, 2010",Rupert Murdoch,General meeting');
    expect(meetingOf(u)).toEqual({
      id: 'meeting-pm-meetings-0-0-3',
      type: 'Meeting',
      properties: {
        title: 'David Cameron meets Rupert Murdoch',
        kind: 'talks',
        date: '2010-05',
        summary: 'General meeting',
        status: 'held',
        country: 'GB',
      },
      records: [u.record.id],
    });
    expect(node(u, 'person-rupert-murdoch')!.properties).toEqual({ name: 'Rupert Murdoch' });
    expect(node(u, 'person-david-cameron')!.properties).toEqual({ name: 'David Cameron' });
    expect(u.relationships.map((r) => [r.type, r.source, r.target, r.properties])).toEqual([
      ['HOLDS_POST', 'person-david-cameron', 'org-hm-government', { title: 'Prime Minister' }],
      ['TAKES_PART', 'person-david-cameron', 'meeting-pm-meetings-0-0-3', { role: 'host' }],
      ['TAKES_PART', 'person-rupert-murdoch', 'meeting-pm-meetings-0-0-3', { role: 'guest' }],
    ]);
    expect(u.relationships.every((r) => r.records?.[0] === u.record.id)).toBe(true);
  });

  it('Francis Maude meets Atos in August 2010 (co-meetings-aug-sept-2010.csv line 2)', () => {
    const u = at('co-meetings-aug-sept-2010.csv', 2);
    expect(meetingOf(u).properties).toMatchObject({
      title: 'Francis Maude meets Atos',
      date: '2010-08',
      summary: 'Contract Renegotiation',
    });
    expect(node(u, 'org-atos')!.properties).toEqual({ name: 'Atos', kind: 'company' });
    expect(u.relationships.filter((r) => r.type === 'HOLDS_POST').map((r) => r.properties.title)).toEqual([
      'Minister for the Cabinet Office',
      'Paymaster General',
    ]);
  });

  it('bare months get their year from the file name; Oct/Nov/Dec is the quarter at month precision', () => {
    const pm = units.get('pmmeetings-oct-dec2011.csv')!.filter((u) => !u.skipped);
    expect(new Set(pm.map((u) => meetingOf(u).properties.date))).toEqual(new Set(['2011-10', '2011-11', '2011-12']));
    expect(meetingOf(at('pmmeetings-oct-dec2011.csv', 6)).properties).toMatchObject({
      title: 'David Cameron meets James Harding (The Times)',
      date: '2011-10',
    });
    expect(meetingOf(at('pmmeetingsjulysept2011.csv', 28)).properties.date).toBe('2011-09'); // "Sept"
    const q = meetingOf(at('bmmeetingsoctdec2011.csv', 2)).properties;
    expect([q.date, q.endDate]).toEqual(['2011-10', '2011-12']);
  });

  it('--param year overrides the year of bare months', async () => {
    const name = 'pmmeetings-oct-dec2011.csv';
    const list = await collect(createTabularReader({ path: path.join(UK_DIR, name), name, params: { year: '2012' } }, mapping));
    expect(meetingOf(list[0]!).properties.date).toBe('2012-10');
  });

  it('James Harding (The Times) and Stephen Green, Chairman of HSBC: people tied to their organisation', () => {
    const h = at('pmmeetings-oct-dec2011.csv', 6);
    expect(h.relationships.filter((r) => r.type === 'MEMBER_OF').map((r) => [r.source, r.target])).toEqual([
      ['person-james-harding', 'org-the-times'],
    ]);
    expect(node(h, 'org-the-times')!.properties).toEqual({ name: 'The Times', kind: 'media_outlet' });
    const g = at('pm-meetings-aug-sept-2010_0.csv', 3);
    expect(g.relationships.filter((r) => r.source === 'person-stephen-green').map((r) => [r.type, r.target, r.properties])).toEqual([
      ['TAKES_PART', 'meeting-pm-meetings-aug-sept-2010-0-2', { role: 'guest' }],
      ['HOLDS_POST', 'org-hsbc', { title: 'Chairman' }],
    ]);
  });

  it('rows with only an organisation continue the meeting above (co-meetings-oct-dec-2010.csv lines 29–34)', () => {
    const rows = [29, 30, 31, 32, 33, 34].map((l) => at('co-meetings-oct-dec-2010.csv', l));
    const meetings = rows.map(meetingOf);
    expect(new Set(meetings.map((m) => m.id))).toEqual(new Set(['meeting-co-meetings-oct-dec-2010-28']));
    expect(new Set(meetings.map((m) => JSON.stringify(m.properties))).size).toBe(1);
    expect(meetings[0]!.properties).toMatchObject({
      title: 'Oliver Letwin meets Friends of the Earth',
      date: '2010-10',
      summary: 'Green Investment Bank',
    });
    expect(rows.map((u) => u.relationships.find((r) => r.properties.role === 'guest')!.source)).toEqual([
      'org-friends-of-the-earth',
      'org-greenpeace-uk',
      'org-wwf',
      'org-rspb',
      'org-e3g',
      'org-green-alliance',
    ]);
    // Each row cites its own record; the writer merges the meeting's records.
    expect(new Set(meetings.map((m) => m.records![0])).size).toBe(6);
  });

  it('Windows-1252 files are read right (’), header variants are matched ("Minister   ")', () => {
    expect(node(at('co-meetings-oct-dec-2010.csv', 37), 'org-mayor-of-londons-office')!.properties.name).toBe('Mayor of London’s Office');
    expect(meetingOf(at('dpm-meetings-aug-sept-2010.csv', 2)).properties.title).toBe('Nick Clegg meets TEDCO/Quadrus Centre');
  });

  it('one Source per file: Cabinet Office, OGL, the file name as version', async () => {
    const name = 'pmmeetings-oct-dec2011.csv';
    const [src] = await createTabularReader(
      { path: path.join(UK_DIR, name), name, params: { retrieved: '2026-12-01' } },
      mapping,
    ).sources();
    expect(src).toEqual({
      id: 'src-cabinet-office-pmmeetings-oct-dec2011',
      type: 'Source',
      properties: {
        kind: 'dataset',
        title: "Cabinet Office: Prime Minister's meetings with external organisations, October–December 2011",
        publisher: 'Cabinet Office',
        url: 'https://github.com/HackBrexit/MinistersUnderTheInfluence/blob/7780ea6/resources/csv/pmmeetings-oct-dec2011.csv',
        licence: 'OGL-UK-3.0',
        version: 'pmmeetings-oct-dec2011.csv',
        retrieved: '2026-12-01',
      },
    });
  });
});
