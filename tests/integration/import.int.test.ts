// Import against the real database: validation before writing, all-or-nothing, idempotence,
// HTTP auth and problem+json answers.
import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { ConflictError, ValidationError } from '../../server/src/errors';
import { importBundle, parseBundle, writeBundle } from '../../server/src/import/bundle';
import { graphCounts } from '../../server/src/import/demo';
import { DEMO_FILE, dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

let db: TestDb;
const demo = () => JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { nodes: unknown[]; relationships: unknown[] };

const dump = () => dumpGraph(db.executor);

const invalidBundle = {
  nodes: [
    { id: 'src-x', type: 'Source', properties: { title: 'A source' } },
    {
      id: 'person-a',
      type: 'Person',
      properties: { name: 'A', nationality: 'Russia' },
      citations: [{ source: 'src-x', quote: 'A is a person.' }],
    },
    { id: 'person-b', type: 'Persn', properties: { name: 'B' } },
    {
      id: 'meeting-m',
      type: 'Meeting',
      properties: { title: 'M', kind: 'talks', status: 'held', date: '2019-02-30' },
      citations: [{ source: 'src-x', quote: 'M happened.' }],
    },
  ],
  relationships: [
    {
      id: 'rel-1',
      type: 'TAKES_PART',
      source: 'person-a',
      target: 'meeting-m',
      properties: { role: 'host' },
      citations: [{ source: 'src-x', quote: 'A hosted M.' }],
    },
  ],
};

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.reset();
});

describe('importBundle', () => {
  it('loads the demo bundle with every fact and citation', async () => {
    const bundle = demo();
    const summary = await importBundle(db.executor, bundle);
    const counts = await graphCounts(db.executor);
    expect(summary.nodesCreated).toBe(bundle.nodes.length);
    expect(counts.nodes).toBe(bundle.nodes.length);
    expect(counts.relationships).toBe(bundle.relationships.length);
    expect(counts.citations).toBe(summary.citations);
    expect(summary.citationsCreated).toBe(summary.citations);
  });

  it('leaves the graph identical when the same bundle is imported twice', async () => {
    await importBundle(db.executor, demo());
    const before = await dump();
    const again = await importBundle(db.executor, demo());
    expect(again.nodesCreated).toBe(0);
    expect(again.relationshipsCreated).toBe(0);
    expect(again.citationsCreated).toBe(0);
    expect(await dump()).toBe(before);
  });

  it('reports every problem with its path and writes nothing', async () => {
    await importBundle(db.executor, demo());
    const before = await graphCounts(db.executor);
    const error = await importBundle(db.executor, invalidBundle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const paths = (error as ValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['$.nodes[1].properties.nationality', '$.nodes[2].type', '$.nodes[3].properties.date']));
    expect(await graphCounts(db.executor)).toEqual(before);
  });

  it('checks references, endpoint types and citations against the bundle and the database', async () => {
    await importBundle(db.executor, demo());
    const bundle = {
      nodes: [{ id: 'person-new', type: 'Person', properties: { name: 'New Person' }, citations: [] }],
      relationships: [
        // Fine: both ends exist in the database already.
        {
          id: 'rel-ok',
          type: 'KNOWS',
          source: 'person-aliyev',
          target: 'person-usubov',
          citations: [{ source: 'src-caucasus-watch-2019-09', quote: 'x' }],
        },
        {
          id: 'rel-bad-end',
          type: 'HOLDS_POST',
          source: 'person-new',
          target: 'country-ru',
          properties: { title: 'X' },
          citations: [{ source: 'src-caucasus-watch-2019-09', quote: 'x' }],
        },
        {
          id: 'rel-missing',
          type: 'KNOWS',
          source: 'person-new',
          target: 'person-nobody',
          citations: [{ source: 'person-aliyev', quote: 'x' }],
        },
      ],
    };
    const before = await graphCounts(db.executor);
    const error = (await importBundle(db.executor, bundle).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    const byPath = Object.fromEntries(error.issues.map((i) => [i.path, i.code]));
    expect(byPath).toEqual({
      '$.nodes[0].citations': 'missing_citation',
      '$.relationships[1].target': 'wrong_endpoint_type',
      '$.relationships[2].target': 'unknown_reference',
      '$.relationships[2].citations[0].source': 'wrong_reference_type',
    });
    expect(await graphCounts(db.executor)).toEqual(before);
  });

  it('rolls the whole import back when the database refuses one write, naming the id', async () => {
    await importBundle(db.executor, demo());
    const before = await dump();
    // A relationship id already used between other endpoints: valid on its own, refused by the id
    // claims, before writing (importBundle) or in the middle of the transaction, after the new node
    // was written (writeBundle, as for an import that lost a race).
    const bundle = {
      nodes: [
        {
          id: 'person-late',
          type: 'Person',
          properties: { name: 'Late Person' },
          citations: [{ source: 'src-caucasus-watch-2019-09', quote: 'q' }],
        },
      ],
      relationships: [
        {
          id: 'rel-patrushev-knows-usubov',
          type: 'KNOWS',
          source: 'person-late',
          target: 'person-aliyev',
          citations: [{ source: 'src-caucasus-watch-2019-09', quote: 'q' }],
        },
      ],
    };
    for (const attempt of [() => importBundle(db.executor, bundle), () => writeBundle(db.executor, parseBundle(bundle))]) {
      const error = (await attempt().catch((e: unknown) => e)) as ConflictError;
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.issues).toEqual([
        {
          path: '$.relationships[0].source',
          message: expect.stringMatching(/^"rel-patrushev-knows-usubov" is stored as a KNOWS relationship from "person-patrushev"/),
          code: 'endpoint_change',
        },
        { path: '$.relationships[0].target', message: expect.stringContaining('"person-aliyev"'), code: 'endpoint_change' },
      ]);
      expect(await dump()).toBe(before);
    }
  });

  it('imports in separate batches when asked, with the same result', async () => {
    const summary = await importBundle(db.executor, demo(), { mode: 'batched', batchSize: 7 });
    const batchedDump = await dump();
    expect(batchedDump).toContain('person-patrushev');
    await db.reset();
    await importBundle(db.executor, demo());
    expect(await dump()).toBe(batchedDump);
    expect(summary.mode).toBe('batched');
  });

  it('derives citationStatus from the citations', async () => {
    await importBundle(db.executor, demo());
    const r = (await db.executor.read('system/dump-graph')).records[0]!;
    const rels = r.get('relationships') as Array<{ id: string; properties: Record<string, unknown> }>;
    expect(rels.find((x) => x.id === 'rel-patrushev-knows-usubov')?.properties.citationStatus).toBe('speculative');
    const nodes = r.get('nodes') as Array<{ id: string; properties: Record<string, unknown> }>;
    expect(nodes.find((x) => x.id === 'person-patrushev')?.properties.citationStatus).toBe('reported');
  });
});

describe('POST /api/import', () => {
  const token = 'test-token-0123456789abcdef';
  const post = (url: string, body: unknown, auth?: string) =>
    fetch(`${url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses writes when no token is configured, and explains how to configure one', async () => {
    const server = await serve({
      executor: db.executor,
      config: testConfig(),
    });
    try {
      const res = await post(server.url, demo(), `Bearer ${token}`);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/LIAISON_API_TOKEN/);
      expect((await graphCounts(db.executor)).nodes).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('requires the configured bearer token, then imports', async () => {
    const server = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_API_TOKEN: token }),
    });
    try {
      expect((await post(server.url, demo())).status).toBe(401);
      expect((await post(server.url, demo(), 'Bearer wrong-token-wrong-token')).status).toBe(401);
      const ok = await post(server.url, demo(), `Bearer ${token}`);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { summary: { nodes: number } }).summary.nodes).toBe(demo().nodes.length);
    } finally {
      await server.close();
    }
  });

  it('answers an invalid bundle with 400 problem+json listing every path, writing nothing', async () => {
    const server = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_API_TOKEN: token }),
    });
    try {
      const res = await post(server.url, invalidBundle, `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as { type: string; errors: Array<{ path: string }> };
      expect(body.type).toBe('urn:liaison:problem:validation');
      expect(body.errors.map((e: { path: string }) => e.path)).toEqual(
        expect.arrayContaining(['$.nodes[1].properties.nationality', '$.nodes[2].type', '$.nodes[3].properties.date']),
      );
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
      expect(await graphCounts(db.executor)).toEqual({ nodes: 0, relationships: 0, citations: 0 });

      const broken = await post(server.url, '{"nodes": [', `Bearer ${token}`);
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { detail: string }).detail).toMatch(/not valid JSON/);
    } finally {
      await server.close();
    }
  });

  it('answers a body over the size limit with 413', async () => {
    const server = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_API_TOKEN: token, LIAISON_IMPORT_MAX_BYTES: 2048 }),
    });
    try {
      const res = await post(server.url, demo(), `Bearer ${token}`);
      expect(res.status).toBe(413);
    } finally {
      await server.close();
    }
  });
});

describe('operator token from the data directory', () => {
  it('accepts the token written to <dataDir>/api-token', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const pathMod = await import('node:path');
    const dir = mkdtempSync(pathMod.join(os.tmpdir(), 'liaison-token-'));
    writeFileSync(pathMod.join(dir, 'api-token'), 'file-token-0123456789abcdef\n');
    const server = await serve({
      executor: db.executor,
      config: { LIAISON_API_TOKEN: undefined, LIAISON_DATA_DIR: dir, LIAISON_IMPORT_MAX_BYTES: 1e6 },
    });
    try {
      const res = await fetch(`${server.url}/api/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer file-token-0123456789abcdef' },
        body: JSON.stringify(demo()),
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
