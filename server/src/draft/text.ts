// The article as sentences and words: Intl.Segmenter's sentences, mended where it breaks after an
// ordinal ("am 4. September") or an abbreviation ("U.S. President"), and words with their offsets.
import type { DraftLanguage, Sentence } from './types';

/** Words ending a segment that do not end a sentence (lower case, without the full stop). */
const ABBREVIATIONS = new Set([
  'u.s',
  'u.k',
  'u.n',
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'gen',
  'col',
  'lt',
  'sen',
  'rep',
  'gov',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'nr',
  'z.b',
  'bzw',
  'ca',
  'vgl',
  'usw',
  'etc',
  'prof',
  'г',
  'гг',
  'т.е',
  'т.д',
  'им',
]);

/** Does this segment stop where no sentence ends (an ordinal, an initial, an abbreviation)? */
function brokenAfter(segment: string): boolean {
  const trimmed = segment.trimEnd();
  if (!trimmed.endsWith('.')) return false;
  const last = /(\S+)\.$/.exec(trimmed)?.[1] ?? '';
  if (/^\d{1,2}$/.test(last)) return true; // "am 4." (German ordinal day)
  if (/^\p{Lu}$/u.test(last)) return true; // an initial: "В. В. Путин", "J. Smith"
  return ABBREVIATIONS.has(last.toLowerCase());
}

/** The sentences of a text, with offsets and the paragraph (blank-line separated) each is in. */
export function splitSentences(text: string, language: DraftLanguage): Sentence[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
  const raw: Array<{ start: number; end: number }> = [];
  for (const s of segmenter.segment(text)) {
    const start = s.index;
    const end = s.index + s.segment.length;
    const prev = raw[raw.length - 1];
    // A line break inside a segment is a paragraph or heading break: split there.
    if (prev && brokenAfter(text.slice(prev.start, prev.end)) && !/\n/.test(text.slice(prev.start, prev.end))) prev.end = end;
    else raw.push({ start, end });
  }
  const pieces: Array<{ start: number; end: number }> = [];
  for (const r of raw) {
    let at = r.start;
    const body = text.slice(r.start, r.end);
    const re = /\n\s*\n|\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) {
      pieces.push({ start: at, end: r.start + m.index });
      at = r.start + m.index + m[0].length;
    }
    pieces.push({ start: at, end: r.end });
  }
  const out: Sentence[] = [];
  let paragraph = 0;
  let lastEnd = 0;
  for (const p of pieces) {
    let { start, end } = p;
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (start >= end) continue;
    if (out.length > 0 && /\n\s*\n/.test(text.slice(lastEnd, start))) paragraph++;
    out.push({ index: out.length, paragraph, start, end, text: text.slice(start, end) });
    lastEnd = end;
  }
  return out;
}

export interface Token {
  text: string;
  lower: string;
  /** Offsets in the whole article. */
  start: number;
  end: number;
  word: boolean;
  capital: boolean;
}

const TOKEN = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’.-]*[\p{L}\p{M}\p{N}]|[\p{L}\p{M}]|\p{N}+(?:[.,]\p{N}+)*|[^\s\p{L}\p{N}]/gu;

/** The words and punctuation marks of a sentence; a word's trailing full stop stays off unless it is an abbreviation. */
export function tokenize(sentence: Sentence): Token[] {
  const out: Token[] = [];
  for (const m of sentence.text.matchAll(TOKEN)) {
    let text = m[0];
    // "U.S." keeps its dots; "Baku." does not.
    if (text.endsWith('.') && !/^(\p{L}\.)+$/u.test(text)) text = text.slice(0, -1);
    const start = sentence.start + m.index;
    const word = /^[\p{L}\p{M}]/u.test(text);
    // A possessive "Trump's" is read as "Trump".
    const possessive = /['’]s$/.exec(text);
    if (possessive && word) text = text.slice(0, -2);
    out.push({ text, lower: text.toLowerCase(), start, end: start + text.length, word, capital: word && /^\p{Lu}/u.test(text) });
    if (possessive && word)
      out.push({ text: "'s", lower: "'s", start: start + text.length, end: start + text.length + 2, word: false, capital: false });
  }
  return out;
}
