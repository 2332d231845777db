// Opens the test database from inside a test file: driver, executor with the schema applied, and a
// reset that empties the graph. Integration tests run one file at a time (--runInBand).
import path from 'node:path';

import type { Driver } from 'neo4j-driver';

import { createDriver, prepareDatabase } from '../../server/src/db/database';
import { Executor } from '../../server/src/db/executor';
import { importBundle } from '../../server/src/import/bundle';
import { readFileSync } from 'node:fs';
import { toJson, type Json } from '../../server/src/db/values';
import { URI_ENV, testAuth } from './neo4j-instance';

export const DEMO_FILE = path.resolve(__dirname, '../../data/demo/patrushev-2019.json');

export interface TestDb {
  driver: Driver;
  executor: Executor;
  uri: string;
  /** The password of user neo4j, for child processes given NEO4J_URI (NEO4J_PASSWORD). */
  password: string;
  reset(): Promise<void>;
  loadDemo(): Promise<void>;
  close(): Promise<void>;
}

export async function openTestDb(): Promise<TestDb> {
  const uri = process.env[URI_ENV];
  if (!uri) throw new Error(`${URI_ENV} is not set: run integration tests through jest (global-setup.ts starts Neo4j)`);
  const { user, password } = testAuth();
  const driver = createDriver(uri, user, password);
  const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 30_000, writeTimeoutMs: 120_000 });
  await prepareDatabase(executor);
  return {
    driver,
    executor,
    uri,
    password,
    reset: async () => {
      await executor.autoCommit('system/clear-graph');
    },
    loadDemo: async () => {
      await importBundle(executor, JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as unknown);
    },
    close: () => driver.close(),
  };
}

/** The whole graph as canonical JSON (keys sorted, values as the API would give them). */
export async function dumpGraph(executor: Executor): Promise<string> {
  const r = (await executor.read('system/dump-graph')).records[0]!;
  return JSON.stringify(sortKeys(toJson({ nodes: r.get('nodes'), relationships: r.get('relationships') })));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, Json>)[k]!)]),
    );
  return value;
}
