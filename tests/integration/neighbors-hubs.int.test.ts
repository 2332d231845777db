// Neighbour pages and plain path searches against the real database, at hub scale: a person with
// 2,500 links (served from the type's id index) and one with 20 (served by walking), pages that
// concatenate to exactly all neighbours whatever their size, counts equal to what Cypher counts,
// asOf across several types; and the native ALL SHORTEST search giving the layered search's answers
// on the demo graph, with the answer saying which ran.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { toJson } from '../../server/src/db/values';
import { neighbors, pagePlan, parseRelTypes, shortestPaths, type PathQuery } from '../../server/src/graph/service';
import { importBundle } from '../../server/src/import/bundle';
import { openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

const HUB = 'nh-hub';
const SMALL = 'nh-small';
const HUB_DEGREE = 2_500;

const cite = [{ source: 'nh-src', quote: 'A sentence written for this test.' }];
const person = (id: string) => ({ id, type: 'Person', properties: { name: `Person ${id}` }, citations: cite });
const org = (id: string) => ({ id, type: 'Organization', properties: { name: `Org ${id}`, kind: 'ministry' }, citations: cite });
/** Posts: two held in 2019 (one ended in March), one from 2020; two acquaintances without a period. */
const postsBundle = {
  nodes: [
    { id: 'nh-src', type: 'Source', properties: { title: 'Test source' } },
    person('nh-p'),
    person('nh-k1'),
    person('nh-k2'),
    org('nh-o1'),
    org('nh-o2'),
    org('nh-o3'),
  ],
  relationships: [
    ['nh-o1', { start: '2018', end: '2019-03' }],
    ['nh-o2', { start: '2019-01-15' }],
    ['nh-o3', { start: '2020' }],
  ]
    .map(([o, period]) => ({
      id: `nh-p--${o as string}`,
      type: 'HOLDS_POST',
      source: 'nh-p',
      target: o as string,
      properties: { title: 'Member', ...(period as object) },
      citations: cite,
    }))
    .concat(
      ['nh-k1', 'nh-k2'].map((k) => ({
        id: `nh-p--${k}`,
        type: 'KNOWS',
        source: 'nh-p',
        target: k,
        properties: {} as never,
        citations: cite,
      })),
    ),
};

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, postsBundle);
  // The hubs, built in bulk like the benchmark's: meetings nh-m0 … and two people taking part in them.
  await db.executor.autoCommit('bench/graph-meetings', { prefix: 'nh-', from: 0, count: HUB_DEGREE });
  await db.executor.autoCommit('bench/graph-hub', { prefix: 'nh-', hub: HUB, from: 0, degree: HUB_DEGREE });
  await db.executor.autoCommit('bench/graph-hub', { prefix: 'nh-', hub: SMALL, from: 100, degree: 20 });
  server = await serve({ executor: db.executor, config: testConfig() });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

const get = (path: string) => getJson(server.url, path);

/** What Cypher itself says are the entity's relationships, by type (the truth the pages must match). */
async function truth(id: string): Promise<Map<string, string[]>> {
  const session = db.driver.session();
  try {
    const result = await session.run('MATCH (:Entity {id: $id})-[r]-(:Entity) RETURN type(r) AS type, r.id AS id', { id });
    const out = new Map<string, string[]>();
    for (const r of result.records) out.set(r.get('type'), [...(out.get(r.get('type')) ?? []), r.get('id')]);
    return out;
  } finally {
    await session.close();
  }
}

/** Every page of the entity's neighbours over HTTP, in order. */
async function allPages(id: string, limit: number, extra = ''): Promise<Array<Record<string, any>>> {
  const pages: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await get(
      `/api/nodes/${id}/neighbors?limit=${limit}${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(status).toBe(200);
    pages.push(body);
    cursor = body.nextCursor;
  } while (cursor && pages.length < 1_000);
  return pages;
}

describe('neighbour pages at any degree', () => {
  it('counts from the degree store, and chooses the id index for the hub and the walk for the small entity', async () => {
    const counts = async (id: string) => {
      const r = (
        await db.executor.read<{ degrees: Record<string, unknown>; totals: Record<string, unknown> }>('queries/neighbor-counts', { id })
      ).records[0]!;
      return { degree: Number(toJson(r.get('degrees').TAKES_PART)), total: Number(toJson(r.get('totals').TAKES_PART)) };
    };
    const hub = await counts(HUB);
    const small = await counts(SMALL);
    expect([hub.degree, small.degree]).toEqual([HUB_DEGREE, 20]);
    const session = db.driver.session();
    const all = await session.run('MATCH ()-[r:TAKES_PART]->() RETURN count(r) AS n').finally(() => session.close());
    expect(hub.total).toBe(Number(toJson(all.records[0]!.get('n'))));
    expect(hub.total).toBeGreaterThan(HUB_DEGREE + 20);
    expect(pagePlan(hub.degree, hub.total, 51)).toBe('queries/neighbors-seek');
    expect(pagePlan(small.degree, small.total, 51)).toBe('queries/neighbors');
  });

  it.each([
    [HUB, 50],
    [HUB, 500],
    [SMALL, 7],
    ['person-patrushev', 3],
  ])('pages of %s (limit %i) concatenate to exactly all neighbours, in relationship-id order per type', async (id, limit) => {
    const expected = await truth(id);
    const pages = await allPages(id, limit);
    const ids = pages.flatMap((p) => p.edges.map((e: { id: string }) => e.id));
    const all = [...expected.values()].flat();
    expect(ids).toHaveLength(all.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...all].sort());
    for (const page of pages.slice(0, -1)) expect(page.edges).toHaveLength(limit);
    // Within each type, ids ascend; types come in the schema's order.
    const types = pages.flatMap((p) => p.edges.map((e: { type: string }) => e.type));
    const order = parseRelTypes(undefined);
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [order.indexOf(types[i - 1]), order.indexOf(types[i])];
      expect(a < b || (a === b && ids[i - 1]! < ids[i]!)).toBe(true);
    }
    // The counts are Cypher's counts, on every page.
    const byRelType = Object.fromEntries([...expected].map(([t, list]) => [t, list.length]));
    for (const page of pages) expect(page.counts).toEqual({ byRelType, total: all.length });
  });

  it('the hub page holds its neighbours and their citations like any page', async () => {
    const page = await neighbors(db.executor, HUB, ['TAKES_PART'], 5);
    expect(page.edges.map((e) => e.id)).toEqual([0, 1, 10, 100, 1000].map((i) => `${HUB}-tp${i}`));
    expect(page.nodes.map((n) => n.id).sort()).toEqual([HUB, 'nh-m0', 'nh-m1', 'nh-m10', 'nh-m100', 'nh-m1000'].sort());
    expect(page.counts).toEqual({ byRelType: { TAKES_PART: HUB_DEGREE }, total: HUB_DEGREE });
    const demo = await neighbors(db.executor, 'meeting-2019-09-04-baku-aliyev', ['TAKES_PART'], 2);
    expect(demo.edges.every((e) => (e.citations ?? []).length > 0)).toBe(true);
  });

  it('asOf: posts not held that day are left out of pages and counts, across types', async () => {
    const on = async (day: string) => {
      const pages = await allPages('nh-p', 1, `&asOf=${day}`);
      return { ids: pages.flatMap((p) => p.edges.map((e: { id: string }) => e.id)), counts: pages[0]!.counts };
    };
    expect(await on('2019-02-01')).toEqual({
      ids: ['nh-p--nh-o1', 'nh-p--nh-o2', 'nh-p--nh-k1', 'nh-p--nh-k2'],
      counts: { byRelType: { HOLDS_POST: 2, KNOWS: 2 }, total: 4 },
    });
    expect(await on('2019-04-01')).toEqual({
      ids: ['nh-p--nh-o2', 'nh-p--nh-k1', 'nh-p--nh-k2'],
      counts: { byRelType: { HOLDS_POST: 1, KNOWS: 2 }, total: 3 },
    });
    expect((await on('2021-01-01')).counts).toEqual({ byRelType: { HOLDS_POST: 2, KNOWS: 2 }, total: 4 });
  });

  it('refuses a cursor it did not issue and answers 404 for an unknown id', async () => {
    expect((await get(`/api/nodes/${HUB}/neighbors?cursor=o%3A5`)).status).toBe(400);
    expect((await get('/api/nodes/nh-nobody/neighbors')).status).toBe(404);
  });
});

describe('plain path searches by ALL SHORTEST', () => {
  const search = (from: string, to: string, options: Partial<PathQuery> = {}) =>
    shortestPaths(db.executor, from, to, { maxHops: 4, k: 3, relTypes: parseRelTypes(undefined), ...options });
  const demoIds = async () => {
    const session = db.driver.session();
    try {
      const r = await session.run("MATCH (n:Entity) WHERE n.id STARTS WITH 'person-' RETURN n.id AS id ORDER BY id");
      return r.records.map((x) => x.get('id') as string).slice(0, 14);
    } finally {
      await session.close();
    }
  };

  it('gives the layered search answers, path for path, for every pair of demo people', async () => {
    const people = await demoIds();
    expect(people.length).toBeGreaterThan(5);
    let compared = 0;
    for (let i = 0; i < people.length; i++)
      for (let j = i + 1; j < people.length; j++) {
        const native = await search(people[i]!, people[j]!);
        const layered = await search(people[i]!, people[j]!, { algorithm: 'layered' });
        expect(native.algorithm).toBe('all-shortest');
        expect(layered.algorithm).toBe('layered');
        expect([people[i], people[j], native.paths]).toEqual([people[i], people[j], layered.paths]);
        if (native.paths.length > 0) compared++;
      }
    expect(compared).toBeGreaterThan(10);
  });

  it('says which search ran: time order, windows, hub avoidance and alternatives take the layered one', async () => {
    const ends = ['person-patrushev', 'person-aliyev'] as const;
    expect((await search(...ends)).algorithm).toBe('all-shortest');
    expect((await search(...ends, { timeRespecting: true })).algorithm).toBe('layered');
    expect((await search(...ends, { after: '2019' })).algorithm).toBe('layered');
    expect((await search(...ends, { avoidHubsAbove: 100 })).algorithm).toBe('layered');
    expect((await search(...ends, { alternatives: true })).algorithm).toBe('layered');
    const { body } = await get('/api/paths?from=person-patrushev&to=person-aliyev');
    expect(body.algorithm).toBe('all-shortest');
  });

  it('respects maxHops: no path longer than asked', async () => {
    const far = await search('person-patrushev', 'person-aliyev', { maxHops: 1 });
    expect(far.paths).toEqual([]);
    const hub = await search(HUB, SMALL, { maxHops: 2 });
    expect(hub.paths.map((p) => p.length)).toEqual([2, 2, 2]);
  });
});
