// Popolo files nobody had tried, through the public import path into a real Neo4j: a UK House of
// Commons file in EveryPolitician's style (every name in every script found by the app's search,
// dates at the precision written), the same file again (nothing changes), a newer release (a
// changed name, a new person and membership: nothing lost), and bad files that write nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { search } from '../../server/src/graph/service';
import { runImport } from '../../server/src/import/pipeline';
import type { ImportReport } from '../../server/src/import/pipeline/types';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

const FILE = path.resolve(__dirname, '../fixtures/popolo-variants/United_Kingdom_House_of_Commons.ep-popolo-v1.0.json');
const NAME = path.basename(FILE);
const ABBOTT = 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a01';
const LUCAS = 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a04';
const CORBYN = 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a05';

interface RawPerson {
  id: string;
  name: string;
  birth_date?: string;
  other_names?: Array<{ name: string; lang?: string }>;
}
interface RawFile {
  persons: RawPerson[];
  memberships: Array<Record<string, string>>;
}

let db: TestDb;
let first: ImportReport;
const dir = mkdtempSync(path.join(tmpdir(), 'popolo-variants-int-'));

async function rows(cypher: string, params: Record<string, unknown> = {}): Promise<Array<Record<string, unknown>>> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(cypher, params)).records.map((r) => r.toObject());
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
  rmSync(dir, { recursive: true, force: true });
  await db?.reset();
  await db?.close();
});

describe('a UK House of Commons file in EveryPolitician style', () => {
  it('imports every record: 4 MPs, 4 organisations, 6 seats, 6 party memberships', async () => {
    expect(first.status).toBe('imported');
    expect(first.problems).toEqual([]);
    expect(first.counts).toMatchObject({ records: 27, rejected: 0, nodesCreated: 9, relationshipsCreated: 12, recordsCreated: 27 });
    expect(first.unmapped).toMatchObject({ 'membership.end_reason': 3, 'person.contact_details': 1, 'organization.seats': 1 });
    const counts = await rows(
      'MATCH (p:Person) WITH count(p) AS persons MATCH ()-[h:HOLDS_POST]->() WITH persons, count(h) AS posts MATCH ()-[m:MEMBER_OF]->() RETURN persons, posts, count(m) AS parties',
    );
    expect(counts.map((c) => [Number(c.persons), Number(c.posts), Number(c.parties)])).toEqual([[4, 6, 6]]);
  });

  it('finds every MP under every name, in every script, through the app search', async () => {
    const raw = JSON.parse(readFileSync(FILE, 'utf8')) as RawFile;
    const missed: string[] = [];
    let searched = 0;
    for (const p of raw.persons) {
      for (const name of [p.name, ...(p.other_names ?? []).map((o) => o.name)]) {
        searched++;
        const hits = await search(db.executor, name, ['Person'], 10);
        if (hits[0]?.id !== `popolo-${p.id}`) missed.push(name);
      }
    }
    expect(searched).toBe(16);
    expect(missed).toEqual([]);
  });

  it('stores seats with their dates at the precision written, their area and term', async () => {
    const seats = await rows(
      `MATCH (:Person {id: $id})-[r:HOLDS_POST]->(o) RETURN o.name AS org, r.title AS title, toString(r.start) AS start,
         r.startPrecision AS sp, toString(r.end) AS end, r.endPrecision AS ep, r.area AS area, r.period AS period ORDER BY period`,
      { id: 'popolo-8b5d1a2c-1d3e-4f50-9a1b-2c3d4e5f6a02' },
    );
    expect(seats).toEqual([
      {
        org: 'House of Commons',
        title: 'Member',
        start: '1997-01-01',
        sp: 'year',
        end: '2001-05-01',
        ep: 'month',
        area: 'Chesterfield',
        period: '52nd Parliament of the United Kingdom',
      },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await dumpGraph(db.executor);
    const again = await runImport(db.executor, [{ path: FILE, name: NAME }]);
    expect(again.status).toBe('imported');
    expect(again.counts).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, recordsCreated: 0, valuesAlsoStated: 0 });
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('loses nothing when a newer release changes a name and adds a person and memberships', async () => {
    const raw = JSON.parse(readFileSync(FILE, 'utf8')) as RawFile;
    const lucas = raw.persons.find((p) => p.name === 'Caroline Lucas')!;
    lucas.name = 'Caroline Patricia Lucas';
    lucas.other_names = [{ name: 'Кэролайн Лукас', lang: 'ru' }];
    lucas.birth_date = '1960-12';
    raw.persons.unshift({
      id: CORBYN.replace(/^popolo-/, ''),
      name: 'Jeremy Corbyn',
      other_names: [{ name: 'Джереми Корбин', lang: 'ru' }],
    });
    // A new membership first: the entries after it move, as in a real release sorted by person.
    raw.memberships.unshift({
      person_id: CORBYN.replace(/^popolo-/, ''),
      organization_id: 'commons',
      on_behalf_of_id: 'labour',
      legislative_period_id: 'term/56',
    });
    raw.memberships.push({
      person_id: lucas.id,
      organization_id: 'commons',
      on_behalf_of_id: 'green',
      legislative_period_id: 'term/52',
      start_date: '2010-05-06',
    });
    const newer = path.join(dir, NAME);
    writeFileSync(newer, JSON.stringify(raw, null, 2));
    const before = await rows('MATCH (p)-[r]->(o) WHERE p:Person RETURN r.id AS id, properties(r) AS props');

    const report = await runImport(db.executor, [{ path: newer, name: NAME }]);
    expect(report.status).toBe('imported');
    expect(report.counts).toMatchObject({ nodesCreated: 1, relationshipsCreated: 4 });
    // Every relationship of before is there with every property it had.
    const after = new Map(
      (await rows('MATCH (p)-[r]->(o) WHERE p:Person RETURN r.id AS id, properties(r) AS props')).map((r) => [r.id, r.props]),
    );
    for (const r of before) expect(after.get(r.id)).toMatchObject(r.props as object);
    expect(after.size).toBe(before.length + 4);
    // The stored name and day-precise birth date stay; the new ones are kept beside them.
    const [node] = await rows('MATCH (p:Person {id: $id}) RETURN p.name AS name, p.aliases AS aliases, toString(p.birthDate) AS born', {
      id: LUCAS,
    });
    expect(node).toEqual({ name: 'Caroline Lucas', aliases: ['Кэролайн Лукас', 'Caroline Patricia Lucas'], born: '1960-12-09' });
    for (const q of ['Caroline Lucas', 'Caroline Patricia Lucas', 'Кэролайн Лукас'])
      expect((await search(db.executor, q, ['Person'], 5))[0]?.id).toBe(LUCAS);
    expect((await search(db.executor, 'Джереми Корбин', ['Person'], 5))[0]?.id).toBe(CORBYN);
    // Every membership fact cites only records of its own person's memberships (a record by
    // pointer would cite Abbott's old /memberships/0 for Corbyn's seat), and Lucas's new text is
    // stored beside the old one.
    const cited = await rows(
      `MATCH (p:Person)-[r]->() UNWIND r.records AS rid MATCH (rec:Record {id: rid}) WHERE rec.pointer STARTS WITH '/memberships/'
       RETURN p.id AS person, rec.raw AS raw`,
    );
    expect(cited.length).toBeGreaterThan(14);
    for (const c of cited) expect(`popolo-${(JSON.parse(c.raw as string) as { person_id: string }).person_id}`).toBe(c.person);
    const texts = await rows('MATCH (p:Person {id: $id}) UNWIND p.records AS rid MATCH (rec:Record {id: rid}) RETURN rec.raw AS raw', {
      id: LUCAS,
    });
    expect(texts.map((t) => (JSON.parse(t.raw as string) as { name: string }).name).sort()).toEqual([
      'Caroline Lucas',
      'Caroline Patricia Lucas',
    ]);
    // Abbott's names are all still found.
    expect((await search(db.executor, 'დაიან ებოტი', ['Person'], 5))[0]?.id).toBe(ABBOTT);
  });
});

describe('bad files write nothing', () => {
  it('a file with records that are not objects is refused whole, each named by line and pointer', async () => {
    const before = await dumpGraph(db.executor);
    const bad = path.join(dir, 'odd.popolo.json');
    writeFileSync(
      bad,
      '{\n  "persons": [\n    {"id": "a", "name": "Ana"},\n    "b"\n  ],\n  "memberships": [\n    {"person_id": "a", "organization_id": "nowhere"}\n  ]\n}\n',
    );
    const report = await runImport(db.executor, [{ path: bad, name: 'odd.popolo.json' }]);
    expect(report.status).toBe('rejected');
    const examples = report.problems.flatMap((g) => g.examples.map((e) => [g.rule, e.file, e.line]));
    expect(examples).toEqual(
      expect.arrayContaining([
        ['invalid_type', 'odd.popolo.json', 4],
        ['unknown_reference', 'odd.popolo.json', 7],
      ]),
    );
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('a file that is not Popolo is refused with its name and what it holds', async () => {
    const before = await dumpGraph(db.executor);
    const wrapped = path.join(dir, 'wrapped.popolo.json');
    writeFileSync(wrapped, '{"data": {"persons": []}}');
    await expect(runImport(db.executor, [{ path: wrapped, name: 'wrapped.popolo.json' }], { format: 'popolo' })).rejects.toThrow(
      /^wrapped\.popolo\.json: no Popolo collection .*its keys are data\.$/,
    );
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});
