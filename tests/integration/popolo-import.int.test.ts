// EveryPolitician's Azerbaijani National Assembly file through the public import path (runImport:
// the Popolo reader, the pipeline's validation, the writer) into a real Neo4j: the counts, every
// other_names entry found by the app's search, the provenance record of a party membership, and a
// second import of the same file that changes nothing.
import path from 'node:path';
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { citationsFor, search } from '../../server/src/graph/service';
import { runImport } from '../../server/src/import/pipeline';
import type { ImportReport } from '../../server/src/import/pipeline/types';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

const FILE = path.resolve(__dirname, '../../../shared/data/popolo/Azerbaijan_National_Assembly.ep-popolo-v1.0.json');
const NAME = path.basename(FILE);
const GULAR = 'popolo-abd7bdff-6215-4536-b40d-89e2a7f9aaba';

interface RawPerson {
  id: string;
  other_names: Array<{ name: string; lang: string }>;
}

let db: TestDb;
let first: ImportReport;

async function count(cypher: string): Promise<number> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return Number((await session.run(cypher)).records[0]!.get(0));
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  first = await runImport(db.executor, [{ path: FILE, name: NAME }]);
});

afterAll(async () => {
  await db?.reset();
  await db?.close();
});

describe('importing the EveryPolitician Popolo file', () => {
  it('imports every record: 125 deputies, 11 organisations, 125 seats, 83 party memberships', async () => {
    expect(first.status).toBe('imported');
    expect(first.problems).toEqual([]);
    expect(first.files.map((f) => [f.format, f.records, f.rejected, f.skipped])).toEqual([['popolo', 388, 0, 0]]);
    // 125 persons, 11 organisations and the file's Source.
    expect(first.counts).toMatchObject({ records: 388, rejected: 0, nodesCreated: 137, relationshipsCreated: 208, recordsCreated: 388 });
    expect(first.unmapped).toMatchObject({ 'person.links': 125, 'person.other_names.lang': 278 });
    expect(await count('MATCH (n:Person) RETURN count(n)')).toBe(125);
    expect(await count('MATCH (n:Organization) RETURN count(n)')).toBe(11);
    expect(await count("MATCH (n:Organization {kind: 'party'}) RETURN count(n)")).toBe(10);
    expect(await count('MATCH (:Person)-[r:HOLDS_POST]->(:Organization {kind: "parliament"}) RETURN count(r)')).toBe(125);
    expect(await count('MATCH (:Person)-[r:MEMBER_OF]->(:Organization {kind: "party"}) RETURN count(r)')).toBe(83);
    expect(await count("MATCH (s:Source {kind: 'dataset', publisher: 'EveryPolitician'}) RETURN count(s)")).toBe(1);
    expect(await count('MATCH (r:Record)-[:CITES]->(:Source) RETURN count(r)')).toBe(388);
  });

  it('finds every deputy under every name of other_names through the app search', async () => {
    const persons = (JSON.parse(readFileSync(FILE, 'utf8')) as { persons: RawPerson[] }).persons;
    const missed: string[] = [];
    let searched = 0;
    for (const p of persons) {
      for (const o of p.other_names) {
        searched++;
        const hits = await search(db.executor, o.name, ['Person'], 50);
        if (!hits.some((h) => h.id === `popolo-${p.id}`)) missed.push(`${o.lang}: ${o.name}`);
      }
    }
    expect(searched).toBe(278);
    expect(missed).toEqual([]);
  });

  it('cites the file and the JSON pointer of the membership a party membership was read from', async () => {
    const session = db.driver.session({ database: 'neo4j' });
    let relId: string;
    try {
      const r = await session.run(
        'MATCH (:Person {id: $id})-[r:MEMBER_OF]->(o:Organization) RETURN r.id AS id, o.name AS party, r.period AS period, r.citationStatus AS status',
        { id: GULAR },
      );
      expect(r.records.map((x) => [x.get('party'), x.get('period'), x.get('status')])).toEqual([
        ['Yeni Azərbaycan Partiyası', 'IV çağırış', 'reported'],
      ]);
      relId = r.records[0]!.get('id') as string;
    } finally {
      await session.close();
    }
    const raw = JSON.parse(readFileSync(FILE, 'utf8')) as { memberships: Array<{ person_id: string }> };
    const index = raw.memberships.findIndex((m) => m.person_id === GULAR.replace(/^popolo-/, ''));
    const citations = (await citationsFor(db.executor, [relId])).get(relId) ?? [];
    const membership = citations.find((c) => c.kind === 'record' && c.pointer === `/memberships/${index}`);
    expect(membership).toMatchObject({ kind: 'record', file: NAME, pointer: `/memberships/${index}`, version: NAME });
    expect(JSON.parse((membership as { raw: string }).raw)).toEqual(raw.memberships[index]);
    // The area and the legislative period it names are records of the fact too.
    const pointers = citations.filter((c) => c.kind === 'record').map((c) => (c as { pointer: string }).pointer);
    expect(pointers).toHaveLength(3);
    expect(pointers).toEqual(expect.arrayContaining([`/memberships/${index}`, '/events/0', expect.stringMatching(/^\/areas\/\d+$/)]));
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await dumpGraph(db.executor);
    const again = await runImport(db.executor, [{ path: FILE, name: NAME }]);
    expect(again.status).toBe('imported');
    expect(again.counts).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, recordsCreated: 0, valuesAlsoStated: 0 });
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});
