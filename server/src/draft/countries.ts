// Countries in an article's words: their names in German, English and Russian (from
// i18n-iso-countries, the same tables the importers use), inflected forms included ("Armeniens",
// "Russischen Föderation", "Азербайджане"), and the adjectives that name them ("aserbaidschanischen").
import countries from 'i18n-iso-countries';
import de from 'i18n-iso-countries/langs/de.json';
import en from 'i18n-iso-countries/langs/en.json';
import ru from 'i18n-iso-countries/langs/ru.json';

import { ADJECTIVES } from './lexicon';
import type { Token } from './text';
import type { DraftLanguage } from './types';

countries.registerLocale(de);
countries.registerLocale(en);
countries.registerLocale(ru);

/** A word without the case endings names take in the language (only to compare names, never shown). */
export function stem(word: string, language: DraftLanguage): string {
  const w = word.toLowerCase();
  if (language === 'ru') return w.length > 4 ? w.replace(/(ией|ия|ии|ию|ая|ой|ей|ом|ем|ым|им|ого|ому|а|е|у|ы|и|я|ю)$/, '') : w;
  if (language === 'de') return w.length > 4 ? w.replace(/(es|en|er|e|s|n)$/, '') : w;
  return w.length > 4 ? w.replace(/(s)$/, '') : w;
}

interface CountryName {
  code: string;
  words: string[];
}

const byLanguage = new Map<DraftLanguage, Map<string, CountryName[]>>();

function index(language: DraftLanguage): Map<string, CountryName[]> {
  let idx = byLanguage.get(language);
  if (idx) return idx;
  idx = new Map();
  const names = countries.getNames(language, { select: 'all' }) as Record<string, string[]>;
  for (const [code, list] of Object.entries(names)) {
    for (const listed of list) {
      // Names with a comma are list forms ("Syrien, Arabische Republik"): the part before it is the name.
      const name = listed.split(',')[0]!.trim();
      if (name.includes('(')) continue;
      const words = name.split(/\s+/).map((w) => stem(w, language));
      const key = words[0]!;
      if (key.length < 2) continue;
      const entry = idx.get(key) ?? [];
      entry.push({ code, words });
      idx.set(key, entry);
    }
  }
  for (const entry of idx.values()) entry.sort((a, b) => b.words.length - a.words.length);
  byLanguage.set(language, idx);
  return idx;
}

export interface CountryMention {
  code: string;
  /** Tokens it covers, from index `at`. */
  at: number;
  length: number;
  adjective: boolean;
}

/** The country a capitalised name at token i names, if any (the longest name that fits). */
export function countryName(tokens: readonly Token[], i: number, language: DraftLanguage): CountryMention | null {
  const t = tokens[i];
  if (!t?.capital) return null;
  if (/^(U\.S\.?|US|USA|U\.S\.A\.?)$/.test(t.text)) return { code: 'US', at: i, length: 1, adjective: false };
  if (/^(UK|U\.K\.?)$/.test(t.text)) return { code: 'GB', at: i, length: 1, adjective: false };
  if (t.text.length < 4) return null;
  const candidates = index(language).get(stem(t.text, language));
  for (const c of candidates ?? []) {
    const fits = c.words.every((w, k) => {
      const tk = tokens[i + k];
      return tk?.word && stem(tk.text, language) === w;
    });
    if (fits) return { code: c.code, at: i, length: c.words.length, adjective: false };
  }
  return null;
}

/** The country an adjective at token i stands for ("russische", "Ukrainian", "армянский"). */
export function countryAdjective(tokens: readonly Token[], i: number, language: DraftLanguage): CountryMention | null {
  const t = tokens[i];
  if (!t?.word) return null;
  for (const [pattern, code] of ADJECTIVES[language]) if (pattern.test(t.lower)) return { code, at: i, length: 1, adjective: true };
  return null;
}

export function countryMention(tokens: readonly Token[], i: number, language: DraftLanguage): CountryMention | null {
  return countryName(tokens, i, language) ?? countryAdjective(tokens, i, language);
}

/** The English name of a country (for institution names: "Security Council of Azerbaijan"). */
export function englishName(code: string): string {
  const short: Record<string, string> = { RU: 'Russia', IR: 'Iran', SY: 'Syria', US: 'the United States', GB: 'the United Kingdom' };
  return short[code] ?? countries.getName(code, 'en') ?? code;
}

export function countryNames(code: string): string[] {
  return [englishName(code).replace(/^the /, ''), countries.getName(code, 'de'), countries.getName(code, 'ru')].filter(
    (n): n is string => typeof n === 'string',
  );
}
