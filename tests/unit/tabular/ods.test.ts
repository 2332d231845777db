// OpenDocument spreadsheets as LibreOffice writes them: the chosen sheet's rows with their row
// numbers, cells as shown, dates as ISO text at their date style's precision, comments and the
// sheet's padding left out; and through a mapping, a later release published as .ods.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ValidationError } from '../../../server/src/errors';
import { detectFormat } from '../../../server/src/import/pipeline/detect';
import { createTabularReader, loadMapping } from '../../../server/src/import/tabular';
import { odsRows } from '../../../server/src/import/tabular/ods';
import { inspectSpreadsheetFile } from '../../../server/src/import/tabular/xlsx';
import { blank, odsContent, row, s, writeOds } from '../../support/ods';
import { collect } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'liaison-ods-'));

const STYLES = `
  <number:date-style style:name="N37"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style>
  <number:date-style style:name="N38"><number:month number:textual="true"/><number:text>-</number:text><number:year/></number:date-style>
  <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N37"/>
  <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N38"/>`;

const date = (iso: string, style: string, shown: string) =>
  `<table:table-cell table:style-name="${style}" office:value-type="date" office:date-value="${iso}" calcext:value-type="date"><text:p>${shown}</text:p></table:table-cell>`;

const MEETINGS = `<table:table table:name="Meetings" table:style-name="ta1">
  <table:table-column table:style-name="co1" table:number-columns-repeated="4" table:default-cell-style-name="Default"/>
  <table:table-column table:style-name="co2" table:number-columns-repeated="1020" table:default-cell-style-name="Default"/>
  ${row(s("Cabinet Office: ministers' meetings with external organisations, January to March 2016"), blank(1023))}
  <table:table-row table:style-name="ro1" table:number-rows-repeated="2">${blank(1024)}</table:table-row>
  ${row(s('Minister'), s('Date'), s('Name of organisation or individual'), s('Purpose of meeting'), blank(1020))}
  ${row(
    s('Rt Hon Matthew Hancock MP, Minister for the Cabinet Office'),
    date('2016-01-05', 'ce1', '05/01/2016'),
    '<table:table-cell office:value-type="string"><office:annotation><dc:creator>Editor</dc:creator><text:p>check the spelling</text:p></office:annotation><text:p>Institute for <text:span text:style-name="T1">Government</text:span></text:p></table:table-cell>',
    s('To discuss civil<text:s text:c="2"/>service reform'),
    blank(1020),
  )}
  ${row(blank(), date('2016-01-01', 'ce2', 'Jan-16'), s('KPMG, Deloitte'), s('Outsourcing'), blank(1020))}
  ${row(blank(), date('2016-02-10T14:30:00', 'ce1', '10/02/2016'), s('TechUK'), '<table:table-cell office:value-type="string"><text:p>Digital</text:p><text:p>transformation</text:p></table:table-cell>', blank(1020))}
  ${row(s('Lord Bridges of Headley MBE, Parliamentary Secretary'), s('Nil return'), blank(1022))}
  <table:table-row table:style-name="ro1" table:number-rows-repeated="1048566">${blank(1024)}</table:table-row>
</table:table>`;
const NOTES = `<table:table table:name="Notes">${row(s('Read me first'))}</table:table>`;

async function release(name: string, tables = MEETINGS + NOTES): Promise<string> {
  const file = path.join(tmp, name);
  await writeOds(file, { content: odsContent(STYLES, tables) });
  return file;
}

describe('OpenDocument spreadsheets', () => {
  it('streams the first sheet: row numbers, cells as shown, dates as ISO text with their precision, no comments, no padding', async () => {
    const file = await release('co-meetings-jan-mar-2016.ods');
    expect(inspectSpreadsheetFile(file)).toEqual({ kind: 'workbook', format: 'ods' });
    const rows = [];
    for await (const r of odsRows(file, 'co-meetings-jan-mar-2016.ods')) rows.push(r);
    expect(rows.map((r) => [r.line, r.record])).toEqual([
      [1, ["Cabinet Office: ministers' meetings with external organisations, January to March 2016"]],
      // Blank rows come as such before a row with content (as a worksheet's do); the million after the last do not.
      [2, []],
      [3, []],
      [4, ['Minister', 'Date', 'Name of organisation or individual', 'Purpose of meeting']],
      [
        5,
        [
          'Rt Hon Matthew Hancock MP, Minister for the Cabinet Office',
          '2016-01-05',
          'Institute for Government',
          'To discuss civil  service reform',
        ],
      ],
      [6, ['', '2016-01-01', 'KPMG, Deloitte', 'Outsourcing']],
      [7, ['', '2016-02-10T14:30', 'TechUK', 'Digital\ntransformation']],
      [8, ['Lord Bridges of Headley MBE, Parliamentary Secretary', 'Nil return']],
    ]);
    expect(rows.map((r) => (r.dates ? [...r.dates] : null))).toEqual([
      null,
      null,
      null,
      null,
      [[1, 'day']],
      [[1, 'month']],
      [[1, 'day']],
      null,
    ]);
    expect(rows[4]!.raw).toBe(
      '"Rt Hon Matthew Hancock MP, Minister for the Cabinet Office",2016-01-05,Institute for Government,To discuss civil  service reform',
    );
  });

  it('reads a sheet by name, and names the sheets there are when the one asked for is not', async () => {
    const file = await release('two-sheets.ods', NOTES + MEETINGS);
    const rows = [];
    for await (const r of odsRows(file, 'two-sheets.ods', { sheet: 'meetings' })) rows.push(r);
    expect(rows.find((r) => r.line === 4)!.record[0]).toBe('Minister');
    const err = await (async () => {
      for await (const _ of odsRows(file, 'two-sheets.ods', { sheet: 'Gifts' })) void _;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ path: '$.read.sheet', code: 'missing_sheet' });
    expect((err as ValidationError).message).toBe('two-sheets.ods has no sheet "Gifts"; its sheets are "Notes", "Meetings".');
  });

  it('imports through the shipped mapping as the CSV release does: dates at the precision the cell shows', async () => {
    const file = await release('co-meetings-jan-mar-2016.ods');
    expect(await detectFormat(file, 'co-meetings-jan-mar-2016.ods')).toBe('csv');
    const reader = createTabularReader(
      { path: file, name: 'co-meetings-jan-mar-2016.ods', params: {} },
      loadMapping('uk-ministers-meetings'),
    );
    const units = await collect(reader);
    const meetings = units.flatMap((u) =>
      u.nodes.filter((n) => n.type === 'Meeting').map((n) => [u.record.line, n.properties.date, n.properties.summary]),
    );
    expect(meetings).toEqual([
      [5, '2016-01-05', 'To discuss civil service reform'],
      [6, '2016-01', 'Outsourcing'],
      [7, '2016-02-10', 'Digital transformation'],
    ]);
    expect(units.filter((u) => u.skipped).map((u) => [u.record.line, u.skipped])).toEqual([[8, 'nil return']]);
    expect(units.flatMap((u) => u.problems.filter((p) => p.severity !== 'warning'))).toEqual([]);
    // The title (a sheet's blank rows above its table are passed over uncounted, as in XLSX).
    expect(reader.unmapped()['(lines above the header)']).toBe(1);
  });

  it('refuses a password-protected document and one without content, saying why', async () => {
    const locked = path.join(tmp, 'locked.ods');
    await writeOds(locked, {
      content: 'encrypted bytes',
      manifest:
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>',
    });
    await expect(detectFormat(locked, 'locked.ods')).rejects.toThrow(/password-protected OpenDocument spreadsheet/);
    const broken = path.join(tmp, 'broken.ods');
    await writeOds(broken, { content: odsContent('', '<table:table table:name="A"><table:table-row>') });
    const err = await collect(
      createTabularReader({ path: broken, name: 'broken.ods', params: {} }, loadMapping('uk-ministers-meetings')),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/^broken\.ods cannot be imported: it is not a readable OpenDocument spreadsheet \(/);
  });

  it('keeps memory bounded whatever repeat counts a file states, and the row numbers right', async () => {
    const file = path.join(tmp, 'padding.ods');
    await writeOds(file, {
      content: odsContent(
        '',
        `<table:table table:name="S">${row(s('a'), blank(50_000_000), s('beyond the sheet'))}<table:table-row table:number-rows-repeated="1048570">${blank(1024)}</table:table-row>${row(
          s('late'),
          '<table:table-cell table:number-columns-repeated="2000" office:value-type="string"><text:p>x</text:p></table:table-cell>',
          s('after the repeats'),
        )}<table:table-row table:number-rows-repeated="5000000">${blank(1024)}</table:table-row>${row(s('past the last row'))}</table:table>`,
      ),
    });
    const rows = [];
    for await (const r of odsRows(file, 'padding.ods')) rows.push(r);
    // The value after 50 million blank cells is past the sheet's 16,384 columns.
    expect(rows[0]!.record).toEqual(['a']);
    // A run of a million blank rows comes as 1,024 of them; the row after it keeps its row number.
    expect(rows.filter((r) => r.record.length === 0)).toHaveLength(1024);
    const late = rows.find((r) => r.record[0] === 'late')!;
    expect(late.line).toBe(1_048_572);
    // A repeated value is every cell it stands for, so the cells after it stay in their columns.
    expect(late.record).toHaveLength(2002);
    expect(late.record[2001]).toBe('after the repeats');
    // Rows past the sheet's 1,048,576 are no part of it.
    expect(rows.some((r) => r.record[0] === 'past the last row')).toBe(false);
  });

  it("reads a covered cell as blank, leaves out a shape's text, and reads a string given as an attribute", async () => {
    const file = path.join(tmp, 'quirks.ods');
    await writeOds(file, {
      content: odsContent(
        '',
        `<table:table table:name="S">${row(
          '<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Merged</text:p></table:table-cell>',
          '<table:covered-table-cell office:value-type="string"><text:p>hidden</text:p></table:covered-table-cell>',
          '<table:table-cell office:value-type="string"><draw:frame draw:name="Shape 1"><draw:text-box><text:p>a note on a shape</text:p></draw:text-box></draw:frame><text:p>Visible</text:p></table:table-cell>',
          '<table:table-cell office:value-type="string" office:string-value="only the attribute"/>',
        )}</table:table>`,
      ),
    });
    const rows = [];
    for await (const r of odsRows(file, 'quirks.ods')) rows.push(r);
    expect(rows.map((r) => r.record)).toEqual([['Merged', '', 'Visible', 'only the attribute']]);
  });

  // Written by odfpy (OpenDocument's Python library), not by this project's writer: a Gifts sheet
  // before the Meetings sheet, a title and a blank row above the header, date cells with a day style
  // and with a month-and-year style, and a nil return.
  it('reads a workbook another program wrote: the meetings sheet, dates at the precision of their style', async () => {
    const name = 'cabinet-office-ministerial-gifts-hospitality-travel-and-meetings-july-to-september-2020.ods';
    const file = path.resolve(__dirname, '../../fixtures/tabular-variants', name);
    const reader = createTabularReader({ path: file, name, params: {} }, loadMapping('uk-ministers-meetings'));
    const units = await collect(reader);
    const meetings = units.flatMap((u) =>
      u.nodes.filter((n) => n.type === 'Meeting').map((n) => [u.record.line, n.properties.title, n.properties.date]),
    );
    expect(meetings).toEqual([
      [4, 'Oliver Dowden meets Confederation of British Industry', '2020-07-14'],
      [5, 'Oliver Dowden meets Institute for Government and Reform', '2020-08'],
    ]);
    expect(units.filter((u) => u.skipped).map((u) => u.skipped)).toEqual(['nil return']);
    expect(reader.unmapped()).toMatchObject({ '(sheet "Gifts": no header of the mapping)': 1, '(lines above the header)': 1 });
  });
});
