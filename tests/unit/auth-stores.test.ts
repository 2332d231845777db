// The auth stores without a server: argon2id hashes, concurrent writes that all land, files another
// process rewrites read again, session expiry by a test clock (idle and absolute), API keys found
// by hash only, the users CLI's arguments, and the order of the roles.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { SessionStore, UserStore } from '../../server/src/auth';
import { JsonFile } from '../../server/src/auth/json-file';
import { roleAtLeast } from '../../server/src/auth/types';
import { parseArgs } from '../../server/src/cli/users';
import { trustProxy } from '../../server/src/api/app';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'liaison-auth-unit-'));

describe('roles', () => {
  it('are ordered viewer < editor < admin', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('editor', 'editor')).toBe(true);
    expect(roleAtLeast('viewer', 'editor')).toBe(false);
    expect(roleAtLeast('editor', 'admin')).toBe(false);
  });
});

describe('UserStore', () => {
  it('hashes with argon2id and checks names case-insensitively', async () => {
    const dir = tmp();
    const users = new UserStore(dir);
    const u = await users.create({ name: 'Ada', role: 'admin', password: 'correct horse battery' });
    const file = readFileSync(path.join(dir, 'users.json'), 'utf8');
    expect(file).toMatch(/"passwordHash": "\$argon2id\$v=19\$/);
    expect(file).not.toContain('correct horse battery');
    expect(statSync(path.join(dir, 'users.json')).mode & 0o777).toBe(0o600);
    expect((await users.checkPassword('ada', 'correct horse battery'))?.id).toBe(u.id);
    expect(await users.checkPassword('ada', 'wrong horse battery')).toBeNull();
    expect(await users.checkPassword('nobody', 'correct horse battery')).toBeNull();
    await expect(users.create({ name: 'ADA', role: 'viewer', password: 'another password' })).rejects.toMatchObject({ status: 409 });
  });

  it('lands every one of many concurrent writes', async () => {
    const users = new UserStore(tmp());
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => users.create({ name: `user${i}`, role: 'viewer', password: `password-number-${i}` })),
    );
    expect(
      users
        .list()
        .map((u) => u.name)
        .sort(),
    ).toEqual(Array.from({ length: 8 }, (_, i) => `user${i}`));
  });

  it('sees what another process wrote', async () => {
    const dir = tmp();
    const a = new UserStore(dir);
    const b = new UserStore(dir);
    expect(b.count()).toBe(0);
    await a.create({ name: 'eddie', role: 'editor', password: 'editor password 1' });
    expect(b.byName('eddie')?.role).toBe('editor');
  });

  it('finds an API key by its hash only, and not once its user is disabled', async () => {
    const dir = tmp();
    const users = new UserStore(dir);
    await users.create({ name: 'ada', role: 'admin', password: 'admin password 01' });
    const eddie = await users.create({ name: 'eddie', role: 'editor', password: 'editor password 1' });
    const { key, secret } = await users.createKey(eddie.id, 'script');
    expect(readFileSync(path.join(dir, 'users.json'), 'utf8')).not.toContain(secret);
    expect(users.userForKey(secret)?.id).toBe(eddie.id);
    expect(users.userForKey(`${secret}x`)).toBeNull();
    expect(users.userForKey(secret.slice(3))).toBeNull();
    expect(key.hint).toBe(secret.slice(0, 7));
    await users.update(eddie.id, { disabled: true });
    expect(users.userForKey(secret)).toBeNull();
  });

  it('refuses to leave no enabled admin', async () => {
    const users = new UserStore(tmp());
    const ada = await users.create({ name: 'ada', role: 'admin', password: 'admin password 01' });
    await expect(users.update(ada.id, { role: 'editor' })).rejects.toMatchObject({ status: 409, extra: { rule: 'last-admin' } });
    expect(users.byId(ada.id)?.role).toBe('admin');
  });

  it('names the file when it cannot be read', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'users.json'), '{"version": 2}');
    expect(() => new UserStore(dir).list()).toThrow(/users\.json/);
  });
});

describe('SessionStore', () => {
  it('ends a session idle for longer than idleMs, and any older than maxMs', async () => {
    let now = 1_000_000;
    const sessions = new SessionStore(tmp(), { idleMs: 1_000, maxMs: 5_000, now: () => now });
    const { id } = await sessions.create('u1');
    now += 900;
    expect(sessions.find(id)?.userId).toBe('u1');
    now += 900; // 900 ms after the last use: alive
    expect(sessions.find(id)).not.toBeNull();
    now += 1_001;
    expect(sessions.find(id)).toBeNull();

    const busy = await sessions.create('u2');
    for (let i = 0; i < 5; i++) {
      now += 900;
      expect(sessions.find(busy.id)).not.toBeNull();
    }
    now += 900; // 5.4 s after sign-in
    expect(sessions.find(busy.id)).toBeNull();
  });

  it('keeps only the hash of the id, and ends all of a user but one', async () => {
    const dir = tmp();
    const sessions = new SessionStore(dir, { idleMs: 60_000, maxMs: 60_000 });
    const a = await sessions.create('u1');
    const b = await sessions.create('u1');
    const c = await sessions.create('u2');
    expect(readFileSync(path.join(dir, 'sessions.json'), 'utf8')).not.toContain(a.id);
    await sessions.endAllOf('u1', b.id);
    expect([sessions.find(a.id), sessions.find(b.id) !== null, sessions.find(c.id) !== null]).toEqual([null, true, true]);
    await sessions.end(b.id);
    expect(sessions.find(b.id)).toBeNull();
  });
});

describe('JsonFile', () => {
  it('writes atomically: a failing change leaves the file as it was', async () => {
    const file = new JsonFile(
      path.join(tmp(), 'x.json'),
      () => ({ n: 0 }),
      (v) => v as { n: number },
    );
    await file.update((v) => ({ value: { n: v.n + 1 }, result: undefined }));
    await expect(
      file.update(() => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await file.update((v) => ({ value: { n: v.n + 1 }, result: undefined }));
    expect(file.read()).toEqual({ n: 2 });
  });
});

describe('npm run users arguments', () => {
  it('reads commands and options, and refuses unknown ones', () => {
    expect(parseArgs(['create-admin', 'ada', '--password-file', 'pw'])).toEqual({
      command: 'create-admin',
      positional: ['ada'],
      passwordFile: 'pw',
      json: false,
    });
    expect(parseArgs(['create', 'ed', '--role', 'editor']).role).toBe('editor');
    expect(() => parseArgs(['create', 'ed', '--role', 'boss'])).toThrow(/--role/);
    expect(() => parseArgs(['list', '--frob'])).toThrow(/unknown option/);
    expect(() => parseArgs([])).toThrow();
  });
});

describe('LIAISON_TRUST_PROXY', () => {
  it('becomes what Express takes', () => {
    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});
