// Candidate pairs (issue 10, item 1) against a real Neo4j: exact expectations on small hand-made
// data (a shared Wikidata id pairs two spellings, a different id of one scheme counts against,
// "Transport & Environment" / "Transport and Environment (T&E)", a not_same judgement hides a
// pair, an import's own pairs), GET /api/candidates and its refusals; the people the demo and the
// shared Popolo file have in common; and the UK ministers' meetings: the precision of the top 100
// organisation candidates against the hand-labelled fixture tests/fixtures/resolve/uk-orgs-top100.json.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ROOT_DIR } from '../../server/src/config';

import { importBundle } from '../../server/src/import/bundle';
import { runImport } from '../../server/src/import/pipeline/run';
import { candidatesFor, entityFeatures, generateCandidates } from '../../server/src/resolve/candidates';
import { pairKey, type Candidate } from '../../server/src/resolve/types';
import { openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

const SRC = 'src-test-register';
const cite = [{ source: SRC, quote: 'As listed in the test register.', status: 'reported' }];

const org = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'Organization',
  properties: { name, kind: 'ngo', ...extra },
  citations: cite,
});
const person = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'Person',
  properties: { name, ...extra },
  citations: cite,
});

const small = {
  format: 'liaison-bundle',
  version: 1,
  description: 'Test: organisations and people written twice',
  nodes: [
    { id: SRC, type: 'Source', properties: { title: 'Test register', kind: 'dataset' } },
    org('org-te-1', 'Transport & Environment'),
    org('org-te-2', 'Transport and Environment (T&E)'),
    org('org-greenpeace', 'Greenpeace'),
    org('org-british-airways', 'British Airways plc', { kind: 'company' }),
    org('org-british-telecom', 'British Telecom', { kind: 'company' }),
    person('person-a-1', 'Andrus Ansip', { identifiers: ['wikidata:Q312794'] }),
    person('person-a-2', 'Ansip, A.', { identifiers: ['wikidata:Q312794'] }),
    person('person-n-1', 'Nikol Pashinyan', { identifiers: ['wikidata:Q7035312'] }),
    person('person-n-2', 'Nikol Pashinian', { identifiers: ['wikidata:Q1000'] }),
    person('person-n-3', 'Nikol Pachinian'),
    person('person-d-1', 'David Cameron'),
    person('person-d-2', 'David Davis'),
  ],
  relationships: [],
};

const find = (cs: Candidate[], a: string, b: string) => cs.find((c) => pairKey(c.a, c.b) === pairKey(a, b));
const codes = (c: Candidate | undefined) => (c?.reasons ?? []).map((r) => r.code).sort();

let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
}, 120_000);

afterAll(async () => {
  await db.close();
});

describe('candidates on hand-made data', () => {
  let people: Candidate[];
  let orgs: Candidate[];

  beforeAll(async () => {
    await db.reset();
    await importBundle(db.executor, small);
    people = await generateCandidates(db.executor, { type: 'Person', limit: 100 });
    orgs = await generateCandidates(db.executor, { type: 'Organization', limit: 100 });
  }, 120_000);

  it('a shared Wikidata id pairs two spellings, near-certain', () => {
    const c = find(people, 'person-a-1', 'person-a-2');
    expect(c).toBeDefined();
    expect(c!.a).toBe('person-a-1');
    expect(c!.b).toBe('person-a-2');
    expect(c!.score).toBeGreaterThanOrEqual(0.95);
    expect(codes(c)).toContain('shared_identifier');
    expect(c!.reasons.find((r) => r.code === 'shared_identifier')!.detail).toContain('wikidata:Q312794');
  });

  it('a different id of the same scheme counts against: Pashinyan/Pashinian below Pashinyan/Pachinian', () => {
    const differentIds = find(people, 'person-n-1', 'person-n-2');
    const noIds = find(people, 'person-n-1', 'person-n-3');
    expect(noIds).toBeDefined();
    expect(codes(noIds)).not.toContain('different_identifier');
    // The same name evidence, minus the conflict: either below the threshold, or with the reason.
    if (differentIds) {
      expect(codes(differentIds)).toContain('different_identifier');
      expect(differentIds.score).toBeLessThan(noIds!.score);
    }
    const alike = people.find((c) => pairKey(c.a, c.b) === pairKey('person-n-2', 'person-n-3'));
    expect(alike).toBeDefined();
  });

  it('"Transport & Environment" and "Transport and Environment (T&E)" pair; British Airways and British Telecom do not', () => {
    const c = find(orgs, 'org-te-1', 'org-te-2');
    expect(c).toBeDefined();
    expect(codes(c)).toEqual(['same_normalised_name']);
    expect(c!.score).toBeGreaterThanOrEqual(0.8);
    expect(find(orgs, 'org-british-airways', 'org-british-telecom')).toBeUndefined();
    expect(orgs.map((o) => pairKey(o.a, o.b))).toEqual([pairKey('org-te-1', 'org-te-2')]);
  });

  it('people with one name in common and different surnames are not candidates', () => {
    expect(find(people, 'person-d-1', 'person-d-2')).toBeUndefined();
  });

  it('candidatesFor finds stored entities for ones not written yet, through the indexes', async () => {
    const incoming = [
      entityFeatures({ id: 'incoming-te', name: 'TRANSPORT AND ENVIRONMENT LTD' }, 'Organization'),
      entityFeatures({ id: 'incoming-ansip', name: 'Andrus Ansip', identifiers: ['wikidata:Q312794'] }, 'Person'),
      entityFeatures({ id: 'incoming-nobody', name: 'Quentin Nobodyknows' }, 'Person'),
    ];
    const found = await candidatesFor(db.executor, incoming);
    const of = (id: string) =>
      found
        .filter((c) => c.incoming === id)
        .map((c) => c.stored)
        .sort();
    expect(of('incoming-te')).toEqual(['org-te-1', 'org-te-2']);
    expect(of('incoming-ansip')).toEqual(['person-a-1', 'person-a-2']);
    expect(of('incoming-nobody')).toEqual([]);
  });

  it('GET /api/candidates answers {candidates} without a token; bad input is a problem+json 400', async () => {
    const app = await serve({ executor: db.executor, config: testConfig() });
    try {
      const ok = await getJson(app.url, '/api/candidates?type=Organization&limit=10');
      expect(ok.status).toBe(200);
      expect(ok.body.candidates.map((c: Candidate) => [c.a, c.b, c.type])).toEqual([['org-te-1', 'org-te-2', 'Organization']]);
      expect(ok.body.candidates[0].reasons[0]).toMatchObject({ code: 'same_normalised_name', weight: 0.82 });
      const one = await getJson(app.url, '/api/candidates?entity=person-a-2');
      expect(one.body.candidates.map((c: Candidate) => [c.a, c.b])).toEqual([['person-a-1', 'person-a-2']]);
      for (const bad of ['limit=501', 'limit=0', 'type=Meeting', 'minScore=2', 'entity=%20bad%20id', 'importId=a%20b']) {
        const r = await getJson(app.url, `/api/candidates?${bad}`);
        expect([bad, r.status, r.type.startsWith('application/problem+json'), r.body.type]).toEqual([
          bad,
          400,
          true,
          'urn:liaison:problem:validation',
        ]);
      }
    } finally {
      await app.close();
    }
  });

  it('bounded: past its time budget a 504-class TimeoutError, past its entity cap a 413, never a hang', async () => {
    await expect(generateCandidates(db.executor, { type: 'Person', limit: 10, timeoutMs: 1 })).rejects.toMatchObject({
      status: 504,
      code: 'timeout',
    });
    await expect(generateCandidates(db.executor, { type: 'Person', limit: 10, maxEntities: 3 })).rejects.toMatchObject({
      status: 413,
    });
  });

  it('a live not_same judgement hides the pair; once undone it is proposed again', async () => {
    const session = db.driver.session();
    try {
      await session.run(
        `CREATE (:Judgement {id: 'j-test-1', pairKey: $k, a: 'org-te-1', b: 'org-te-2', judgement: 'not_same', by: 'test', at: '2026-12-02T00:00:00Z', reasons: '[]'})`,
        { k: pairKey('org-te-1', 'org-te-2') },
      );
      const hidden = await generateCandidates(db.executor, { type: 'Organization', limit: 100 });
      expect(find(hidden, 'org-te-1', 'org-te-2')).toBeUndefined();
      const incoming = await candidatesFor(db.executor, [
        entityFeatures({ id: 'org-te-1', name: 'Transport & Environment' }, 'Organization'),
      ]);
      expect(incoming.map((c) => c.stored)).toEqual([]);
      await session.run(`MATCH (j:Judgement {id: 'j-test-1'}) SET j.undoneAt = '2026-12-02T00:01:00Z'`);
      const back = await generateCandidates(db.executor, { type: 'Organization', limit: 100 });
      expect(find(back, 'org-te-1', 'org-te-2')).toBeDefined();
    } finally {
      await session.run(`MATCH (j:Judgement {id: 'j-test-1'}) DETACH DELETE j`);
      await session.close();
    }
  });
  it('npm run candidates: the same pairs as JSON, and as text with the reasons', () => {
    const tsx = path.join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [tsx, path.join(ROOT_DIR, 'server/src/cli/candidates.ts'), ...args], {
        cwd: ROOT_DIR,
        encoding: 'utf8',
        env: { ...process.env, NEO4J_URI: db.uri, NEO4J_PASSWORD: db.password, LIAISON_DEMO: 'false', LOG_LEVEL: 'warn' },
        timeout: 120_000,
      });
    const json = run('--type', 'Organization', '--limit', '5', '--json');
    expect(json.status).toBe(0);
    const body = JSON.parse(json.stdout) as { candidates: Candidate[] };
    expect(body.candidates.map((c) => [c.a, c.b])).toEqual([['org-te-1', 'org-te-2']]);
    const text = run('--type', 'Organization');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('org-te-1  org-te-2');
    expect(text.stdout).toContain('+0.82 same_normalised_name');
    expect(run('--limit', 'lots').status).toBe(64);
  });

  it('importId: only pairs with a side that import created, or restated with a record of its own', async () => {
    const created = await importBundle(db.executor, {
      format: 'liaison-bundle',
      version: 1,
      description: 'Test: a third spelling',
      nodes: [org('org-te-3', 'TRANSPORT & ENVIRONMENT LIMITED')],
      relationships: [],
    });
    const restated = await importBundle(db.executor, {
      format: 'liaison-bundle',
      version: 1,
      description: 'Test: a register restating the second spelling',
      nodes: [
        { id: 'src-test-register-2', type: 'Source', properties: { title: 'Second test register', kind: 'dataset' } },
        {
          id: 'org-te-2',
          type: 'Organization',
          properties: { name: 'Transport and Environment (T&E)', kind: 'ngo' },
          citations: [{ source: 'src-test-register-2', record: { file: 'orgs.csv', recordId: 'te', pointer: '/2' } }],
        },
      ],
      relationships: [],
    });
    const pairsOf = async (importId: string) =>
      (await generateCandidates(db.executor, { type: 'Organization', limit: 100, importId })).map((c) => `${c.a}+${c.b}`).sort();
    expect(await pairsOf(created.importId)).toEqual(['org-te-1+org-te-3', 'org-te-2+org-te-3']);
    expect(await pairsOf(restated.importId)).toEqual(['org-te-1+org-te-2', 'org-te-2+org-te-3']);
    expect(await pairsOf('no-such-import')).toEqual([]);
  });
});

/** Connected components of the pairs: the clusters a reviewer would go through. */
function clusters(pairs: Candidate[]): string[][] {
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const c of pairs) {
    for (const id of [c.a, c.b]) if (!parent.has(id)) parent.set(id, id);
    parent.set(root(c.a), root(c.b));
  }
  const groups = new Map<string, string[]>();
  for (const id of parent.keys()) groups.set(root(id), [...(groups.get(root(id)) ?? []), id]);
  return [...groups.values()];
}

describe('the demo and the shared Popolo file', () => {
  let people: Candidate[];
  let names: Map<string, string>;

  beforeAll(async () => {
    await db.reset();
    await db.loadDemo();
    const dir = path.resolve(__dirname, '../../../shared/data/popolo');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ path: path.join(dir, f), name: f }));
    const report = await runImport(db.executor, files, {});
    expect(report.status).toBe('imported');
    people = await generateCandidates(db.executor, { type: 'Person', limit: 500, minScore: 0.5 });
    const session = db.driver.session();
    try {
      const r = await session.run('MATCH (n:Person) RETURN n.id AS id, n.name AS name');
      names = new Map(r.records.map((x) => [x.get('id') as string, x.get('name') as string]));
    } finally {
      await session.close();
    }
    if (process.env.LIAISON_CANDIDATES_DUMP)
      console.log(JSON.stringify(people.map((c) => [c.score, names.get(c.a), names.get(c.b), c.a, c.b, c.reasons.map((r) => r.code)])));
  }, 300_000);

  it('proposes the one person who appears in both: Ilham Aliyev (demo) and İlham Əliyev (Popolo), no one else', () => {
    const cross = people.filter((c) => c.a.startsWith('person-') !== c.b.startsWith('person-'));
    expect(cross.map((c) => [names.get(c.a), names.get(c.b)].sort())).toEqual([['Ilham Aliyev', 'İlham Əliyev']]);
    expect(cross[0]!.reasons.map((r) => r.code)).toContain('same_name');
    expect(cross[0]!.score).toBeGreaterThanOrEqual(0.8);
  });
});

const CLUSTER_SCORE = 0.7;

interface Label {
  a: string;
  b: string;
  same: boolean;
  why: string;
}
const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/resolve/uk-orgs-top100.json'), 'utf8')) as { pairs: Label[] };

describe('UK ministers’ meetings: organisation candidates', () => {
  const DIR = path.resolve(__dirname, '../../../shared/data/uk-ministers-meetings');
  let orgs: Map<string, string>;
  let top: Candidate[];
  let all: Candidate[];

  beforeAll(async () => {
    await db.reset();
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((name) => ({ path: path.join(DIR, name), name }));
    const report = await runImport(db.executor, files, { params: { retrieved: '2026-12-01' } });
    expect(report.status).toBe('imported');
    const session = db.driver.session();
    try {
      const r = await session.run('MATCH (n:Organization) RETURN n.id AS id, n.name AS name');
      orgs = new Map(r.records.map((x) => [x.get('id') as string, x.get('name') as string]));
    } finally {
      await session.close();
    }
    all = await generateCandidates(db.executor, { type: 'Organization', limit: 100_000, minScore: 0.5 });
    top = all.slice(0, 100);
    if (process.env.LIAISON_CANDIDATES_DUMP) {
      const s2 = db.driver.session();
      const r = await s2.run('MATCH (n:Organization) RETURN n {.id, .name, .aliases, .identifiers, .country, .kind} AS p');
      writeFileSync(process.env.LIAISON_CANDIDATES_DUMP, JSON.stringify(r.records.map((x) => x.get('p'))));
      await s2.close();
      console.log(`orgs ${orgs.size} pairs ${all.length} clusters@0.7 ${clusters(all.filter((c) => c.score >= 0.7)).length}`);
      console.log(JSON.stringify(top.map((c) => [c.score, orgs.get(c.a), orgs.get(c.b), c.reasons.map((r) => r.code)])));
    }
  }, 600_000);

  it('974 organisation strings; clusters of the pairs at 0.7 and above', () => {
    expect(orgs.size).toBe(974);
    const groups = clusters(all.filter((c) => c.score >= CLUSTER_SCORE));
    console.log(
      `UK ministers' meetings: ${orgs.size} organisations, ${all.length} pairs at 0.5+, ${groups.length} clusters at ${CLUSTER_SCORE}+ covering ${groups.flat().length} organisations`,
    );
    expect(groups.length).toBeGreaterThanOrEqual(40);
    expect(groups.length).toBeLessThanOrEqual(80);
  });

  it('the top 100 are at least 80 % right by the hand labels (tests/fixtures/resolve/uk-orgs-top100.json)', () => {
    const labels = new Map(fixture.pairs.map((p) => [[p.a, p.b].join('\u0000'), p.same]));
    const judged = top.map((c) => {
      const [a, b] = [orgs.get(c.a)!, orgs.get(c.b)!].sort();
      return labels.get([a, b].join('\u0000'));
    });
    const labelled = judged.filter((j): j is boolean => j !== undefined);
    // The labels cover every pair that scored 0.5+ when they were made: a ranking that brings up
    // pairs nobody labelled is a change to look at (and label), not a pass.
    expect(labelled.length).toBeGreaterThanOrEqual(95);
    const precision = labelled.filter(Boolean).length / labelled.length;
    console.log(`precision of the top 100: ${precision.toFixed(2)} (${labelled.length} labelled)`);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });
});
