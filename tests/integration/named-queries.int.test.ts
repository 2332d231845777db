// The library of named queries over HTTP against the demo graph: GET /api/queries lists it,
// POST /api/queries/:name runs one with validated parameters, and each query answers what a
// researcher would ask of the Patrushev article, with a table and a graph.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { setLogLevel } from '../../server/src/log';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({
    executor: db.executor,
    config: {
      LIAISON_API_TOKEN: undefined,
      LIAISON_DATA_DIR: '/nonexistent',
      LIAISON_IMPORT_MAX_BYTES: 1e6,
      LIAISON_CYPHER_RATE_PER_MINUTE: 10_000,
    },
  });
});
afterAll(async () => {
  await server.close();
  await db.close();
  setLogLevel('info');
});

interface Answer {
  status: number;
  type: string;
  body: Record<string, any>;
}

async function run(name: string, params?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${server.url}/api/queries/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params === undefined ? {} : { params }),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, any> };
}

/** The values of one column, by name. */
const column = (answer: Answer, name: string): any[] => {
  const i = (answer.body.columns as string[]).indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${answer.body.columns}`);
  return (answer.body.rows as any[][]).map((row) => row[i]);
};
const ids = (values: Array<{ id: string }>) => values.map((v) => v.id).sort();

describe('GET /api/queries', () => {
  it('lists the library with descriptions and typed parameters, and nothing internal', async () => {
    const res = await fetch(`${server.url}/api/queries`);
    const body = (await res.json()) as { queries: Array<{ name: string; description: string; params: any[] }> };
    expect(res.status).toBe(200);
    const names = body.queries.map((q) => q.name);
    expect(names.length).toBeGreaterThanOrEqual(9);
    expect(names).toEqual(expect.arrayContaining(['people-met', 'post-holders', 'country-meetings', 'citations-between']));
    expect(names).not.toEqual(expect.arrayContaining(['health']));
    expect(names.some((n) => /search-entities|clear-graph|merge|dump/.test(n))).toBe(false);
    const postHolders = body.queries.find((q) => q.name === 'post-holders')!;
    expect(postHolders.params.map((p) => [p.name, p.type, p.required])).toEqual([
      ['organization', 'string', true],
      ['date', 'date', true],
      ['title', 'string', false],
      ['includeUndated', 'boolean', false],
      ['includeMembers', 'boolean', false],
    ]);
    expect(postHolders.params[3].default).toBe(true);
  });
});

describe('POST /api/queries/:name on the demo graph', () => {
  it('people-met: who met Patrushev in August–September 2019', async () => {
    const res = await run('people-met', { person: 'person-patrushev', from: '2019-08', to: '2019-09' });
    expect(res.status).toBe(200);
    expect(
      column(res, 'person')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Armen Grigoryan', 'Ilham Aliyev', 'Mikhail Bocharnikov', 'Nikol Pashinyan', 'Ramil Usubov', 'Rashid Nurgaliyev']);
    // Usubov met him twice on 4 September: the talks with Aliyev and their own.
    expect(column(res, 'person')[0]).toMatchObject({ id: 'person-usubov' });
    expect(column(res, 'meetingCount')[0]).toBe(2);
    expect(res.body.truncated).toBe(false);
  });

  it('people-met: a person by name or alias, and periods at their precision', async () => {
    const august = await run('people-met', { person: 'Nikolai Patruschew', from: '2019-08-01', to: '2019-08-31' });
    expect(ids(column(august, 'person'))).toEqual(['person-grigoryan', 'person-pashinyan']);
    // Nothing after the Baku talks of 4 September.
    expect((await run('people-met', { person: 'person-patrushev', from: '2019-09-05' })).body.rows).toEqual([]);
    const september = await run('people-met', { person: 'николай патрушев', from: '2019-09', to: '2019-09-04' });
    expect(ids(column(september, 'person'))).toEqual(['person-aliyev', 'person-bocharnikov', 'person-nurgaliyev', 'person-usubov']);
  });

  it('post-holders: who was Secretary of Azerbaijan’s Security Council on a date, at the precision of the start', async () => {
    const ask = (date: string) => run('post-holders', { organization: 'org-security-council-az', title: 'Secretary', date });
    const july = await ask('2019-07-01');
    expect(ids(column(july, 'person'))).toEqual(['person-usubov']);
    expect(column(july, 'start')).toEqual(['2019-06']);
    expect((await ask('2019-05-01')).body.rows).toEqual([]);
    // Appointed "in June": the 15th counts, and so does the month as a whole.
    expect(ids(column(await ask('2019-06-15'), 'person'))).toEqual(['person-usubov']);
    expect(ids(column(await ask('2019-06'), 'person'))).toEqual(['person-usubov']);
    expect((await ask('2019-05-31')).body.rows).toEqual([]);
  });

  it('post-holders: posts without dates count unless left out, and the title is optional', async () => {
    const ru = await run('post-holders', { organization: 'Security Council of the Russian Federation', date: '2019-09-04' });
    expect(column(ru, 'title').sort()).toEqual(['Deputy Secretary', 'Secretary']);
    const dated = await run('post-holders', { organization: 'org-security-council-ru', date: '2019-09-04', includeUndated: false });
    expect(dated.body.rows).toEqual([]);
  });

  it('country-meetings: Russian officials meeting Azerbaijani ones include the Baku talks', async () => {
    const res = await run('country-meetings', { countryA: 'RU', countryB: 'az' });
    const meetings = ids(column(res, 'meeting'));
    expect(meetings).toEqual(expect.arrayContaining(['meeting-2019-09-04-baku-aliyev', 'meeting-2019-09-04-baku-usubov']));
    const talks = res.body.rows[column(res, 'meeting').findIndex((m) => m.id === 'meeting-2019-09-04-baku-aliyev')];
    const at = (name: string) => talks[(res.body.columns as string[]).indexOf(name)];
    expect([...at('peopleA')].sort()).toEqual(['Mikhail Bocharnikov', 'Nikolai Patrushev', 'Rashid Nurgaliyev']);
    expect([...at('peopleB')].sort()).toEqual(['Ilham Aliyev', 'Ramil Usubov']);
    // Only held ones: the postponed Putin–Aliyev–Rouhani meeting drops out.
    const held = await run('country-meetings', { countryA: 'RU', countryB: 'AZ', statuses: ['held'] });
    expect(ids(column(held, 'meeting'))).toEqual(['meeting-2019-09-04-baku-aliyev', 'meeting-2019-09-04-baku-usubov']);
    expect(ids(column(res, 'meeting'))).toContain('meeting-2019-08-14-putin-aliyev-rouhani');
  });

  it('meetings-between: Patrushev and Usubov, with their roles', async () => {
    const res = await run('meetings-between', { a: 'person-patrushev', b: 'Ramil Usubov' });
    expect(ids(column(res, 'meeting'))).toEqual(['meeting-2019-09-04-baku-aliyev', 'meeting-2019-09-04-baku-usubov']);
    expect(column(res, 'roleA')).toEqual(['guest', 'guest']);
    expect(column(res, 'roleB').sort()).toEqual(['host', 'participant']);
    expect(column(res, 'date')).toEqual(['2019-09-04', '2019-09-04']);
  });

  it('co-attendance: the network of Russia’s Security Council', async () => {
    const res = await run('co-attendance', { organization: 'org-security-council-ru' });
    const pairs = (res.body.rows as any[][]).map((row) => {
      const c = res.body.columns as string[];
      return `${row[c.indexOf('official')].id}~${row[c.indexOf('attendedWith')].id}:${row[c.indexOf('sharedMeetings')]}`;
    });
    expect(pairs).toEqual(expect.arrayContaining(['person-patrushev~person-usubov:2', 'person-nurgaliyev~person-aliyev:1']));
    // Patrushev and Nurgaliyev, both of the council, are one pair, not two.
    expect(pairs.filter((p) => p.includes('person-patrushev') && p.includes('person-nurgaliyev'))).toHaveLength(1);
    const within = await run('co-attendance', { organization: 'org-security-council-ru', officialsOnly: true });
    expect(within.body.rows).toHaveLength(1);
  });

  it('most-connected: Patrushev first in 2019', async () => {
    const res = await run('most-connected', { from: '2019', to: '2019', limit: 3 });
    expect(res.body.rows).toHaveLength(3);
    expect(column(res, 'person')[0].id).toBe('person-patrushev');
    expect(column(res, 'peopleMet')[0]).toBe(6);
    expect((await run('most-connected', { from: '2020' })).body.rows).toEqual([]);
  });

  it('citations-behind: the quotes and sources behind the facts of a path', async () => {
    const res = await run('citations-behind', { ids: ['person-usubov', 'rel-patrushev-knows-usubov'] });
    const knows = (res.body.rows as any[][]).filter((row) => row[0] === 'rel-patrushev-knows-usubov');
    const c = res.body.columns as string[];
    expect(knows).toHaveLength(2);
    expect(knows.map((row) => row[c.indexOf('status')])).toEqual(['speculative', 'speculative']);
    expect(knows.map((row) => row[c.indexOf('publisher')]).sort()).toEqual(['Azerdaily', 'Caucasus Watch']);
    expect(knows[0]![c.indexOf('quote')]).toMatch(/kennen/);
    // The demo cites texts only: every row is a quote, with the record columns empty.
    expect(knows.map((row) => [row[c.indexOf('kind')], row[c.indexOf('file')]])).toEqual([
      ['quote', null],
      ['quote', null],
    ]);
    expect(res.body.graph.edges.map((e: { id: string }) => e.id)).toEqual(['rel-patrushev-knows-usubov']);
  });

  it('citations-between: how Patrushev and Usubov are connected, and who says so', async () => {
    const res = await run('citations-between', { a: 'person-patrushev', b: 'person-usubov' });
    expect(column(res, 'path')[0]).toEqual({
      nodes: ['person-patrushev', 'person-usubov'],
      edges: ['rel-patrushev-knows-usubov'],
      length: 1,
    });
    expect(column(res, 'status')).toEqual(['speculative', 'speculative']);
    expect(res.body.graph.edges[0].citations).toHaveLength(2);
  });

  it('find-entities: ids by name in any spelling, special characters taken literally', async () => {
    const res = await run('find-entities', { text: 'Əliyev', types: ['Person'] });
    expect(column(res, 'id')[0]).toBe('person-aliyev');
    expect((await run('find-entities', { text: 'Aliyev (president) AND [' })).status).toBe(200);
  });

  it('gives every query’s answer a graph in the API’s shapes', async () => {
    const res = await run('people-met', { person: 'person-patrushev', from: '2019-08', to: '2019-09' });
    const nodeIds = new Set(res.body.graph.nodes.map((n: { id: string }) => n.id));
    expect(nodeIds).toContain('person-patrushev');
    expect(res.body.graph.nodes[0]).toEqual({
      id: expect.any(String),
      type: expect.any(String),
      name: expect.any(String),
      properties: expect.any(Object),
      citationStatus: expect.any(String),
    });
    for (const edge of res.body.graph.edges) {
      expect(nodeIds.has(edge.source) && nodeIds.has(edge.target)).toBe(true);
      expect(edge.citations.length).toBeGreaterThan(0);
    }
    expect(res.body.summary).toMatchObject({ queryType: 'r', notifications: [] });
  });
});

describe('POST /api/queries/:name refuses', () => {
  it('unknown, missing and mistyped parameters, each with its path', async () => {
    const unknown = await run('people-met', { person: 'person-patrushev', since: '2019' });
    expect(unknown.status).toBe(400);
    expect(unknown.type).toMatch(/problem\+json/);
    expect(unknown.body.errors).toEqual([{ path: '$.params.since', message: expect.any(String), code: 'unrecognized_keys' }]);
    const missing = await run('people-met', {});
    expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['$.params.person']);
    const mistyped = await run('most-connected', { limit: 'ten', from: '2019-13' });
    expect(mistyped.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['$.params.from', '$.params.limit']);
  });

  it('internal statements and unknown names with 404, and writes nothing', async () => {
    const before = await dumpGraph(db.executor);
    for (const name of ['health', 'search-entities', 'nodes-by-element-id', 'no-such-query', '..%2Fsystem%2Fclear-graph']) {
      const res = await run(name);
      expect([name, res.status]).toEqual([name, 404]);
    }
    const clear = await fetch(`${server.url}/api/queries/system/clear-graph`, { method: 'POST' });
    expect(clear.status).toBe(404);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});
