// Every error the API answers with is application/problem+json (RFC 9457), produced here and only
// here. Unknown errors are logged in full and answered with a generic 500: no stack trace leaves.
import { STATUS_CODES } from 'node:http';

import type { ErrorRequestHandler, Request, RequestHandler } from 'express';

import {
  BadRequestError,
  HttpClientError,
  InternalError,
  LiaisonError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../errors';
import { log } from '../log';

/** The content encodings body-parser inflates; anything else is a 415. */
export const ACCEPTED_ENCODINGS = ['identity', 'gzip', 'deflate', 'br'] as const;

export function problemBody(error: LiaisonError, instance: string, requestId?: string) {
  return {
    type: `urn:liaison:problem:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance,
    ...error.extra,
    ...(error.issues ? { errors: error.issues } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

interface HttpLikeError {
  type?: unknown;
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
  limit?: unknown;
  code?: unknown;
  charset?: unknown;
  encoding?: unknown;
}

/**
 * Errors of the HTTP layer (body-parser, the router's URIError, zlib through body-parser, static
 * files) carry a 4xx `status`; those are the client's, so they become a 4xx of ours. Known body-parser
 * types get a sentence that says what to change; other exposed ones keep their own message.
 */
export function fromHttpLayer(error: unknown): LiaisonError | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as HttpLikeError;
  const message = typeof e.message === 'string' ? e.message : '';
  switch (e.type) {
    case 'entity.parse.failed':
      return new BadRequestError(`The request body is not valid JSON: ${message}`.trim(), { rule: 'json-syntax' });
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `The request body is larger than the limit of ${typeof e.limit === 'number' ? e.limit : '?'} bytes (counted after decompression).`,
        { rule: 'too-large', ...(typeof e.limit === 'number' ? { limit: e.limit } : {}) },
      );
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        `The Content-Encoding of the body is not supported; send it as one of ${ACCEPTED_ENCODINGS.join(', ')}.`,
        { rule: 'content-encoding', accepted: ACCEPTED_ENCODINGS },
      );
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('The request body must be UTF-8 JSON.', { rule: 'charset' });
    case 'request.aborted':
      return new BadRequestError('The request body ended before its announced length.', { rule: 'aborted' });
    case 'request.size.invalid':
      return new BadRequestError('The request body is not as long as its Content-Length says.', { rule: 'content-length' });
    default:
  }
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : null;
  if (status === null || status < 400 || status >= 500) return null;
  // zlib refusing the bytes: the body is not what its Content-Encoding says (e.g. gzip on plain JSON).
  if (typeof e.code === 'string' && e.code.startsWith('Z_'))
    return new BadRequestError('The request body could not be decompressed: it is not what its Content-Encoding says.', {
      rule: 'content-encoding',
    });
  // A malformed percent-encoding in the path (the router's URIError) or any other exposed 4xx.
  if (error instanceof URIError) return new BadRequestError('The request path holds malformed percent-encoding.', { rule: 'uri' });
  return new HttpClientError(status, e.expose === true && message ? message : (STATUS_CODES[status] ?? 'Bad request'));
}

/** The id pino-http gave the request (echoed as X-Request-Id), so a report can be matched to the log. */
export function requestIdOf(req: Request): string | undefined {
  const id = (req as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let problem: LiaisonError;
  if (error instanceof LiaisonError) problem = error;
  else {
    problem = fromHttpLayer(error) ?? new InternalError('Something went wrong on our side; it has been logged.');
    if (problem instanceof InternalError)
      log.error('unhandled error', {
        requestId: requestIdOf(req),
        path: req.path,
        error: error instanceof Error ? error.stack : String(error),
      });
  }
  if (problem.status >= 500)
    log.warn('request failed', { requestId: requestIdOf(req), path: req.path, status: problem.status, detail: problem.message });
  if (res.headersSent) {
    // Half an answer has gone out (a stream failed late): all that is left is to cut it.
    res.destroy();
    return;
  }
  // A client told "unavailable" should hear when to try again (the supervisor may name its own delay).
  if (problem.status === 503 && !res.getHeader('retry-after'))
    res.setHeader('Retry-After', String(typeof problem.extra.retryAfter === 'number' ? problem.extra.retryAfter : 5));
  res
    .status(problem.status)
    .type('application/problem+json')
    .json(problemBody(problem, req.originalUrl, requestIdOf(req)));
};

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No API endpoint ${req.method} ${req.path}.`));
};
