// Judgements that last (issue 10, item 3) against a real Neo4j: the demo and a second source that
// restates Nikol Pashinyan under another id and spelling; "same" merges the two into one node that
// keeps every alias, identifier, citation, record and relationship (ids kept), the old id answers
// with the canonical node, a search in either spelling finds it, and DELETE splits it back to the
// exact dump of before; A+B then B+C, undone in either order; not_same and unsure stored; the error
// cases; a merge racing an import is refused, never interleaved.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { importBundle } from '../../server/src/import/bundle';
import { beginImport } from '../../server/src/import/write';
import { liveImports } from '../../server/src/import/write/journal';
import { judge, undoJudgement } from '../../server/src/resolve/judgements';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

const TOKEN = 'judgements-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

const A = 'person-pashinyan';
const B = 'person-am-nikol-pachinian';
const C = 'person-wd-q7035312';
const REGISTER = 'src-am-national-assembly';

/** A deputies' register that restates the demo's Pashinyan under its own id and a French spelling. */
const register = {
  format: 'liaison-bundle',
  version: 1,
  description: 'Test: deputies of the National Assembly of Armenia (a dataset restating a person of the demo)',
  nodes: [
    {
      id: REGISTER,
      type: 'Source',
      properties: { title: 'National Assembly of Armenia: deputies', kind: 'dataset', publisher: 'parliament.am' },
    },
    {
      id: B,
      type: 'Person',
      properties: {
        name: 'Nikol Pachinian',
        aliases: ['Pachinian Nikol Vovayi'],
        identifiers: ['wikidata:Q7035312', 'am-parliament:pashinyan-n'],
        birthDate: '1975-06-01',
        gender: 'male',
        nationality: 'AM',
        summary: 'Deputy of the National Assembly, leader of the Civil Contract party.',
      },
      citations: [
        { source: REGISTER, quote: 'Nikol Pachinian, député, chef du parti Contrat civil', status: 'reported', lang: 'fr' },
        { source: REGISTER, record: { file: 'deputies.json', recordId: 'pashinyan-n', pointer: '/deputies/7' } },
      ],
    },
    {
      id: 'org-am-civil-contract',
      type: 'Organization',
      properties: { name: 'Civil Contract', kind: 'party', country: 'AM' },
      citations: [{ source: REGISTER, record: { file: 'deputies.json', recordId: 'party-civil-contract', pointer: '/parties/1' } }],
    },
  ],
  relationships: [
    {
      id: 'rel-am-pachinian-member-civil-contract',
      type: 'MEMBER_OF',
      source: B,
      target: 'org-am-civil-contract',
      properties: { title: 'Chairman' },
      citations: [{ source: REGISTER, record: { file: 'deputies.json', recordId: 'pashinyan-n', pointer: '/deputies/7' } }],
    },
    {
      id: 'rel-am-pachinian-knows-grigoryan',
      type: 'KNOWS',
      source: B,
      target: 'person-grigoryan',
      properties: { context: 'Security Council' },
      citations: [{ source: REGISTER, quote: 'Pachinian et Grigorian', status: 'reported', lang: 'fr' }],
    },
  ],
};

/** A third source with a third id for him, for A+B then B+C. */
const wikidata = {
  nodes: [
    { id: 'src-wd', type: 'Source', properties: { title: 'Wikidata', kind: 'dataset' } },
    {
      id: C,
      type: 'Person',
      properties: { name: 'Nikol Paşinyan', identifiers: ['wikidata:Q7035312'], birthDate: '1975-06-01', nationality: 'AM' },
      citations: [{ source: 'src-wd', record: { file: 'Q7035312.json', recordId: 'Q7035312' } }],
    },
  ],
  relationships: [],
};

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
/** The graph with the demo and both other sources, before any judgement. */
let before: string;

beforeAll(async () => {
  db = await openTestDb();
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN }) });
});
afterAll(async () => {
  await server.close();
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, register);
  await importBundle(db.executor, wikidata);
  before = await dumpGraph(db.executor);
});

const get = (path: string) => getJson(server.url, path);

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

async function cypher<T = Record<string, unknown>>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    const r = await session.run(query, params);
    return r.records.map((rec) => rec.toObject() as T);
  } finally {
    await session.close();
  }
}

const count = async (query: string, params: Record<string, unknown> = {}) =>
  Number((await cypher<{ n: { toNumber(): number } }>(query, params))[0]!.n.toNumber());

describe('POST /api/judgements "same"', () => {
  it('merges the two into one node that keeps every name, identifier, citation, record and relationship', async () => {
    const relsOf = async (id: string) =>
      (await cypher<{ id: string; type: string }>('MATCH (:Entity {id: $id})-[r]-() RETURN r.id AS id, type(r) AS type', { id })).sort(
        (x, y) => x.id.localeCompare(y.id),
      );
    const relsA = await relsOf(A);
    const relsB = await relsOf(B);
    const quotesA = await count('MATCH (c:Citation {factId: $id}) RETURN count(c) AS n', { id: A });
    const quotesB = await count('MATCH (c:Citation {factId: $id}) RETURN count(c) AS n', { id: B });
    expect([quotesA, quotesB]).toEqual([2, 1]);

    const res = await send('POST', '/api/judgements', { a: B, b: A, judgement: 'same', note: 'one person', score: 0.93 });
    expect(res.status).toBe(201);
    const j = res.body;
    expect(j).toMatchObject({ a: B, b: A, judgement: 'same', note: 'one person', by: 'api', score: 0.93, undoneAt: null });
    // The demo's node has more links: it survives, the register's id is merged away.
    expect(j.canonicalId).toBe(A);
    expect(j.absorbedId).toBe(B);
    expect(j.id).toMatch(/^jdg-/);

    expect(await count('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id: B })).toBe(0);
    expect(await count('MATCH (m:MergedId {id: $id, canonicalId: $c}) RETURN count(m) AS n', { id: B, c: A })).toBe(1);
    const [n] = await cypher<{ p: Record<string, any> }>('MATCH (n:Person {id: $id}) RETURN properties(n) AS p', { id: A });
    const p = n!.p;
    expect(p.name).toBe('Nikol Pashinyan');
    // Union of aliases: the demo's five, the absorbed name, the register's alias.
    expect(p.aliases).toEqual([
      'Nikol Paschinjan',
      'Paschinjan',
      'Nikol Pashinian',
      'Նիկոլ Փաշինյան',
      'Никол Пашинян',
      'Pachinian Nikol Vovayi',
      'Nikol Pachinian',
    ]);
    expect(p.identifiers).toEqual(['wikidata:Q7035312', 'am-parliament:pashinyan-n']);
    expect(p.birthDate.toString()).toBe('1975-06-01');
    expect(p.birthDatePrecision).toBe('day');
    expect(p.gender).toBe('male');
    expect(p.records).toHaveLength(1);
    // The summaries differ: the demo's is kept, the register's is also stated, with its source.
    expect(p.alsoStated.map((s: string) => JSON.parse(s))).toEqual([
      { property: 'name', value: 'Nikol Pachinian', sources: [REGISTER] },
      { property: 'summary', value: 'Deputy of the National Assembly, leader of the Civil Contract party.', sources: [REGISTER] },
    ]);
    // Every relationship of both, with its id and type, on the one node; citations counted.
    expect(await relsOf(A)).toEqual([...relsA, ...relsB].sort((x, y) => x.id.localeCompare(y.id)));
    expect(await count('MATCH (c:Citation {factId: $id}) RETURN count(c) AS n', { id: A })).toBe(quotesA + quotesB);
    expect(await count('MATCH (c:Citation {factId: $id}) RETURN count(c) AS n', { id: B })).toBe(0);
    // The claims of moved relationships name the survivor.
    expect(
      await count('MATCH (c:IdClaim) WHERE c.factId IN $ids AND c.source = $a RETURN count(c) AS n', {
        ids: relsB.map((r) => r.id),
        a: A,
      }),
    ).toBe(relsB.length);
    expect(await count('MATCH (c:IdClaim) WHERE $b IN [c.source, c.target] RETURN count(c) AS n', { b: B })).toBe(0);

    // The old id answers with the canonical node, and says so.
    const old = await get(`/api/nodes/${B}`);
    expect(old.status).toBe(200);
    expect(old.body.id).toBe(A);
    expect(old.body.redirectedFrom).toBe(B);
    expect(old.body.citations.filter((c: any) => c.kind === 'quote')).toHaveLength(3);
    expect(old.body.citations.filter((c: any) => c.kind === 'record')).toHaveLength(1);
    const neighbours = await get(`/api/nodes/${B}/neighbors?limit=100`);
    expect(neighbours.status).toBe(200);
    expect(neighbours.body.redirectedFrom).toBe(B);
    expect(neighbours.body.edges.map((e: any) => e.id).sort()).toEqual([...relsA, ...relsB].map((r) => r.id).sort());
    const path = await get(`/api/paths?from=${B}&to=org-am-civil-contract`);
    expect(path.status).toBe(200);
    expect(path.body.paths[0].nodes[0]).toBe(A);

    // A search in either source's spelling finds the one node.
    for (const q of ['Nikol Pachinian', 'Пашинян', 'Paschinjan']) {
      const hits = await get(`/api/search?q=${encodeURIComponent(q)}&types=Person`);
      expect(hits.body.results.map((h: any) => h.id)).toContain(A);
      expect(hits.body.results.map((h: any) => h.id)).not.toContain(B);
    }

    // The judgement is listed and queryable.
    const listed = await get(`/api/judgements?entity=${B}`);
    expect(listed.body.judgements.map((x: any) => x.id)).toEqual([j.id]);
    expect((await get(`/api/judgements/${j.id}`)).body).toMatchObject({ id: j.id, canonicalId: A });
    const console = await send('POST', '/api/cypher', { query: 'MATCH (j:Judgement) RETURN j.judgement AS kind, j.canonicalId AS c' });
    expect(console.status).toBe(200);
    expect(console.body.rows).toEqual([['same', A]]);

    // DELETE splits it back: the graph is what it was.
    const undone = await send('DELETE', `/api/judgements/${j.id}`);
    expect(undone.status).toBe(200);
    expect(undone.body.undone.map((x: any) => x.id)).toEqual([j.id]);
    expect(undone.body.undone[0].undoneAt).not.toBeNull();
    expect(await dumpGraph(db.executor)).toBe(before);
    expect((await get(`/api/nodes/${B}`)).body.id).toBe(B);
    expect((await send('DELETE', `/api/judgements/${j.id}`)).status).toBe(409);
  });

  it('A+B then B+C is one entity; undoing the first undoes both, latest first, back to the exact graph', async () => {
    const ab = await judge(db.executor, { a: A, b: B, judgement: 'same', by: 'test' });
    const afterAb = await dumpGraph(db.executor);
    const bc = await judge(db.executor, { a: B, b: C, judgement: 'same', by: 'test' });
    expect(bc.canonicalId).toBe(A);
    expect(bc.absorbedId).toBe(C);
    expect(await count('MATCH (n:Person) WHERE n.id IN $ids RETURN count(n) AS n', { ids: [A, B, C] })).toBe(1);
    expect((await get(`/api/nodes/${C}`)).body.id).toBe(A);
    expect((await get(`/api/nodes/${B}`)).body.id).toBe(A);
    // Undo the later one alone: the state after A+B.
    const later = await undoJudgement(db.executor, bc.id);
    expect(later.undone.map((x) => x.id)).toEqual([bc.id]);
    expect(await dumpGraph(db.executor)).toBe(afterAb);
    // Again, then undo the earlier one: both go, the later first.
    const bc2 = await judge(db.executor, { a: C, b: B, judgement: 'same', by: 'test' });
    const both = await undoJudgement(db.executor, ab.id);
    expect(both.undone.map((x) => x.id)).toEqual([bc2.id, ab.id]);
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('keeps a chain of merged ids pointing at a live entity when the survivor is absorbed', async () => {
    const ab = await judge(db.executor, { a: A, b: B, judgement: 'same', by: 'test' });
    // C survives this time: A's MergedId-holder B must now point at C.
    const ac = await judge(db.executor, { a: C, b: A, judgement: 'same', by: 'test', keep: 'a' });
    expect(ac.canonicalId).toBe(C);
    const merged = await cypher<{ id: string; c: string }>('MATCH (m:MergedId) RETURN m.id AS id, m.canonicalId AS c ORDER BY id');
    expect(merged).toEqual(
      [
        { id: B, c: C },
        { id: A, c: C },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
    expect((await get(`/api/nodes/${B}`)).body.id).toBe(C);
    const undone = await undoJudgement(db.executor, ab.id);
    expect(undone.undone.map((x) => x.id)).toEqual([ac.id, ab.id]);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('two Sources', () => {
  it('move their citations and records to the survivor, and split back exactly', async () => {
    const cites = (id: string) => count('MATCH (:Source {id: $id})<-[r:CITES]-() RETURN count(r) AS n', { id });
    const [wd, reg] = [await cites('src-wd'), await cites(REGISTER)];
    expect(wd).toBeGreaterThan(0);
    const j = await judge(db.executor, { a: REGISTER, b: 'src-wd', judgement: 'same', by: 'test', keep: 'a' });
    expect(j.canonicalId).toBe(REGISTER);
    expect(await cites(REGISTER)).toBe(wd + reg);
    expect((await get('/api/nodes/src-wd')).body).toMatchObject({ id: REGISTER, redirectedFrom: 'src-wd' });
    // A Source is its own evidence: the absorbed title is also stated, by the survivor.
    const [p] = await cypher<{ also: string[] }>('MATCH (s:Source {id: $id}) RETURN s.alsoStated AS also', { id: REGISTER });
    expect(p!.also.map((x) => JSON.parse(x))).toEqual([{ property: 'title', value: 'Wikidata', sources: [REGISTER] }]);
    await undoJudgement(db.executor, j.id);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('not_same and unsure', () => {
  it('stores the judgement only, and a second one on the pair replaces the first', async () => {
    const ns = await send('POST', '/api/judgements', { a: A, b: B, judgement: 'not_same', note: 'different people?' });
    expect(ns.status).toBe(201);
    expect(ns.body).toMatchObject({ judgement: 'not_same', canonicalId: null, absorbedId: null });
    expect(await dumpGraph(db.executor)).toBe(before);
    const unsure = await send('POST', '/api/judgements', { a: B, b: A, judgement: 'unsure' });
    expect(unsure.status).toBe(201);
    const first = await get(`/api/judgements/${ns.body.id}`);
    expect(first.body.undoneAt).not.toBeNull();
    const live = await get(`/api/judgements?entity=${A}`);
    expect(live.body.judgements.map((x: any) => [x.id, x.undoneAt === null])).toEqual([
      [unsure.body.id, true],
      [ns.body.id, false],
    ]);
    const undone = await send('DELETE', `/api/judgements/${unsure.body.id}`);
    expect(undone.body.undone.map((x: any) => x.judgement)).toEqual(['unsure']);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('errors', () => {
  it('answers problem+json with the field, never a 500', async () => {
    const same = await send('POST', '/api/judgements', { a: A, b: A, judgement: 'same' });
    expect(same.status).toBe(400);
    expect(same.type).toContain('application/problem+json');
    expect(same.body.errors[0]).toMatchObject({ path: '$.b', code: 'same_entity' });

    const unknown = await send('POST', '/api/judgements', { a: A, b: 'person-nobody', judgement: 'same' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ path: '$.b', code: 'not_found' });

    const mismatch = await send('POST', '/api/judgements', { a: A, b: 'org-am-civil-contract', judgement: 'same' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0]).toMatchObject({ path: '$.b', code: 'type_mismatch' });

    const bad = await send('POST', '/api/judgements', { a: A, b: B, judgement: 'maybe', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['$', '$.judgement']);

    const noToken = await send('POST', '/api/judgements', { a: A, b: B, judgement: 'same' }, {});
    expect(noToken.status).toBe(401);

    const ok = await send('POST', '/api/judgements', { a: A, b: B, judgement: 'same' });
    expect(ok.status).toBe(201);
    const again = await send('POST', '/api/judgements', { a: B, b: A, judgement: 'not_same' });
    expect(again.status).toBe(409);
    expect(again.body.errors[0]).toMatchObject({ code: 'already_one_entity' });

    expect((await send('DELETE', '/api/judgements/jdg-nothing')).status).toBe(404);
    expect((await get('/api/judgements/jdg-nothing')).status).toBe(404);
    expect((await get('/api/judgements?cursor=zzz')).status).toBe(400);
    expect(await count('MATCH (j:Judgement) RETURN count(j) AS n')).toBe(1);
  });
});

describe('a merge racing an import', () => {
  it('is refused while an import runs, and nothing of it is written', async () => {
    const session = await beginImport(db.executor, { mode: 'batched', description: 'racing a merge' });
    try {
      await session.write({
        nodes: [{ id: 'topic-race', type: 'Topic', properties: { name: 'Race' }, citations: [], records: [] }],
        relationships: [],
        records: [],
      });
      const refused = await send('POST', '/api/judgements', { a: A, b: B, judgement: 'same' });
      expect(refused.status).toBe(409);
      expect(refused.body.rule).toBe('import-running');
      // As another process sees it: not in this process's list, but journaled as running with a fresh heartbeat.
      liveImports.delete(session.id);
      try {
        await expect(judge(db.executor, { a: A, b: B, judgement: 'same', by: 'test' })).rejects.toMatchObject({
          status: 409,
          extra: { rule: 'import-running' },
        });
      } finally {
        liveImports.add(session.id);
      }
    } finally {
      await session.commit();
    }
    expect(await count('MATCH (j:Judgement) RETURN count(j) AS n')).toBe(0);
    expect(await count('MATCH (n:Entity) WHERE n.id IN [$a, $b] RETURN count(n) AS n', { a: A, b: B })).toBe(2);
    // Once the import is over, the merge goes through.
    expect((await send('POST', '/api/judgements', { a: A, b: B, judgement: 'same' })).status).toBe(201);
  });

  it('waits for an atomic import of another process to commit, then merges what it wrote', async () => {
    const session = await beginImport(db.executor, { mode: 'atomic', description: 'atomic, racing a merge' });
    let judged = 0;
    let committed = 0;
    // As another process's import: only the lock node's write lock, held by its open transaction, orders the two.
    liveImports.delete(session.id);
    let merging: Promise<unknown>;
    try {
      await session.write({
        nodes: [
          {
            id: 'topic-race',
            type: 'Topic',
            properties: { name: 'Race' },
            citations: [{ source: REGISTER, quote: 'Race', status: 'reported' }],
            records: [],
          },
        ],
        relationships: [
          {
            id: 'rel-race-concerns',
            type: 'CONCERNS',
            source: 'meeting-2019-08-12-visit-armenia',
            target: 'topic-race',
            properties: {},
            citations: [{ source: REGISTER, quote: 'Race', status: 'reported' }],
            records: [],
          },
        ],
        records: [],
      });
      merging = judge(db.executor, { a: A, b: B, judgement: 'same', by: 'test' }).then((j) => {
        judged = Date.now();
        return j;
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(judged).toBe(0);
    } finally {
      liveImports.add(session.id);
      await session.commit();
      committed = Date.now();
    }
    await merging;
    expect(judged).toBeGreaterThanOrEqual(committed);
    expect(await count('MATCH (n:Entity {id: $id}) RETURN count(n) AS n', { id: 'topic-race' })).toBe(1);
    expect(await count('MATCH (n:Entity) WHERE n.id IN [$a, $b] RETURN count(n) AS n', { a: A, b: B })).toBe(1);
  });
});
