// The read side of record provenance and lossless merges, against a real Neo4j: a fact cited by a
// record of a dataset answers its record (file, line, raw text) beside its quotes; alsoStated comes
// back parsed with the titles of its sources; the library treats organisations as participants;
// and the exports carry records (CSV zip round trip, Cypher script). The stored shapes are the
// team's contract, written here with plain Cypher so the read side is tested on its own.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';

import { cypher as cypherFile } from '../../server/src/db/cypher-files';
import { CSV_FILES } from '../../server/src/export/csv';
import type { ApiNode, ApiRecordCitation } from '../../server/src/graph/api-types';
import { citationsFor, getNode, neighbors } from '../../server/src/graph/service';
import { citationId } from '../../server/src/import/bundle';
import { csvZipToBundle } from '../../server/src/import/csv';
import { recordNodeId } from '../../server/src/import/pipeline/types';
import { setLogLevel } from '../../server/src/log';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve } from '../support/http';

const TOKEN = 'provenance-read-token-0123456789';
const DATASET = 'src-cabinet-office-meetings-2014';
const REGISTER = 'src-party-register';
const FILE = 'pm-meetings_0_0.csv';
// Record ids as every import derives them: from the source and the record's place.
const REC_MAUDE = recordNodeId(DATASET, { file: FILE, line: 4 });
const REC_TILRAY = recordNodeId(DATASET, { file: FILE, line: 5, recordId: 'CO-2014-17' });
const QUOTE = 'Francis Maude, Minister for the Cabinet Office';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

/**
 * A minister, a company and a colleague at one meeting, read from the Cabinet Office's file: every
 * fact lists its records; Maude's nationality was stated differently by a second source; Maude's
 * post and party membership; and one quote beside the records, so both kinds meet on one fact.
 */
const FIXTURE = `
CREATE (ds:Entity:Source {id: $dataset, title: "Cabinet Office, ministers' meetings", publisher: 'Cabinet Office',
        url: 'https://www.gov.uk/government/collections/ministers-transparency-publications', kind: 'dataset',
        version: '2014-Q1', retrieved: date('2024-05-01'), retrievedPrecision: 'month', licence: 'OGL-UK-3.0'})
CREATE (reg:Entity:Source {id: $register, title: 'Party register', publisher: 'Electoral Commission', kind: 'register'})
CREATE (r1:Record {id: $recMaude, source: $dataset, file: 'pm-meetings_0_0.csv', line: 4, row: 3,
        raw: 'Francis Maude,Jan-14,Tilray,Medical cannabis'})-[:CITES]->(ds)
CREATE (r2:Record {id: $recTilray, source: $dataset, file: 'pm-meetings_0_0.csv', line: 5, row: 4, recordId: 'CO-2014-17',
        raw: ',,Tilray,Exports'})-[:CITES]->(ds)
CREATE (maude:Entity:Person {id: 'person-maude', name: 'Francis Maude', nationality: 'GB', citationStatus: 'reported',
        records: [$recMaude],
        alsoStated: ['{"property":"nationality","value":"AM","sources":["' + $register + '"]}', 'not json']})
CREATE (bloggs:Entity:Person {id: 'person-bloggs', name: 'Jo Bloggs', citationStatus: 'reported', records: [$recMaude]})
CREATE (tilray:Entity:Organization {id: 'org-tilray', name: 'Tilray', kind: 'company', country: 'CA', citationStatus: 'reported',
        records: [$recMaude, $recTilray]})
CREATE (co:Entity:Organization {id: 'org-cabinet-office', name: 'Cabinet Office', kind: 'ministry', country: 'GB',
        citationStatus: 'reported', records: [$recMaude]})
CREATE (party:Entity:Organization {id: 'org-conservatives', name: 'Conservative Party', kind: 'party', country: 'GB',
        citationStatus: 'reported', records: [$recMaude]})
CREATE (m:Entity:Meeting {id: 'meeting-maude-tilray-2014-01', title: 'Francis Maude meets Tilray', kind: 'talks', status: 'held',
        date: date('2014-01-01'), datePrecision: 'month', citationStatus: 'reported', records: [$recMaude]})
CREATE (maude)-[:TAKES_PART {id: 'tp-maude', role: 'participant', citationStatus: 'reported', records: [$recMaude]}]->(m)
CREATE (bloggs)-[:TAKES_PART {id: 'tp-bloggs', role: 'participant', citationStatus: 'reported', records: [$recMaude]}]->(m)
CREATE (tilray)-[:TAKES_PART {id: 'tp-tilray', role: 'representative', citationStatus: 'reported', records: [$recMaude, $recTilray],
        alsoStated: ['{"property":"role","value":"guest","sources":["' + $dataset + '"]}']}]->(m)
CREATE (maude)-[:HOLDS_POST {id: 'post-maude-co', title: 'Minister for the Cabinet Office', citationStatus: 'reported', records: [$recMaude]}]->(co)
CREATE (maude)-[:MEMBER_OF {id: 'member-maude-conservatives', start: date('1980-01-01'), startPrecision: 'year',
        citationStatus: 'reported', records: [$recMaude]}]->(party)
CREATE (:Citation {id: $quoteId, factId: 'person-maude', factKind: 'node', quote: $quote,
        status: 'reported', lang: 'en'})-[:CITES]->(ds)
FOREACH (n IN [['person-maude', 'Person'], ['person-bloggs', 'Person'], ['org-tilray', 'Organization'], ['org-cabinet-office', 'Organization'],
        ['org-conservatives', 'Organization'], ['meeting-maude-tilray-2014-01', 'Meeting'], [$dataset, 'Source'], [$register, 'Source']] |
  CREATE (:IdClaim {factId: n[0], kind: 'node', type: n[1]}))
FOREACH (r IN [['tp-maude', 'TAKES_PART', 'person-maude', 'meeting-maude-tilray-2014-01'],
        ['tp-bloggs', 'TAKES_PART', 'person-bloggs', 'meeting-maude-tilray-2014-01'],
        ['tp-tilray', 'TAKES_PART', 'org-tilray', 'meeting-maude-tilray-2014-01'],
        ['post-maude-co', 'HOLDS_POST', 'person-maude', 'org-cabinet-office'],
        ['member-maude-conservatives', 'MEMBER_OF', 'person-maude', 'org-conservatives']] |
  CREATE (:IdClaim {factId: r[0], kind: 'relationship', type: r[1], source: r[2], target: r[3]}))
`;

/** Plain Cypher for the tests' own set-up and checks (the app runs only named statements). */
async function cypher(text: string, params: Record<string, unknown> = {}) {
  const session = db.driver.session();
  try {
    return await session.executeWrite((tx) => tx.run(text, params));
  } finally {
    await session.close();
  }
}

async function loadFixture(): Promise<void> {
  await db.reset();
  await cypher(FIXTURE, {
    dataset: DATASET,
    register: REGISTER,
    recMaude: REC_MAUDE,
    recTilray: REC_TILRAY,
    quote: QUOTE,
    quoteId: citationId('person-maude', DATASET, QUOTE),
  });
}

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await loadFixture();
  server = await serve({
    executor: db.executor,
    config: {
      LIAISON_API_TOKEN: TOKEN,
      LIAISON_DATA_DIR: '/nonexistent',
      LIAISON_IMPORT_MAX_BYTES: 10_000_000,
      LIAISON_CYPHER_RATE_PER_MINUTE: 10_000,
    },
  });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  setLogLevel('info');
});

const records = (citations: Array<{ kind: string }>) => citations.filter((c): c is ApiRecordCitation => c.kind === 'record');

describe('a fact cited by records', () => {
  it('GET /api/nodes/:id answers its record with the dataset, the place in the file and the raw text, beside its quote', async () => {
    const res = await fetch(`${server.url}/api/nodes/person-maude`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Awaited<ReturnType<typeof getNode>>;
    expect(body.citations.map((c) => c.kind)).toEqual(['quote', 'record']);
    expect(body.citations[1]).toEqual({
      kind: 'record',
      sourceId: DATASET,
      title: "Cabinet Office, ministers' meetings",
      publisher: 'Cabinet Office',
      url: 'https://www.gov.uk/government/collections/ministers-transparency-publications',
      published: null,
      status: 'reported',
      record: REC_MAUDE,
      file: 'pm-meetings_0_0.csv',
      line: 4,
      row: 3,
      recordId: null,
      pointer: null,
      raw: 'Francis Maude,Jan-14,Tilray,Medical cannabis',
      version: '2014-Q1',
      retrieved: '2024-05',
      licence: 'OGL-UK-3.0',
    });
    expect(body.citations[0]).toMatchObject({ kind: 'quote', quote: 'Francis Maude, Minister for the Cabinet Office', lang: 'en' });
    // Derived storage stays out of the properties: records are citations, alsoStated has its own field.
    expect(Object.keys(body.properties).sort()).toEqual(['name', 'nationality']);
  });

  it('parses alsoStated with the titles of its sources, skipping an entry that is not JSON', async () => {
    const node = await getNode(db.executor, 'person-maude');
    expect(node.properties.nationality).toBe('GB');
    expect(node.alsoStated).toEqual([{ property: 'nationality', value: 'AM', sources: [{ id: REGISTER, title: 'Party register' }] }]);
    const bloggs = await getNode(db.executor, 'person-bloggs');
    expect(bloggs.alsoStated).toBeUndefined();
  });

  it('gives relationships their records through the id claim, in file order, and neighbours carry them', async () => {
    const cites = await citationsFor(db.executor, ['tp-tilray', 'org-tilray', 'no-such-fact']);
    expect(records(cites.get('tp-tilray') ?? []).map((c) => [c.record, c.line, c.recordId])).toEqual([
      [REC_MAUDE, 4, null],
      [REC_TILRAY, 5, 'CO-2014-17'],
    ]);
    expect(cites.get('org-tilray')).toHaveLength(2);
    expect(cites.has('no-such-fact')).toBe(false);

    const page = await neighbors(db.executor, 'meeting-maude-tilray-2014-01', ['TAKES_PART'], 10);
    const tilray = page.edges.find((e) => e.id === 'tp-tilray')!;
    expect(records(tilray.citations ?? []).map((c) => c.file)).toEqual(['pm-meetings_0_0.csv', 'pm-meetings_0_0.csv']);
    expect(tilray.alsoStated).toEqual([
      { property: 'role', value: 'guest', sources: [{ id: DATASET, title: "Cabinet Office, ministers' meetings" }] },
    ]);
    expect(tilray.properties).toEqual({ role: 'representative' });
  });
});

/** The researcher's example of docs/notes/read-side.md (for the README): both kinds, one row shape. */
const EXAMPLE = `MATCH (:Person {id: $person})-[r:TAKES_PART]->(m:Meeting)
CALL (r) {
  MATCH (c:Citation {factId: r.id})-[:CITES]->(s:Source)
  RETURN 'quote' AS kind, c.status AS status, c.quote AS quote, null AS file, null AS line, s
  UNION ALL
  MATCH (rec:Record)-[:CITES]->(s:Source)
  WHERE rec.id IN coalesce(r.records, [])
  RETURN 'record' AS kind, 'reported' AS status, null AS quote, rec.file AS file, rec.line AS line, s
}
RETURN m.title, r.citationStatus, kind, status, quote, file, line, s.title, s.publisher`;

describe('the citation statements', () => {
  it('the README example runs in the console and answers records in the same columns as quotes', async () => {
    const res = await fetch(`${server.url}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: EXAMPLE, params: { person: 'person-maude' } }),
    });
    const body = (await res.json()) as { columns: string[]; rows: unknown[][] };
    expect(res.status).toBe(200);
    expect(body.columns).toEqual(['m.title', 'r.citationStatus', 'kind', 'status', 'quote', 'file', 'line', 's.title', 's.publisher']);
    expect(body.rows).toEqual([
      [
        'Francis Maude meets Tilray',
        'reported',
        'record',
        'reported',
        null,
        FILE,
        4,
        "Cabinet Office, ministers' meetings",
        'Cabinet Office',
      ],
    ]);
  });

  it("the console's graph gives alsoStated with its sources' titles, as the explorer does", async () => {
    const res = await fetch(`${server.url}/api/cypher`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: "MATCH (p:Person {id: 'person-maude'}) RETURN p", params: {} }),
    });
    const body = (await res.json()) as { graph: { nodes: ApiNode[] } };
    expect(res.status).toBe(200);
    expect(body.graph.nodes.find((n) => n.id === 'person-maude')?.alsoStated).toEqual([
      { property: 'nationality', value: 'AM', sources: [{ id: REGISTER, title: 'Party register' }] },
    ]);
  });

  /** Every operator of a plan tree, by name. */
  const operators = (plan: { operatorType: string; children: unknown[] }): string[] => [
    plan.operatorType,
    ...(plan.children as Array<typeof plan>).flatMap(operators),
  ];

  it.each(['queries/citations-for-facts', 'queries/citations-behind'])(
    '%s seeks facts, records and relationships by index, scanning no label or relationship type',
    async (name) => {
      const session = db.driver.session();
      try {
        const result = await session.run(`EXPLAIN ${cypherFile(name).text}`, { factIds: ['x'], ids: ['x'] });
        const ops = operators(result.summary.plan as unknown as { operatorType: string; children: unknown[] });
        expect(ops.some((op) => /IndexSeek/.test(op))).toBe(true);
        expect(ops.filter((op) => /AllNodesScan|NodeByLabelScan|RelationshipTypeScan|AllRelationshipsScan/.test(op))).toEqual([]);
      } finally {
        await session.close();
      }
    },
  );
});

interface Answer {
  status: number;
  columns: string[];
  rows: unknown[][];
  graph: { nodes: Array<{ id: string }>; edges: Array<{ id: string; citations: Array<{ kind: string }> }> };
}

async function run(name: string, params: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${server.url}/api/queries/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ params }),
  });
  const body = (await res.json()) as Omit<Answer, 'status'>;
  return { status: res.status, ...body };
}

const column = (a: Answer, name: string): any[] => {
  const i = a.columns.indexOf(name);
  if (i < 0) throw new Error(`no column ${name} in ${a.columns.join(', ')}`);
  return a.rows.map((r) => r[i]);
};

describe('library queries', () => {
  it('citations-behind: quotes and records in one row shape', async () => {
    const res = await run('citations-behind', { ids: ['person-maude', 'tp-tilray'] });
    expect(res.status).toBe(200);
    expect(column(res, 'factId')).toEqual(['person-maude', 'person-maude', 'tp-tilray', 'tp-tilray']);
    expect(column(res, 'kind')).toEqual(['quote', 'record', 'record', 'record']);
    expect(column(res, 'factKind')).toEqual(['node', 'node', 'relationship', 'relationship']);
    expect(column(res, 'quote')).toEqual(['Francis Maude, Minister for the Cabinet Office', null, null, null]);
    expect(column(res, 'line')).toEqual([null, 4, 4, 5]);
    expect(column(res, 'recordId')).toEqual([null, null, null, 'CO-2014-17']);
    expect(column(res, 'licence')).toEqual(['OGL-UK-3.0', 'OGL-UK-3.0', 'OGL-UK-3.0', 'OGL-UK-3.0']);
    expect(column(res, 'retrieved')[0]).toBe('2024-05');
    expect(res.graph.edges.map((e) => e.id)).toEqual(['tp-tilray']);
    expect(res.graph.edges[0]!.citations.map((c) => c.kind)).toEqual(['record', 'record']);
  });

  it('people-met: who Francis Maude met includes the company', async () => {
    const res = await run('people-met', { person: 'Francis Maude', from: '2014-01', to: '2014-03' });
    expect(column(res, 'person').map((p: { id: string }) => p.id)).toEqual(['person-bloggs', 'org-tilray']);
    expect(column(res, 'type')).toEqual(['Person', 'Organization']);
    // And the other way: who the company met.
    const tilray = await run('people-met', { person: 'org-tilray' });
    expect(column(tilray, 'person').map((p: { id: string }) => p.id)).toEqual(['person-maude', 'person-bloggs']);
  });

  it('co-attendance: the Cabinet Office minister met the company; members count as officials of their party', async () => {
    const res = await run('co-attendance', { organization: 'org-cabinet-office' });
    const pairs = res.rows.map((_, i) => `${column(res, 'official')[i].id}~${column(res, 'attendedWith')[i].id}`).sort();
    expect(pairs).toEqual(['person-maude~org-tilray', 'person-maude~person-bloggs']);
    expect(column(res, 'attendedWithType').sort()).toEqual(['Organization', 'Person']);
    const party = await run('co-attendance', { organization: 'Conservative Party' });
    expect(column(party, 'posts')).toEqual([['member'], ['member']]);
  });

  it('most-connected: an organisation counts as a participant', async () => {
    const res = await run('most-connected', { from: '2014', to: '2014' });
    const byId = Object.fromEntries(res.rows.map((_, i) => [column(res, 'person')[i].id, i]));
    expect(Object.keys(byId).sort()).toEqual(['org-tilray', 'person-bloggs', 'person-maude']);
    const maude = byId['person-maude']!;
    expect([column(res, 'participantsMet')[maude], column(res, 'peopleMet')[maude], column(res, 'organizationsMet')[maude]]).toEqual([
      2, 1, 1,
    ]);
    expect(column(res, 'type')[byId['org-tilray']!]).toBe('Organization');
  });

  it('meetings-between and country-meetings: a company is a side of a meeting', async () => {
    const between = await run('meetings-between', { a: 'Francis Maude', b: 'Tilray' });
    expect(column(between, 'meeting').map((m: { id: string }) => m.id)).toEqual(['meeting-maude-tilray-2014-01']);
    expect(column(between, 'roleB')).toEqual(['representative']);
    const countries = await run('country-meetings', { countryA: 'GB', countryB: 'CA' });
    expect(column(countries, 'peopleA')).toEqual([['Francis Maude']]);
    expect(column(countries, 'peopleB')).toEqual([['Tilray']]);
  });

  it('post-holders: members beside holders of posts, unless left out', async () => {
    const res = await run('post-holders', { organization: 'org-conservatives', date: '2014' });
    expect(column(res, 'person').map((p: { id: string }) => p.id)).toEqual(['person-maude']);
    expect([column(res, 'link')[0], column(res, 'title')[0], column(res, 'start')[0]]).toEqual(['MEMBER_OF', 'member', '1980']);
    expect((await run('post-holders', { organization: 'org-conservatives', date: '2014', includeMembers: false })).rows).toEqual([]);
    expect((await run('post-holders', { organization: 'org-conservatives', date: '1979' })).rows).toEqual([]);
  });
});

async function exportOf(format: string): Promise<Response> {
  const res = await fetch(`${server.url}/api/export?node=meeting-maude-tilray-2014-01&hops=2&format=${format}`);
  if (res.status !== 200) throw new Error(`export ${format}: ${res.status} ${await res.text()}`);
  return res;
}

describe('exports carry record citations', () => {
  it('CSV zip: citations.csv has a row per record, with its place and raw text, and reads back', async () => {
    const zip = Buffer.from(await (await exportOf('csv')).arrayBuffer());
    const text = await (await JSZip.loadAsync(zip)).file(CSV_FILES.citations)!.async('string');
    const rows = parse(text, { columns: true, bom: true }) as Array<Record<string, string>>;
    const tilray = rows.filter((r) => r.factId === 'tp-tilray');
    expect(tilray.map((r) => [r.kind, r.record, r.file, r.line, r.row, r.recordId, r.raw, r.source_licence])).toEqual([
      ['record', REC_MAUDE, 'pm-meetings_0_0.csv', '4', '3', '', 'Francis Maude,Jan-14,Tilray,Medical cannabis', 'OGL-UK-3.0'],
      ['record', REC_TILRAY, 'pm-meetings_0_0.csv', '5', '4', 'CO-2014-17', ',,Tilray,Exports', 'OGL-UK-3.0'],
    ]);
    expect(rows.filter((r) => r.kind === 'quote').map((r) => r.factId)).toEqual(['person-maude']);

    const { bundle } = await csvZipToBundle(zip);
    const tp = bundle.relationships.find((r) => r.id === 'tp-tilray')!;
    expect(tp.citations).toEqual([
      { source: DATASET, record: { file: FILE, line: 4, row: 3, raw: 'Francis Maude,Jan-14,Tilray,Medical cannabis' } },
      { source: DATASET, record: { file: FILE, line: 5, row: 4, recordId: 'CO-2014-17', raw: ',,Tilray,Exports' } },
    ]);
    expect(bundle.nodes.find((n) => n.id === 'person-maude')!.citations).toEqual([
      { source: DATASET, quote: QUOTE, status: 'reported', lang: 'en' },
      { source: DATASET, record: { file: FILE, line: 4, row: 3, raw: 'Francis Maude,Jan-14,Tilray,Medical cannabis' } },
    ]);
  });

  it('CSV zip: exported, imported into an empty database, gives every fact the same citations of both kinds and the same alsoStated', async () => {
    const zip = Buffer.from(await (await exportOf('csv')).arrayBuffer());
    const doc = (await (await exportOf('json')).json()) as {
      elements: { nodes: Array<{ data: { id: string } }>; edges: Array<{ data: { id: string } }> };
      sources: Array<{ id: string }>;
    };
    // The party register is cited by no fact of the export, but alsoStated names it: it comes along.
    expect(doc.sources.map((s) => s.id)).toEqual([DATASET, REGISTER]);
    const ids = [...doc.elements.nodes, ...doc.elements.edges].map((e) => e.data.id).sort();
    expect(ids).toEqual(expect.arrayContaining(['person-maude', 'org-tilray', 'tp-tilray', 'member-maude-conservatives']));
    const before = await citationsFor(db.executor, ids);
    const nodesBefore = await Promise.all(doc.elements.nodes.map((n) => getNode(db.executor, n.data.id)));
    await db.reset();
    try {
      const imported = await fetch(`${server.url}/api/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}` },
        body: zip,
      });
      expect([imported.status, imported.status === 200 ? '' : await imported.text()]).toEqual([200, '']);
      const after = await citationsFor(db.executor, ids);
      expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
      expect(records(after.get('tp-tilray')!).map((c) => [c.record, c.line, c.recordId, c.raw])).toEqual([
        [REC_MAUDE, 4, null, 'Francis Maude,Jan-14,Tilray,Medical cannabis'],
        [REC_TILRAY, 5, 'CO-2014-17', ',,Tilray,Exports'],
      ]);
      const nodesAfter = await Promise.all(doc.elements.nodes.map((n) => getNode(db.executor, n.data.id)));
      // alsoStated included, with its sources' titles (the entry that is not JSON was never read as one).
      expect(nodesAfter).toEqual(nodesBefore);
      expect(nodesAfter.find((n) => n.id === 'person-maude')!.alsoStated).toEqual([
        { property: 'nationality', value: 'AM', sources: [{ id: REGISTER, title: 'Party register' }] },
      ]);
      // Edges too, and the sources: the JSON export of the new database is the old one's.
      const again = (await (await exportOf('json')).json()) as typeof doc;
      expect([again.elements, again.sources]).toEqual([doc.elements, doc.sources]);

      // Exports that reproduce: the new database exports the same files, and importing them into it changes nothing.
      const second = Buffer.from(await (await exportOf('csv')).arrayBuffer());
      const files = async (data: Buffer) => {
        const unzipped = await JSZip.loadAsync(data);
        return Promise.all(Object.values(CSV_FILES).map((name) => unzipped.file(name)!.async('string')));
      };
      expect(await files(second)).toEqual(await files(zip));
      const stored = await dumpGraph(db.executor);
      expect(stored).toContain('"alsoStated":["{\\"property\\":\\"nationality\\",\\"value\\":\\"AM\\"');
      const reimported = await fetch(`${server.url}/api/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}` },
        body: second,
      });
      expect(reimported.status).toBe(200);
      expect(((await reimported.json()) as { summary: { nodesCreated: number; valuesAlsoStated: number } }).summary).toMatchObject({
        nodesCreated: 0,
        valuesAlsoStated: 0,
      });
      expect(await dumpGraph(db.executor)).toBe(stored);
    } finally {
      await loadFixture();
    }
  });

  it('GEXF, GraphML and Cytoscape JSON carry the records as attributes', async () => {
    const doc = (await (await exportOf('json')).json()) as {
      elements: { edges: Array<{ data: { id: string; citations: Array<{ kind: string; line?: number }> } }> };
    };
    const tp = doc.elements.edges.find((e) => e.data.id === 'tp-tilray')!;
    expect((tp.data as { alsoStated?: unknown }).alsoStated).toEqual([
      { property: 'role', value: 'guest', sources: [{ id: DATASET, title: "Cabinet Office, ministers' meetings" }] },
    ]);
    expect(tp.data.citations.map((c) => [c.kind, c.line])).toEqual([
      ['record', 4],
      ['record', 5],
    ]);
    const graphml = await (await exportOf('graphml')).text();
    expect(graphml).toContain('"recordId":"CO-2014-17"');
    expect(graphml).toMatch(/record pm-meetings_0_0\.csv, line 5, record CO-2014-17/);
    const gexf = await (await exportOf('gexf')).text();
    expect(gexf).toContain('attribute id="records"');
    expect(gexf).toContain('&quot;property&quot;:&quot;role&quot;');
  });

  it('citation lists name the record and show it as read', async () => {
    const md = await (await exportOf('citations-md')).text();
    expect(md).toContain('Record pm-meetings\\_0\\_0.csv, line 5, record CO-2014-17');
    expect(md).toContain('version 2014-Q1, retrieved 2024-05, licence OGL-UK-3.0');
    const html = await (await exportOf('citations-html')).text();
    expect(html).toContain('<summary>The record as read</summary><pre>,,Tilray,Exports</pre>');
  });

  it('FtM: a record is a Documentation of the dataset Document, with its record id', async () => {
    const lines = (await (await exportOf('ftm')).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    expect(lines.find((e) => e.id === DATASET)).toMatchObject({
      schema: 'Document',
      properties: { retrievedAt: ['2024-05'], description: ['Version: 2014-Q1. Licence: OGL-UK-3.0.'] },
    });
    const docs = lines.filter((e) => e.schema === 'Documentation' && e.properties.recordId?.includes('CO-2014-17'));
    expect(docs.length).toBeGreaterThan(0);
    expect(docs[0]!.properties).toMatchObject({ document: [DATASET], summary: [',,Tilray,Exports'], retrievedAt: ['2024-05'] });
  });

  it('Cypher script: re-creates the Record nodes and the facts’ records, exactly as stored', async () => {
    const script = await (await exportOf('cypher')).text();
    expect(script).toMatch(/records of datasets/);
    const before = await dumpGraph(db.executor);
    await db.reset();
    try {
      const session = db.driver.session();
      try {
        const params: Record<string, unknown> = {};
        let statement: string[] = [];
        for (const line of script.split('\n')) {
          if (statement.length === 0 && (line.startsWith('//') || line.trim() === '')) continue;
          const param = /^:param\s+(\w+)\s*=>\s*(.+)$/.exec(line);
          if (param) {
            params[param[1]!] = (await session.run(`RETURN ${param[2]} AS value`)).records[0]!.get('value');
            continue;
          }
          statement.push(line);
          if (line.trimEnd().endsWith(';')) {
            await session.run(statement.join('\n').trimEnd().replace(/;$/, ''), params);
            statement = [];
          }
        }
      } finally {
        await session.close();
      }
      const counts = (
        await cypher(
          `MATCH (rec:Record)-[:CITES]->(s:Source) WITH rec ORDER BY rec.id
           RETURN collect([rec.id, rec.file, rec.line, rec.recordId, rec.raw]) AS recs`,
        )
      ).records[0]!.get('recs') as unknown[][];
      expect(counts.map((r) => r.map((v) => (typeof v === 'object' && v !== null ? Number(v) : v)))).toEqual([
        [REC_MAUDE, 'pm-meetings_0_0.csv', 4, null, 'Francis Maude,Jan-14,Tilray,Medical cannabis'],
        [REC_TILRAY, 'pm-meetings_0_0.csv', 5, 'CO-2014-17', ',,Tilray,Exports'],
      ]);
      const node = await getNode(db.executor, 'org-tilray');
      expect(records(node.citations).map((c) => c.record)).toEqual([REC_MAUDE, REC_TILRAY]);
      const edges = await citationsFor(db.executor, ['tp-tilray']);
      expect(records(edges.get('tp-tilray')!).map((c) => c.line)).toEqual([4, 5]);
      // Everything comes back as stored, alsoStated as it was (the entry that is not JSON too), and
      // the party register with its id claim: no fact of the export cites it, but alsoStated names it.
      expect(JSON.parse(await dumpGraph(db.executor))).toEqual(JSON.parse(before));
      expect(before).toContain(REGISTER);
    } finally {
      await loadFixture();
    }
  });
});
