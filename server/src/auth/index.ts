// The auth perimeter the routers use: `attach` identifies the caller of every request (an API key
// or the operator's token as a bearer token, else the session cookie, else anonymous) and puts the
// Actor into the request context; `require(role)` refuses requests whose actor's role is below
// `role` (401 when nobody is signed in, 403 when the role is too low). Writes through a browser
// session also need the CSRF header (403, rule 'csrf').
//
// CONTRACT (issue 12): routers take `auth.require('editor')` (or 'viewer', 'admin') as guards and
// read the actor with currentActor() from ../request-context. Users and API keys live in
// <data>/users.json, sessions in <data>/sessions.json (users.ts, sessions.ts), never in Neo4j.
import type { Request, RequestHandler, Response } from 'express';
import { parseCookie, stringifySetCookie } from 'cookie';

import type { Config } from '../config';
import type { Executor } from '../db/executor';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { log } from '../log';
import { currentActor, setCurrentActor } from '../request-context';
import { failedTokenLimiter, tokensEqual } from '../api/security';
import { writeToken } from './operator-token';
import { sameSecret } from './passwords';
import { SessionStore, type Session } from './sessions';
import { ANONYMOUS, CSRF_HEADER, SESSION_COOKIE, roleAtLeast, type Actor, type Role } from './types';
import { API_KEY_PREFIX, UserStore, type UserView } from './users';

export { API_KEY_PREFIX, UserStore, type KeyView, type UserView } from './users';
export { SessionStore } from './sessions';

export const DEFAULT_SESSION_IDLE_MS = 8 * 3_600_000;
export const DEFAULT_SESSION_MAX_MS = 7 * 24 * 3_600_000;

export interface AuthDeps {
  executor: Executor;
  config: Pick<Config, 'LIAISON_API_TOKEN' | 'LIAISON_DATA_DIR'> &
    Partial<Pick<Config, 'LIAISON_ANONYMOUS_READ' | 'LIAISON_SESSION_IDLE_MS' | 'LIAISON_SESSION_MAX_MS'>>;
  limits?: { failedTokens?: number; failedSignIns?: number };
  /** The clock of session expiry (unit tests). */
  now?: () => number;
}

/** What `attach` found out about a request. */
export interface RequestAuth {
  actor: Actor;
  /** The user behind a session or an API key; null for the operator token and anonymous callers. */
  user: UserView | null;
  /** The browser session and the cookie's id, when the request is authenticated by cookie. */
  session: { id: string; session: Session } | null;
  /** Why a bearer token sent with the request was refused (it then acts as anonymous). */
  rejected: string | null;
}

/** What auth-routes.ts needs beyond the guards. */
export interface AuthService {
  users: UserStore;
  sessions: SessionStore;
  anonymousRead: boolean;
  sessionMaxMs: number;
  /** Counts failed sign-ins per client; past the limit, 429. */
  signInLimiter: RequestHandler;
  of(req: Request): RequestAuth;
  setSessionCookie(req: Request, res: Response, id: string): void;
  clearSessionCookie(req: Request, res: Response): void;
  /** Refuses an unsafe request made with a session cookie but without the session's CSRF token. */
  checkCsrf(req: Request): void;
}

export interface Auth {
  /** Middleware for every request: identifies the caller and sets currentActor(). */
  attach: RequestHandler;
  /** Guards for a route: the caller's role must be at least `role`. */
  require(role: Role): RequestHandler[];
  /** The users, sessions and cookies behind the guards (auth-routes.ts). */
  service: AuthService;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a visitor may ask for without signing in when anonymous reads are off: enough to sign in. */
const OPEN_PATHS = new Set(['/health', '/session', '/openapi.json']);
const OPERATOR: Actor = { userId: 'operator', name: 'operator', role: 'admin', via: 'operator-token' };
const NOBODY: Actor = { ...ANONYMOUS, role: null };

const hinted = new Set<string>();

export function createAuth(deps: AuthDeps): Auth {
  const { config } = deps;
  const anonymousRead = config.LIAISON_ANONYMOUS_READ ?? true;
  const sessionMaxMs = config.LIAISON_SESSION_MAX_MS ?? DEFAULT_SESSION_MAX_MS;
  const users = new UserStore(config.LIAISON_DATA_DIR);
  const sessions = new SessionStore(config.LIAISON_DATA_DIR, {
    idleMs: config.LIAISON_SESSION_IDLE_MS ?? DEFAULT_SESSION_IDLE_MS,
    maxMs: sessionMaxMs,
    now: deps.now,
  });
  const limiter = failedTokenLimiter({ limit: deps.limits?.failedTokens });
  const signInLimiter = failedTokenLimiter({ limit: deps.limits?.failedSignIns, what: 'failed sign-ins', rule: 'failed-sign-in-limit' });
  const requests = new WeakMap<Request, RequestAuth>();
  const anonymous = (): RequestAuth => ({ actor: anonymousRead ? ANONYMOUS : NOBODY, user: null, session: null, rejected: null });

  if (!hinted.has(config.LIAISON_DATA_DIR)) {
    hinted.add(config.LIAISON_DATA_DIR);
    try {
      if (users.count() === 0)
        log.info('No users yet: create the first admin with `npm run users -- create-admin NAME` (README "Users and roles").');
    } catch {
      // An unreadable users.json is reported by the first request that needs it.
    }
  }

  function identify(req: Request, res: Response): RequestAuth {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (bearer) {
      if (bearer.startsWith(API_KEY_PREFIX)) {
        const user = users.userForKey(bearer);
        if (user)
          return { actor: { userId: user.id, name: user.name, role: user.role, via: 'api-key' }, user, session: null, rejected: null };
        return { ...anonymous(), rejected: 'The API key is not known to this server, or its user is disabled.' };
      }
      const operator = writeToken(config);
      if (operator && tokensEqual(bearer, operator)) return { actor: OPERATOR, user: null, session: null, rejected: null };
      return { ...anonymous(), rejected: 'The bearer token is not the one configured for this server, nor an API key.' };
    }
    const cookieId = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (cookieId) {
      const session = sessions.find(cookieId);
      const user = session ? users.byId(session.userId) : null;
      if (session && user && !user.disabled)
        return {
          actor: { userId: user.id, name: user.name, role: user.role, via: 'session' },
          user,
          session: { id: cookieId, session },
          rejected: null,
        };
      // Expired or ended elsewhere: the browser forgets the cookie, and the page sees it is signed out.
      clearSessionCookie(req, res);
    }
    return anonymous();
  }

  function cookieOptions(req: Request) {
    // Secure whenever the client reached us over https (req.secure honours X-Forwarded-Proto only
    // when LIAISON_TRUST_PROXY says the proxy is ours); over plain-HTTP localhost it would never be sent.
    return { httpOnly: true, sameSite: 'strict' as const, path: '/', secure: req.secure };
  }

  function setSessionCookie(req: Request, res: Response, id: string): void {
    res.append('Set-Cookie', stringifySetCookie(SESSION_COOKIE, id, { ...cookieOptions(req), maxAge: Math.floor(sessionMaxMs / 1000) }));
  }

  function clearSessionCookie(req: Request, res: Response): void {
    res.append('Set-Cookie', stringifySetCookie(SESSION_COOKIE, '', { ...cookieOptions(req), maxAge: 0, expires: new Date(0) }));
  }

  function of(req: Request): RequestAuth {
    return requests.get(req) ?? anonymous();
  }

  function checkCsrf(req: Request): void {
    const info = of(req);
    if (!info.session || !UNSAFE_METHODS.has(req.method)) return;
    const given = req.get(CSRF_HEADER);
    if (!given || !sameSecret(given, info.session.session.csrfToken))
      throw new ForbiddenError(
        `A change made with a browser session must carry the session's CSRF token in the ${CSRF_HEADER} header (GET /api/session gives it).`,
        { rule: 'csrf' },
      );
  }

  const attach: RequestHandler = (req, res, next) => {
    let info: RequestAuth;
    try {
      info = identify(req, res);
    } catch (error) {
      return next(error);
    }
    requests.set(req, info);
    setCurrentActor(info.actor);
    if (info.actor.role === null && !OPEN_PATHS.has(req.path))
      return next(
        new UnauthorizedError(
          info.rejected ?? 'This Liaison is open to signed-in users only: sign in (POST /api/session) or send an API key.',
          {
            rule: 'sign-in',
          },
        ),
      );
    next();
  };

  const guard =
    (role: Role): RequestHandler =>
    (req, _res, next) => {
      const info = of(req);
      const actor = currentActor();
      if (info.rejected) {
        // As before there were users: with no token and nobody to sign in, writes are off altogether.
        if (role !== 'viewer' && !writeToken(config) && users.count() === 0) return next(writesDisabled());
        return next(new UnauthorizedError(info.rejected, { rule: 'credentials' }));
      }
      if (actor.via === 'anonymous' && (role !== 'viewer' || actor.role === null)) {
        if (!writeToken(config) && users.count() === 0) return next(writesDisabled());
        return next(
          new UnauthorizedError(
            role === 'viewer'
              ? 'Sign in to read.'
              : 'This endpoint changes data: sign in (POST /api/session), or send "Authorization: Bearer <API key or token>".',
            { rule: 'sign-in' },
          ),
        );
      }
      try {
        checkCsrf(req);
      } catch (error) {
        return next(error);
      }
      if (!actor.role || !roleAtLeast(actor.role, role))
        return next(
          new ForbiddenError(`This needs the role ${role}; ${actor.name} is ${actor.role ?? 'not signed in'}.`, {
            rule: 'role',
            required: role,
            role: actor.role,
          }),
        );
      next();
    };

  return {
    attach,
    require(role: Role): RequestHandler[] {
      // Failed credentials count against the client before anything else is looked at.
      return role === 'viewer' ? [guard(role)] : [limiter, guard(role)];
    },
    service: {
      users,
      sessions,
      anonymousRead,
      sessionMaxMs,
      signInLimiter,
      of,
      setSessionCookie,
      clearSessionCookie,
      checkCsrf,
    },
  };
}

function writesDisabled(): ForbiddenError {
  return new ForbiddenError(
    'Writes over HTTP are disabled because nobody can sign in: no user exists and no API token is configured. ' +
      'Create the first admin with `npm run users -- create-admin NAME`, or set LIAISON_API_TOKEN (16+ characters) ' +
      'or write one to api-token in the data directory and send it as "Authorization: Bearer <token>"; ' +
      'or import from the command line with `npm run import -- FILE`.',
    { rule: 'writes-disabled' },
  );
}
