// How `npm run import` finds a running Liaison: the server writes <data>/server.json (pid and URL,
// mode 0600) once it listens and removes it when it stops; the CLI, finding it with a live pid, sends
// its files to that server's HTTP API with the token of <data>/api-token, which the server generates
// on first start when none is configured. The embedded Neo4j allows one process per store, so this
// is the way to import while the server runs.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SERVER_FILE = 'server.json';
export const TOKEN_FILE = 'api-token';

export interface ServerInfo {
  pid: number;
  url: string;
  startedAt: string;
}

export function serverFilePath(dataDir: string): string {
  return path.join(dataDir, SERVER_FILE);
}

/** Written atomically (rename), readable by the owner only: it says where the API is, not how to use it. */
export function writeServerFile(dataDir: string, info: ServerInfo): void {
  mkdirSync(dataDir, { recursive: true });
  const file = serverFilePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Removes the file if it is still this process's (a newer server may have replaced it). */
export function removeServerFile(dataDir: string, pid = process.pid): void {
  const info = readServerFile(dataDir);
  if (info && info.pid === pid) rmSync(serverFilePath(dataDir), { force: true });
}

export function readServerFile(dataDir: string): ServerInfo | null {
  try {
    const value = JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')) as Partial<ServerInfo>;
    if (typeof value.pid !== 'number' || typeof value.url !== 'string') return null;
    return { pid: value.pid, url: value.url, startedAt: String(value.startedAt ?? '') };
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The server holding the data directory, if one runs (a file left by a crashed server does not count). */
export function runningServer(dataDir: string): ServerInfo | null {
  const info = readServerFile(dataDir);
  return info && alive(info.pid) ? info : null;
}

/** The token in <data>/api-token, if there is a usable one. */
export function readTokenFile(dataDir: string): string | null {
  const file = path.join(dataDir, TOKEN_FILE);
  if (!existsSync(file)) return null;
  const token = readFileSync(file, 'utf8').trim();
  return token.length >= 16 ? token : null;
}

/**
 * On first start without LIAISON_API_TOKEN: a random token in <data>/api-token (0600), so the Import
 * page and `npm run import` against the server work without set-up. Returns the file when it made one.
 */
export function ensureTokenFile(dataDir: string, configured: string | undefined): string | null {
  if (configured) return null;
  const file = path.join(dataDir, TOKEN_FILE);
  if (existsSync(file)) return null;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
