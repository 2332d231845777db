// Name keys: the normalised forms under which a name is indexed and searched, so that spellings
// across scripts and transliterations meet (Patruschew = Patrushev = Патрушев, Alijew = Aliyev = Əliyev,
// Poetin = Putin, Τσίπρας = Tsipras, محمد = Mohammed), and so that the forms real lists write names in
// (titles, initials, surname first) are found too. Both the stored keys (nameKeys) and the query
// (luceneQuery) go through the same functions here.
import anyAscii from 'any-ascii';

import { PARTICLES, TITLES } from './titles';

// Letters whose English transliteration differs from any-ascii's default. Azerbaijani "ə" is
// written "a" (Əliyev → Aliyev; any-ascii gives "e"). The letters with a cedilla, breve or háček
// keep their English digraphs (Paşayeva → Pashayeva, Babiš → Babish, Szczygieł stays Polish):
// any-ascii drops the mark and gives "Pasayeva"; that plain form is kept as a second key (plainFold).
const VOWEL_MAP: Record<string, string> = { ə: 'a', Ə: 'A' };
const DIGRAPH_MAP: Record<string, string> = {
  ş: 'sh',
  Ş: 'Sh',
  ç: 'ch',
  Ç: 'Ch',
  ğ: 'gh',
  Ğ: 'Gh',
  // Czech, Slovak, Croatian, Slovene, Lithuanian háček; Polish acute and dot (ś, ć, ź, ż).
  š: 'sh',
  Š: 'Sh',
  č: 'ch',
  Č: 'Ch',
  ž: 'zh',
  Ž: 'Zh',
  ć: 'ch',
  Ć: 'Ch',
  ś: 'sh',
  Ś: 'Sh',
  ź: 'zh',
  Ź: 'Zh',
  ż: 'zh',
  Ż: 'Zh',
};
const DIGRAPH_LETTERS = new RegExp(`[${Object.keys(DIGRAPH_MAP).join('')}]`, 'g');

// Greek: any-ascii writes letter by letter (Παπανδρέου → Papandreoy, Μπακογιάννη → Mpakogianni,
// Χαμάς → Chamas); English spellings read the digraphs (Papandreou, Bakoyanni, Dora for Ντόρα, Hamas).
const GREEK_RULES: ReadonlyArray<[RegExp, string]> = [
  [/ου/g, 'ou'],
  [/Ου/g, 'Ou'],
  [/ΟΥ/g, 'OU'],
  [/ού/g, 'ou'],
  [/Ού/g, 'Ou'],
  [/ευ/g, 'ev'],
  [/Ευ/g, 'Ev'],
  [/αυ/g, 'av'],
  [/Αυ/g, 'Av'],
  [/χ/g, 'kh'],
  [/Χ/g, 'Kh'],
  [/(^|[\s-])Μπ/g, '$1B'],
  [/(^|[\s-])μπ/g, '$1b'],
  [/(^|[\s-])Ντ/g, '$1D'],
  [/(^|[\s-])ντ/g, '$1d'],
  [/(^|[\s-])Γκ/g, '$1G'],
  [/(^|[\s-])γκ/g, '$1g'],
  [/γγ/g, 'ng'],
];
// Foreign names written in Greek read ντ, μπ, τζ as d, b, j anywhere and end Russian -ев in -εφ
// (Μεντβέντεφ = Medvedev, Τζόνσον = Johnson, Ερντογάν = Erdogan), where Greek names keep "nt"
// (Κωνσταντίνος = Konstantinos): a second folding, stored and searched beside the first.
const GREEK_FOREIGN_RULES: ReadonlyArray<[RegExp, string]> = [
  [/ντ/g, 'd'],
  [/μπ/g, 'b'],
  [/τζ/g, 'j'],
  [/Τζ/g, 'J'],
  [/γ(?=[ιίεέηήυύ])/g, 'y'],
  [/[εέ]φ(?=$|[\s-])/g, 'ev'],
];
const GREEK = /[\u0370-\u03ff\u1f00-\u1fff]/;

// Armenian ու is one vowel, u (Պուտին → Putin; any-ascii writes "ow").
const ARMENIAN_U = /ու/g;

// Arabic and Hebrew write consonants (and long vowels) only: محمد is "mhmd", נתניהו "ntnyhv". Such a
// word cannot meet "Mohammed" letter by letter, only by its consonant skeleton (skeletonKey). The
// Arabic article ال is not part of a name's spelling in English lists (الأسد → Assad). In Hebrew
// names ב and כ are mostly hard, "b" and "k" (בנימין → Binyamin, כנסת → Knesset; any-ascii reads
// them soft, "v" and "kh"), and ו mostly a vowel (נתניהו, Netanyahu), so "w" as in Arabic.
const ABJAD = /[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\ufb1d-\ufdff\ufe70-\ufeff]/;
const ARABIC_ARTICLE = /(^|[\s-])ال(?=[\u0600-\u06ff]{2,})/g;
const HEBREW_MAP: Record<string, string> = { ב: 'b', כ: 'k', ו: 'w' };
// ...but a word-initial ו, and a doubled וו anywhere, is the consonant v (ולדימיר, Vladimir).
const HEBREW_V = /(^|[\s-]|(?<=[\u05d0-\u05ea]))(?:וו|(?<=^|[\s-])ו)/g;

// Georgian names end in the nominative -ი (პუტინი, ალიევი: Putini, Alievi) that other languages do
// not write: a second folding leaves it out.
const GEORGIAN = /[\u10a0-\u10ff]/;
const GEORGIAN_NOMINATIVE = /(?<=[\u10d0-\u10fa]{2})ი(?=$|[\s-])/g;

/** Does the text hold Arabic, Persian or Hebrew letters (a script without written short vowels)? */
export function isAbjad(value: string): boolean {
  return ABJAD.test(value);
}

interface FoldOptions {
  /** Letters with a cedilla, breve or háček as English digraphs (ş → sh), or simply without the mark. */
  digraphs: boolean;
  /** Greek read as foreign names are written in it (ντ → d). */
  greekForeign?: boolean;
  /** Georgian without the nominative ending. */
  georgianCase?: boolean;
}

function fold(value: string, { digraphs, greekForeign = false, georgianCase = false }: FoldOptions): string {
  let mapped = value.replace(/[əƏ]/g, (c) => VOWEL_MAP[c] ?? c);
  if (digraphs) mapped = mapped.replace(DIGRAPH_LETTERS, (c) => DIGRAPH_MAP[c] ?? c);
  if (GREEK.test(mapped)) {
    if (greekForeign) for (const [pattern, replacement] of GREEK_FOREIGN_RULES) mapped = mapped.replace(pattern, replacement);
    for (const [pattern, replacement] of GREEK_RULES) mapped = mapped.replace(pattern, replacement);
  }
  mapped = mapped.replace(ARMENIAN_U, 'u');
  if (ABJAD.test(mapped))
    mapped = mapped
      .replace(ARABIC_ARTICLE, '$1')
      .replace(HEBREW_V, '$1v')
      .replace(/[בכו]/g, (c) => HEBREW_MAP[c] ?? c);
  if (georgianCase) mapped = mapped.replace(GEORGIAN_NOMINATIVE, '');
  mapped = mapped
    // A Cyrillic soft or hard sign before a vowel sounds as "y" (Васильев → Vasilyev); elsewhere
    // English spellings drop it (Ильхам → Ilkham, Ilham).
    .replace(/[ьъЬЪ](?=[аеёиоуыэюяАЕЁИОУЫЭЮЯ])/g, 'й')
    .replace(/[ьъЬЪ]/g, '');
  return (
    anyAscii(mapped)
      // any-ascii writes the Cyrillic soft and hard signs as ' and " (Ильхам → Il'kham), the Arabic
      // ain and hamza as ` and '; they are not word breaks, so drop them before splitting, as with
      // apostrophes in Latin names.
      .replace(/['"`\u2019]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

/** Script-folded form: any script to lower-case ASCII letters and digits, words split by spaces. */
export function foldName(value: string): string {
  return fold(value, { digraphs: true });
}

/**
 * The folded form with diacritics simply dropped (Erdoğan → erdogan, Babiš → babis), as lists that
 * cannot type them write the name; equal to foldName for most names.
 */
export function plainFold(value: string): string {
  return fold(value, { digraphs: false });
}

/**
 * Every folded reading of a name, foldName's first: with diacritics dropped (plainFold), for Greek
 * as foreign names are written in it, for Georgian without the nominative ending. Distinct and
 * non-empty; most names have one.
 */
export function foldings(value: string): string[] {
  const forms = [foldName(value), plainFold(value)];
  if (GREEK.test(value)) forms.push(fold(value, { digraphs: true, greekForeign: true }));
  if (GEORGIAN.test(value)) forms.push(fold(value, { digraphs: true, georgianCase: true }));
  return [...new Set(forms)].filter(Boolean);
}

// Ordered rewrite rules from common transliteration schemes (German, English, French, Dutch, Polish,
// Scandinavian, scholarly) to one skeleton. They only need to agree with themselves: both the stored
// name and the query go through them. Order matters: longer clusters first.
const PHONETIC_RULES: ReadonlyArray<[RegExp, string]> = [
  [/tsch/g, 'ch'], // German Botscharnikow → English Bocharnikov (German ch = Russian х stays ambiguous)
  [/tch/g, 'ch'], // French Tchernenko
  [/tsj/g, 'ch'], // Dutch Tsjernenko
  [/dsch/g, 'j'], // German Dschamal → Jamal
  [/sch/g, 'sh'], // Patruschew → Patrushev
  [/sj/g, 'sh'], // Dutch and Scandinavian Pasjinjan → Pashinyan
  [/sz/g, 'sh'], // Polish Patruszew → Patrushev
  [/cz/g, 'ch'], // Polish Czernienko → Chernenko
  [/rz/g, 'zh'], // Polish rz is Russian ж
  [/tj/g, 'ch'], // Swedish Tjernenko
  [/dzh/g, 'j'], // Dzhabarov → Jabarov
  [/zh/g, 'j'], // Zhukov ~ Joukov (French)
  [/kh/g, 'h'], // Mikhail ~ Mihail; Khalilov ~ Xəlilov (Azerbaijani x)
  [/ks/g, 'x'], // Aleksis ~ Alexis
  [/x/g, 'h'],
  [/ph/g, 'f'],
  [/ch/g, 'sh'], // French ch is English sh (Saakachvili ~ Saakashvili); Russian ч and ш meet here
  [/w/g, 'v'], // Patruschew → Patrushev
  [/z/g, 's'], // German s is Russian з: Selenskyj ~ Zelensky
  [/ck/g, 'k'],
  [/oe/g, 'u'], // Dutch oe is u: Poetin → Putin
  [/j/g, 'y'], // German j = English y (Alijew → Aliyev); after dsch/dzh have become j
  [/ou/g, 'u'], // French ou: Poutine ~ Putin, Rouhani ~ Ruhani
  [/ine$/, 'in'], // French -ine for -in: Poutine ~ Putin
  [/q/g, 'g'], // Azerbaijani q is Russian г: Quliyev ~ Гулиев (Guliev)
  [/y/g, 'i'], // Aliyev ~ Aliev, Pashinyan ~ Pashinian
  [/([aeou])i(?=[aeou])/g, '$1'], // a glide between vowels: Pashayeva ~ Пашаева (Pashaeva), Abdullayev ~ Abdullaev
  [/(.)\1+/g, '$1'], // doubled letters: Hassan ~ Hasan; Zelenskyy ~ Zelensky
  [/ie(?=[^aeiou])/g, 'e'], // Polish softening: Miedwiediew ~ Medvedev, Pieskow ~ Peskov
];

/** Phonetic skeleton of one folded word. */
export function phoneticKey(foldedWord: string): string {
  let key = foldedWord;
  for (const [pattern, replacement] of PHONETIC_RULES) key = key.replace(pattern, replacement);
  return key;
}

/** Skeleton of a whole name: each word keyed separately, order kept. */
export function phoneticName(value: string): string {
  return foldName(value).split(' ').filter(Boolean).map(phoneticKey).join(' ');
}

// Consonant skeletons, for words in Arabic or Hebrew script and the Latin spellings they must meet:
// vowels, and the letters that write vowels in those scripts (w, y: و ו י), are dropped, and
// sounds one script tells apart and the other does not are merged. Skeletons are stored and searched
// with a prefix digit saying where they came from, so that an Arabic-script query meets Latin names
// by skeleton and a Latin query meets Arabic-script names, but Latin never meets Latin this way, nor
// Arabic Arabic (Putin and Patane share "btn", سورية and الجزيرة "sr"; only names in different
// scripts need so loose a key).
const SKELETON_RULES: ReadonlyArray<[RegExp, string]> = [
  [/kh|ch/g, 'h'], // خ ח
  [/gh/g, 'g'], // غ
  [/dzh|dj/g, 'j'], // ج
  [/sh|ts|tz|z/g, 's'], // ش ש צ ز
  [/th/g, 't'], // ث
  [/dh/g, 'd'], // ذ
  // Arabic has no p or v (بوتين Putin, فلاديمير Vladimir), Hebrew one letter for b and v: the labials meet.
  [/ph|[pfv]/g, 'b'],
  [/ck|q|c/g, 'k'], // ق
  [/[aeiouyw]/g, ''],
  [/(.)\1+/g, '$1'], // Abbas ~ عباس (bs)
  [/(?<=.)h$/, ''], // a final h is often unwritten (Abdullah), or the Arabic ة (الجزيرة, Jazeera)
];
const SKELETON_FROM_ABJAD = '0';
const SKELETON_FROM_LATIN = '1';
/** Skeletons shorter than this meet too many words to be worth a key. */
const MIN_SKELETON = 2;

/** Consonant skeleton of one folded word ("mohammed" → "mhmd"), or null when it is too short. */
export function skeletonKey(foldedWord: string): string | null {
  if (/[0-9]/.test(foldedWord)) return null;
  let key = foldedWord;
  for (const [pattern, replacement] of SKELETON_RULES) key = key.replace(pattern, replacement);
  return key.length >= MIN_SKELETON ? key : null;
}

/**
 * The skeletons a Latin word is stored under: its own, and, when it has a j, one without it:
 * Hebrew has no j (Benjamin is בנימין, bnmn), Arabic does (Jazeera is الجزيرة, jsr).
 */
function latinSkeletons(foldedWord: string): string[] {
  const forms = [skeletonKey(foldedWord)];
  if (foldedWord.includes('j')) forms.push(skeletonKey(foldedWord.replace(/j/g, 'y')));
  return [...new Set(forms.filter((f): f is string => f !== null))];
}

// Titles, folded once: each a phrase of phonetic words, matched longest first.
const TITLE_PHRASES: ReadonlyArray<readonly string[]> = [
  ...new Map(
    [...Object.values(TITLES).flat(), ...PARTICLES]
      .flatMap((t) => foldings(t).map((f) => f.split(' ').map(phoneticKey).join(' ')))
      .filter((t) => t && !/^[a-z0-9]$/.test(t))
      .map((t) => [t, t.split(' ')] as const),
  ).values(),
].sort((a, b) => b.length - a.length);
const TITLE_FIRST_WORDS = new Set(TITLE_PHRASES.map((p) => p[0]!));

/** Which of the folded words are part of a title or honorific phrase (anywhere in the name). */
export function titleMask(foldedWords: readonly string[]): boolean[] {
  const phon = foldedWords.map(phoneticKey);
  const mask = foldedWords.map(() => false);
  for (let i = 0; i < phon.length; i++) {
    if (!TITLE_FIRST_WORDS.has(phon[i]!)) continue;
    const phrase = TITLE_PHRASES.find((p) => p.every((w, k) => phon[i + k] === w));
    if (!phrase) continue;
    for (let k = 0; k < phrase.length; k++) mask[i + k] = true;
    i += phrase.length - 1;
  }
  return mask;
}

/**
 * The name without the titles that open or close it ("Rt Hon Boris Johnson MP" → "boris johnson"),
 * folded; the folded name itself when nothing else would be left ("Lord", "President").
 */
export function withoutTitles(value: string): string {
  const words = foldName(value).split(' ').filter(Boolean);
  const mask = titleMask(words);
  let start = 0;
  let end = words.length;
  while (start < end && mask[start]) start++;
  while (end > start && mask[end - 1]) end--;
  return start < end ? words.slice(start, end).join(' ') : words.join(' ');
}

/** "Putin, Vladimir" as "Vladimir Putin"; null for a name without exactly one comma. */
export function commaReversed(value: string): string | null {
  const parts = value.split(',');
  if (parts.length !== 2) return null;
  const [surname, given] = parts.map((p) => p.trim()) as [string, string];
  if (!surname || !given || /[0-9]/.test(given) || given.split(/\s+/).length > 3) return null;
  return `${given} ${surname}`;
}

/** One word of a name, in each of its foldings, with whether it was written in an abjad. */
interface ScriptWord {
  folded: string;
  /** The word's other readings (foldings after the first), when they differ. */
  variants: string[];
  abjad: boolean;
}

/** The words of a name, each folded (every folding kept where they agree on the words). */
function scriptWords(value: string): ScriptWord[] {
  return value
    .split(/[\s,;/]+/)
    .filter(Boolean)
    .flatMap((raw) => {
      const abjad = isAbjad(raw);
      const [first = [], ...others] = foldings(raw).map((f) => f.split(' '));
      const words = first.filter(Boolean);
      return words.map((folded, i) => ({
        folded,
        variants: [...new Set(others.filter((o) => o.length === words.length).map((o) => o[i]!))].filter((v) => v !== folded),
        abjad,
      }));
    });
}

/** Latin names longer than this (meeting and article titles) get no skeletons: they are not names. */
const MAX_SKELETON_WORDS = 4;

/** The skeleton key of a stored name: each word's skeleton marked by the script it came from. */
function skeletonKeys(value: string): string | null {
  const words = scriptWords(value);
  const abjad = words.some((w) => w.abjad);
  if (!abjad && words.length > MAX_SKELETON_WORDS) return null;
  const keys = words.flatMap(({ folded, abjad: a }) => {
    if (a) {
      const s = skeletonKey(folded);
      return s ? [`${SKELETON_FROM_ABJAD}${s}`] : [];
    }
    return latinSkeletons(folded).map((s) => `${SKELETON_FROM_LATIN}${s}`);
  });
  return keys.length > 0 ? keys.join(' ') : null;
}

/**
 * The keys stored on a node (property `searchKeys`) for its name and aliases: for each, the folded
 * form and the phonetic skeleton, and where they differ also the other foldings (diacritics dropped,
 * Greek as foreign names are written), the name without its titles, the comma form turned round
 * ("Putin, Vladimir" → "vladimir putin"), and the consonant skeletons (skeletonKey); without
 * duplicates. The full-text index covers them. Imports, merges and the name-keys migration all
 * compute `searchKeys` with this one function.
 */
export function nameKeys(names: ReadonlyArray<string | undefined>): string[] {
  if (names.length === 1) return names[0] ? [...keysOfName(names[0])] : [];
  const keys = new Set<string>();
  for (const n of names) if (n) for (const k of keysOfName(n)) keys.add(k);
  return [...keys];
}

/**
 * One name's keys, remembered: registers restate the same minister or organisation on every row,
 * and computing the keys afresh was a quarter of an import's time in Node (bench/import.ts). A
 * union of names' keys in order is what computing them together gave, so nameKeys stays the same.
 */
const NAME_KEYS_CACHE = 20_000;
const nameKeysCache = new Map<string, readonly string[]>();

function keysOfName(n: string): readonly string[] {
  const cached = nameKeysCache.get(n);
  if (cached) return cached;
  const keys = new Set<string>();
  const add = (folded: string) => {
    if (!folded) return;
    keys.add(folded);
    keys.add(folded.split(' ').map(phoneticKey).join(' '));
  };
  for (const f of foldings(n)) add(f);
  const reversed = commaReversed(n);
  if (reversed) add(foldName(reversed));
  for (const form of reversed ? [n, reversed] : [n]) {
    const bare = withoutTitles(form);
    if (bare !== foldName(form)) add(bare);
  }
  const skeletons = skeletonKeys(n);
  if (skeletons) keys.add(skeletons);
  const out = Object.freeze([...keys]);
  // Oldest first out: a Map iterates in insertion order.
  if (nameKeysCache.size >= NAME_KEYS_CACHE) nameKeysCache.delete(nameKeysCache.keys().next().value!);
  nameKeysCache.set(n, out);
  return out;
}

// Lucene's English stop words, which the full-text analyzer ("standard-folding") drops from the
// index and from queries: such a word in a query must not become a prefix or fuzzy term ("in*" would
// then be required where "Moon Jae-in" has no "in"); as a plain term the analyzer drops it.
export const ANALYZER_STOP_WORDS: readonly string[] =
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  );
const STOP_WORDS = new Set(ANALYZER_STOP_WORDS);

/** One word of a user's query, as the index is searched for it. */
export interface QueryTerm {
  folded: string;
  phonetic: string;
  /** Other readings of the word (diacritics dropped: Erdoğan, erdogan; German ch as kh: Michail). */
  variants?: string[];
  /** Part of a title or honorific: optional unless the query is nothing but titles. */
  title?: boolean;
  /** One letter, read as an initial of a given name (В. В. Путин); only the first is required. */
  initial?: boolean;
  /** A stop word of the index's analyzer, matched only as itself. */
  stop?: boolean;
  /** Consonant-skeleton terms that meet names in another script (see skeletonKeys). */
  skeletons?: string[];
}

/** Search terms for a user's query: each word as folded and as skeleton, titles and initials marked. */
export function queryTerms(query: string): QueryTerm[] {
  const words = scriptWords(query);
  const mask = titleMask(words.map((w) => w.folded));
  const several = words.length > 1;
  return words.map(({ folded, variants, abjad }, i) => {
    const term: QueryTerm = { folded, phonetic: phoneticKey(folded) };
    // German and Dutch ch is Russian х (Michail, Chruschtschow), where English reads ч and French ш.
    const kh = /(^|[^st])ch/.test(folded) ? folded.replace(/(^|[^st])ch/g, '$1kh') : null;
    const all = [...new Set([...variants, ...(kh ? [kh] : [])])].filter((v) => v !== folded);
    if (all.length > 0) term.variants = all;
    if (mask[i]) term.title = true;
    else if (several && /^[a-z]$/.test(folded)) term.initial = true;
    else if (STOP_WORDS.has(folded)) term.stop = true;
    if (!term.stop && !term.initial) {
      const s = abjad ? skeletonKey(folded) : null;
      const skeletons = abjad ? (s ? [`${SKELETON_FROM_LATIN}${s}`] : []) : latinSkeletons(folded).map((k) => `${SKELETON_FROM_ABJAD}${k}`);
      if (skeletons.length > 0) term.skeletons = skeletons;
    }
    return term;
  });
}

/**
 * A Lucene query for the full-text index: every word must match (so "Nikolai Patrushev" does not
 * return every Nikolai), each by its exact folded form, its skeleton, a fuzzy variant of either
 * (small spelling differences), its consonant skeleton across scripts, or, for the last word, as a
 * prefix (typing ahead). An initial matches any word it begins; initials after the first (a
 * patronymic, a middle name, which lists often leave out) are optional. Titles and honorifics
 * ("President", "Rt Hon", "Г-н") are optional: they rank a name that has them higher but are not
 * required, unless the query is only titles ("Lord" still finds a Lord). Terms are lower-case
 * [a-z0-9] only, so nothing needs escaping. Required groups are joined by AND; optional ones follow
 * with OR (Lucene's classic parser reads `a AND b OR c` as +a +b c); with one required group, it
 * is repeated so that the optional ones cannot stand alone (`a AND a OR c`, never `a OR c`).
 */
export function luceneQuery(query: string): string | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  const onlyTitles = terms.every((t) => t.title);
  const required: string[] = [];
  const optional: string[] = [];
  let initials = 0;
  terms.forEach(({ folded, phonetic, variants, title, initial, stop, skeletons }, index) => {
    if (title && !onlyTitles) {
      optional.push(`(${folded}^2 OR ${phonetic})`);
      return;
    }
    if (initial) {
      (initials++ === 0 ? required : optional).push(`(${folded}^2 OR ${folded}*)`);
      return;
    }
    if (stop) {
      required.push(`(${folded}^4)`);
      return;
    }
    const fuzz = (w: string) => (w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0);
    const alts = [`${folded}^4`, `${phonetic}^3`];
    for (const v of variants ?? []) alts.push(`${v}^4`, `${phoneticKey(v)}^3`);
    if (fuzz(folded) > 0) alts.push(`${folded}~${fuzz(folded)}`, `${phonetic}~${fuzz(folded)}`);
    for (const v of variants ?? []) if (fuzz(v) > 0) alts.push(`${phoneticKey(v)}~${fuzz(v)}`);
    if (index === terms.length - 1 && folded.length >= 2) alts.push(`${folded}*^2`, `${phonetic}*`);
    for (const s of skeletons ?? []) alts.push(`${s}^2`);
    required.push(`(${[...new Set(alts)].join(' OR ')})`);
  });
  if (optional.length > 0 && required.length === 1) required.push(required[0]!);
  return required.join(' AND ') + optional.map((o) => ` OR ${o}`).join('');
}
