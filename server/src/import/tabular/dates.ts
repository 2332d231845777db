// Dates in spreadsheet cells, read by declared formats (date-fns parse) into Liaison's fuzzy dates
// at the precision the format carries: "May, 2010" (MMMM, yyyy) is 2010-05, not 2010-05-01.
import { isValid, parse } from 'date-fns';

import type { DateSpec } from './mapping';

export interface ParsedDate {
  /** The fuzzy date in bundle form: "2010", "2010-05" or "2010-05-04". */
  value: string;
  /** For a range of months: its first and last month; for a range of days, its first and last day. */
  start?: string;
  end?: string;
}

export type DateResult = { ok: true; date: ParsedDate } | { ok: false; message: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** "DD-MM-YYYY" (as people write it) → "dd-MM-yyyy" (date-fns tokens); date-fns formats pass unchanged. */
export function normaliseFormat(format: string): string {
  return format.replace(/YYYY/g, 'yyyy').replace(/YY/g, 'yy').replace(/DD/g, 'dd').replace(/\bD\b/g, 'd');
}

function precisionOf(format: string): 'day' | 'month' | 'year' {
  const tokens = format.replace(/'[^']*'/g, '');
  if (/d/.test(tokens)) return 'day';
  if (/[ML]/.test(tokens)) return 'month';
  return 'year';
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return MONTHS.indexOf(w);
}

/** "Oct/Nov/Dec", "Oct-Dec", "October to December 2011": consecutive months of one year. */
function parseMonthRange(text: string, year: string | undefined): DateResult | null {
  const m = /^([a-z]{3,9})\.?\s*(?:\/|-|–|to)\s*(?:([a-z]{3,9})\.?\s*(?:\/|-|–)\s*)?([a-z]{3,9})\.?(?:[\s,]+(\d{4}))?$/i.exec(text);
  if (!m) return null;
  const words = [m[1], m[2], m[3]].filter((w): w is string => !!w);
  const months = words.map(monthIndex);
  if (months.some((i) => i < 0)) return null;
  const y = m[4] ?? year;
  if (!y) return { ok: false, message: `"${text}" is a range of months without a year: declare date.year (a parameter or the file name)` };
  const first = months[0]!;
  const last = months[months.length - 1]!;
  if (last < first) return { ok: false, message: `"${text}" is not a range of months within one year` };
  return { ok: true, date: { value: y, start: `${y}-${pad(first + 1)}`, end: `${y}-${pad(last + 1)}` } };
}

/**
 * "4-5 Jan 2016", "4 to 5 January", "30 Jan - 2 Feb 2016", "30 Dec 2015 – 2 Jan 2016": a range of
 * days, read as its first day with start and end its first and last day. The year is the cell's
 * (the end's, when only the end has one: the year before for a start month after the end's) or `year`.
 */
function parseDayRange(text: string, year: string | undefined): DateResult | null {
  const m =
    /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+([a-z]{3,9})\.?(?:,?\s+(\d{4}))?)?\s*(?:-|–|—|to|until)\s*(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?(?:,?\s+(\d{4}))?$/i.exec(
      text,
    );
  if (!m) return null;
  const endMonth = monthIndex(m[5]!);
  const startMonth = m[2] ? monthIndex(m[2]) : endMonth;
  if (startMonth < 0 || endMonth < 0) return null;
  const endYear = m[6] ?? m[3] ?? year;
  if (!endYear)
    return { ok: false, message: `"${text}" is a range of days without a year: declare date.year (a parameter or the file name)` };
  // "30 Dec - 2 Jan 2016": with the year written only at the end, a start month after the end's
  // is in the year before. (With the year from a parameter, which end it belongs to is unknown:
  // such a range is refused as ending before it starts.)
  const startYear = m[3] ?? (m[6] && startMonth > endMonth ? String(Number(endYear) - 1) : endYear);
  const day = (y: string, mo: number, d: string) => {
    const date = new Date(Date.UTC(Number(y), mo, Number(d)));
    return date.getUTCMonth() === mo && date.getUTCDate() === Number(d) ? `${y}-${pad(mo + 1)}-${pad(Number(d))}` : null;
  };
  const start = day(startYear, startMonth, m[1]!);
  const end = day(endYear, endMonth, m[4]!);
  if (!start || !end) return { ok: false, message: `"${text}" names a day that does not exist` };
  if (end < start) return { ok: false, message: `"${text}" ends before it starts` };
  return { ok: true, date: { value: start, start, end } };
}

/**
 * Reads a cell by the declared formats, in order; the first that matches the whole cell wins.
 * `year` supplies the year of formats that have none (a bare "October").
 */
export function parseDate(cell: string, spec: DateSpec, year: string | undefined, referenceDate = new Date()): DateResult {
  let text = cell.trim();
  for (const [from, to] of Object.entries(spec.replace ?? {})) text = text.replace(new RegExp(from, 'giu'), to);
  text = text.trim();
  if (year !== undefined && !/^\d{4}$/.test(year)) {
    return { ok: false, message: `the year for "${cell}" is "${year}", not a four-digit year` };
  }
  for (const raw of spec.formats) {
    if (raw === 'months') {
      const r = parseMonthRange(text, year);
      if (r) {
        if (r.ok && spec.ranges === 'start') return { ok: true, date: { ...r.date, value: r.date.start! } };
        return r;
      }
      continue;
    }
    if (raw === 'days') {
      const r = parseDayRange(text, year);
      if (r) return r;
      continue;
    }
    const format = normaliseFormat(raw);
    const hasYear = /y/.test(format.replace(/'[^']*'/g, ''));
    if (!hasYear && year === undefined) continue;
    const input = hasYear ? text : `${text} ${year}`;
    const fmt = hasYear ? format : `${format} yyyy`;
    const d = parse(input, fmt, referenceDate);
    if (!isValid(d)) continue;
    const y = d.getFullYear();
    if (y < 1000 || y > 9999) continue;
    const precision = precisionOf(format);
    const value =
      precision === 'day'
        ? `${y}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
        : precision === 'month'
          ? `${y}-${pad(d.getMonth() + 1)}`
          : String(y);
    return { ok: true, date: { value } };
  }
  const bare = spec.formats.some((f) => !/y/i.test(f.replace(/'[^']*'/g, '')) && f !== 'months' && f !== 'days');
  const hint = bare && year === undefined ? ' (a format without a year needs date.year: a parameter or the file name gave none)' : '';
  return { ok: false, message: `"${cell}" matches none of the formats ${spec.formats.join(', ')}${hint}` };
}

/**
 * A workbook's real date cell, which the XLSX reader writes as ISO text (yyyy-MM-dd, maybe with a
 * time): read at the precision the cell's number format shows (a cell formatted "mmm-yy" is a month),
 * whatever formats the mapping declares for dates written as text. Null for any other text.
 */
export function parseIsoDate(text: string, precision: 'year' | 'month' | 'day'): ParsedDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2})?)?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return { value: precision === 'year' ? y : precision === 'month' ? `${y}-${mo}` : `${y}-${mo}-${d}` };
}
