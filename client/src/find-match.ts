// Which nodes in view a "Find in view" query names: the search's own name keys (server/src/names/
// keys.ts, pure and bundled for the browser), so that Patruschew, Патрушев and patrushev all find
// Nikolai Patrushev on the canvas as they do in the search box. Pure: no DOM, no Cytoscape.
import { foldName, nameKeys, phoneticKey, phoneticName, queryTerms, withoutTitles, type QueryTerm } from '../../server/src/names/keys';

/** A node's names, indexed once (its label and aliases). */
export interface NameIndex {
  /** Every name key (nameKeys), whole. */
  keys: Set<string>;
  /** Every word of every key. */
  words: string[];
  /** The folded names, for a match inside a word ("rush" in Patrushev). */
  folded: string[];
  /** Words in the shortest name: of two equal matches the one with the shorter name comes first (a person before a meeting's title). */
  shortest: number;
}

export function indexNames(names: ReadonlyArray<string | undefined>): NameIndex {
  const keys = new Set(nameKeys(names));
  const words = [...new Set([...keys].flatMap((k) => k.split(' ')).filter(Boolean))];
  const folded = names.filter((n): n is string => Boolean(n)).map(foldName);
  const shortest = Math.min(...folded.map((f) => f.split(' ').length), Number.MAX_SAFE_INTEGER);
  return { keys, words, folded, shortest };
}

/** A query, read once for all the nodes it is tried on. */
export interface FindQuery {
  terms: QueryTerm[];
  /** The whole query folded and as its phonetic skeleton, with and without titles, to tell a whole-name match. */
  whole: string[];
  folded: string;
}

export function readQuery(text: string): FindQuery | null {
  const folded = foldName(text);
  if (!folded) return null;
  const bare = withoutTitles(text);
  const whole = [folded, phoneticName(text), bare, bare.split(' ').map(phoneticKey).join(' ')];
  return { terms: queryTerms(text), whole: [...new Set(whole)], folded };
}

/** 0 = the word is the term (in any reading), 1 = the word begins with it, null = neither. */
function termScore(term: QueryTerm, words: readonly string[]): 0 | 1 | null {
  const exact = new Set([term.folded, term.phonetic, ...(term.variants ?? []).flatMap((v) => [v, phoneticKey(v)])]);
  if (term.stop) return words.includes(term.folded) ? 0 : null;
  if (words.some((w) => exact.has(w))) return 0;
  if ((term.skeletons ?? []).some((s) => words.includes(s))) return 0;
  const starts = [term.folded, term.phonetic, ...(term.variants ?? [])];
  if (words.some((w) => starts.some((s) => w.startsWith(s)))) return 1;
  return null;
}

/**
 * How well the query names a node, lower is better, or null when it does not: 0 a whole name or
 * alias in any reading ("Usubow" for Ramil Usubov), 1 every word of the query a word of its names,
 * 2 some only as the start of a word (typing ahead: "Usu"), 3 the query only inside a word
 * ("rush"). Titles in the query ("President") are optional, as in the search.
 */
export function matchScore(index: NameIndex, query: FindQuery): number | null {
  if (query.whole.some((w) => index.keys.has(w))) return 0;
  const required = query.terms.some((t) => !t.title) ? query.terms.filter((t) => !t.title) : query.terms;
  let worst: 0 | 1 = 0;
  let all = required.length > 0;
  for (const term of required) {
    const s = termScore(term, index.words);
    if (s === null) {
      all = false;
      break;
    }
    if (s > worst) worst = s;
  }
  if (all) return 1 + worst;
  if (index.folded.some((f) => f.includes(query.folded))) return 3;
  return null;
}

export interface FindCandidate {
  id: string;
  index: NameIndex;
  /** Where it is drawn (model coordinates), to cycle through equal matches in reading order. */
  x: number;
  y: number;
  /** Hidden by a filter, the time window or by hand: not matched, only counted. */
  hidden: boolean;
}

export interface FindResult {
  /** The visible matches, best first (then shorter names), then left to right and top to bottom. */
  ids: string[];
  /** How many hidden nodes would match. */
  hidden: number;
}

export function findInView(candidates: readonly FindCandidate[], text: string): FindResult {
  const query = readQuery(text);
  if (!query) return { ids: [], hidden: 0 };
  const hits: Array<{ c: FindCandidate; score: number }> = [];
  let hidden = 0;
  for (const c of candidates) {
    const score = matchScore(c.index, query);
    if (score === null) continue;
    if (c.hidden) hidden += 1;
    else hits.push({ c, score });
  }
  hits.sort(
    (a, b) =>
      a.score - b.score || a.c.index.shortest - b.c.index.shortest || a.c.x - b.c.x || a.c.y - b.c.y || a.c.id.localeCompare(b.c.id),
  );
  return { ids: hits.map((h) => h.c.id), hidden };
}

/** The position after `current` when moving by `by` (wrapping), or 0 for a new list. */
export function cycle(length: number, current: number, by: 1 | -1): number {
  if (length === 0) return -1;
  if (current < 0 || current >= length) return by === 1 ? 0 : length - 1;
  return (current + by + length) % length;
}

/** "2 of 5", "No match", with hidden ones said: "1 of 4 · 2 hidden". */
export function countText(result: FindResult, current: number): string {
  const n = result.ids.length;
  const main = n === 0 ? 'No match' : `${current + 1} of ${n}`;
  return result.hidden ? `${main} · ${result.hidden} hidden` : main;
}
