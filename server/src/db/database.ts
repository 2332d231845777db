// Opens Liaison's database: the Neo4j at NEO4J_URI when it is set, otherwise the embedded one this
// process starts and owns. Both go through the same driver and executor.
import path from 'node:path';

import neo4j, { type Driver } from 'neo4j-driver';

import type { Config } from '../config';
import { log } from '../log';
import { schemaStatements } from './cypher-files';
import { startEmbedded, type EmbeddedNeo4j, type EmbeddedState } from './embedded';
import { Executor, createConsoleDriver } from './executor';
import { recoverImports } from '../import/write/journal';
import { migrate } from './migrations';

export interface Database {
  driver: Driver;
  executor: Executor;
  uri: string;
  embedded: EmbeddedNeo4j | null;
  /** The embedded database's life (running, restarting, failed); null for a Neo4j at NEO4J_URI. */
  state(): EmbeddedState | null;
  close(): Promise<void>;
}

/** A driver for Liaison's Neo4j; the embedded one wants user neo4j and the password in its data directory. */
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
 * indexes, the migrations of stored data, then the rollback of imports a stopped process left
 * running (import/write/journal.ts). Every step is idempotent, so it runs on each start.
 * `exclusive`: this process alone writes to the database (the embedded Neo4j, whose directory it
 * locks), so any running import not of this process is dead; otherwise only one whose heartbeat stopped.
 */
export async function prepareDatabase(executor: Executor, opts: { exclusive?: boolean } = {}): Promise<void> {
  await executor.applySchema(schemaStatements());
  await migrate(executor);
  await recoverImports(executor, opts);
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
  // The embedded instance has its own generated password; NEO4J_USER/NEO4J_PASSWORD are for a Neo4j at NEO4J_URI.
  const user = embedded ? embedded.user : config.NEO4J_USER;
  const password = embedded ? embedded.password : config.NEO4J_PASSWORD;
  const driver = createDriver(uri, user, password);
  try {
    await driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
  } catch (error) {
    await driver.close();
    await embedded?.stop();
    throw error;
  }
  // The console and the library get a small pool of their own, so a burst of them leaves the explorer its connections.
  const consoleDriver = createConsoleDriver(uri, neo4j.auth.basic(user, password), {
    connections: config.LIAISON_CONSOLE_CONNECTIONS,
    queueMs: config.LIAISON_CONSOLE_QUEUE_MS,
  });
  const executor = new Executor(driver, {
    database: config.NEO4J_DATABASE,
    readTimeoutMs: config.LIAISON_QUERY_TIMEOUT_MS,
    writeTimeoutMs: config.LIAISON_IMPORT_TIMEOUT_MS,
    consoleDriver,
    consoleConnections: config.LIAISON_CONSOLE_CONNECTIONS,
  });
  await prepareDatabase(executor, { exclusive: Boolean(embedded) });
  // After a crash the supervisor restarts Neo4j on the same port and password; the schema is
  // verified again before health says it is running.
  embedded?.onRestart(() => prepareDatabase(executor, { exclusive: true }));
  log.info('database ready', { uri, embedded: Boolean(embedded) });
  return {
    driver,
    executor,
    uri,
    embedded,
    state: () => embedded?.state() ?? null,
    close: async () => {
      await consoleDriver.close();
      await driver.close();
      await embedded?.stop();
    },
  };
}
