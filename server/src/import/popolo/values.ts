// Value normalisation shared by the Popolo and FollowTheMoney readers: ids made from foreign ids,
// fuzzy dates as registers write them, country codes, genders. Each returns either a value in
// bundle form or a RecordProblem saying why the value was dropped, so that nothing is lost silently.
import { createHash } from 'node:crypto';
import path from 'node:path';

import anyAscii from 'any-ascii';
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';

import { type GENDERS } from '../../schema/model';
import { FUZZY_DATE_PATTERN, isValidFuzzyDate } from '../../schema/validators';
import type { RecordProblem } from '../pipeline/types';

countries.registerLocale(en);

const MAX_ID = 200;

/** Lower-case ASCII words joined by "-": "DİP" → "dip", "term/4" → "term-4". */
export function slug(text: string): string {
  return anyAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const shortHash = (text: string, length = 8) => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * A stable id from a foreign id: `<prefix>-<slug>`. The slug alone would make "ÜP" and "UP" (or
 * "term/4" and "term-4") one node, so when slugging loses more than letter case a short hash of
 * the original is appended; the same foreign id always gives the same id, in any file.
 */
export function foreignId(prefix: string, original: string): string {
  const s = slug(original);
  const lossless = s !== '' && s === original.toLowerCase();
  let id = lossless ? `${prefix}-${s}` : `${prefix}-${s ? `${s}-` : ''}${shortHash(original)}`;
  if (id.length > MAX_ID) id = `${id.slice(0, MAX_ID - 18)}-${shortHash(original, 16)}`;
  return id;
}

/** An id for a fact made of several parts (a membership: person, organisation, period…), bounded in length. */
export function compositeId(prefix: string, parts: ReadonlyArray<string | undefined>): string {
  return `${prefix}-${shortHash(parts.map((p) => p ?? '').join('\u0000'), 16)}`;
}

export type Parsed<T> = { value: T } | { problem: RecordProblem } | null;

const truncate = (value: string) => (value.length > 200 ? `${value.slice(0, 197)}…` : value);

/**
 * A date as registers give it — YYYY, YYYY-MM, YYYY-MM-DD, or an ISO datetime (its date part) —
 * in bundle form at the precision stated. Anything else is a warning and the value is dropped.
 */
export function fuzzyDateValue(raw: unknown, field: string): Parsed<string> {
  if (raw === undefined || raw === null || raw === '') return null;
  const text = String(raw).trim();
  const datePart = /^\d{4}-\d{2}-\d{2}[T ]/.test(text) ? text.slice(0, 10) : text;
  if (FUZZY_DATE_PATTERN.test(datePart) && isValidFuzzyDate(datePart)) return { value: datePart };
  return {
    problem: {
      rule: 'date_format',
      severity: 'warning',
      field,
      value: truncate(text),
      message: 'not a date as YYYY, YYYY-MM or YYYY-MM-DD (or an ISO datetime); the value was left out',
    },
  };
}

// Codes in FtM's and other registers' country lists that are not ISO 3166-1 countries: historical
// states (su: Soviet Union, cshh, yucs…) and user-assigned ones (xk: Kosovo). The schema stores
// ISO 3166-1 alpha-2 only, so they are dropped with a warning rather than stored as if they were.
const NOT_ISO = new Set(['XK', 'SU', 'ZZ', 'EU']);

/** An ISO 3166-1 alpha-2 code (upper case) from a code in any case or an English country name. */
export function countryValue(raw: unknown, field: string): Parsed<string> {
  if (raw === undefined || raw === null || raw === '') return null;
  const text = String(raw).trim();
  const upper = text.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && !NOT_ISO.has(upper) && countries.isValid(upper)) return { value: upper };
  if (text.length > 3) {
    const code = countries.getAlpha2Code(text, 'en');
    if (code && !NOT_ISO.has(code)) return { value: code };
  }
  return {
    problem: {
      rule: 'unknown_country',
      severity: 'warning',
      field,
      value: truncate(text),
      message: 'not an ISO 3166-1 country (historical, regional and user-assigned codes such as su or xk are not); the value was left out',
    },
  };
}

/** The country an English name (or a file name's first word: "Azerbaijan_National_Assembly") stands for. */
export function countryFromName(name: string): string | undefined {
  const code = countries.getAlpha2Code(name.replace(/_/g, ' ').trim(), 'en');
  return code && !NOT_ISO.has(code) ? code : undefined;
}

const GENDER_WORDS: Record<string, (typeof GENDERS)[number]> = {
  female: 'female',
  f: 'female',
  woman: 'female',
  male: 'male',
  m: 'male',
  man: 'male',
  other: 'other',
  nonbinary: 'other',
  'non-binary': 'other',
};

export function genderValue(raw: unknown, field: string): Parsed<(typeof GENDERS)[number]> {
  if (raw === undefined || raw === null || raw === '') return null;
  const text = String(raw).trim();
  const gender = GENDER_WORDS[text.toLowerCase()];
  if (gender) return { value: gender };
  return {
    problem: { rule: 'unknown_gender', severity: 'warning', field, value: truncate(text), message: 'not female, male or other; left out' },
  };
}

/** `scheme:value` with the scheme lower-cased and made of [a-z0-9_.-] (identifiers in model.ts). */
export function identifierValue(scheme: string, value: string): string | undefined {
  const s = scheme
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 64);
  const v = value.trim().replace(/\s+/g, ' ');
  if (!s || !v) return undefined;
  return `${s}:${v.slice(0, 400)}`;
}

/** The file's base name without its extensions: "Azerbaijan_National_Assembly.ep-popolo-v1.0.json" → "Azerbaijan_National_Assembly". */
export function fileStem(name: string): string {
  const base = path.basename(name);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Adds a value to a list once (aliases, identifiers), keeping first-seen order. */
export function pushUnique(list: string[], value: string | undefined): void {
  if (value === undefined) return;
  const v = value.trim();
  if (v && !list.includes(v)) list.push(v);
}

/** Counts per kind, for ImportReader.unmapped(). */
export class Tally {
  private readonly counts: Record<string, number> = {};
  add(kind: string, n = 1): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + n;
  }
  snapshot(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }
}
