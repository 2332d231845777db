// How alike two names are, as a reviewer reads them: after transliteration (foldName), with
// titles set aside, words in any order, and an initial standing for a given name ("V. V. Putin" =
// "Vladimir Putin"). Jaro-Winkler (talisman) compares words; the token-set measure compares names.
import jaroWinkler from 'talisman/metrics/jaro-winkler';

import { foldName, phoneticKey } from '../names/keys';

/**
 * Titles and honorifics, folded, that lists put before or after a person's name ("Rt Hon", "MP",
 * "Президент" → "prezident", "Präsident" → "prasident"). They say what a person is, not who.
 */
const TITLE_WORDS = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'lord',
  'lady',
  'baroness',
  'baron',
  'rt',
  'hon',
  'right',
  'honourable',
  'honorable',
  'mp',
  'mep',
  'qc',
  'kc',
  'obe',
  'mbe',
  'cbe',
  'kbe',
  'dbe',
  'president',
  'prezident',
  'prasident',
  'praesident',
  'presidente',
  'premier',
  'premierminister',
  'prime',
  'minister',
  'ministr',
  'secretary',
  'sekretar',
  'general',
  'gen',
  'his',
  'her',
  'excellency',
  'he',
  'hrh',
  'sheikh',
  'king',
  'queen',
  'prince',
  'princess',
  'ambassador',
  'chancellor',
  'kanzler',
  'kanzlerin',
  'deputy',
  'foreign',
  'state',
  'herr',
  'frau',
  'gospodin',
  'mme',
  'mlle',
  'm',
  'senator',
  'governor',
]);

/** Words of a person's name, folded, without titles (kept when nothing else is left). */
export function personTokens(name: string): string[] {
  const words = foldName(name).split(' ').filter(Boolean);
  // "m" is a title only before a name (French "M. Macron"): kept when it could be an initial later on.
  const kept = words.filter((w, i) => !TITLE_WORDS.has(w) || (w === 'm' && i > 0));
  return kept.length > 0 ? kept : words;
}

// Skeletons of words, remembered: scoring compares the same words again and again, and the
// rewrite rules are a dozen regular expressions. Cleared when large, so memory stays bounded.
const skeletons = new Map<string, string>();
function skeleton(word: string): string {
  let k = skeletons.get(word);
  if (k === undefined) {
    if (skeletons.size > 200_000) skeletons.clear();
    k = phoneticKey(word);
    skeletons.set(word, k);
  }
  return k;
}

export function jw(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  return jaroWinkler(a, b);
}

/**
 * Two words that a reviewer would take for one: equal, equal as phonetic skeletons, a near
 * spelling, or (for people) an initial and a word that starts with it. Short words (acronyms)
 * must be equal: BBC is not BCC, though their skeletons are.
 */
function wordSimilarity(a: string, b: string, initials: boolean): { s: number; initial: boolean } {
  if (a === b) return { s: 1, initial: false };
  if (a.length === 1 || b.length === 1) return { s: initials && a[0] === b[0] ? INITIAL_MATCH : 0, initial: initials };
  if (a.length < 4 || b.length < 4) return { s: 0, initial: false };
  if (skeleton(a) === skeleton(b)) return { s: 0.95, initial: false };
  const s = jw(a, b);
  // Below this two words are different words ("airways" vs "telecom"), not spellings of one.
  return { s: s >= 0.88 ? s : 0, initial: false };
}

/** Factor for names of which the shorter has a word the longer lacks (people: a different given name or surname). */
const UNCOVERED = 0.7;
const UNCOVERED_PERSON = 0.5;

/** What an initial is worth against the given name it may stand for. */
const INITIAL_MATCH = 0.85;

export interface TokenMatch {
  score: number;
  /** Some word matched only as an initial. */
  initials: boolean;
  /** Every word of the shorter name found a counterpart in the other. */
  covered: boolean;
}

export interface SimilarityOptions {
  /** Initials match given names (people). */
  initials?: boolean;
  /**
   * How much a word tells names apart (e.g. its inverse document frequency among the entities
   * compared): a missing "Bromley" weighs more than a missing "Foundation". Absent: every word 1.
   */
  weight?: (word: string) => number;
}

/**
 * Token-set similarity: every word of each name matched with its best counterpart in the other
 * (order free), averaged over all words of both, each by its weight. Words without a counterpart
 * count 0, so "British Airways" and "British Telecom" are 0.5 alike, not 0.8 as whole strings would be.
 */
export function tokenSetSimilarity(a: readonly string[], b: readonly string[], opts: SimilarityOptions = {}): TokenMatch {
  if (a.length === 0 || b.length === 0) return { score: 0, initials: false, covered: false };
  const init = opts.initials ?? false;
  const weight = opts.weight ?? (() => 1);
  let total = 0;
  let weights = 0;
  let usedInitials = false;
  const unmatched = [0, 0];
  const side = (xs: readonly string[], ys: readonly string[], which: 0 | 1) => {
    for (const x of xs) {
      let best = { s: 0, initial: false };
      for (const y of ys) {
        const m = wordSimilarity(x, y, init);
        if (m.s > best.s) best = m;
        if (best.s === 1) break;
      }
      if (best.initial && best.s > 0) usedInitials = true;
      if (best.s === 0) unmatched[which]!++;
      // An initial weighs what a common word does: it says little on its own.
      const w = x.length === 1 ? 1 : weight(x);
      total += w * best.s;
      weights += w;
    }
  };
  side(a, b, 0);
  side(b, a, 1);
  const covered = a.length <= b.length ? unmatched[0] === 0 : unmatched[1] === 0;
  return { score: weights > 0 ? total / weights : 0, initials: usedInitials, covered };
}

/**
 * One number for two names' words: mostly the token-set measure, with Jaro-Winkler of the sorted
 * words for what it misses (a word split in two, "Green peace"). Initials count for people only.
 */
export function nameSimilarity(a: readonly string[], b: readonly string[], opts: SimilarityOptions = {}): TokenMatch {
  if (a.length === 0 || b.length === 0) return { score: 0, initials: false, covered: false };
  const joinedA = [...a].sort().join(' ');
  const joinedB = [...b].sort().join(' ');
  if (joinedA === joinedB) return { score: 1, initials: false, covered: true };
  // Concatenated forms equal ("clearly so" / "clearlyso"): the same name written apart.
  if (a.join('') === b.join('')) return { score: 0.97, initials: false, covered: true };
  const t = tokenSetSimilarity(a, b, opts);
  const whole = jw(joinedA, joinedB);
  // A word of the shorter name missing from the longer one is usually another name ("David
  // Cameron" / "David Davis", "… British Insurers" / "… British Travel Agents"), not a variant.
  const score = (0.75 * t.score + 0.25 * whole) * (t.covered ? 1 : opts.initials ? UNCOVERED_PERSON : UNCOVERED);
  return { score, initials: t.initials, covered: t.covered };
}
