// The merge's rules for properties (resolve/merge.ts) and the snapshot's value codec
// (resolve/snapshot.ts), without a database.
import { describe, expect, it } from '@jest/globals';
import neo4j from 'neo4j-driver';

import { chooseSurvivor, mergeProperties, type StoredEntity } from '../../server/src/resolve/merge';
import { decodeProps, encodeProps } from '../../server/src/resolve/snapshot';
import { nameKeys } from '../../server/src/names/keys';

const date = (y: number, m: number, d: number) => new neo4j.types.Date(y, m, d);

describe('mergeProperties', () => {
  const survivor = {
    id: 'p-1',
    name: 'Nikol Pashinyan',
    aliases: ['Nikol Pashinian'],
    identifiers: ['wikidata:Q1'],
    nationality: 'AM',
    summary: 'Prime Minister',
    records: ['rec-1'],
    citationStatus: 'speculative',
    searchKeys: ['old'],
    alsoStated: ['{"property":"gender","value":"other","sources":["s-0"]}'],
  };
  const absorbed = {
    id: 'p-2',
    name: 'Nikol Pachinian',
    aliases: ['Nikol Pashinian', 'N. Pachinian'],
    identifiers: ['wikidata:Q1', 'am:7'],
    nationality: 'AM',
    summary: 'Deputy',
    birthDate: date(1975, 6, 1),
    birthDatePrecision: 'month',
    records: ['rec-2'],
    citationStatus: 'reported',
    searchKeys: ['other'],
  };
  const { props, alsoStated } = mergeProperties('Person', survivor, absorbed, ['s-2', 's-1', 's-2']);

  it('unites lists, takes what the survivor lacks with its precision, keeps the stronger status', () => {
    expect(props.aliases).toEqual(['Nikol Pashinian', 'N. Pachinian', 'Nikol Pachinian']);
    expect(props.identifiers).toEqual(['wikidata:Q1', 'am:7']);
    expect(props.records).toEqual(['rec-1', 'rec-2']);
    expect(String(props.birthDate)).toBe('1975-06-01');
    expect(props.birthDatePrecision).toBe('month');
    expect(props.citationStatus).toBe('reported');
    expect(props.id).toBe('p-1');
    expect(props.nationality).toBe('AM');
  });

  it('keeps the survivor value of what is stated differently and the other in alsoStated, once, with sorted sources', () => {
    expect(props.name).toBe('Nikol Pashinyan');
    expect(props.summary).toBe('Prime Minister');
    expect(alsoStated).toBe(2);
    expect((props.alsoStated as string[]).map((s) => JSON.parse(s))).toEqual([
      { property: 'gender', value: 'other', sources: ['s-0'] },
      { property: 'name', value: 'Nikol Pachinian', sources: ['s-1', 's-2'] },
      { property: 'summary', value: 'Deputy', sources: ['s-1', 's-2'] },
    ]);
    // Merging the same again adds nothing.
    expect(mergeProperties('Person', props, absorbed, ['s-1', 's-2']).alsoStated).toBe(0);
  });

  it('computes searchKeys again from every name', () => {
    expect(props.searchKeys).toEqual(nameKeys(['Nikol Pashinyan', 'Nikol Pashinian', 'N. Pachinian', 'Nikol Pachinian']));
  });

  it('states a date at its precision when the two differ', () => {
    const a = { id: 'm-1', title: 'Talks', kind: 'talks', status: 'held', date: date(2019, 9, 4), datePrecision: 'day' };
    const b = { id: 'm-2', title: 'Talks', kind: 'talks', status: 'held', date: date(2019, 9, 1), datePrecision: 'month' };
    const merged = mergeProperties('Meeting', a, b, ['s']).props;
    expect(String(merged.date)).toBe('2019-09-04');
    expect(merged.datePrecision).toBe('day');
    expect((merged.alsoStated as string[]).map((s) => JSON.parse(s))).toEqual([{ property: 'date', value: '2019-09', sources: ['s'] }]);
  });
});

describe('chooseSurvivor', () => {
  const e = (id: string, links: number, importId: string | null): StoredEntity => ({
    id,
    labels: ['Entity', 'Person'],
    props: {},
    links,
    importId,
  });
  it('takes the named one, else more links, else the earlier import, else the smaller id', () => {
    expect(chooseSurvivor(e('b', 1, null), e('a', 9, null), 'a')[0].id).toBe('b');
    expect(chooseSurvivor(e('b', 1, null), e('a', 9, null), 'b')[0].id).toBe('a');
    expect(chooseSurvivor(e('b', 5, null), e('a', 2, null))[0].id).toBe('b');
    expect(chooseSurvivor(e('a', 2, 'imp-20260102'), e('b', 2, 'imp-20250101'))[0].id).toBe('b');
    expect(chooseSurvivor(e('b', 2, 'imp-1'), e('a', 2, 'imp-1'))[0].id).toBe('a');
    expect(chooseSurvivor(e('a', 2, 'imp-1'), e('b', 2, 'imp-1'))[0].id).toBe('a');
  });
});

describe('snapshot values', () => {
  it('gives back dates, integers, floats, lists and strings as the driver had them', () => {
    const props = { d: date(1975, 6, 1), i: neo4j.int(42), f: 1.5, l: ['x', 'y'], s: 'text', b: true };
    const back = decodeProps(JSON.parse(JSON.stringify(encodeProps(props))));
    expect(String(back.d)).toBe('1975-06-01');
    expect(neo4j.isDate(back.d as object)).toBe(true);
    expect(neo4j.isInt(back.i)).toBe(true);
    expect(String(back.i)).toBe('42');
    expect(back).toMatchObject({ f: 1.5, l: ['x', 'y'], s: 'text', b: true });
  });
});
