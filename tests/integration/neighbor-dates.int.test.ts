// GET /api/nodes/:id/neighbor-dates against the real database: a hub's dated meetings per year
// (those dated only to a month count in their year, undated ones not at all), the first and last
// date, agreement with Cypher on the demo graph, the answer for a type without dated neighbours,
// and the errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { importBundle } from '../../server/src/import/bundle';
import { openTestDb, type TestDb } from '../support/db';
import { hubBundle } from '../support/hub-bundle';
import { getJson, serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
const { hub, bundle } = hubBundle({ prefix: 'nd-', count: 25, firstYear: 2019, years: 3, undated: 2 });

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, bundle);
  server = await serve({ executor: db.executor, config: testConfig() });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

const get = (path: string) => getJson(server.url, path);

describe('GET /api/nodes/:id/neighbor-dates', () => {
  it('counts the dated neighbours per year, earliest first, with the first and last date', async () => {
    const { status, body } = await get(`/api/nodes/${hub}/neighbor-dates?relType=TAKES_PART`);
    expect(status).toBe(200);
    // 25 dated: i % 3 gives the year, so 9, 8 and 8; the two undated ones are left out.
    expect(body).toEqual({
      id: hub,
      relType: 'TAKES_PART',
      dated: 25,
      first: expect.stringMatching(/^2019-/),
      last: expect.stringMatching(/^2021-/),
      byYear: [
        { year: 2019, count: 9 },
        { year: 2020, count: 8 },
        { year: 2021, count: 8 },
      ],
    });
    // The same neighbours the pages list: their counts agree.
    const page = await get(`/api/nodes/${hub}/neighbors?relTypes=TAKES_PART&limit=1`);
    expect(page.body.counts.byRelType.TAKES_PART).toBe(27);
  });

  it('answers an empty list for a type whose neighbours carry no date', async () => {
    const { status, body } = await get(`/api/nodes/${hub}/neighbor-dates?relType=HOLDS_POST`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ dated: 0, first: null, last: null, byYear: [] });
  });

  it('agrees with Cypher on the demo graph, and finds nothing dated around a meeting (its neighbours are people)', async () => {
    const { body } = await get('/api/nodes/person-patrushev/neighbor-dates?relType=TAKES_PART');
    const session = db.driver.session();
    try {
      const truth = await session.run(
        'MATCH (:Person {id: $id})-[:TAKES_PART]->(m:Meeting) WHERE m.date IS NOT NULL RETURN m.date.year AS year, count(*) AS n ORDER BY year',
        { id: 'person-patrushev' },
      );
      expect(body.byYear).toEqual(truth.records.map((r) => ({ year: Number(r.get('year')), count: Number(r.get('n')) })));
    } finally {
      await session.close();
    }
    expect(body.dated).toBeGreaterThan(0);
    const around = await get('/api/nodes/meeting-2019-09-04-visit-azerbaijan/neighbor-dates?relType=TAKES_PART');
    expect(around.status).toBe(200);
    expect(around.body.dated).toBe(0);
  });

  it('refuses an unknown type or a missing one (400) and an unknown entity (404)', async () => {
    expect((await get(`/api/nodes/${hub}/neighbor-dates?relType=LOVES`)).status).toBe(400);
    expect((await get(`/api/nodes/${hub}/neighbor-dates`)).status).toBe(400);
    const missing = await get('/api/nodes/nd-nobody/neighbor-dates?relType=TAKES_PART');
    expect(missing.status).toBe(404);
    expect(missing.type).toContain('application/problem+json');
  });
});
