// The users and their API keys, in <data>/users.json (not in Neo4j: the Cypher console can read any
// node). A user has a name to sign in with, a role, an argon2id password hash and may be disabled;
// an API key ("lk_…", shown once) is stored as its SHA-256 and acts as the user it belongs to.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { z } from 'zod';

import { ConflictError, NotFoundError } from '../errors';
import { JsonFile } from './json-file';
import { hashPassword, newSecret, sha256, verifyPassword } from './passwords';
import { ROLES, type Role } from './types';

export const API_KEY_PREFIX = 'lk_';

const storedUser = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  passwordHash: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const storedKey = z.object({
  id: z.string(),
  userId: z.string(),
  label: z.string(),
  hash: z.string(),
  /** The first characters of the key, so its owner can tell keys apart. */
  hint: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
const usersFile = z.object({ version: z.literal(1), users: z.array(storedUser), keys: z.array(storedKey) });
type UsersFile = z.infer<typeof usersFile>;
type StoredUser = z.infer<typeof storedUser>;
type StoredKey = z.infer<typeof storedKey>;

/** A user as the API shows it: no hash. */
export interface UserView {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}
export type KeyView = Omit<StoredKey, 'hash'>;

const view = (u: StoredUser): UserView => ({
  id: u.id,
  name: u.name,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});
const keyView = ({ hash: _hash, ...k }: StoredKey): KeyView => k;
const nameKey = (name: string) => name.normalize('NFC').toLowerCase();
const newId = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`;

/** Names to sign in with: letters, digits and . _ @ - (an e-mail address fits), 1–64 characters. */
export const USER_NAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** How often a key's lastUsedAt is written at most: a script calling every second should not rewrite the file each time. */
const LAST_USED_RESOLUTION_MS = 5 * 60_000;

export class UserStore {
  private readonly file: JsonFile<UsersFile>;

  constructor(dataDir: string) {
    this.file = new JsonFile(
      path.join(dataDir, 'users.json'),
      () => ({ version: 1, users: [], keys: [] }),
      (v) => usersFile.parse(v),
    );
  }

  list(): UserView[] {
    return this.file.read().users.map(view);
  }

  count(): number {
    return this.file.read().users.length;
  }

  byId(id: string): UserView | null {
    const u = this.file.read().users.find((x) => x.id === id);
    return u ? view(u) : null;
  }

  byName(name: string): UserView | null {
    const u = this.file.read().users.find((x) => nameKey(x.name) === nameKey(name));
    return u ? view(u) : null;
  }

  /** The enabled user with this name and password, else null (after the same work either way). */
  async checkPassword(name: string, password: string): Promise<UserView | null> {
    const u = this.file.read().users.find((x) => nameKey(x.name) === nameKey(name));
    const ok = await verifyPassword(u?.passwordHash ?? null, password);
    return ok && u && !u.disabled ? view(u) : null;
  }

  async create(input: { name: string; role: Role; password: string }): Promise<UserView> {
    const passwordHash = await hashPassword(input.password);
    return this.file.update((data) => {
      if (data.users.some((x) => nameKey(x.name) === nameKey(input.name)))
        throw new ConflictError(`A user named "${input.name}" exists already.`, { rule: 'user-exists' });
      const at = new Date().toISOString();
      const user: StoredUser = {
        id: newId('u_'),
        name: input.name,
        role: input.role,
        disabled: false,
        passwordHash,
        createdAt: at,
        updatedAt: at,
      };
      data.users.push(user);
      return { value: data, result: view(user) };
    });
  }

  /**
   * Changes a user's role, disabled flag or password. Refuses (409) to leave no enabled admin:
   * the first admin comes from the CLI, and nobody should lock the web out by accident.
   */
  async update(id: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<UserView> {
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    return this.file.update((data) => {
      const user = data.users.find((x) => x.id === id);
      if (!user) throw new NotFoundError(`No user with id ${id}.`);
      if (patch.role !== undefined) user.role = patch.role;
      if (patch.disabled !== undefined) user.disabled = patch.disabled;
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      if (!data.users.some((x) => x.role === 'admin' && !x.disabled))
        throw new ConflictError('This change would leave no enabled admin; make another user admin first.', { rule: 'last-admin' });
      user.updatedAt = new Date().toISOString();
      return { value: data, result: view(user) };
    });
  }

  listKeys(userId: string): KeyView[] {
    return this.file
      .read()
      .keys.filter((k) => k.userId === userId)
      .map(keyView);
  }

  key(id: string): KeyView | null {
    const k = this.file.read().keys.find((x) => x.id === id);
    return k ? keyView(k) : null;
  }

  /** A new key for the user; the secret is in the answer only, the file keeps its hash. */
  async createKey(userId: string, label: string): Promise<{ key: KeyView; secret: string }> {
    const secret = newSecret(API_KEY_PREFIX);
    return this.file.update((data) => {
      if (!data.users.some((x) => x.id === userId)) throw new NotFoundError(`No user with id ${userId}.`);
      const key: StoredKey = {
        id: newId('k_'),
        userId,
        label,
        hash: sha256(secret),
        hint: secret.slice(0, API_KEY_PREFIX.length + 4),
        createdAt: new Date().toISOString(),
        lastUsedAt: null,
      };
      data.keys.push(key);
      return { value: data, result: { key: keyView(key), secret } };
    });
  }

  async deleteKey(id: string): Promise<void> {
    await this.file.update((data) => {
      const before = data.keys.length;
      data.keys = data.keys.filter((k) => k.id !== id);
      if (data.keys.length === before) throw new NotFoundError(`No API key with id ${id}.`);
      return { value: data, result: undefined };
    });
  }

  /** The enabled user an API key belongs to, else null. Looked up by hash: the secret itself is never compared. */
  userForKey(secret: string): UserView | null {
    if (!secret.startsWith(API_KEY_PREFIX)) return null;
    const data = this.file.read();
    const h = sha256(secret);
    const key = data.keys.find((k) => k.hash === h);
    if (!key) return null;
    const user = data.users.find((u) => u.id === key.userId);
    if (!user || user.disabled) return null;
    if (!key.lastUsedAt || Date.now() - Date.parse(key.lastUsedAt) > LAST_USED_RESOLUTION_MS)
      void this.file
        .update((d) => {
          const k = d.keys.find((x) => x.id === key.id);
          if (k) k.lastUsedAt = new Date().toISOString();
          return { value: d, result: undefined };
        })
        .catch(() => undefined);
    return view(user);
  }
}
