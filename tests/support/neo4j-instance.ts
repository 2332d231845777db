// Test-side handle on a real Neo4j: the embedded launcher on a free port with a temporary data
// directory, started once per Jest project by global-setup.ts; or NEO4J_TEST_URI (and
// NEO4J_TEST_PASSWORD) if given. Test files read both from the environment variables below.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startEmbedded, type EmbeddedNeo4j } from '../../server/src/db/embedded';

export const URI_ENV = 'LIAISON_TEST_NEO4J_URI';
/** The password of user neo4j on the test database (the embedded one generates its own). */
export const PASSWORD_ENV = 'LIAISON_TEST_NEO4J_PASSWORD';

/** User and password for the test database, from the environment global-setup.ts filled in. */
export function testAuth(): { user: string; password: string } {
  return { user: 'neo4j', password: process.env[PASSWORD_ENV] ?? '' };
}

export async function startTestNeo4j(): Promise<{ uri: string; password: string; stop: () => Promise<void> }> {
  if (process.env.NEO4J_TEST_URI)
    return { uri: process.env.NEO4J_TEST_URI, password: process.env.NEO4J_TEST_PASSWORD ?? '', stop: async () => {} };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-test-neo4j-'));
  const instance: EmbeddedNeo4j = await startEmbedded({ dataDir, port: 0, heap: '1g', pageCacheMb: 128, txTimeoutSeconds: 60 });
  return {
    uri: instance.uri,
    password: instance.password,
    stop: async () => {
      await instance.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
