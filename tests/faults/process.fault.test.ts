// Signals and dead parents, against real processes: SIGTERM lets requests in flight finish, refuses
// new connections and ends Java; SIGTERM or SIGKILL of `npm start` leaves no orphan server or Java;
// a server ended by a signal (SIGKILL, or a graceful SIGTERM sent to it alone) makes
// scripts/start.mjs exit non-zero.
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from '@jest/globals';

import { URI_ENV, testAuth } from '../support/neo4j-instance';
import { allGone, alive, parentPid, peopleBundle, sleep, startServer, type ServerProcess } from './server-process';

const TOKEN = 'fault-test-token-0123456789';
const dirs: string[] = [];
const started: ServerProcess[] = [];

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-fault-proc-'));
  writeFileSync(path.join(dir, 'api-token'), TOKEN);
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  // Whatever a failed test left running.
  for (const s of started)
    for (const pid of [s.proc.pid!, s.serverPid, s.neo4jPid])
      if (pid && alive(pid))
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone meanwhile */
        }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function start(launch: 'server' | 'start' | 'npm', env: Record<string, string> = {}): Promise<ServerProcess> {
  const s = await startServer(dataDir(), { launch, env, timeoutMs: 200_000 });
  started.push(s);
  return s;
}

/**
 * POSTs an import whose body arrives in two halves, pauseMs apart: a request in flight for that long.
 * It asks for `100 Continue` and sends the body only once the server has answered it, so onFirstHalf
 * means the server has accepted the connection and is running the request. (Counting from the
 * client's write alone let CI signal while the connection still sat in the kernel's accept queue,
 * where closing the listening socket resets it: a request never in flight, not a graceless shutdown.)
 */
function slowImport(url: string, body: string, pauseMs: number, onFirstHalf: () => void): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/import`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${TOKEN}`,
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.once('continue', () => {
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half), () => onFirstHalf());
      setTimeout(() => req.end(body.slice(half)), pauseMs);
    });
    req.flushHeaders();
  });
}

describe('signals and dead parents', () => {
  it('on SIGTERM refuses new connections, finishes the requests in flight, then exits 143 and stops Java', async () => {
    const s = await start('server');
    let sent = 0;
    let settled = 0;
    const pendings: Array<Promise<{ status: number; body: string }>> = [];
    const bothStarted = new Promise<void>((resolve) => {
      const onHalf = () => ++sent === 2 && resolve();
      pendings.push(slowImport(s.url, JSON.stringify(peopleBundle('slow-a', 20)), 2_000, onHalf));
      pendings.push(slowImport(s.url, JSON.stringify(peopleBundle('slow-b', 20)), 2_500, onHalf));
    });
    for (const p of pendings) void p.finally(() => (settled += 1));
    await bothStarted;
    s.proc.kill('SIGTERM');
    await s.waitForLog(/^SIGTERM: shutting down/, 1_500);
    // While both requests are still in flight and the process lives, a new connection is not served:
    // refused, or reset when the kernel had queued it just before the listening socket closed.
    const refused = await fetch(`${s.url}/api/health`).then(
      (res) => `answered ${res.status}`,
      (error: unknown) => String((error as { cause?: { code?: string } }).cause?.code ?? error),
    );
    expect({ settled, alive: alive(s.serverPid) }).toEqual({ settled: 0, alive: true });
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(refused);
    const answers = await Promise.all(pendings);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const exit = await Promise.race([s.exited, sleep(60_000).then(() => 'timeout')]);
    // 128 + 15: ended by a signal, though gracefully.
    expect(exit).toEqual({ code: 143, signal: null });
    expect(await allGone([s.neo4jPid], 10_000)).toBe(true);
  }, 240_000);

  it('leaves no orphan server or Java when npm start is sent SIGTERM or SIGKILL, and start.mjs fails when its server is killed', async () => {
    // The third tree uses the test set-up's Neo4j (NEO4J_URI: no Java of its own) to spare the machine a start.
    const external = { NEO4J_URI: process.env[URI_ENV]!, NEO4J_PASSWORD: testAuth().password };
    const [byTerm, byKill, direct] = await Promise.all([start('npm'), start('npm'), start('start', external)]);
    // After the first (two servers applying the schema to one database at once would wait on each other).
    const directTerm = await start('start', external);
    const tree = (s: ServerProcess) => ({ npm: s.proc.pid!, start: parentPid(s.serverPid), server: s.serverPid, java: s.neo4jPid });
    const termTree = tree(byTerm);
    const killTree = tree(byKill);
    for (const t of [termTree, killTree]) expect(Object.values(t).every(alive)).toBe(true);

    process.kill(termTree.npm, 'SIGTERM');
    process.kill(killTree.npm, 'SIGKILL');
    process.kill(direct.serverPid, 'SIGKILL');
    // kill -TERM of the server alone: it shuts down gracefully, yet the app is gone, so start.mjs
    // (which was sent nothing) fails too.
    process.kill(directTerm.serverPid, 'SIGTERM');

    const [directExit, directTermExit] = await Promise.all(
      [direct, directTerm].map((d) => Promise.race([d.exited, sleep(30_000).then(() => 'timeout')])),
    );
    expect({ directExit, directTermExit }).toEqual({
      directExit: { code: 137, signal: null },
      directTermExit: { code: 143, signal: null },
    });
    const [termGone, killGone, directServerGone] = await Promise.all([
      allGone([termTree.start, termTree.server, termTree.java], 60_000),
      allGone([killTree.start, killTree.server, killTree.java], 60_000),
      allGone([direct.serverPid], 30_000),
    ]);
    expect({ termGone, killGone, directServerGone }).toEqual({ termGone: true, killGone: true, directServerGone: true });
  }, 300_000);
});
