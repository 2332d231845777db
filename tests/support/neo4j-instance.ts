// Test-side handle on a real Neo4j: the embedded launcher on a free port with a temporary data
// directory, started once per Jest project by global-setup.ts; or NEO4J_TEST_URI if given.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startEmbedded, type EmbeddedNeo4j } from '../../server/src/db/embedded';

export const URI_ENV = 'LIAISON_TEST_NEO4J_URI';

export async function startTestNeo4j(): Promise<{ uri: string; stop: () => Promise<void> }> {
  if (process.env.NEO4J_TEST_URI) return { uri: process.env.NEO4J_TEST_URI, stop: async () => {} };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-test-neo4j-'));
  const instance: EmbeddedNeo4j = await startEmbedded({ dataDir, port: 0, heap: '1g', pageCacheMb: 128, txTimeoutSeconds: 60 });
  return {
    uri: instance.uri,
    stop: async () => {
      await instance.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
