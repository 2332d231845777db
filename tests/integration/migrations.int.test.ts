// Migrations of stored data on the real database: a store written by the release before id claims
// (plain Cypher, as its import statements wrote) is brought to the one id space, idempotently; a
// store that already breaks it is reported, keeps every fact, and completes once fixed.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { findIdCollisions, migrate } from '../../server/src/db/migrations';
import { toJson } from '../../server/src/db/values';
import { ConflictError } from '../../server/src/errors';
import { bundleRows, importBundle, parseBundle } from '../../server/src/import/bundle';
import { log } from '../../server/src/log';
import { DEMO_FILE, dumpGraph, openTestDb, type TestDb } from '../support/db';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  // An old store has no version node either.
  await run('MATCH (m:LiaisonMeta) DELETE m');
});

const demo = () => JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown;

async function run(text: string, params: Record<string, unknown> = {}) {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(text, params)).records;
  } finally {
    await session.close();
  }
}
const count = async (text: string) => Number(toJson((await run(text))[0]!.get(0)));

/** The demo written as the release before id claims wrote it: its import statements, verbatim. */
async function writeTheOldWay(): Promise<void> {
  const rows = bundleRows(parseBundle(demo()));
  const byType = <T extends { type: string }>(items: T[]) => {
    const groups = new Map<string, T[]>();
    for (const item of items) groups.set(item.type, [...(groups.get(item.type) ?? []), item]);
    return groups;
  };
  for (const [label, items] of byType(rows.nodes))
    await run(`UNWIND $rows AS row MERGE (n:Entity {id: row.id}) SET n:${label} SET n += row.props`, { rows: items });
  for (const [type, items] of byType(rows.relationships))
    await run(
      `UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target})
       MERGE (a)-[r:${type} {id: row.id}]->(b) SET r += row.props`,
      { rows: items },
    );
  await run(
    `UNWIND $rows AS row MATCH (s:Entity:Source {id: row.source}) MERGE (c:Citation {id: row.id})
     SET c.factId = row.factId, c.factKind = row.factKind, c.quote = row.quote, c.status = row.status, c.lang = row.lang, c.note = row.note
     MERGE (c)-[:CITES]->(s)`,
    { rows: rows.citations },
  );
  const status = `SET x.citationStatus = CASE WHEN size(statuses) = 0 THEN null WHEN 'reported' IN statuses THEN 'reported'
                  WHEN 'disputed' IN statuses THEN 'disputed' ELSE 'speculative' END`;
  await run(`MATCH (x:Entity) OPTIONAL MATCH (c:Citation {factId: x.id}) WITH x, collect(c.status) AS statuses ${status}`);
  await run(`MATCH (:Entity)-[x]->(:Entity) OPTIONAL MATCH (c:Citation {factId: x.id}) WITH x, collect(c.status) AS statuses ${status}`);
}

/** The dump without the claims: the facts and citations themselves. */
const facts = async () => {
  const dump = JSON.parse(await dumpGraph(db.executor)) as { nodes: Array<{ labels: string[] }>; relationships: unknown[] };
  return JSON.stringify({ nodes: dump.nodes.filter((n) => !n.labels.includes('IdClaim')), relationships: dump.relationships });
};

describe('migration step id-claims', () => {
  it('claims every stored id exactly as an import would, records the version, and changes nothing when run again', async () => {
    await writeTheOldWay();
    expect(await count('MATCH (c:IdClaim) RETURN count(c)')).toBe(0);

    expect(await migrate(db.executor)).toEqual({ version: 3, applied: ['id-claims', 'import-journal', 'name-keys'], pending: [] });
    const migrated = await dumpGraph(db.executor);
    const meta = (await run("MATCH (m:LiaisonMeta {key: 'schema'}) RETURN m.version AS version, m.steps AS steps"))[0]!;
    expect([Number(toJson(meta.get('version'))), meta.get('steps')]).toEqual([3, ['id-claims', 'import-journal', 'name-keys']]);

    expect(await migrate(db.executor)).toEqual({ version: 3, applied: [], pending: [] });
    expect(await dumpGraph(db.executor)).toBe(migrated);

    // The same store written by today's import: identical, claims included.
    await db.reset();
    await importBundle(db.executor, demo());
    expect(await dumpGraph(db.executor)).toBe(migrated);
  }, 60_000);

  it('reports facts that already share an id, keeps them all, refuses imports of those ids, and completes once fixed', async () => {
    await writeTheOldWay();
    // What the release before could be made to store: a relationship with a node's id, one with
    // another type's relationship id, and a node given two types by concurrent imports.
    await run(`MATCH (a:Person {id: 'person-patrushev'}), (b:Person {id: 'person-usubov'})
               CREATE (a)-[:KNOWS {id: 'person-aliyev'}]->(b), (a)-[:KNOWS {id: 'rel-security-council-ru-belongs-to-ru'}]->(b)`);
    await run("MATCH (n:Entity {id: 'person-usubov'}) SET n:Topic");
    const before = await facts();
    const warn = jest.spyOn(log, 'warn');
    try {
      expect(await migrate(db.executor)).toEqual({ version: 0, applied: [], pending: ['id-claims', 'import-journal', 'name-keys'] });
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/"id-claims" is held back by stored data: 3 stored facts/),
        expect.anything(),
      );
    } finally {
      warn.mockRestore();
    }
    expect(await facts()).toBe(before);
    const collisions = await findIdCollisions(db.executor);
    expect(collisions.total).toBe(3);
    expect(collisions.sample.map((c) => [c.id, c.kind, c.claimedBy?.kind ?? null])).toEqual([
      ['person-aliyev', 'relationship', 'node'],
      ['person-usubov', 'node', null],
      ['rel-security-council-ru-belongs-to-ru', 'relationship', 'relationship'],
    ]);
    // Every other fact has its claim; a colliding id stays held by the fact that claimed it first
    // (the node; for two relationships, whichever the migration met first).
    expect(await count('MATCH (c:IdClaim) RETURN count(c)')).toBe(46 + 60);
    const again = await dumpGraph(db.executor);
    expect(await migrate(db.executor)).toEqual({ version: 0, applied: [], pending: ['id-claims', 'import-journal', 'name-keys'] });
    expect(await dumpGraph(db.executor)).toBe(again);

    const cite = [{ source: 'src-caucasus-watch-2019-09', quote: 'q' }];
    const refused = (await importBundle(db.executor, {
      nodes: [{ id: 'person-usubov', type: 'Person', properties: { name: 'Zakir Hasanov' }, citations: cite }],
      relationships: [{ id: 'person-aliyev', type: 'KNOWS', source: 'person-patrushev', target: 'person-usubov', citations: cite }],
    }).catch((e: unknown) => e)) as ConflictError;
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.issues!.map((i) => [i.path, i.code])).toEqual([
      ['$.nodes[0].type', 'type_change'],
      ['$.relationships[0].id', 'id_taken'],
    ]);
    expect(refused.issues![0]!.message).toMatch(/several types/);

    // Fixed by hand: the relationships get ids of their own, the node keeps one type.
    await run("MATCH ()-[r:KNOWS]->() WHERE r.id IN ['person-aliyev', 'rel-security-council-ru-belongs-to-ru'] SET r.id = r.id + '-knows'");
    await run("MATCH (n:Entity {id: 'person-usubov'}) REMOVE n:Topic");
    expect(await migrate(db.executor)).toEqual({ version: 3, applied: ['id-claims', 'import-journal', 'name-keys'], pending: [] });
    expect((await run("MATCH (c:IdClaim {factId: 'person-usubov'}) RETURN c.type AS type"))[0]!.get('type')).toBe('Person');
    expect(await count('MATCH (c:IdClaim) RETURN count(c)')).toBe(46 + 62);
  }, 60_000);

  it('runs at start-up through prepareDatabase, and an empty store is at the current version', async () => {
    const { prepareDatabase } = await import('../../server/src/db/database');
    await prepareDatabase(db.executor);
    const meta = (await run("MATCH (m:LiaisonMeta {key: 'schema'}) RETURN m.version AS version"))[0]!;
    expect(Number(toJson(meta.get('version')))).toBe(3);
    // Emptying the store keeps its version: nothing to migrate again.
    await db.reset();
    expect(await migrate(db.executor)).toEqual({ version: 3, applied: [], pending: [] });
  }, 60_000);
});
