// The neighbour search's two forms (server/src/graph/service.ts neighborSearchTest): the Lucene
// query of /api/search and the key test Cypher runs on a node's search keys. Every word the key
// test accepts is one the Lucene query asks for (not fuzzy, not a stop word, not optional), which
// is what lets the full-text index serve a hub's search with the walk's rows; and the plan choice.
import { describe, expect, it } from '@jest/globals';

import { neighborSearchTest, searchPlan, SEEK_MIN_DEGREE } from '../../server/src/graph/service';
import { nameKeys } from '../../server/src/names/keys';

/** The key test, as queries/neighbors-search runs it, in TypeScript. */
function passes(q: string, names: string[]): boolean {
  const test = neighborSearchTest(q);
  if (!test) return false;
  const words = nameKeys(names)
    .flatMap((k) => k.split(' '))
    .filter((w) => w && !test.stop.includes(w));
  return test.groups.every((g) => words.some((w) => g.exact.includes(w) || g.prefixes.some((p) => w.startsWith(p))));
}

describe('neighborSearchTest', () => {
  it.each([
    ['Алиев', 'Talks with Əliyev in Baku'],
    ['alijew', 'Ilham Əliyev'],
    ['ERDOGAN', 'Recep Tayyip Erdoğan'],
    ['erdo', 'Recep Tayyip Erdoğan'],
    ['Tsipras', 'Αλέξης Τσίπρας'],
    ['Patruschew', 'Николай Патрушев'],
    ['Putin', 'Poetin'],
    ['V. Putin', 'Vladimir Putin'],
    ['President Putin', 'Vladimir Putin'],
    ['Mohammed', 'محمد'],
  ])('%s matches %s by its keys', (q, name) => {
    expect(passes(q, [name])).toBe(true);
  });

  it.each([
    ['Aliyev', 'Talks in Minsk'],
    ['nikolai patrushev', 'Nikolai Bordyuzha'],
    // A typo: Lucene's fuzzy terms would find it, the key test does not (see neighborSearchTest).
    ['Patrusev', 'Nikolai Patrushev'],
  ])('%s does not match %s', (q, name) => {
    expect(passes(q, [name])).toBe(false);
  });

  it('asks only for words the Lucene query holds, none of them a stop word', () => {
    for (const q of ['Алиев', 'talks in yerevan no 13', 'V. V. Putin', 'Rt Hon Boris Johnson MP', 'Τσίπρας', 'محمد']) {
      const test = neighborSearchTest(q)!;
      const terms = new Set(
        test.lucene
          .replace(/[()]/g, ' ')
          .split(/\s+/)
          .filter((t) => t && !['AND', 'OR'].includes(t) && !t.includes('~'))
          .map((t) => t.replace(/\^\d+$/, '')),
      );
      for (const g of test.groups) {
        for (const w of g.exact) expect([q, w, terms.has(w)]).toEqual([q, w, true]);
        for (const p of g.prefixes) expect([q, p, terms.has(`${p}*`)]).toEqual([q, p, true]);
        for (const w of g.exact) expect(test.stop).not.toContain(w);
      }
    }
  });

  it('is null when nothing can be matched: no letters, or only stop words', () => {
    expect(neighborSearchTest('!!!')).toBeNull();
    expect(neighborSearchTest('the')).toBeNull();
    expect(neighborSearchTest('in the')).toBeNull();
  });
});

describe('searchPlan', () => {
  it('walks an entity of small degree, whatever the index finds', () => {
    expect(searchPlan(30, 1)).toBe('queries/neighbors-search');
    expect(searchPlan(SEEK_MIN_DEGREE - 1, null)).toBe('queries/neighbors-search');
  });

  it('reads the index for a hub when it finds fewer nodes than the hub has links, else walks', () => {
    expect(searchPlan(100_000, 40)).toBe('queries/neighbors-search-index');
    expect(searchPlan(100_000, 99_999)).toBe('queries/neighbors-search-index');
    expect(searchPlan(100_000, 100_000)).toBe('queries/neighbors-search');
  });
});
