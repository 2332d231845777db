// The HTTP request a piece of work is done for, carried through its async calls (AsyncLocalStorage),
// so that the executor's transaction metadata and every log line name the request's X-Request-Id,
// and so that history (server/src/history) knows who acts without every signature passing it.
import { AsyncLocalStorage } from 'node:async_hooks';

import type { RequestHandler } from 'express';

import { SYSTEM, type Actor } from './auth/types';

interface RequestContext {
  /** pino-http's req.id: the client's X-Request-Id when sane, else a fresh UUID (api/security.ts). */
  requestId?: string;
  /** Who the request acts for; set by the auth middleware (server/src/auth) once it knows. */
  actor?: Actor;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the HTTP request being served, or undefined outside one (start-up, the CLI, timers). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Who the current work acts for: the request's actor, else the one given by withActor, else SYSTEM. */
export function currentActor(): Actor {
  return storage.getStore()?.actor ?? SYSTEM;
}

/** Sets the actor of the current request (the auth middleware, after it has identified the caller). */
export function setCurrentActor(actor: Actor): void {
  const store = storage.getStore();
  if (store) store.actor = actor;
}

/** Runs `work` as part of the request `requestId` (tests, and work handed over outside Express). */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId, actor: storage.getStore()?.actor }, work);
}

/** Runs `work` on behalf of `actor` (the CLI, import jobs that outlive their request, tests). */
export function withActor<T>(actor: Actor, work: () => T): T {
  return storage.run({ requestId: storage.getStore()?.requestId, actor }, work);
}

/** Express middleware, right after pino-http (which sets req.id): the rest of the request runs in its context. */
export const requestContext: RequestHandler = (req, _res, next) => {
  const id = (req as { id?: unknown }).id;
  if (typeof id !== 'string' && typeof id !== 'number') return next();
  storage.run({ requestId: String(id) }, next);
};
