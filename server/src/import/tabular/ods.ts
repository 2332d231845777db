// OpenDocument spreadsheets (.ods, as LibreOffice and GOV.UK's open-standards releases write
// them) for the spreadsheet reader: one table of content.xml streamed through saxes into the rows
// the CSV and XLSX paths yield — the cells as shown, real dates as ISO text at the precision their
// date style shows — so that headers, fill-down, skips and groups are shared.
import { type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

import { stringify } from 'csv-stringify/sync';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

import { LiaisonError } from '../../errors';
import { ZipParts, missingSheet, workbookError, type DatePrecision, type SheetChoice, type TableRow } from './xlsx';

/**
 * A row repeated more than this many times is a sheet's padding (LibreOffice writes the unused rest
 * of a sheet as one row repeated a million times): a run of blank rows, or a row with values
 * repeated, is read this many times at most, the row numbers after it still counting every row.
 */
const REPEAT_LIMIT = 1024;
/** A sheet's size in LibreOffice and Excel: cells and rows beyond it are no part of any table. */
const MAX_COLUMNS = 16_384;
const MAX_ROWS = 1_048_576;

/** What a date style (number:date-style) shows: the precision its date cells are read at. */
type DateStyles = Map<string, DatePrecision>;

/**
 * Reads the styles of one part: number:date-style names and what they show; style:style names
 * (table cells) and the data style each uses. Called on styles.xml, then on content.xml's
 * automatic styles (which come before its body, so the same streaming pass collects them).
 */
class StyleCollector {
  readonly dateStyles: DateStyles = new Map();
  /** Cell style → its data style's name. */
  readonly cellStyles = new Map<string, string>();
  private current: { name: string; parts: Set<string> } | undefined;

  open(tag: SaxesTagPlain): void {
    const a = tag.attributes;
    if (tag.name === 'number:date-style') {
      this.current = { name: a['style:name'] ?? '', parts: new Set() };
      if (tag.isSelfClosing) this.close(tag.name);
    } else if (this.current && tag.name.startsWith('number:')) this.current.parts.add(tag.name.slice(7));
    else if (tag.name === 'style:style' && a['style:data-style-name'] && a['style:name'])
      this.cellStyles.set(a['style:name'], a['style:data-style-name']);
  }

  close(name: string): void {
    if (name !== 'number:date-style' || !this.current) return;
    const { parts } = this.current;
    this.dateStyles.set(this.current.name, parts.has('day') ? 'day' : parts.has('month') ? 'month' : parts.has('year') ? 'year' : 'day');
    this.current = undefined;
  }

  /** The precision a cell of this style shows its date at (a day when the style says nothing). */
  precision(cellStyle: string | undefined): DatePrecision {
    const data = cellStyle ? this.cellStyles.get(cellStyle) : undefined;
    return (data ? this.dateStyles.get(data) : undefined) ?? 'day';
  }
}

/** Feeds a part's XML, as it inflates, to a parser; the handlers see every tag and text in order. */
async function* parsePart(
  stream: Readable,
  handlers: { open(tag: SaxesTagPlain): void; close(name: string): void; text(t: string): void },
  drain: () => TableRow[],
  stop: () => boolean = () => false,
): AsyncGenerator<TableRow> {
  const parser = new SaxesParser();
  let failure: Error | undefined;
  parser.on('opentag', (tag) => {
    handlers.open(tag);
    if (tag.isSelfClosing) handlers.close(tag.name);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) handlers.close(tag.name);
  });
  parser.on('text', (t) => handlers.text(t));
  parser.on('error', (e) => {
    failure ??= e;
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of stream) {
    parser.write(decoder.write(chunk as Buffer));
    if (failure) throw failure;
    yield* drain();
    // What is left of the part is not needed (the sheet has been read): the stream is closed with the zip.
    if (stop()) return;
  }
  parser.write(decoder.end());
  parser.close();
  if (failure) throw failure;
  yield* drain();
}

function isoDate(value: string): string {
  // office:date-value is xsd:dateTime or xsd:date: 2016-01-05, 2016-01-05T10:30:00 (fractions of seconds dropped).
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi, s] = m;
  const date = `${y}-${mo}-${d}`;
  if (!h || (h === '00' && mi === '00' && (!s || s === '00'))) return date;
  return `${date}T${h}:${mi}${s && s !== '00' ? `:${s}` : ''}`;
}

function pickTable(index: number, name: string, wanted: string | number | undefined): boolean {
  if (wanted === undefined) return index === 0;
  if (typeof wanted === 'number') return index === wanted - 1;
  const key = (s: string) => s.trim().toLowerCase();
  return name === wanted || key(name) === key(wanted) || (/^\d+$/.test(wanted.trim()) && index === Number(wanted) - 1);
}

/**
 * The rows of one sheet of an OpenDocument spreadsheet (`sheet`: a name or a 1-based position; the
 * first by default). As for XLSX: blank rows come only before a row with content, cells after a
 * row's last value are left out, a row's `raw` is its cells as a CSV line, and each row's `line` is
 * its row number. Memory: the styles and the rows of one chunk of content.xml, which is inflated
 * and parsed as it streams (a run of blank or repeated rows is REPEAT_LIMIT rows at most, a row
 * MAX_COLUMNS cells at most, however large the repeat counts a file states); the sheets after the
 * one read are not parsed.
 */
export async function* odsRows(file: string, name: string, o: SheetChoice = {}): AsyncGenerator<TableRow> {
  let zip: ZipParts | undefined;
  try {
    zip = ZipParts.open(file);
    if (!zip.has('content.xml')) throw workbookError(name, 'it is an OpenDocument file without content.xml');
    const styles = new StyleCollector();
    if (zip.has('styles.xml'))
      for await (const _ of parsePart(
        zip.stream('styles.xml'),
        { open: (t) => styles.open(t), close: (n) => styles.close(n), text: () => {} },
        () => [],
      ))
        void _;

    const out: TableRow[] = [];
    const tables: string[] = [];
    let reading = false;
    let done = false;
    let rowNumber = 0;
    let pendingBlank = 0;
    let rowRepeat = 1;
    let record: string[] = [];
    let dates: Map<number, DatePrecision> | undefined;
    /** Default cell styles of the table's columns, by column (a cell without a style takes its column's). */
    let columnStyles: Array<string | undefined> = [];
    let cell:
      | { repeat: number; type?: string; value?: string; style?: string; paragraphs: string[]; inText: boolean; covered: boolean }
      | undefined;
    /** Depth inside an office:annotation (a comment) or a draw: element (a shape anchored to the
     * cell): their text is no part of the cell's. */
    let note = 0;

    const append = (text: string) => {
      if (!cell || note > 0 || !cell.inText) return;
      cell.paragraphs[cell.paragraphs.length - 1] += text;
    };
    /** Blank cells not yet written: written only when a cell with a value follows them in the row. */
    let blankCells = 0;
    const endRow = () => {
      blankCells = 0;
      while (record.length > 0 && record[record.length - 1] === '') record.pop();
      if (record.length === 0) {
        pendingBlank += rowRepeat;
      } else if (rowNumber + pendingBlank < MAX_ROWS) {
        // The blank rows above come as rows (a table's blank lines), a run of them REPEAT_LIMIT at most.
        for (let b = 0; b < Math.min(pendingBlank, REPEAT_LIMIT); b++) out.push({ record: [], raw: '', line: rowNumber + b + 1 });
        rowNumber += pendingBlank;
        pendingBlank = 0;
        const times = Math.min(rowRepeat, REPEAT_LIMIT, MAX_ROWS - rowNumber);
        const raw = stringify([record], { eof: false });
        const row = record;
        for (let t = 0; t < times; t++) {
          rowNumber += 1;
          out.push(dates ? { record: row, raw, line: rowNumber, dates } : { record: row, raw, line: rowNumber });
        }
        rowNumber += rowRepeat - times;
      }
      record = [];
      dates = undefined;
    };
    const endCell = () => {
      if (!cell) return;
      let text = cell.paragraphs.join('\n');
      let precision: DatePrecision | undefined;
      if (cell.covered) text = '';
      else if (cell.type === 'date' && cell.value) {
        precision = styles.precision(cell.style ?? columnStyles[record.length + blankCells]);
        text = isoDate(cell.value);
      } else if (text === '' && cell.value !== undefined) text = cell.value;
      if (text === '') blankCells = Math.min(blankCells + cell.repeat, MAX_COLUMNS);
      else if (record.length + blankCells < MAX_COLUMNS) {
        for (; blankCells > 0; blankCells--) record.push('');
        for (let t = Math.min(cell.repeat, MAX_COLUMNS - record.length); t > 0; t--) {
          if (precision) (dates ??= new Map()).set(record.length, precision);
          record.push(text);
        }
      }
      cell = undefined;
    };

    const handlers = {
      open(tag: SaxesTagPlain) {
        const a = tag.attributes;
        switch (tag.name) {
          case 'table:table': {
            const index = tables.length;
            tables.push(a['table:name'] ?? `Sheet${index + 1}`);
            reading = !done && pickTable(index, tables[index]!, o.sheet);
            if (reading) o.onSheet?.(tables[index]!);
            columnStyles = [];
            return;
          }
          case 'table:table-column':
            if (reading) {
              const n = Math.min(Number(a['table:number-columns-repeated'] ?? 1) || 1, 16_384);
              for (let i = 0; i < n; i++) columnStyles.push(a['table:default-cell-style-name']);
            }
            return;
          case 'table:table-row':
            if (reading) rowRepeat = Math.max(1, Number(a['table:number-rows-repeated'] ?? 1) || 1);
            return;
          case 'table:table-cell':
          case 'table:covered-table-cell':
            if (reading)
              cell = {
                repeat: Math.min(Math.max(1, Number(a['table:number-columns-repeated'] ?? 1) || 1), MAX_COLUMNS),
                type: a['office:value-type'],
                value:
                  a['office:date-value'] ??
                  a['office:value'] ??
                  a['office:boolean-value'] ??
                  a['office:string-value'] ??
                  a['office:time-value'],
                style: a['table:style-name'],
                paragraphs: [],
                inText: false,
                // A cell covered by a merge shows nothing (its value, if any, is hidden): blank, as in XLSX.
                covered: tag.name === 'table:covered-table-cell',
              };
            return;
          case 'office:annotation':
            note += 1;
            return;
          case 'text:p':
          case 'text:h':
            if (cell && note === 0) {
              cell.paragraphs.push('');
              cell.inText = true;
            }
            return;
          case 'text:s':
            append(' '.repeat(Math.min(Number(a['text:c'] ?? 1) || 1, 1000)));
            return;
          case 'text:tab':
            append('\t');
            return;
          case 'text:line-break':
            append('\n');
            return;
          default:
            if (cell && tag.name.startsWith('draw:')) note += 1;
            else if (!reading) styles.open(tag);
        }
      },
      close(n: string) {
        switch (n) {
          case 'table:table':
            if (reading) {
              reading = false;
              done = true;
            }
            return;
          case 'table:table-row':
            if (reading) endRow();
            return;
          case 'table:table-cell':
          case 'table:covered-table-cell':
            if (reading) endCell();
            return;
          case 'office:annotation':
            note = Math.max(0, note - 1);
            return;
          case 'text:p':
          case 'text:h':
            if (cell && note === 0) cell.inText = false;
            return;
          default:
            if (cell && n.startsWith('draw:')) note = Math.max(0, note - 1);
            else if (!reading) styles.close(n);
        }
      },
      text(t: string) {
        append(t);
      },
    };
    // The sheet's rows as they parse; once it has been read, the rest of content.xml is not needed.
    yield* parsePart(
      zip.stream('content.xml'),
      handlers,
      () => out.splice(0),
      () => done,
    );
    if (!done) {
      if (tables.length === 0) throw workbookError(name, 'it is an OpenDocument file without a sheet (no table in content.xml)');
      throw missingSheet(name, o.sheet!, tables, 'sheet');
    }
  } catch (error) {
    if (error instanceof LiaisonError) throw error;
    throw workbookError(name, `it is not a readable OpenDocument spreadsheet (${(error as Error).message.split('\n')[0]})`);
  } finally {
    zip?.close();
  }
}
