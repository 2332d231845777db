// Named queries that speak every spelling, against a real Neo4j and the demo graph: a parameter
// that names an entity is resolved through the search before the query runs, so "Patrushev" and
// "Usubov" (or "Патрушев", "Usubow") find their Baku meetings; a name several entities answer to is
// a 409 with the candidates; a name no entity has is a 422 at the parameter's path.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { setLogLevel } from '../../server/src/log';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({ executor: db.executor, config: { ...testConfig(), LIAISON_CYPHER_RATE_PER_MINUTE: 10_000 } });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  setLogLevel('info');
});

async function run(name: string, params: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/queries/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params }),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, any> };
}

const column = (body: Record<string, any>, name: string): any[] => {
  const i = (body.columns as string[]).indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${body.columns}`);
  return (body.rows as any[][]).map((row) => row[i]);
};

/** The Baku meetings both took part in, read with plain Cypher: what any spelling must return. */
async function sharedMeetings(a: string, b: string): Promise<string[]> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    const r = await session.run(
      'MATCH (:Entity {id: $a})-[:TAKES_PART]->(m:Meeting)<-[:TAKES_PART]-(:Entity {id: $b}) RETURN DISTINCT m.id AS id ORDER BY id',
      { a, b },
    );
    return r.records.map((x) => x.get('id') as string);
  } finally {
    await session.close();
  }
}

describe('entity parameters of named queries', () => {
  it('meetings-between takes surnames, German and Cyrillic spellings, and says whom it took them for', async () => {
    const expected = await sharedMeetings('person-patrushev', 'person-usubov');
    expect(expected.length).toBeGreaterThan(0);
    for (const [a, b] of [
      ['Patrushev', 'Usubov'],
      ['Патрушев', 'Усубов'],
      ['Patruschew', 'Usubow'],
      ['nikolai patrushev', 'person-usubov'],
    ]) {
      const res = await run('meetings-between', { a, b });
      expect([a, b, res.status]).toEqual([a, b, 200]);
      expect([
        a,
        b,
        column(res.body, 'meeting')
          .map((m: { id: string }) => m.id)
          .sort(),
      ]).toEqual([a, b, expected]);
      expect(res.body.resolved).toEqual([
        { param: 'a', value: a, id: 'person-patrushev', name: 'Nikolai Patrushev', type: 'Person' },
        { param: 'b', value: b, id: 'person-usubov', name: 'Ramil Usubov', type: 'Person' },
      ]);
    }
  });

  it('an unknown name is a 422 at the parameter’s path, saying no entity is called so', async () => {
    const res = await run('meetings-between', { a: 'Patrushev', b: 'Zzyzx Qwertyuiop' });
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.type).toBe('urn:liaison:problem:unknown-entity');
    expect(res.body.errors).toEqual([
      { path: '$.params.b', message: expect.stringContaining('no entity called "Zzyzx Qwertyuiop"'), code: 'unknown_entity' },
    ]);
    expect(res.body.detail).toMatch(/no entity called "Zzyzx Qwertyuiop"/);
  });

  it('a name several entities answer to is a 409 listing them; the picked id then runs', async () => {
    const res = await run('co-attendance', { organization: 'Security Council' });
    expect(res.status).toBe(409);
    expect(res.type).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '$.params.organization', code: 'ambiguous_entity' })]);
    const ids = (res.body.candidates.organization as Array<{ id: string; name: string; type: string }>).map((c) => c.id).sort();
    expect(ids).toEqual(['org-security-council-am', 'org-security-council-az', 'org-security-council-ru']);
    for (const c of res.body.candidates.organization)
      expect(c).toMatchObject({ type: 'Organization', name: expect.stringMatching(/Security Council/) });
    const picked = await run('co-attendance', { organization: 'org-security-council-ru' });
    expect(picked.status).toBe(200);
    expect(picked.body.rows.length).toBeGreaterThan(0);
  });

  it('a near miss is offered, never run on a guess', async () => {
    const res = await run('people-met', { person: 'Patrushv' });
    expect(res.status).toBe(409);
    expect(res.body.candidates.person.map((c: { id: string }) => c.id)).toContain('person-patrushev');
  });

  it('an id of the wrong type is not taken for the entity', async () => {
    const res = await run('co-attendance', { organization: 'person-patrushev' });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['$.params.organization']);
  });
});
