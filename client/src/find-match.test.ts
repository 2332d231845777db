// Find in view's matching: the search's name keys across scripts and transliterations, whole names
// before words before prefixes before a match inside a word, hidden nodes counted, not matched.
import { describe, expect, it } from '@jest/globals';

import { countText, cycle, findInView, indexNames, matchScore, readQuery, type FindCandidate } from './find-match';

// Names as the demo graph has them (data/demo/patrushev-2019.json).
const NAMES: Record<string, string[]> = {
  'person-patrushev': ['Nikolai Patrushev', 'Nikolai Patruschew', 'Patruschew', 'Nikolay Patrushev', 'Николай Патрушев'],
  'person-usubov': ['Ramil Usubov', 'Ramil Usubow', 'Usubow', 'Ramil İdris oğlu Usubov', 'Рамиль Усубов'],
  'person-aliyev': ['Ilham Aliyev', 'Ilham Alijew', 'Alijew', 'İlham Əliyev', 'Ilham Aliev', 'Ильхам Алиев'],
  'meeting-usubov': ['Talks between Patrushev and Usubov'],
  'meeting-aliyev': ['Talks between Patrushev and President Aliyev'],
  'meeting-armenia': ['Patrushev’s official visit to Armenia', 'offizieller Besuch in Armenien'],
  'org-sc-ru': ['Security Council of the Russian Federation', 'Совет безопасности Российской Федерации'],
};

const score = (id: string, q: string) => matchScore(indexNames(NAMES[id]!), readQuery(q)!);

function candidates(hidden: string[] = []): FindCandidate[] {
  return Object.entries(NAMES).map(([id, names], i) => ({ id, index: indexNames(names), x: i * 10, y: 0, hidden: hidden.includes(id) }));
}

describe('matchScore', () => {
  it('finds Patrushev under every spelling the search takes', () => {
    for (const q of ['Patrushev', 'patrushev', 'Patruschew', 'Патрушев', 'Patruszew', 'PATRUSHEV', 'Nikolai Patrushev', 'Николай Патрушев'])
      expect([q, score('person-patrushev', q)]).toEqual([q, 0]);
    expect(score('person-patrushev', 'Usubov')).toBeNull();
  });

  it('tells a whole name from a word of a longer name, a start of a word and a match inside one', () => {
    expect(score('person-usubov', 'Usubov')).toBe(0);
    expect(score('meeting-usubov', 'Usubov')).toBe(1);
    expect(score('meeting-usubov', 'Усубов')).toBe(1);
    expect(score('person-usubov', 'Usu')).toBe(2);
    // "Patrushev’s" is one word: the query is its start.
    expect(score('meeting-armenia', 'Patruschew')).toBe(2);
    expect(score('person-patrushev', 'rush')).toBe(3);
    expect(score('person-aliyev', 'Əliyev')).toBe(0);
    expect(score('meeting-aliyev', 'Alijew')).toBe(1);
  });

  it('needs every word of the query (titles apart), in any order', () => {
    expect(score('meeting-usubov', 'Usubov Patrushev')).toBe(1);
    expect(score('meeting-usubov', 'Usubov Aliyev')).toBeNull();
    expect(score('person-aliyev', 'President Aliyev')).toBe(0);
    expect(score('org-sc-ru', 'security council')).toBe(1);
    expect(score('org-sc-ru', 'Совет безопасности')).toBe(1);
  });

  it('has no query without letters or digits', () => {
    expect(readQuery('  ')).toBeNull();
    expect(readQuery('–·')).toBeNull();
  });
});

describe('findInView', () => {
  it('puts whole-name matches first, then shorter names, then left to right', () => {
    expect(findInView(candidates(), 'Usubov').ids).toEqual(['person-usubov', 'meeting-usubov']);
    expect(findInView(candidates(), 'Patruschew').ids).toEqual(['person-patrushev', 'meeting-usubov', 'meeting-aliyev', 'meeting-armenia']);
  });

  it('counts hidden nodes that would match instead of matching them', () => {
    const r = findInView(candidates(['meeting-usubov', 'meeting-armenia']), 'Patrushev');
    expect(r).toEqual({ ids: ['person-patrushev', 'meeting-aliyev'], hidden: 2 });
    expect(countText(r, 0)).toBe('1 of 2 · 2 hidden');
    expect(findInView(candidates(), '').ids).toEqual([]);
    expect(countText(findInView(candidates(), 'Xyzzy'), -1)).toBe('No match');
  });
});

describe('cycle', () => {
  it('wraps both ways and starts a new list at its first (or, going back, its last)', () => {
    expect(cycle(3, 0, 1)).toBe(1);
    expect(cycle(3, 2, 1)).toBe(0);
    expect(cycle(3, 0, -1)).toBe(2);
    expect(cycle(3, -1, 1)).toBe(0);
    expect(cycle(3, -1, -1)).toBe(2);
    expect(cycle(0, 0, 1)).toBe(-1);
  });
});
