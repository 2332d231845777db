// Helpers for the set-up scripts. Plain Node (no dependencies): these run before `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function say(message) {
  process.stderr.write(`[liaison] ${message}\n`);
}

export function fail(message) {
  say(message);
  process.exit(1);
}

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) return { ok: false, error: result.error };
  return { ok: result.status === 0, status: result.status };
}

export function has(cmd, args = ['--version']) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** Newest modification time (ms) among files under the given paths. */
export function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(path.join(p, e));
    else max = Math.max(max, s.mtimeMs);
  };
  paths.forEach((p) => visit(path.join(ROOT, p)));
  return max;
}

export function mtime(p) {
  const full = path.join(ROOT, p);
  return existsSync(full) ? statSync(full).mtimeMs : 0;
}
