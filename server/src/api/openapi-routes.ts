// The OpenAPI description of the API (issue 12, item 5): GET /api/openapi.json, assembled from each router's own fragment.
// docs/openapi.json is the same document, written by `npm run openapi:write`; a unit test fails when it is stale.
import express from 'express';
import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';

import { openapi as authPaths } from './auth-routes';
import { openapi as candidatesPaths } from './candidates-routes';
import { openapi as cypherPaths } from './cypher-routes';
import { openapi as draftPaths } from './draft-routes';
import { openapi as editPaths } from './edit-routes';
import { openapi as exportPaths } from './export-routes';
import { openapi as historyPaths } from './history-routes';
import { openapi as importPaths } from './import-routes';
import { openapi as judgementsPaths } from './judgements-routes';
import { openapi as placesPaths } from './places-routes';
import { openapi as viewsPaths } from './views-routes';
import { json, operation } from './openapi/common';
import { openapi as corePaths } from './openapi/core';
import { createOpenApiDocument, mergePaths } from './openapi/document';
import type { RouterDeps } from './router-deps';

/** This router's paths in the OpenAPI description (api/openapi-routes.ts assembles them). */
export const openapi: ZodOpenApiPathsObject = {
  '/openapi.json': {
    get: operation('public', 'get', {
      operationId: 'getOpenApi',
      tags: ['Status'],
      summary: 'This description of the API (OpenAPI 3.1)',
      responses: {
        '200': json('The OpenAPI document.', z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })),
      },
    }),
  },
};

/** Every router's fragment, named for the error when two describe the same operation. */
export function openApiFragments(): Array<[string, ZodOpenApiPathsObject]> {
  return [
    ['api/openapi/core.ts', corePaths],
    ['openapi-routes.ts', openapi],
    ['auth-routes.ts', authPaths],
    ['import-routes.ts', importPaths],
    ['candidates-routes.ts', candidatesPaths],
    ['cypher-routes.ts', cypherPaths],
    ['export-routes.ts', exportPaths],
    ['views-routes.ts', viewsPaths],
    ['judgements-routes.ts', judgementsPaths],
    ['history-routes.ts', historyPaths],
    ['edit-routes.ts', editPaths],
    ['draft-routes.ts', draftPaths],
    ['places-routes.ts', placesPaths],
  ];
}

let cached: ReturnType<typeof createOpenApiDocument> | null = null;

/** The whole description, built once (the fragments are constants). */
export function openApiDocument(): ReturnType<typeof createOpenApiDocument> {
  cached ??= createOpenApiDocument(mergePaths(openApiFragments()));
  return cached;
}

export function openapiRouter(deps: RouterDeps): express.Router {
  void deps;
  const router = express.Router();
  // Open to everybody, like /api/health: a client reads it to learn how to sign in.
  router.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(openApiDocument());
  });
  return router;
}
