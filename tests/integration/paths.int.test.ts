// Paths and time against the real database: k shortest paths with their "why connected" steps and
// citations, hubs avoided, relationship types left out, time-respecting paths within a fuzzy window
// (on the demo graph and on small bundles built here), and neighbours as of a day.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { TimeoutError } from '../../server/src/errors';
import { parseRelTypes, shortestPaths, type PathQuery, type PathsResult } from '../../server/src/graph/service';
import { importBundle } from '../../server/src/import/bundle';
import { openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

const cite = [{ source: 'pt-src', quote: 'A sentence written for this test.' }];
const person = (id: string) => ({ id, type: 'Person', properties: { name: `Person ${id}` }, citations: cite });
const meeting = (id: string, date?: string) => ({
  id,
  type: 'Meeting',
  properties: { title: `Meeting ${id}`, kind: 'talks', status: 'held', ...(date ? { date } : {}) },
  citations: cite,
});
const takesPart = (who: string, what: string) => ({
  id: `${who}--${what}`,
  type: 'TAKES_PART',
  source: who,
  target: what,
  properties: { role: 'participant' },
  citations: cite,
});
const holdsPost = (who: string, where: string) => ({
  id: `${who}--${where}`,
  type: 'HOLDS_POST',
  source: who,
  target: where,
  properties: { title: 'Member' },
  citations: cite,
});

/**
 * Two small worlds beside the demo graph.
 * Hubs: A and B both hold a post at the hub H (seven members), and are also linked by a chain of
 * meetings A–m1–C–m2–B; A itself has five links (an end with a high degree).
 * Time: A meets B on 1 September 2019, B meets C on 1 August 2019, C meets D in October 2019 (month
 * precision), D meets F on 3 October and E on 1 October, and D meets G at an undated meeting.
 * Posts: P was minister from 2018 until March 2019.
 */
const testBundle = {
  nodes: [
    { id: 'pt-src', type: 'Source', properties: { title: 'Test source' } },
    ...['hub-a', 'hub-b', 'hub-c', 'hub-p1', 'hub-p2', 'hub-p3', 'hub-p4', 'hub-p5'].map(person),
    { id: 'hub-h', type: 'Organization', properties: { name: 'Hub institution', kind: 'state_body' }, citations: cite },
    ...['hub-m1', 'hub-m2', 'hub-x1', 'hub-x2', 'hub-x3'].map((id) => meeting(id, '2019-05-01')),
    ...['time-a', 'time-b', 'time-c', 'time-d', 'time-e', 'time-f', 'time-g'].map(person),
    meeting('time-ab', '2019-09-01'),
    meeting('time-bc', '2019-08-01'),
    meeting('time-cd', '2019-10'),
    meeting('time-df', '2019-10-03'),
    meeting('time-de', '2019-10-01'),
    meeting('time-dg'),
    person('post-p'),
    { id: 'post-org', type: 'Organization', properties: { name: 'Ministry of Tests', kind: 'ministry' }, citations: cite },
  ],
  relationships: [
    ...['hub-a', 'hub-b', 'hub-p1', 'hub-p2', 'hub-p3', 'hub-p4', 'hub-p5'].map((p) => holdsPost(p, 'hub-h')),
    takesPart('hub-a', 'hub-m1'),
    takesPart('hub-c', 'hub-m1'),
    takesPart('hub-c', 'hub-m2'),
    takesPart('hub-b', 'hub-m2'),
    takesPart('hub-a', 'hub-x1'),
    takesPart('hub-a', 'hub-x2'),
    takesPart('hub-a', 'hub-x3'),
    ...[
      ['time-a', 'time-ab'],
      ['time-b', 'time-ab'],
      ['time-b', 'time-bc'],
      ['time-c', 'time-bc'],
      ['time-c', 'time-cd'],
      ['time-d', 'time-cd'],
      ['time-d', 'time-df'],
      ['time-f', 'time-df'],
      ['time-d', 'time-de'],
      ['time-e', 'time-de'],
      ['time-d', 'time-dg'],
      ['time-g', 'time-dg'],
    ].map(([who, what]) => takesPart(who!, what!)),
    { ...holdsPost('post-p', 'post-org'), properties: { title: 'Minister', start: '2018', end: '2019-03' } },
  ],
};

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, testBundle);
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

const paths = (from: string, to: string, options: Partial<PathQuery> = {}) =>
  shortestPaths(db.executor, from, to, { maxHops: 4, k: 3, relTypes: parseRelTypes(undefined), ...options });
const nodeLists = (result: PathsResult) => result.paths.map((p) => p.nodes);

describe('GET /api/paths: why two entities are connected', () => {
  it('finds Patrushev → Aliyev through the Baku talks, step by step, each step with its caption and citations', async () => {
    const { status, body } = await get('/api/paths?from=person-patrushev&to=person-aliyev');
    expect(status).toBe(200);
    expect(body.paths).toHaveLength(1);
    const [path] = body.paths;
    expect(path.nodes).toEqual(['person-patrushev', 'meeting-2019-09-04-baku-aliyev', 'person-aliyev']);
    expect(path.edges).toEqual(['rel-patrushev-takes-part-2019-09-04-baku-aliyev', 'rel-aliyev-takes-part-2019-09-04-baku-aliyev']);
    expect(path.steps).toMatchObject([
      {
        from: 'person-patrushev',
        to: 'meeting-2019-09-04-baku-aliyev',
        edgeId: 'rel-patrushev-takes-part-2019-09-04-baku-aliyev',
        type: 'TAKES_PART',
        caption: 'takes part in', // walked along the stored direction
        date: '2019-09-04',
      },
      {
        from: 'meeting-2019-09-04-baku-aliyev',
        to: 'person-aliyev',
        edgeId: 'rel-aliyev-takes-part-2019-09-04-baku-aliyev',
        type: 'TAKES_PART',
        caption: 'participant', // walked against it: the reverse caption
        date: '2019-09-04',
      },
    ]);
    for (const step of path.steps) {
      expect(step.citations.length).toBeGreaterThan(0);
      expect(step.citations[0]).toMatchObject({ sourceId: 'src-caucasus-watch-2019-09', quote: expect.any(String) });
    }
    expect(body.nodes.map((n: { id: string }) => n.id).sort()).toEqual([...path.nodes].sort());
    expect(body.edges.map((e: { id: string }) => e.id).sort()).toEqual([...path.edges].sort());
  });

  it('returns at most k of the shortest paths, and all of them when k is larger', async () => {
    // Patrushev reaches Azerbaijan in two hops through four different meetings held there.
    const all = await paths('person-patrushev', 'country-az', { k: 20 });
    expect(all.paths).toHaveLength(4);
    expect(new Set(all.paths.map((p) => p.nodes[1])).size).toBe(4);
    expect(all.paths.every((p) => p.length === 2)).toBe(true);
    expect((await paths('person-patrushev', 'country-az', { k: 2 })).paths).toHaveLength(2);
    expect((await get('/api/paths?from=person-patrushev&to=country-az')).body.paths).toHaveLength(3); // k defaults to 3
    expect((await get('/api/paths?from=person-patrushev&to=country-az&k=1')).body.paths).toHaveLength(1);
    expect((await get('/api/paths?from=person-patrushev&to=country-az&limit=2')).body.paths).toHaveLength(2); // the older name
  });

  it('with alternatives, fills up to k with longer paths, shortest first, each simple and distinct', async () => {
    const { body } = await get('/api/paths?from=person-patrushev&to=person-aliyev&k=5&alternatives=true');
    expect(body.paths).toHaveLength(5);
    const lengths = body.paths.map((p: { length: number }) => p.length);
    expect(lengths[0]).toBe(2);
    expect([...lengths].sort()).toEqual(lengths);
    expect(lengths.some((l: number) => l > 2)).toBe(true);
    const keys = body.paths.map((p: { edges: string[] }) => p.edges.join(','));
    expect(new Set(keys).size).toBe(5);
    for (const p of body.paths) {
      expect(new Set(p.nodes).size).toBe(p.nodes.length);
      expect(p.nodes).toHaveLength(p.length + 1);
      expect(p.steps.map((s: { from: string }) => s.from)).toEqual(p.nodes.slice(0, -1));
      expect(p.steps.map((s: { to: string }) => s.to)).toEqual(p.nodes.slice(1));
    }
    // Of the two three-hop paths, the one that rests on reported links comes before Azerdaily's "knows".
    const three = body.paths
      .filter((p: { length: number }) => p.length === 3)
      .map((p: { steps: Array<{ type: string }> }) => p.steps[0]!.type);
    expect(three).toEqual(['TAKES_PART', 'KNOWS']);
  });

  it('leaves out excluded relationship types: no Patrushev–Aliyev path within 4 hops without TAKES_PART, a different one within 5', async () => {
    const within4 = await get('/api/paths?from=person-patrushev&to=person-aliyev&excludeRelTypes=TAKES_PART');
    expect(within4.status).toBe(200);
    expect(within4.body.paths).toEqual([]);
    const within5 = await get('/api/paths?from=person-patrushev&to=person-aliyev&excludeRelTypes=TAKES_PART&maxHops=5');
    expect(within5.body.paths).toHaveLength(1);
    const [path] = within5.body.paths;
    expect(path.length).toBe(5);
    expect(path.nodes).toEqual([
      'person-patrushev',
      'person-usubov',
      'org-security-council-az',
      'country-az',
      'org-presidency-az',
      'person-aliyev',
    ]);
    expect(path.steps.map((s: { type: string }) => s.type)).not.toContain('TAKES_PART');
    expect(path.steps.map((s: { caption: string }) => s.caption)).toEqual([
      'knows',
      'holds post at',
      'belongs to',
      'has institution',
      'post held by',
    ]);
  });

  it('avoids hubs: above the threshold an intermediate entity is not passed through, the ends are exempt', async () => {
    const direct = await paths('hub-a', 'hub-b');
    expect(nodeLists(direct)).toEqual([['hub-a', 'hub-h', 'hub-b']]);
    // H has seven links; A has five but is an end.
    const around = await paths('hub-a', 'hub-b', { avoidHubsAbove: 4 });
    expect(nodeLists(around)).toEqual([['hub-a', 'hub-m1', 'hub-c', 'hub-m2', 'hub-b']]);
    expect(nodeLists(await paths('hub-b', 'hub-a', { avoidHubsAbove: 4 }))).toEqual([['hub-b', 'hub-m2', 'hub-c', 'hub-m1', 'hub-a']]);
    // Every intermediate entity has two links: with a threshold of 1 nothing is left.
    expect((await paths('hub-a', 'hub-b', { avoidHubsAbove: 1 })).paths).toEqual([]);
    // The hub itself as an end is exempt.
    expect(nodeLists(await paths('hub-a', 'hub-h', { avoidHubsAbove: 1 }))).toEqual([['hub-a', 'hub-h']]);
    const http = await get('/api/paths?from=hub-a&to=hub-b&avoidHubsAbove=4');
    expect(http.body.paths[0].nodes).not.toContain('hub-h');
  });

  it('time-respecting: meetings in chronological order from `from` to `to`, so the direction matters', async () => {
    // A–B on 1 September, then B–C on 1 August: not in order from A to C …
    expect(nodeLists(await paths('time-a', 'time-c'))).toEqual([['time-a', 'time-ab', 'time-b', 'time-bc', 'time-c']]);
    expect((await paths('time-a', 'time-c', { timeRespecting: true })).paths).toEqual([]);
    // … but in order from C to A.
    const back = await get('/api/paths?from=time-c&to=time-a&timeRespecting=true');
    expect(back.body.paths).toHaveLength(1);
    expect(back.body.paths[0].steps.map((s: { date?: string }) => s.date)).toEqual([
      '2019-08-01',
      '2019-08-01',
      '2019-09-01',
      '2019-09-01',
    ]);
    // On the demo graph: Patrushev met Pashinyan in August, then Aliyev in September.
    expect((await paths('person-pashinyan', 'person-aliyev', { timeRespecting: true })).paths).toHaveLength(1);
    expect((await paths('person-aliyev', 'person-pashinyan', { timeRespecting: true })).paths).toEqual([]);
  });

  it('a window leaves out meetings outside it: excluding August removes the C → A path', async () => {
    expect((await get('/api/paths?from=time-c&to=time-a&timeRespecting=true&after=2019-08-01')).body.paths).toHaveLength(1);
    expect((await get('/api/paths?from=time-c&to=time-a&timeRespecting=true&after=2019-09')).body.paths).toEqual([]);
    expect((await get('/api/paths?from=time-c&to=time-a&timeRespecting=true&before=2019-08-31')).body.paths).toEqual([]);
    // The window applies without timeRespecting too.
    expect((await paths('time-a', 'time-c', { after: '2019-09' })).paths).toEqual([]);
    expect((await paths('time-a', 'time-c', { after: '2019-08', before: '2019-09' })).paths).toHaveLength(1);
  });

  it('reads fuzzy dates by their precision: a month overlaps a window if any of its days does', async () => {
    // The C–D meeting is dated "2019-10" (month precision); the window is 15–20 October.
    const inWindow = await paths('time-c', 'time-d', { after: '2019-10-15', before: '2019-10-20' });
    expect(nodeLists(inWindow)).toEqual([['time-c', 'time-cd', 'time-d']]);
    expect(inWindow.paths[0]!.steps[0]!.date).toBe('2019-10');
    // The D–E meeting on 1 October (day precision) is outside the same window.
    expect((await paths('time-d', 'time-e', { after: '2019-10-15', before: '2019-10-20' })).paths).toEqual([]);
    expect((await paths('time-d', 'time-e', { after: '2019-10-01', before: '2019-10-01' })).paths).toHaveLength(1);
    // "October 2019" and "3 October 2019" may be in either order: both directions are time-respecting.
    expect((await paths('time-c', 'time-f', { timeRespecting: true })).paths).toHaveLength(1);
    expect((await paths('time-f', 'time-c', { timeRespecting: true })).paths).toHaveLength(1);
    // But 1 August cannot come after October.
    expect((await paths('time-d', 'time-b', { timeRespecting: true })).paths).toEqual([]);
    expect((await paths('time-b', 'time-d', { timeRespecting: true })).paths).toHaveLength(1);
  });

  it('an undated meeting cannot be placed in time: it breaks a time-respecting path and falls outside any window', async () => {
    expect(nodeLists(await paths('time-d', 'time-g'))).toEqual([['time-d', 'time-dg', 'time-g']]);
    expect((await paths('time-d', 'time-g', { timeRespecting: true })).paths).toEqual([]);
    expect((await paths('time-d', 'time-g', { after: '2000' })).paths).toEqual([]);
    // A dated meeting as an end is placed like any other; an undated one as an end breaks the path too.
    expect((await paths('time-ab', 'time-c', { timeRespecting: true })).paths).toEqual([]);
    expect((await paths('time-bc', 'time-a', { timeRespecting: true })).paths).toHaveLength(1);
    expect((await paths('time-dg', 'time-d', { timeRespecting: true })).paths).toEqual([]);
  });

  it('stops at its time limit with a TimeoutError', async () => {
    await expect(
      paths('person-patrushev', 'person-aliyev', { timeoutMs: 1, alternatives: true, k: 20, maxHops: 10 }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });

  it('validates its parameters', async () => {
    const bad = async (qs: string) => {
      const res = await get(`/api/paths?from=person-patrushev&to=person-aliyev&${qs}`);
      expect([qs, res.status, res.type]).toEqual([qs, 400, expect.stringContaining('application/problem+json')]);
      return res.body;
    };
    expect((await bad('k=21')).errors[0].path).toBe('$.query.k');
    expect((await bad('k=0')).errors[0].path).toBe('$.query.k');
    expect((await bad('maxHops=11')).errors[0].path).toBe('$.query.maxHops');
    expect((await bad('avoidHubsAbove=-1')).errors[0].path).toBe('$.query.avoidHubsAbove');
    expect((await bad('timeRespecting=perhaps')).errors[0].path).toBe('$.query.timeRespecting');
    expect((await bad('after=2019-13')).errors[0].path).toBe('$.query.after');
    expect((await bad('before=2019-02-30')).errors[0].path).toBe('$.query.before');
    expect((await bad('excludeRelTypes=LOVES')).param).toBe('excludeRelTypes');
    expect((await bad('after=2019-10&before=2019-09')).param).toBe('before');
    // Excluding every allowed type leaves nothing to walk: no paths, not an error.
    expect((await get('/api/paths?from=person-patrushev&to=person-aliyev&relTypes=KNOWS&excludeRelTypes=KNOWS')).body.paths).toEqual([]);
  });
});

describe('GET /api/nodes/:id/neighbors?asOf=', () => {
  const posts = async (asOf?: string) => {
    const { status, body } = await get(`/api/nodes/person-usubov/neighbors${asOf ? `?asOf=${asOf}` : ''}`);
    expect(status).toBe(200);
    return {
      edges: body.edges.filter((e: { type: string }) => e.type === 'HOLDS_POST').map((e: { id: string }) => e.id),
      count: body.counts.byRelType.HOLDS_POST ?? 0,
      total: body.counts.total,
      nodes: body.nodes.map((n: { id: string }) => n.id),
    };
  };

  it('shows Usubov as secretary of the Security Council from June 2019, not before; the counts follow', async () => {
    const always = await posts();
    const july = await posts('2019-07-01');
    const may = await posts('2019-05-01');
    expect(july.edges).toEqual(['rel-usubov-holds-secretary-security-council-az']);
    expect(july.count).toBe(1);
    expect(may.edges).toEqual([]);
    expect(may.count).toBe(0);
    expect(may.nodes).not.toContain('org-security-council-az');
    expect(may.total).toBe(july.total - 1);
    expect(july.total).toBe(always.total);
    // "2019-06" is month precision: the post counts from 1 June.
    expect((await posts('2019-06-01')).count).toBe(1);
    expect((await posts('2019-05-31')).count).toBe(0);
  });

  it('keeps links without a period (meetings, acquaintance) whatever the day', async () => {
    const may = await get('/api/nodes/person-usubov/neighbors?asOf=2019-05-01');
    expect(may.body.counts.byRelType.TAKES_PART).toBe(2);
    expect(may.body.counts.byRelType.KNOWS).toBe(1);
    // Patrushev's post has no start or end: held on any day as far as the sources say.
    const patrushev = await get('/api/nodes/person-patrushev/neighbors?relTypes=HOLDS_POST&asOf=1990-01-01');
    expect(patrushev.body.counts.byRelType.HOLDS_POST).toBe(1);
  });

  it('reads the end of a post by its precision too: "until March 2019" is held on 31 March, not on 1 April', async () => {
    const held = async (asOf: string) => (await get(`/api/nodes/post-p/neighbors?asOf=${asOf}`)).body.counts.total;
    expect(await held('2017-12-31')).toBe(0);
    expect(await held('2018-01-01')).toBe(1);
    expect(await held('2019-03-31')).toBe(1);
    expect(await held('2019-04-01')).toBe(0);
  });

  it('rejects a day that is not YYYY-MM-DD', async () => {
    for (const asOf of ['2019-07', '2019-02-30', 'yesterday']) {
      const { status, body } = await get(`/api/nodes/person-usubov/neighbors?asOf=${asOf}`);
      expect([asOf, status, body.errors?.[0]?.path]).toEqual([asOf, 400, '$.query.asOf']);
    }
  });
});
