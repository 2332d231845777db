// The embedded Neo4j keeps its data across a stop (SIGTERM) and a start on the same directory, the
// demo graph is loaded into an empty database only, and its Bolt port is locked: a generated
// password (owner-only file), LOAD CSV confined to <data>/import.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

import { afterAll, describe, expect, it } from '@jest/globals';
import neo4j from 'neo4j-driver';

import { schemaStatements } from '../../server/src/db/cypher-files';
import { createDriver } from '../../server/src/db/database';
import { LAUNCHER_JAR, freePort, startEmbedded, type EmbeddedNeo4j } from '../../server/src/db/embedded';
import { Executor } from '../../server/src/db/executor';
import { graphCounts, loadDemoIfEmpty } from '../../server/src/import/demo';
import { dumpGraph } from '../support/db';
import { URI_ENV, testAuth } from '../support/neo4j-instance';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function withInstance<T>(work: (executor: Executor, instance: EmbeddedNeo4j) => Promise<T>): Promise<T> {
  const instance = await startEmbedded({ dataDir, heap: '512m', pageCacheMb: 64 });
  const driver = createDriver(instance.uri, instance.user, instance.password);
  try {
    const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 30_000, writeTimeoutMs: 60_000 });
    await executor.applySchema(schemaStatements());
    return await work(executor, instance);
  } finally {
    await driver.close();
    await instance.stop();
  }
}

/** Runs one statement with the given credentials; resolves with the rows or rejects with the driver's error. */
async function run(uri: string, password: string, text: string): Promise<Record<string, unknown>[]> {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
  const session = driver.session({ database: 'neo4j' });
  try {
    return (await session.run(text)).records.map((r) => r.toObject());
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Runs the launcher as the release before the password did (no --password-file: auth off) and writes a node. */
async function writeWithOldRelease(dir: string): Promise<void> {
  const port = await freePort();
  const old = spawn('java', ['-Xmx512m', '-jar', LAUNCHER_JAR, '--data', dir, '--port', String(port), '--pagecache', '64'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise((resolve) => old.once('exit', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the old launcher did not start in 120 s')), 120_000);
      readline.createInterface({ input: old.stdout! }).on('line', (line) => {
        if (line.startsWith('LIAISON_NEO4J_READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await run(`bolt://127.0.0.1:${port}`, 'anything', 'CREATE (:OldRelease {id: 1})');
  } finally {
    old.kill('SIGTERM');
    await exited;
  }
}

describe('embedded Neo4j across restarts', () => {
  it('opens a store of the release without auth with the generated password, keeps every fact, loads the demo only once', async () => {
    await writeWithOldRelease(dataDir);
    const first = await withInstance(async (executor, instance) => {
      expect(statSync(instance.passwordFile).mode & 0o777).toBe(0o600);
      await expect(run(instance.uri, 'anything', 'RETURN 1')).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
      expect(await run(instance.uri, instance.password, 'MATCH (n:OldRelease) DETACH DELETE n RETURN count(n) AS n')).toEqual([
        { n: neo4j.int(1) },
      ]);
      expect(await loadDemoIfEmpty(executor)).toBe(true);
      return { counts: await graphCounts(executor), dump: await dumpGraph(executor), password: instance.password };
    });
    expect(first.counts.nodes).toBeGreaterThan(40);

    // The second start finds the password file and sets the same password again (idempotent).
    const second = await withInstance(async (executor, instance) => {
      expect(instance.password).toBe(first.password);
      expect(await loadDemoIfEmpty(executor)).toBe(false);
      return { counts: await graphCounts(executor), dump: await dumpGraph(executor) };
    });
    expect(second.counts).toEqual(first.counts);
    expect(second.dump).toBe(first.dump);
  }, 300_000);

  it('refuses a second instance on the same data directory with a clear error', async () => {
    await withInstance(async () => {
      await expect(startEmbedded({ dataDir, heap: '512m', pageCacheMb: 64, startTimeoutMs: 60_000 })).rejects.toThrow(/data directory/);
    });
  }, 180_000);
});

describe('the embedded Bolt port', () => {
  const uri = () => process.env[URI_ENV]!;

  it('refuses a connection without the password, or with another one', async () => {
    await expect(run(uri(), '', 'RETURN 1')).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    await expect(run(uri(), 'neo4j', 'RETURN 1')).rejects.toMatchObject({ code: 'Neo.ClientError.Security.Unauthorized' });
    await expect(run(uri(), testAuth().password, 'RETURN 1 AS one')).resolves.toEqual([{ one: neo4j.int(1) }]);
  });

  it('keeps LOAD CSV inside the import directory', async () => {
    await expect(run(uri(), testAuth().password, "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.ExternalResourceFailed',
    });
    await expect(
      run(uri(), testAuth().password, "LOAD CSV FROM 'file:///../../../../../../etc/passwd' AS l RETURN l"),
    ).rejects.toMatchObject({
      code: 'Neo.ClientError.Statement.ExternalResourceFailed',
    });
  });

  it('still answers built-in procedures such as dbms.listConfig to the password holder (the allow-list covers plugins only)', async () => {
    // Found in 5.26: dbms.security.procedures.allowlist does not apply to built-in procedures, and
    // Community has no privileges to deny them; the password is what keeps other processes out.
    const rows = await run(uri(), testAuth().password, 'CALL dbms.listConfig() YIELD name RETURN count(name) AS n');
    expect(Number(rows[0]!.n)).toBeGreaterThan(10);
  });
});
