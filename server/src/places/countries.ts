// A point for each country, for meetings whose place is a country only or a venue the gazetteer
// does not know: the middle of the country's largest piece of land on Natural Earth's 1:50m map
// (world-atlas, the same source as the client's 1:110m map), so that France's point is in France and
// not between it and French Guiana. Where that middle falls outside the shape (a crescent such as
// Croatia) or the map has no such country, the caller falls back to the capital.
import { readFileSync } from 'node:fs';

import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

type Ring = Array<[number, number]>;
type Polygon = Ring[];

const RAD = Math.PI / 180;

/** Planar centroid and area of a ring in degrees, the area weighted by the cosine of its latitude. */
function ringCentroid(ring: Ring): { lon: number; lat: number; area: number } | null {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return null;
  const lon = cx / (3 * a);
  const lat = cy / (3 * a);
  return { lon, lat, area: Math.abs(a / 2) * Math.cos(lat * RAD) };
}

/** Even-odd rule: inside the outer ring and in none of its holes. */
function inPolygon(polygon: Polygon, lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of polygon)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

/**
 * A ring that crosses the 180th meridian (Fiji's islands, Russia's Chukotka) jumps by 360° between
 * two points: continued past ±180 instead, so that its plane centroid is on the island.
 */
function unwrap(ring: Ring): Ring {
  let shift = 0;
  return ring.map(([x, y], i) => {
    if (i > 0) {
      const prev = ring[i - 1]![0];
      if (x - prev > 180) shift -= 360;
      else if (prev - x > 180) shift += 360;
    }
    return [x + shift, y];
  });
}

/** The middle of a country's largest piece, or null when it lies outside that piece. */
export function centroidOf(polygons: readonly Polygon[]): { lat: number; lon: number } | null {
  let best: { polygon: Polygon; lon: number; lat: number; area: number } | null = null;
  for (const raw of polygons) {
    const polygon = raw.map(unwrap);
    const c = polygon[0] ? ringCentroid(polygon[0]) : null;
    if (c && (!best || c.area > best.area)) best = { polygon, ...c };
  }
  if (!best || !inPolygon(best.polygon, best.lon, best.lat)) return null;
  const lon = ((((best.lon + 180) % 360) + 360) % 360) - 180;
  return { lat: Math.round(best.lat * 1e4) / 1e4, lon: Math.round(lon * 1e4) / 1e4 };
}

/** Where the 1:50m countries are: resolved through the package, so that any install layout works. */
export function worldAtlasFile(): string {
  return require.resolve('world-atlas/countries-50m.json');
}

let cache: Map<string, { lat: number; lon: number } | null> | null = null;

/** Every country's middle by ISO 3166-1 alpha-2 code (null: outside its largest piece), read once. */
export function countryCentroids(file: string = worldAtlasFile()): Map<string, { lat: number; lon: number } | null> {
  if (cache) return cache;
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const out = new Map<string, { lat: number; lon: number } | null>();
  for (const f of feature(topology, topology.objects.countries).features) {
    // world-atlas ids are ISO 3166-1 numeric codes ("031" Azerbaijan); a few shapes (Kosovo, N. Cyprus, Somaliland) have none.
    const code = f.id === undefined ? undefined : countries.numericToAlpha2(String(f.id));
    if (!code || !f.geometry) continue;
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    out.set(code, centroidOf(polygons as Polygon[]));
  }
  cache = out;
  return out;
}
