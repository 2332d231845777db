// The geocoder against the real gazetteer and map the packages ship (no database): names in any
// script and transliteration meet (Baku = Баку, Yerevan = Jerewan = Ереван), a venue or region it
// does not know falls back to the country's middle, "online" and a meeting without place or country
// are not drawn; and the plane geometry behind a country's middle.
import { describe, expect, it } from '@jest/globals';

import { centroidOf, countryCentroids } from './countries';
import { Gazetteer, placeKeys } from './gazetteer';
import { Geocoder, atADistance, placeParts } from './geocode';

// One geocoder for the file: the first country read costs a few hundred milliseconds.
const geocoder = new Geocoder(new Gazetteer());

const cityOf = async (place: string | null, country: string | null, format: string | null = null) => {
  const at = await geocoder.locate(place, country, format);
  if (at.method !== 'city') throw new Error(`${place} (${country}): ${JSON.stringify(at)}`);
  return at.city;
};

/** Azerbaijan's box (its exclave Nakhchivan included). */
const inAzerbaijan = (p: { lat: number; lon: number }) => p.lat > 38.3 && p.lat < 41.95 && p.lon > 44.7 && p.lon < 50.9;

describe('Geocoder.locate', () => {
  it('finds Baku, and Баку as the same place', async () => {
    const baku = await cityOf('Baku', 'AZ');
    expect(baku).toMatchObject({ name: 'Baku', country: 'AZ', featureCode: 'PPLC' });
    expect(baku.lat).toBeCloseTo(40.38, 1);
    expect(baku.lon).toBeCloseTo(49.89, 1);
    expect((await cityOf('Баку', 'AZ')).geonameId).toBe(baku.geonameId);
    expect((await cityOf('Bakı', 'AZ')).geonameId).toBe(baku.geonameId);
    // The country code as the client may send it.
    expect((await cityOf('Baku', 'az')).geonameId).toBe(baku.geonameId);
  });

  it('finds Yerevan as Yerevan, Jerewan (German) and Ереван', async () => {
    const yerevan = await cityOf('Yerevan', 'AM');
    expect(yerevan).toMatchObject({ name: 'Yerevan', country: 'AM' });
    expect(yerevan.lat).toBeCloseTo(40.18, 1);
    expect(yerevan.lon).toBeCloseTo(44.51, 1);
    for (const written of ['Jerewan', 'Eriwan', 'Ереван', 'Երևան']) expect((await cityOf(written, 'AM')).geonameId).toBe(yerevan.geonameId);
  });

  it('puts a place it does not know at the middle of the meeting’s country', async () => {
    const at = await geocoder.locate('Presidential Palace of Zagulba', 'AZ');
    expect(at).toMatchObject({ method: 'country', country: 'AZ', basis: 'centroid' });
    if (at.method !== 'country') throw new Error('not a country');
    expect(inAzerbaijan(at)).toBe(true);
    // The middle of the country, not its capital.
    expect(Math.abs(at.lon - 49.89)).toBeGreaterThan(0.5);
  });

  it('puts a meeting with a country only at that country’s middle', async () => {
    const at = await geocoder.locate(null, 'AM');
    expect(at).toMatchObject({ method: 'country', country: 'AM', basis: 'centroid' });
  });

  it('draws no meeting held online, by place or by format', async () => {
    expect(await geocoder.locate('online', null)).toEqual({ method: 'none', reason: 'online' });
    expect(await geocoder.locate('Online', 'RU')).toEqual({ method: 'none', reason: 'online' });
    expect(await geocoder.locate('по видеосвязи', 'RU')).toEqual({ method: 'none', reason: 'online' });
    expect(await geocoder.locate('Baku', 'AZ', 'online')).toEqual({ method: 'none', reason: 'online' });
    expect(atADistance('Moscow', 'hybrid')).toBe(false);
  });

  it('says why a meeting is nowhere: no place and no country, or a place found nowhere', async () => {
    expect(await geocoder.locate(null, null)).toEqual({ method: 'none', reason: 'unknown' });
    expect(await geocoder.locate('   ', null)).toEqual({ method: 'none', reason: 'unknown' });
    expect(await geocoder.locate('Qwxzzy Hall', null)).toEqual({ method: 'none', reason: 'not-found' });
  });

  it('reads the city out of a venue and a city, or a longer description', async () => {
    expect((await cityOf('Kremlin, Moscow', 'RU')).name).toBe('Moscow');
    expect((await cityOf('Bocharov Ruchey residence in Sochi', 'RU')).name).toBe('Sochi');
  });

  it('without a country, finds the larger cities of the world and country names', async () => {
    expect(await cityOf('Brüssel', null)).toMatchObject({ name: 'Brussels', country: 'BE' });
    // "Armenia" is also a Colombian city of 300,000: a country's name is the country.
    expect(await geocoder.locate('Armenien', null)).toMatchObject({ method: 'country', country: 'AM' });
  });

  it('falls back to the capital where the map has no shape for the country (Kosovo)', async () => {
    const at = await geocoder.locate('Somewhere unknown', 'XK');
    expect(at).toMatchObject({ method: 'country', country: 'XK', basis: 'capital' });
  });
});

describe('place names', () => {
  it('keys spellings across scripts and hyphens alike', () => {
    expect(placeKeys('Nur-Sultan')).toEqual(placeKeys('Nursultan'));
    expect(placeKeys('Баку')).toContain(placeKeys('Baku')[0]);
    expect(placeKeys('Jerewan')).toContain(placeKeys('Yerevan')[0]);
  });

  it('splits a place into its parts, whole first', () => {
    expect(placeParts('Kremlin, Moscow')).toEqual(['Kremlin, Moscow', 'Kremlin', 'Moscow']);
    expect(placeParts('Bocharov Ruchey (Sochi)')).toEqual(['Bocharov Ruchey (Sochi)', 'Bocharov Ruchey', 'Sochi']);
  });
});

describe('country middles', () => {
  it('takes the largest piece, so that France is in Europe', () => {
    const fr = countryCentroids().get('FR');
    expect(fr?.lat).toBeGreaterThan(42);
    expect(fr?.lat).toBeLessThan(51);
    expect(fr?.lon).toBeGreaterThan(-5);
    expect(fr?.lon).toBeLessThan(8);
  });

  it('keeps a ring across the 180th meridian together (Fiji)', () => {
    const fj = countryCentroids().get('FJ');
    expect(Math.abs(fj?.lon ?? 0)).toBeGreaterThan(175);
    // A square from 179° E to 179° W: its middle is on the meridian, not at 0°.
    const square: Array<[number, number]> = [
      [179, -1],
      [-179, -1],
      [-179, 1],
      [179, 1],
      [179, -1],
    ];
    const c = centroidOf([[square]]);
    expect(Math.abs(c?.lon ?? 0)).toBeCloseTo(180, 5);
    expect(c?.lat).toBeCloseTo(0, 5);
  });

  it('gives no middle that falls outside the shape (a C)', () => {
    const c: Array<[number, number]> = [
      [0, 0],
      [10, 0],
      [10, 2],
      [2, 2],
      [2, 8],
      [10, 8],
      [10, 10],
      [0, 10],
      [0, 0],
    ];
    expect(centroidOf([[c]])).toBeNull();
  });
});
