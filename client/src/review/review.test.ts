// The Review page's pure logic: the queue (merges followed, stale pairs passed over, skip and
// undo), clusters from candidate pairs, the key table, and the comparison's marks.
import { describe, expect, it } from '@jest/globals';

import type { GraphNode, Neighborhood } from '../api';
import { clusters, pairOf } from './clusters';
import { compare, foldName } from './compare';
import { actionFor } from './keys';
import { ReviewQueue } from './queue';
import type { Candidate, Judgement } from './review-api';

const cand = (a: string, b: string, score = 0.9): Candidate => ({
  a,
  b,
  type: 'Person',
  score,
  reasons: [{ code: 'name', detail: 'alike', weight: score }],
});
const judged = (
  a: string,
  b: string,
  judgement: Judgement['judgement'],
  canonicalId: string | null = null,
  absorbedId: string | null = null,
): Judgement => ({
  id: `j-${a}-${b}-${judgement}`,
  a,
  b,
  judgement,
  note: null,
  by: 'api',
  at: '2026-01-01T00:00:00Z',
  score: 0.9,
  reasons: [],
  canonicalId,
  absorbedId,
  undoneAt: null,
});

describe('the review queue', () => {
  it('shows a pair with the ids its entities have after an earlier merge, and passes over one that became one entity', () => {
    const q = new ReviewQueue();
    q.load([cand('p1', 'p2'), cand('p2', 'p3'), cand('p1', 'p3'), cand('p4', 'p5')]);
    expect(q.current()).toMatchObject({ index: 0, a: 'p1', b: 'p2', moved: [] });
    q.decide(0, judged('p1', 'p2', 'same', 'p1', 'p2'));
    // p2 went into p1: the pair p2–p3 is now p1–p3, said so, and the later p1–p3 is the same pair.
    expect(q.current()).toMatchObject({ index: 1, a: 'p1', b: 'p3', moved: [{ from: 'p2', to: 'p1' }] });
    q.decide(1, judged('p1', 'p3', 'same', 'p1', 'p3'));
    // p1–p3 is now one entity: passed over.
    expect(q.current()).toMatchObject({ index: 3, a: 'p4', b: 'p5' });
    expect(q.remaining()).toBe(1);
  });

  it('takes back the last decision: the merge is forgotten and its pair is shown again', () => {
    const q = new ReviewQueue();
    q.load([cand('p1', 'p2'), cand('p2', 'p3'), cand('p6', 'p7')]);
    q.decide(0, judged('p1', 'p2', 'same', 'p1', 'p2'));
    q.decide(1, judged('p1', 'p3', 'not_same'));
    expect(q.current()).toMatchObject({ index: 2 });
    expect(q.undo()?.judgement.judgement).toBe('not_same');
    expect(q.current()).toMatchObject({ index: 1, a: 'p1', b: 'p3' });
    expect(q.undo()?.judgement.judgement).toBe('same');
    expect(q.canonical('p2')).toBe('p2');
    expect(q.current()).toMatchObject({ index: 0, a: 'p1', b: 'p2', moved: [] });
    expect(q.undo()).toBeNull();
  });

  it('skips to the end, counts the skipped and brings them back', () => {
    const q = new ReviewQueue();
    q.load([cand('a', 'b'), cand('c', 'd')]);
    q.skip();
    expect(q.current()?.index).toBe(1);
    expect(q.upcoming(2)).toEqual([]);
    q.decide(1, judged('c', 'd', 'unsure'));
    expect(q.current()).toBeNull();
    expect(q.skippedCount()).toBe(1);
    q.revisitSkipped();
    expect(q.current()?.index).toBe(0);
  });

  it('follows merges learnt from the read API, and adds only new pairs from a later page', () => {
    const q = new ReviewQueue();
    q.load([cand('x', 'y')]);
    q.noteMerged('y', 'z');
    expect(q.current()).toMatchObject({ a: 'x', b: 'z' });
    expect(q.append([cand('x', 'y'), cand('x', 'z'), cand('u', 'v')])).toBe(1);
    expect(q.size).toBe(2);
  });
});

describe('clusters', () => {
  it('joins pairs into connected groups, largest first, and finds the pair between two members', () => {
    const cs = clusters([cand('te1', 'te2', 0.95), cand('te2', 'te3', 0.8), cand('g1', 'g2', 0.99), cand('solo', 'solo2', 0.6)]);
    expect(cs.map((c) => c.members)).toEqual([
      ['te1', 'te2', 'te3'],
      ['g1', 'g2'],
      ['solo', 'solo2'],
    ]);
    expect(cs[0]!.score).toBe(0.95);
    expect(pairOf(cs[0]!, 'te3', 'te2')?.score).toBe(0.8);
    expect(pairOf(cs[0]!, 'te1', 'te3')).toBeUndefined();
  });
});

describe('keys', () => {
  const ev = (key: string, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: unknown }> = {}) =>
    ({
      key,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      target: null,
      ...extra,
    }) as Parameters<typeof actionFor>[0];
  const el = (matches: string) => ({ closest: (sel: string) => (sel.split(', ').some((s) => matches.includes(s)) ? {} : null) });

  it('maps nomenklatura’s keys to actions', () => {
    expect(['s', 'n', 'u', 'k', ' ', 'z', '?', 'S', 'x'].map((k) => actionFor(ev(k)))).toEqual([
      'same',
      'not_same',
      'unsure',
      'skip',
      'skip',
      'undo',
      'help',
      'same',
      null,
    ]);
    expect(actionFor(ev('z', { ctrlKey: true }))).toBe('undo');
    expect(actionFor(ev('z', { metaKey: true }))).toBe('undo');
    expect(actionFor(ev('s', { ctrlKey: true }))).toBeNull();
  });

  it('leaves typing alone, and Space to the button it presses', () => {
    expect(actionFor(ev('s', { target: el('input') }))).toBeNull();
    expect(actionFor(ev(' ', { target: el('button') }))).toBeNull();
    expect(actionFor(ev('s', { target: el('button') }))).toBe('same');
  });
});

describe('the comparison', () => {
  const node = (id: string, name: string, properties: Record<string, unknown>, sources: string[]): GraphNode =>
    ({
      id,
      type: 'Person',
      name,
      properties: { name, ...properties },
      citationStatus: 'reported',
      citations: sources.map((s) => ({
        kind: 'quote',
        sourceId: s,
        title: s,
        publisher: null,
        url: null,
        published: null,
        status: 'reported',
        quote: 'q',
        lang: null,
        note: null,
      })),
    }) as GraphNode;
  const hood = (self: string, others: string[]): Neighborhood => ({
    nodes: others.map((o) => ({ id: o, type: 'Meeting', name: o, properties: {}, citationStatus: null })),
    edges: others.map((o, i) => ({
      id: `e${self}${i}`,
      type: 'TAKES_PART',
      source: self,
      target: o,
      properties: {},
      citationStatus: null,
    })),
    counts: { byRelType: { TAKES_PART: others.length }, total: others.length },
    nextCursor: null,
  });

  it('marks shared, differing and one-sided facts', () => {
    const c = compare(
      {
        node: node(
          'a',
          'Nikol Pashinyan',
          { aliases: ['Nikol Pashinian', 'Пашинян'], nationality: 'AM', birthDate: '1975-06-01', identifiers: ['wikidata:Q1', 'reg:1'] },
          ['s1'],
        ),
        neighbors: hood('a', ['m1', 'm2']),
      },
      {
        node: node('b', 'Nikol Pashinian', { nationality: 'AM', birthDate: '1975', identifiers: ['wikidata:Q2'], gender: 'male' }, [
          's1',
          's2',
        ]),
        neighbors: hood('b', ['m1']),
      },
    );
    expect(c.a.nameMark).toBe('differs');
    expect(c.a.aliases).toEqual([
      { value: 'Nikol Pashinian', mark: 'same' },
      { value: 'Пашинян', mark: 'only' },
    ]);
    expect(c.a.identifiers).toEqual([
      { value: 'wikidata:Q1', mark: 'conflict' },
      { value: 'reg:1', mark: 'only' },
    ]);
    expect(Object.fromEntries(c.properties.map((p) => [p.key, p.mark]))).toEqual({
      birthDate: 'differs',
      gender: 'only',
      nationality: 'same',
    });
    expect(c.sharedNeighbors).toBe(1);
    expect(c.sharedSources).toBe(1);
    expect(c.a.neighbors.map((n) => [n.id, n.mark])).toEqual([
      ['m1', 'same'],
      ['m2', 'only'],
    ]);
    expect(foldName('  Transport & Environment ')).toBe('transport environment');
  });
});
