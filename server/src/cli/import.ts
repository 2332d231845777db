// `npm run import -- FILE [--batched]`: validates a JSON bundle and writes it straight to the
// database (no HTTP, no token), with progress on stderr and every problem listed on failure.
import { readFileSync } from 'node:fs';

import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { LiaisonError, ValidationError } from '../errors';
import { importBundle } from '../import/bundle';

async function run(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith('--'));
  const batched = argv.includes('--batched');
  if (files.length === 0 || argv.includes('--help')) {
    process.stderr.write('usage: npm run import -- FILE.json [FILE.json …] [--batched]\n');
    return files.length === 0 ? 64 : 0;
  }
  const db = await openDatabase(loadConfig());
  try {
    for (const file of files) {
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        process.stderr.write(`${file}: cannot read JSON: ${(error as Error).message}\n`);
        return 65;
      }
      let last = -1;
      const summary = await importBundle(db.executor, data, {
        mode: batched ? 'batched' : 'atomic',
        onProgress: ({ phase, done, total }) => {
          const pct = Math.floor((done / Math.max(total, 1)) * 100);
          if (pct !== last) process.stderr.write(`\r${file}: ${phase} ${pct}%   `);
          last = pct;
        },
      });
      process.stderr.write('\n');
      process.stdout.write(`${file}: ${JSON.stringify(summary)}\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write('\n');
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      for (const i of error.issues) process.stderr.write(`  ${i.path}: ${i.message}\n`);
      return 65;
    }
    if (error instanceof LiaisonError) {
      process.stderr.write(`${error.message}\n`);
      return 69;
    }
    throw error;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(70);
  },
);
