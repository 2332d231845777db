// GET /api/places (issue 11, item 8): where the meetings in view took place, for the explorer's map
// of meeting places. The meetings are read by id (queries/meeting-places), each place is found in
// the offline gazetteer (server/src/places), and meetings at one point are answered together.
import express from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { Executor } from '../db/executor';
import { ValidationError, jsonPath } from '../errors';
import { Geocoder } from '../places/geocode';
import type { ApiPlace, ApiPlaces, ApiUnplaced } from '../places/types';
import { entityId } from '../schema/validators';
import { json, operation } from './openapi/common';

/** Most meetings one request asks about: 200 ids of ~40 characters stay well inside a URL's 16 KiB of headers. */
export const MAX_PLACE_IDS = 200;

export const placesQuery = z.object({
  ids: z
    .string()
    .min(1, 'name at least one meeting')
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(entityId).min(1, 'name at least one meeting').max(MAX_PLACE_IDS, `at most ${MAX_PLACE_IDS} meetings at a time`))
    .meta({ description: `Comma-separated ids of meetings (at most ${MAX_PLACE_IDS}).`, example: 'meeting-2019-09-04-baku-aliyev' }),
});

function parse(value: unknown): z.infer<typeof placesQuery> {
  const result = placesQuery.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    'Some query parameters are invalid.',
    result.error.issues.map((i) => ({ path: jsonPath(['query', ...i.path]), message: i.message, code: i.code })),
  );
}

interface MeetingRow {
  id: string;
  place: string | null;
  country: string | null;
  format: string | null;
}

/** The places of the meetings `ids`, one entry per point, in the order the meetings were asked. */
export async function meetingPlaces(executor: Executor, geocoder: Geocoder, ids: readonly string[]): Promise<ApiPlaces> {
  const rows = (await executor.read<Record<keyof MeetingRow, string | null>>('queries/meeting-places', { ids: [...ids] })).records.map(
    (r): MeetingRow => ({
      id: String(r.get('id')),
      place: (r.get('place') as string | null) ?? null,
      country: (r.get('country') as string | null) ?? null,
      format: (r.get('format') as string | null) ?? null,
    }),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const places = new Map<string, ApiPlace>();
  const unplaced: ApiUnplaced[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const m = byId.get(id);
    if (!m) {
      missing.push(id);
      continue;
    }
    const at = await geocoder.locate(m.place, m.country, m.format);
    if (at.method === 'none') {
      unplaced.push({ meeting: id, place: m.place, country: m.country, reason: at.reason });
      continue;
    }
    const point: Omit<ApiPlace, 'written' | 'meetings'> =
      at.method === 'city'
        ? {
            key: `city:${at.city.geonameId}`,
            method: 'city',
            name: at.city.name,
            country: at.city.country,
            lat: at.city.lat,
            lon: at.city.lon,
          }
        : {
            key: `country:${at.country}`,
            method: 'country',
            name: at.country,
            country: at.country,
            lat: at.lat,
            lon: at.lon,
            basis: at.basis,
          };
    const entry = places.get(point.key) ?? { ...point, written: [], meetings: [] };
    if (m.place && !entry.written.includes(m.place)) entry.written.push(m.place);
    entry.meetings.push(id);
    places.set(point.key, entry);
  }
  return { places: [...places.values()], unplaced, missing };
}

export function placesRouter(deps: { executor: Executor; geocoder?: Geocoder }): express.Router {
  const { executor } = deps;
  // One geocoder for the server's life: it keeps the countries it has read and the answers it gave.
  const geocoder = deps.geocoder ?? new Geocoder();
  const router = express.Router();
  router.get('/places', async (req, res) => {
    const { ids } = parse(req.query);
    res.json(await meetingPlaces(executor, geocoder, ids));
  });
  return router;
}

const place = z
  .looseObject({
    key: z.string().meta({ description: '"city:<GeoNames id>" or "country:<code>": one per point.', example: 'city:587084' }),
    method: z.enum(['city', 'country']).meta({
      description:
        "city: the place's name met a gazetteer name in the meeting's country; country: it did not, or the meeting names only its country (the point is the country's middle).",
    }),
    name: z.string().meta({ description: "The gazetteer's name of the city, or the country's code.", example: 'Baku' }),
    country: z.string().meta({ description: 'ISO 3166-1 alpha-2.', example: 'AZ' }),
    lat: z.number(),
    lon: z.number(),
    basis: z
      .enum(['centroid', 'capital'])
      .optional()
      .meta({ description: 'For a country: the middle of its largest land area, or its capital where the middle falls outside it.' }),
    written: z.array(z.string()).meta({ description: 'The place as the meetings write it.', example: ['Baku'] }),
    meetings: z.array(z.string()).meta({ description: 'The meetings at this point, in the order asked.' }),
  })
  .meta({ id: 'MeetingPlace' });

const unplaced = z
  .looseObject({
    meeting: z.string(),
    place: z.string().nullable(),
    country: z.string().nullable(),
    reason: z.enum(['online', 'unknown', 'not-found']).meta({
      description:
        'online: a call or video conference; unknown: neither place nor country; not-found: a place no gazetteer name meets, and no country.',
    }),
  })
  .meta({ id: 'UnplacedMeeting' });

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/places': {
    get: operation('viewer', 'get', {
      operationId: 'getMeetingPlaces',
      tags: ['Graph'],
      summary: 'Where meetings took place, for the map of meeting places',
      description:
        "Each meeting's place (as its source writes it, in any script) is matched offline against GeoNames' places of 500 people or " +
        "more, among those of the meeting's country; a venue or region it does not know, or a meeting with a country only, is put at " +
        'the country\'s middle; a call or video conference (place "online", format online) and a meeting with neither place nor country ' +
        'are listed in `unplaced`.',
      requestParams: { query: placesQuery },
      problems: [400],
      responses: {
        '200': json(
          'One entry per point, and the meetings left off the map.',
          z.looseObject({
            places: z.array(place),
            unplaced: z.array(unplaced),
            missing: z.array(z.string()).meta({ description: 'Ids that are no meeting.' }),
          }),
        ),
      },
    }),
  },
};
