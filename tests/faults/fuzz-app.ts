// What the fuzzer runs against: the real app on the real embedded Neo4j with the demo loaded, twice —
// once with the per-client limits raised so requests reach the code behind them, once with the
// defaults so the limiters themselves are fuzzed.
import path from 'node:path';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';

import { ROOT_DIR } from '../../server/src/config';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';
import { PASSWORD_ENV, URI_ENV, startTestNeo4j } from '../support/neo4j-instance';

export const FUZZ_TOKEN = 'fuzz-token-0123456789abcdef';

type Served = { url: string; close: () => Promise<void> };

export interface FuzzApp {
  db: TestDb;
  /** Limits raised: the console's rate and running-query share, exports a minute, failed tokens. */
  fuzzed: Served;
  /** The default limits. */
  limited: Served;
  token: string;
  close(): Promise<void>;
}

/** `startNeo4j`: start an embedded Neo4j of its own (the runner); else use the one Jest's global set-up started. */
export async function fuzzApp(options: { startNeo4j: boolean }): Promise<FuzzApp> {
  let stopNeo4j: (() => Promise<void>) | null = null;
  if (options.startNeo4j && !process.env[URI_ENV]) {
    const neo4j = await startTestNeo4j();
    process.env[URI_ENV] = neo4j.uri;
    process.env[PASSWORD_ENV] = neo4j.password;
    stopNeo4j = neo4j.stop;
  }
  const db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  // A data directory of its own: the fuzzer creates users, keys, sessions and uploads, which must not
  // outlive it (the tests' default, /nonexistent, is creatable by root, and other test files would
  // then find users there).
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-fuzz-'));
  const clientDir = path.join(ROOT_DIR, 'dist', 'client');
  const base = { executor: db.executor, ...(existsSync(clientDir) ? { clientDir } : {}) };
  const fuzzed = await serve({
    ...base,
    config: testConfig({
      LIAISON_DATA_DIR: dataDir,
      LIAISON_API_TOKEN: FUZZ_TOKEN,
      LIAISON_CYPHER_RATE_PER_MINUTE: 1_000_000,
      LIAISON_CONSOLE_PER_CLIENT: 1_000,
      LIAISON_QUERY_TIMEOUT_MS: 5_000,
    }),
    limits: { exportsPerMinute: 1_000_000, failedTokens: 1_000_000 },
  });
  const limited = await serve({ ...base, config: testConfig({ LIAISON_DATA_DIR: dataDir, LIAISON_API_TOKEN: FUZZ_TOKEN }) });
  return {
    db,
    fuzzed,
    limited,
    token: FUZZ_TOKEN,
    close: async () => {
      await fuzzed.close();
      await limited.close();
      await db.close();
      await stopNeo4j?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
