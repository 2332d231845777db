// The answer of GET /api/places, shared with the client (as graph/api-types.ts is): where the
// meetings in view took place, one entry per place on the map, and the meetings that have none.
// Types only, so that the client can import them without the gazetteer.

/**
 * How a place was found: `city`, the place's name met a name of the gazetteer (in the meeting's
 * country when it has one); `country`, the name did not (a venue, a region) or the meeting names
 * only its country, so the point is the country's middle; `none`, nothing to put on a map.
 */
export type PlaceMethod = 'city' | 'country' | 'none';

/** One point on the map and the meetings found there. */
export interface ApiPlace {
  /** Stable for a point: "city:<GeoNames id>" or "country:<code>". */
  key: string;
  method: 'city' | 'country';
  /** The gazetteer's name of the city (English where it has one), or the country's code for a country's middle. */
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  lat: number;
  lon: number;
  /** For a country: the middle of its largest land area, or its capital where that middle falls outside it (or the map lacks it). */
  basis?: 'centroid' | 'capital';
  /** The place as the meetings' sources write it ("Baku", "Баку"), distinct, in the order first met. */
  written: string[];
  /** Ids of the meetings here, in the order asked. */
  meetings: string[];
}

/** A meeting left off the map, and why. */
export interface ApiUnplaced {
  meeting: string;
  place: string | null;
  country: string | null;
  /** `online`: a call or video conference; `unknown`: no place and no country; `not-found`: a place no gazetteer name meets, and no country. */
  reason: 'online' | 'unknown' | 'not-found';
}

export interface ApiPlaces {
  places: ApiPlace[];
  unplaced: ApiUnplaced[];
  /** Ids asked about that are no meeting (or no longer exist). */
  missing: string[];
}
