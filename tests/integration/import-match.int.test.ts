// Imports after entity resolution, against the real database (one instance for the file): a
// re-import after "same" restates the canonical entity instead of recreating the duplicate (bundle
// and tabular paths, dry-run counts honest), and import-time matching (--match review|auto).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';

import { ROOT_DIR } from '../../server/src/config';
import { ConflictError } from '../../server/src/errors';
import { search } from '../../server/src/graph/service';
import { setMatchJudge } from '../../server/src/import/pipeline/matching';
import { renderReportText } from '../../server/src/import/pipeline/report';
import { runImport } from '../../server/src/import/pipeline/run';
import type { ImportReport } from '../../server/src/import/pipeline/types';
import { generateCandidates } from '../../server/src/resolve/candidates';
import { judge } from '../../server/src/resolve/judgements';
import { DEMO_FILE, dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

// Several imports a test on a machine shared with other test runs: minutes, not the default 2.
jest.setTimeout(600_000);

let db: TestDb;
const work = mkdtempSync(path.join(os.tmpdir(), 'liaison-import-match-'));

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

/** A second source restating Pashinyan (another id, another spelling) and Aliyev, with a post each. */
const BUNDLE_B = {
  description: 'Register B',
  nodes: [
    { id: 'src-b', type: 'Source', properties: { title: 'Register B', kind: 'register' }, citations: [] },
    {
      id: 'b-pashinyan',
      type: 'Person',
      properties: { name: 'Pashinyan, Nikol', aliases: ['Никол Пашинян'], birthDate: '1975-06-01' },
      citations: [{ source: 'src-b', quote: 'Pashinyan, Nikol (b. 1 June 1975), Prime Minister', status: 'reported' }],
    },
  ],
  relationships: [
    {
      id: 'b-pashinyan-pm',
      type: 'HOLDS_POST',
      source: 'b-pashinyan',
      target: 'org-government-am',
      properties: { title: 'Prime Minister' },
      citations: [{ source: 'src-b', quote: 'Pashinyan, Nikol (b. 1 June 1975), Prime Minister', status: 'reported' }],
    },
  ],
};

function writeJson(name: string, value: unknown): string {
  const file = path.join(work, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const session = db.driver.session();
  try {
    const r = await session.run(cypher, params);
    return Number(r.records[0]!.get(0));
  } finally {
    await session.close();
  }
}

/** A "same" judgement as a reviewer gives it: the merge helper's judge(); returns [canonical, absorbed]. */
async function same(a: string, b: string): Promise<[string, string]> {
  const j = await judge(db.executor, { a, b, judgement: 'same', by: 'api' });
  return [j.canonicalId!, j.absorbedId!];
}

const people = () => count('MATCH (p:Person) RETURN count(p)');

describe('re-import after "same"', () => {
  beforeEach(async () => {
    await db.reset();
  });

  it('a bundle restating the merged-away entity merges into the canonical one, its citations there; the dry run says merged', async () => {
    const a = await runImport(db.executor, [{ path: DEMO_FILE, name: 'demo.json' }]);
    expect(a.status).toBe('imported');
    const bFile = writeJson('b.json', BUNDLE_B);
    expect((await runImport(db.executor, [{ path: bFile, name: 'b.json' }])).status).toBe('imported');
    const before = await people();
    const [canonical, absorbed] = await same('person-pashinyan', 'b-pashinyan');
    expect([canonical, absorbed].sort()).toEqual(['b-pashinyan', 'person-pashinyan']);
    expect(await people()).toBe(before - 1);

    const dry = await runImport(db.executor, [{ path: bFile, name: 'b.json' }], { dryRun: true });
    expect(dry.status).toBe('dry-run');
    expect(dry.counts.nodesCreated).toBe(0);
    expect(dry.counts.nodesMerged).toBe(2);
    expect(dry.counts.relationshipsMerged).toBe(1);

    const again = await runImport(db.executor, [{ path: bFile, name: 'b.json' }]);
    expect(again.status).toBe('imported');
    expect(again.summary?.nodesCreated).toBe(0);
    expect(await people()).toBe(before - 1);
    expect(await count('MATCH (n:Entity {id: $id}) RETURN count(n)', { id: absorbed })).toBe(0);
    // The claim of the merged-away id stays, so no other fact can take it.
    expect(await count('MATCH (c:IdClaim {factId: $id}) RETURN count(c)', { id: absorbed })).toBe(1);
    // B's citation of the person sits on the canonical id, once; the demo's are there too.
    expect(await count("MATCH (c:Citation {factId: $id})-[:CITES]->(:Source {id: 'src-b'}) RETURN count(c)", { id: canonical })).toBe(1);
    expect(await count('MATCH (c:Citation {factId: $id}) RETURN count(c)', { id: absorbed })).toBe(0);
    expect(await count('MATCH (c:Citation {factId: $id}) RETURN count(c)', { id: canonical })).toBeGreaterThan(1);
    // Both spellings and both posts on the one node.
    const node = await count(
      "MATCH (p:Person {id: $id}) WHERE 'Pashinyan, Nikol' IN p.aliases + [p.name] AND 'Nikol Pashinyan' IN p.aliases + [p.name] RETURN count(p)",
      { id: canonical },
    );
    expect(node).toBe(1);
    expect(
      await count("MATCH (:Person {id: $id})-[r:HOLDS_POST {id: 'b-pashinyan-pm'}]->(:Organization) RETURN count(r)", { id: canonical }),
    ).toBe(1);
    for (const q of ['Пашинян', 'Nikol Pashinyan'])
      expect((await search(db.executor, q, ['Person'], 5)).map((h) => h.id)).toEqual([canonical]);
    const dump = await dumpGraph(db.executor);
    expect((await runImport(db.executor, [{ path: bFile, name: 'b.json' }])).status).toBe('imported');
    expect(await dumpGraph(db.executor)).toBe(dump);
    // The source the canonical entity came from, again: nothing changes either.
    expect((await runImport(db.executor, [{ path: DEMO_FILE, name: 'demo.json' }])).status).toBe('imported');
    expect(await dumpGraph(db.executor)).toBe(dump);
  });

  it('a register read through a mapping (and a relationship stated anew) lands on the canonical entity', async () => {
    expect((await runImport(db.executor, [{ path: DEMO_FILE, name: 'demo.json' }])).status).toBe('imported');
    const mapping = {
      title: 'Visits register',
      columns: {
        id: { header: 'id', required: true },
        person: { header: 'person', required: true },
        date: { header: 'date', required: true, type: 'date', date: { formats: ['dd-MM-yyyy'] } },
      },
      recordId: '{id}',
      source: { id: 'src-visits', title: 'Visits register', kind: 'register' },
      entities: {
        person: { type: 'Person', id: 'visitor-{person|slug}', properties: { name: '{person}' } },
        meeting: {
          type: 'Meeting',
          id: 'visit-{id}',
          properties: { title: 'Visit of {person}', kind: 'visit', status: 'held', date: '{date}' },
        },
      },
      relationships: [{ type: 'TAKES_PART', source: 'visitor-{person|slug}', target: 'visit-{id}', properties: { role: 'guest' } }],
    };
    const csv = path.join(work, 'visits.csv');
    writeFileSync(csv, 'id,person,date\nv1,Ilham Aliyev,04-09-2019\n');
    expect((await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping })).status).toBe('imported');
    const before = await people();
    const [canonical] = await same('visitor-ilham-aliyev', 'person-aliyev');
    writeFileSync(csv, 'id,person,date\nv1,Ilham Aliyev,04-09-2019\nv2,Ilham Aliyev,05-10-2020\n');
    const dry = await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping, dryRun: true });
    expect(dry.counts.nodesCreated).toBe(1); // visit-v2 only
    const again = await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping });
    expect(again.status).toBe('imported');
    expect(await people()).toBe(before - 1);
    expect(await count("MATCH (:Person {id: $id})-[r:TAKES_PART]->(:Meeting {id: 'visit-v2'}) RETURN count(r)", { id: canonical })).toBe(1);
    expect(await count("MATCH (:Person {id: $id})-[r:TAKES_PART]->(:Meeting {id: 'visit-v1'}) RETURN count(r)", { id: canonical })).toBe(1);
    expect(await count("MATCH (n:Entity) WHERE n.id IN ['visitor-ilham-aliyev', 'person-aliyev'] RETURN count(n)")).toBe(1);
    const dump = await dumpGraph(db.executor);
    expect((await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping })).status).toBe('imported');
    expect(await dumpGraph(db.executor)).toBe(dump);

    // A new visitor of the register who is in the demo under another spelling: a dry run with
    // --match review finds the pair from the rows read, and the import then puts it in the queue.
    writeFileSync(csv, 'id,person,date\nv1,Ilham Aliyev,04-09-2019\nv3,"Pashinyan, Nikol",12-03-2021\n');
    const dryMatch = await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping, dryRun: true, match: 'auto' });
    expect(dryMatch.matching).toMatchObject({ dryRun: true, merged: 0 });
    expect(dryMatch.matching!.incoming).toBe(2);
    expect(dryMatch.matching!.review.map((p) => [p.a, p.b].sort().join(' ~ '))).toContain('person-pashinyan ~ visitor-pashinyan-nikol');
    expect(await dumpGraph(db.executor)).toBe(dump);
    const imported = await runImport(db.executor, [{ path: csv, name: 'visits.csv' }], { mapping, match: 'review' });
    expect(imported.matching!.review.map((p) => [p.a, p.b].sort().join(' ~ '))).toContain('person-pashinyan ~ visitor-pashinyan-nikol');
    expect(imported.matching!.merged).toBe(0);
  });
});

/** A register of MEPs: Ansip with his Wikidata id, Kallas by name only. */
const BUNDLE_W1 = {
  description: 'MEP register',
  nodes: [
    { id: 'src-meps', type: 'Source', properties: { title: 'MEP register', kind: 'register' }, citations: [] },
    {
      id: 'mep-ansip',
      type: 'Person',
      properties: { name: 'Andrus Ansip', identifiers: ['wikidata:Q312871'], nationality: 'EE' },
      citations: [{ source: 'src-meps', quote: 'Andrus Ansip (Renew Europe, Estonia)', status: 'reported' }],
    },
    {
      id: 'mep-kallas',
      type: 'Person',
      properties: { name: 'Kaja Kallas', nationality: 'EE' },
      citations: [{ source: 'src-meps', quote: 'Kaja Kallas (Renew Europe, Estonia)', status: 'reported' }],
    },
  ],
  relationships: [],
};

/** Visits of foreign leaders: the same two people under other ids and spellings. */
const BUNDLE_W2 = {
  description: 'Visits of foreign leaders',
  nodes: [
    { id: 'src-visits-2', type: 'Source', properties: { title: 'Visits of foreign leaders', kind: 'register' }, citations: [] },
    {
      id: 'visit-ansip',
      type: 'Person',
      properties: { name: 'Ansip, Andrus', identifiers: ['wikidata:Q312871'] },
      citations: [{ source: 'src-visits-2', quote: 'Prime Minister Ansip, Andrus', status: 'reported' }],
    },
    {
      id: 'visit-kallas',
      type: 'Person',
      properties: { name: 'Kallas, Kaja' },
      citations: [{ source: 'src-visits-2', quote: 'Prime Minister Kallas, Kaja', status: 'reported' }],
    },
  ],
  relationships: [],
};

const pairOf = (p: { a: string; b: string }) => [p.a, p.b].sort().join(' ~ ');

describe('import-time matching', () => {
  beforeEach(async () => {
    await db.reset();
    expect((await runImport(db.executor, [{ path: writeJson('w1.json', BUNDLE_W1), name: 'w1.json' }])).status).toBe('imported');
  });
  afterEach(() => setMatchJudge(null));

  it('a dry run with --match auto says what would merge and what would wait, and writes nothing', async () => {
    const before = await dumpGraph(db.executor);
    const dry = await runImport(db.executor, [{ path: writeJson('w2.json', BUNDLE_W2), name: 'w2.json' }], { dryRun: true, match: 'auto' });
    expect(dry.status).toBe('dry-run');
    const m = dry.matching!;
    expect(m).toMatchObject({ mode: 'auto', dryRun: true, merged: 1, awaitingReview: 1, incoming: 2 });
    expect(m.merges.map(pairOf)).toEqual(['mep-ansip ~ visit-ansip']);
    expect(m.merges[0]!.rule).toBe('a shared identifier');
    expect(m.review.map(pairOf)).toEqual(['mep-kallas ~ visit-kallas']);
    expect(renderReportText(dry)).toMatch(/1 would be merged, 1 would await review/);
    expect(await dumpGraph(db.executor)).toBe(before);
    // review: nothing would merge.
    const review = await runImport(db.executor, [{ path: writeJson('w2.json', BUNDLE_W2), name: 'w2.json' }], {
      dryRun: true,
      match: 'review',
    });
    expect(review.matching).toMatchObject({ mode: 'review', merged: 0, awaitingReview: 2 });
  });

  it('--match auto merges the pair sharing a wikidata id and leaves the name-only pair in the review queue', async () => {
    const report = await runImport(db.executor, [{ path: writeJson('w2.json', BUNDLE_W2), name: 'w2.json' }], { match: 'auto' });
    expect(report.status).toBe('imported');
    const m = report.matching!;
    expect(m).toMatchObject({ mode: 'auto', dryRun: false, merged: 1, awaitingReview: 1, failed: 0 });
    expect(m.merges.map(pairOf)).toEqual(['mep-ansip ~ visit-ansip']);
    expect(m.reviewQueue).toBe(`/api/candidates?importId=${report.importId}`);
    expect(await people()).toBe(3);
    const j = await count("MATCH (j:Judgement {judgement: 'same', by: 'import'}) RETURN count(j)");
    expect(j).toBe(1);
    // The queue the report points at holds the other pair.
    const queue = await generateCandidates(db.executor, { importId: report.importId!, limit: 50 });
    expect(queue.map(pairOf)).toEqual(['mep-kallas ~ visit-kallas']);
    expect(renderReportText(report)).toMatch(/1 merged, 1 await review: GET \/api\/candidates\?importId=/);
  });

  it('an operator rule narrower than the default keeps a pair of another scheme in the queue', async () => {
    const w2 = structuredClone(BUNDLE_W2);
    w2.nodes[1]!.properties.identifiers = ['popolo:ansip'];
    const w1 = structuredClone(BUNDLE_W1);
    (w1.nodes[1]!.properties as { identifiers: string[] }).identifiers = ['popolo:ansip'];
    await db.reset();
    await runImport(db.executor, [{ path: writeJson('w1p.json', w1), name: 'w1p.json' }]);
    const report = await runImport(db.executor, [{ path: writeJson('w2p.json', w2), name: 'w2p.json' }], {
      match: 'auto',
      autoMerge: [{ identifierScheme: 'wikidata' }],
    });
    expect(report.matching).toMatchObject({ merged: 0, awaitingReview: 2, rules: ['a shared wikidata identifier'] });
    expect(await people()).toBe(4);
  });

  it('a merge that fails leaves the import whole and the pair in the review queue', async () => {
    setMatchJudge(async () => {
      throw new ConflictError('An import (imp-other) is running; judge again when it has finished.', { rule: 'import-running' });
    });
    const report = await runImport(db.executor, [{ path: writeJson('w2.json', BUNDLE_W2), name: 'w2.json' }], { match: 'auto' });
    expect(report.status).toBe('imported');
    expect(report.matching).toMatchObject({ merged: 0, failed: 1, awaitingReview: 2 });
    expect(report.matching!.failures.map(pairOf)).toEqual(['mep-ansip ~ visit-ansip']);
    expect(report.matching!.failures[0]!.error).toMatch(/is running/);
    expect(await people()).toBe(4);
    const queue = await generateCandidates(db.executor, { importId: report.importId!, limit: 50 });
    expect(queue.map(pairOf).sort()).toEqual(['mep-ansip ~ visit-ansip', 'mep-kallas ~ visit-kallas']);
    expect(renderReportText(report)).toMatch(/Merges that failed/);
  });

  it('after "not same" the pair is not proposed again, re-import or not', async () => {
    const file = writeJson('w2.json', BUNDLE_W2);
    const first = await runImport(db.executor, [{ path: file, name: 'w2.json' }], { match: 'review' });
    expect(first.matching!.review.map(pairOf)).toContain('mep-kallas ~ visit-kallas');
    await judge(db.executor, { a: 'mep-kallas', b: 'visit-kallas', judgement: 'not_same', by: 'api' });
    const again = await runImport(db.executor, [{ path: file, name: 'w2.json' }], { match: 'review' });
    expect(again.status).toBe('imported');
    expect((again.matching?.review ?? []).map(pairOf)).not.toContain('mep-kallas ~ visit-kallas');
    const all = await generateCandidates(db.executor, { type: 'Person', limit: 500 });
    expect(all.map(pairOf)).not.toContain('mep-kallas ~ visit-kallas');
    expect(all.map(pairOf)).toContain('mep-ansip ~ visit-ansip');
    const dry = await runImport(db.executor, [{ path: file, name: 'w2.json' }], { match: 'review', dryRun: true });
    expect(dry.matching!.review.map(pairOf)).not.toContain('mep-kallas ~ visit-kallas');
    expect(await people()).toBe(4);
  });

  it('the API takes match on the one-shot route and on jobs, with the server’s rules', async () => {
    const TOKEN = 'import-match-token-0123456789';
    const auth = { authorization: `Bearer ${TOKEN}` };
    const server = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: work, LIAISON_AUTO_MERGE: [{ identifierScheme: 'wikidata' }] }),
    });
    try {
      const bad = await fetch(`${server.url}/api/import?match=sometimes`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(BUNDLE_W2),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors.map((e) => e.path)).toEqual(['$.query.match']);
      const up = await fetch(`${server.url}/api/import/uploads`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'x-liaison-filename': 'w2.json' },
        body: JSON.stringify(BUNDLE_W2),
      });
      const upload = ((await up.json()) as { upload: { id: string } }).upload;
      const started = await fetch(`${server.url}/api/import/jobs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ upload: upload.id, dryRun: true, match: 'auto' }),
      });
      expect(started.status).toBe(202);
      const { job } = (await started.json()) as { job: { id: string } };
      let view: { status: string; report?: ImportReport } = { status: 'queued' };
      while (view.status === 'queued' || view.status === 'running') {
        await new Promise((r) => setTimeout(r, 250));
        view = (await (await fetch(`${server.url}/api/import/jobs/${job.id}`, { headers: auth })).json()) as typeof view;
      }
      expect(view.report!.matching).toMatchObject({ dryRun: true, merged: 1, awaitingReview: 1, rules: ['a shared wikidata identifier'] });
      const res = await fetch(`${server.url}/api/import?match=auto`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(BUNDLE_W2),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; report: ImportReport };
      expect(body.report.matching).toMatchObject({ dryRun: false, merged: 1, awaitingReview: 1 });
      expect(await people()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('npm run import -- --match auto merges and prints the matching report', () => {
    const run = importCli(writeJson('w2.json', BUNDLE_W2), '--match', 'auto', '--json');
    expect(run.status).toBe(0);
    const json = run.stdout.slice(run.stdout.indexOf('\n{') + 1);
    const report = JSON.parse(json) as ImportReport;
    expect(report.matching).toMatchObject({ mode: 'auto', merged: 1, awaitingReview: 1 });
    const bad = importCli(writeJson('w2.json', BUNDLE_W2), '--match', 'sometimes');
    expect(bad.status).toBe(64);
    expect(bad.stderr).toMatch(/--match must be one of off, review, auto/);
  });
});

function importCli(...args: string[]) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(ROOT_DIR, 'server/src/cli/import.ts'), ...args],
    {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      env: { ...process.env, NEO4J_URI: db.uri, NEO4J_PASSWORD: db.password, LIAISON_DEMO: 'false', LOG_LEVEL: 'warn' },
      timeout: 180_000,
    },
  );
}
