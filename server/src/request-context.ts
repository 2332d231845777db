// The HTTP request a piece of work is done for, carried through its async calls (AsyncLocalStorage),
// so that the executor's transaction metadata and every log line name the request's X-Request-Id.
import { AsyncLocalStorage } from 'node:async_hooks';

import type { RequestHandler } from 'express';

interface RequestContext {
  /** pino-http's req.id: the client's X-Request-Id when sane, else a fresh UUID (api/security.ts). */
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The id of the HTTP request being served, or undefined outside one (start-up, the CLI, timers). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` as part of the request `requestId` (tests, and work handed over outside Express). */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

/** Express middleware, right after pino-http (which sets req.id): the rest of the request runs in its context. */
export const requestContext: RequestHandler = (req, _res, next) => {
  const id = (req as { id?: unknown }).id;
  if (typeof id !== 'string' && typeof id !== 'number') return next();
  storage.run({ requestId: String(id) }, next);
};
