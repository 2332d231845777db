// History (issue 12, item 3): GET /api/changes, /api/changes/:id, POST /api/changes/:id/revert, GET /api/nodes/:id/history, /api/relationships/:id/history.
import express from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { RouterDeps } from './router-deps';

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {};

export function historyRouter(deps: RouterDeps): express.Router {
  void deps;
  return express.Router();
}
