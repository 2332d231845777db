// Saved views (GET/POST/PUT/DELETE /api/views) against the real database with the demo graph:
// stored and read back exactly, newest first in pages, writes behind the token, bad bodies answered
// 400 with the field's path, unknown ids 404; and a (:SavedView) never shows up among entities
// (search, counts, exports, the console's library).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

const TOKEN = 'saved-views-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN }) });
});
afterAll(async () => {
  await server.close();
  await db.close();
});

const get = (path: string) => getJson(server.url, path);

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

const state = (extra: Record<string, unknown> = {}) => ({
  query: '?focus=person-patrushev&layout=concentric',
  positions: { 'person-patrushev': { x: 10.5, y: -20.25 }, 'person-usubov': { x: 140, y: 33.125 } },
  viewport: { zoom: 1.25, pan: { x: 300, y: 200.5 }, width: 1200, height: 800 },
  ...extra,
});

describe('POST and GET /api/views', () => {
  it('stores a view and gives it back exactly, with server time', async () => {
    const before = Date.now();
    const created = await send('POST', '/api/views', {
      name: '  Patrushev and Usubov ',
      description: 'The Baku talks',
      author: 'Jane',
      state: state(),
    });
    expect(created.status).toBe(201);
    const view = created.body.view;
    expect(view.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(created.body.url).toBe(`/?view=${view.id}`);
    expect(view).toMatchObject({ name: 'Patrushev and Usubov', description: 'The Baku talks', author: 'Jane', nodeCount: 2 });
    const at = Date.parse(view.createdAt);
    expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(at).toBeLessThanOrEqual(Date.now() + 1);

    const read = await get(`/api/views/${view.id}`);
    expect(read.status).toBe(200);
    expect(read.body.view.state).toEqual(state());
    expect(read.body.view.createdAt).toBe(view.createdAt);
  });

  it('keeps the element ids of a handed-over graph', async () => {
    const elements = { nodeIds: ['person-patrushev', 'person-usubov'], edgeIds: ['knows-patrushev-usubov'] };
    const created = await send('POST', '/api/views', { name: 'From the console', state: state({ query: '?load=session:k1', elements }) });
    expect(created.status).toBe(201);
    const read = await get(`/api/views/${created.body.view.id}`);
    expect(read.body.view.state.elements).toEqual(elements);
    expect(read.body.view).toMatchObject({ description: '', author: '' });
  });

  it('lists views newest first, a page at a time, without their states', async () => {
    const ids: string[] = [];
    for (const name of ['first', 'second', 'third']) {
      const r = await send('POST', '/api/views', { name: `paging ${name}`, state: state() });
      ids.push(r.body.view.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const all = await get('/api/views?limit=100');
    expect(all.status).toBe(200);
    const names = all.body.views.map((v: { name: string }) => v.name);
    expect(names.slice(0, 3)).toEqual(['paging third', 'paging second', 'paging first']);
    expect(all.body.total).toBe(all.body.views.length);
    expect(all.body.views[0]).not.toHaveProperty('state');
    expect(all.body.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Record<string, any> } = await get(`/api/views?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.views.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.views.map((v: { id: string }) => v.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.views.map((v: { id: string }) => v.id));
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
  });

  it('replaces a view with PUT and deletes it with DELETE', async () => {
    const created = await send('POST', '/api/views', { name: 'to change', state: state() });
    const id = created.body.view.id as string;
    const moved = state({ positions: { 'person-patrushev': { x: 1, y: 2 } } });
    const put = await send('PUT', `/api/views/${id}`, { name: 'changed', author: 'Ann', state: moved });
    expect(put.status).toBe(200);
    expect(put.body.view).toMatchObject({ id, name: 'changed', author: 'Ann', nodeCount: 1, createdAt: created.body.view.createdAt });
    expect((await get(`/api/views/${id}`)).body.view.state).toEqual(moved);
    const del = await fetch(`${server.url}/api/views/${id}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    expect((await get(`/api/views/${id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/views/${id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });
});

describe('writes need the token', () => {
  it('answers 401 without a token or with a wrong one, and stores nothing', async () => {
    const total = (await get('/api/views')).body.total as number;
    const none = await send('POST', '/api/views', { name: 'x', state: state() }, {});
    expect(none.status).toBe(401);
    expect(none.type).toMatch(/problem\+json/);
    const wrong = await send('POST', '/api/views', { name: 'x', state: state() }, { authorization: 'Bearer not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    const id = (await send('POST', '/api/views', { name: 'kept', state: state() })).body.view.id as string;
    expect((await send('PUT', `/api/views/${id}`, { name: 'y', state: state() }, {})).status).toBe(401);
    expect((await fetch(`${server.url}/api/views/${id}`, { method: 'DELETE' })).status).toBe(401);
    expect((await get('/api/views')).body.total).toBe(total + 1);
    expect((await get(`/api/views/${id}`)).body.view.name).toBe('kept');
  });

  it('answers 403 when the server has no token at all', async () => {
    const open = await serve({ executor: db.executor, config: testConfig() });
    try {
      const res = await fetch(`${open.url}/api/views`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ name: 'x', state: state() }),
      });
      expect(res.status).toBe(403);
      // Reads stay open.
      expect((await fetch(`${open.url}/api/views`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('bad input', () => {
  it.each([
    ['no name', { state: state() }, '$.name'],
    ['an empty name', { name: '   ', state: state() }, '$.name'],
    ['a name too long', { name: 'n'.repeat(201), state: state() }, '$.name'],
    ['no state', { name: 'x' }, '$.state'],
    ['an unknown field', { name: 'x', state: state(), colour: 'red' }, '$'],
    ['a position that is not a number', { name: 'x', state: state({ positions: { a: { x: 'left', y: 1 } } }) }, '$.state.positions.a.x'],
    ['a zoom of zero', { name: 'x', state: state({ viewport: { zoom: 0, pan: { x: 0, y: 0 } } }) }, '$.state.viewport.zoom'],
    ['a query without "?"', { name: 'x', state: state({ query: 'focus=x' }) }, '$.state.query'],
    ['a bad element id', { name: 'x', state: state({ elements: { nodeIds: ['ok', ' bad id'] } }) }, '$.state.elements.nodeIds[1]'],
  ])('answers 400 with the path for %s', async (_what, body, path) => {
    const res = await send('POST', '/api/views', body);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('refuses more positions than the limit, and a state over 256 KiB', async () => {
    const many = Object.fromEntries(Array.from({ length: 5_001 }, (_, i) => [`n${i}`, { x: i, y: i }]));
    const tooMany = await send('POST', '/api/views', { name: 'x', state: state({ positions: many }) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('$.state.positions');
    // 4,000 positions under long ids: fewer than the limit, but more than 256 KiB of JSON.
    const big = Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`${'x'.repeat(60)}${i}`, { x: i / 3, y: i / 7 }]));
    const tooBig = await send('POST', '/api/views', { name: 'x', state: state({ positions: big }) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0]).toMatchObject({ path: '$.state', code: 'too_big' });
  });

  it('answers 400 for a body that is not JSON and 415 for another content type', async () => {
    expect((await send('POST', '/api/views', '{"name": ')).status).toBe(400);
    const res = await fetch(`${server.url}/api/views`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: 'x' });
    expect(res.status).toBe(415);
  });

  it('answers 404 for an unknown or malformed id, 400 for a bad cursor or limit', async () => {
    for (const id of ['AAAAAAAAAAAA', 'no such view', 'x'.repeat(100)]) {
      const res = await get(`/api/views/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(res.body.errors[0].path).toBe('$.params.id');
    }
    expect((await send('PUT', '/api/views/AAAAAAAAAAAA', { name: 'x', state: state() })).status).toBe(404);
    expect((await get('/api/views?cursor=!!')).body.errors[0].path).toBe('$.query.cursor');
    expect((await get('/api/views?cursor=bm90LWEtY3Vyc29y')).body.errors[0].path).toBe('$.query.cursor');
    expect((await get('/api/views?limit=0')).body.errors[0].path).toBe('$.query.limit');
  });
});

describe('a saved view is not an entity', () => {
  const name = 'Zyxwvut hidden view';
  let id: string;
  let countsBefore: Record<string, unknown>;
  const counts = async () => (await db.executor.read('queries/graph-counts')).records[0]!.toObject();
  beforeAll(async () => {
    countsBefore = await counts();
    id = (await send('POST', '/api/views', { name, description: 'Zyxwvut Patrushev', state: state() })).body.view.id;
  });

  it('is not found by search', async () => {
    const res = await get(`/api/search?q=${encodeURIComponent('Zyxwvut')}&limit=100`);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([]);
    const patrushev = await get('/api/search?q=Patrushev&limit=100');
    expect(patrushev.body.results.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it('is not a node of the API or of an export', async () => {
    expect((await get(`/api/nodes/${id}`)).status).toBe(404);
    const res = await fetch(`${server.url}/api/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'json', subgraph: { kind: 'elements', nodeIds: [id], edgeIds: [] } }),
    });
    expect(res.status).toBe(400);
    const hood = await fetch(`${server.url}/api/export?format=json&node=person-patrushev&hops=2`);
    expect(hood.status).toBe(200);
    expect(await hood.text()).not.toContain('Zyxwvut');
  });

  it('changes no count of the graph and is found by no library query', async () => {
    expect(await counts()).toEqual(countsBefore);
    const library = await fetch(`${server.url}/api/queries/find-entities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ params: { text: 'Zyxwvut' } }),
    });
    expect(library.status).toBe(200);
    expect(((await library.json()) as { rows: unknown[] }).rows).toEqual([]);
    const entities = await fetch(`${server.url}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'MATCH (n:Entity) WHERE n.id = $id OR n.name = $name RETURN n', params: { id, name } }),
    });
    expect(((await entities.json()) as { rows: unknown[] }).rows).toEqual([]);
  });
});
