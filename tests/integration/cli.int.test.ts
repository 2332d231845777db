// The command-line tools as a user runs them: `npm run import` against a real database, and the
// one-sentence explanation when Java is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { ROOT_DIR } from '../../server/src/config';
import { graphCounts } from '../../server/src/import/demo';
import { DEMO_FILE, openTestDb, type TestDb } from '../support/db';

let db: TestDb;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'liaison-cli-'));
const tsx = path.join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function importCli(...args: string[]) {
  return spawnSync(process.execPath, [tsx, path.join(ROOT_DIR, 'server/src/cli/import.ts'), ...args], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
    env: { ...process.env, NEO4J_URI: db.uri, NEO4J_PASSWORD: db.password, LIAISON_DEMO: 'false', LOG_LEVEL: 'warn' },
    timeout: 120_000,
  });
}

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.reset();
});

describe('npm run import', () => {
  it('imports a bundle and prints its summary', () => {
    const run = importCli(DEMO_FILE);
    expect(run.stderr).not.toMatch(/Error:/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/"nodesCreated":46/);
    expect(run.stderr).toMatch(/writing facts[^\n]* 100%/);
  });

  it('lists every problem of an invalid bundle with its path, exits non-zero and writes nothing', async () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        nodes: [
          { id: 'p1', type: 'Person', properties: { name: '' }, citations: [] },
          { id: 'm1', type: 'Meeting', properties: { title: 'M', kind: 'chat', status: 'held' }, citations: [] },
        ],
      }),
    );
    const run = importCli(bad);
    expect(run.status).toBe(65);
    expect(run.stderr).toContain('$.nodes[0].properties.name');
    expect(run.stderr).toContain('$.nodes[1].properties.kind');
    expect((await graphCounts(db.executor)).nodes).toBe(0);
  });

  it('says what is wrong with a file that is not JSON', () => {
    const broken = path.join(tmp, 'broken.json');
    writeFileSync(broken, '{"nodes": [');
    const run = importCli(broken);
    expect(run.status).toBe(65);
    expect(run.stderr).toMatch(/cannot read JSON/);
  });
});

describe('set-up without Java', () => {
  it('explains in one sentence what to install, or to use Docker', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT_DIR, 'scripts/ensure-launcher.mjs')], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      env: { PATH: tmp, HOME: tmp }, // no java, no mvn on this PATH
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Java 17/);
    expect(lines[0]).toMatch(/docker compose up/);
  });
});
