// A Source as a page, against a real Neo4j: GET /api/sources/:id/facts lists every fact the demo
// article supports (as many as the graph's citations of it, counted here with plain Cypher), grouped
// by kind with its quotes, page by page without loss or repeat; a dataset's facts through its
// records; and bad input answered 400/404 with the parameter's path, never a 500.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { SourceFacts } from '../../server/src/graph/api-types';
import { importBundle } from '../../server/src/import/bundle';
import { setLogLevel } from '../../server/src/log';
import { DEMO_FILE, openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

const ARTICLE = 'src-caucasus-watch-2019-09';
const DATASET = 'src-test-register-2024';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

/** A dataset Source whose facts are cited by records only, one of them also by the article. */
function datasetBundle() {
  const rec = (line: number) => ({ source: DATASET, record: { file: 'register.csv', line, raw: `row ${line}` } });
  return {
    nodes: [
      {
        id: DATASET,
        type: 'Source',
        properties: { title: 'Test register', publisher: 'Registry', kind: 'dataset', version: '2024-01' },
        citations: [],
      },
      { id: 'person-reg-one', type: 'Person', properties: { name: 'Regina One' }, citations: [rec(2)] },
      { id: 'person-reg-two', type: 'Person', properties: { name: 'Regis Two' }, citations: [rec(3)] },
      { id: 'org-reg-board', type: 'Organization', properties: { name: 'Register Board', kind: 'state_body' }, citations: [rec(2)] },
    ],
    relationships: [
      {
        id: 'rel-reg-one-board',
        type: 'HOLDS_POST',
        source: 'person-reg-one',
        target: 'org-reg-board',
        properties: { title: 'Chair' },
        citations: [rec(2), { source: ARTICLE, quote: 'Generated for the source-page test.', status: 'reported', lang: 'en' }],
      },
    ],
  };
}

/** Plain Cypher for the test's own counts: independent of the statement under test. */
async function count(text: string, params: Record<string, unknown>): Promise<number> {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    const r = await session.run(text, params);
    return Number(r.records[0]!.get(0));
  } finally {
    await session.close();
  }
}

/** Every page of a Source's facts, following nextCursor. */
async function allPages(id: string, limit: number): Promise<SourceFacts[]> {
  const pages: SourceFacts[] = [];
  let cursor: string | null = null;
  do {
    const res = await getJson(server.url, `/api/sources/${id}/facts?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page = res.body as SourceFacts;
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

beforeAll(async () => {
  setLogLevel('silent');
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({ executor: db.executor, config: testConfig() });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  setLogLevel('info');
});

describe('GET /api/sources/:id/facts on the demo article', () => {
  it('lists as many facts as the graph has citations of the article, each with its quotes, grouped by kind', async () => {
    const cited = await count('MATCH (c:Citation)-[:CITES]->(:Source {id: $id}) RETURN count(DISTINCT c.factId)', { id: ARTICLE });
    // The bundle says the same: every node and relationship with a citation of the article.
    const bundle = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as {
      nodes: Array<{ id: string; citations: Array<{ source: string }> }>;
      relationships: Array<{ id: string; citations: Array<{ source: string }> }>;
    };
    const inBundle = [...bundle.nodes, ...bundle.relationships].filter((f) => f.citations.some((c) => c.source === ARTICLE)).length;
    expect(cited).toBe(inBundle);

    const res = await getJson(server.url, `/api/sources/${ARTICLE}/facts?limit=500`);
    expect(res.status).toBe(200);
    const page = res.body as SourceFacts;
    expect(page.source).toMatchObject({ id: ARTICLE, type: 'Source', name: expect.stringContaining('Patruschews Mission') });
    expect(page.total).toBe(cited);
    expect(page.facts).toHaveLength(cited);
    expect(new Set(page.facts.map((f) => f.id)).size).toBe(cited);
    expect(page.nextCursor).toBeNull();
    // Groups: their counts add up to the total and match the facts listed under each.
    expect(page.groups.reduce((n, g) => n + g.count, 0)).toBe(cited);
    for (const g of page.groups)
      expect([g.type, page.facts.filter((f) => f.kind === g.kind && f.type === g.type).length]).toEqual([g.type, g.count]);
    const meetings = await count(
      'MATCH (c:Citation)-[:CITES]->(:Source {id: $id}) MATCH (m:Meeting {id: c.factId}) RETURN count(DISTINCT m)',
      {
        id: ARTICLE,
      },
    );
    expect(page.groups.find((g) => g.type === 'Meeting')?.count).toBe(meetings);
    // Every fact carries the article's quotes of it, and only the article's.
    for (const f of page.facts) {
      expect([f.id, f.citations.length > 0]).toEqual([f.id, true]);
      expect(f.citations.every((c) => c.sourceId === ARTICLE && c.kind === 'quote' && c.quote.length > 0)).toBe(true);
    }
    // A known quote: Usubov's part in the Baku talks, in the German of the article, as the bundle has it.
    const known = 'rel-usubov-takes-part-2019-09-04-baku-aliyev';
    const expected = (bundle.relationships.find((r) => r.id === known)!.citations as Array<{ source: string; quote: string }>)
      .filter((c) => c.source === ARTICLE)
      .map((c) => c.quote);
    expect(expected[0]).toMatch(/Ramil Usubow/);
    const fact = page.facts.find((f) => f.id === known)!;
    expect(fact).toMatchObject({
      kind: 'relationship',
      type: 'TAKES_PART',
      source: 'person-usubov',
      name: expect.stringMatching(/^Ramil Usubov → /),
    });
    expect(fact.citations.map((c) => (c.kind === 'quote' ? c.quote : '')).sort()).toEqual([...expected].sort());
    // Nodes first, then relationships; a relationship's ends are on the page for the canvas.
    const kinds = page.facts.map((f) => f.kind);
    expect(kinds.indexOf('relationship')).toBeGreaterThan(kinds.lastIndexOf('node'));
    const nodeIds = new Set(page.nodes.map((n) => n.id));
    for (const e of page.edges) expect([e.id, nodeIds.has(e.source) && nodeIds.has(e.target)]).toEqual([e.id, true]);
    expect(page.edges).toHaveLength(page.facts.filter((f) => f.kind === 'relationship').length);
  });

  it('pages with a cursor: every fact once, in the same order as one big page', async () => {
    const whole = (await allPages(ARTICLE, 500))[0]!;
    const pages = await allPages(ARTICLE, 7);
    expect(pages.length).toBe(Math.ceil(whole.total / 7));
    for (const p of pages) expect(p.total).toBe(whole.total);
    expect(pages.flatMap((p) => p.facts.map((f) => f.id))).toEqual(whole.facts.map((f) => f.id));
  });
});

describe('GET /api/sources/:id/facts on a dataset', () => {
  beforeAll(async () => {
    await importBundle(db.executor, datasetBundle());
  });

  it('finds the facts its records support, with the records as citations', async () => {
    const res = await getJson(server.url, `/api/sources/${DATASET}/facts`);
    expect(res.status).toBe(200);
    const page = res.body as SourceFacts;
    expect(page.facts.map((f) => f.id)).toEqual(['org-reg-board', 'person-reg-one', 'person-reg-two', 'rel-reg-one-board']);
    expect(page.total).toBe(4);
    expect(page.groups).toEqual([
      { kind: 'node', type: 'Organization', count: 1 },
      { kind: 'node', type: 'Person', count: 2 },
      { kind: 'relationship', type: 'HOLDS_POST', count: 1 },
    ]);
    const post = page.facts.find((f) => f.id === 'rel-reg-one-board')!;
    // Only the dataset's own citation here; the article's quote of the same fact stays on the article's page.
    expect(post.citations).toEqual([expect.objectContaining({ kind: 'record', sourceId: DATASET, file: 'register.csv', line: 2 })]);
    expect(post.name).toBe('Regina One → Register Board');
    const article = (await allPages(ARTICLE, 500))[0]!;
    expect(article.facts.map((f) => f.id)).toContain('rel-reg-one-board');
  });

  it('says when a Source supports nothing', async () => {
    const res = await getJson(server.url, '/api/sources/src-azerdaily-analysis-2019-09/facts');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    await importBundle(db.executor, {
      nodes: [{ id: 'src-empty-test', type: 'Source', properties: { title: 'Nothing cited' }, citations: [] }],
      relationships: [],
    });
    const empty = await getJson(server.url, '/api/sources/src-empty-test/facts');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ total: 0, facts: [], groups: [], nodes: [], edges: [], nextCursor: null });
  });
});

describe('GET /api/sources/:id/facts refuses', () => {
  it('an id that is not a Source, with 404 and the parameter', async () => {
    for (const id of ['no-such-source', 'person-patrushev']) {
      const res = await getJson(server.url, `/api/sources/${id}/facts`);
      expect([id, res.status]).toEqual([id, 404]);
      expect(res.type).toMatch(/problem\+json/);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: '$.params.id' })]);
    }
  });

  it('bad limits and cursors, with 400 and the path of each', async () => {
    for (const q of [
      'limit=0',
      'limit=501',
      'limit=ten',
      'cursor=nonsense',
      `cursor=${Buffer.from('[2,"x","y"]').toString('base64url')}`,
    ]) {
      const res = await getJson(server.url, `/api/sources/${ARTICLE}/facts?${q}`);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.type).toMatch(/problem\+json/);
      const path = q.startsWith('limit') ? '$.query.limit' : '$.query.cursor';
      expect([q, res.body.errors.map((e: { path: string }) => e.path)]).toEqual([q, [path]]);
    }
  });
});
