// BENCHMARKS.md is shared by the benchmarks: each writes only its own section, between
// <!-- bench:NAME --> and <!-- /bench:NAME -->, so that either can run alone and leave the other's numbers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT_DIR } from '../server/src/config';

export const BENCHMARKS_FILE = path.join(ROOT_DIR, 'BENCHMARKS.md');

const HEADER = [
  '# Benchmarks',
  '',
  'Written by `npm run bench`, which runs each benchmark below; each can also run alone',
  '(`npx tsx bench/run.ts`, `npx tsx bench/render.ts`) and rewrites only its own section. Every row',
  'of a table is measured in the same run, so the **ratio** columns are what to compare between',
  'machines and commits. Times are wall-clock on the machine named in each section and vary run to run.',
  '',
].join('\n');

/** "Run: <date> · Node … · N cores · M GiB · load L", the line each section opens with (a busy machine shows in the load). */
export function runLine(): string {
  return (
    `Run: ${new Date().toISOString()} · Node ${process.version} · ${os.cpus().length} cores · ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · load ${os.loadavg()[0]!.toFixed(1)}`
  );
}

/** Replaces the section `name` of BENCHMARKS.md with `markdown`, or appends it if it is not there yet. */
export function writeSection(name: string, markdown: string, file = BENCHMARKS_FILE): void {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${markdown.trim()}\n${close}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const next =
    start >= 0 && end > start ? `${text.slice(0, start)}${block}${text.slice(end + close.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
