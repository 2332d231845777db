// Request bodies: every JSON body is read through jsonBody(), which bounds its size (counted after
// decompression) and its nesting depth before JSON.parse or any recursive code sees it; and a guard
// answers 415 for a body in a content type the endpoint does not read.
import express, { type RequestHandler } from 'express';

import { BadRequestError, UnsupportedMediaTypeError } from '../errors';

/** Deepest nesting of arrays and objects a JSON body may have; a bundle or a query's params need far fewer. */
export const MAX_JSON_DEPTH = 64;

export const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Whether a JSON text nests [ and { deeper than `max`, scanning its bytes (strings and their escapes
 * skipped). Brackets and quotes are ASCII and never part of a multi-byte UTF-8 character, so the
 * bytes can be scanned as they are.
 */
export function jsonDepthExceeds(text: Uint8Array, max: number): boolean {
  const n = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export class TooDeepError extends BadRequestError {
  constructor(max: number) {
    super(`The JSON body is nested more than ${max} levels deep.`, { rule: 'too-deep', maxDepth: max });
  }
}

/** express.json with Liaison's bounds: `limit` counts decompressed bytes (body-parser reads the inflated stream). */
export function jsonBody(options: { limit: number | string; maxDepth?: number }): RequestHandler {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return express.json({
    limit: options.limit,
    type: JSON_TYPES,
    verify: (_req, _res, buf, encoding) => {
      // RFC 8259: JSON between systems is UTF-8; other charsets would also defeat the byte scan below.
      if (encoding && !/^utf-?8$/i.test(encoding))
        throw new UnsupportedMediaTypeError('The request body must be UTF-8 JSON.', { rule: 'charset' });
      if (jsonDepthExceeds(buf, maxDepth)) throw new TooDeepError(maxDepth);
    },
  });
}

/** 415 for a request that has a body in none of `types` (a body-less request passes: the handler says what is missing). */
export function requireContentType(types: string[], what: string): RequestHandler {
  return (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.is(types)) return next();
    next(
      new UnsupportedMediaTypeError(
        `${what} must be sent as ${types.join(' or ')}, not ${req.headers['content-type'] ?? 'no content type'}.`,
        {
          rule: 'content-type',
          accepted: types,
        },
      ),
    );
  };
}
