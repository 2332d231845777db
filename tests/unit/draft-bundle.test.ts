// The Draft page's bundle (client/src/draft/bundle.ts) against the import's own validators: what
// the analyst accepts is one valid bundle, linked names refer to the stored entities, and a
// proposal whose end was rejected is left out with its reason.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { buildBundle, type Decisions } from '../../client/src/draft/bundle';
import { draftArticle } from '../../server/src/draft/draft';
import { EMPTY_GRAPH, type Draft, type DraftSource, type EntityProposal } from '../../server/src/draft/types';
import { checkBundle, parseBundle } from '../../server/src/import/bundle';

const SEED = path.resolve(__dirname, '../../../shared/seed/caucasus-watch-patrushev-azerbaijan-2019.de.txt');
const source: DraftSource = { title: 'Patruschews Mission im Südkaukasus', publisher: 'Caucasus Watch', language: 'de' };

async function seedDraft(): Promise<Draft> {
  return draftArticle({ text: readFileSync(SEED, 'utf8'), source }, EMPTY_GRAPH);
}

const all = (d: Draft, state: 'accepted' | 'rejected' = 'accepted'): Decisions =>
  Object.fromEntries(d.proposals.map((p) => [p.id, { state, edits: {} }]));

describe('the bundle of accepted proposals', () => {
  it('is one valid import: a new Source, every fact quoting its sentence', async () => {
    const d = await seedDraft();
    const { bundle, skipped } = buildBundle(d, source, all(d));
    expect(skipped).toEqual([]);
    const parsed = parseBundle(bundle);
    expect(checkBundle(parsed, new Map())).toEqual([]);
    const src = bundle.nodes.find((n) => n.type === 'Source')!;
    expect(src.properties).toMatchObject({ title: source.title, publisher: 'Caucasus Watch', language: 'de', kind: 'article' });
    for (const f of [...bundle.nodes.filter((n) => n.type !== 'Source'), ...bundle.relationships]) {
      expect(f.citations.length).toBeGreaterThan(0);
      for (const c of f.citations) expect(c.source).toBe(src.id);
    }
    const types = (t: string) => bundle.relationships.filter((r) => r.type === t).length;
    expect(types('HOLDS_POST')).toBe(8);
    expect(types('TAKES_PART')).toBe(14);
    expect(types('PART_OF')).toBeGreaterThanOrEqual(2);
    expect(types('KNOWS')).toBe(1);
    expect(bundle.relationships.find((r) => r.type === 'KNOWS')!.citations[0]!.status).toBe('speculative');
    // A meeting told in several sentences cites each of them.
    const talks = bundle.nodes.find((n) => n.type === 'Meeting' && (n.properties.title as string).includes('Alijew'))!;
    expect(talks.citations.length).toBeGreaterThanOrEqual(4);
  });

  it('refers to a stored entity the analyst linked, citing it, and takes the edits', async () => {
    const d = await seedDraft();
    const decisions = all(d);
    const entity = (name: string) => d.proposals.find((p): p is EntityProposal => p.kind === 'entity' && p.name === name)!;
    decisions[entity('Nikolai Patruschew').id] = {
      state: 'accepted',
      edits: {},
      link: { id: 'person-patrushev', name: 'Nikolai Patrushev', type: 'Person' },
    };
    decisions[entity('Security Council of Russia').id] = {
      state: 'accepted',
      edits: {},
      link: { id: 'org-security-council-ru', name: 'Security Council of the Russian Federation', type: 'Organization' },
    };
    const visit = d.proposals.find((p) => p.kind === 'meeting' && p.meetingKind === 'visit' && p.date === '2019-09-04')!;
    decisions[visit.id] = { state: 'accepted', edits: { title: 'Patrushev’s visit to Azerbaijan' } };
    const { bundle } = buildBundle(d, source, decisions);
    // A linked person goes in under the stored id and name, cited, with the text's spellings as aliases.
    const patrushev = bundle.nodes.find((n) => n.id === 'person-patrushev')!;
    expect(patrushev.properties).toEqual({
      name: 'Nikolai Patrushev',
      aliases: expect.arrayContaining(['Nikolai Patruschew', 'Patruschew']),
    });
    expect(patrushev.citations.length).toBeGreaterThan(0);
    expect(bundle.relationships.filter((r) => r.source === 'person-patrushev').length).toBeGreaterThan(3);
    expect(
      bundle.nodes.find((n) => n.type === 'Meeting' && n.properties.date === '2019-09-04' && n.properties.kind === 'visit')!.properties
        .title,
    ).toBe('Patrushev’s visit to Azerbaijan');
    // An institution picked by the analyst is referred to (its kind is the stored one's, unknown here).
    expect(bundle.nodes.some((n) => n.id === 'org-security-council-ru')).toBe(false);
    expect(bundle.relationships.some((r) => r.target === 'org-security-council-ru' && r.type === 'HOLDS_POST')).toBe(true);
    expect(checkBundle(parseBundle(bundle), new Map([['org-security-council-ru', 'Organization']]))).toEqual([]);
    // ...and refused at the relationships' paths when it is not stored.
    const issues = checkBundle(parseBundle(bundle), new Map());
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === 'unknown_reference' && /^\$\.relationships\[\d+\]\.(source|target)$/.test(i.path))).toBe(true);
  });

  it('leaves out what hangs on a rejected proposal, and says why', async () => {
    const d = await seedDraft();
    const decisions = all(d);
    const usubov = d.proposals.find((p): p is EntityProposal => p.kind === 'entity' && p.name === 'Ramil Usubow')!;
    decisions[usubov.id] = { state: 'rejected', edits: {} };
    const { bundle, skipped } = buildBundle(d, source, decisions);
    const hanging = d.proposals.filter((p) => (p.kind === 'participation' || p.kind === 'post') && p.person === usubov.id).map((p) => p.id);
    expect(hanging.length).toBeGreaterThan(0);
    expect(skipped.map((s) => s.id)).toEqual(expect.arrayContaining(hanging));
    expect(skipped.find((s) => s.id === hanging[0])!.reason).toMatch(/person/);
    expect(checkBundle(parseBundle(bundle), new Map())).toEqual([]);
    // Nothing accepted: only the Source.
    expect(buildBundle(d, source, all(d, 'rejected')).bundle.nodes.map((n) => n.type)).toEqual(['Source']);
  });
});
