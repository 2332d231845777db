// Exports carry the judgements about what they export (issue 10, item 3), against a real Neo4j: the
// demo and a register restating Pashinyan under another id; "same" merges the two, "not same" and an
// undone "unsure" name a neighbour, and a "not same" from before the merge names the merged-away id. The 1-hop neighbourhood's CSV zip has them in judgements.csv,
// the JSON in `judgements` and `mergedIds`, the Cypher script recreates the (:Judgement) and
// (:MergedId) nodes, and FtM lists the merged id as the entity's `referents`. An export that no
// judgement names has a judgements.csv of the header only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import JSZip from 'jszip';
import type { Node } from 'neo4j-driver';

import { toJson } from '../../server/src/db/values';
import type { LiaisonCytoscapeDocument } from '../../server/src/export/cytoscape-json';
import type { FtmEntity } from '../../server/src/export/ftm';
import { importBundle } from '../../server/src/import/bundle';
import { judge, undoJudgement } from '../../server/src/resolve/judgements';
import type { Judgement } from '../../server/src/resolve/types';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

const A = 'person-pashinyan';
const B = 'person-am-nikol-pachinian';
const GRIGORYAN = 'person-grigoryan';
const NEIGHBOURHOOD = `/api/export?node=${A}&hops=1&format=`;
const HEADER = 'id,a,b,judgement,note,by,at,score,canonicalId,absorbedId,undoneAt,reasons';

const register = {
  format: 'liaison-bundle',
  version: 1,
  description: 'Test: a deputies register restating Pashinyan',
  nodes: [
    { id: 'src-am-deputies', type: 'Source', properties: { title: 'Deputies of Armenia', kind: 'dataset' } },
    {
      id: B,
      type: 'Person',
      properties: { name: 'Nikol Pachinian', nationality: 'AM' },
      citations: [{ source: 'src-am-deputies', record: { file: 'deputies.json', recordId: 'pashinyan-n' } }],
    },
  ],
  relationships: [
    {
      id: 'rel-am-pachinian-knows-grigoryan',
      type: 'KNOWS',
      source: B,
      target: GRIGORYAN,
      properties: {},
      citations: [{ source: 'src-am-deputies', quote: 'Pachinian et Grigorian', status: 'reported', lang: 'fr' }],
    },
  ],
};

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
/** Names only the id merged away: found through (:MergedId {canonicalId}). */
let beforeMerge: Judgement;
let same: Judgement;
let notSame: Judgement;
let undone: Judgement;

async function download(format: string, query = NEIGHBOURHOOD): Promise<Response> {
  const res = await fetch(`${server.url}${query}${format}`);
  expect(res.status).toBe(200);
  return res;
}

async function judgementsCsv(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
  const file = zip.file('judgements.csv');
  expect(file).not.toBeNull();
  return (await file!.async('string')).replace(/^\uFEFF/, '');
}

async function cypher<T = Record<string, unknown>>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(query, params)).records.map((r) => r.toObject() as T);
  } finally {
    await session.close();
  }
}

/** The judgements and merged ids as stored, without a merge's snapshot (which the script leaves out). */
async function storedJudgements(): Promise<unknown> {
  const judgements = await cypher<{ j: Node }>('MATCH (j:Judgement) RETURN j ORDER BY j.seq');
  const merged = await cypher<{ m: Node }>('MATCH (m:MergedId) RETURN m ORDER BY m.id');
  return {
    judgements: judgements.map(({ j }) => {
      const { snapshot: _snapshot, ...rest } = toJson(j.properties) as Record<string, unknown>;
      return rest;
    }),
    merged: merged.map(({ m }) => toJson(m.properties)),
  };
}

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  await importBundle(db.executor, register);
  beforeMerge = await judge(db.executor, { a: B, b: 'person-rouhani', judgement: 'not_same', by: 'api' });
  same = await judge(db.executor, {
    a: A,
    b: B,
    judgement: 'same',
    note: 'one deputy, two spellings',
    score: 0.87,
    reasons: [{ code: 'name_similarity', detail: 'names 0.87 alike after transliteration', weight: 0.87 }],
    by: 'api',
    keep: 'a',
  });
  notSame = await judge(db.executor, {
    a: A,
    b: GRIGORYAN,
    judgement: 'not_same',
    note: 'prime minister, not his secretary',
    by: 'review',
  });
  const unsure = await judge(db.executor, { a: GRIGORYAN, b: 'person-patrushev', judgement: 'unsure', by: 'cli' });
  [undone] = (await undoJudgement(db.executor, unsure.id)).undone as [Judgement];
  server = await serve({ executor: db.executor, config: testConfig() });
});

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('the judgements an export carries', () => {
  it('were judged as the test expects', () => {
    expect([same.canonicalId, same.absorbedId, undone.id, undone.undoneAt === null]).toEqual([A, B, undone.id, false]);
  });

  it('JSON: `judgements` oldest first, undone ones too, and `mergedIds`', async () => {
    const doc = (await (await download('json')).json()) as LiaisonCytoscapeDocument;
    expect(doc.elements.nodes.map((n) => n.data.id)).toEqual(expect.arrayContaining([A, GRIGORYAN]));
    expect(doc.elements.nodes.map((n) => n.data.id)).not.toContain('person-patrushev');
    expect(doc.elements.nodes.map((n) => n.data.id)).not.toContain('person-rouhani');
    expect(doc.judgements).toEqual([beforeMerge, same, notSame, undone]);
    expect(doc.mergedIds).toEqual([{ id: B, canonicalId: A, judgementId: same.id }]);
  });

  it('CSV zip: judgements.csv, one row per judgement with exact values', async () => {
    const text = await judgementsCsv(await download('csv'));
    expect(text.split('\n')[0]).toBe(HEADER);
    const rows = parseCsv(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      {
        id: beforeMerge.id,
        a: B,
        b: 'person-rouhani',
        judgement: 'not_same',
        note: '',
        by: 'api',
        at: beforeMerge.at,
        score: '',
        canonicalId: '',
        absorbedId: '',
        undoneAt: '',
        reasons: '[]',
      },
      {
        id: same.id,
        a: A,
        b: B,
        judgement: 'same',
        note: 'one deputy, two spellings',
        by: 'api',
        at: same.at,
        score: '0.87',
        canonicalId: A,
        absorbedId: B,
        undoneAt: '',
        reasons: '[{"code":"name_similarity","detail":"names 0.87 alike after transliteration","weight":0.87}]',
      },
      {
        id: notSame.id,
        a: A,
        b: GRIGORYAN,
        judgement: 'not_same',
        note: 'prime minister, not his secretary',
        by: 'review',
        at: notSame.at,
        score: '',
        canonicalId: '',
        absorbedId: '',
        undoneAt: '',
        reasons: '[]',
      },
      {
        id: undone.id,
        a: GRIGORYAN,
        b: 'person-patrushev',
        judgement: 'unsure',
        note: '',
        by: 'cli',
        at: undone.at,
        score: '',
        canonicalId: '',
        absorbedId: '',
        undoneAt: undone.undoneAt!,
        reasons: '[]',
      },
    ]);
  });

  it('FtM: the canonical entity lists the id merged into it as referents, no other entity has any', async () => {
    const lines = (await (await download('ftm')).text()).trim().split('\n');
    const entities = lines.map((l) => JSON.parse(l) as FtmEntity);
    expect(entities.find((e) => e.id === A)?.referents).toEqual([B]);
    expect(entities.filter((e) => e.referents !== undefined).map((e) => e.id)).toEqual([A]);
  });

  it('Cypher script: recreates the (:Judgement) and (:MergedId) nodes as stored, values as parameters', async () => {
    const script = await (await download('cypher')).text();
    const blocks = [
      ...script.matchAll(/^\/\/ (Judgements on these entities|Ids merged into these entities)[^\n]*\n(:param rows => [^\n]*)\n([^;]*);/gm),
    ];
    expect(blocks.map((b) => b[1])).toEqual(['Judgements on these entities', 'Ids merged into these entities']);
    expect(script).not.toContain('snapshot');
    expect(blocks[1]![2]).toBe(`:param rows => [{id: '${B}', canonicalId: '${A}', judgementId: '${same.id}'}]`);
    expect(blocks[0]![2]).toContain("note: 'prime minister, not his secretary'");

    // What cypher-shell does: evaluate each :param line, then run the statement with it, here in a
    // graph whose judgements and merged ids were removed; they come back as they were.
    const before = await storedJudgements();
    await cypher('MATCH (n) WHERE n:Judgement OR n:MergedId DETACH DELETE n');
    expect(await storedJudgements()).toEqual({ judgements: [], merged: [] });
    for (const [, , param, statement] of blocks) {
      const [{ rows }] = (await cypher<{ rows: unknown }>(`RETURN ${param!.slice(':param rows => '.length)} AS rows`)) as [
        { rows: unknown },
      ];
      await cypher(statement!, { rows });
    }
    expect(await storedJudgements()).toEqual(before);
  });
});

describe('an export that no judgement names', () => {
  it('has judgements.csv with the header only, and empty arrays in JSON', async () => {
    const body = (format: string) =>
      fetch(`${server.url}/api/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format, subgraph: { kind: 'elements', nodeIds: ['person-usubov'], edgeIds: [] } }),
      });
    const csv = await body('csv');
    expect(csv.status).toBe(200);
    expect(await judgementsCsv(csv)).toBe(`${HEADER}\n`);
    const doc = (await (await body('json')).json()) as LiaisonCytoscapeDocument;
    expect([doc.judgements, doc.mergedIds]).toEqual([[], []]);
    const script = await (await body('cypher')).text();
    expect(script).not.toMatch(/script-merge-judgements|MERGE \(j:Judgement/);
  });
});
