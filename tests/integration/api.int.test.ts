// The read API against the real database holding the demo graph: search across spellings and
// scripts, node details with citations, paged neighbourhoods, shortest paths, schema, health.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({
    executor: db.executor,
    config: testConfig(),
  });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const get = (path: string) => getJson(server.url, path);

describe('GET /api/search', () => {
  it.each([
    ['Patruschew', 'person-patrushev'], // German transliteration
    ['Patrushev', 'person-patrushev'],
    ['Патрушев', 'person-patrushev'], // Cyrillic
    ['patrushov', 'person-patrushev'], // a small misspelling
    ['Alijew', 'person-aliyev'],
    ['Əliyev', 'person-aliyev'], // Azerbaijani Latin
    ['Aliev', 'person-aliyev'],
    ['Paschinjan', 'person-pashinyan'],
    ['Пашинян', 'person-pashinyan'],
    ['Nurgaliev', 'person-nurgaliyev'],
    ['Botscharnikow', 'person-bocharnikov'],
    ['Usubov', 'person-usubov'],
  ])('finds %s as %s first', async (q, id) => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.results[0]?.id).toBe(id);
  });

  it('answers with name, type, aliases, score and posts', async () => {
    const { body } = await get('/api/search?q=Patruschew');
    const hit = body.results[0];
    expect(hit).toMatchObject({ id: 'person-patrushev', type: 'Person', name: 'Nikolai Patrushev' });
    expect(hit.aliases).toContain('Николай Патрушев');
    expect(hit.score).toBeGreaterThan(0);
    expect(hit.posts[0]).toMatchObject({
      title: expect.stringMatching(/Secretary/),
      organization: expect.stringMatching(/Security Council/),
    });
  });

  it('needs every word of a multi-word query and can filter by type', async () => {
    const both = await get('/api/search?q=Nikolai%20Patrushev');
    expect(both.body.results.map((r: { id: string }) => r.id)).toEqual(['person-patrushev']);
    const meetings = await get('/api/search?q=Baku&types=Meeting');
    expect(meetings.body.results.length).toBeGreaterThan(0);
    expect(meetings.body.results.every((r: { type: string }) => r.type === 'Meeting')).toBe(true);
  });

  it('rejects a missing query or an unknown type with the parameter path', async () => {
    const missing = await get('/api/search');
    expect(missing.status).toBe(400);
    expect(missing.type).toMatch(/problem\+json/);
    expect(missing.body.errors[0].path).toBe('$.query.q');
    const badType = await get('/api/search?q=x&types=Persons');
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].path).toBe('$.query.types');
  });
});

describe('GET /api/nodes/:id', () => {
  it('returns properties and citations with the quoting sentence', async () => {
    const { status, body } = await get('/api/nodes/meeting-2019-09-04-baku-aliyev');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'meeting-2019-09-04-baku-aliyev', type: 'Meeting' });
    expect(body.properties.date).toBe('2019-09-04');
    expect(body.properties.datePrecision).toBe('day');
    expect(body.citations[0]).toMatchObject({ sourceId: 'src-caucasus-watch-2019-09', publisher: 'Caucasus Watch', status: 'reported' });
    expect(body.citations[0].quote).toMatch(/Alijew/);
  });

  it('shows a month-precision date as the month', async () => {
    const { body } = await get('/api/nodes/person-usubov/neighbors?relTypes=HOLDS_POST');
    expect(body.edges[0].properties.start).toBe('2019-06');
    expect(body.edges[0].properties.startPrecision).toBe('month');
  });

  it('answers an unknown id with 404 problem+json', async () => {
    const { status, type, body } = await get('/api/nodes/person-nobody');
    expect(status).toBe(404);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({ status: 404, type: 'urn:liaison:problem:not-found' });
  });
});

describe('GET /api/nodes/:id/neighbors', () => {
  it('includes Aliyev, Usubov, Nurgaliyev and Bocharnikov around the Baku meeting, each edge citing the German sentence', async () => {
    const { status, body } = await get('/api/nodes/meeting-2019-09-04-baku-aliyev/neighbors');
    expect(status).toBe(200);
    const ids = body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining(['person-aliyev', 'person-usubov', 'person-nurgaliyev', 'person-bocharnikov', 'person-patrushev']),
    );
    for (const person of ['person-aliyev', 'person-usubov', 'person-nurgaliyev', 'person-bocharnikov']) {
      const edge = body.edges.find((e: { source: string; type: string }) => e.source === person && e.type === 'TAKES_PART');
      expect(edge).toBeDefined();
      expect(edge.target).toBe('meeting-2019-09-04-baku-aliyev');
      expect(edge.citations.length).toBeGreaterThan(0);
      expect(edge.citations[0].lang).toBe('de');
      expect(edge.citations[0].quote).toMatch(/Treffen|Gespräche/);
    }
  });

  it('pages through neighbours with a cursor, never repeating, with counts per type', async () => {
    const all = await get('/api/nodes/person-patrushev/neighbors?limit=500');
    const total = all.body.counts.total;
    expect(total).toBe(all.body.edges.length);
    expect(all.body.nextCursor).toBeNull();
    expect(Object.values(all.body.counts.byRelType).reduce((a: number, b) => a + (b as number), 0)).toBe(total);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Record<string, any> } = await get(
        `/api/nodes/person-patrushev/neighbors?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.body.edges.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.edges.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(all.body.edges.map((e: { id: string }) => e.id).sort());
  });

  it('follows only the requested relationship types', async () => {
    const { body } = await get('/api/nodes/person-patrushev/neighbors?relTypes=HOLDS_POST');
    expect(body.edges.length).toBeGreaterThan(0);
    expect(body.edges.every((e: { type: string }) => e.type === 'HOLDS_POST')).toBe(true);
    expect(Object.keys(body.counts.byRelType)).toEqual(['HOLDS_POST']);
  });

  it('rejects unknown relationship types, bad cursors and out-of-range limits', async () => {
    expect((await get('/api/nodes/person-patrushev/neighbors?relTypes=LOVES')).status).toBe(400);
    expect((await get('/api/nodes/person-patrushev/neighbors?cursor=bm9wZQ')).status).toBe(400);
    const limit = await get('/api/nodes/person-patrushev/neighbors?limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].path).toBe('$.query.limit');
    expect((await get('/api/nodes/person-nobody/neighbors')).status).toBe(404);
  });
});

describe('GET /api/paths', () => {
  it('finds the shortest paths from Patrushev to Aliyev, every edge cited', async () => {
    const { status, body } = await get('/api/paths?from=person-patrushev&to=person-aliyev');
    expect(status).toBe(200);
    expect(body.paths.length).toBeGreaterThan(0);
    for (const p of body.paths) {
      expect(p.nodes[0]).toBe('person-patrushev');
      expect(p.nodes[p.nodes.length - 1]).toBe('person-aliyev');
      expect(p.length).toBe(2);
    }
    expect(body.paths.map((p: { nodes: string[] }) => p.nodes[1])).toContain('meeting-2019-09-04-baku-aliyev');
    expect(body.edges.every((e: { citations: unknown[] }) => e.citations.length > 0)).toBe(true);
  });

  it('respects maxHops and relationship types', async () => {
    const none = await get('/api/paths?from=person-patrushev&to=person-aliyev&maxHops=1');
    expect(none.body.paths).toEqual([]);
    const viaCountries = await get('/api/paths?from=person-patrushev&to=person-aliyev&relTypes=HOLDS_POST,BELONGS_TO');
    expect(viaCountries.body.paths).toEqual([]);
  });

  it('rejects identical ends and unknown ids', async () => {
    expect((await get('/api/paths?from=person-patrushev&to=person-patrushev')).status).toBe(400);
    expect((await get('/api/paths?from=person-patrushev&to=person-nobody')).status).toBe(404);
    const missing = await get('/api/paths?from=person-patrushev');
    expect(missing.body.errors[0].path).toBe('$.query.to');
  });
});

describe('GET /api/schema and /api/health', () => {
  it('describes the types from the schema module', async () => {
    const { body } = await get('/api/schema');
    expect(body.nodeTypes.map((t: { label: string }) => t.label)).toEqual([
      'Person',
      'Organization',
      'Country',
      'Meeting',
      'Topic',
      'Source',
    ]);
    const holds = body.relationshipTypes.find((t: { type: string }) => t.type === 'HOLDS_POST');
    expect(holds).toMatchObject({ from: ['Person'], to: ['Organization'], directed: true, caption: 'holds post at' });
    expect(body.provenance.statuses).toEqual(['reported', 'speculative', 'disputed']);
  });

  it('reports the connected Neo4j version', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', neo4j: { connected: true } });
    expect(body.neo4j.version).toMatch(/^5\.26\./);
  });

  it('answers unknown API paths with 404 problem+json', async () => {
    const { status, type } = await get('/api/nope');
    expect(status).toBe(404);
    expect(type).toMatch(/problem\+json/);
  });
});
