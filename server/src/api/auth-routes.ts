// Sign-in and users (issue 12, item 1): GET/POST/DELETE /api/session, /api/users, /api/users/:id/keys, /api/keys/:id.
import express from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import type { RouterDeps } from './router-deps';

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {};

export function authRouter(deps: RouterDeps): express.Router {
  void deps;
  return express.Router();
}
