// The HTTP perimeter: security headers (helmet, with a CSP the explorer and the console work under),
// the Host and Origin allow-lists against DNS rebinding and cross-site writes, request ids, and the
// bearer tokens (compared in constant time, with a limit on failed attempts per client; who a token
// or a session cookie stands for is server/src/auth's business).
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname as osHostname, networkInterfaces } from 'node:os';

import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';

import { ForbiddenError, MisdirectedRequestError, RateLimitedError, UnauthorizedError, ValidationError } from '../errors';
import { logger } from '../log';

/**
 * The Content-Security-Policy of every answer. Cytoscape draws on a canvas and exports PNG/SVG
 * through data: and blob: URLs; the console's CodeMirror injects <style> elements, hence
 * 'unsafe-inline' for styles only. Scripts come from our own origin only: the Vite build has no
 * inline script (checked in tests/integration/http-hardening.int.test.ts).
 */
export const CSP_DIRECTIVES: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function securityHeaders(): RequestHandler {
  return helmet({
    // Exactly the list above: helmet's defaults would add upgrade-insecure-requests, which breaks a
    // plain-HTTP instance on a LAN address.
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    // For browsers older than frame-ancestors.
    xFrameOptions: { action: 'deny' },
    // HSTS belongs to whoever terminates TLS; sent over plain HTTP on localhost it only confuses.
    strictTransportSecurity: false,
    // The explorer embeds nothing cross-origin; COEP would only get in the way of future tiles.
    crossOriginEmbedderPolicy: false,
  }) as RequestHandler;
}

// ---------------------------------------------------------------------------------------------
// Host and Origin

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
const LOOPBACK_BINDS = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** An allow-list entry: a host name, with a port when it must match one port only. */
interface HostEntry {
  name: string;
  port: string | null;
}

export interface HostPolicy {
  /** null: every Host is accepted (LIAISON_ALLOWED_HOSTS=*). */
  entries: HostEntry[] | null;
}

/** "Example.org:8080" → {name: "example.org", port: "8080"}; "[::1]" stays bracketed. Null when unparsable. */
export function parseHost(value: string): HostEntry | null {
  const v = value.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m) return null;
  return { name: m[1]!.replace(/\.$/, ''), port: m[2] ?? null };
}

const bracket = (address: string) => (address.includes(':') ? `[${address.replace(/%.*$/, '')}]` : address);

/** The host names a server bound to `bindHost` answers for, when LIAISON_ALLOWED_HOSTS is not set. */
export function defaultAllowedHosts(bindHost: string): string[] {
  const bind = bindHost.trim().toLowerCase();
  if (LOOPBACK_BINDS.has(bind)) return LOOPBACK_HOSTS;
  if (WILDCARD_BINDS.has(bind)) {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined)
      .map((i) => bracket(i.address.toLowerCase()));
    return [...new Set([...LOOPBACK_HOSTS, osHostname().toLowerCase(), ...addresses])];
  }
  return [bracket(bind)];
}

export function hostPolicy(allowed: string | undefined, bindHost: string): HostPolicy {
  const list = allowed?.trim() ? allowed.split(',').map((s) => s.trim()) : defaultAllowedHosts(bindHost);
  if (list.includes('*')) return { entries: null };
  const entries = list.map((s) => {
    const entry = parseHost(s);
    if (!entry)
      throw new ValidationError('The configuration in the environment is invalid.', [
        { path: 'env.LIAISON_ALLOWED_HOSTS', message: `"${s}" is not a host name (optionally with :port), nor *` },
      ]);
    return entry;
  });
  return { entries };
}

export function hostAllowed(policy: HostPolicy, hostHeader: string | undefined): boolean {
  if (policy.entries === null) return true;
  const host = hostHeader ? parseHost(hostHeader) : null;
  if (!host) return false;
  return policy.entries.some((e) => e.name === host.name && (e.port === null || e.port === host.port));
}

/** Refuses a request whose Host header is not one of ours: a DNS-rebinding page cannot drive the app. */
export function requireAllowedHost(policy: HostPolicy): RequestHandler {
  return (req, _res, next) => {
    if (hostAllowed(policy, req.headers.host)) return next();
    next(
      new MisdirectedRequestError(
        'This server does not answer for the host name in the request. If you reach it under another name, ' +
          'add that name to LIAISON_ALLOWED_HOSTS (comma-separated; * accepts any).',
        { rule: 'host-not-allowed' },
      ),
    );
  };
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * For writes and other unsafe methods, an Origin header (browsers send one) must be this server's own
 * origin, the Host the request was sent to, or an allowed host named with its port. Requests without
 * Origin (curl, scripts) pass: they are not a browser acting for a foreign page.
 */
export function requireAllowedOrigin(policy: HostPolicy): RequestHandler {
  return (req, _res, next) => {
    if (policy.entries === null || !UNSAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    let originHost: HostEntry | null = null;
    try {
      const url = new URL(origin);
      if (url.protocol === 'http:' || url.protocol === 'https:') originHost = parseHost(url.host);
    } catch {
      originHost = null;
    }
    const host = req.headers.host ? parseHost(req.headers.host) : null;
    const sameOrigin = originHost !== null && host !== null && originHost.name === host.name && originHost.port === host.port;
    const listed =
      originHost !== null && policy.entries.some((e) => e.port !== null && e.name === originHost.name && e.port === originHost.port);
    if (sameOrigin || listed) return next();
    next(
      new ForbiddenError('Requests that change data are accepted only from pages of this server (the Origin header is foreign).', {
        rule: 'origin-not-allowed',
      }),
    );
  };
}

// ---------------------------------------------------------------------------------------------
// Request ids and request logs

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is a plain token (so it cannot forge log lines), else a fresh UUID. */
export function requestId(incoming: string | string[] | undefined): string {
  const given = Array.isArray(incoming) ? incoming[0] : incoming;
  return given && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** pino-http: one log line per request, its id on req.id and in the X-Request-Id response header. */
export function requestLogger(): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestId(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    // A 5xx is logged with its cause by problem.ts; here the line says only that and how (no stack of pino-http's own).
    customErrorObject: (_req, _res, error: Error, val: Record<string, unknown>) => ({
      res: val.res,
      responseTime: val.responseTime,
      error: error.message,
    }),
    // Only what helps to follow a request; headers (and the token in them) stay out of the log.
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  }) as unknown as RequestHandler;
}

// ---------------------------------------------------------------------------------------------
// The write token

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time equality of two tokens: both are hashed first, so neither length nor content leaks through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Failed token attempts allowed per client and window before the client is told to wait. */
/**
 * Options every rate limiter of the app shares. express-rate-limit checks on first use that an
 * X-Forwarded-For header is only seen behind a trusted proxy and prints a stack trace if not; here
 * forwarded headers are deliberately ignored unless LIAISON_TRUST_PROXY is set (config.ts), so a
 * client sending one is not a misconfiguration to shout about.
 */
export const RATE_LIMIT_BASE = {
  standardHeaders: 'draft-8',
  legacyHeaders: false,
  validate: { xForwardedForHeader: false },
} as const;

export const FAILED_TOKEN_LIMIT = 10;
export const FAILED_TOKEN_WINDOW_MS = 15 * 60_000;

/**
 * Counts only requests that end in 401 (a missing or wrong token); successful or otherwise failed
 * requests are taken back off the count. Past the limit every request of the client gets a 429,
 * with Retry-After, until the window has passed.
 */
export function failedTokenLimiter(options: { limit?: number; windowMs?: number; what?: string; rule?: string } = {}): RequestHandler {
  const limit = options.limit ?? FAILED_TOKEN_LIMIT;
  const windowMs = options.windowMs ?? FAILED_TOKEN_WINDOW_MS;
  // The same count serves failed sign-ins (auth-routes.ts), under its own name and rule.
  const what = options.what ?? 'requests with a wrong or missing token';
  const rule = options.rule ?? 'failed-token-limit';
  return rateLimit({
    ...RATE_LIMIT_BASE,
    windowMs,
    limit,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `Too many ${what} from this client (${limit} in ${Math.round(windowMs / 60_000)} minutes); wait and try again.`,
          { rule },
        ),
      ),
  });
}

/** Checks "Authorization: Bearer <token>" against the configured token; `token()` is read per request. */
export function requireBearer(token: () => string | null, missing: () => Error): RequestHandler {
  return (req, _res, next) => {
    const expected = token();
    if (!expected) return next(missing());
    const given = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]?.trim();
    if (!given) return next(new UnauthorizedError('This endpoint writes to the graph: send "Authorization: Bearer <token>".'));
    if (!tokensEqual(given, expected)) return next(new UnauthorizedError('The bearer token is not the one configured for this server.'));
    next();
  };
}
