// `npm run import -- FILE [--batched]`: validates a JSON bundle (or a CSV export, FILE.zip) and
// writes it straight to the database (no HTTP, no token), with progress on stderr and every problem
// listed on failure.
import { readFileSync } from 'node:fs';

import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { LiaisonError, ValidationError } from '../errors';
import { importBundle } from '../import/bundle';
import { importCsvZip } from '../import/csv';

async function run(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith('--'));
  const batched = argv.includes('--batched');
  if (files.length === 0 || argv.includes('--help')) {
    process.stderr.write('usage: npm run import -- FILE.json|FILE.zip [FILE …] [--batched]\n');
    return files.length === 0 ? 64 : 0;
  }
  const db = await openDatabase(loadConfig());
  try {
    for (const file of files) {
      // A .zip is a CSV export (nodes.csv, edges.csv, citations.csv); anything else a JSON bundle.
      const zip = file.toLowerCase().endsWith('.zip');
      let data: unknown;
      try {
        data = zip ? readFileSync(file) : JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        process.stderr.write(`${file}: cannot read ${zip ? 'the file' : 'JSON'}: ${(error as Error).message}\n`);
        return 65;
      }
      let last = -1;
      const options = {
        mode: batched ? ('batched' as const) : ('atomic' as const),
        onProgress: ({ phase, done, total }: { phase: string; done: number; total: number }) => {
          const pct = Math.floor((done / Math.max(total, 1)) * 100);
          if (pct !== last) process.stderr.write(`\r${file}: ${phase} ${pct}%   `);
          last = pct;
        },
      };
      const summary = zip ? await importCsvZip(db.executor, data as Buffer, options) : await importBundle(db.executor, data, options);
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
      // A conflict with stored data (an id of another type or fact) names its places too.
      for (const i of error.issues ?? []) process.stderr.write(`  ${i.path}: ${i.message}\n`);
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
