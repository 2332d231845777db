// Opens Liaison's database: the Neo4j at NEO4J_URI when it is set, otherwise the embedded one this
// process starts and owns. Both go through the same driver and executor.
import path from 'node:path';

import neo4j, { type Driver } from 'neo4j-driver';

import type { Config } from '../config';
import { log } from '../log';
import { schemaStatements } from './cypher-files';
import { startEmbedded, type EmbeddedNeo4j } from './embedded';
import { Executor } from './executor';

export interface Database {
  driver: Driver;
  executor: Executor;
  uri: string;
  embedded: EmbeddedNeo4j | null;
  close(): Promise<void>;
}

// The embedded instance runs without authentication and accepts any credentials.
export function createDriver(uri: string, user: string, password: string): Driver {
  return neo4j.driver(uri, neo4j.auth.basic(user, password), {
    userAgent: 'liaison/0.1',
    // Fail fast when the database is down, so /api/health and the client can say so.
    connectionAcquisitionTimeout: 10_000,
    connectionTimeout: 5_000,
    maxTransactionRetryTime: 5_000,
    logging: { level: 'warn', logger: (level, message) => log.warn(`neo4j-driver ${level}`, { message }) },
  });
}

/**
 * Makes a freshly opened (or restarted) database ready for the app: the schema's constraints and
 * indexes, then the migrations of stored data. Every step is idempotent, so it runs on each start.
 */
export async function prepareDatabase(executor: Executor): Promise<void> {
  await executor.applySchema(schemaStatements());
}

export async function openDatabase(config: Config): Promise<Database> {
  let embedded: EmbeddedNeo4j | null = null;
  let uri = config.NEO4J_URI;
  if (!uri) {
    embedded = await startEmbedded({
      dataDir: path.join(config.LIAISON_DATA_DIR, 'neo4j'),
      port: config.LIAISON_NEO4J_PORT,
      heap: config.LIAISON_NEO4J_HEAP,
      pageCacheMb: config.LIAISON_NEO4J_PAGECACHE_MB,
    });
    uri = embedded.uri;
  }
  const driver = createDriver(uri, config.NEO4J_USER, config.NEO4J_PASSWORD);
  try {
    await driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
  } catch (error) {
    await driver.close();
    await embedded?.stop();
    throw error;
  }
  const executor = new Executor(driver, {
    database: config.NEO4J_DATABASE,
    readTimeoutMs: config.LIAISON_QUERY_TIMEOUT_MS,
    writeTimeoutMs: config.LIAISON_IMPORT_TIMEOUT_MS,
  });
  await prepareDatabase(executor);
  log.info('database ready', { uri, embedded: Boolean(embedded) });
  return {
    driver,
    executor,
    uri,
    embedded,
    close: async () => {
      await driver.close();
      await embedded?.stop();
    },
  };
}
