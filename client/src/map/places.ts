// What the map of meeting places draws, as pure functions of the server's answer (GET /api/places)
// and the meetings in view: one mark per place with the meetings in view there, sized by their
// number; the meetings that have no place on a map, listed. No d3 and no DOM here, so that it is
// unit-tested; map-view.ts draws it.
import type { ApiPlace, ApiUnplaced } from '../../../server/src/places/types';

export type { ApiPlace, ApiPlaces, ApiUnplaced } from '../../../server/src/places/types';

/** One mark on the map: a place and the meetings in view there. */
export interface PlaceMark {
  key: string;
  label: string;
  method: ApiPlace['method'];
  country: string;
  lat: number;
  lon: number;
  meetings: string[];
  /** The spellings of the sources, when they differ from the label ("Баку"). */
  written: string[];
}

let regions: Intl.DisplayNames | null | undefined;
/** "Armenia" for AM (the browser's own names), the code itself where it has none. */
export function countryLabel(code: string): string {
  if (regions === undefined) {
    try {
      regions = new Intl.DisplayNames(['en'], { type: 'region' });
    } catch {
      regions = null;
    }
  }
  try {
    return regions?.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The marks for the meetings `visible` (ids in view, after filters and the time window), from the
 * places the server found for every meeting it was asked about; places with none in view are left
 * out. Most meetings first, then by name, so that the list under the map reads in that order.
 */
export function marksFor(places: readonly ApiPlace[], visible: ReadonlySet<string>): PlaceMark[] {
  const marks: PlaceMark[] = [];
  for (const p of places) {
    const meetings = p.meetings.filter((id) => visible.has(id));
    if (meetings.length === 0) continue;
    const label = p.method === 'country' ? countryLabel(p.country) : p.name;
    marks.push({
      key: p.key,
      label,
      method: p.method,
      country: p.country,
      lat: p.lat,
      lon: p.lon,
      meetings,
      written: p.written.filter((w) => w.toLowerCase() !== label.toLowerCase()),
    });
  }
  return marks.sort((a, b) => b.meetings.length - a.meetings.length || a.label.localeCompare(b.label));
}

/** The unplaced meetings among those in view. */
export function unplacedIn(unplaced: readonly ApiUnplaced[], visible: ReadonlySet<string>): ApiUnplaced[] {
  return unplaced.filter((u) => visible.has(u.meeting));
}

/** A mark's radius in screen pixels: its area grows with the number of meetings (1 → 6 px, 4 → 10, 25 → 22). */
export function radiusFor(count: number): number {
  return 2 + 4 * Math.sqrt(Math.max(1, count));
}

export const meetingsWord = (n: number) => `${n} meeting${n === 1 ? '' : 's'}`;

/** "Baku · 4 meetings", and how the place was found when it is only the country's middle. */
export function markTitle(mark: PlaceMark): string {
  const where = mark.method === 'country' ? `${mark.label} (somewhere in the country)` : `${mark.label}, ${countryLabel(mark.country)}`;
  const also = mark.written.length ? ` — written ${mark.written.map((w) => `“${w}”`).join(', ')}` : '';
  return `${where} · ${meetingsWord(mark.meetings.length)}${also}`;
}

const REASONS: Record<ApiUnplaced['reason'], string> = {
  online: 'online',
  unknown: 'no place known',
  'not-found': 'place not on the map',
};
export const reasonText = (u: ApiUnplaced) => (u.reason === 'not-found' && u.place ? `“${u.place}” not found` : REASONS[u.reason]);

/** Ids not asked about yet, in batches the endpoint takes (GET /api/places: at most 200; 100 keeps URLs short). */
export function batches(ids: readonly string[], size = 100): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** Whether the map is on: remembered in this browser, off until turned on. */
export const MAP_KEY = 'liaison.map';
export function mapWanted(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(MAP_KEY) === 'on';
  } catch {
    return false;
  }
}
export function rememberMap(storage: Pick<Storage, 'setItem'> | null, on: boolean): void {
  try {
    storage?.setItem(MAP_KEY, on ? 'on' : 'off');
  } catch {
    /* private mode: the choice lasts for the page only */
  }
}
