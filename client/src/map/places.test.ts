// What the map of meeting places draws from the server's answer: only meetings in view, one mark per
// place with its count, most meetings first; a country's middle labelled with the country's name;
// the sources' own spellings kept when they differ; the map's on/off choice remembered.
import { describe, expect, it } from '@jest/globals';

import { batches, mapWanted, marksFor, markTitle, radiusFor, reasonText, rememberMap, unplacedIn, type ApiPlace } from './places';

const places: ApiPlace[] = [
  {
    key: 'country:AM',
    method: 'country',
    name: 'AM',
    country: 'AM',
    lat: 40.29,
    lon: 44.93,
    basis: 'centroid',
    written: [],
    meetings: ['m-armenia'],
  },
  {
    key: 'city:587084',
    method: 'city',
    name: 'Baku',
    country: 'AZ',
    lat: 40.38,
    lon: 49.89,
    written: ['Baku', 'Баку'],
    meetings: ['m-1', 'm-2', 'm-3'],
  },
  { key: 'city:1', method: 'city', name: 'Nowhere', country: 'AZ', lat: 40, lon: 48, written: ['Nowhere'], meetings: ['m-hidden'] },
];

describe('marksFor', () => {
  it('keeps the meetings in view, one mark per place, most meetings first', () => {
    const marks = marksFor(places, new Set(['m-1', 'm-3', 'm-armenia']));
    expect(marks.map((m) => [m.key, m.meetings])).toEqual([
      ['city:587084', ['m-1', 'm-3']],
      ['country:AM', ['m-armenia']],
    ]);
  });

  it('labels a country’s middle with the country’s name, and keeps other spellings', () => {
    const [baku, armenia] = marksFor(places, new Set(['m-1', 'm-2', 'm-armenia']));
    expect(armenia?.label).toBe('Armenia');
    expect(baku?.written).toEqual(['Баку']);
    expect(markTitle(baku!)).toBe('Baku, Azerbaijan · 2 meetings — written “Баку”');
    expect(markTitle(armenia!)).toBe('Armenia (somewhere in the country) · 1 meeting');
  });

  it('draws nothing when no meeting is in view', () => {
    expect(marksFor(places, new Set())).toEqual([]);
  });
});

describe('the rest', () => {
  it('grows a mark’s area with its count', () => {
    expect(radiusFor(1)).toBe(6);
    expect(radiusFor(4)).toBe(10);
    expect(radiusFor(0)).toBe(6);
  });

  it('lists the unplaced meetings in view with their reason', () => {
    const unplaced = [
      { meeting: 'a', place: 'online', country: null, reason: 'online' as const },
      { meeting: 'b', place: 'Qwxzzy', country: null, reason: 'not-found' as const },
      { meeting: 'c', place: null, country: null, reason: 'unknown' as const },
    ];
    expect(unplacedIn(unplaced, new Set(['a', 'b'])).map(reasonText)).toEqual(['online', '“Qwxzzy” not found']);
    expect(reasonText(unplaced[2]!)).toBe('no place known');
  });

  it('asks about ids in batches', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `m-${i}`);
    expect(batches(ids).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('remembers whether the map is on, off by default', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(mapWanted(storage)).toBe(false);
    rememberMap(storage, true);
    expect(mapWanted(storage)).toBe(true);
    rememberMap(storage, false);
    expect(mapWanted(storage)).toBe(false);
    expect(mapWanted(null)).toBe(false);
  });
});
