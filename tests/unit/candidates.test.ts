// Candidate scoring without a database: organisation names reduced to their key, the name
// similarity measures, blocking keys and scorePair's reasons and weights on pairs a reviewer knows.
import { describe, expect, it } from '@jest/globals';

import { WEIGHTS, blockPairs, blockingKeys, entityFeatures, prepare, scorePair } from '../../server/src/resolve/candidates';
import { orgName } from '../../server/src/resolve/org-names';
import { nameSimilarity, personTokens, tokenSetSimilarity } from '../../server/src/resolve/similarity';

const org = (name: string, extra: Record<string, unknown> = {}) => entityFeatures({ id: `o-${name}`, name, ...extra }, 'Organization');
const person = (name: string, extra: Record<string, unknown> = {}) => entityFeatures({ id: `p-${name}`, name, ...extra }, 'Person');
const codes = (r: { reasons: Array<{ code: string }> }) => r.reasons.map((x) => x.code);

describe('orgName', () => {
  it('drops legal suffixes, articles, "&"/"and", punctuation and case; keeps a bracketed acronym apart', () => {
    expect(orgName('Transport and Environment (T&E)')).toMatchObject({ key: 'transport environment', acronyms: ['te'], initials: 'te' });
    expect(orgName('TRANSPORT & ENVIRONMENT LTD').key).toBe('transport environment');
    expect(orgName('The Royal Bank of Scotland plc').key).toBe('royal bank scotland');
    expect(orgName('Siemens AG').key).toBe('siemens');
    expect(orgName('Diageo P.L.C.').key).toBe('diageo');
    expect(orgName('World Wide Fund for Nature (WWF)')).toMatchObject({ key: 'world wide fund nature', acronyms: ['wwf'] });
    expect(orgName('WWF').acronyms).toEqual(['wwf']);
  });

  it('keeps the national arm or group in the key, drops it in the core', () => {
    expect(orgName('Greenpeace UK')).toMatchObject({ key: 'greenpeace uk', core: 'greenpeace', removed: ['uk'] });
    expect(orgName('Serco Group plc')).toMatchObject({ key: 'serco group', core: 'serco' });
    expect(orgName('Shell UK Ltd').core).toBe('shell');
  });

  it('a place in brackets is not an acronym; a one-word name is not stripped to nothing', () => {
    expect(orgName('Amnesty International (UK)').acronyms).toEqual([]);
    expect(orgName('Limited').key).toBe('limited');
    expect(orgName('The').key).toBe('the');
  });
});

describe('name similarity', () => {
  it('token sets: order free, different words count nothing', () => {
    expect(tokenSetSimilarity(['putin', 'vladimir'], ['vladimir', 'putin']).score).toBe(1);
    expect(tokenSetSimilarity(['british', 'airways'], ['british', 'telecom']).score).toBe(0.5);
  });

  it('initials stand for given names, for people only', () => {
    const withInitials = nameSimilarity(personTokens('V. V. Putin'), personTokens('Vladimir Putin'), { initials: true });
    expect(withInitials.initials).toBe(true);
    expect(withInitials.score).toBeGreaterThan(0.85);
    expect(nameSimilarity(['v', 'putin'], ['vladimir', 'putin']).score).toBeLessThan(0.6);
  });

  it('titles are set aside, in several languages and scripts', () => {
    expect(personTokens('Rt Hon David Cameron MP')).toEqual(['david', 'cameron']);
    expect(personTokens('Президент Путин')).toEqual(['putin']);
    expect(personTokens('Präsident Putin')).toEqual(['putin']);
    expect(personTokens('Sir')).toEqual(['sir']);
  });

  it('short words (acronyms) must be equal: BBC is not BCC', () => {
    expect(nameSimilarity(['bbc'], ['bcc']).score).toBeLessThan(0.3);
  });

  it('word weights: a missing rare word costs more than a missing common one', () => {
    const weight = (w: string) => (w === 'foundation' ? 0.1 : 1);
    const common = nameSimilarity(['esmee', 'fairbairn'], ['esmee', 'fairbairn', 'foundation'], { weight }).score;
    const rare = nameSimilarity(['community', 'links'], ['community', 'links', 'bromley'], { weight }).score;
    expect(common).toBeGreaterThan(rare + 0.15);
  });
});

describe('scorePair', () => {
  it('"Transport & Environment" and "Transport and Environment (T&E)": one name once normalised', () => {
    const r = scorePair(org('Transport & Environment'), org('Transport and Environment (T&E)'));
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'same_normalised_name', weight: WEIGHTS.sameNormalisedName })]);
    expect(r.score).toBe(WEIGHTS.sameNormalisedName);
  });

  it('an acronym in brackets meets the acronym alone; initials meet an acronym', () => {
    expect(codes(scorePair(org('WWF'), org('World Wide Fund for Nature (WWF)')))).toEqual(['same_acronym']);
    const r = scorePair(org('RSPB'), org('Royal Society for the Protection of Birds'));
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'acronym_of_name', weight: WEIGHTS.initials })]);
  });

  it('a shared identifier is near-certain, whatever the names', () => {
    const r = scorePair(
      person('Andrus Ansip', { identifiers: ['wikidata:Q312794'] }),
      person('A. Ansip', { identifiers: ['wikidata:Q312794'] }),
    );
    expect(codes(r)).toEqual(['initials_match', 'shared_identifier']);
    expect(r.score).toBe(1);
    expect(scorePair(org('Foo', { identifiers: ['gb-coh:1'] }), org('Bar', { identifiers: ['gb-coh:1'] })).score).toBe(
      WEIGHTS.sharedIdentifier,
    );
  });

  it('two different ids of one scheme count against, once per scheme; other schemes do not', () => {
    const a = person('Nikol Pashinyan', { identifiers: ['wikidata:Q1', 'popolo:x'] });
    const b = person('Nikol Pashinian', { identifiers: ['wikidata:Q2', 'eu:y'] });
    const r = scorePair(a, b);
    expect(r.reasons.filter((x) => x.code === 'different_identifier')).toEqual([
      { code: 'different_identifier', detail: 'wikidata:Q1 vs wikidata:Q2: two ids of one register', weight: WEIGHTS.differentIdentifier },
    ]);
    const without = scorePair(person('Nikol Pashinyan'), person('Nikol Pashinian'));
    expect(r.score).toBeCloseTo(without.score + WEIGHTS.differentIdentifier, 3);
  });

  it('birth dates: the same day for, the same year a little, a different year strongly against', () => {
    const day = scorePair(person('Vladimir Putin', { birthDate: '1952-10-07' }), person('Putin, Vladimir', { birthDate: '1952-10-07' }));
    const year = scorePair(person('Vladimir Putin', { birthDate: '1952-10-07' }), person('Putin, Vladimir', { birthDate: '1952' }));
    const other = scorePair(person('Vladimir Putin', { birthDate: '1952-10-07' }), person('Putin, Vladimir', { birthDate: '1971' }));
    expect(codes(day)).toContain('same_birth_date');
    expect(codes(year)).toContain('same_birth_year');
    expect(codes(other)).toContain('different_birth_date');
    expect(day.score).toBeGreaterThan(year.score);
    expect(other.score).toBeLessThan(0.5);
  });

  it('nationality and country agree or conflict', () => {
    expect(codes(scorePair(person('Ilham Aliyev', { nationality: 'AZ' }), person('İlham Əliyev', { nationality: 'AZ' })))).toEqual([
      'same_name',
      'same_nationality',
    ]);
    const r = scorePair(org('Shell', { country: 'GB' }), org('Shell', { country: 'NL' }));
    expect(r.reasons.find((x) => x.code === 'different_country')!.weight).toBe(WEIGHTS.differentCountry);
  });

  it('shared posts and neighbours add capped weights', () => {
    const a = { ...person('Sergei Lavrov'), posts: ['org-mfa'], neighbours: ['org-mfa', 'p-1', 'p-2', 'p-3', 'p-4'] };
    const b = { ...person('Sergey Lavrov'), posts: ['org-mfa'], neighbours: ['org-mfa', 'p-1', 'p-2', 'p-3', 'p-4'] };
    const r = scorePair(a, b);
    expect(r.reasons.find((x) => x.code === 'shared_post')!.weight).toBe(WEIGHTS.sharedPost);
    expect(r.reasons.find((x) => x.code === 'shared_neighbours')!.weight).toBe(WEIGHTS.maxSharedNeighbours);
  });

  it('different people and different bodies are not pairs', () => {
    expect(scorePair(person('David Cameron'), person('David Davis')).score).toBeLessThan(0.5);
    expect(scorePair(person('Alijew'), person('Bəxtiyar Əliyev')).score).toBeLessThan(0.5);
    expect(scorePair(org('British Airways'), org('British Telecom')).score).toBeLessThan(0.5);
    expect(scorePair(org('Association of British Insurers'), org('Association of British Travel Agents')).score).toBeLessThan(0.5);
  });

  it('is symmetric', () => {
    const pairs: Array<[ReturnType<typeof org>, ReturnType<typeof org>]> = [
      [org('T&E'), org('Transport and Environment')],
      [person('V. V. Putin'), person('Vladimir Putin', { birthDate: '1952' })],
      [org('Greenpeace UK'), org('Greenpeace')],
    ];
    for (const [a, b] of pairs) expect(scorePair(a, b).score).toBe(scorePair(b, a).score);
  });
});

describe('blocking', () => {
  it('keys of names, skeletons, cores, acronyms, initials with surnames and identifiers', () => {
    expect(blockingKeys(org('Transport and Environment (T&E)'))).toEqual(
      expect.arrayContaining(['n:environment transport', 'c:transport environment', 'a:te']),
    );
    expect(blockingKeys(person('Vladimir Putin', { identifiers: ['wikidata:Q7747'] }))).toEqual(
      expect.arrayContaining(['id:wikidata:Q7747', 'i:putin v']),
    );
    // "V. V. Putin" meets "Vladimir Putin" on the surname with the first initial.
    expect(blockingKeys(person('V. V. Putin'))).toContain('i:putin v');
  });

  it('pairs entities that share a key, each pair once, and skips keys shared by more than the cap', () => {
    const names = ['Shell', 'Shell UK Ltd', 'SHELL', 'Tesco', 'Tesco plc'];
    const prepared = names.map((n) => prepare(org(n)));
    const { pairs } = blockPairs(prepared, { maxBlock: 40 });
    expect(pairs.map(([i, j]) => `${names[i]} + ${names[j]}`).sort()).toEqual([
      'Shell + SHELL',
      'Shell + Shell UK Ltd',
      'Shell UK Ltd + SHELL',
      'Tesco + Tesco plc',
    ]);
    const many = Array.from({ length: 50 }, (_, i) => prepare(org(`Community Trust ${i}`)));
    const capped = blockPairs(many, { maxBlock: 40 });
    expect(capped.skippedKeys).toBeGreaterThan(0);
    expect(capped.pairs.length).toBeLessThan((50 * 49) / 2);
  });
});
