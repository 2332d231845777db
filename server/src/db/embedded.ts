// Starts and stops Liaison's embedded Neo4j (neo4j-launcher/, Java 17) as a child process: picks a
// port, waits for the launcher's ready line, and shuts it down with SIGTERM so nothing is lost.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

import { UnavailableError } from '../errors';
import { log } from '../log';

export const LAUNCHER_DIR = path.resolve(__dirname, '../../../neo4j-launcher');
export const LAUNCHER_JAR = path.join(LAUNCHER_DIR, 'target', 'neo4j-launcher.jar');
const READY_PREFIX = 'LIAISON_NEO4J_READY ';

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  heap?: string;
  pageCacheMb?: number;
  txTimeoutSeconds?: number;
  startTimeoutMs?: number;
}

export interface EmbeddedNeo4j {
  uri: string;
  port: number;
  dataDir: string;
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

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedNeo4j> {
  const problem = embeddedPrerequisiteProblem();
  if (problem) throw new UnavailableError(problem);
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const args = [
    `-Xmx${options.heap ?? '2g'}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
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
    '--exit-on-stdin-eof',
  ];
  const logFile = path.join(dataDir, 'neo4j-launcher.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  // stdin stays a pipe we never close: if this process dies, the launcher sees EOF and stops.
  const child: ChildProcess = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr?.pipe(logStream);

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new UnavailableError(`The embedded Neo4j did not start within ${(options.startTimeoutMs ?? 120_000) / 1000} s; see ${logFile}.`),
      );
    }, options.startTimeoutMs ?? 120_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      logStream.write(`${line}\n`);
      if (line.startsWith(READY_PREFIX)) {
        clearTimeout(timer);
        resolve(line.slice(READY_PREFIX.length).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new UnavailableError(
          `The embedded Neo4j exited during start-up (code ${code}); see ${logFile}. ` +
            'Another Liaison may be using the same data directory (LIAISON_DATA_DIR).',
        ),
      );
    });
  });
  log.info('embedded Neo4j ready', { uri, dataDir });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => {
        logStream.end();
        resolve();
      });
      child.kill('SIGTERM');
      // A clean shutdown checkpoints the store; give it time before forcing.
      setTimeout(() => child.kill('SIGKILL'), 60_000).unref();
    });
    return stopping;
  };
  return { uri, port, dataDir, stop };
}
