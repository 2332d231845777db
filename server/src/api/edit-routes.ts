// Edits in the app (issue 12, item 2): POST /api/facts, PATCH /api/nodes/:id and /api/relationships/:id, retractions, citation status.
import express from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { RouterDeps } from './router-deps';

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {};

export function editRouter(deps: RouterDeps): express.Router {
  void deps;
  return express.Router();
}
