// Users, roles, sessions, CSRF and API keys (issue 12, item 1) against the real server and Neo4j:
// a viewer cannot write, an editor can, an admin manages users; sessions expire when idle and at
// their absolute age; a write through a session without its CSRF token is refused; an API key acts
// as its user; the operator token still acts as an admin; failed sign-ins are limited; with
// anonymous reads off every read but health, session and openapi.json needs a user; the users CLI.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { UserStore } from '../../server/src/auth';
import { ROOT_DIR } from '../../server/src/config';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

const TOKEN = 'auth-operator-token-0123456789';
const ADMIN_PASSWORD = 'admin-password-0123';
const tsx = path.join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs');

let db: TestDb;
let dataDir: string;
let server: { url: string; close: () => Promise<void> };

type Answer = { status: number; type: string; body: Record<string, any>; cookies: string[] };

/** A browser of sorts: keeps the session cookie it is given, sends the CSRF token when told to. */
class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    readonly base: () => string,
    readonly extra: Record<string, string> = {},
  ) {}

  async send(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base()}${p}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...this.extra,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const cookies = res.headers.getSetCookie();
    for (const c of cookies) {
      const [pair] = c.split(';');
      if (pair!.startsWith('liaison_session=')) this.cookie = pair === 'liaison_session=' ? null : pair!;
    }
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: text ? (JSON.parse(text) as Record<string, any>) : {},
      cookies,
    };
  }

  async signIn(name: string, password: string): Promise<Answer> {
    const r = await this.send('POST', '/api/session', { name, password });
    if (r.status === 200) this.csrf = r.body.csrfToken as string;
    return r;
  }
}

const view = (name: string) => ({
  name,
  state: {
    query: '?focus=person-patrushev',
    positions: { 'person-patrushev': { x: 1, y: 2 } },
    viewport: { zoom: 1, pan: { x: 0, y: 0 } },
  },
});

function expectProblem(r: Answer, status: number, rule?: string) {
  expect([r.status, r.type.split(';')[0]]).toEqual([status, 'application/problem+json']);
  if (rule) expect(r.body.rule).toBe(rule);
  return r.body;
}

let admin: Client;
let editor: Client;
let viewer: Client;
let editorId: string;
let viewerId: string;

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-auth-'));
  // The first admin, as the CLI makes it (the CLI itself is tested below).
  await new UserStore(dataDir).create({ name: 'ada', role: 'admin', password: ADMIN_PASSWORD });
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir }) });
  admin = new Client(() => server.url);
  editor = new Client(() => server.url);
  viewer = new Client(() => server.url);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

describe('sessions', () => {
  it('anonymous visitors read as viewers and have no session', async () => {
    const r = await new Client(() => server.url).send('GET', '/api/session');
    expect(r.body).toEqual({ user: null, via: 'anonymous', anonymousRead: true, csrfToken: null });
    expect((await new Client(() => server.url).send('GET', '/api/search?q=patrushev')).status).toBe(200);
  });

  it('signs in with name and password: an HttpOnly, SameSite=Strict cookie and a CSRF token', async () => {
    const r = await admin.signIn('ADA', ADMIN_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user: { name: 'ada', role: 'admin' }, via: 'session', anonymousRead: true });
    expect(r.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = r.cookies.find((c) => c.startsWith('liaison_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    // Plain HTTP on loopback: a Secure cookie would never come back.
    expect(cookie).not.toMatch(/Secure/i);
    expect((await admin.send('GET', '/api/session')).body).toMatchObject({
      user: { name: 'ada', role: 'admin' },
      csrfToken: r.body.csrfToken,
    });
  });

  it('refuses a wrong password and an unknown name alike (401, no cookie)', async () => {
    const c = new Client(() => server.url);
    const wrong = await c.signIn('ada', 'not-the-password');
    const unknown = await c.signIn('nobody', 'not-the-password');
    expect(expectProblem(wrong, 401, 'sign-in-failed').detail).toBe(expectProblem(unknown, 401, 'sign-in-failed').detail);
    expect(c.cookie).toBeNull();
  });

  it('answers a bad sign-in body with the field paths', async () => {
    const r = await new Client(() => server.url).send('POST', '/api/session', { name: '', extra: 1 });
    const paths = (expectProblem(r, 400).errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['$.name', '$.password']));
  });

  it('marks the cookie Secure behind a trusted proxy that says https', async () => {
    const own = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_DATA_DIR: dataDir, LIAISON_TRUST_PROXY: 'loopback' }),
    });
    try {
      const c = new Client(() => own.url, { 'x-forwarded-proto': 'https' });
      const r = await c.signIn('ada', ADMIN_PASSWORD);
      expect(r.cookies.find((x) => x.startsWith('liaison_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await own.close();
    }
  });
});

describe('users and roles', () => {
  it('an admin creates users; a generated password is shown once', async () => {
    const e = await admin.send('POST', '/api/users', { name: 'eddie', role: 'editor', password: 'editor-password-01' });
    expect(e.status).toBe(201);
    expect(e.body.user).toMatchObject({ name: 'eddie', role: 'editor', disabled: false });
    expect(e.body.password).toBeUndefined();
    editorId = e.body.user.id as string;
    const v = await admin.send('POST', '/api/users', { name: 'vera' });
    expect(v.status).toBe(201);
    expect(v.body.user.role).toBe('viewer');
    expect(v.body.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    viewerId = v.body.user.id as string;
    expect((await editor.signIn('eddie', 'editor-password-01')).status).toBe(200);
    expect((await viewer.signIn('vera', v.body.password as string)).status).toBe(200);
  });

  it('lists users without their password hashes, to admins only', async () => {
    const r = await admin.send('GET', '/api/users');
    expect(r.status).toBe(200);
    expect((r.body.users as Array<{ name: string }>).map((u) => u.name).sort()).toEqual(['ada', 'eddie', 'vera']);
    expect(JSON.stringify(r.body)).not.toMatch(/argon2|passwordHash/);
    expectProblem(await editor.send('GET', '/api/users'), 403, 'role');
    expectProblem(await viewer.send('POST', '/api/users', { name: 'mallory', role: 'admin' }), 403, 'role');
    expectProblem(await new Client(() => server.url).send('GET', '/api/users'), 401);
  });

  it('answers bad user bodies with the field paths, and a taken name with 409', async () => {
    const bad = await admin.send('POST', '/api/users', { name: 'has space', role: 'boss', password: 'short' });
    const paths = (expectProblem(bad, 400).errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(['$.name', '$.password', '$.role']);
    expectProblem(await admin.send('POST', '/api/users', { name: 'Eddie', password: 'another-password' }), 409, 'user-exists');
    expectProblem(await admin.send('PATCH', `/api/users/${editorId}`, {}), 400);
    expectProblem(await admin.send('PATCH', '/api/users/u_nobody', { role: 'viewer' }), 404);
  });

  it('a viewer cannot write (403 problem+json); an editor can', async () => {
    const refused = expectProblem(await viewer.send('POST', '/api/views', view('by a viewer')), 403, 'role');
    expect(refused).toMatchObject({ required: 'editor', role: 'viewer' });
    const made = await editor.send('POST', '/api/views', view('by an editor'));
    expect(made.status).toBe(201);
    // An editor is not an admin.
    expectProblem(await editor.send('PATCH', `/api/users/${viewerId}`, { role: 'editor' }), 403, 'role');
  });

  it('an admin changes a role, and it holds at the next request of that user', async () => {
    const r = await admin.send('PATCH', `/api/users/${viewerId}`, { role: 'editor' });
    expect([r.status, r.body.user.role]).toEqual([200, 'editor']);
    expect((await viewer.send('POST', '/api/views', view('now an editor'))).status).toBe(201);
    await admin.send('PATCH', `/api/users/${viewerId}`, { role: 'viewer' });
    expectProblem(await viewer.send('POST', '/api/views', view('a viewer again')), 403, 'role');
  });

  it('refuses to leave no enabled admin', async () => {
    const ada = (await admin.send('GET', '/api/session')).body.user.id as string;
    expectProblem(await admin.send('PATCH', `/api/users/${ada}`, { role: 'editor' }), 409, 'last-admin');
    expectProblem(await admin.send('PATCH', `/api/users/${ada}`, { disabled: true }), 409, 'last-admin');
  });

  it('a user changes their own password only with the current one; other sessions end', async () => {
    const other = new Client(() => server.url);
    expect((await other.signIn('eddie', 'editor-password-01')).status).toBe(200);
    const noCurrent = await editor.send('PATCH', `/api/users/${editorId}`, { password: 'editor-password-02' });
    expect((expectProblem(noCurrent, 400).errors as Array<{ path: string }>)[0]!.path).toBe('$.currentPassword');
    const ok = await editor.send('PATCH', `/api/users/${editorId}`, {
      password: 'editor-password-02',
      currentPassword: 'editor-password-01',
    });
    expect(ok.status).toBe(200);
    expect((await editor.send('GET', '/api/session')).body.user.name).toBe('eddie');
    expect((await other.send('GET', '/api/session')).body.user).toBeNull();
    expectProblem(await new Client(() => server.url).signIn('eddie', 'editor-password-01'), 401);
    // Nobody else's password, though.
    expectProblem(await editor.send('PATCH', `/api/users/${viewerId}`, { password: 'taken-over-password' }), 403, 'role');
  });

  it('a disabled user is signed out and cannot sign in; enabled again, they can', async () => {
    const c = new Client(() => server.url);
    const made = await admin.send('POST', '/api/users', { name: 'dora', role: 'editor', password: 'dora-password-0001' });
    expect((await c.signIn('dora', 'dora-password-0001')).status).toBe(200);
    expect((await admin.send('PATCH', `/api/users/${made.body.user.id}`, { disabled: true })).body.user.disabled).toBe(true);
    expectProblem(await c.send('POST', '/api/views', view('disabled')), 401);
    expectProblem(await c.signIn('dora', 'dora-password-0001'), 401, 'sign-in-failed');
    await admin.send('PATCH', `/api/users/${made.body.user.id}`, { disabled: false });
    expect((await c.signIn('dora', 'dora-password-0001')).status).toBe(200);
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const c = new Client(() => server.url);
    await c.signIn('dora', 'dora-password-0001');
    const kept = c.cookie!;
    expectProblem(await c.send('DELETE', '/api/session', undefined, { 'x-csrf-token': 'wrong' }), 403, 'csrf');
    const out = await c.send('DELETE', '/api/session');
    expect(out.status).toBe(204);
    expect(c.cookie).toBeNull();
    // The old cookie, replayed, is nobody.
    const replay = new Client(() => server.url);
    replay.cookie = kept;
    expect((await replay.send('GET', '/api/session')).body.user).toBeNull();
  });
});

describe('CSRF', () => {
  it('refuses a write through a session cookie without the CSRF header, or with a wrong one', async () => {
    const noHeader = new Client(() => server.url);
    noHeader.cookie = editor.cookie;
    expectProblem(await noHeader.send('POST', '/api/views', view('forged')), 403, 'csrf');
    expectProblem(await noHeader.send('POST', '/api/views', view('forged'), { 'x-csrf-token': viewer.csrf! }), 403, 'csrf');
    expect((await noHeader.send('POST', '/api/views', view('with the token'), { 'x-csrf-token': editor.csrf! })).status).toBe(201);
  });

  it('needs no CSRF token for reads', async () => {
    const c = new Client(() => server.url);
    c.cookie = editor.cookie;
    expect((await c.send('GET', '/api/nodes/person-patrushev')).status).toBe(200);
  });
});

describe('API keys', () => {
  let secret: string;
  let keyId: string;

  it('are made by their user, shown once, and act as that user', async () => {
    const made = await editor.send('POST', `/api/users/${editorId}/keys`, { label: 'nightly import' });
    expect(made.status).toBe(201);
    secret = made.body.secret as string;
    keyId = made.body.key.id as string;
    expect(secret).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
    expect(made.body.key).toMatchObject({ userId: editorId, label: 'nightly import', hint: secret.slice(0, 7), lastUsedAt: null });
    // Stored hashed: the file never holds the secret.
    expect(readFileSync(path.join(dataDir, 'users.json'), 'utf8')).not.toContain(secret);
    const listed = await editor.send('GET', `/api/users/${editorId}/keys`);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.keys).toHaveLength(1);

    const script = new Client(() => server.url, { authorization: `Bearer ${secret}` });
    expect((await script.send('GET', '/api/session')).body).toEqual({
      user: { id: editorId, name: 'eddie', role: 'editor' },
      via: 'api-key',
      anonymousRead: true,
      csrfToken: null,
    });
    // A bearer key needs no CSRF token: no browser sends it by itself.
    expect((await script.send('POST', '/api/views', view('by a key'))).status).toBe(201);
    expectProblem(await script.send('GET', '/api/users'), 403, 'role');
  });

  it("a viewer's key cannot write; nobody else lists or revokes a user's keys", async () => {
    const made = await viewer.send('POST', `/api/users/${viewerId}/keys`, { label: 'reading' });
    const script = new Client(() => server.url, { authorization: `Bearer ${made.body.secret}` });
    expectProblem(await script.send('POST', '/api/views', view('by a viewer key')), 403, 'role');
    expectProblem(await viewer.send('GET', `/api/users/${editorId}/keys`), 403);
    expectProblem(await viewer.send('DELETE', `/api/keys/${keyId}`), 403);
    expect((await admin.send('GET', `/api/users/${editorId}/keys`)).body.keys).toHaveLength(1);
    expectProblem(await viewer.send('POST', `/api/users/${viewerId}/keys`, { label: '' }), 400);
  });

  it('a revoked or unknown key is a 401 on writes', async () => {
    expect((await editor.send('DELETE', `/api/keys/${keyId}`)).status).toBe(204);
    const script = new Client(() => server.url, { authorization: `Bearer ${secret}` });
    expectProblem(await script.send('POST', '/api/views', view('revoked')), 401, 'credentials');
    expectProblem(await new Client(() => server.url, { authorization: 'Bearer lk_unknown' }).send('POST', '/api/views', view('x')), 401);
    expectProblem(await editor.send('DELETE', `/api/keys/${keyId}`), 404);
  });
});

describe('the operator token', () => {
  it('still acts as an admin named operator', async () => {
    const op = new Client(() => server.url, { authorization: `Bearer ${TOKEN}` });
    expect((await op.send('GET', '/api/session')).body).toMatchObject({ user: { id: 'operator', role: 'admin' }, via: 'operator-token' });
    expect((await op.send('POST', '/api/views', view('by the operator'))).status).toBe(201);
    expect((await op.send('GET', '/api/users')).status).toBe(200);
    expectProblem(
      await new Client(() => server.url, { authorization: 'Bearer wrong-token-0123456789' }).send('POST', '/api/views', view('x')),
      401,
    );
    expectProblem(await new Client(() => server.url).send('POST', '/api/views', view('anonymous')), 401, 'sign-in');
  });
});

describe('expiry', () => {
  it('ends a session idle for longer than LIAISON_SESSION_IDLE_MS', async () => {
    const own = await serve({ executor: db.executor, config: testConfig({ LIAISON_DATA_DIR: dataDir, LIAISON_SESSION_IDLE_MS: 1_000 }) });
    try {
      const c = new Client(() => own.url);
      await c.signIn('ada', ADMIN_PASSWORD);
      await new Promise((r) => setTimeout(r, 600));
      expect((await c.send('GET', '/api/session')).body.user?.name).toBe('ada');
      await new Promise((r) => setTimeout(r, 600));
      // Used 600 ms ago: still alive (the idle clock restarted).
      expect((await c.send('GET', '/api/session')).body.user?.name).toBe('ada');
      await new Promise((r) => setTimeout(r, 1_300));
      const after = await c.send('GET', '/api/session');
      expect(after.body.user).toBeNull();
      expect(after.cookies.some((x) => /^liaison_session=;/.test(x))).toBe(true);
    } finally {
      await own.close();
    }
  });

  it('ends a session older than LIAISON_SESSION_MAX_MS, however busy', async () => {
    const own = await serve({
      executor: db.executor,
      config: testConfig({ LIAISON_DATA_DIR: dataDir, LIAISON_SESSION_IDLE_MS: 1_000, LIAISON_SESSION_MAX_MS: 2_000 }),
    });
    try {
      const c = new Client(() => own.url);
      const r = await c.signIn('ada', ADMIN_PASSWORD);
      expect(r.cookies.find((x) => x.startsWith('liaison_session='))).toMatch(/Max-Age=2/);
      const seen: boolean[] = [];
      for (let i = 0; i < 6; i++) {
        await new Promise((res) => setTimeout(res, 500));
        seen.push((await c.send('GET', '/api/session')).body.user !== null);
      }
      expect(seen.slice(0, 3)).toEqual([true, true, true]);
      expect(seen.slice(-1)).toEqual([false]);
    } finally {
      await own.close();
    }
  });
});

describe('failed sign-ins', () => {
  it('are limited per client: past the limit 429, even with the right password', async () => {
    const own = await serve({ executor: db.executor, config: testConfig({ LIAISON_DATA_DIR: dataDir }), limits: { failedSignIns: 3 } });
    try {
      const c = new Client(() => own.url);
      expect((await c.signIn('ada', ADMIN_PASSWORD)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await c.signIn('ada', `wrong-${i}`)).status).toBe(401);
      const limited = await c.signIn('ada', ADMIN_PASSWORD);
      expectProblem(limited, 429, 'failed-sign-in-limit');
    } finally {
      await own.close();
    }
  });
});

describe('anonymous reads off', () => {
  it('every read but health, session and openapi.json needs a signed-in user; writes never are anonymous', async () => {
    const own = await serve({ executor: db.executor, config: testConfig({ LIAISON_DATA_DIR: dataDir, LIAISON_ANONYMOUS_READ: false }) });
    try {
      const anon = new Client(() => own.url);
      expect((await anon.send('GET', '/api/health')).status).toBe(200);
      expect((await anon.send('GET', '/api/session')).body).toEqual({
        user: null,
        via: 'anonymous',
        anonymousRead: false,
        csrfToken: null,
      });
      expect((await anon.send('GET', '/api/openapi.json')).status).not.toBe(401);
      for (const p of ['/api/search?q=patrushev', '/api/nodes/person-patrushev', '/api/schema', '/api/views'])
        expectProblem(await anon.send('GET', p), 401, 'sign-in');
      expectProblem(await anon.send('POST', '/api/cypher', { query: 'RETURN 1' }), 401, 'sign-in');
      const v = new Client(() => own.url);
      expect((await v.signIn('vera', (await resetPassword('vera')).password)).status).toBe(200);
      expect((await v.send('GET', '/api/search?q=patrushev')).status).toBe(200);
      expectProblem(await v.send('POST', '/api/views', view('x')), 403, 'role');
    } finally {
      await own.close();
    }
  });
});

describe('the stores', () => {
  it('keep users and sessions in owner-only files in the data directory, not in Neo4j', async () => {
    for (const f of ['users.json', 'sessions.json']) expect(statSync(path.join(dataDir, f)).mode & 0o777).toBe(0o600);
    const users = readFileSync(path.join(dataDir, 'users.json'), 'utf8');
    expect(users).toMatch(/\$argon2id\$/);
    expect(users).not.toContain(ADMIN_PASSWORD);
    const s = db.driver.session();
    try {
      const r = await s.run('MATCH (n) WHERE n.passwordHash IS NOT NULL OR n.name IN $names RETURN count(n) AS c', {
        names: ['ada', 'eddie', 'vera'],
      });
      expect(r.records[0]!.get('c').toNumber()).toBe(0);
    } finally {
      await s.close();
    }
  });
});

/** `npm run users -- …` in a child process against the test's data directory. */
/**
 * Runs `npm run users` asynchronously: spawnSync would stall this process's event loop (and the
 * server in it) for seconds, after which a keep-alive socket the server timed out meanwhile is
 * reused by the next fetch and reset.
 */
function usersCli(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, path.join(ROOT_DIR, 'server/src/cli/users.ts'), ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, LIAISON_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

async function resetPassword(name: string): Promise<{ password: string }> {
  const run = await usersCli(['reset-password', name]);
  expect(run.status).toBe(0);
  return { password: /password \(shown this once\): (\S+)/.exec(run.stdout)![1]! };
}

describe('npm run users', () => {
  it('creates an admin with a generated password that signs in to the running server', async () => {
    const run = await usersCli(['create-admin', 'root']);
    expect(run.status).toBe(0);
    const password = /password \(shown this once\): (\S+)/.exec(run.stdout)![1]!;
    const c = new Client(() => server.url);
    expect((await c.signIn('root', password)).body.user).toMatchObject({ name: 'root', role: 'admin' });
  });

  it('reads the password from --password-file or stdin, lists, sets roles and refuses bad input', async () => {
    const file = path.join(dataDir, 'pw.txt');
    writeFileSync(file, 'from-a-file-password\n');
    expect((await usersCli(['create', 'fay', '--role', 'editor', '--password-file', file])).status).toBe(0);
    expect((await new Client(() => server.url).signIn('fay', 'from-a-file-password')).body.user.role).toBe('editor');
    expect((await usersCli(['reset-password', 'fay'], 'from-stdin-password\n')).status).toBe(0);
    expect((await new Client(() => server.url).signIn('fay', 'from-stdin-password')).status).toBe(200);
    expect((await usersCli(['set-role', 'fay', 'viewer'])).status).toBe(0);
    const list = JSON.parse((await usersCli(['list', '--json'])).stdout) as { users: Array<{ name: string; role: string }> };
    expect(list.users.find((u) => u.name === 'fay')?.role).toBe('viewer');
    expect(JSON.stringify(list)).not.toMatch(/argon2/);
    expect((await usersCli(['set-role', 'fay', 'boss'])).status).toBe(64);
    expect((await usersCli(['create-admin', 'fay'])).status).toBe(65);
    expect((await usersCli(['create-admin', 'short'], 'tiny\n')).status).toBe(64);
    expect((await usersCli(['frobnicate'])).status).toBe(64);
  });
});
