// The import CLI's pure parts: options, the progress line with rate and ETA, exit codes from reports;
// and format detection by extension and first bytes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';
import JSZip from 'jszip';

import { EXIT, exitCode, parseArgs, progressLine } from '../../server/src/cli/import';
import { detectFormat } from '../../server/src/import/pipeline/detect';
import { emptyCounts } from '../../server/src/import/pipeline/report';
import type { ImportReport } from '../../server/src/import/pipeline/types';

const report = (status: ImportReport['status'], reason?: ImportReport['reason']): ImportReport => ({
  status,
  ...(reason ? { reason } : {}),
  message: '',
  dryRun: status === 'dry-run',
  skipInvalid: false,
  files: [],
  counts: emptyCounts(),
  problems: [],
  unmapped: {},
  durationMs: 0,
});

describe('npm run import options', () => {
  it('reads files, repeated params, flags and --flag=value', () => {
    const o = parseArgs([
      'a.csv',
      '--mapping',
      'uk',
      '--param',
      'year=2014',
      '--param=retrieved=2024-01-02',
      '--dry-run',
      'b.csv',
      '--skip-invalid',
      '--report=r',
    ]);
    expect(o).toMatchObject({
      files: ['a.csv', 'b.csv'],
      mapping: 'uk',
      params: { year: '2014', retrieved: '2024-01-02' },
      dryRun: true,
      skipInvalid: true,
      report: 'r',
    });
  });

  it('refuses unknown options, formats and malformed params', () => {
    expect(() => parseArgs(['a', '--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseArgs(['a', '--format', 'xls'])).toThrow(/--format must be auto or one of bundle, csv-zip, csv, popolo, ftm/);
    expect(() => parseArgs(['a', '--param', 'year'])).toThrow(/NAME=VALUE/);
    expect(() => parseArgs(['a', '--mapping'])).toThrow(/needs a value/);
  });

  it('exit codes: 0 imported or clean dry run, 65 invalid, 69 conflict or aborted, 70 ours', () => {
    expect(exitCode(report('imported'))).toBe(EXIT.ok);
    expect(exitCode(report('dry-run'))).toBe(EXIT.ok);
    expect(exitCode(report('dry-run', 'invalid'))).toBe(EXIT.invalid);
    expect(exitCode(report('rejected', 'invalid'))).toBe(65);
    expect(exitCode(report('rejected', 'conflict'))).toBe(69);
    expect(exitCode(report('failed', 'aborted'))).toBe(69);
    expect(exitCode(report('failed', 'error'))).toBe(70);
  });

  it('prints progress with percentage, amounts, rate and ETA', () => {
    expect(
      progressLine({
        phase: 'validating',
        file: 'big.csv',
        done: 50 * 1024 ** 2,
        total: 200 * 1024 ** 2,
        unit: 'bytes',
        ratePerSecond: 10 * 1024 ** 2,
        etaSeconds: 75,
      }),
    ).toBe('big.csv: validating 25% (50.0 MiB of 200.0 MiB) · 10.0 MiB/s · ETA 1 min 15 s');
    expect(
      progressLine({ phase: 'writing', file: 'big.csv', done: 1500, total: 3000, unit: 'records', ratePerSecond: 500, etaSeconds: 3 }),
    ).toBe('big.csv: writing 50% (1,500 of 3,000 records) · 500 records/s · ETA 3 s');
    expect(progressLine({ phase: 'reading', file: 'x', done: 0, total: 0, unit: 'bytes', ratePerSecond: null, etaSeconds: null })).toBe(
      'x: reading ',
    );
  });
});

describe('format detection', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-detect-'));
  const file = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  it('tells bundles, Popolo, FtM, CSV and CSV zips apart by extension and content', async () => {
    expect(await detectFormat(file('b.json', '{"format":"liaison-bundle","nodes":[]}'), 'b.json')).toBe('bundle');
    expect(await detectFormat(file('b2.json', '{"nodes": [], "relationships": []}'), 'b2.json')).toBe('bundle');
    expect(await detectFormat(file('p.json', '{"persons": [{"id": "x"}], "organizations": []}'), 'p.json')).toBe('popolo');
    expect(await detectFormat(file('e.jsonl', '{"id":"a","schema":"Person","properties":{}}\n'), 'e.jsonl')).toBe('ftm');
    expect(await detectFormat(file('a.json', '[{"id":"a","schema":"Person","properties":{}}]'), 'a.json')).toBe('ftm');
    expect(await detectFormat(file('n.json', '[{"name":"not ftm"}]'), 'n.json').catch((e: Error) => e.message)).toMatch(/Cannot tell/);
    expect(
      await detectFormat(file('e.json', '{"id":"a","schema":"Person","properties":{}}\n{"id":"b","schema":"Person"}\n'), 'e.json'),
    ).toBe('ftm');
    // A name that says FtM is read as FtM whatever its first line (its reader reports the odd lines).
    expect(await detectFormat(file('odd.ftm.json', '[1,2]\n{"id":"a","schema":"Person","properties":{}}\n'), 'odd.ftm.json')).toBe('ftm');
    expect(await detectFormat(file('gz.ftm.json', '\x1f\x8b\x08\x00'), 'entities.FTM.json')).toBe('ftm');
    expect(await detectFormat(file('odd.json', '[1,2]\n'), 'odd.json').catch((e: Error) => e.message)).toMatch(/Cannot tell/);
    expect(await detectFormat(file('m.csv', 'a,b\n1,2\n'), 'm.csv')).toBe('csv');
    expect(await detectFormat(file('m.tsv', 'a\tb\n'), 'm.tsv')).toBe('csv');
    const zip = new JSZip();
    zip.file('export/nodes.csv', 'id,type\n');
    expect(await detectFormat(file('x.zip', await zip.generateAsync({ type: 'nodebuffer' })), 'x.zip')).toBe('csv-zip');
  });

  it('names the options when nothing fits', async () => {
    await expect(detectFormat(file('q.json', '{"hello": 1}'), 'q.json')).rejects.toMatchObject({
      issues: [
        expect.objectContaining({
          path: 'format',
          code: 'unknown_format',
          message: expect.stringContaining('bundle, csv-zip, csv, popolo, ftm'),
        }),
      ],
    });
    const other = new JSZip();
    other.file('readme.txt', 'x');
    await expect(detectFormat(file('o.zip', await other.generateAsync({ type: 'nodebuffer' })), 'o.zip')).rejects.toThrow(
      /without nodes\.csv/,
    );
    expect(await detectFormat(file('q2.json', '{}'), 'q2.json', 'popolo')).toBe('popolo');
  });
});
