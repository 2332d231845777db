// XLSX workbooks for the spreadsheet reader: one worksheet streamed (exceljs's parsers) into
// the same rows the CSV path yields — the cells as Excel shows them, real dates as ISO text, the
// row as one CSV line — so that everything after (headers, fill-down, skips, groups) is shared.
// Also what a file that claims to be a workbook is (XLSX, or an OpenDocument spreadsheet that
// ods.ts reads), read from its bytes without unzipping it.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

import { stringify } from 'csv-stringify/sync';
import type * as ExcelJS from 'exceljs';

import { LiaisonError, ValidationError } from '../../errors';

/** What a date cell's number format shows of it; the date column reads the cell at that precision. */
export type DatePrecision = 'year' | 'month' | 'day';

/** Which sheet of a workbook to read (a name, or a position from 1; the first by default), and a
 * callback told the name of the sheet that is read. */
export interface SheetChoice {
  sheet?: string | number;
  onSheet?: (name: string) => void;
}

/** One row of a table, from a CSV file or a worksheet. */
export interface TableRow {
  record: string[];
  /** The row as read (a CSV line; for a worksheet, its cells written as one), without its line break. */
  raw: string;
  /** Physical line of a CSV file where the row starts; a worksheet's row number. */
  line: number;
  /** Worksheets: the columns (0-based) whose cell was a real date, with what its format shows. */
  dates?: ReadonlyMap<number, DatePrecision>;
}

// ---------------------------------------------------------------------------------------------
// What the file is: an XLSX workbook (a zip whose [Content_Types].xml names spreadsheetml), text,
// or something a user may take for a workbook but that cannot be read (.xls, encrypted, damaged).

export type SpreadsheetFile =
  | { kind: 'text' }
  /** An XLSX workbook, or an OpenDocument spreadsheet (read by ods.ts). */
  | { kind: 'workbook'; format: 'xlsx' | 'ods' }
  /** `spreadsheet`: it is a spreadsheet of a kind not read (so no other reader should try it). */
  | { kind: 'other'; zip: boolean; spreadsheet: boolean; why: string };

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  /** Of the part's local header. */
  offset: number;
}

const ZIP32_MAX = 0xffffffff;
/** A worksheet's part (xl/worksheets/sheetN.xml as a rule); N, where there is one, is exceljs's sheet number. */
const SHEET_PART = /(?:^|\/)worksheets\/[^/]*?(\d*)\.xml$/i;

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, length));
  const n = length > 0 ? readSync(fd, buf, 0, length, position) : 0;
  return buf.subarray(0, n);
}

/** The zip's table of contents, read from its end (nothing inflated); null when there is none to read. */
function zipEntries(fd: number, size: number): ZipEntry[] | null {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = readAt(fd, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  if (end < 0) return null;
  let cdSize = tail.readUInt32LE(end + 12);
  let cdOffset = tail.readUInt32LE(end + 16);
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // Zip64: the locator of the larger end record sits just before the classic one.
    const at = end - 20;
    if (at < 0 || tail.readUInt32LE(at) !== 0x07064b50) return null;
    const z64 = readAt(fd, Number(tail.readBigUInt64LE(at + 8)), 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== 0x06064b50) return null;
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 ** 2) return null;
  const cd = readAt(fd, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const uncompressed = cd.readUInt32LE(p + 24);
    let compressedSize = cd.readUInt32LE(p + 20);
    let offset = cd.readUInt32LE(p + 42);
    if (compressedSize === ZIP32_MAX || offset === ZIP32_MAX) {
      // Zip64: the real values sit in the extra field 0x0001, in this order, only for those maxed out.
      const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
      for (let x = 0; x + 4 <= extra.length; x += 4 + extra.readUInt16LE(x + 2)) {
        if (extra.readUInt16LE(x) !== 1) continue;
        let at = x + 4;
        const next = () => {
          const v = at + 8 <= extra.length ? Number(extra.readBigUInt64LE(at)) : ZIP32_MAX;
          at += 8;
          return v;
        };
        if (uncompressed === ZIP32_MAX) next();
        if (compressedSize === ZIP32_MAX) compressedSize = next();
        if (offset === ZIP32_MAX) offset = next();
        break;
      }
    }
    entries.push({
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize,
      offset,
    });
    p += 46 + nameLength + extraLength + cd.readUInt16LE(p + 32);
  }
  return entries.length > 0 ? entries : null;
}

/** A small entry's text ([Content_Types].xml, mimetype); null when it cannot be had cheaply. */
function entryText(fd: number, e: ZipEntry): string | null {
  if (e.flags & 1 || e.compressedSize > 1024 ** 2) return null;
  const local = readAt(fd, e.offset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) return null;
  const data = readAt(fd, e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), e.compressedSize);
  try {
    if (e.method === 0) return data.toString('utf8');
    if (e.method === 8) return inflateRawSync(data, { maxOutputLength: 8 * 1024 ** 2 }).toString('utf8');
  } catch {
    return null;
  }
  return null;
}

/** An OLE2 compound file: an Excel 97–2003 workbook, or an OOXML workbook encrypted with a password. */
function compoundWhy(fd: number, head: Buffer): string {
  // The first directory sector names the streams; an encrypted workbook's are EncryptionInfo and EncryptedPackage.
  const sectorSize = 2 ** (head.length >= 0x20 ? head.readUInt16LE(0x1e) : 9);
  const dirSector = head.length >= 0x34 ? head.readUInt32LE(0x30) : 0;
  const dir = sectorSize <= 4096 ? readAt(fd, (dirSector + 1) * sectorSize, sectorSize) : Buffer.alloc(0);
  if (dir.includes(ENCRYPTED_PACKAGE) || readAt(fd, 0, 256 * 1024).includes(ENCRYPTED_PACKAGE))
    return 'it is a password-protected (encrypted) workbook; open it in Excel, remove the password (File › Info › Protect Workbook) and save it as .xlsx';
  return 'it is an Excel 97–2003 workbook (.xls, or another old Office document), which is not read; save it as an Excel Workbook (.xlsx) or as CSV';
}

/** What a file is, for the spreadsheet reader and format detection: from its first bytes and, for a zip, its table of contents. */
export function inspectSpreadsheetFile(file: string): SpreadsheetFile {
  const fd = openSync(file, 'r');
  try {
    const head = readAt(fd, 0, 512);
    if (head.subarray(0, 8).equals(CFB_MAGIC)) return { kind: 'other', zip: false, spreadsheet: true, why: compoundWhy(fd, head) };
    if (!(head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5))) return { kind: 'text' };
    const entries = zipEntries(fd, fstatSync(fd).size);
    if (!entries)
      return {
        kind: 'other',
        zip: true,
        spreadsheet: false,
        why: 'it is a damaged or truncated zip (its table of contents cannot be read)',
      };
    const types = entries.find((e) => e.name === '[Content_Types].xml');
    const typesText = types ? entryText(fd, types) : null;
    if (typesText !== null ? /spreadsheetml/i.test(typesText) : entries.some((e) => e.name === 'xl/workbook.xml')) {
      if (entries.some((e) => e.flags & 1))
        return { kind: 'other', zip: true, spreadsheet: true, why: 'its parts are encrypted (a zip password); save it without one' };
      if (!entries.some((e) => SHEET_PART.test(e.name)))
        return {
          kind: 'other',
          zip: true,
          spreadsheet: true,
          why: 'it is a workbook without a worksheet to read (no part under xl/worksheets/: charts only?)',
        };
      return { kind: 'workbook', format: 'xlsx' };
    }
    const mimetype = entries.find((e) => e.name === 'mimetype');
    if (mimetype && /opendocument\.spreadsheet/.test(entryText(fd, mimetype) ?? '')) {
      // A password-protected document's parts are encrypted with keys its manifest describes.
      const manifest = entries.find((e) => e.name === 'META-INF/manifest.xml');
      if (manifest && /encryption-data/.test(entryText(fd, manifest) ?? ''))
        return {
          kind: 'other',
          zip: true,
          spreadsheet: true,
          why: 'it is a password-protected OpenDocument spreadsheet; open it, remove the password (File › Properties) and save it again',
        };
      if (!entries.some((e) => e.name === 'content.xml'))
        return { kind: 'other', zip: true, spreadsheet: true, why: 'it is an OpenDocument spreadsheet without content.xml (damaged?)' };
      return { kind: 'workbook', format: 'ods' };
    }
    return {
      kind: 'other',
      zip: true,
      spreadsheet: false,
      why: 'it is a zip, but not an XLSX workbook (no [Content_Types].xml naming a spreadsheetml workbook)',
    };
  } finally {
    closeSync(fd);
  }
}

/** The error for a file that is, or claims to be, a workbook and cannot be read: it names the file and why. */
export function workbookError(name: string, why: string): ValidationError {
  return new ValidationError(`${name} cannot be imported: ${why}.`, [
    { path: 'file', message: `${name}: ${why}`, code: 'unreadable_workbook' },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Cells: text as written, numbers and dates as the cell's number format shows them.

/** A number format without its literals, colours, locales and padding: what is left says what it shows. */
function formatTokens(fmt: string): string {
  return fmt
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/[_*]./g, '')
    .replace(/AM\/PM|A\/P/gi, '');
}

/** Whether a number format shows a date or time (as exceljs decides it, which turned the cell into a Date). */
function isDateFormat(fmt: string | undefined): boolean {
  return !!fmt && /[ymdhsb]/i.test(formatTokens(fmt).replace(/General/gi, ''));
}

/** The precision a date format shows: day, month or year; null for a time of day only ("h:mm"). */
export function datePrecision(fmt: string | undefined): DatePrecision | null {
  if (!fmt) return 'day';
  const t = formatTokens(fmt).toLowerCase();
  // An "m" right after hours or right before seconds is minutes, not the month.
  const months = t.replace(/h+[^a-z]*m+/g, 'h').replace(/m+([^a-z]*s)/g, '$1');
  if (/d/.test(t)) return 'day';
  if (/m/.test(months)) return 'month';
  if (/y|e/.test(t)) return 'year';
  return null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Serial → the wall-clock time it stands for (exceljs's reckoning: 1900 system, or 1904). */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/** ISO text of a date cell: yyyy-MM-dd, with THH:mm[:ss] when it has a time; a time of day only as HH:mm[:ss]. */
export function dateText(d: Date, precision: DatePrecision | null): string {
  const ms = Math.round(d.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return '';
  const t = new Date(ms);
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}${t.getUTCSeconds() ? `:${pad(t.getUTCSeconds())}` : ''}`;
  // Excel's day 0 (1899-12-30, 1899-12-31 in its 1900 system): the cell holds a time and no date.
  if (precision === null && ms < Date.UTC(1900, 0, 1)) return time;
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  return ms % 86_400_000 === 0 ? date : `${date}T${time}`;
}

/**
 * Excel's General format without its column width: integers in full (to Excel's 15 digits), other
 * numbers to 10 significant digits, so the float noise of a computed cell does not show.
 */
export function generalNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(Math.abs(v) < 1e15 ? v : Number(v.toPrecision(15)));
  return String(Number(v.toPrecision(10)));
}

/** Rounds half away from zero at `decimals`, on the decimal text of x (so 1.005 → 1.01, as Excel does). */
function fixed(x: number, decimals: number): string {
  const [m, e = '0'] = String(Number(x.toPrecision(15))).split('e');
  const shifted = Math.round(Number(`${m}e${Number(e) + decimals}`));
  return Number(`${shifted}e-${decimals}`).toFixed(decimals);
}

function splitSections(code: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') quoted = !quoted;
    if (c === '\\' && !quoted) {
      cur += c + (code[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === ';' && !quoted) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

/** One section of a number format applied to a non-negative number; undefined for what is not handled (fractions, conditions). */
function formatSection(abs: number, section: string): string | undefined {
  if (/^\s*general\s*$/i.test(section)) return generalNumber(abs);
  const parts: Array<{ lit: string } | { ph: string }> = [];
  let percent = 0;
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    if (c === '"') {
      const close = section.indexOf('"', i + 1);
      const end = close < 0 ? section.length : close;
      parts.push({ lit: section.slice(i + 1, end) });
      i = end;
    } else if (c === '\\') parts.push({ lit: section[++i] ?? '' });
    else if (c === '_') {
      parts.push({ lit: ' ' });
      i++;
    } else if (c === '*') i++;
    else if (c === '[') {
      const close = section.indexOf(']', i);
      if (close < 0) return undefined;
      const inner = section.slice(i + 1, close);
      if (/^[<>=]/.test(inner)) return undefined;
      // [$€-407] is a currency symbol; [Red], [$-409] and the like show nothing.
      if (inner.startsWith('$')) parts.push({ lit: inner.slice(1).split('-')[0]! });
      i = close;
    } else if ('0#?.,'.includes(c)) parts.push({ ph: c });
    else if ((c === 'E' || c === 'e') && (section[i + 1] === '+' || section[i + 1] === '-')) {
      parts.push({ ph: `E${section[i + 1]}` });
      i++;
    } else if (c === '%') {
      percent++;
      parts.push({ lit: '%' });
    } else if (c === '/' || c === '@') return undefined;
    else parts.push({ lit: c });
  }
  const first = parts.findIndex((p) => 'ph' in p);
  if (first < 0) return parts.map((p) => ('lit' in p ? p.lit : '')).join('');
  let last = first;
  parts.forEach((p, i) => {
    if ('ph' in p) last = i;
  });
  // Literals among the digits ("000-00-0000") are not placed digit by digit here.
  if (parts.slice(first, last + 1).some((p) => 'lit' in p && p.lit !== '%')) return undefined;
  const pattern = parts
    .slice(first, last + 1)
    .map((p) => ('ph' in p ? p.ph : ''))
    .join('');
  const before = parts
    .slice(0, first)
    .map((p) => ('lit' in p ? p.lit : ''))
    .join('');
  const after = parts
    .slice(last + 1)
    .map((p) => ('lit' in p ? p.lit : ''))
    .join('');
  const sci = /E[+-]/.exec(pattern);
  const mantissa = sci ? pattern.slice(0, sci.index) : pattern;
  const dot = mantissa.indexOf('.');
  let intPattern = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const decPattern = dot < 0 ? undefined : mantissa.slice(dot + 1).replace(/[.,]/g, '');
  // Commas after the last integer digit scale by a thousand each ("#,##0," shows thousands).
  const scale = /,+$/.exec(intPattern)?.[0].length ?? 0;
  intPattern = intPattern.slice(0, intPattern.length - scale);
  const grouping = intPattern.includes(',');
  const intDigits = intPattern.replace(/,/g, '');
  const decimals = decPattern?.length ?? 0;
  let x = (abs * 100 ** percent) / 1000 ** scale;
  let exponent = '';
  if (sci) {
    if (intDigits.length !== 1) return undefined;
    const expDigits = pattern.slice(sci.index + 2).replace(/[^0]/g, '').length || 1;
    let e = x === 0 ? 0 : Math.floor(Math.log10(x));
    x = x / 10 ** e;
    if (Number(fixed(x, decimals)) >= 10) {
      x /= 10;
      e++;
    }
    exponent = `E${e < 0 ? '-' : sci[0] === 'E+' ? '+' : ''}${pad(Math.abs(e), expDigits)}`;
  }
  if (x >= 1e15) return undefined;
  const [intText = '0', decText = ''] = fixed(x, decimals).split('.');
  const minInt = (intDigits.match(/0/g) ?? []).length;
  let int = intText === '0' && minInt === 0 ? '' : intText.padStart(minInt, '0');
  if (grouping) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const spaces = (intDigits.match(/\?/g) ?? []).length;
  if (int.length < spaces) int = int.padStart(spaces, ' ');
  let dec = decText;
  if (decPattern) {
    // Trailing zeros go where the format has # (shown as nothing) or ? (shown as a space).
    const chars = dec.split('');
    for (let j = chars.length - 1; j >= 0 && chars[j] === '0' && decPattern[j] !== '0'; j--) chars[j] = decPattern[j] === '?' ? ' ' : '';
    dec = chars.join('');
  }
  return `${before}${int}${decPattern !== undefined ? `.${dec}` : ''}${exponent}${after}`;
}

/** A number as its cell's format shows it; General (and what is not handled) as Excel's General does. */
export function numberText(v: number, fmt: string | undefined): string {
  if (!Number.isFinite(v)) return '';
  if (!fmt || /^(general|@)$/i.test(fmt.trim())) return generalNumber(v);
  const sections = splitSections(fmt);
  if (sections.some((s) => /\[[<>=]/.test(s))) return generalNumber(v);
  let section = sections[0]!;
  let sign = v < 0 ? '-' : '';
  if (v < 0 && sections.length >= 2) {
    section = sections[1]!;
    sign = '';
  } else if (v === 0 && sections.length >= 3) section = sections[2]!;
  const shown = formatSection(Math.abs(v), section);
  if (shown === undefined) return generalNumber(v);
  // A negative number that rounds to zero is shown without its sign ("-0.00" is not Excel's).
  return sign && /[1-9]/.test(shown) ? `${sign}${shown}` : shown;
}

/** Excel writes control characters (a CR in a cell) as _xHHHH_ in its XML; exceljs leaves them so. */
const unescapeText = (s: string) => s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

export interface CellText {
  text: string;
  date?: DatePrecision;
}

/** A cell's value as exceljs's stream reader gives it → the text a CSV export would hold (ISO for dates). */
export function cellText(value: unknown, numFmt: string | undefined, date1904 = false): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: unescapeText(value) };
  if (typeof value === 'number') {
    // A formula's cached result is a plain number even when its cell is formatted as a date.
    if (isDateFormat(numFmt)) return cellText(serialToDate(value, date1904), numFmt);
    return { text: numberText(value, numFmt) };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    const precision = datePrecision(numFmt);
    const text = dateText(value, precision);
    return precision && text ? { text, date: precision } : { text };
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return { text: unescapeText((v.richText as Array<{ text?: string | null }>).map((r) => r.text ?? '').join('')) };
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellText(v.result, numFmt, date1904);
    if (typeof v.error === 'string') return { text: v.error };
    if ('text' in v) return cellText(v.text, numFmt, date1904);
  }
  return { text: '' };
}

// ---------------------------------------------------------------------------------------------
// Rows of one worksheet, streamed.

interface SheetCell {
  value: unknown;
  numFmt?: string;
}
interface SheetRow {
  number: number;
  eachCell(f: (cell: SheetCell, col: number) => void): void;
}
interface SheetReader {
  [Symbol.asyncIterator](): AsyncIterator<SheetRow>;
}
interface Relationship {
  Id: string;
  Target: string;
  Type?: string;
}
/**
 * exceljs's stream reader, used part by part. Its own pass over the zip (unzipper's streaming
 * parse) loses parts now and then on Node ≥ 18 — most often xl/workbook.xml, which exceljs's
 * writer stores last (exceljs/exceljs#3064) — and sets aside in temporary files the sheets that
 * come before the shared strings. Here each part is read from the zip's table of contents, in the
 * order the parsers need: relationships, workbook, shared strings, styles, then the one sheet.
 * (exceljs is pinned to the version these methods are read from.)
 */
interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: SheetReader }>;
  model?: { sheets?: Array<{ name: string; rId: string; state?: string }> };
  workbookRels?: Relationship[];
  properties?: { model?: { date1904?: boolean } };
}
type ExcelModule = typeof ExcelJS;

/** exceljs is loaded when a workbook is first read: the CLI and server start without it. */
async function excel(): Promise<ExcelModule> {
  const mod = (await import('exceljs')) as ExcelModule & { default?: ExcelModule };
  return mod.default ?? mod;
}

async function workbookParts(): Promise<WorkbookParts> {
  const excelJs = await excel();
  const wb = new excelJs.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookParts;
  for (const m of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'] as const)
    if (typeof wb[m] !== 'function') throw new Error(`this exceljs has no ${m}: install the version package.json pins`);
  return wb;
}

/** A zip's parts by name, each streamed from the file and inflated on its own; close() ends whatever is still open. */
export class ZipParts {
  private readonly streams = new Set<Readable>();
  private constructor(
    private readonly file: string,
    private readonly fd: number,
    private readonly entries: Map<string, ZipEntry>,
  ) {}

  static open(file: string): ZipParts {
    const fd = openSync(file, 'r');
    const entries = zipEntries(fd, fstatSync(fd).size);
    if (!entries) {
      closeSync(fd);
      throw new Error('its table of contents cannot be read');
    }
    return new ZipParts(file, fd, new Map(entries.map((e) => [e.name.replace(/^\//, ''), e])));
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  stream(name: string): Readable {
    const e = this.entries.get(name);
    if (!e) throw new Error(`it has no part ${name}`);
    if (e.flags & 1) throw new Error(`its part ${name} is encrypted`);
    if (e.method !== 0 && e.method !== 8) throw new Error(`its part ${name} is compressed in a way not read (method ${e.method})`);
    const local = readAt(this.fd, e.offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
      throw new Error(`its part ${name} is not where its table of contents says`);
    if (e.compressedSize === 0) return Readable.from([]);
    const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = createReadStream(this.file, { start, end: start + e.compressedSize - 1 });
    this.track(raw);
    if (e.method === 0) return raw;
    // pipeline: a read error of the file or a damaged deflate stream ends the inflater with it, so the parser sees it.
    const inflated = pipeline(raw, createInflateRaw(), () => undefined);
    this.track(inflated);
    return inflated;
  }

  close(): void {
    for (const s of this.streams) {
      s.on('error', () => undefined);
      s.destroy();
    }
    this.streams.clear();
    closeSync(this.fd);
  }

  private track(s: Readable): void {
    this.streams.add(s);
    s.once('close', () => this.streams.delete(s));
  }
}

async function partText(zip: ZipParts, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of zip.stream(name)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Relationship elements of a .rels part, attributes by name (namespace prefixes dropped). */
function relationships(xml: string): Relationship[] {
  return [...xml.matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)].map((m) => {
    const a: Record<string, string> = {};
    for (const x of m[1]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      a[x[1]!.replace(/^.*:/, '')] = (x[2] ?? x[3] ?? '').replace(/&amp;/g, '&');
    return { Id: a.Id ?? '', Target: a.Target ?? '', ...(a.Type ? { Type: a.Type } : {}) };
  });
}

/** A relationship's target as a part name: absolute from the package root, or relative to the part's folder. */
function resolvePart(folder: string, target: string): string {
  return target.startsWith('/') ? path.posix.normalize(target).slice(1) : path.posix.normalize(path.posix.join(folder, target));
}

interface SheetEntry {
  name: string;
  /** The sheet's part in the zip. */
  part: string;
  /** N of sheetN.xml (exceljs's sheet number). */
  file: string;
}

/** The workbook's worksheets in tab order (chart sheets left out), from its part and relationships. */
function worksheetsOf(wb: WorkbookParts, folder: string, zip: ZipParts): SheetEntry[] | null {
  if (!wb.model?.sheets || !wb.workbookRels) return null;
  const rels = new Map(wb.workbookRels.map((r) => [r.Id, r]));
  return wb.model.sheets.flatMap((s, i) => {
    const rel = rels.get(s.rId);
    if (!rel) return [];
    const part = resolvePart(folder, rel.Target);
    const worksheet = rel.Type ? /\/worksheet$/.test(rel.Type) : SHEET_PART.test(part);
    return worksheet && zip.has(part) ? [{ name: s.name, part, file: SHEET_PART.exec(part)?.[1] || String(i + 1) }] : [];
  });
}

/** Without a readable workbook part: the sheet parts in their numbers' order, named as Excel would. */
function sheetsByPart(zip: ZipParts): SheetEntry[] {
  return zip
    .names()
    .flatMap((part) => {
      const m = SHEET_PART.exec(part);
      return m ? [{ name: `Sheet${m[1] || ''}`, part, file: m[1] || '0' }] : [];
    })
    .sort((a, b) => Number(a.file) - Number(b.file) || a.part.localeCompare(b.part));
}

function pickSheet(sheets: SheetEntry[], wanted: string | number | undefined): SheetEntry | undefined {
  if (wanted === undefined) return sheets[0];
  if (typeof wanted === 'number') return sheets[wanted - 1];
  const key = (s: string) => s.trim().toLowerCase();
  return (
    sheets.find((s) => s.name === wanted) ??
    sheets.find((s) => key(s.name) === key(wanted)) ??
    (/^\d+$/.test(wanted.trim()) ? sheets[Number(wanted) - 1] : undefined)
  );
}

/** The error for a sheet asked for that a workbook does not have: it names the sheets it has. */
export function missingSheet(name: string, wanted: string | number, sheets: string[], noun = 'worksheet'): ValidationError {
  const which = typeof wanted === 'number' ? `number ${wanted}` : `"${wanted}"`;
  const list = sheets.map((s) => `"${s}"`).join(', ');
  return new ValidationError(`${name} has no ${noun} ${which}; its ${noun}s are ${list}.`, [
    {
      path: '$.read.sheet',
      message: `no ${noun} ${which} in ${name} (it has ${sheets.length}: ${list}); give read.sheet a name or a position from 1`,
      code: 'missing_sheet',
    },
  ]);
}

function rowCells(row: SheetRow, date1904: boolean): { record: string[]; dates?: Map<number, DatePrecision> } {
  const record: string[] = [];
  let dates: Map<number, DatePrecision> | undefined;
  row.eachCell((cell, col) => {
    const c = cellText(cell.value, cell.numFmt, date1904);
    if (c.text === '') return;
    while (record.length < col - 1) record.push('');
    record[col - 1] = c.text;
    if (c.date) (dates ??= new Map()).set(col - 1, c.date);
  });
  return dates ? { record, dates } : { record };
}

/**
 * The rows of one worksheet (`sheet`: a name or a 1-based position; the first by default). Blank
 * rows come only before a row with content (a sheet's trailing blank and styled-only rows are not
 * rows), cells after a row's last value are left out, and each row's `raw` is its cells as a CSV line.
 * Memory: the workbook's shared-strings table (its distinct texts) and one row; the other sheets
 * are not read at all.
 */
export async function* xlsxRows(file: string, name: string, o: SheetChoice = {}): AsyncGenerator<TableRow> {
  let zip: ZipParts | undefined;
  try {
    const wb = await workbookParts();
    zip = ZipParts.open(file);
    // The workbook part: where the package's relationships say (xl/workbook.xml as a rule).
    let workbookPart = 'xl/workbook.xml';
    if (zip.has('_rels/.rels')) {
      const office = relationships(await partText(zip, '_rels/.rels')).find((r) => /\/officeDocument$/.test(r.Type ?? ''));
      if (office && zip.has(resolvePart('', office.Target))) workbookPart = resolvePart('', office.Target);
    }
    const folder = path.posix.dirname(workbookPart);
    const relsPart = path.posix.join(folder, '_rels', `${path.posix.basename(workbookPart)}.rels`);
    if (zip.has(relsPart)) await wb._parseRels(zip.stream(relsPart));
    if (zip.has(workbookPart)) await wb._parseWorkbook(zip.stream(workbookPart));
    const listed = worksheetsOf(wb, folder, zip);
    const sheets = listed ?? sheetsByPart(zip);
    if (sheets.length === 0) throw workbookError(name, 'it has no worksheet');
    const target = pickSheet(sheets, o.sheet);
    if (!target)
      throw missingSheet(
        name,
        o.sheet!,
        sheets.map((s) => s.name),
      );
    o.onSheet?.(target.name);

    const partOf = (type: string, fallback: string): string | undefined => {
      const rel = wb.workbookRels?.find((r) => new RegExp(`/${type}$`).test(r.Type ?? ''));
      const part = rel ? resolvePart(folder, rel.Target) : path.posix.join(folder, fallback);
      return zip!.has(part) ? part : undefined;
    };
    const strings = partOf('sharedStrings', 'sharedStrings.xml');
    if (strings) for await (const _ of wb._parseSharedStrings(zip.stream(strings))) void _;
    const styles = partOf('styles', 'styles.xml');
    if (styles) await wb._parseStyles(zip.stream(styles));

    const date1904 = wb.properties?.model?.date1904 === true;
    const [event] = wb._parseWorksheet(zip.stream(target.part), target.file);
    if (!event) throw new Error('exceljs gave no reader for the sheet');
    let last = 0;
    for await (const row of event.value) {
      const { record, dates } = rowCells(row, date1904);
      if (record.length === 0) continue;
      for (let blank = last + 1; blank < row.number; blank++) yield { record: [], raw: '', line: blank };
      last = row.number;
      const raw = stringify([record], { eof: false });
      yield dates ? { record, raw, line: last, dates } : { record, raw, line: last };
    }
  } catch (error) {
    if (error instanceof LiaisonError) throw error;
    throw workbookError(name, `it is not a readable XLSX workbook (${(error as Error).message.split('\n')[0]})`);
  } finally {
    zip?.close();
  }
}
