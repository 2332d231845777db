// FollowTheMoney files as a new user brings them (tests/fixtures/ftm-variants/) through runImport
// into a real Neo4j: an Aleph stream whose entities come in fragments lands as whole entities, a
// file with bad lines or a broken array writes nothing, and a later OpenSanctions release loses
// nothing of the earlier one.
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { search } from '../../server/src/graph/service';
import { runImport } from '../../server/src/import/pipeline';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

const FIXTURES = path.resolve(__dirname, '../fixtures/ftm-variants');
const file = (name: string) => ({ path: path.join(FIXTURES, name), name });
const PERSON = 'ftm-5f2c1d0e9b8a7f6e5d4c3b2a19f8e7d6c5b4a392.1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5';

let db: TestDb;

async function rows(cypher: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(cypher, params)).records.map((r) => r.keys.map((k) => r.get(k) as unknown));
  } finally {
    await session.close();
  }
}

const entityCount = async () => Number((await rows('MATCH (n:Entity) RETURN count(n)'))[0]![0]);

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
});

afterAll(async () => {
  await db?.reset();
  await db?.close();
});

describe('an Aleph stream with entities in fragments', () => {
  it('imports every fragment, merged into one entity with its posts', async () => {
    const report = await runImport(db.executor, [file('aleph-fragments.ftm.json')]);
    expect(report.status).toBe('imported');
    expect(report.counts).toMatchObject({ records: 9, rejected: 0 });
    expect(
      await rows('MATCH (p:Person {id: $id}) RETURN p.name, p.aliases, toString(p.birthDate), p.nationality, size(p.records)', {
        id: PERSON,
      }),
    ).toEqual([['Иван Петров', ['Ivan Petrov', 'Petrov, Ivan'], '1970-01-01', 'RU', expect.anything()]]);
    expect(
      await rows(
        'MATCH (:Person {id: $id})-[r:HOLDS_POST]->(o) RETURN r.title, o.name, toString(r.start), r.startPrecision ORDER BY r.title',
        { id: PERSON },
      ),
    ).toEqual([
      ['Deputy Minister of Energy', 'Ministry of Energy', '2010-03-01', 'month'],
      ['Director', 'Petrov Holdings Ltd', '2001-01-01', 'year'],
    ]);
    // The second fragment's alias, written "Last, First", finds the person.
    expect((await search(db.executor, 'Petrov Ivan', ['Person'], 5))[0]).toMatchObject({ id: PERSON });
  });
});

describe('an UnknownLink between two Events', () => {
  it('lands as PART_OF between the meetings, though it comes before them in the file', async () => {
    const report = await runImport(db.executor, [file('unknown-links.ftm.json')], { format: 'ftm' });
    expect(report.status).toBe('imported');
    expect(report.unmapped).toEqual({ 'UnknownLink (Person to Event)': 1 });
    expect(await rows('MATCH (a:Meeting)-[r:PART_OF]->(b:Meeting) WHERE r.id = "ftm-ul-1" RETURN a.title, b.title')).toEqual([
      ['Talks with the Prime Minister', 'Official visit to Baku'],
    ]);
  });
});

describe('files that must write nothing', () => {
  it('rejects a file with bad lines whole by default, each problem at its line', async () => {
    const before = await entityCount();
    const report = await runImport(db.executor, [file('odd-lines.ftm.json')], { format: 'ftm' });
    expect(report.status).toBe('rejected');
    const lines = report.problems.filter((p) => p.severity === 'error').flatMap((p) => p.examples.map((e) => e.line));
    expect([...new Set(lines)].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 5, 6]);
    expect(await entityCount()).toBe(before);
  });

  it('refuses a cut-off JSON array with its line and column, writing nothing', async () => {
    const before = await dumpGraph(db.executor);
    await expect(runImport(db.executor, [file('truncated-array.ftm.json')], { format: 'ftm' })).rejects.toThrow(
      /truncated-array\.ftm\.json:3:\d+: not valid JSON/,
    );
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('a later OpenSanctions release', () => {
  const params = { source: 'dataset-xx-peps' };
  it('changes nothing when the same release is imported again', async () => {
    expect((await runImport(db.executor, [file('release-1.ftm.json')], { params })).status).toBe('imported');
    const before = await dumpGraph(db.executor);
    const again = await runImport(db.executor, [file('release-1.ftm.json')], { params });
    expect(again.counts).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, recordsCreated: 0, valuesAlsoStated: 0 });
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('keeps every name and alias of the earlier release and adds the later one’s, with the post’s end', async () => {
    const report = await runImport(db.executor, [file('release-2.ftm.json')], { params });
    expect(report.status).toBe('imported');
    const [[name, aliases]] = (await rows('MATCH (p:Person {id: "ftm-xx-p1"}) RETURN p.name, p.aliases')) as [[string, string[]]];
    expect([name, ...aliases].sort()).toEqual(['Dmitri Volkov', 'Dmitrij Wolkow', 'Dmitry Volkov', 'Дмитрий Волков', 'Дмитро Волков']);
    expect(
      await rows(
        'MATCH (:Person {id: "ftm-xx-p1"})-[r:HOLDS_POST]->() RETURN toString(r.start), r.startPrecision, toString(r.end), r.endPrecision',
      ),
    ).toEqual([['2016-09-18', 'day', '2021-10-01', 'month']]);
    for (const q of ['Dmitrij Wolkow', 'Дмитро Волков', 'Dmitry Volkov'])
      expect((await search(db.executor, q, ['Person'], 5))[0]).toMatchObject({ id: 'ftm-xx-p1' });
  });
});
