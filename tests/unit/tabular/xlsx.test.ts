// XLSX workbooks, written here with exceljs's writer: cells as Excel shows them (rich text, formulas,
// dates, numbers, booleans, hyperlinks, merges), blank rows and columns, the sheet by name or
// position, the reader's rows through a mapping (real dates at their format's precision whatever
// the declared formats, sheet row numbers, rows as CSV lines), and files that are not readable
// workbooks (.xls, encrypted, damaged), named with the reason.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';

import { ValidationError } from '../../../server/src/errors';
import { detectFormat, quarantineExtension } from '../../../server/src/import/pipeline/detect';
import type { RecordUnit } from '../../../server/src/import/pipeline/types';
import { createTabularReader } from '../../../server/src/import/tabular';
import {
  cellText,
  datePrecision,
  inspectSpreadsheetFile,
  numberText,
  xlsxRows,
  type TableRow,
} from '../../../server/src/import/tabular/xlsx';
import { collect } from './helpers';

const tmp = mkdtempSync(path.join(tmpdir(), 'liaison-xlsx-'));

async function workbook(name: string, fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function rows(file: string, sheet?: string | number): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of xlsxRows(file, path.basename(file), sheet === undefined ? {} : { sheet })) out.push(r);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<ValidationError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s));

describe('cells as Excel shows them', () => {
  let file: string;
  let got: TableRow[];
  let mergedRow = 0;
  let lastRow = 0;

  beforeAll(async () => {
    file = await workbook('cells.xlsx', (wb) => {
      const ws = wb.addWorksheet('Cells');
      const add = (kind: string, value?: ExcelJS.CellValue, numFmt?: string) => {
        const row = ws.addRow(value === undefined ? [kind] : [kind, value]);
        if (numFmt) row.getCell(2).numFmt = numFmt;
        return row.number;
      };
      add('kind', 'value');
      add('rich', { richText: [{ text: 'Tilray, ' }, { font: { bold: true }, text: 'Frank' }, { text: ' Farnel' }] });
      add('formula', { formula: 'B9*2', result: 24 });
      add('formula text', { formula: 'UPPER("a")', result: 'A' });
      add('date', utc(2021, 10, 27), 'dd/mm/yyyy');
      add('datetime', utc(2021, 10, 27, 14, 30), 'dd/mm/yyyy hh:mm');
      add('month', utc(2011, 10, 1), 'mmm-yy');
      add('noise', 12.000000001);
      add('sum', 0.1 + 0.2);
      add('fixed', 3.5, '0.00');
      add('thousands', 1234567, '#,##0');
      add('percent', 0.25, '0%');
      add('boolean', true);
      add('link', { text: 'GOV.UK', hyperlink: 'https://www.gov.uk/' });
      add('error', { error: '#N/A' });
      add('year', 2014);
      const merged = add('merged', 'top left');
      ws.getCell(`B${merged + 1}`).value = 'hidden under the merge';
      ws.mergeCells(`B${merged}:B${merged + 1}`);
      mergedRow = merged;
      // Row merged+1 holds only the merged-away cell; then a text, two blank rows and a last text.
      ws.getCell(`A${merged + 2}`).value = 'after merge';
      ws.getCell(`A${merged + 5}`).value = 'after two blank rows';
      lastRow = merged + 5;
      // Trailing blank rows and columns that only carry a style are not rows or columns.
      ws.getCell(`F${lastRow}`).numFmt = '0.00';
      ws.getCell(`A${lastRow + 8}`).numFmt = '0.00';
      ws.getCell(`B${lastRow + 9}`).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
    });
    got = await rows(file);
  });

  const value = (kind: string) => got.find((r) => r.record[0] === kind)?.record[1];

  it('rich text joined, formulas as their cached result, hyperlinks as their text, errors and booleans as shown', () => {
    expect(value('rich')).toBe('Tilray, Frank Farnel');
    expect(value('formula')).toBe('24');
    expect(value('formula text')).toBe('A');
    expect(value('link')).toBe('GOV.UK');
    expect(value('error')).toBe('#N/A');
    expect(value('boolean')).toBe('TRUE');
  });

  it('real dates as ISO text, with the precision their format shows', () => {
    expect(value('date')).toBe('2021-10-27');
    expect(value('datetime')).toBe('2021-10-27T14:30');
    expect(value('month')).toBe('2011-10-01');
    const dates = (kind: string) => got.find((r) => r.record[0] === kind)!.dates;
    expect(dates('date')?.get(1)).toBe('day');
    expect(dates('datetime')?.get(1)).toBe('day');
    expect(dates('month')?.get(1)).toBe('month');
    expect(dates('year')).toBeUndefined();
  });

  it('numbers without float noise, and in their number format', () => {
    expect(value('noise')).toBe('12');
    expect(value('sum')).toBe('0.3');
    expect(value('fixed')).toBe('3.50');
    expect(value('thousands')).toBe('1,234,567');
    expect(value('percent')).toBe('25%');
    expect(value('year')).toBe('2014');
  });

  it('a merge keeps its value in the top-left cell; blank rows inside the table are rows, trailing ones are not', () => {
    const merged = got.find((r) => r.record[0] === 'merged')!;
    expect([merged.line, merged.record]).toEqual([mergedRow, ['merged', 'top left']]);
    expect(got.slice(-5).map((r) => [r.line, r.record])).toEqual([
      [mergedRow + 1, []],
      [mergedRow + 2, ['after merge']],
      [mergedRow + 3, []],
      [mergedRow + 4, []],
      [lastRow, ['after two blank rows']],
    ]);
    expect(got.map((r) => r.line)).toEqual(Array.from({ length: lastRow }, (_, i) => i + 1));
    expect(Math.max(...got.map((r) => r.record.length))).toBe(2);
  });

  it('raw is the row as one CSV line (quoted where CSV needs it)', () => {
    expect(got[0]!.raw).toBe('kind,value');
    expect(got.find((r) => r.record[0] === 'rich')!.raw).toBe('rich,"Tilray, Frank Farnel"');
    expect(got.find((r) => r.record[0] === 'thousands')!.raw).toBe('thousands,"1,234,567"');
  });
});

describe('number formats and date formats, directly', () => {
  it('formats numbers as Excel shows them, General where a format is not handled', () => {
    expect(numberText(1.005, '0.00')).toBe('1.01');
    expect(numberText(-1234.5, '#,##0.00')).toBe('-1,234.50');
    expect(numberText(-1234.5, '#,##0.00;(#,##0.00)')).toBe('(1,234.50)');
    expect(numberText(0, '0.00;-0.00;"zero"')).toBe('zero');
    expect(numberText(2134, '00000')).toBe('02134');
    expect(numberText(0.125, '0.0%')).toBe('12.5%');
    expect(numberText(12345, '0.00E+00')).toBe('1.23E+04');
    expect(numberText(1500, '#,##0,"k"')).toBe('2k');
    expect(numberText(5, '[$€-407] #,##0.00')).toBe('€ 5.00');
    expect(numberText(1.5, '# ?/?')).toBe('1.5'); // fractions: General
    expect(numberText(123456789012, undefined)).toBe('123456789012');
    expect(numberText(-0.0000001, '0.00')).toBe('0.00');
  });

  it("tells a date format's precision, minutes from months", () => {
    expect(datePrecision('dd/mm/yyyy')).toBe('day');
    expect(datePrecision('mmm-yy')).toBe('month');
    expect(datePrecision('mmmm yyyy')).toBe('month');
    expect(datePrecision('yyyy')).toBe('year');
    expect(datePrecision('h:mm')).toBeNull();
    expect(datePrecision('[h]:mm:ss')).toBeNull();
    expect(datePrecision('m/d/yy h:mm')).toBe('day');
    expect(cellText(utc(1899, 12, 30, 10, 30), 'h:mm')).toEqual({ text: '10:30' });
    // A formula's cached date is a serial number; its cell's format says it is a date.
    expect(cellText({ formula: 'TODAY()', result: 44496 }, 'dd/mm/yyyy')).toEqual({ text: '2021-10-27', date: 'day' });
    expect(cellText('line_x000D_\nbreak', undefined)).toEqual({ text: 'line\r\nbreak' });
  });
});

describe('choosing the worksheet', () => {
  let file: string;
  beforeAll(async () => {
    file = await workbook('sheets.xlsx', (wb) => {
      wb.addWorksheet('About').addRow(['Notes on the register']);
      wb.addWorksheet('Meetings').addRow(['id', 'person']);
      wb.getWorksheet('Meetings')!.addRow(['r1', 'Ann']);
      wb.addWorksheet('Lookup').addRow(['code', 'name']);
    });
  });

  it('the first worksheet by default, else by name (ignoring case) or by position from 1', async () => {
    expect((await rows(file)).map((r) => r.record)).toEqual([['Notes on the register']]);
    expect((await rows(file, 'Meetings')).map((r) => r.record)).toEqual([
      ['id', 'person'],
      ['r1', 'Ann'],
    ]);
    expect((await rows(file, 'meetings')).length).toBe(2);
    expect((await rows(file, 3)).map((r) => r.record)).toEqual([['code', 'name']]);
  });

  it('a missing sheet is a clear error naming the sheets there are', async () => {
    for (const wanted of ['Minutes', 4] as const) {
      const error = await rejection(rows(file, wanted));
      expect(error.issues[0]).toMatchObject({ path: '$.read.sheet', code: 'missing_sheet' });
      expect(error.message).toContain('sheets.xlsx');
      expect(error.message).toContain('"About", "Meetings", "Lookup"');
    }
  });

  it('any sheet of a workbook of many, with no temporary file and no stray error left behind', async () => {
    // exceljs's writer stores xl/workbook.xml last; exceljs's own streaming pass lost that part (its
    // sheet names) on most reads of a ten-sheet workbook (exceljs#3064), and set aside the sheets
    // before the shared strings in temporary files whose late deletion was an uncaught error.
    const many = await workbook('many.xlsx', (wb) => {
      for (let i = 1; i <= 40; i++) wb.addWorksheet(`S${i}`).addRow([`sheet ${i}`]);
    });
    const strays = () => readdirSync(tmpdir()).filter((n) => n.startsWith(`tmp-${process.pid}-`));
    const before = strays();
    const stray: unknown[] = [];
    const catcher = (e: unknown) => stray.push(e);
    const listeners = process.rawListeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', catcher);
    try {
      for (let round = 0; round < 3; round++) {
        for (const n of [40, 10, 2]) expect((await rows(many, n)).map((r) => r.record)).toEqual([[`sheet ${n}`]]);
        expect((await rows(many, 'S25')).map((r) => r.record)).toEqual([['sheet 25']]);
        // and a preview that stops at the first row
        const it = xlsxRows(many, 'many.xlsx')[Symbol.asyncIterator]();
        expect((await it.next()).value).toMatchObject({ record: ['sheet 1'] });
        await it.return(undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.off('uncaughtException', catcher);
      for (const l of listeners) process.on('uncaughtException', l as (e: Error) => void);
    }
    expect(stray).toEqual([]);
    expect(strays()).toEqual(before);
  });

  it('follows the relationships: absolute targets, a workbook part elsewhere, sheet parts not named sheetN', async () => {
    const zip = await JSZip.loadAsync(readFileSync(file));
    const moved = new JSZip();
    for (const n of Object.keys(zip.files).filter((n) => !zip.files[n]!.dir)) {
      let body = await zip.file(n)!.async('string');
      let to = n;
      if (n === 'xl/workbook.xml') to = 'xl/book.xml';
      if (n === 'xl/_rels/workbook.xml.rels') {
        to = 'xl/_rels/book.xml.rels';
        body = body.replace('Target="worksheets/sheet2.xml"', 'Target="/xl/worksheets/meetings.xml"');
      }
      if (n === 'xl/worksheets/sheet2.xml') to = 'xl/worksheets/meetings.xml';
      if (n === '_rels/.rels' || n === '[Content_Types].xml')
        body = body.replaceAll('xl/workbook.xml', 'xl/book.xml').replaceAll('sheet2.xml', 'meetings.xml');
      moved.file(to, body);
    }
    const odd = path.join(tmp, 'odd-parts.xlsx');
    writeFileSync(odd, await moved.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(inspectSpreadsheetFile(odd)).toEqual({ kind: 'workbook', format: 'xlsx' });
    expect((await rows(odd, 'Meetings')).map((r) => r.record)).toEqual([
      ['id', 'person'],
      ['r1', 'Ann'],
    ]);
    expect((await rows(odd, 3)).map((r) => r.record)).toEqual([['code', 'name']]);
  });

  it('reads the same when the sheets come after the shared strings in the zip (streamed straight, not set aside)', async () => {
    // exceljs (like Excel) stores the sheets first; a zip in the other order takes exceljs's other path.
    const zip = await JSZip.loadAsync(readFileSync(file));
    const reordered = new JSZip();
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    const sheet = (n: string) => n.startsWith('xl/worksheets/');
    for (const n of [...names.filter((n) => !sheet(n)), ...names.filter(sheet)]) reordered.file(n, await zip.file(n)!.async('nodebuffer'));
    const straight = path.join(tmp, 'sheets-last.xlsx');
    writeFileSync(straight, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect((await rows(straight, 'Meetings')).map((r) => r.record)).toEqual([
      ['id', 'person'],
      ['r1', 'Ann'],
    ]);
    expect((await rows(straight, 3)).map((r) => r.record)).toEqual([['code', 'name']]);
    expect((await rows(straight)).map((r) => r.record)).toEqual([['Notes on the register']]);
    expect((await rejection(rows(straight, 'Minutes'))).issues[0]!.code).toBe('missing_sheet');
  });
});

describe('the spreadsheet reader on a workbook', () => {
  const mapping = {
    title: 'Visits',
    read: { sheet: 'Visits', headerLine: 2 },
    source: { id: 'src-visits-{file.stem|slug}', title: 'Visits {file.name}' },
    columns: {
      host: { header: 'Host', fillDown: true },
      date: { header: 'Date', type: 'date', fillDown: true, date: { formats: ['dd-MM-yyyy'] } },
      guest: { header: 'Guest' },
    },
    skip: [{ empty: true }],
    entities: {
      visit: {
        type: 'Meeting',
        id: 'visit-{row}',
        properties: { title: '{host} meets {guest}', kind: 'visit', status: 'held', date: '{date}' },
      },
    },
  };
  let file: string;
  let units: RecordUnit[];
  let reader: ReturnType<typeof createTabularReader>;

  beforeAll(async () => {
    file = await workbook('visits.xlsx', (wb) => {
      wb.addWorksheet('Cover').addRow(['nothing here']);
      const ws = wb.addWorksheet('Visits');
      ws.getCell('A1').value = 'Visits register';
      ws.addRow(['Host', 'Date', 'Guest']);
      ws.addRow(['Ann Smith', utc(2021, 10, 27), 'Acme, Inc.']);
      ws.getCell('B3').numFmt = 'd mmmm yyyy';
      ws.addRow(['', '', 'Bob Jones']); // as above
      ws.addRow([]);
      ws.addRow(['Cy Doe', utc(2011, 10, 1), 'Dee']);
      ws.getCell('B6').numFmt = 'mmm-yy';
      ws.addRow(['Eve Roe', '27-10-2020', 'Fay']); // a date written as text: the declared formats read it
      ws.addRow(['Gus Poe', 'soon', 'Hal']);
    });
    reader = createTabularReader({ path: file, name: 'visits.xlsx', params: {} }, mapping);
    units = await collect(reader);
  });

  it('records sit at their sheet row; real dates are read whatever the declared formats, at their precision', () => {
    const read = units.filter((u) => !u.skipped);
    expect(read.map((u) => [u.record.line, u.record.row, u.nodes[0]?.properties.date])).toEqual([
      [3, 1, '2021-10-27'],
      [4, 2, '2021-10-27'], // filled down with the date above
      [6, 4, '2011-10'],
      [7, 5, '2020-10-27'],
      [8, 6, undefined],
    ]);
    expect(units.find((u) => u.skipped)!.record.line).toBe(5);
    expect(read[1]!.nodes[0]!.properties.title).toBe('Ann Smith meets Bob Jones');
  });

  it('a bad cell is a problem with its value; raw and the quarantine header are CSV lines', () => {
    const bad = units.find((u) => u.record.line === 8)!;
    expect(bad.problems).toEqual([expect.objectContaining({ rule: 'date_format', field: 'date', value: 'soon' })]);
    expect(bad.record.raw).toBe('Gus Poe,soon,Hal');
    expect(bad.raw).toBe('Gus Poe,soon,Hal\n');
    expect(units[0]!.record.raw).toBe('Ann Smith,2021-10-27,"Acme, Inc."');
    expect(reader.quarantineHeader?.()).toBe('Host,Date,Guest\n');
    expect(units[0]!.record.file).toBe('visits.xlsx');
  });

  it('stops early without hanging (a preview reads the first rows) and reads again the same', async () => {
    const again = createTabularReader({ path: file, name: 'visits.xlsx', params: {} }, mapping);
    for await (const u of again.records()) {
      expect(u.record.line).toBe(3);
      break;
    }
    expect((await collect(createTabularReader({ path: file, name: 'visits.xlsx', params: {} }, mapping))).length).toBe(units.length);
  });

  it('a workbook named .csv (an upload without a name) is still read as a workbook', async () => {
    const copy = path.join(tmp, 'upload.csv');
    writeFileSync(copy, readFileSync(file));
    const read = await collect(createTabularReader({ path: copy, name: 'upload.csv', params: {} }, mapping));
    expect(read.map((u) => u.record.line)).toEqual(units.map((u) => u.record.line));
  });
});

describe('what a file is', () => {
  let xlsx: string;
  beforeAll(async () => {
    xlsx = await workbook('book.xlsx', (wb) => wb.addWorksheet('S').addRow(['a']));
  });

  it('a workbook by extension or by its bytes takes the spreadsheet path; its quarantine is CSV', async () => {
    expect(inspectSpreadsheetFile(xlsx)).toEqual({ kind: 'workbook', format: 'xlsx' });
    expect(await detectFormat(xlsx, 'book.xlsx')).toBe('csv');
    expect(await detectFormat(xlsx, 'data')).toBe('csv');
    expect(quarantineExtension('book.xlsx')).toBe('.csv');
    expect(quarantineExtension('book.tsv')).toBe('.tsv');
    // A Liaison CSV export is a zip too, and stays one.
    const zip = new JSZip();
    zip.file('nodes.csv', 'id,type\n');
    const exportZip = path.join(tmp, 'export.zip');
    writeFileSync(exportZip, await zip.generateAsync({ type: 'nodebuffer' }));
    expect(await detectFormat(exportZip, 'export.zip')).toBe('csv-zip');
  });

  const cfb = (extra: Buffer = Buffer.alloc(0)) => {
    const head = Buffer.alloc(1536);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(head);
    head.writeUInt16LE(9, 0x1e); // 512-byte sectors
    head.writeUInt32LE(0, 0x30); // the directory in sector 0 (offset 512)
    extra.copy(head, 512);
    return head;
  };

  it.each([
    ['old.xls', () => cfb(Buffer.from('Workbook', 'utf16le')), /Excel 97–2003 workbook/, true],
    ['secret.xlsx', () => cfb(Buffer.from('EncryptedPackage', 'utf16le')), /password-protected/, true],
    ['half.xlsx', () => readFileSync(xlsx).subarray(0, 600), /damaged or truncated/, true],
    ['notes.xlsx', () => Buffer.from('id,name\n1,Ann\n'), /no workbook/, false],
    ['html.xls', () => Buffer.from('<html><table><tr><td>1</td></tr></table></html>'), /no Excel workbook/, false],
  ])('%s: a ValidationError naming the file and why', async (name, bytes, why, alsoForced) => {
    const file = path.join(tmp, name);
    writeFileSync(file, bytes());
    const error = await rejection(detectFormat(file, name));
    expect(error.issues[0]).toMatchObject({ code: 'unreadable_workbook' });
    expect(error.message).toContain(name);
    expect(error.message).toMatch(why);
    // Read as a spreadsheet all the same (--format csv), it is the same answer.
    if (alsoForced) {
      const forced = await rejection(
        collect(
          createTabularReader({ path: file, name, params: {} }, { title: 't', source: { id: 's', title: 't' }, columns: {}, entities: {} }),
        ),
      );
      expect(forced.issues[0]).toMatchObject({ code: 'unreadable_workbook' });
      expect(forced.message).toMatch(why);
    }
  });

  it('a workbook whose sheet XML is broken is a ValidationError naming it, not a crash', async () => {
    const zip = await JSZip.loadAsync(readFileSync(xlsx));
    zip.file('xl/worksheets/sheet1.xml', '<worksheet><sheetData><row r="1"><c></row>');
    const broken = path.join(tmp, 'broken.xlsx');
    writeFileSync(broken, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await detectFormat(broken, 'broken.xlsx')).toBe('csv');
    const error = await rejection(rows(broken));
    expect(error.issues[0]).toMatchObject({ code: 'unreadable_workbook' });
    expect(error.message).toContain('broken.xlsx');
  });
});
