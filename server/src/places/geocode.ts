// Where a meeting took place, for the map of meeting places: its `place` (a city or venue as the
// source names it, in any language or script) matched against the offline gazetteer with the same
// name folding the search uses, among the places of the meeting's `country`; else that country's
// middle; else nothing. A video call is never drawn. Matching on the server keeps the 32 MB
// gazetteer out of the client and answers for every meeting in view in one request.
import countries from 'i18n-iso-countries';

import { countryCentroids } from './countries';
import { Gazetteer, WORLD_MIN_POPULATION, type City, type NameIndex } from './gazetteer';

/** Where one meeting is, as the geocoder found it. */
export type Location =
  | { method: 'city'; city: City }
  | { method: 'country'; country: string; lat: number; lon: number; basis: 'centroid' | 'capital' }
  | { method: 'none'; reason: 'online' | 'unknown' | 'not-found' };

// How sources write that a meeting was held at a distance: the schema says "online" for a video
// call; articles in the project's languages say it their way.
const AT_A_DISTANCE = new Set(
  [
    'online',
    'virtual',
    'virtually',
    'remote',
    'video call',
    'videocall',
    'video conference',
    'videoconference',
    'video link',
    'by video',
    'by phone',
    'by telephone',
    'phone',
    'telephone',
    'phone call',
    'teleconference',
    'online meeting',
    'онлайн',
    'по видеосвязи',
    'видеоконференция',
    'в режиме видеоконференции',
    'по телефону',
    'телефон',
    'videokonferenz',
    'per videokonferenz',
    'telefonisch',
    'per telefon',
    'en ligne',
    'visioconférence',
    'par téléphone',
  ].map((s) => s.normalize('NFC')),
);

/** Is the place a call or a video conference rather than somewhere? */
export function atADistance(place: string | null | undefined, format?: string | null): boolean {
  if (format === 'online') return true;
  if (!place) return false;
  return AT_A_DISTANCE.has(place.trim().toLowerCase().normalize('NFC').replace(/\s+/g, ' '));
}

/**
 * The ways a place may be written, whole first: "Kremlin, Moscow" is also "Kremlin" and "Moscow",
 * "Bocharov Ruchey (Sochi)" also "Sochi".
 */
export function placeParts(place: string): string[] {
  const whole = place.trim().replace(/\s+/g, ' ');
  const parts = whole
    .split(/[,;()[\]/|]| [-–—] /)
    .map((p) => p.trim())
    .filter(Boolean);
  return [...new Set([whole, ...parts])];
}

/**
 * Runs of one to three words of three letters or more, by length, longest first: "the residence in
 * Sochi" gives "Sochi" (a word as short as "in" is some village's name in some script).
 */
function wordRuns(place: string): string[][] {
  const words = place.split(/[\s,;()[\]/|]+/).filter((w) => [...w].length >= 3);
  const out: string[][] = [];
  for (let n = Math.min(3, words.length); n >= 1; n -= 1) {
    const runs: string[] = [];
    for (let i = 0; i + n <= words.length; i += 1) runs.push(words.slice(i, i + n).join(' '));
    out.push(runs);
  }
  return out;
}

/** A word of a longer place ("Residenz", "Palace") meets a village easily: such a match needs a town of this size. */
export const WORD_MATCH_MIN_POPULATION = 10_000;

function findIn(index: NameIndex, place: string, wordMin: number): City | null {
  for (const text of placeParts(place)) {
    const hit = index.lookup(text)[0];
    if (hit) return hit;
  }
  // Among runs of one length, the most populous place wins ("Kremlin Moscow": Moscow, not a Kremlin village).
  for (const runs of wordRuns(place)) {
    const hits = runs.flatMap((run) => index.lookup(run).filter((c) => c.population >= wordMin));
    const best = hits.reduce<City | null>((b, c) => (!b || c.population > b.population ? c : b), null);
    if (best) return best;
  }
  return null;
}

let namesRegistered = false;
/** The code of a country named in English, German, Russian or French ("Armenien" → AM), else null. */
function countryNamed(place: string): string | null {
  if (!namesRegistered) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const lang of ['en', 'de', 'ru', 'fr']) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));
    namesRegistered = true;
  }
  for (const lang of ['en', 'de', 'ru', 'fr']) {
    const code = countries.getAlpha2Code(place.trim(), lang);
    if (code) return code;
  }
  return null;
}

/** Most places asked about are kept (by country and spelling); a view asks about the same few again and again. */
const KEPT_ANSWERS = 10_000;

export class Geocoder {
  private readonly answers = new Map<string, Location>();

  constructor(private readonly gazetteer: Gazetteer = new Gazetteer()) {}

  /** A country's point: the middle of its largest piece of land, else its capital. */
  async countryPoint(code: string): Promise<Location | null> {
    const cc = code.toUpperCase();
    const middle = countryCentroids().get(cc);
    if (middle) return { method: 'country', country: cc, lat: middle.lat, lon: middle.lon, basis: 'centroid' };
    const capital = (await this.gazetteer.country(cc))?.capital();
    return capital ? { method: 'country', country: cc, lat: capital.lat, lon: capital.lon, basis: 'capital' } : null;
  }

  async locate(place: string | null | undefined, country: string | null | undefined, format?: string | null): Promise<Location> {
    const p = place?.trim() || null;
    const cc = country && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : null;
    if (atADistance(p, format)) return { method: 'none', reason: 'online' };
    const key = `${cc ?? ''}\n${p ?? ''}`;
    const kept = this.answers.get(key);
    if (kept) return kept;
    const answer = await this.find(p, cc);
    this.answers.set(key, answer);
    if (this.answers.size > KEPT_ANSWERS) this.answers.delete(this.answers.keys().next().value!);
    return answer;
  }

  private async find(place: string | null, cc: string | null): Promise<Location> {
    const index = cc ? await this.gazetteer.country(cc) : null;
    if (place && index) {
      const city = findIn(index, place, WORD_MATCH_MIN_POPULATION);
      if (city) return { method: 'city', city };
    }
    if (cc) {
      const point = await this.countryPoint(cc);
      if (point) return point;
    }
    if (!place) return { method: 'none', reason: 'unknown' };
    // No country, or one the gazetteer does not know: a country's name, else the larger places of the world.
    const named = countryNamed(place);
    if (named) {
      const point = await this.countryPoint(named);
      if (point) return point;
    }
    const city = findIn(await this.gazetteer.worldIndex(), place, WORLD_MIN_POPULATION);
    return city ? { method: 'city', city } : { method: 'none', reason: 'not-found' };
  }
}
