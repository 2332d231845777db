// Imports after entity resolution, against the real database (one instance for the file): a
// re-import after "same" restates the canonical entity instead of recreating the duplicate (bundle
// and tabular paths, dry-run counts honest), and import-time matching (--match review|auto).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { search } from '../../server/src/graph/service';
import { runImport } from '../../server/src/import/pipeline/run';
import { DEMO_FILE, dumpGraph, openTestDb, type TestDb } from '../support/db';

let db: TestDb;
const work = mkdtempSync(path.join(os.tmpdir(), 'liaison-import-match-'));

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

/** A second source restating Pashinyan (another id, another spelling) and Aliyev, with a post each. */
const BUNDLE_B = {
  description: 'Register B',
  nodes: [
    { id: 'src-b', type: 'Source', properties: { title: 'Register B', kind: 'register' }, citations: [] },
    {
      id: 'b-pashinyan',
      type: 'Person',
      properties: { name: 'Pashinyan, Nikol', aliases: ['Никол Пашинян'], birthDate: '1975-06-01' },
      citations: [{ source: 'src-b', quote: 'Pashinyan, Nikol (b. 1 June 1975), Prime Minister', status: 'reported' }],
    },
  ],
  relationships: [
    {
      id: 'b-pashinyan-pm',
      type: 'HOLDS_POST',
      source: 'b-pashinyan',
      target: 'org-government-am',
      properties: { title: 'Prime Minister' },
      citations: [{ source: 'src-b', quote: 'Pashinyan, Nikol (b. 1 June 1975), Prime Minister', status: 'reported' }],
    },
  ],
};

function writeJson(name: string, value: unknown): string {
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const session = db.driver.session();
  try {
    const r = await session.run(cypher, params);
    return Number(r.records[0]!.get(0));
  } finally {
    await session.close();
  }
}

/**
 * Test-only stand-in for a "same" judgement's merge (merge.ts): what the import path relies on —
 * the absorbed node gone, its names as aliases of the canonical one, its relationships and
 * citations on the canonical id, its IdClaim kept, a (:MergedId) pointing at the canonical id.
 */
async function fakeMerge(absorbed: string, canonical: string): Promise<void> {
  const session = db.driver.session();
  try {
    await session.executeWrite(async (tx) => {
      await tx.run(
        `MATCH (x:Entity {id: $x}), (c:Entity {id: $c})
         SET c.aliases = coalesce(c.aliases, []) + [a IN coalesce(x.aliases, []) + [x.name] WHERE NOT a IN coalesce(c.aliases, []) AND a <> c.name],
             c.searchKeys = coalesce(c.searchKeys, []) + [k IN coalesce(x.searchKeys, []) WHERE NOT k IN coalesce(c.searchKeys, [])],
             c.records = coalesce(c.records, []) + [k IN coalesce(x.records, []) WHERE NOT k IN coalesce(c.records, [])]
         WITH x, c
         OPTIONAL MATCH (x)-[r:HOLDS_POST]->(o)
         CALL (r, c, o) { WITH r, c, o WHERE r IS NOT NULL WITH r, c, o, properties(r) AS p DELETE r CREATE (c)-[s:HOLDS_POST]->(o) SET s = p }
         WITH DISTINCT x, c
         OPTIONAL MATCH (x)-[r:TAKES_PART]->(o)
         CALL (r, c, o) { WITH r, c, o WHERE r IS NOT NULL WITH r, c, o, properties(r) AS p DELETE r CREATE (c)-[s:TAKES_PART]->(o) SET s = p }
         WITH DISTINCT x, c
         DETACH DELETE x
         CREATE (:MergedId {id: $x, canonicalId: $c, judgementId: 'test'})`,
        { x: absorbed, c: canonical },
      );
      await tx.run('MATCH (cit:Citation {factId: $x}) SET cit.factId = $c', { x: absorbed, c: canonical });
    });
  } finally {
    await session.close();
  }
}

const people = () => count('MATCH (p:Person) RETURN count(p)');

describe('re-import after "same"', () => {
  beforeEach(async () => {
    await db.reset();
  });

  it('a bundle restating the merged-away entity merges into the canonical one, its citations there; the dry run says merged', async () => {
    const a = await runImport(db.executor, [{ path: DEMO_FILE, name: 'demo.json' }]);
    expect(a.status).toBe('imported');
    const bFile = writeJson('b.json', BUNDLE_B);
    expect((await runImport(db.executor, [{ path: bFile, name: 'b.json' }])).status).toBe('imported');
    const before = await people();
    await fakeMerge('b-pashinyan', 'person-pashinyan');
    expect(await people()).toBe(before - 1);

    const dry = await runImport(db.executor, [{ path: bFile, name: 'b.json' }], { dryRun: true });
    expect(dry.status).toBe('dry-run');
    expect(dry.counts.nodesCreated).toBe(0);
    expect(dry.counts.nodesMerged).toBe(2);
    expect(dry.counts.relationshipsMerged).toBe(1);

    const again = await runImport(db.executor, [{ path: bFile, name: 'b.json' }]);
    expect(again.status).toBe('imported');
    expect(again.summary?.nodesCreated).toBe(0);
    expect(await people()).toBe(before - 1);
    expect(await count("MATCH (n:Entity {id: 'b-pashinyan'}) RETURN count(n)")).toBe(0);
    // The claim of the merged-away id stays, so no other fact can take it.
    expect(await count("MATCH (c:IdClaim {factId: 'b-pashinyan'}) RETURN count(c)")).toBe(1);
    // B's citation of the person sits on the canonical id, once.
    expect(await count("MATCH (c:Citation {factId: 'person-pashinyan'})-[:CITES]->(:Source {id: 'src-b'}) RETURN count(c)")).toBe(1);
    expect(await count("MATCH (c:Citation {factId: 'b-pashinyan'}) RETURN count(c)")).toBe(0);
    const hits = await search(db.executor, 'Пашинян', ['Person'], 5);
    expect(hits.map((h) => h.id)).toEqual(['person-pashinyan']);
    const dump = await dumpGraph(db.executor);
    expect((await runImport(db.executor, [{ path: bFile, name: 'b.json' }])).status).toBe('imported');
    expect(await dumpGraph(db.executor)).toBe(dump);
    // The source the canonical entity came from, again: nothing changes either.
    expect((await runImport(db.executor, [{ path: DEMO_FILE, name: 'demo.json' }])).status).toBe('imported');
    expect(await dumpGraph(db.executor)).toBe(dump);
  });

  it('a register read through a mapping (and a relationship stated anew) lands on the canonical entity', async () => {
    expect((await runImport(db.executor, [{ path: DEMO_FILE, name: 'demo.json' }])).status).toBe('imported');
    const mapping = {
      title: 'Visits register',
      columns: {
        id: { header: 'id', required: true },
        person: { header: 'person', required: true },
        date: { header: 'date', required: true, type: 'date', date: { formats: ['dd-MM-yyyy'] } },
      },
      recordId: '{id}',
      source: { id: 'src-visits', title: 'Visits register', kind: 'register' },
      entities: {
        person: { type: 'Person', id: 'visitor-{person|slug}', properties: { name: '{person}' } },
        meeting: {
          type: 'Meeting',
          id: 'visit-{id}',
          properties: { title: 'Visit of {person}', kind: 'visit', status: 'held', date: '{date}' },
        },
      },
      relationships: [{ type: 'TAKES_PART', source: 'visitor-{person|slug}', target: 'visit-{id}', properties: { role: 'guest' } }],
    };
    const csv = path.join(work, 'visits.csv');
    writeFileSync(csv, 'id,person,date\nv1,Ilham Aliyev,04-09-2019\n');
    expect((await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping })).status).toBe('imported');
    const before = await people();
    await fakeMerge('visitor-ilham-aliyev', 'person-aliyev');
    writeFileSync(csv, 'id,person,date\nv1,Ilham Aliyev,04-09-2019\nv2,Ilham Aliyev,05-10-2020\n');
    const dry = await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping, dryRun: true });
    expect(dry.counts.nodesCreated).toBe(1); // visit-v2 only
    const again = await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping });
    expect(again.status).toBe('imported');
    expect(await people()).toBe(before - 1);
    expect(await count("MATCH (:Person {id: 'person-aliyev'})-[r:TAKES_PART]->(:Meeting {id: 'visit-v2'}) RETURN count(r)")).toBe(1);
    expect(await count("MATCH (:Person {id: 'person-aliyev'})-[r:TAKES_PART]->(:Meeting {id: 'visit-v1'}) RETURN count(r)")).toBe(1);
    expect(await count("MATCH (n:Entity {id: 'visitor-ilham-aliyev'}) RETURN count(n)")).toBe(0);
    const dump = await dumpGraph(db.executor);
    expect((await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping })).status).toBe('imported');
    expect(await dumpGraph(db.executor)).toBe(dump);
  });
});
