// Starts Liaison's embedded Neo4j (neo4j-launcher/, Java 17) as a child process and owns its life:
// picks a port, waits for the ready line, restarts it with backoff when it dies (same port and
// password, so drivers just reconnect), and stops it with SIGTERM so nothing is lost.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

import { ALLOWED_PROCEDURES as CONSOLE_PROCEDURES } from '../console/allow-list';
import { UnavailableError } from '../errors';
import { log } from '../log';

export const LAUNCHER_DIR = path.resolve(__dirname, '../../../neo4j-launcher');
export const LAUNCHER_JAR = path.join(LAUNCHER_DIR, 'target', 'neo4j-launcher.jar');
const READY_PREFIX = 'LIAISON_NEO4J_READY ';
/** The only user of the embedded instance; Community edition has no roles to give anyone less. */
export const EMBEDDED_USER = 'neo4j';
/** Beside the store, so the password travels (and is deleted) with the data it guards. */
export const PASSWORD_FILE = 'neo4j-password';

/**
 * Procedures the embedded Neo4j allows: the console's (console/allow-list.ts, the one list of what a
 * user's query may call) plus the few only the app itself calls (waiting for indexes after a schema
 * change; the version for /api/health). In Neo4j 5.26 the allow-list governs only procedures loaded
 * from plugins: built-in ones (dbms.listConfig too) stay callable, so this is a guard against a plugin
 * dropped in later, not a restriction of the built-ins.
 */
export const ALLOWED_PROCEDURES: readonly string[] = [...CONSOLE_PROCEDURES, 'db.awaitIndexes', 'db.awaitIndex', 'dbms.components'];

export interface RestartPolicyOptions {
  /** Crashes within windowMs after which restarts stop. */
  maxCrashes: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  maxCrashes: 5,
  windowMs: 10 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

/** When to restart after a crash: doubling delays, and none at all after too many crashes in a window. */
export class RestartPolicy {
  private crashes: number[] = [];
  constructor(private readonly options: RestartPolicyOptions = DEFAULT_RESTART_POLICY) {}

  /** Records a crash at `now` (ms); returns the delay before the next start, or null to give up. */
  crashed(now: number): number | null {
    this.crashes = [...this.crashes.filter((t) => now - t < this.options.windowMs), now];
    if (this.crashes.length >= this.options.maxCrashes) return null;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (this.crashes.length - 1));
  }

  /** Crashes counted in the current window (the last one recorded by crashed()). */
  get recent(): number {
    return this.crashes.length;
  }
}

/**
 * Neo4j's transaction-memory limits for a heap size: all transactions together get ~55 % of the
 * heap, one transaction ~45 %, so a greedy query meets Neo4j's limit (an error for that query)
 * before the JVM runs out of heap. Allocations Neo4j does not track (e.g. string concatenation)
 * can still exhaust the heap; the JVM is started so that this fails only the query (see below).
 */
export function transactionMemoryLimits(heap: string): { totalMb: number; perTransactionMb: number } {
  const m = /^(\d+)([mg])$/i.exec(heap);
  if (!m) throw new Error(`heap must look like 512m or 2g, not ${heap}`);
  const heapMb = Number(m[1]) * (m[2]!.toLowerCase() === 'g' ? 1024 : 1);
  return { totalMb: Math.floor(heapMb * 0.55), perTransactionMb: Math.floor(heapMb * 0.45) };
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port (kept across restarts). */
  port?: number;
  heap?: string;
  pageCacheMb?: number;
  txTimeoutSeconds?: number;
  startTimeoutMs?: number;
  /** When to restart after a crash and when to give up (DEFAULT_RESTART_POLICY). */
  restartPolicy?: Partial<RestartPolicyOptions>;
}

export type EmbeddedStatus = 'running' | 'restarting' | 'failed' | 'stopped';

export interface EmbeddedState {
  status: EmbeddedStatus;
  /** Why it is not running, in a sentence for /api/health; null while running. */
  detail: string | null;
  /** Restarts since this process started it. */
  restarts: number;
}

export interface EmbeddedNeo4j {
  uri: string;
  port: number;
  dataDir: string;
  user: string;
  password: string;
  passwordFile: string;
  /** Where LOAD CSV FROM 'file:///…' reads. */
  importDir: string;
  logFile: string;
  /** The Java process's id while one runs. */
  pid(): number | null;
  state(): EmbeddedState;
  /** Work to redo after each restart, before the state is 'running' again (schema, migrations). */
  onRestart(hook: () => Promise<void>): void;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Why the embedded database cannot start on this machine, in one sentence; null when it can. */
export function embeddedPrerequisiteProblem(): string | null {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0)
    return 'Java 17 or newer is needed to run the embedded Neo4j, and `java` was not found: install a JDK 17, or run Neo4j yourself (e.g. `docker compose up`) and set NEO4J_URI.';
  const m = /version "(\d+)/.exec(`${java.stderr}${java.stdout}`);
  if (m && Number(m[1]) < 17)
    return `Java ${m[1]} was found, but the embedded Neo4j needs Java 17 or newer; install a JDK 17, or set NEO4J_URI to a Neo4j you run yourself (e.g. \`docker compose up\`).`;
  if (!existsSync(LAUNCHER_JAR))
    return 'The embedded Neo4j launcher is not built: run `npm start` (it builds it with Maven) or `npm run build:launcher`, or set NEO4J_URI to a Neo4j you run yourself.';
  return null;
}

/** The password of the embedded instance: read from its file, or generated into it (mode 0600) on first start. */
export function ensurePassword(file: string): string {
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const password = readFileSync(file, 'utf8').trim();
    if (password.length >= 8) return password;
    log.warn('the embedded Neo4j password file held no usable password; writing a new one', { file });
  }
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}

/** The launcher log, written best-effort: a full disk or a read-only directory costs the log, not the server. */
class LauncherLog {
  private stream: WriteStream | null = null;
  private failed = false;
  /** The last lines, kept in memory for the crash report even when the file cannot be written. */
  private readonly tail: string[] = [];

  constructor(private readonly file: string) {}

  open(): void {
    // A stream left open by an earlier launch is ended first: one stream (one fd) at a time.
    this.close();
    this.failed = false;
    try {
      const stream = createWriteStream(this.file, { flags: 'a' });
      stream.on('error', (error) => this.fail(error));
      this.stream = stream;
    } catch (error) {
      this.fail(error);
    }
  }

  write(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 20) this.tail.shift();
    if (!this.failed) this.stream?.write(`${line}\n`);
  }

  lastLines(n: number): string[] {
    return this.tail.slice(-n);
  }

  close(): void {
    if (!this.failed) this.stream?.end();
    this.stream = null;
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.stream?.destroy();
    this.stream = null;
    log.warn('cannot write the embedded Neo4j log; carrying on without it', {
      file: this.file,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const problem = embeddedPrerequisiteProblem();
  if (problem) throw new UnavailableError(problem);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const passwordFile = path.join(dataDir, PASSWORD_FILE);
  const password = ensurePassword(passwordFile);
  const heap = options.heap ?? '2g';
  const memory = transactionMemoryLimits(heap);
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  const args = [
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    // No -XX:+ExitOnOutOfMemoryError: an allocation Neo4j does not track (a string doubled in
    // reduce()) then fails in the query's thread, and Neo4j answers that query with
    // Neo.TransientError.General.OutOfMemoryError while the database stays up. Should the JVM die
    // anyway, the supervisor below restarts it.
    '-jar',
    LAUNCHER_JAR,
    '--data',
    dataDir,
    '--port',
    String(port),
    '--pagecache',
    String(options.pageCacheMb ?? 512),
    '--tx-timeout',
    String(options.txTimeoutSeconds ?? 120),
    '--tx-memory',
    String(memory.totalMb),
    '--tx-memory-max',
    String(memory.perTransactionMb),
    '--password-file',
    passwordFile,
    '--procedures',
    ALLOWED_PROCEDURES.join(','),
    '--exit-on-stdin-eof',
  ];
  const logFile = path.join(dataDir, 'neo4j-launcher.log');
  const launcherLog = new LauncherLog(logFile);
  const policy = new RestartPolicy({ ...DEFAULT_RESTART_POLICY, ...options.restartPolicy });
  const hooks: Array<() => Promise<void>> = [];
  let child: ChildProcess | null = null;
  let state: EmbeddedState = { status: 'restarting', detail: 'the embedded database is starting', restarts: 0 };
  let stopping: Promise<void> | null = null;
  let restartTimer: NodeJS.Timeout | null = null;

  const alive = (proc: ChildProcess) => proc.exitCode === null && proc.signalCode === null;
  /** Launches given up on by the supervisor itself (their hooks failed): their exit is no new crash. */
  const retired = new WeakSet<ChildProcess>();

  /** Starts Java and resolves with the Bolt URI once it is ready; rejects if it exits or times out first. */
  const launch = (): Promise<{ uri: string; proc: ChildProcess }> => {
    launcherLog.open();
    // stdin stays a pipe we never close: if this process dies, the launcher sees EOF and stops.
    const proc = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    // Both pipes are always drained (a full pipe would block Java), whatever becomes of the log file.
    readline.createInterface({ input: proc.stderr! }).on('line', (line) => launcherLog.write(line));
    const stdout = readline.createInterface({ input: proc.stdout! });
    const started = new Promise<{ uri: string; proc: ChildProcess }>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new UnavailableError(`The embedded Neo4j did not start within ${startTimeoutMs / 1000} s; see ${logFile}.`));
      }, startTimeoutMs);
      stdout.on('line', (line) => {
        launcherLog.write(line);
        if (line.startsWith(READY_PREFIX)) {
          clearTimeout(timer);
          resolve({ uri: line.slice(READY_PREFIX.length).trim(), proc });
        }
      });
      proc.once('error', (error) => {
        clearTimeout(timer);
        reject(new UnavailableError(`The embedded Neo4j could not be started: ${error.message}.`));
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new UnavailableError(
            `The embedded Neo4j exited during start-up (${describeExit(code, signal)}); see ${logFile}. ` +
              'Another Liaison may be using the same data directory (LIAISON_DATA_DIR).',
          ),
        );
      });
    });
    // A launch that never got ready owns no log stream any more (watch() closes it for the others).
    return started.catch((error: unknown) => {
      launcherLog.close();
      throw error;
    });
  };

  const watch = (proc: ChildProcess) => {
    proc.once('exit', (code, signal) => {
      launcherLog.close();
      if (stopping || retired.has(proc)) return;
      crashed(`the embedded database stopped (${describeExit(code, signal)})`);
    });
  };

  /** Stops a launch the supervisor gives up on (SIGTERM, SIGKILL after 30 s); resolves once it has exited. */
  const retire = (proc: ChildProcess) =>
    new Promise<void>((resolve) => {
      retired.add(proc);
      if (!alive(proc)) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 30_000).unref();
    });

  const crashed = (cause: string) => {
    const at = new Date();
    log.error(`${cause}; last lines of ${logFile}:`, { lines: launcherLog.lastLines(10), neo4jPid: child?.pid ?? null });
    const delay = policy.crashed(at.getTime());
    if (delay === null) {
      const windowMin = Math.round((options.restartPolicy?.windowMs ?? DEFAULT_RESTART_POLICY.windowMs) / 60_000);
      state = {
        ...state,
        status: 'failed',
        detail:
          `${cause} at ${at.toISOString()}; that is crash ${policy.recent} within ${windowMin} minutes, so it is not ` +
          `restarted again: see ${path.basename(logFile)} in the data directory, then restart Liaison`,
      };
      log.error(`not restarting the embedded database: ${policy.recent} crashes within ${windowMin} minutes`, { logFile });
      return;
    }
    const attempt = state.restarts + 1;
    state = { ...state, status: 'restarting', detail: `${cause} at ${at.toISOString()}; restarting, attempt ${attempt}` };
    log.warn(`restarting the embedded database in ${delay / 1000} s (attempt ${attempt})`);
    restartTimer = setTimeout(() => void restart(attempt), delay);
  };

  const restart = async (attempt: number) => {
    restartTimer = null;
    if (stopping) return;
    state = { ...state, restarts: attempt };
    let proc: ChildProcess;
    try {
      ({ proc } = await launch());
    } catch (error) {
      if (stopping) return;
      crashed(`the embedded database did not start again (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (stopping) return;
    watch(proc);
    try {
      for (const hook of hooks) await hook();
    } catch (error) {
      // Java died during the hooks: its exit has been (or will be) reported by watch() as a crash.
      if (stopping || child !== proc || !alive(proc)) return;
      // A database that could not be prepared (schema, migrations) is a failed start: stopped,
      // counted by the policy and tried again after the backoff.
      const message = error instanceof Error ? error.message : String(error);
      log.error('after restarting the embedded database, preparing it failed', { error: message });
      await retire(proc);
      if (stopping) return;
      crashed(`the restarted embedded database could not be prepared (${message})`);
      return;
    }
    // Only the launch still current and alive is 'running'; a crash during the hooks has already
    // set 'restarting' (or 'failed') and must not be overwritten.
    if (stopping || child !== proc || !alive(proc)) return;
    state = { ...state, status: 'running', detail: null };
    log.info('embedded Neo4j running again', { uri, neo4jPid: proc.pid ?? null, restarts: attempt });
  };

  const first = await launch();
  const uri = first.uri;
  state = { status: 'running', detail: null, restarts: 0 };
  log.info('embedded Neo4j ready', { uri, dataDir, neo4jPid: first.proc.pid ?? null });
  watch(first.proc);

  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      if (restartTimer) clearTimeout(restartTimer);
      const proc = child;
      const done = () => {
        state = { ...state, status: 'stopped', detail: 'the embedded database was stopped' };
        resolve();
      };
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return done();
      proc.once('exit', done);
      proc.kill('SIGTERM');
      // A clean shutdown checkpoints the store; give it time before forcing.
      setTimeout(() => proc.kill('SIGKILL'), 60_000).unref();
    });
    return stopping;
  };

  return {
    uri,
    port,
    dataDir,
    user: EMBEDDED_USER,
    password,
    passwordFile,
    importDir: path.join(dataDir, 'import'),
    logFile,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    state: () => state,
    onRestart: (hook) => void hooks.push(hook),
    stop,
  };
}
