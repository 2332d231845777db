// The spreadsheet reader on small files of its own: encodings, delimiters, fill-down, skipped
// rows, grouping, problems per cell, record locators; the mapping's validation and JSON Schema;
// and a file nobody here had seen, with a mapping written from docs/mappings.md alone.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { mappingSchemaText, MAPPING_SCHEMA_FILE } from '../../../server/src/cli/write-mapping-schema';
import { ValidationError } from '../../../server/src/errors';
import { recordNodeId } from '../../../server/src/import/pipeline/types';
import { createTabularReader, findMappingForFile, listMappings, loadMapping, parseMapping } from '../../../server/src/import/tabular';
import { FIXTURES, collect, schemaProblems } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'liaison-tabular-'));
function file(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const minimal = {
  title: 'Test',
  source: { id: 'src-test-{file.stem|slug}', title: 'Test {file.name}' },
  columns: {
    donor: { header: ['Donor', 'Name of donor'], fillDown: true },
    amount: { header: 'Amount' },
    date: { header: 'Date', type: 'date', date: { formats: ['MMMM yyyy', 'yyyy'] } },
  },
  skip: [
    { empty: true },
    { column: 'amount', matches: '^nil return$', reason: 'nil return' },
    { column: 'donor', matches: '^note', rest: true, reason: 'notes' },
  ],
  entities: {
    donor: { type: 'Organization', id: 'org-{donor|slug}', properties: { name: '{donor}', kind: { const: 'other' } } },
  },
};

describe('reading files', () => {
  it('Windows-1252 is detected: ’ and £ are read as written; the delimiter (;) is detected', async () => {
    const reader = createTabularReader(
      { path: path.join(FIXTURES, 'cp1252-donations.csv'), name: 'cp1252-donations.csv', params: {} },
      minimal,
    );
    const units = await collect(reader);
    expect(units.map((u) => u.raw)).toEqual(['Women’s Aid;£250;May 2014', 'Café Müller;£1,000;June 2014']);
    expect(units.map((u) => u.nodes[0]!.properties.name)).toEqual(['Women’s Aid', 'Café Müller']);
    expect(reader.quarantineHeader?.()).toBe('Donor;Amount;Date');
  });

  it('a declared encoding wins over detection', async () => {
    const p = file('latin.csv', Buffer.from('Donor,Amount\r\nCaf\xe9,1\r\n', 'latin1'));
    const units = await collect(
      createTabularReader({ path: p, name: 'latin.csv', params: {} }, { ...minimal, read: { encoding: 'iso-8859-1' } }),
    );
    expect(units[0]!.nodes[0]!.properties.name).toBe('Café');
  });

  it('UTF-8 with a BOM, and a stray Windows-1252 byte in an otherwise UTF-8 file', async () => {
    const p = file(
      'bom.csv',
      Buffer.concat([Buffer.from('\ufeffDonor,Amount\nSmith’s,1\n', 'utf8'), Buffer.from([0x4f, 0x27, 0x92, 0x73, 0x2c, 0x32, 0x0a])]),
    );
    const units = await collect(createTabularReader({ path: p, name: 'bom.csv', params: {} }, minimal));
    expect(units.map((u) => u.nodes[0]!.properties.name)).toEqual(['Smith’s', "O'’s"]);
  });

  it('TSV: tab detected, fill-down of a blank cell, physical lines and rows', async () => {
    const mapping = {
      ...minimal,
      columns: {
        host: { header: 'Host', fillDown: true },
        guest: { header: 'Guest' },
        when: { header: 'When', type: 'date', date: { formats: ['yyyy'] } },
      },
      entities: {
        visit: {
          type: 'Meeting',
          id: 'visit-{row}',
          properties: { title: '{host} meets {guest}', kind: { const: 'visit' }, status: { const: 'held' }, date: '{when}' },
        },
      },
      skip: [],
    };
    const units = await collect(createTabularReader({ path: path.join(FIXTURES, 'visits.tsv'), name: 'visits.tsv', params: {} }, mapping));
    expect(units.map((u) => [u.record.line, u.record.row, u.nodes[0]!.properties.title, u.nodes[0]!.properties.date])).toEqual([
      [2, 1, 'Ada Lovelace meets Charles Babbage', '2014'],
      [3, 2, 'Ada Lovelace meets Mary Somerville', '2015'],
    ]);
  });

  it('skips empty rows, "nil return" and everything from a NOTE row on; counts them with a reason', async () => {
    const p = file(
      'gifts.csv',
      'Name of donor ,Amount,Date,,\r\nAcme,10,May 2014,,\r\n,,,,\r\nBeta,nil return,,,\r\n,20,June 2014,,\r\nNote,,,,\r\n"Does not include, as ever, small gifts",,,,\r\n',
    );
    const reader = createTabularReader({ path: p, name: 'gifts.csv', params: {} }, minimal);
    const units = await collect(reader);
    expect(units.map((u) => [u.record.line, u.skipped ?? u.nodes[0]!.properties.name])).toEqual([
      [2, 'Acme'],
      [3, 'empty row'],
      [4, 'nil return'],
      [5, 'Acme'], // filled down from line 2; the nil-return row does not count as "above"
      [6, 'notes'],
      [7, 'notes'],
    ]);
    // Trailing columns without a header are ignored; the header was matched ignoring case and spaces.
    expect(reader.unmapped()).toEqual({});
    const first = units[0]!;
    expect(first.record).toEqual({
      file: 'gifts.csv',
      line: 2,
      row: 1,
      id: recordNodeId('src-test-gifts', { file: 'gifts.csv', line: 2 }),
      source: 'src-test-gifts',
      raw: 'Acme,10,May 2014,,',
    });
    expect(first.nodes[0]!.records).toEqual([first.record.id]);
  });

  it('a quoted cell over two lines: the record starts on its first line, the next on the right one', async () => {
    const p = file('multi.csv', 'Donor,Amount\r\n"Two\r\nlines",1\r\nNext,2\r\n');
    const units = await collect(createTabularReader({ path: p, name: 'multi.csv', params: {} }, minimal));
    expect(units.map((u) => [u.record.line, u.raw])).toEqual([
      [2, '"Two\r\nlines",1'],
      [4, 'Next,2'],
    ]);
  });

  it('a cell that cannot be read is a problem of its record, with the column and the value', async () => {
    const p = file('bad.csv', 'Donor,Amount,Date,Country\nAcme,1,Smarch 2014,Narnia\n');
    const mapping = { ...minimal, columns: { ...minimal.columns, country: { header: 'Country', type: 'country' } } };
    const [u] = await collect(createTabularReader({ path: p, name: 'bad.csv', params: {} }, mapping));
    expect(u!.problems.map((x) => [x.rule, x.field, x.value, x.severity])).toEqual([
      ['date_format', 'date', 'Smarch 2014', 'error'],
      ['unknown_country', 'country', 'Narnia', 'error'],
    ]);
  });

  it('a required column missing refuses the file, naming the headers it has', async () => {
    const p = file('nohead.csv', 'Who,How much\nAcme,1\n');
    const mapping = { ...minimal, columns: { ...minimal.columns, donor: { header: 'Donor', required: true } } };
    await expect(collect(createTabularReader({ path: p, name: 'nohead.csv', params: {} }, mapping))).rejects.toThrow(ValidationError);
  });

  it('grouping: a continuation row joins the meeting above; group by key columns gives one id', async () => {
    const p = file('groups.csv', 'Host,Date,Guest,Purpose\nAda,2014,Acme,Talks\n,,Beta,\nAda,2014,Gamma,Other\n');
    const mapping = {
      title: 'g',
      source: { id: 'src-g', title: 'g' },
      columns: {
        host: { header: 'Host', fillDown: true },
        date: { header: 'Date' },
        guest: { header: 'Guest' },
        purpose: { header: 'Purpose' },
      },
      group: { continueWhen: { blank: ['date', 'purpose'] } },
      entities: {
        m: {
          type: 'Meeting',
          perGroup: true,
          id: 'm-{group}',
          properties: { title: '{host} meets {guest}', kind: { const: 'talks' }, status: { const: 'held' }, summary: '{purpose}' },
        },
        g: { type: 'Organization', id: 'org-{guest|slug}', properties: { name: '{guest}', kind: { const: 'other' } } },
      },
      relationships: [{ type: 'TAKES_PART', source: 'org-{guest|slug}', target: 'm-{group}', properties: { role: 'guest' } }],
    };
    const units = await collect(createTabularReader({ path: p, name: 'groups.csv', params: {} }, mapping));
    const meetings = units.map((u) => u.nodes.find((n) => n.type === 'Meeting')!);
    expect(meetings.map((m) => [m.id, m.properties.title, m.properties.summary])).toEqual([
      ['m-1', 'Ada meets Acme', 'Talks'],
      ['m-1', 'Ada meets Acme', 'Talks'], // the continuation row states the same meeting
      ['m-3', 'Ada meets Gamma', 'Other'],
    ]);
    expect(units[1]!.relationships.map((r) => [r.source, r.target])).toEqual([['org-beta', 'm-1']]);

    const byKey = {
      ...mapping,
      columns: { ...mapping.columns, date: { header: 'Date', fillDown: true } },
      group: { by: ['host', 'date'] },
    };
    const keyed = await collect(createTabularReader({ path: p, name: 'groups.csv', params: {} }, byKey));
    expect(keyed.map((u) => u.nodes.find((n) => n.type === 'Meeting')!.id)).toEqual(['m-ada-2014', 'm-ada-2014', 'm-ada-2014']);
  });

  it('parameters: declared ones are checked, given ones used in templates', async () => {
    const p = file('p.csv', 'Donor\nAcme\n');
    const mapping = {
      ...minimal,
      params: { year: { pattern: '\\d{4}', required: true } },
      source: { id: 'src-{param.year}', title: 'Gifts {param.year}' },
    };
    const reader = createTabularReader({ path: p, name: 'p.csv', params: { year: '2014' } }, mapping);
    expect((await reader.sources())[0]).toEqual({
      id: 'src-2014',
      type: 'Source',
      properties: { kind: 'dataset', title: 'Gifts 2014', version: 'p.csv' },
    });
    expect(() => createTabularReader({ path: p, name: 'p.csv', params: {} }, mapping)).toThrow(ValidationError);
    expect(() => createTabularReader({ path: p, name: 'p.csv', params: { year: 'soon' } }, mapping)).toThrow(ValidationError);
  });
});

describe('mappings', () => {
  it('an invalid mapping is a ValidationError with JSON paths', () => {
    let error: unknown;
    try {
      parseMapping({
        title: 'x',
        source: { id: 's', title: 't' },
        columns: { a: { header: 'A', type: 'date' } },
        entities: { e: { type: 'Persn', id: 'x' } },
        skip: [{ column: 'b', blank: true }],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['$.entities.e.type']);
    expect(() =>
      parseMapping({
        title: 'x',
        source: { id: 's', title: 't' },
        columns: { a: { header: 'A', type: 'date' } },
        entities: {},
        skip: [{ column: 'b', blank: true }],
      }),
    ).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: '$.skip[0].column' }), expect.objectContaining({ path: '$.columns.a.date' })],
      }),
    );
  });

  it('a template naming no column, an unknown filter or a wrong each is refused when the mapping is loaded', () => {
    const bad = {
      title: 'x',
      source: { id: 's-{file.stem|slugify}', title: 't' },
      columns: { a: { header: 'A' } },
      entities: { e: { type: 'Topic', each: 'a.people', id: 'x-{b}', properties: { name: '{a.nme}' } } },
    };
    expect(() => parseMapping(bad)).toThrow(
      expect.objectContaining({
        issues: [
          expect.objectContaining({ path: '$.source.id', code: 'unknown_filter' }),
          expect.objectContaining({ path: '$.entities.e.id', code: 'unknown_name' }),
          expect.objectContaining({ path: '$.entities.e.each', code: 'unknown_name' }),
          expect.objectContaining({ path: '$.entities.e.properties.name', code: 'unknown_name' }),
        ],
      }),
    );
  });

  it('shipped mappings are listed and picked by file name', () => {
    expect(listMappings().map((m) => [m.name, Object.keys(m.params)])).toEqual([
      ['uk-ministers-meetings', ['year', 'retrieved', 'publisher', 'url']],
      ['us-white-house-visitors', ['retrieved', 'url']],
    ]);
    expect(findMappingForFile('pmmeetings-oct-dec2011.csv')?.name).toBe('uk-ministers-meetings');
    // Later releases, of the Cabinet Office or another department, by their usual names.
    expect(findMappingForFile('Cabinet_Office_ministers_meetings_January_to_March_2016.csv')?.name).toBe('uk-ministers-meetings');
    expect(findMappingForFile('dfe-ministers-meetings-july-to-september-2017.csv')?.name).toBe('uk-ministers-meetings');
    expect(findMappingForFile('some-other.csv')).toBeUndefined();
    expect(() => loadMapping('no-such-mapping')).toThrow(ValidationError);
  });

  it('docs/mapping.schema.json is what the zod schema generates (not stale)', () => {
    const stored = readFileSync(MAPPING_SCHEMA_FILE, 'utf8');
    if (stored !== mappingSchemaText()) {
      throw new Error('docs/mapping.schema.json is stale: run npx tsx server/src/cli/write-mapping-schema.ts');
    }
  });
});

describe('a spreadsheet nobody here had seen (mapping written from docs/mappings.md alone)', () => {
  it('imports: MEPs, organisations with register ids, procedures, day-precision dates; the bad row is reported', async () => {
    const mapping = loadMapping(path.join(FIXTURES, 'mep-meetings.yaml'));
    const reader = createTabularReader({ path: path.join(FIXTURES, 'mep-meetings.csv'), name: 'mep-meetings.csv', params: {} }, mapping);
    const units = await collect(reader);
    expect(units.map((u) => u.skipped ?? 'record')).toEqual(['record', 'record', 'record', 'record', 'record', 'empty row', 'totals line']);
    const ok = units.slice(0, 4);
    expect(ok.flatMap((u) => [...u.problems, ...schemaProblems(u)])).toEqual([]);

    const first = units[0]!;
    const byId = new Map(first.nodes.map((n) => [n.id, n]));
    expect(byId.get('person-anna-schmidt')!.properties).toEqual({ name: 'Anna Schmidt', nationality: 'DE' });
    expect(byId.get('org-acme-robotics-inc')!.properties).toEqual({
      name: 'Acme Robotics, Inc.',
      kind: 'other',
      identifiers: ['eu-transparency-register:123456789012-34'],
    });
    expect(byId.get('org-ordo-analytics-ltd')!.properties.name).toBe('Ordo Analytics, Ltd');
    expect(byId.get('mep-meeting-mep-meetings-1')!.properties).toEqual({
      title: 'Anna Schmidt meets Acme Robotics, Inc.',
      kind: 'consultation',
      date: '2021-10-27',
      status: 'held',
    });
    expect(first.relationships.map((r) => [r.type, r.source, r.target, r.properties.role])).toEqual([
      ['TAKES_PART', 'person-anna-schmidt', 'mep-meeting-mep-meetings-1', 'rapporteur'],
      ['TAKES_PART', 'org-acme-robotics-inc', 'mep-meeting-mep-meetings-1', 'guest'],
      ['TAKES_PART', 'org-friends-of-bees', 'mep-meeting-mep-meetings-1', 'guest'],
      ['TAKES_PART', 'org-ordo-analytics-ltd', 'mep-meeting-mep-meetings-1', 'guest'],
      ['CONCERNS', 'mep-meeting-mep-meetings-1', 'procedure-2021-0106-cod', undefined],
    ]);
    expect(first.record.recordId).toBe('123456789012-34-27-10-2021-anna-schmidt');
    // "Shadow" (any case) is mapped to Liaison's role; Czechia is a country name i18n-iso-countries knows.
    expect(units[2]!.relationships[0]!.properties.role).toBe('shadow_rapporteur');
    expect(units[3]!.nodes.find((n) => n.id === 'person-jan-novak')!.properties.nationality).toBe('CZ');
    expect(units[4]!.problems.map((p) => [p.rule, p.field, p.value])).toEqual([
      ['date_format', 'date', '32-11-2021'],
      ['unknown_country', 'country', 'Bohemia'],
    ]);
    expect((await reader.sources())[0]!.properties).toEqual({
      kind: 'dataset',
      title: 'MEP meetings register (mep-meetings.csv)',
      publisher: 'European Parliament',
      licence: 'CC-BY-4.0',
      version: 'mep-meetings.csv',
      retrieved: '2021-12-01',
    });
  });
});
