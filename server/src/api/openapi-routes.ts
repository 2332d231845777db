// The OpenAPI description of the API (issue 12, item 5): GET /api/openapi.json, assembled from each router's own fragment.
import express from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { RouterDeps } from './router-deps';

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {};

export function openapiRouter(deps: RouterDeps): express.Router {
  void deps;
  return express.Router();
}
