// The auth perimeter the routers use: `attach` identifies the caller of every request (session
// cookie, API key, the operator's token, or anonymous) and puts the Actor into the request context;
// `require(role)` refuses requests whose actor's role is below `role` (401 when nobody is signed
// in, 403 when the role is too low). Writes through a browser session also need the CSRF header.
//
// CONTRACT (issue 12): routers take `auth.require('editor')` (or 'viewer', 'admin') as guards and
// read the actor with currentActor() from ../request-context. The implementation behind it (users,
// sessions, API keys, CSRF) lives in this folder; this first version knows only the operator token.
import type { RequestHandler } from 'express';

import type { Config } from '../config';
import type { Executor } from '../db/executor';
import { ForbiddenError } from '../errors';
import { currentActor, setCurrentActor } from '../request-context';
import { failedTokenLimiter, requireBearer } from '../api/security';
import { writeToken } from './operator-token';
import { roleAtLeast, type Role } from './types';

export interface AuthDeps {
  executor: Executor;
  config: Pick<Config, 'LIAISON_API_TOKEN' | 'LIAISON_DATA_DIR'>;
  limits?: { failedTokens?: number };
}

export interface Auth {
  /** Middleware for every request: identifies the caller and sets currentActor(). */
  attach: RequestHandler;
  /** Guards for a route: the caller's role must be at least `role`. */
  require(role: Role): RequestHandler[];
}

export function createAuth(deps: AuthDeps): Auth {
  const limiter = failedTokenLimiter({ limit: deps.limits?.failedTokens });
  const bearer = requireBearer(
    () => writeToken(deps.config),
    () =>
      new ForbiddenError(
        'Writes over HTTP are disabled because no API token is configured. Set LIAISON_API_TOKEN (16+ characters) ' +
          'or write one to api-token in the data directory, then send it as "Authorization: Bearer <token>"; ' +
          'or import from the command line with `npm run import -- FILE`.',
      ),
  );
  const attach: RequestHandler = (_req, _res, next) => next();
  const operator: RequestHandler = (_req, _res, next) => {
    setCurrentActor({ userId: 'operator', name: 'operator', role: 'admin', via: 'operator-token' });
    next();
  };
  return {
    attach,
    require(role: Role): RequestHandler[] {
      if (role === 'viewer')
        return [
          (_req, _res, next) => {
            const actor = currentActor();
            next(actor.role && roleAtLeast(actor.role, 'viewer') ? undefined : new ForbiddenError('Sign in to read.'));
          },
        ];
      return [limiter, bearer, operator];
    },
  };
}
