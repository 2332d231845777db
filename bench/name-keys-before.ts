// The name keys of before issue 10 item 5 (server/src/names/keys.ts at commit e1b9cba), kept verbatim
// below this header so that bench/name-recall.ts can measure recall before and after on the same graph.
import anyAscii from 'any-ascii';

// Letters whose English transliteration differs from any-ascii's default. Azerbaijani "ə" is
// written "a" (Əliyev → Aliyev; any-ascii gives "e"); "ş", "ç", "ğ" keep their digraphs
// (Paşayeva → Pashayeva; any-ascii drops the cedilla and gives "Pasayeva").
const PRE_MAP: Record<string, string> = { ə: 'a', Ə: 'A', ş: 'sh', Ş: 'Sh', ç: 'ch', Ç: 'Ch', ğ: 'gh', Ğ: 'Gh' };

/** Script-folded form: any script to lower-case ASCII letters and digits, words split by spaces. */
export function foldName(value: string): string {
  const mapped = value
    .replace(/[əƏşŞçÇğĞ]/g, (c) => PRE_MAP[c] ?? c)
    // A Cyrillic soft or hard sign before a vowel sounds as "y" (Васильев → Vasilyev); elsewhere
    // English spellings drop it (Ильхам → Ilkham, Ilham).
    .replace(/[ьъЬЪ](?=[аеёиоуыэюяАЕЁИОУЫЭЮЯ])/g, 'й')
    .replace(/[ьъЬЪ]/g, '');
  return (
    anyAscii(mapped)
      // any-ascii writes the Cyrillic soft and hard signs as ' and " (Ильхам → Il'kham); they are
      // not word breaks, so drop them before splitting, as with apostrophes in Latin names.
      .replace(/['"`\u2019]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
  );
}

// Ordered rewrite rules from common transliteration schemes (German, English, French, scholarly)
// to one skeleton. They only need to agree with themselves: both the stored name and the query
// go through them. Order matters: longer clusters first.
const PHONETIC_RULES: ReadonlyArray<[RegExp, string]> = [
  [/tsch/g, 'ch'], // German Botscharnikow → English Bocharnikov (German ch = Russian х stays ambiguous)
  [/dsch/g, 'j'], // German Dschamal → Jamal
  [/sch/g, 'sh'], // Patruschew → Patrushev
  [/dzh/g, 'j'], // Dzhabarov → Jabarov
  [/zh/g, 'j'], // Zhukov ~ Joukov (French)
  [/kh/g, 'h'], // Mikhail ~ Mihail; Khalilov ~ Xəlilov (Azerbaijani x)
  [/x/g, 'h'],
  [/ph/g, 'f'],
  [/w/g, 'v'], // Patruschew → Patrushev
  [/ck/g, 'k'],
  [/j/g, 'y'], // German j = English y (Alijew → Aliyev); after dsch/dzh have become j
  [/ou/g, 'u'], // Rouhani ~ Ruhani
  [/q/g, 'g'], // Azerbaijani q is Russian г: Quliyev ~ Гулиев (Guliev)
  [/y/g, 'i'], // Aliyev ~ Aliev, Pashinyan ~ Pashinian
  [/([aeou])i(?=[aeou])/g, '$1'], // a glide between vowels: Pashayeva ~ Пашаева (Pashaeva), Abdullayev ~ Abdullaev
  [/(.)\1+/g, '$1'], // doubled letters: Hassan ~ Hasan
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

/**
 * The keys stored on a node (property `searchKeys`) for its name and aliases: the folded form and
 * the phonetic skeleton of each, without duplicates. The full-text index covers them.
 */
export function nameKeys(names: ReadonlyArray<string | undefined>): string[] {
  const keys = new Set<string>();
  for (const n of names) {
    if (!n) continue;
    const folded = foldName(n);
    if (folded) keys.add(folded);
    const phon = phoneticName(n);
    if (phon) keys.add(phon);
  }
  return [...keys];
}

/** Search terms for a user's query: each word as folded and as skeleton. */
export function queryTerms(query: string): Array<{ folded: string; phonetic: string }> {
  return foldName(query)
    .split(' ')
    .filter(Boolean)
    .map((folded) => ({ folded, phonetic: phoneticKey(folded) }));
}

/**
 * A Lucene query for the full-text index: every word must match (so "Nikolai Patrushev" does not
 * return every Nikolai), each by its exact folded form, its skeleton, a fuzzy variant of either
 * (small spelling differences), or, for the last word, as a prefix (typing ahead).
 * Terms are lower-case [a-z0-9] only, so nothing needs escaping.
 */
export function luceneQuery(query: string): string | null {
  const terms = queryTerms(query);
  if (terms.length === 0) return null;
  return terms
    .map(({ folded, phonetic }, index) => {
      const fuzz = folded.length >= 8 ? 2 : folded.length >= 4 ? 1 : 0;
      const alts = [`${folded}^4`, `${phonetic}^3`];
      if (fuzz > 0) alts.push(`${folded}~${fuzz}`, `${phonetic}~${fuzz}`);
      if (index === terms.length - 1 && folded.length >= 2) alts.push(`${folded}*^2`, `${phonetic}*`);
      return `(${alts.join(' OR ')})`;
    })
    .join(' AND ');
}
