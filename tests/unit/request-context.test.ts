// The request context: the HTTP request id follows a request's async work, and log lines written
// inside it carry the id (log.ts's pino mixin), while lines outside a request do not.
import { describe, expect, it } from '@jest/globals';
import type { NextFunction, Request, Response } from 'express';
import pino from 'pino';

import { logger } from '../../server/src/log';
import { currentRequestId, requestContext, withRequestId } from '../../server/src/request-context';

const mixin = () => (logger as unknown as Record<symbol, () => Record<string, unknown>>)[pino.symbols.mixinSym]!();

describe('request context', () => {
  it('carries req.id through the rest of the request, across awaits and timers', async () => {
    const seen = await new Promise<Array<string | undefined>>((resolve) => {
      const next: NextFunction = () => {
        void (async () => {
          const before = currentRequestId();
          await new Promise((r) => setTimeout(r, 1));
          resolve([before, currentRequestId()]);
        })();
      };
      requestContext({ id: 'req-7' } as unknown as Request, {} as Response, next);
    });
    expect(seen).toEqual(['req-7', 'req-7']);
    expect(currentRequestId()).toBeUndefined();
  });

  it('adds requestId to log lines written inside a request only', () => {
    expect(mixin()).toEqual({});
    expect(withRequestId('trace-1', mixin)).toEqual({ requestId: 'trace-1' });
  });
});
