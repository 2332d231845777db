// `npm run import` while a server holds the data directory: the server (a real process, on the test
// database through NEO4J_URI so this file stays on one database) writes <data>/server.json and
// generates <data>/api-token; the CLI, given only the data directory, finds it and imports over
// HTTP — report files and the quarantine written locally, exit codes as documented.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { ROOT_DIR } from '../../server/src/config';
import { graphCounts } from '../../server/src/import/demo';
import { openTestDb, type TestDb } from '../support/db';
import { startServer, type ServerProcess } from '../faults/server-process';
import { MEETINGS_MAPPING, ORGS, PEOPLE, meetingsCsv } from './import-pipeline.fixtures';

let db: TestDb;
let server: ServerProcess;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-cli-server-'));
const work = mkdtempSync(path.join(os.tmpdir(), 'liaison-cli-files-'));
const tsx = path.join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** The CLI as a user runs it, with only the data directory in common with the server. */
function importCli(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LIAISON_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.NEO4J_URI;
    delete env.LIAISON_API_TOKEN;
    const child = spawn(process.execPath, [tsx, path.join(ROOT_DIR, 'server/src/cli/import.ts'), ...args], { cwd: work, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  server = await startServer(dataDir, { env: { NEO4J_URI: db.uri, NEO4J_PASSWORD: db.password } });
});
afterAll(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  await db.close();
});

describe('npm run import against a running server', () => {
  it('the server names its URL and a generated token file (0600), never the token', async () => {
    const page = await server.waitForLog(/^Import page: /, 10_000);
    expect(String(page.msg)).toMatch(/^Import page: http:\/\/127\.0\.0\.1:\d+\/import\.html/);
    const info = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { pid: number; url: string };
    expect(info.url).toBe(server.url);
    expect(info.pid).toBe(server.serverPid);
    const tokenFile = path.join(dataDir, 'api-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(server.lines)).not.toContain(token);
  });

  it('imports through the server: a mapping file, --skip-invalid and --report, the quarantine written beside the file', async () => {
    const { file, header, badLine } = meetingsCsv(work, 'cli-register.csv', 600, 321);
    writeFileSync(path.join(work, 'meetings.mapping.json'), JSON.stringify(MEETINGS_MAPPING));
    const run = await importCli(file, '--mapping', 'meetings.mapping.json', '--skip-invalid', '--report', 'cli-report');
    expect(run.stderr).toContain(`sending the files to ${server.url}`);
    expect([run.status, run.stderr.slice(-2000)]).toEqual([0, expect.any(String)]);
    expect(run.stdout).toMatch(/^Import imported: Imported 599 records; 1 rejected/);
    expect(readFileSync(path.join(work, 'cli-register.rejected.csv'), 'utf8')).toBe(`${header}\n${badLine}\n`);
    const report = JSON.parse(readFileSync(path.join(work, 'cli-report.json'), 'utf8')) as { counts: { nodesCreated: number } };
    expect(report.counts.nodesCreated).toBe(PEOPLE + ORGS + 599 + 1);
    expect(existsSync(path.join(work, 'cli-report.txt'))).toBe(true);
    expect((await graphCounts(db.executor)).nodes).toBe(PEOPLE + ORGS + 599 + 1);
  });

  it('exit 65 for a dry run that finds an error, 64 for an unknown mapping (naming the shipped ones)', async () => {
    const { file } = meetingsCsv(work, 'cli-dry.csv', 50, 7);
    const dry = await importCli(file, '--mapping', 'meetings.mapping.json', '--dry-run');
    expect(dry.status).toBe(65);
    expect(dry.stderr).toContain('cli-dry.csv:8');
    const unknown = await importCli(file, '--mapping', 'no-such-mapping');
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain('uk-ministers-meetings');
    const usage = await importCli(file, '--format', 'xls');
    expect(usage.status).toBe(64);
  });

  it('a file the server refuses (no header at all) exits 65 with the column and field path, as a local run prints them, and writes nothing', async () => {
    const before = await graphCounts(db.executor);
    writeFileSync(path.join(work, 'cli-empty.csv'), '');
    const run = await importCli('cli-empty.csv', '--mapping', 'meetings.mapping.json');
    expect([run.status, run.stderr.slice(-2000)]).toEqual([65, expect.any(String)]);
    expect(run.stderr).toMatch(/no column headed "id" in cli-empty\.csv/);
    expect(run.stderr).toContain('$.columns.id.header');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await graphCounts(db.executor)).toEqual(before);
  });

  it('after the server stops, the file is gone and the CLI opens the directory itself again', async () => {
    server.proc.kill('SIGTERM');
    await server.exited;
    expect(existsSync(path.join(dataDir, 'server.json'))).toBe(false);
  });
});
