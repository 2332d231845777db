// Migration step import-journal on a store written by the release before the writer: its import
// statements (copied below, verbatim but for their headers, as the v1 writer) write the demo and a
// restatement of it; the migration marks every claim and citation as created by a committed legacy
// import, loses nothing, changes nothing when run again, and the new writer then merges into the
// store as into one of its own.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { migrate } from '../../server/src/db/migrations';
import { toJson } from '../../server/src/db/values';
import { bundleRows, importBundle, parseBundle, writeBundle } from '../../server/src/import/bundle';
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
  await run('MATCH (m:LiaisonMeta) DELETE m');
});

const demo = () => JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { nodes: unknown[]; relationships: unknown[] };

async function run(text: string, params: Record<string, unknown> = {}) {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(text, params)).records.map((r) => toJson(r.toObject()) as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

// The v1 release's cypher/import statements (commit 2857e9b).
const V1 = {
  mergeNodes: `UNWIND $rows AS row
MERGE (claim:IdClaim {factId: row.id})
  ON CREATE SET claim.kind = 'node', claim.type = '{{LABEL}}'
WITH row, claim, coalesce(claim.kind = 'node' AND claim.type = '{{LABEL}}', false) AS ours
OPTIONAL MATCH (stored:Entity {id: row.id})
WITH row, claim, ours, stored IS NULL AS fresh
FOREACH (_ IN CASE WHEN ours THEN [1] ELSE [] END |
  MERGE (n:Entity {id: row.id})
  SET n:{{LABEL}}
  SET n += row.props)
RETURN count(CASE WHEN ours AND fresh THEN 1 END) AS created,
       collect(CASE WHEN NOT ours THEN {id: row.id, kind: claim.kind, type: claim.type, source: claim.source, target: claim.target} END) AS conflicts`,
  mergeRelationships: `UNWIND $rows AS row
MERGE (claim:IdClaim {factId: row.id})
  ON CREATE SET claim.kind = 'relationship', claim.type = '{{TYPE}}', claim.source = row.source, claim.target = row.target
WITH row, claim,
     coalesce(claim.kind = 'relationship' AND claim.type = '{{TYPE}}' AND claim.source = row.source AND claim.target = row.target, false) AS ours
CALL (row, ours) {
  WITH row, ours
  WHERE ours
  MATCH (a:Entity {id: row.source})
  MATCH (b:Entity {id: row.target})
  MERGE (a)-[r:{{TYPE}} {id: row.id}]->(b)
  SET r += row.props
}
RETURN collect(CASE WHEN NOT ours THEN {id: row.id, kind: claim.kind, type: claim.type, source: claim.source, target: claim.target} END) AS conflicts`,
  mergeCitations: `UNWIND $rows AS row
MATCH (s:Entity:Source {id: row.source})
MERGE (c:Citation {id: row.id})
SET c.factId = row.factId,
    c.factKind = row.factKind,
    c.quote = row.quote,
    c.status = row.status,
    c.lang = row.lang,
    c.note = row.note
MERGE (c)-[:CITES]->(s)`,
  nodeStatus: `UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (c:Citation {factId: id})
WHERE c.factKind = 'node'
WITH n, collect(c.status) AS statuses
SET n.citationStatus = CASE
  WHEN size(statuses) = 0 THEN null
  WHEN 'reported' IN statuses THEN 'reported'
  WHEN 'disputed' IN statuses THEN 'disputed'
  ELSE 'speculative' END`,
  relationshipStatus: `UNWIND $rows AS row
MATCH (:Entity {id: row.source})-[r:{{TYPE}} {id: row.id}]->(:Entity {id: row.target})
OPTIONAL MATCH (c:Citation {factId: row.id})
WHERE c.factKind = 'relationship'
WITH r, collect(c.status) AS statuses
SET r.citationStatus = CASE
  WHEN size(statuses) = 0 THEN null
  WHEN 'reported' IN statuses THEN 'reported'
  WHEN 'disputed' IN statuses THEN 'disputed'
  ELSE 'speculative' END`,
};

/** Writes a bundle as the v1 release did (one transaction per statement is enough here). */
async function writeV1(bundle: unknown): Promise<void> {
  const rows = bundleRows(parseBundle(bundle));
  const byType = <T extends { type: string }>(items: T[]) => {
    const groups = new Map<string, T[]>();
    for (const item of items) groups.set(item.type, [...(groups.get(item.type) ?? []), item]);
    return groups;
  };
  for (const [label, items] of byType(rows.nodes))
    await run(V1.mergeNodes.replaceAll('{{LABEL}}', label), { rows: items.map(({ id, props }) => ({ id, props })) });
  for (const [type, items] of byType(rows.relationships))
    await run(V1.mergeRelationships.replaceAll('{{TYPE}}', type), {
      rows: items.map(({ id, source, target, props }) => ({ id, source, target, props })),
    });
  await run(V1.mergeCitations, { rows: rows.citations });
  await run(V1.nodeStatus, { ids: rows.nodes.map((n) => n.id) });
  for (const [type, items] of byType(rows.relationships))
    await run(V1.relationshipStatus.replaceAll('{{TYPE}}', type), {
      rows: items.map(({ id, source, target }) => ({ id, source, target })),
    });
}

const SECOND = { id: 'src-second', type: 'Source', properties: { title: 'A second source' } };
const restatement = (alias: string, nationality: string) => ({
  nodes: [
    SECOND,
    {
      id: 'person-patrushev',
      type: 'Person',
      properties: { name: 'Nikolai Patrushev', aliases: [alias], nationality },
      citations: [{ source: SECOND.id, quote: `Patrushev (${alias}).` }],
    },
  ],
  relationships: [],
});

/** A v1 store: the demo, and Patrushev restated as v1 restated him (his aliases replaced), at v1's version. */
async function v1Store(): Promise<void> {
  await writeV1(demo());
  await writeV1(restatement('N. Patrushev', 'RU'));
  await run("MERGE (m:LiaisonMeta {key: 'schema'}) SET m.version = 1, m.steps = ['id-claims']");
}

describe('migration step import-journal', () => {
  it('marks what v1 stored as a committed legacy import, loses nothing, and changes nothing when run again', async () => {
    await v1Store();
    const before = await run(
      `MATCH (n) WHERE NOT n:LiaisonMeta RETURN labels(n) AS labels, properties(n) AS p ORDER BY coalesce(n.id, n.factId), labels(n)[0]`,
    );
    const dumpBefore = await dumpGraph(db.executor);
    expect(await migrate(db.executor)).toEqual({ version: 3, applied: ['import-journal', 'name-keys'], pending: [] });
    const after = await run(
      `MATCH (n) WHERE NOT n:LiaisonMeta AND NOT n:Import RETURN labels(n) AS labels, properties(n) AS p ORDER BY coalesce(n.id, n.factId), labels(n)[0]`,
    );
    // Every node as it was, claims and citations with importId 'legacy' besides.
    expect(after).toHaveLength(before.length);
    after.forEach((row, i) => {
      const p = row.p as Record<string, unknown>;
      const labels = row.labels as string[];
      if (labels.includes('IdClaim') || labels.includes('Citation')) {
        expect(p.importId).toBe('legacy');
        const { importId: _, ...rest } = p;
        expect(rest).toEqual(before[i]!.p);
      } else expect(p).toEqual(before[i]!.p);
    });
    expect(await dumpGraph(db.executor)).toBe(dumpBefore);
    expect(await run('MATCH (i:Import) RETURN i.id AS id, i.status AS status, i.mode AS mode')).toEqual([
      { id: 'legacy', status: 'committed', mode: 'legacy' },
    ]);
    expect(await run("MATCH (m:LiaisonMeta {key: 'schema'}) RETURN m.version AS version, m.steps AS steps")).toEqual([
      { version: 3, steps: ['id-claims', 'import-journal', 'name-keys'] },
    ]);

    const migrated = await run(
      'MATCH (n) WHERE NOT n:LiaisonMeta RETURN properties(n) AS p ORDER BY coalesce(n.id, n.factId), labels(n)[0]',
    );
    expect(await migrate(db.executor)).toEqual({ version: 3, applied: [], pending: [] });
    expect(
      await run('MATCH (n) WHERE NOT n:LiaisonMeta RETURN properties(n) AS p ORDER BY coalesce(n.id, n.factId), labels(n)[0]'),
    ).toEqual(migrated);
  });

  it('leaves a store the new writer treats as its own: re-imports change nothing, restatements lose nothing, rollbacks restore v1 data', async () => {
    await writeV1(demo());
    await run("MERGE (m:LiaisonMeta {key: 'schema'}) SET m.version = 1, m.steps = ['id-claims']");
    await migrate(db.executor);
    const migrated = await dumpGraph(db.executor);
    // The new writer, the same bundle: nothing changes (v1 wrote what the new writer writes for a new fact).
    await importBundle(db.executor, demo());
    expect(await dumpGraph(db.executor)).toBe(migrated);
    // The same store written by the new writer alone: identical.
    await db.reset();
    await importBundle(db.executor, demo());
    expect(await dumpGraph(db.executor)).toBe(migrated);

    // Back to the v1 store: a batched restatement that fails is undone to the v1 data exactly.
    await db.reset();
    await writeV1(demo());
    await migrate(db.executor);
    const v1 = await dumpGraph(db.executor);
    const failing = parseBundle({
      nodes: [
        ...restatement('N. Patrushev', 'AM').nodes,
        { id: 'person-aliyev', type: 'Topic', properties: { name: 'x' }, citations: [{ source: SECOND.id, quote: 'q' }] },
      ],
    });
    await expect(writeBundle(db.executor, failing, { mode: 'batched', batchSize: 2 })).rejects.toThrow(/conflicts/);
    expect(await dumpGraph(db.executor)).toBe(v1);
    // And one that succeeds keeps the five aliases v1 stored.
    await importBundle(db.executor, restatement('N. Patrushev', 'AM'));
    const p = (await run("MATCH (n:Person {id: 'person-patrushev'}) RETURN n.aliases AS aliases, n.nationality AS nationality"))[0]!;
    expect((p.aliases as string[]).length).toBe(6);
    expect(p.nationality).toBe('RU');
  });
});
