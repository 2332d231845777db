// The writer's merges on the real database: a fact restated by another source keeps everything
// already known (list unions, search keys of every name, differing values in alsoStated with their
// source), re-imports change nothing, and record provenance is stored once per record.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { toJson } from '../../server/src/db/values';
import { search } from '../../server/src/graph/service';
import { importBundle } from '../../server/src/import/bundle';
import { recordNodeId } from '../../server/src/import/pipeline/types';
import { beginImport } from '../../server/src/import/write';
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
});

const demo = () => JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { nodes: Array<{ id: string; properties: Record<string, unknown> }> };

async function query(text: string, params: Record<string, unknown> = {}) {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(text, params)).records.map((r) => toJson(r.toObject()) as Record<string, unknown>);
  } finally {
    await session.close();
  }
}
const props = async (id: string) =>
  ((await query('MATCH (n:Entity {id: $id}) RETURN properties(n) AS p', { id }))[0]?.p ?? null) as Record<string, unknown> | null;

const SECOND = { id: 'src-second', type: 'Source', properties: { title: 'A second source', kind: 'register' } };
const cite = (quote: string, source = SECOND.id) => [{ source, quote }];

/** Patrushev as another source states him: one alias of its own and another nationality. */
const restated = () => ({
  nodes: [
    SECOND,
    {
      id: 'person-patrushev',
      type: 'Person',
      properties: { name: 'Nikolai Patrushev', aliases: ['N. P. Patrushev'], nationality: 'AM', birthDate: '1951-07-11' },
      citations: cite('Patrushev, N. P., born 11 July 1951.'),
    },
  ],
  relationships: [],
});

describe('restating a node from a second source', () => {
  it('keeps every alias and value of the first: aliases united, search keys of all names, the other value in alsoStated', async () => {
    await importBundle(db.executor, demo());
    const first = (await props('person-patrushev'))!;
    const firstAliases = demo().nodes.find((n) => n.id === 'person-patrushev')!.properties.aliases as string[];
    expect(first.aliases).toEqual(firstAliases);

    const summary = await importBundle(db.executor, restated());
    expect(summary.valuesAlsoStated).toBe(1);
    const after = (await props('person-patrushev'))!;
    expect(after.aliases).toEqual([...firstAliases, 'N. P. Patrushev']);
    expect(after.nationality).toBe('RU');
    expect(after.summary).toBe(first.summary);
    // Absent before: set, with its precision.
    expect([after.birthDate, after.birthDatePrecision]).toEqual(['1951-07-11', 'day']);
    expect((after.alsoStated as string[]).map((s) => JSON.parse(s) as unknown)).toEqual([
      { property: 'nationality', value: 'AM', sources: ['src-second'] },
    ]);
    // Every key the first bundle gave is still there, with the keys of the new alias.
    for (const key of first.searchKeys as string[]) expect(after.searchKeys).toContain(key);
    expect((after.searchKeys as string[]).length).toBeGreaterThan((first.searchKeys as string[]).length);
    expect(after.citationStatus).toBe('reported');

    // Found by his patronymic (only the Cyrillic alias of the first source has it), and by the new alias.
    expect((await search(db.executor, 'Platonovich', null, 10)).map((h) => h.id)).toContain('person-patrushev');
    expect((await search(db.executor, 'N. P. Patrushev', null, 10)).map((h) => h.id)).toContain('person-patrushev');

    // Restating again changes nothing: the other value is recorded once.
    const before = await dumpGraph(db.executor);
    const again = await importBundle(db.executor, restated());
    expect(again.valuesAlsoStated).toBe(0);
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('keeps the first caption and dates, adds the other name as an alias, and compares dates with their precision', async () => {
    const src = { id: 'src-a', type: 'Source', properties: { title: 'Source A' } };
    const meeting = (title: string, date: string, source: string) => ({
      id: 'meeting-x',
      type: 'Meeting',
      properties: { title, kind: 'talks', status: 'held', date },
      citations: [{ source, quote: `${title} on ${date}.` }],
    });
    await importBundle(db.executor, { nodes: [src, meeting('Talks in Baku', '2019-09-04', 'src-a')] });
    await importBundle(db.executor, { nodes: [SECOND, meeting('Baku talks', '2019-09', SECOND.id)] });
    const m = (await props('meeting-x'))!;
    expect([m.title, m.date, m.datePrecision]).toEqual(['Talks in Baku', '2019-09-04', 'day']);
    expect(m.aliases).toEqual(['Baku talks']);
    expect(
      (m.alsoStated as string[]).map((s) => JSON.parse(s) as unknown).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      { property: 'date', value: '2019-09', sources: ['src-second'] },
      { property: 'title', value: 'Baku talks', sources: ['src-second'] },
    ]);
    expect((await search(db.executor, 'Baku talks', ['Meeting'], 10)).map((h) => h.id)).toContain('meeting-x');
    // The same date at the same precision is no other statement.
    const before = await dumpGraph(db.executor);
    await importBundle(db.executor, { nodes: [SECOND, meeting('Talks in Baku', '2019-09-04', SECOND.id)] });
    const same = (await props('meeting-x'))!;
    expect(same.alsoStated).toEqual(m.alsoStated);
    expect(await dumpGraph(db.executor)).not.toBe(before); // a new citation only
    expect(await query("MATCH (c:Citation {factId: 'meeting-x'}) RETURN count(c) AS n")).toEqual([{ n: 3 }]);
  });

  it('merges relationships the same way, and the status of a fact is the strongest of all its citations', async () => {
    await importBundle(db.executor, demo());
    const rel = async () =>
      (await query("MATCH ()-[r:KNOWS {id: 'rel-patrushev-knows-usubov'}]->() RETURN properties(r) AS p"))[0]!.p as Record<string, unknown>;
    const before = await rel();
    expect(before.citationStatus).toBe('speculative');
    await importBundle(db.executor, {
      nodes: [SECOND],
      relationships: [
        {
          id: 'rel-patrushev-knows-usubov',
          type: 'KNOWS',
          source: 'person-patrushev',
          target: 'person-usubov',
          properties: { since: '1990', context: 'Other words' },
          citations: [{ source: SECOND.id, quote: 'They have known each other since 1990.', status: 'reported' }],
        },
      ],
    });
    const after = await rel();
    expect(after.citationStatus).toBe('reported');
    expect([after.since, after.sincePrecision]).toEqual(
      before.since === undefined ? ['1990-01-01', 'year'] : [before.since, before.sincePrecision],
    );
    if (before.context !== undefined) {
      expect(after.context).toBe(before.context);
      expect((after.alsoStated as string[]).map((s) => (JSON.parse(s) as { property: string }).property)).toContain('context');
    } else expect(after.context).toBe('Other words');
  });
});

describe('record provenance', () => {
  const DATASET = { id: 'src-register', type: 'Source', properties: { title: 'A register', kind: 'dataset', version: '2024-Q1' } };
  const record = { file: 'meetings.csv', line: 2, row: 1, raw: 'Minister,Org,2024-01' };
  const bundle = () => ({
    nodes: [
      DATASET,
      { id: 'person-min', type: 'Person', properties: { name: 'A Minister' }, citations: [{ source: DATASET.id, record }] },
      { id: 'org-x', type: 'Organization', properties: { name: 'Org X', kind: 'company' }, citations: [{ source: DATASET.id, record }] },
      {
        id: 'meeting-m',
        type: 'Meeting',
        properties: { title: 'Meeting', kind: 'talks', status: 'held', date: '2024-01' },
        citations: [{ source: DATASET.id, record }],
      },
    ],
    relationships: [
      {
        id: 'tp-1',
        type: 'TAKES_PART',
        source: 'person-min',
        target: 'meeting-m',
        properties: { role: 'host' },
        citations: [{ source: DATASET.id, record }],
      },
      {
        id: 'tp-2',
        type: 'TAKES_PART',
        source: 'org-x',
        target: 'meeting-m',
        properties: { role: 'guest' },
        citations: [{ source: DATASET.id, record }],
      },
    ],
  });

  it('stores one Record per record, linked to its Source and listed by every fact derived from it', async () => {
    const summary = await importBundle(db.executor, bundle());
    expect([summary.records, summary.recordsCreated, summary.citationsCreated]).toEqual([1, 1, 0]);
    const id = recordNodeId(DATASET.id, record);
    expect(
      await query('MATCH (r:Record)-[:CITES]->(s:Source) RETURN r.id AS id, s.id AS source, r.file AS file, r.line AS line, r.raw AS raw'),
    ).toEqual([{ id, source: DATASET.id, file: 'meetings.csv', line: 2, raw: record.raw }]);
    const facts = await query(
      `CALL () { MATCH (n:Entity) WHERE n.records IS NOT NULL RETURN n.id AS id, n.records AS records, n.citationStatus AS status
                 UNION ALL MATCH ()-[r:TAKES_PART]->() RETURN r.id AS id, r.records AS records, r.citationStatus AS status }
       RETURN id, records, status ORDER BY id`,
    );
    expect(facts).toEqual(['meeting-m', 'org-x', 'person-min', 'tp-1', 'tp-2'].map((f) => ({ id: f, records: [id], status: 'reported' })));
    expect(await query('MATCH (c:Citation) RETURN count(c) AS n')).toEqual([{ n: 0 }]);

    const before = await dumpGraph(db.executor);
    const again = await importBundle(db.executor, bundle());
    expect([again.recordsCreated, again.nodesCreated, again.relationshipsCreated]).toEqual([0, 0, 0]);
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('reports a record of an unknown Source and writes nothing', async () => {
    const b = bundle();
    (b.nodes[1] as { citations: unknown[] }).citations = [{ source: 'src-nowhere', record }];
    const error = (await importBundle(db.executor, b).catch((e: unknown) => e)) as { issues: Array<{ path: string; code: string }> };
    expect(error.issues).toEqual([expect.objectContaining({ path: '$.nodes[1].citations[0].source', code: 'unknown_reference' })]);
    expect(await query('MATCH (n) WHERE NOT n:LiaisonMeta AND NOT n:Import RETURN count(n) AS n')).toEqual([{ n: 0 }]);
  });

  it('takes records from the writer API directly, shared across batches', async () => {
    const session = await beginImport(db.executor, { mode: 'batched', description: 'records test' });
    const rec = { id: recordNodeId('src-register', { file: 'f.csv', line: 5 }), source: 'src-register', file: 'f.csv', line: 5 };
    await session.write({
      nodes: [{ id: 'src-register', type: 'Source', properties: DATASET.properties, citations: [], records: [] }],
      relationships: [],
      records: [],
    });
    const a = await session.write({
      nodes: [{ id: 'p-1', type: 'Person', properties: { name: 'One' }, citations: [], records: [rec.id] }],
      relationships: [],
      records: [rec],
    });
    const b = await session.write({
      nodes: [{ id: 'p-2', type: 'Person', properties: { name: 'Two' }, citations: [], records: [rec.id] }],
      relationships: [],
      records: [rec],
    });
    expect([a.recordsCreated, b.recordsCreated]).toEqual([1, 0]);
    const totals = await session.commit();
    expect(totals).toMatchObject({ nodesCreated: 3, recordsCreated: 1 });
    expect(await query('MATCH (r:Record) RETURN count(r) AS n')).toEqual([{ n: 1 }]);
    expect(await query('MATCH (i:Import {id: $id}) RETURN i.status AS status, i.mode AS mode', { id: session.id })).toEqual([
      { status: 'committed', mode: 'batched' },
    ]);
    expect(await query('MATCH (u:ImportUndo) RETURN count(u) AS n')).toEqual([{ n: 0 }]);
  });
});

describe("one import restating its own nodes (the writer's fast paths)", () => {
  const DATASET = { id: 'src-register', type: 'Source', properties: { title: 'A register', kind: 'dataset', version: '2024-Q1' } };
  const rec = (line: number) => ({
    id: recordNodeId('src-register', { file: 'r.csv', line }),
    source: 'src-register',
    file: 'r.csv',
    line,
  });
  const sourceBatch = {
    nodes: [{ id: 'src-register', type: 'Source' as const, properties: DATASET.properties, citations: [], records: [] }],
    relationships: [],
    records: [],
  };
  const minister = (line: number, properties: Record<string, unknown>) => ({
    nodes: [{ id: 'p-minister', type: 'Person' as const, properties, citations: [], records: [rec(line).id] }],
    relationships: [],
    records: [rec(line)],
  });

  for (const mode of ['batched', 'atomic'] as const)
    it(`${mode}: the same statement again only adds its record; a different one is merged by the rules (alias, alsoStated)`, async () => {
      const session = await beginImport(db.executor, { mode, description: `restated ${mode}` });
      await session.write(sourceBatch);
      const first = await session.write(minister(2, { name: 'Jane Minister', gender: 'female' }));
      const same = await session.write(minister(3, { name: 'Jane Minister', gender: 'female' }));
      const other = await session.write(minister(4, { name: 'J. Minister', gender: 'male' }));
      const again = await session.write(minister(5, { name: 'Jane Minister', gender: 'female' }));
      await session.commit();
      expect([first, same, other, again].map((c) => [c.nodesCreated, c.nodesMerged])).toEqual([
        [1, 0],
        [0, 1],
        [0, 1],
        [0, 1],
      ]);
      expect(other.valuesAlsoStated).toBe(2);
      const p = (await props('p-minister'))!;
      expect(p).toMatchObject({ name: 'Jane Minister', gender: 'female', aliases: ['J. Minister'] });
      expect(p.records).toEqual([2, 3, 4, 5].map((l) => rec(l).id));
      expect(
        (p.alsoStated as string[])
          .map((s) => JSON.parse(s) as { property: string; value: string })
          .sort((a, b) => a.property.localeCompare(b.property)),
      ).toEqual([
        { property: 'gender', value: 'male', sources: ['src-register'] },
        { property: 'name', value: 'J. Minister', sources: ['src-register'] },
      ]);
      // Found by every name it was given.
      expect((await search(db.executor, 'J. Minister', null, 10)).map((h) => h.id)).toContain('p-minister');
    });

  it('batched and rolled back: a node stored before it, restated twice, is restored exactly', async () => {
    const setup = await beginImport(db.executor, { mode: 'atomic', description: 'before' });
    await setup.write(sourceBatch);
    await setup.write(minister(1, { name: 'Jane Minister' }));
    await setup.commit();
    const before = await dumpGraph(db.executor);
    const session = await beginImport(db.executor, { mode: 'batched', description: 'restates twice' });
    await session.write(minister(2, { name: 'Jane Minister' }));
    await session.write(minister(3, { name: 'Jane Minister' }));
    expect((await props('p-minister'))!.records).toEqual([1, 2, 3].map((l) => rec(l).id));
    await session.rollback();
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});
