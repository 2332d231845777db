// headerLine auto (the default): a release with a title, a blank line or a note above its table is
// read from the line that has the mapping's headers, with its delimiter, and the lines passed over
// are counted; a file whose header lacks a required column is still refused naming its headers.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as ExcelJS from 'exceljs';

import { ValidationError } from '../../../server/src/errors';
import { createTabularReader } from '../../../server/src/import/tabular';
import { odsContent, row, s, writeOds } from '../../support/ods';
import { collect } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'liaison-header-search-'));
function file(name: string, content: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const mapping = (read: Record<string, unknown> = {}, required = true) => ({
  title: 'Meetings',
  read,
  source: { id: 'src-{file.stem|slug}', title: 'Meetings {file.name}' },
  columns: {
    minister: { header: ['Minister', 'Name of Minister'], required, type: 'person' },
    org: { header: ['Name of organisation or individual', 'Organisation'], required },
    purpose: { header: 'Purpose of meeting' },
  },
  entities: { p: { type: 'Person', id: 'person-{minister.name|slug}', properties: { name: '{minister.name}' } } },
});

const read = (name: string, content: string, m = mapping()) => {
  const reader = createTabularReader({ path: file(name, content), name, params: {} }, m);
  return collect(reader).then((units) => ({ units, unmapped: reader.unmapped() }));
};

describe('headerLine auto', () => {
  it('passes over a title line and a blank line above the table, and counts them', async () => {
    const { units, unmapped } = await read(
      'co-2016.csv',
      "Cabinet Office: ministers' meetings, January to March 2016,,,\n,,,\nMinister,Date,Name of organisation or individual,Purpose of meeting\nMatthew Hancock,05/01/2016,Institute for Government,Civil service reform\n",
    );
    expect(units.map((u) => [u.record.line, u.nodes.map((n) => n.properties.name)])).toEqual([[4, ['Matthew Hancock']]]);
    expect(unmapped['(lines above the header)']).toBe(2);
    // The unread Date column is counted as before: the header is the table's, not the title's.
    expect(unmapped['column:Date']).toBe(1);
  });

  it('takes the delimiter of the header line when the title above it has none', async () => {
    const { units } = await read(
      'semicolons.csv',
      'Meetings of ministers (a title, with a comma)\nMinister;Organisation;Purpose of meeting\nJane Roe;Acme, Inc.;Talks\n',
    );
    expect(units).toHaveLength(1);
    expect(units[0]!.nodes[0]!.properties.name).toBe('Jane Roe');
  });

  it('reads a file whose header is its first line exactly as before', async () => {
    const { units, unmapped } = await read('plain.csv', 'Minister,Organisation\nJane Roe,Acme\nJohn Doe,Initech\n');
    expect(units.map((u) => u.record.line)).toEqual([2, 3]);
    expect(unmapped['(lines above the header)']).toBeUndefined();
  });

  it('refuses a file whose header lacks a required column, naming the headers of its first line', async () => {
    const err = await read('nohead.csv', 'Minister,Date,Who\nJane Roe,2016,Acme\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const issues = (err as ValidationError).issues;
    expect(issues.map((i) => i.path)).toEqual(['$.columns.org.header']);
    expect(issues[0]!.message).toMatch(/\(its headers: Minister, Date, Who; nor has any other of its first 20 lines\)/);
  });

  it('names the headers of the line most like the header, not of the title above it', async () => {
    const err = await read('variant.csv', 'Ministers meetings 2016\nMinister,Date,Organisation met\nJane Roe,2016,Acme\n').catch(
      (e: unknown) => e,
    );
    expect((err as ValidationError).issues[0]!.message).toMatch(/\(its headers: Minister, Date, Organisation met;/);
  });

  it('passes over blank lines above the table, however many, counting only lines with text', async () => {
    const { units, unmapped } = await read('blanks.csv', `Title\n${',,\n'.repeat(30)}Minister,Organisation\nJane Roe,Acme\n`);
    expect(units.map((u) => u.record.line)).toEqual([33]);
    expect(unmapped['(lines above the header)']).toBe(31);
  });

  it('closes the file when the reading stops early (a preview, an abort)', async () => {
    const p = file('long.csv', `Minister,Organisation\n${'Jane Roe,Acme\n'.repeat(50_000)}`);
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    for (let i = 0; i < 5; i++) {
      const reader = createTabularReader({ path: p, name: 'long.csv', params: {} }, mapping());
      for await (const u of reader.records()) {
        void u;
        break;
      }
    }
    // Let closed streams release their descriptors.
    await new Promise((r) => setTimeout(r, 50));
    expect(fds()).toBeLessThanOrEqual(before);
  });

  it('does not take a header from further down than its first 20 lines', async () => {
    const notes = Array.from({ length: 20 }, (_, i) => `Note ${i + 1}`).join('\n');
    const err = await read('deep.csv', `${notes}\nMinister,Organisation\nJane Roe,Acme\n`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.message).toMatch(/its headers: Note 1;/);
  });

  it('without required columns, a file in which no line has a header is read from its first line', async () => {
    const { units } = await read('loose.csv', 'Minister,Who\nJane Roe,Acme\n', mapping({}, false));
    // Line 1 has the Minister header: it is the header, and line 2 its one record.
    expect(units.map((u) => u.record.line)).toEqual([2]);
    const none = await read('none.csv', 'A,B\nx,y\nz,w\n', mapping({}, false));
    expect(none.units.map((u) => u.record.line)).toEqual([2, 3]);
  });

  it('takes a column by its position when its heading is blank, but never a blank row for a header', async () => {
    const positional = mapping();
    const m = { ...positional, columns: { ...positional.columns, minister: { ...positional.columns.minister, position: 1 } } };
    const { units, unmapped } = await read(
      'blank-heading.csv',
      ',,\n,Organisation,Purpose of meeting\nJane Roe,Acme,Talks\n,Initech,Lunch\n',
      m,
    );
    expect(units.map((u) => [u.record.line, u.nodes[0]?.properties.name])).toEqual([
      [3, 'Jane Roe'],
      [4, undefined],
    ]);
    expect(unmapped['(lines above the header)']).toBe(1);
    // Without position the blank heading is no minister column.
    const err = await read('blank-heading2.csv', ',Organisation\nJane Roe,Acme\n').catch((e: unknown) => e);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['$.columns.minister.header']);
  });

  it('a declared headerLine is taken as it is, title or not', async () => {
    const err = await read('declared.csv', 'Title,,\nMinister,Organisation\nJane Roe,Acme\n', mapping({ headerLine: 1 })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    const { units } = await read('declared2.csv', 'Title,,\nMinister,Organisation\nJane Roe,Acme\n', mapping({ headerLine: 2 }));
    expect(units.map((u) => u.record.line)).toEqual([3]);
  });
});

// A release with its gifts, hospitality and meetings on sheets of one workbook (as departments
// publish them): without read.sheet, the sheet with the mapping's header is read.
describe('the sheet with the header', () => {
  const sheets: Array<[string, string[][]]> = [
    [
      'Gifts',
      [
        ['Minister', 'Date', 'Gift', 'Value (£)'],
        ['Jane Roe', '2016', 'Book', '20'],
      ],
    ],
    [
      'Hospitality',
      [
        ['Minister', 'Date', 'Person or organisation that offered hospitality'],
        ['Jane Roe', '2016', 'Acme'],
      ],
    ],
    ['Meetings', [['Title of the table'], ['Minister', 'Name of organisation or individual'], ['Jane Roe', 'Initech'], ['', 'Umbrella']]],
  ];

  async function xlsx(name: string, list = sheets): Promise<string> {
    const wb = new ExcelJS.Workbook();
    for (const [sheet, rows] of list) for (const r of rows) (wb.getWorksheet(sheet) ?? wb.addWorksheet(sheet)).addRow(r);
    const p = path.join(tmp, name);
    await wb.xlsx.writeFile(p);
    return p;
  }
  async function ods(name: string, list = sheets): Promise<string> {
    const p = path.join(tmp, name);
    const tables = list.map(
      ([sheet, rows]) =>
        `<table:table table:name="${sheet}">${rows.map((r) => row(...r.map((c) => (c ? s(c) : '<table:table-cell/>')))).join('')}</table:table>`,
    );
    await writeOds(p, { content: odsContent('', tables.join('')) });
    return p;
  }

  it.each([
    ['xlsx', xlsx],
    ['ods', ods],
  ] as const)('%s: reads the meetings sheet, and reports the sheets passed over', async (ext, write) => {
    const name = `release.${ext}`;
    const reader = createTabularReader({ path: await write(name), name, params: {} }, mapping());
    const units = await collect(reader);
    expect(units.map((u) => [u.record.line, u.record.raw])).toEqual([
      [3, 'Jane Roe,Initech'],
      [4, ',Umbrella'],
    ]);
    expect(reader.unmapped()).toMatchObject({
      '(sheet "Gifts": no header of the mapping)': 1,
      '(sheet "Hospitality": no header of the mapping)': 1,
      '(lines above the header)': 1,
    });
  });

  it.each([
    ['xlsx', xlsx],
    ['ods', ods],
  ] as const)("%s: with no sheet that has it, is refused naming the first sheet's headers and the sheets searched", async (ext, write) => {
    const name = `no-meetings.${ext}`;
    const err = await collect(createTabularReader({ path: await write(name, sheets.slice(0, 2)), name, params: {} }, mapping())).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.message).toMatch(
      /its headers: Minister, Date, Gift, Value \(£\); nor has any other of its first 20 lines, nor any other of its 2 sheets\)/,
    );
  });

  it('a declared read.sheet is read whatever it holds', async () => {
    const name = 'declared.xlsx';
    const err = await collect(createTabularReader({ path: await xlsx(name), name, params: {} }, mapping({ sheet: 'Gifts' }))).catch(
      (e: unknown) => e,
    );
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(['$.columns.org.header']);
  });
});
