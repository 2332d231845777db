// The embedded Neo4j keeps its data across a stop (SIGTERM) and a start on the same directory,
// and the demo graph is loaded into an empty database only, never twice.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';

import { schemaStatements } from '../../server/src/db/cypher-files';
import { createDriver } from '../../server/src/db/database';
import { startEmbedded, type EmbeddedNeo4j } from '../../server/src/db/embedded';
import { Executor } from '../../server/src/db/executor';
import { graphCounts, loadDemoIfEmpty } from '../../server/src/import/demo';
import { dumpGraph } from '../support/db';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withInstance<T>(work: (executor: Executor, instance: EmbeddedNeo4j) => Promise<T>): Promise<T> {
  const instance = await startEmbedded({ dataDir, heap: '512m', pageCacheMb: 64 });
  const driver = createDriver(instance.uri, 'neo4j', '');
  try {
    const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 30_000, writeTimeoutMs: 60_000 });
    await executor.applySchema(schemaStatements());
    return await work(executor, instance);
  } finally {
    await driver.close();
    await instance.stop();
  }
}

describe('embedded Neo4j across restarts', () => {
  it('keeps every node, relationship and citation, and loads the demo only once', async () => {
    const first = await withInstance(async (executor) => {
      expect(await loadDemoIfEmpty(executor)).toBe(true);
      return { counts: await graphCounts(executor), dump: await dumpGraph(executor) };
    });
    expect(first.counts.nodes).toBeGreaterThan(40);

    const second = await withInstance(async (executor) => {
      expect(await loadDemoIfEmpty(executor)).toBe(false);
      return { counts: await graphCounts(executor), dump: await dumpGraph(executor) };
    });
    expect(second.counts).toEqual(first.counts);
    expect(second.dump).toBe(first.dump);
  }, 180_000);

  it('refuses a second instance on the same data directory with a clear error', async () => {
    await withInstance(async () => {
      await expect(startEmbedded({ dataDir, heap: '512m', pageCacheMb: 64, startTimeoutMs: 60_000 })).rejects.toThrow(/data directory/);
    });
  }, 180_000);
});
