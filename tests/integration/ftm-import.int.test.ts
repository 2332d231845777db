// The OpenSanctions-style FtM fixture (tests/fixtures/ftm/peps.ftm.jsonl) through runImport into a
// real Neo4j: atomic by default, so its broken lines reject the whole file; with --skip-invalid the
// valid entities land, the rejected lines go unchanged to the quarantine file; a name in another
// script is found by the app's search; a post cites its Occupancy's and its Position's lines; a
// re-import changes nothing; and a link to an organisation defined elsewhere is accepted once the
// database has it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { citationsFor, search } from '../../server/src/graph/service';
import { runImport } from '../../server/src/import/pipeline';
import type { ImportReport } from '../../server/src/import/pipeline/types';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';

const FILE = path.resolve(__dirname, '../fixtures/ftm/peps.ftm.jsonl');
const NAME = path.basename(FILE);
const LINES = readFileSync(FILE, 'utf8').split('\n');

let db: TestDb;
let dir: string;
let first: ImportReport;

async function rows(cypher: string, params: Record<string, unknown> = {}): Promise<unknown[][]> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(cypher, params)).records.map((r) => r.keys.map((k) => r.get(k) as unknown));
  } finally {
    await session.close();
  }
}

const importFixture = (quarantineFile: string) =>
  runImport(db.executor, [{ path: FILE, name: NAME }], { skipInvalid: true, quarantineFile });

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ftm-int-'));
});

afterAll(async () => {
  await db?.reset();
  await db?.close();
});

describe('importing FollowTheMoney entities', () => {
  it('rejects the whole file by default, naming each broken line', async () => {
    const report = await runImport(db.executor, [{ path: FILE, name: NAME }]);
    expect(report.status).toBe('rejected');
    const errors = report.problems.filter((p) => p.severity === 'error');
    expect(Object.fromEntries(errors.map((p) => [p.rule, p.examples.map((e) => e.line)]))).toEqual({
      invalid_json: [14],
      unknown_schema: [28],
      unknown_reference: [22, 23],
    });
    expect(await rows('MATCH (n:Entity) RETURN count(n)')).toEqual([[expect.objectContaining({ low: 0 })]]);
  });

  it('imports the valid entities with --skip-invalid and quarantines exactly the rejected lines', async () => {
    const quarantine = path.join(dir, 'first.quarantine.jsonl');
    first = await importFixture(quarantine);
    expect(first.status).toBe('imported');
    expect(first.counts).toMatchObject({ records: 28, skipped: 3, rejected: 4 });
    expect(first.unmapped).toMatchObject({ Vessel: 1, Sanction: 1, Ownership: 1, 'Person.position': 1, 'Occupancy.status': 2 });
    const warnings = first.problems.filter((p) => p.severity === 'warning').map((p) => [p.rule, p.count]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        ['unknown_country', 2],
        ['date_format', 1],
        ['unmapped_reference', 2],
      ]),
    );
    expect(readFileSync(quarantine, 'utf8').split(/\r?\n/).filter(Boolean)).toEqual([LINES[13], LINES[27], LINES[21], LINES[22]]);

    const labels = await rows('MATCH (n:Entity) WHERE n.id STARTS WITH "ftm-" RETURN labels(n)[1] AS label, count(*) AS n ORDER BY label');
    expect(labels.map(([l, n]) => [l, Number(n)])).toEqual([
      ['Meeting', 2],
      ['Organization', 4],
      ['Person', 4],
      ['Source', 1],
    ]);
    const rels = await rows('MATCH ()-[r]->() WHERE r.id STARTS WITH "ftm-" RETURN type(r) AS t, count(*) AS n ORDER BY t');
    expect(rels.map(([t, n]) => [t, Number(n)])).toEqual([
      ['HOLDS_POST', 4],
      ['KNOWS', 2],
      ['MEMBER_OF', 1],
      ['TAKES_PART', 5],
    ]);
  });

  it('stores exact facts: a minister’s post at the ministry with its date, a Company’s director', async () => {
    const posts = await rows(
      'MATCH (p:Person)-[r:HOLDS_POST]->(o:Organization) RETURN p.name, r.title, o.name, o.kind, toString(r.start), r.startPrecision ORDER BY r.id',
    );
    expect(posts).toEqual([
      ['Leyla Həsənova', 'Chair of the Supervisory Board', 'Caspian Build LLC', 'company', '2016-02-01', 'day'],
      ['Elnur Kərimov', 'Chief Accountant', 'Caspian Build LLC', 'company', '2012-01-01', 'month'],
      [
        'Anar Məmmədov',
        'Member of the National Assembly of Azerbaijan',
        'Member of the National Assembly of Azerbaijan',
        'parliament',
        '2010-11-01',
        'month',
      ],
      ['Leyla Həsənova', 'Minister of Culture', 'Ministry of Culture of the Republic of Azerbaijan', 'state_body', '2018-04-21', 'day'],
    ]);
  });

  it('finds a PEP by an alias in Cyrillic through the app search', async () => {
    const hits = await search(db.executor, 'Анар Мамедов', ['Person'], 10);
    expect(hits[0]).toMatchObject({ id: 'ftm-os-pep-1', name: 'Anar Məmmədov', country: 'AZ' });
  });

  it('cites the lines a post was read from (its Occupancy and its Position) and the quote of a Documentation', async () => {
    const citations = (await citationsFor(db.executor, ['ftm-os-occ-1', 'ftm-os-ev-1'])) ?? new Map();
    const post = (citations.get('ftm-os-occ-1') ?? []).map((c) => (c.kind === 'record' ? [c.file, c.line, c.recordId, c.raw] : c.kind));
    expect(post).toEqual(
      expect.arrayContaining([
        [NAME, 3, 'os-occ-1', LINES[2]],
        [NAME, 2, 'os-pos-1', LINES[1]],
      ]),
    );
    expect(post).toHaveLength(2);
    const forum = citations.get('ftm-os-ev-1') ?? [];
    expect(forum.find((c) => c.kind === 'quote')).toMatchObject({
      quote: 'The Caspian Culture Forum opened in Baku on 4 September.',
      status: 'reported',
    });
    expect(forum.find((c) => c.kind === 'record')).toMatchObject({ file: NAME, line: 12, recordId: 'os-ev-1' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await dumpGraph(db.executor);
    const again = await importFixture(path.join(dir, 'again.quarantine.jsonl'));
    expect(again.counts).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, recordsCreated: 0, valuesAlsoStated: 0, rejected: 4 });
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('accepts a link to an organisation defined in another file once the database has it', async () => {
    const other = path.join(dir, 'elsewhere.ftm.json');
    writeFileSync(
      other,
      JSON.stringify([
        { id: 'os-org-elsewhere', schema: 'Organization', properties: { name: ['Caspian Friendship Society'], classification: ['NGO'] } },
      ]),
    );
    // A JSON array: the format is named (detection sniffs JSON lines).
    const added = await runImport(db.executor, [{ path: other, name: 'elsewhere.ftm.json' }], { format: 'ftm' });
    expect(added.status).toBe('imported');
    const third = await importFixture(path.join(dir, 'third.quarantine.jsonl'));
    expect(third.counts).toMatchObject({ rejected: 3, relationshipsCreated: 1 });
    expect(await rows('MATCH (:Person {id: "ftm-os-pep-1"})-[r:MEMBER_OF]->(o) RETURN o.name, o.kind, toString(r.start)')).toEqual([
      ['Caspian Friendship Society', 'ngo', '2005-01-01'],
    ]);
  });
});
