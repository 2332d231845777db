// Drafts from articles (issue 12, item 4): POST /api/articles/draft.
import express from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { RouterDeps } from './router-deps';

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {};

export function draftRouter(deps: RouterDeps): express.Router {
  void deps;
  return express.Router();
}
