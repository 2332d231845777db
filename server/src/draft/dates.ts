// Dates in a sentence, with the precision the text gives them: chrono-node reads day and month
// phrases in German, English and Russian against the article's own date ("am 4. September" in an
// article of September 2019 is 2019-09-04); bare years ("im Jahr 2017") and "this year" / "last
// year" are read here. Without a publication date, a day or month with no year takes the latest
// year the article writes out, and says so.
import * as chrono from 'chrono-node';

import type { DatePrecision } from '../schema/fuzzy-date';
import { MONTHS, RELATIVE_YEARS, YEAR_PATTERNS } from './lexicon';
import type { DraftLanguage } from './types';

export interface FoundDate {
  /** Offset in the sentence. */
  index: number;
  text: string;
  value: string;
  precision: DatePrecision;
  /** The year was not written: it was taken from the article's date or its other dates. */
  yearInferred: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

function fuzzy(year: number, month: number | null, day: number | null): { value: string; precision: DatePrecision } {
  if (month === null) return { value: String(year), precision: 'year' };
  if (day === null) return { value: `${year}-${pad(month)}`, precision: 'month' };
  return { value: `${year}-${pad(month)}-${pad(day)}`, precision: 'day' };
}

/** The reference a text's dates are read against: its publication date, or the year it names last. */
export interface DateReference {
  /** Publication date as given (YYYY, YYYY-MM or YYYY-MM-DD), if any. */
  published?: string;
  /** The latest four-digit year written in the article, for an article without a date. */
  fallbackYear?: number;
}

export function referenceFor(text: string, published: string | undefined): DateReference {
  const years = [...text.matchAll(/\b((?:19|20)\d\d)\b/g)].map((m) => Number(m[1]));
  return { ...(published ? { published } : {}), ...(years.length > 0 ? { fallbackYear: Math.max(...years) } : {}) };
}

function referenceDate(ref: DateReference): Date | null {
  if (ref.published) {
    const [y, m, d] = ref.published.split('-').map(Number);
    return new Date(Date.UTC(y!, (m ?? 12) - 1, d ?? 28, 12));
  }
  return ref.fallbackYear ? new Date(Date.UTC(ref.fallbackYear, 11, 31, 12)) : null;
}

function parser(language: DraftLanguage): chrono.Chrono {
  return language === 'de' ? chrono.de.casual : language === 'ru' ? chrono.ru.casual : chrono.en.casual;
}

/** Every date the sentence states, in the order written. */
export function findDates(sentence: string, language: DraftLanguage, ref: DateReference): FoundDate[] {
  const out: FoundDate[] = [];
  const refDate = referenceDate(ref);
  const refYear = refDate ? refDate.getUTCFullYear() : null;
  const taken: Array<[number, number]> = [];
  for (const r of parser(language).parse(sentence, refDate ?? new Date(Date.UTC(2000, 0, 1)))) {
    const c = r.start;
    // A time of day alone ("at 5 pm", "now") is not a date.
    if (!c.isCertain('day') && !c.isCertain('month') && !c.isCertain('year') && !c.isCertain('weekday')) continue;
    const yearCertain = c.isCertain('year');
    if (!yearCertain && refYear === null) continue;
    const d = c.date();
    let year = yearCertain ? (c.get('year') ?? d.getFullYear()) : d.getFullYear();
    // Without a publication date the year comes from the article's latest written year, not from
    // the date parser's guess around it.
    if (!yearCertain && !ref.published && ref.fallbackYear) year = ref.fallbackYear;
    const month =
      c.isCertain('month') || c.isCertain('day') || (c.isCertain('weekday') && ref.published) ? (c.get('month') ?? d.getMonth() + 1) : null;
    const day = c.isCertain('day') || (c.isCertain('weekday') && ref.published) ? (c.get('day') ?? d.getDate()) : null;
    // A weekday without a publication date cannot be placed.
    if (c.isCertain('weekday') && !c.isCertain('day') && !ref.published) continue;
    out.push({ index: r.index, text: r.text, ...fuzzy(year, month, day), yearInferred: !yearCertain && !ref.published });
    taken.push([r.index, r.index + r.text.length]);
  }
  const free = (i: number) => !taken.some(([a, b]) => i >= a && i < b);
  for (const m of sentence.matchAll(new RegExp(YEAR_PATTERNS[language].source, 'gi'))) {
    const at = m.index + m[0].indexOf(m[1]!);
    if (free(at)) out.push({ index: at, text: m[0], value: m[1]!, precision: 'year', yearInferred: false });
  }
  if (refYear !== null) {
    for (const { pattern, offset } of RELATIVE_YEARS[language]) {
      const m = pattern.exec(sentence);
      if (!m || !free(m.index)) continue;
      // "im Juni dieses Jahres": the month written just before the relative year.
      const before = sentence.slice(0, m.index).trim().split(/\s+/);
      const monthWord = before[before.length - 1] ?? '';
      const month = MONTHS[language].findIndex((p) => p.test(monthWord));
      const year = (ref.published ? Number(ref.published.slice(0, 4)) : refYear) + offset;
      const start = month >= 0 ? m.index - monthWord.length - 1 : m.index;
      if (!free(start)) continue;
      out.push({
        index: start,
        text: sentence.slice(start, m.index + m[0].length),
        ...fuzzy(year, month >= 0 ? month + 1 : null, null),
        yearInferred: !ref.published,
      });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}
