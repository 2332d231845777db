// The writer's journal on the real database: a batched import that fails midway, or whose process
// is killed, leaves the store exactly as it was (created facts deleted, restated facts restored
// from their snapshots); atomic sessions roll back whole; imports run one at a time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { prepareDatabase } from '../../server/src/db/database';
import { toJson } from '../../server/src/db/values';
import { ConflictError } from '../../server/src/errors';
import { importBundle, parseBundle, writeBundle } from '../../server/src/import/bundle';
import { beginImport, type WriteBatch, type WriteNode, type WriteRelationship } from '../../server/src/import/write';
import { DEMO_FILE, dumpGraph, openTestDb, type TestDb } from '../support/db';
import { URI_ENV, testAuth } from '../support/neo4j-instance';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  await db.loadDemo();
});

async function query(text: string, params: Record<string, unknown> = {}) {
  const session = db.driver.session({ database: 'neo4j' });
  try {
    return (await session.run(text, params)).records.map((r) => toJson(r.toObject()) as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

const SRC = 'src-caucasus-watch-2019-09';
const quote = (q: string) => [{ source: SRC, quote: q, status: 'reported' as const }];
const person = (id: string, name: string, extra: Record<string, unknown> = {}): WriteNode => ({
  id,
  type: 'Person',
  properties: { name, ...extra },
  citations: quote(`${name} is a person.`),
  records: [],
});
const knows = (id: string, source: string, target: string): WriteRelationship => ({
  id,
  type: 'KNOWS',
  source,
  target,
  properties: { context: 'journal test' },
  citations: quote(`${source} knows ${target}.`),
  records: [],
});

/** Three batches: restated and new nodes; new and restated relationships; then a conflict. */
function batches(prefix: string): WriteBatch[] {
  return [
    {
      nodes: [
        person('person-patrushev', 'Nikolai Patrushev', { aliases: ['Journal Alias'], nationality: 'AM', gender: 'male' }),
        person(`${prefix}-1`, 'New One'),
        person(`${prefix}-2`, 'New Two'),
      ],
      relationships: [],
      records: [],
    },
    {
      nodes: [],
      relationships: [
        knows(`${prefix}-k1`, `${prefix}-1`, 'person-patrushev'),
        // Restated: reported now (it was speculative), with a context it had not.
        knows('rel-patrushev-knows-usubov', 'person-patrushev', 'person-usubov'),
      ],
      records: [],
    },
    // person-aliyev is a Person: a Topic cannot take the id.
    { nodes: [{ ...person('person-aliyev', 'Aliyev'), type: 'Topic' }], relationships: [], records: [] },
  ];
}

describe('a batched import that fails', () => {
  it('in batch 3 leaves the store exactly as before, restated facts restored', async () => {
    const before = await dumpGraph(db.executor);
    const session = await beginImport(db.executor, { mode: 'batched', description: 'fails in batch 3' });
    const [b1, b2, b3] = batches('journal');
    expect(await session.write(b1!)).toMatchObject({ nodesCreated: 2, nodesMerged: 1, valuesAlsoStated: 1 });
    expect(await session.write(b2!)).toMatchObject({ relationshipsCreated: 1, relationshipsMerged: 1 });
    // What readers see meanwhile: the batches written so far.
    expect(await query("MATCH (n:Entity) WHERE n.id STARTS WITH 'journal-' RETURN count(n) AS n")).toEqual([{ n: 2 }]);
    expect(await query('MATCH (u:ImportUndo) RETURN u._fact AS fact ORDER BY fact')).toEqual([
      { fact: 'person-patrushev' },
      { fact: 'rel-patrushev-knows-usubov' },
    ]);
    const error = await session.write(b3!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).issues).toEqual([expect.objectContaining({ path: 'person-aliyev', code: 'type_change' })]);
    await expect(session.write(b1!)).rejects.toThrow(/roll it back/);
    await session.rollback();
    expect(await dumpGraph(db.executor)).toBe(before);
    expect(await query('MATCH (u:ImportUndo) RETURN count(u) AS n')).toEqual([{ n: 0 }]);
    expect(await query('MATCH (i:Import {id: $id}) RETURN i.status AS status', { id: session.id })).toEqual([{ status: 'rolled_back' }]);
  });

  it('through writeBundle in batched mode is undone whole (the conflict found by the writer, not before)', async () => {
    const before = await dumpGraph(db.executor);
    const cite = [{ source: SRC, quote: 'q' }];
    const bundle = parseBundle({
      nodes: [
        { id: 'person-patrushev', type: 'Person', properties: { name: 'Nikolai Patrushev', aliases: ['Bundle Alias'] }, citations: cite },
        ...Array.from({ length: 12 }, (_, i) => ({ id: `bulk-${i}`, type: 'Topic', properties: { name: `Bulk ${i}` }, citations: cite })),
      ],
      relationships: [
        { id: 'bulk-rel', type: 'KNOWS', source: 'person-patrushev', target: 'person-aliyev', citations: cite },
        // Claimed by a KNOWS between other people.
        { id: 'rel-patrushev-knows-usubov', type: 'KNOWS', source: 'person-aliyev', target: 'person-usubov', citations: cite },
      ],
    });
    const error = (await writeBundle(db.executor, bundle, { mode: 'batched', batchSize: 4 }).catch((e: unknown) => e)) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.issues!.map((i) => [i.path, i.code])).toEqual([['$.relationships[1].source', 'endpoint_change']]);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('atomic sessions', () => {
  it('write into one transaction: rolled back, nothing stays; committed, all of it', async () => {
    const before = await dumpGraph(db.executor);
    const a = await beginImport(db.executor, { description: 'atomic', expectedFacts: 3 });
    expect(a.mode).toBe('atomic');
    await a.write(batches('atomic')[0]!);
    await a.rollback();
    expect(await dumpGraph(db.executor)).toBe(before);
    const b = await beginImport(db.executor, { mode: 'atomic', description: 'atomic' });
    await b.write(batches('atomic')[0]!);
    await b.write(batches('atomic')[1]!);
    // Patrushev's nationality, and the stored relationship's other context.
    expect(await b.commit()).toMatchObject({ nodesCreated: 2, relationshipsCreated: 1, relationshipsMerged: 1, valuesAlsoStated: 2 });
    expect(await query("MATCH (n:Entity) WHERE n.id STARTS WITH 'atomic-' RETURN count(n) AS n")).toEqual([{ n: 2 }]);
    expect(await query('MATCH (i:Import {id: $id}) RETURN i.status AS status, i.mode AS mode', { id: b.id })).toEqual([
      { status: 'committed', mode: 'atomic' },
    ]);
  });

  it('auto is batched past 20,000 expected facts', async () => {
    const s = await beginImport(db.executor, { description: 'big', expectedFacts: 20_001 });
    expect(s.mode).toBe('batched');
    await s.rollback();
  });
});

describe('imports run one at a time', () => {
  it('a second import waits for the first to end', async () => {
    const first = await beginImport(db.executor, { mode: 'batched', description: 'first' });
    let started = false;
    const second = beginImport(db.executor, { mode: 'batched', description: 'second' }).then((s) => {
      started = true;
      return s;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(started).toBe(false);
    await first.write(batches('first')[0]!);
    await first.commit();
    const s = await second;
    expect(started).toBe(true);
    await s.write({ nodes: [person('second-1', 'Second')], relationships: [], records: [] });
    await s.commit();
    expect(await query("MATCH (n:Entity) WHERE n.id IN ['first-1', 'second-1'] RETURN count(n) AS n")).toEqual([{ n: 2 }]);
  });
});

describe('an import whose process was killed', () => {
  /** Runs a batched import in a child process that writes two batches and is killed with SIGKILL. */
  async function killedImport(): Promise<void> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-killed-'));
    const script = path.join(dir, 'child.ts');
    const root = path.resolve(__dirname, '../..');
    writeFileSync(
      script,
      `
      import { createDriver } from ${JSON.stringify(`${root}/server/src/db/database`)};
      import { Executor } from ${JSON.stringify(`${root}/server/src/db/executor`)};
      import { beginImport } from ${JSON.stringify(`${root}/server/src/import/write`)};
      const batches = ${JSON.stringify(batches('killed').slice(0, 2))};
      (async () => {
        const driver = createDriver(process.env.URI, 'neo4j', process.env.PASSWORD);
        const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 30000, writeTimeoutMs: 60000 });
        const session = await beginImport(executor, { mode: 'batched', description: 'killed' });
        for (const b of batches) await session.write(b);
        process.stdout.write('written\\n');
        setInterval(() => {}, 1000);
      })();
      `,
    );
    // Node itself with tsx as a loader: the tsx command runs the script in a grandchild, which a
    // SIGKILL of the command would orphan (still importing, and holding Jest's pipe open).
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, URI: process.env[URI_ENV], PASSWORD: testAuth().password },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('written')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  it('is rolled back by prepareDatabase: at once when the database is ours alone, else once its heartbeat is stale', async () => {
    const before = await dumpGraph(db.executor);
    await killedImport();
    const running = await query("MATCH (i:Import {status: 'running'}) RETURN i.id AS id");
    expect(running).toHaveLength(1);
    expect(await query("MATCH (n:Entity) WHERE n.id STARTS WITH 'killed-' RETURN count(n) AS n")).toEqual([{ n: 2 }]);
    expect(await query('MATCH (u:ImportUndo) RETURN count(u) AS n')).toEqual([{ n: 2 }]);
    expect(await dumpGraph(db.executor)).not.toBe(before);

    // Another process sharing the database may still be running it: its heartbeat is fresh.
    await prepareDatabase(db.executor);
    expect(await query("MATCH (i:Import {status: 'running'}) RETURN i.id AS id")).toEqual(running);
    // Silent for longer than the stale limit: rolled back.
    await query("MATCH (i:Import {status: 'running'}) SET i.heartbeat = datetime() - duration('PT10M')");
    await prepareDatabase(db.executor);
    expect(await query('MATCH (i:Import {id: $id}) RETURN i.status AS status', { id: running[0]!.id })).toEqual([
      { status: 'rolled_back' },
    ]);
    expect(await dumpGraph(db.executor)).toBe(before);

    // The embedded database is ours alone: no need to wait for the heartbeat.
    await killedImport();
    await prepareDatabase(db.executor, { exclusive: true });
    expect(await query("MATCH (i:Import {status: 'running'}) RETURN count(i) AS n")).toEqual([{ n: 0 }]);
    expect(await dumpGraph(db.executor)).toBe(before);
    // And the lock it held is free: the next import goes ahead.
    await importBundle(db.executor, JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});
