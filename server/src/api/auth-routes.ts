// Sign-in and users (issue 12, item 1): GET/POST/DELETE /api/session, /api/users, /api/users/:id/keys,
// /api/keys/:id. Admins manage every user; a signed-in user manages their own password and API keys.
import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { Actor } from '../auth/types';
import { ROLES, roleAtLeast } from '../auth/types';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, generatePassword } from '../auth/passwords';
import { USER_NAME, type UserView } from '../auth/users';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, jsonPath } from '../errors';
import { currentActor } from '../request-context';
import { JSON_TYPES, jsonBody, requireContentType } from './body';
import { idParam, json, jsonRequest, operation } from './openapi/common';
import type { RouterDeps } from './router-deps';

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
const userName = z.string().trim().regex(USER_NAME, 'must be 1–64 letters, digits or . _ @ -');
const role = z.enum(ROLES);

export const signInBody = z.strictObject({
  name: z.string().min(1, 'give your user name').max(200),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export const createUserBody = z.strictObject({
  name: userName,
  role: role.default('viewer'),
  password: password.optional().meta({ description: 'Left out: a password is generated and returned once.' }),
});
export const updateUserBody = z
  .strictObject({
    role: role.optional(),
    disabled: z.boolean().optional(),
    password: password.optional(),
    currentPassword: z.string().max(MAX_PASSWORD_LENGTH).optional().meta({ description: 'Needed when you change your own password.' }),
  })
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, 'give role, disabled or password');
export const createKeyBody = z.strictObject({ label: z.string().trim().min(1, 'name the key (what uses it)').max(200) });

const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role,
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });
const sessionUser = z.object({ id: z.string(), name: z.string(), role }).meta({ id: 'SessionUser' });
const sessionState = z
  .object({
    user: sessionUser.nullable(),
    via: z.enum(['session', 'api-key', 'operator-token', 'anonymous']).meta({ description: 'How this request was authenticated.' }),
    anonymousRead: z.boolean().meta({ description: 'Whether visitors who are not signed in may read.' }),
    csrfToken: z.string().nullable().meta({ description: 'Send it as X-CSRF-Token with every write made with the session cookie.' }),
  })
  .meta({ id: 'SessionState' });
const keySchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    label: z.string(),
    hint: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new ValidationError(
    `The ${what} is invalid.`,
    result.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message, code: i.code })),
  );
}

const noUser = (id: string) =>
  new NotFoundError(`No user with id "${id}".`, {}, [{ path: '$.params.id', message: 'no user has this id', code: 'not_found' }]);

/** The actor may act on user `id`'s own things (password, keys): it is them, or an admin. */
function selfOrAdmin(actor: Actor, id: string): void {
  if (actor.via === 'anonymous') throw new UnauthorizedError('Sign in first.', { rule: 'sign-in' });
  if (actor.userId === id || (actor.role && roleAtLeast(actor.role, 'admin'))) return;
  throw new ForbiddenError('Only an admin manages the accounts of others.', { rule: 'role', required: 'admin', role: actor.role });
}

export function authRouter(deps: RouterDeps): express.Router {
  const { auth } = deps;
  const { users, sessions } = auth.service;
  const router = express.Router();
  const body = [requireContentType(JSON_TYPES, 'The request body'), jsonBody({ limit: '16kb' })];
  // The caller's own account (password, keys): signed in, whatever anonymous visitors may read;
  // refused before the body is read or the key looked up, so nothing about them leaks.
  const signedIn: RequestHandler[] = [
    ...auth.require('viewer'),
    (_req, _res, next) =>
      next(currentActor().via === 'anonymous' ? new UnauthorizedError('Sign in first.', { rule: 'sign-in' }) : undefined),
  ];
  const admin = auth.require('admin');

  const sessionOf = (req: Request, actor = currentActor()) => {
    const info = auth.service.of(req);
    const user = info.user
      ? { id: info.user.id, name: info.user.name, role: info.user.role }
      : actor.via === 'operator-token'
        ? { id: actor.userId, name: actor.name, role: actor.role! }
        : null;
    return {
      user,
      via: actor.via === 'session' || actor.via === 'api-key' || actor.via === 'operator-token' ? actor.via : 'anonymous',
      anonymousRead: auth.service.anonymousRead,
      csrfToken: info.session?.session.csrfToken ?? null,
    };
  };

  router.get('/session', (req, res) => {
    res.set('Cache-Control', 'no-store').json(sessionOf(req));
  });

  router.post('/session', auth.service.signInLimiter, ...body, async (req, res) => {
    const { name, password: given } = parse(signInBody, req.body, 'sign-in');
    const user = await users.checkPassword(name, given);
    if (!user) throw new UnauthorizedError('The name or the password is wrong, or the account is disabled.', { rule: 'sign-in-failed' });
    // A new id at every sign-in (no session fixation); the one the browser had, if any, ends.
    const old = auth.service.of(req).session;
    if (old) await sessions.end(old.id);
    const { id, session } = await sessions.create(user.id);
    auth.service.setSessionCookie(req, res, id);
    res.set('Cache-Control', 'no-store').json({
      user: { id: user.id, name: user.name, role: user.role },
      via: 'session',
      anonymousRead: auth.service.anonymousRead,
      csrfToken: session.csrfToken,
    });
  });

  router.delete('/session', async (req, res) => {
    const info = auth.service.of(req);
    if (info.session) {
      auth.service.checkCsrf(req);
      await sessions.end(info.session.id);
    }
    auth.service.clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/users', ...admin, (_req, res) => {
    res.json({ users: users.list() });
  });

  router.post('/users', ...admin, ...body, async (req, res) => {
    const b = parse(createUserBody, req.body, 'user');
    const generated = b.password === undefined ? generatePassword() : null;
    const user = await users.create({ name: b.name, role: b.role, password: b.password ?? generated! });
    res
      .status(201)
      .location(`/api/users/${user.id}`)
      .json({ user, ...(generated ? { password: generated } : {}) });
  });

  router.patch('/users/:id', ...signedIn, ...body, async (req, res) => {
    const id = req.params.id as string;
    const actor = currentActor();
    const b = parse(updateUserBody, req.body, 'change');
    const isAdmin = actor.role !== null && roleAtLeast(actor.role, 'admin') && actor.via !== 'anonymous';
    if (b.role !== undefined || b.disabled !== undefined) {
      if (!isAdmin)
        throw new ForbiddenError('Only an admin changes roles or disables accounts.', {
          rule: 'role',
          required: 'admin',
          role: actor.role,
        });
    } else selfOrAdmin(actor, id);
    const target = users.byId(id);
    if (!target) throw noUser(id);
    const self = actor.userId === id;
    if (b.password !== undefined && self) {
      // A stolen session must not be enough to take the account over.
      const ok = b.currentPassword !== undefined && (await users.checkPassword(target.name, b.currentPassword)) !== null;
      if (!ok)
        throw new ValidationError('Give your current password to change it.', [
          { path: '$.currentPassword', message: 'is missing or wrong', code: 'current_password' },
        ]);
    }
    const user: UserView = await users.update(id, { role: b.role, disabled: b.disabled, password: b.password });
    // A disabled user is signed out everywhere; a new password signs out every other browser.
    if (b.disabled === true) await sessions.endAllOf(id);
    else if (b.password !== undefined) await sessions.endAllOf(id, self ? auth.service.of(req).session?.id : undefined);
    res.json({ user });
  });

  router.get('/users/:id/keys', ...signedIn, (req, res) => {
    const id = req.params.id as string;
    selfOrAdmin(currentActor(), id);
    if (!users.byId(id)) throw noUser(id);
    res.json({ keys: users.listKeys(id) });
  });

  router.post('/users/:id/keys', ...signedIn, ...body, async (req, res) => {
    const id = req.params.id as string;
    selfOrAdmin(currentActor(), id);
    if (!users.byId(id)) throw noUser(id);
    const { label } = parse(createKeyBody, req.body, 'API key');
    const { key, secret } = await users.createKey(id, label);
    res.status(201).json({ key, secret });
  });

  router.delete('/keys/:id', ...signedIn, async (req, res) => {
    const id = req.params.id as string;
    const key = users.key(id);
    if (!key)
      throw new NotFoundError(`No API key with id "${id}".`, {}, [
        { path: '$.params.id', message: 'no API key has this id', code: 'not_found' },
      ]);
    selfOrAdmin(currentActor(), key.userId);
    await users.deleteKey(id);
    res.status(204).end();
  });

  return router;
}

const userId = idParam("The user's id (u_…).");

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/session': {
    get: operation('public', 'get', {
      operationId: 'getSession',
      tags: ['Users'],
      summary: 'Who the caller is, whether anonymous visitors may read, and the CSRF token of a browser session',
      responses: { '200': json('The session state.', sessionState) },
    }),
    post: operation('public', 'post', {
      operationId: 'signIn',
      tags: ['Users'],
      summary: 'Sign in: sets the HttpOnly session cookie',
      description: `Failed sign-ins are counted per client; past the limit the answer is 429 (rule failed-sign-in-limit).`,
      requestBody: jsonRequest(signInBody),
      responses: { '200': json('Signed in; the answer carries the CSRF token for writes.', sessionState) },
      problems: [400, 401, 429],
    }),
    delete: operation('public', 'delete', {
      operationId: 'signOut',
      tags: ['Users'],
      summary: 'Sign out: ends the session and clears its cookie (needs the CSRF header when signed in)',
      responses: { '204': { description: 'Signed out.' } },
      problems: [403],
    }),
  },
  '/users': {
    get: operation('admin', 'get', {
      operationId: 'listUsers',
      tags: ['Users'],
      summary: 'Every user (without password hashes)',
      responses: { '200': json('The users.', z.object({ users: z.array(userSchema) })) },
    }),
    post: operation('admin', 'post', {
      operationId: 'createUser',
      tags: ['Users'],
      summary: 'Create a user',
      requestBody: jsonRequest(createUserBody),
      responses: {
        '201': json(
          'The user; `password` only when it was generated (shown this once).',
          z.object({ user: userSchema, password: z.string().optional() }),
        ),
      },
      problems: [400, 409],
    }),
  },
  '/users/{id}': {
    patch: operation('viewer', 'patch', {
      operationId: 'updateUser',
      anonymous: false,
      tags: ['Users'],
      summary: "Change a user's role, disabled flag (admin) or password (admin, or the user with currentPassword)",
      description:
        "Disabling ends the user's sessions; a new password ends their other sessions. Leaving no enabled admin is refused (409, rule last-admin).",
      requestParams: { path: userId },
      requestBody: jsonRequest(updateUserBody),
      responses: { '200': json('The user as changed.', z.object({ user: userSchema })) },
      problems: [400, 403, 404, 409],
    }),
  },
  '/users/{id}/keys': {
    get: operation('viewer', 'get', {
      operationId: 'listApiKeys',
      anonymous: false,
      tags: ['Users'],
      summary: "A user's API keys (the user themself, or an admin); never the secrets",
      requestParams: { path: userId },
      responses: { '200': json('The keys.', z.object({ keys: z.array(keySchema) })) },
      problems: [403, 404],
    }),
    post: operation('viewer', 'post', {
      operationId: 'createApiKey',
      anonymous: false,
      tags: ['Users'],
      summary: 'Create an API key (lk_…) that acts as the user; the secret is in this answer only',
      requestParams: { path: userId },
      requestBody: jsonRequest(createKeyBody),
      responses: { '201': json('The key and its secret.', z.object({ key: keySchema, secret: z.string() })) },
      problems: [400, 403, 404],
    }),
  },
  '/keys/{id}': {
    delete: operation('viewer', 'delete', {
      operationId: 'deleteApiKey',
      anonymous: false,
      tags: ['Users'],
      summary: 'Revoke an API key (its owner, or an admin)',
      requestParams: { path: idParam("The key's id (k_…).") },
      responses: { '204': { description: 'Revoked.' } },
      problems: [403, 404],
    }),
  },
};
