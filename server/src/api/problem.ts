// Every error the API answers with is application/problem+json (RFC 9457), produced here and only
// here. Unknown errors are logged in full and answered with a generic 500: no stack trace leaves.
import type { ErrorRequestHandler, RequestHandler } from 'express';

import { InternalError, LiaisonError, NotFoundError, PayloadTooLargeError, ValidationError, BadRequestError } from '../errors';
import { log } from '../log';

export function problemBody(error: LiaisonError, instance: string) {
  return {
    type: `urn:liaison:problem:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance,
    ...error.extra,
    ...(error instanceof ValidationError ? { errors: error.issues } : {}),
  };
}

/** Errors thrown by body-parser carry a `type`; turn them into ours. */
function fromBodyParser(error: unknown): LiaisonError | null {
  const e = error as { type?: string; message?: string; limit?: number };
  if (e?.type === 'entity.parse.failed') return new BadRequestError(`The request body is not valid JSON: ${e.message ?? ''}`.trim());
  if (e?.type === 'entity.too.large')
    return new PayloadTooLargeError(`The request body is larger than the limit of ${e.limit ?? '?'} bytes.`);
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new BadRequestError('The request body must be UTF-8 JSON.');
  return null;
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let problem: LiaisonError;
  if (error instanceof LiaisonError) problem = error;
  else {
    problem = fromBodyParser(error) ?? new InternalError('Something went wrong on our side; it has been logged.');
    if (problem instanceof InternalError)
      log.error('unhandled error', { path: req.path, error: error instanceof Error ? error.stack : String(error) });
  }
  if (problem.status >= 500) log.warn('request failed', { path: req.path, status: problem.status, detail: problem.message });
  res.status(problem.status).type('application/problem+json').json(problemBody(problem, req.originalUrl));
};

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new NotFoundError(`No API endpoint ${req.method} ${req.path}.`));
};
