// GET /api/places against the real database: the demo graph plus a few meetings written the ways
// sources write places (Jerewan, Баку, "online", a venue in a country given only by HELD_IN). Each
// point comes once with its meetings, found by city name or put at the country's middle; what has
// no place on a map is listed with its reason; ids that are no meeting are named; bad input is a
// problem+json 400 at $.query.ids.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { importBundle } from '../../server/src/import/bundle';
import { openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

const cite = [{ source: 'src-places-test', quote: 'A sentence of the test source.', status: 'reported' }];
const meeting = (id: string, properties: Record<string, unknown>) => ({
  id,
  type: 'Meeting',
  properties: { title: id, kind: 'talks', status: 'held', ...properties },
  citations: cite,
});

const BUNDLE = {
  format: 'liaison-bundle',
  version: 1,
  nodes: [
    { id: 'src-places-test', type: 'Source', properties: { title: 'Places test source' }, citations: [] },
    { id: 'country-places-test-ge', type: 'Country', properties: { name: 'Georgia', code: 'GE' }, citations: cite },
    meeting('meeting-places-jerewan', { place: 'Jerewan', country: 'AM', date: '2019-08-12' }),
    meeting('meeting-places-baku-cyrillic', { place: 'Баку', country: 'AZ', date: '2020-01-10' }),
    meeting('meeting-places-online', { place: 'online', format: 'online', date: '2020-05-01' }),
    meeting('meeting-places-venue', { place: 'Orbeliani Palace' }),
  ],
  relationships: [
    {
      id: 'rel-places-venue-held-in',
      type: 'HELD_IN',
      source: 'meeting-places-venue',
      target: 'country-places-test-ge',
      properties: {},
      citations: cite,
    },
  ],
};

const DEMO_BAKU = [
  'meeting-2019-09-04-visit-azerbaijan',
  'meeting-2019-09-04-baku-aliyev',
  'meeting-2019-09-04-baku-usubov',
  'meeting-2019-09-04-baku-consultations',
  'meeting-2017-visit-baku',
];

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, BUNDLE);
  server = await serve({ executor: db.executor, config: testConfig() });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const places = (ids: string[]) => getJson(server.url, `/api/places?ids=${encodeURIComponent(ids.join(','))}`);

describe('GET /api/places', () => {
  it('puts the Baku meetings, in either script, at one point, and Jerewan at Yerevan', async () => {
    const res = await places([...DEMO_BAKU, 'meeting-places-baku-cyrillic', 'meeting-places-jerewan']);
    expect(res.status).toBe(200);
    const byName = new Map((res.body.places as Array<Record<string, any>>).map((p) => [p.name, p]));
    const baku = byName.get('Baku')!;
    expect(baku).toMatchObject({ method: 'city', country: 'AZ', written: ['Baku', 'Баку'] });
    expect(baku.key).toMatch(/^city:\d+$/);
    expect(baku.meetings).toEqual([...DEMO_BAKU, 'meeting-places-baku-cyrillic']);
    expect(baku.lat).toBeCloseTo(40.38, 1);
    expect(baku.lon).toBeCloseTo(49.89, 1);
    const yerevan = byName.get('Yerevan')!;
    expect(yerevan).toMatchObject({ method: 'city', country: 'AM', written: ['Jerewan'], meetings: ['meeting-places-jerewan'] });
    expect(yerevan.lat).toBeCloseTo(40.18, 1);
    expect(res.body.places).toHaveLength(2);
    expect(res.body.unplaced).toEqual([]);
    expect(res.body.missing).toEqual([]);
  });

  it('puts a meeting with a country only, or a venue it does not know, at the country’s middle (its own country, else HELD_IN)', async () => {
    const res = await places(['meeting-2019-08-12-visit-armenia', 'meeting-places-venue']);
    expect(res.status).toBe(200);
    const [armenia, georgia] = res.body.places as Array<Record<string, any>>;
    expect(armenia).toMatchObject({ key: 'country:AM', method: 'country', country: 'AM', basis: 'centroid', written: [] });
    expect(armenia!.meetings).toEqual(['meeting-2019-08-12-visit-armenia']);
    expect(georgia).toMatchObject({ key: 'country:GE', method: 'country', country: 'GE', written: ['Orbeliani Palace'] });
    expect(georgia!.lat).toBeGreaterThan(41);
    expect(georgia!.lat).toBeLessThan(43.6);
  });

  it('lists what has no place on a map, and names ids that are no meeting', async () => {
    const res = await places(['meeting-places-online', 'meeting-2019-pashinyan-karabakh-statement', 'person-patrushev', 'no-such-id']);
    expect(res.status).toBe(200);
    expect(res.body.places).toEqual([]);
    expect(res.body.unplaced).toEqual([
      { meeting: 'meeting-places-online', place: 'online', country: null, reason: 'online' },
      { meeting: 'meeting-2019-pashinyan-karabakh-statement', place: null, country: null, reason: 'unknown' },
    ]);
    expect(res.body.missing).toEqual(['person-patrushev', 'no-such-id']);
  });

  it('answers bad input with problem+json 400 at $.query.ids', async () => {
    for (const query of ['', '?ids=', `?ids=${Array.from({ length: 201 }, (_, i) => `m-${i}`).join(',')}`, '?ids=%3Cscript%3E']) {
      const res = await getJson(server.url, `/api/places${query}`);
      expect(res.status).toBe(400);
      expect(res.type).toContain('application/problem+json');
      expect((res.body.errors as Array<{ path: string }>).map((e) => e.path.replace(/\[\d+\]$/, ''))).toContain('$.query.ids');
    }
  });

  it('is in the OpenAPI description', async () => {
    const doc = await getJson(server.url, '/api/openapi.json');
    expect(doc.body.paths['/places'].get.operationId).toBe('getMeetingPlaces');
  });
});
