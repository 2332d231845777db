// Liaison's server as `npm start` runs it (server/src/main.ts), in a process of its own against a
// given Neo4j: benches that compare HTTP with the driver use it, so that the server's work (routing,
// JSON, compression) and the bench's client do not share one event loop, as they never do in use.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { readServerFile } from '../server/src/import/pipeline/instance';

export interface ServerProcess {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = path.join(__dirname, '..');

export async function startServerProcess(neo4j: { uri: string; user: string; password: string }): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-server-'));
  // BENCH_SERVER_NODE_ARGS: extra flags for the server's Node (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof to profile it).
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extra, '--import', 'tsx', path.join(ROOT, 'server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USER: neo4j.user,
      NEO4J_PASSWORD: neo4j.password,
      PORT: '0',
      LIAISON_DATA_DIR: dataDir,
      LIAISON_DEMO: 'false',
      LIAISON_EXIT_WITH_PARENT: '1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server process exited with ${child.exitCode} before it served`);
    const info = readServerFile(dataDir);
    if (info) {
      const res = await fetch(`${info.url}/api/health`).catch(() => null);
      if (res?.ok) return { base: info.url, pid: child.pid!, stop };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('the server process did not answer /api/health within 2 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
