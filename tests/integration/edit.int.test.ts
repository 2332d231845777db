// Edits in the app against the real server and database (demo graph): POST /api/facts adds a
// meeting between two stored people with a quote, through the import writer, and records a Change
// 'create' with the facts after; bad input is a 400 at the field of the request (a missing quote,
// a property of the wrong kind, an unknown Source, a missing evidence); PATCH corrects a meeting's
// date (precision derived again) and records the old value in the Change's before; a citation's
// status change recomputes the fact's citationStatus; a retraction removes a node with its links
// and citations and keeps them in before; writes need an editor (401 without credentials).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

const TOKEN = 'edit-int-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const SOURCE = 'src-caucasus-watch-2019-09';
const QUOTE = 'Patruschew traf Usubow erneut in Moskau.';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let dataDir: string;

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-edit-int-'));
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir }) });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function send(method: string, path: string, body: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

/** The stored (:Change) by id, its before/after parsed. */
async function change(id: string): Promise<Record<string, any>> {
  const s = db.driver.session();
  try {
    const r = await s.run('MATCH (c:Change {id: $id}) RETURN properties(c) AS c', { id });
    const c = r.records[0]?.get('c') as Record<string, any>;
    return { ...c, before: JSON.parse(c.before), after: JSON.parse(c.after) };
  } finally {
    await s.close();
  }
}

const meeting = (extra: Record<string, unknown> = {}) => ({
  id: 'meeting-edit-moscow',
  type: 'Meeting',
  properties: { title: 'Patrushev and Usubov in Moscow', kind: 'talks', status: 'held', date: '2019-10', ...extra },
});
const parts = [
  { id: 'rel-edit-patrushev', type: 'TAKES_PART', source: 'person-patrushev', target: 'meeting-edit-moscow', properties: { role: 'host' } },
  { id: 'rel-edit-usubov', type: 'TAKES_PART', source: 'person-usubov', target: 'meeting-edit-moscow', properties: { role: 'guest' } },
];

describe('POST /api/facts', () => {
  it('refuses writes without credentials (401) before reading the body', async () => {
    const r = await send('POST', '/api/facts', { nodes: [meeting()] }, {});
    expect(r.status).toBe(401);
    expect(r.type).toMatch(/problem\+json/);
  });

  it('answers 400 at the request’s own fields, and writes nothing', async () => {
    const r = await send('POST', '/api/facts', {
      nodes: [meeting({ date: '2019-13', kind: 'tea party' })],
      relationships: parts,
      citations: [{ source: 'src-nowhere', quote: QUOTE }],
    });
    expect(r.status).toBe(400);
    const paths = (r.body.errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(['$.nodes[0].properties.date', '$.nodes[0].properties.kind']);
    // Shape first, then references: the unknown Source is reported once the shape is right.
    const r2 = await send('POST', '/api/facts', {
      nodes: [meeting()],
      relationships: parts,
      citations: [{ source: 'src-nowhere', quote: QUOTE }],
    });
    expect(r2.status).toBe(400);
    expect(r2.body.errors).toEqual([expect.objectContaining({ path: '$.citations[0].source', code: 'unknown_reference' })]);
    const r3 = await send('POST', '/api/facts', { nodes: [meeting()], relationships: parts });
    expect(r3.status).toBe(400);
    expect(new Set((r3.body.errors as Array<{ path: string; code: string }>).map((e) => `${e.path} ${e.code}`))).toEqual(
      new Set(['$.citations missing_citation']),
    );
    expect((await getJson(server.url, '/api/nodes/meeting-edit-moscow')).status).toBe(404);
  });

  it('adds a meeting between two stored people with a quote, and records the Change', async () => {
    const r = await send('POST', '/api/facts', {
      reason: 'Reported by Caucasus Watch',
      nodes: [meeting()],
      relationships: parts,
      citations: [{ source: SOURCE, quote: QUOTE }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ nodes: ['meeting-edit-moscow'], relationships: ['rel-edit-patrushev', 'rel-edit-usubov'] });
    const node = await getJson(server.url, '/api/nodes/meeting-edit-moscow');
    expect(node.status).toBe(200);
    expect(node.body.properties).toMatchObject({ title: 'Patrushev and Usubov in Moscow', date: '2019-10', datePrecision: 'month' });
    expect(node.body.citations).toEqual([expect.objectContaining({ quote: QUOTE, sourceId: SOURCE, status: 'reported' })]);
    const hood = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100');
    expect(hood.body.edges.map((e: { id: string }) => e.id)).toContain('rel-edit-usubov');
    expect(r.body.changeId).toEqual(expect.any(String));
    const c = await change(r.body.changeId);
    expect(c).toMatchObject({ kind: 'create', reason: 'Reported by Caucasus Watch', byName: 'operator', importId: r.body.importId });
    expect(c.subjects).toEqual(expect.arrayContaining(['meeting-edit-moscow', 'rel-edit-patrushev', 'rel-edit-usubov']));
    expect(c.before).toEqual([null, null, null]);
    expect(c.after.map((s: { id: string }) => s.id)).toEqual(['meeting-edit-moscow', 'rel-edit-patrushev', 'rel-edit-usubov']);
    expect(c.after[0].citations).toEqual([expect.objectContaining({ quote: QUOTE, source: SOURCE })]);
  });

  it('creates a Source in the same request and makes ids for facts that give none', async () => {
    const r = await send('POST', '/api/facts', {
      sources: [
        { properties: { title: 'Edit test article', publisher: 'Test Press', url: 'https://example.org/a', published: '2019-10-02' } },
      ],
      nodes: [{ type: 'Topic', properties: { name: 'Edit test topic' } }],
      citations: [{ source: 'source-edit-test-article', quote: 'The topic was discussed.' }],
    });
    // The Source's id is made from its title: the citation could not know it, so it is an unknown reference.
    expect(r.status).toBe(400);
    const ok = await send('POST', '/api/facts', {
      sources: [{ id: 'src-edit-test', properties: { title: 'Edit test article', publisher: 'Test Press', published: '2019-10-02' } }],
      nodes: [{ type: 'Topic', properties: { name: 'Edit test topic' } }],
      citations: [{ source: 'src-edit-test', quote: 'The topic was discussed.' }],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.sources).toEqual(['src-edit-test']);
    expect(ok.body.nodes[0]).toMatch(/^topic-edit-test-topic-[a-z0-9]+$/);
    const found = await getJson(server.url, '/api/sources?q=edit%20test');
    expect(found.body.sources).toEqual([
      expect.objectContaining({ id: 'src-edit-test', title: 'Edit test article', publisher: 'Test Press' }),
    ]);
  });
});

describe('PATCH /api/nodes/:id and /api/citations/:id', () => {
  it('needs evidence, and reports a bad value at $.set', async () => {
    const none = await send('PATCH', '/api/nodes/meeting-edit-moscow', { set: { date: '2019-10-15' } });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: '$.evidence', code: 'missing_citation' })]);
    const bad = await send('PATCH', '/api/nodes/meeting-edit-moscow', {
      set: { date: 'mid-October', nonsense: 1 },
      unset: ['title'],
      evidence: { source: SOURCE, quote: QUOTE },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['$.unset[0]', '$.set.date', '$.set']));
    const missing = await send('PATCH', '/api/nodes/meeting-nowhere', { set: {}, evidence: { source: SOURCE, quote: QUOTE } });
    expect(missing.status).toBe(404);
  });

  it('corrects the date: the new value replaces the old, the precision is derived again, the old one is in before', async () => {
    const quote = 'Das Treffen fand am 15. Oktober statt.';
    const r = await send('PATCH', '/api/nodes/meeting-edit-moscow', {
      set: { date: '2019-10-15', place: 'Moscow' },
      evidence: { source: SOURCE, quote },
      reason: 'the day is known',
    });
    expect(r.status).toBe(200);
    const node = await getJson(server.url, '/api/nodes/meeting-edit-moscow');
    expect(node.body.properties).toMatchObject({ date: '2019-10-15', datePrecision: 'day', place: 'Moscow' });
    expect(node.body.citations.map((c: { quote: string }) => c.quote).sort()).toEqual([quote, QUOTE].sort());
    const c = await change(r.body.changeId);
    expect(c.kind).toBe('edit');
    expect(JSON.stringify(c.before[0].props)).toContain('2019-10-01');
    expect(c.before[0].props.datePrecision).toBe('month');
    expect(c.after[0].props.datePrecision).toBe('day');
  });

  it('derives the search keys again: a spelling added to the aliases finds the person', async () => {
    const before = await getJson(server.url, '/api/search?q=Quaxwright');
    expect(before.body.results.map((r: { id: string }) => r.id)).not.toContain('person-usubov');
    const fact = await getJson(server.url, '/api/facts/person-usubov');
    const aliases = [...((fact.body.properties.aliases as string[] | undefined) ?? []), 'Zebulon Quaxwright'];
    const r = await send('PATCH', '/api/nodes/person-usubov', {
      set: { aliases },
      evidence: { source: SOURCE, quote: 'Zebulon Quaxwright' },
    });
    expect(r.status).toBe(200);
    const after = await getJson(server.url, '/api/search?q=Quaxwright');
    expect(after.body.results.map((x: { id: string }) => x.id)).toContain('person-usubov');
  });

  it('changes a citation’s status and the fact’s citationStatus with it', async () => {
    const fact = await getJson(server.url, '/api/facts/rel-edit-usubov');
    expect(fact.status).toBe(200);
    const cid = fact.body.fact.citations[0].id as string;
    const noReason = await send('PATCH', `/api/citations/${cid}`, { status: 'disputed' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: '$.reason' })]);
    const r = await send('PATCH', `/api/citations/${cid}`, { status: 'disputed', reason: 'Azerdaily denies it' });
    expect(r.status).toBe(200);
    const hood = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100');
    expect(hood.body.edges.find((e: { id: string }) => e.id === 'rel-edit-usubov').citationStatus).toBe('disputed');
    expect((await change(r.body.changeId)).kind).toBe('status');
  });
});

describe('POST /api/nodes/:id/retract', () => {
  it('needs a reason', async () => {
    const r = await send('POST', '/api/nodes/meeting-edit-moscow/retract', {});
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: '$.reason' })]);
  });

  it('refuses to retract a Source that other facts cite (409)', async () => {
    const r = await send('POST', `/api/nodes/${SOURCE}/retract`, { reason: 'test' });
    expect(r.status).toBe(409);
  });

  it('removes the node with its links and citations, and keeps them whole in before', async () => {
    const r = await send('POST', '/api/nodes/meeting-edit-moscow/retract', { reason: 'it was another meeting' });
    expect(r.status).toBe(200);
    expect(r.body.retracted.sort()).toEqual(['meeting-edit-moscow', 'rel-edit-patrushev', 'rel-edit-usubov']);
    expect((await getJson(server.url, '/api/nodes/meeting-edit-moscow')).status).toBe(404);
    const hood = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100');
    expect(hood.body.edges.map((e: { id: string }) => e.id)).not.toContain('rel-edit-usubov');
    const c = await change(r.body.changeId);
    expect(c.kind).toBe('retract');
    expect(c.after).toEqual([null, null, null]);
    expect(c.before[0]).toMatchObject({ kind: 'node', id: 'meeting-edit-moscow' });
    expect(c.before[0].citations).toHaveLength(2);
    const s = db.driver.session();
    try {
      const left = await s.run('MATCH (x) WHERE x.factId IN $ids OR x.id IN $ids RETURN count(x) AS n', {
        ids: ['meeting-edit-moscow', 'rel-edit-patrushev', 'rel-edit-usubov'],
      });
      expect(Number(left.records[0]!.get('n'))).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('undo: POST /api/changes/:id/revert of each edit', () => {
  it('gives back the graph as it was after a create, a correction, a status change and a retraction', async () => {
    const start = await dumpGraph(db.executor);
    const created = await send('POST', '/api/facts', {
      nodes: [meeting()],
      relationships: parts,
      citations: [{ source: SOURCE, quote: QUOTE }],
    });
    expect(created.status).toBe(201);
    const afterCreate = await dumpGraph(db.executor);
    expect(afterCreate).not.toBe(start);

    const edited = await send('PATCH', '/api/nodes/meeting-edit-moscow', {
      set: { date: '2019-10-20' },
      evidence: { source: SOURCE, quote: 'Am 20. Oktober.' },
    });
    expect(edited.status).toBe(200);
    expect((await send('POST', `/api/changes/${edited.body.changeId}/revert`, { reason: 'undo' })).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(afterCreate);

    const fact = await getJson(server.url, '/api/facts/rel-edit-patrushev');
    const status = await send('PATCH', `/api/citations/${fact.body.fact.citations[0].id}`, { status: 'speculative', reason: 'test' });
    expect(status.status).toBe(200);
    expect((await send('POST', `/api/changes/${status.body.changeId}/revert`, { reason: 'undo' })).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(afterCreate);

    const retracted = await send('POST', '/api/nodes/meeting-edit-moscow/retract', { reason: 'test' });
    expect(retracted.status).toBe(200);
    expect((await send('POST', `/api/changes/${retracted.body.changeId}/revert`, { reason: 'undo' })).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(afterCreate);

    expect((await send('POST', `/api/changes/${created.body.changeId}/revert`, { reason: 'undo' })).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(start);
  });
});

/** A user of `role` made through the admin API, and an API key that acts as them. */
async function keyFor(name: string, role: 'viewer' | 'editor'): Promise<Record<string, string>> {
  const user = await send('POST', '/api/users', { name, role, password: `${name}-password-0123456789` });
  expect(user.status).toBe(201);
  const key = await send('POST', `/api/users/${user.body.user.id}/keys`, { label: 'edit test' });
  expect(key.status).toBe(201);
  return { authorization: `Bearer ${key.body.secret}` };
}

describe('roles', () => {
  it('refuses a viewer (403) and records an editor by name', async () => {
    const viewer = await keyFor('edit-viewer', 'viewer');
    const editor = await keyFor('edit-editor', 'editor');
    const body = {
      nodes: [{ id: 'topic-edit-roles', type: 'Topic', properties: { name: 'Roles' } }],
      citations: [{ source: SOURCE, quote: QUOTE }],
    };
    const refused = await send('POST', '/api/facts', body, viewer);
    expect(refused.status).toBe(403);
    expect(refused.type).toMatch(/problem\+json/);
    expect((await send('POST', '/api/nodes/person-usubov/retract', { reason: 'no' }, viewer)).status).toBe(403);
    const made = await send('POST', '/api/facts', body, editor);
    expect(made.status).toBe(201);
    expect(await change(made.body.changeId)).toMatchObject({ kind: 'create', byName: 'edit-editor' });
  });
});

describe('relationships and record evidence', () => {
  it('corrects a post with a record reference as evidence: the record is stored and listed in the fact’s records', async () => {
    const hood = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100&relTypes=HOLDS_POST');
    const post = hood.body.edges[0] as { id: string; source: string; target: string; properties: Record<string, unknown> };
    expect(post).toBeDefined();
    const r = await send('PATCH', `/api/relationships/${post.id}`, {
      set: { start: '2019-06-04' },
      evidence: { source: SOURCE, record: { file: 'decrees.csv', line: 7, raw: 'Usubov;2019-06-04' } },
    });
    expect(r.status).toBe(200);
    const after = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100&relTypes=HOLDS_POST');
    const now = after.body.edges.find((e: { id: string }) => e.id === post.id);
    expect(now.properties).toMatchObject({ start: '2019-06-04', startPrecision: 'day' });
    const stored = await getJson(server.url, `/api/facts/${post.id}`);
    expect(stored.body.fact.props.records).toEqual([expect.stringMatching(/./)]);
    const exported = await send('POST', '/api/export', {
      format: 'json',
      subgraph: { kind: 'elements', nodeIds: [post.source, post.target], edgeIds: [post.id] },
    });
    expect(JSON.stringify(exported.body)).toContain('decrees.csv');
    expect((await change(r.body.changeId)).kind).toBe('edit');
  });

  it('retracts a link alone: its ends stay', async () => {
    // A link that is not there is a 404 at the id.
    const r = await send('POST', '/api/relationships/rel-edit-nowhere/retract', { reason: 'not there' });
    expect(r.status).toBe(404);
    expect(r.body.errors).toEqual([expect.objectContaining({ path: '$.params.id' })]);
    const hood = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100&relTypes=HOLDS_POST');
    const post = hood.body.edges[0] as { id: string; target: string; source: string };
    const gone = await send('POST', `/api/relationships/${post.id}/retract`, { reason: 'test' });
    expect(gone.status).toBe(200);
    expect(gone.body.retracted).toEqual([post.id]);
    expect((await getJson(server.url, '/api/nodes/person-usubov')).status).toBe(200);
    const after = await getJson(server.url, '/api/nodes/person-usubov/neighbors?limit=100&relTypes=HOLDS_POST');
    expect(after.body.edges.map((e: { id: string }) => e.id)).not.toContain(post.id);
  });
});
