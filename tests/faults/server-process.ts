// Runs the real Liaison server as a child process (directly, through scripts/start.mjs, or through
// `npm start`) with its own data directory, and reads its JSON log lines; for the fault tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

import { ROOT_DIR } from '../../server/src/config';

export interface LogLine {
  msg?: string;
  level?: string;
  [key: string]: unknown;
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** The process running server/src/main.ts. */
  serverPid: number;
  /** The Java process of the embedded Neo4j when the server logged that it was running (0: NEO4J_URI). */
  neo4jPid: number;
  lines: LogLine[];
  /** Resolves with the first log line (already seen or to come) whose message matches. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export type Launch = 'server' | 'start' | 'npm';

/** Starts Liaison in dataDir and resolves once it serves HTTP. */
export async function startServer(
  dataDir: string,
  options: { launch?: Launch; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LIAISON_DATA_DIR: dataDir,
    LIAISON_DEMO: 'false',
    LIAISON_NEO4J_HEAP: '512m',
    LIAISON_NEO4J_PAGECACHE_MB: '64',
    LOG_LEVEL: 'info',
    NEO4J_URI: '',
    ...options.env,
  };
  delete env.JEST_WORKER_ID;
  const launch = options.launch ?? 'server';
  const [cmd, args] =
    launch === 'npm'
      ? ['npm', ['start', '--silent']]
      : launch === 'start'
        ? [process.execPath, [path.join(ROOT_DIR, 'scripts', 'start.mjs')]]
        : [process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'server', 'src', 'main.ts')]];
  const proc = spawn(cmd as string, args as string[], { cwd: ROOT_DIR, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: LogLine[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (l: LogLine) => void }> = [];
  readline.createInterface({ input: proc.stderr! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    lines.push(line);
    for (const w of [...waiters])
      if (w.pattern.test(String(line.msg ?? ''))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForLog = (pattern: RegExp, timeoutMs: number) =>
    new Promise<LogLine>((resolve, reject) => {
      const seen = lines.find((l) => pattern.test(String(l.msg ?? '')));
      if (seen) return resolve(seen);
      const timer = setTimeout(() => {
        const tail = lines.slice(-15).map((l) => `${l.level ?? ''} ${l.msg ?? ''} ${JSON.stringify(l).slice(0, 300)}`);
        reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms; last lines:\n${tail.join('\n')}`));
      }, timeoutMs);
      waiters.push({
        pattern,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  const running = await Promise.race([
    waitForLog(/^Liaison is running on /, options.timeoutMs ?? 150_000),
    exited.then(({ code, signal }) => {
      throw new Error(`the server exited before serving (code ${code}, signal ${signal}): ${lines.map((l) => l.msg).join(' | ')}`);
    }),
  ]).catch((error: unknown) => {
    // Whatever did start ends with its parent (that is what the process tests check).
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
    throw error;
  });
  const url = /http:\/\/[^\s]+/.exec(String(running.msg))![0];
  return { proc, url, serverPid: Number(running.pid), neo4jPid: Number(running.neo4jPid ?? 0), lines, waitForLog, exited };
}

/** Resolves after ms without keeping Jest alive. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The parent of a process, from /proc (Linux). */
export function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Waits until none of the processes is alive; false when some still are after timeoutMs. */
export async function allGone(pids: number[], timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!pids.some(alive)) return true;
    await sleep(200);
  }
  return !pids.some(alive);
}

/** Polls fn until it returns a value that is not undefined, or throws after timeoutMs. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}

/** A valid bundle of n people, each cited, and n-1 KNOWS relationships between them: 2n facts. */
export function peopleBundle(prefix: string, n: number): unknown {
  const source = {
    id: `${prefix}-src`,
    type: 'Source',
    properties: { title: `Fault-test source ${prefix}`, publisher: 'Liaison tests', language: 'en' },
    citations: [],
  };
  const cite = [{ source: `${prefix}-src`, quote: 'Named in the fault-test register.', status: 'reported', lang: 'en' }];
  const people = Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-p${i}`,
    type: 'Person',
    properties: { name: `${prefix} person ${i}` },
    citations: cite,
  }));
  const knows = Array.from({ length: n - 1 }, (_, i) => ({
    id: `${prefix}-k${i}`,
    type: 'KNOWS',
    source: `${prefix}-p${i}`,
    target: `${prefix}-p${i + 1}`,
    properties: {},
    citations: cite,
  }));
  return { format: 'liaison-bundle', version: 1, nodes: [source, ...people], relationships: knows };
}
