// Import-time matching's rules (import/pipeline/match-rules.ts): what an operator may write in
// LIAISON_AUTO_MERGE, and which candidate pairs a rule lets an import merge on its own.
import { describe, expect, it } from '@jest/globals';

import { loadConfig } from '../../server/src/config';
import { DEFAULT_AUTO_MERGE, autoMergeRules, describeRule, ruleFor, type RuleInput } from '../../server/src/import/pipeline/match-rules';

const pair = (over: Partial<RuleInput> = {}): RuleInput => ({
  type: 'Person',
  score: 0.9,
  reasons: [
    { code: 'name_similarity', weight: 0.8 },
    { code: 'shared_identifier', weight: 0.9 },
  ],
  sharedIdentifiers: ['wikidata:Q312871'],
  ...over,
});

describe('ruleFor', () => {
  it('the default merges on a shared identifier of any scheme, and only then', () => {
    expect(ruleFor(pair(), DEFAULT_AUTO_MERGE)).toEqual({ identifierScheme: '*' });
    expect(ruleFor(pair({ sharedIdentifiers: ['popolo:ansip'] }), DEFAULT_AUTO_MERGE)).toEqual({ identifierScheme: '*' });
    expect(ruleFor(pair({ sharedIdentifiers: [], score: 1 }), DEFAULT_AUTO_MERGE)).toBeNull();
  });

  it('a scheme rule wants that scheme', () => {
    const rules = [{ identifierScheme: 'wikidata' }];
    expect(ruleFor(pair(), rules)).toBe(rules[0]);
    expect(ruleFor(pair({ sharedIdentifiers: ['popolo:ansip'] }), rules)).toBeNull();
  });

  it('a reason against the pair sends it to review whatever the rules', () => {
    const against = pair({ reasons: [...pair().reasons, { code: 'different_birth_date', weight: -0.5 }] });
    expect(ruleFor(against, DEFAULT_AUTO_MERGE)).toBeNull();
    expect(ruleFor({ ...against, score: 1 }, [{ minScore: 0.95 }])).toBeNull();
  });

  it('score and type rules: every condition must hold; the first rule that holds is named', () => {
    const rules = [{ minScore: 0.97, type: 'Organization' as const }, { identifierScheme: 'eu-transparency-register' }];
    expect(ruleFor(pair({ type: 'Organization', score: 0.98, sharedIdentifiers: [] }), rules)).toBe(rules[0]);
    expect(ruleFor(pair({ type: 'Organization', score: 0.96, sharedIdentifiers: [] }), rules)).toBeNull();
    expect(ruleFor(pair({ type: 'Person', score: 0.99, sharedIdentifiers: [] }), rules)).toBeNull();
    expect(ruleFor(pair({ sharedIdentifiers: ['eu-transparency-register:123-45'] }), rules)).toBe(rules[1]);
    expect(describeRule(rules[0]!)).toBe('score ≥ 0.97, Organization');
    expect(describeRule(rules[1]!)).toBe('a shared eu-transparency-register identifier');
  });
});

describe('LIAISON_AUTO_MERGE', () => {
  it('defaults to a shared identifier of one scheme and reads the documented example', () => {
    expect(loadConfig({}).LIAISON_AUTO_MERGE).toEqual(DEFAULT_AUTO_MERGE);
    expect(
      loadConfig({ LIAISON_AUTO_MERGE: '[{"identifierScheme":"wikidata"},{"minScore":0.97,"type":"Organization"}]' }).LIAISON_AUTO_MERGE,
    ).toEqual([{ identifierScheme: 'wikidata' }, { minScore: 0.97, type: 'Organization' }]);
  });

  it.each([
    ['not JSON', 'wikidata', 'env.LIAISON_AUTO_MERGE'],
    ['a score a reviewer should weigh', '[{"minScore":0.8}]', 'env.LIAISON_AUTO_MERGE[0].minScore'],
    ['a type alone', '[{"type":"Person"}]', 'env.LIAISON_AUTO_MERGE[0]'],
    ['an unknown key', '[{"identifierScheme":"wikidata","always":true}]', 'env.LIAISON_AUTO_MERGE[0]'],
    ['an unknown type', '[{"identifierScheme":"wikidata","type":"Meeting"}]', 'env.LIAISON_AUTO_MERGE[0].type'],
  ])('refuses %s, at its path', (_what, value, path) => {
    expect(() => loadConfig({ LIAISON_AUTO_MERGE: value })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path })] }),
    );
  });

  it('the list itself is bounded', () => {
    expect(autoMergeRules.safeParse(Array.from({ length: 51 }, () => ({ identifierScheme: '*' }))).success).toBe(false);
  });
});
