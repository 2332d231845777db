// What every router's OpenAPI fragment shares: the problem+json error shape, the security schemes
// (cookie session with its CSRF header, bearer API key), and `operation()`, which stamps an
// operation with the role it needs (x-liaison-role), its security requirements and its error answers.
//
// A router describes its own paths with its own zod schemas:
//   export const openapi: ZodOpenApiPathsObject = {
//     '/things/{id}': { get: operation('viewer', 'get', { operationId: 'getThing', summary: '…', responses: {...} }) },
//   };
// Paths are relative to /api (the document's server) and use {name} for Express's :name.
import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';

import { CSRF_HEADER, SESSION_COOKIE, type Role } from '../../auth/types';

/** The vendor extension naming the least role an operation needs ('public': anybody, even when anonymous reads are off). */
export const ROLE_EXTENSION = 'x-liaison-role';
export type OperationRole = Role | 'public';

/** One problem tied to a place in the input (errors.ts FieldIssue). */
export const problemIssue = z
  .object({
    path: z.string().meta({
      description:
        'JSONPath of the offending value: "$.nodes[3].citations[0].source" in a body, "$.query.limit" for a query parameter, ' +
        '"$.params.id" for a path parameter (an import file\'s problems: "file:line:field").',
      example: '$.query.limit',
    }),
    message: z.string().meta({ example: 'Too big: expected number to be <=100' }),
    code: z
      .string()
      .optional()
      .meta({ description: 'A machine-readable code of the issue (zod issue codes and our own).', example: 'too_big' }),
  })
  .meta({ id: 'ProblemIssue', description: 'A problem at one place of the input.' });

/**
 * RFC 9457 problem details, the body of every error answer (api/problem.ts). Errors of one kind may
 * carry more members (rule, limit, accepted, position, candidates, report, …), so the object is open.
 */
export const problem = z
  .looseObject({
    type: z.string().meta({ description: 'urn:liaison:problem:<code>', example: 'urn:liaison:problem:validation' }),
    title: z.string().meta({ example: 'Invalid input' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().meta({ example: 'Some query parameters are invalid.' }),
    instance: z.string().meta({ description: 'The request path and query.', example: '/api/search?q=' }),
    errors: z
      .array(problemIssue)
      .optional()
      .meta({ description: 'The issues, each at its field path (validation errors and others tied to the input).' }),
    rule: z.string().optional().meta({ description: 'Which rule refused the request (csrf, rate-limited, content-type, too-large, …).' }),
    requestId: z.string().optional().meta({ description: 'The X-Request-Id of the request, to find it in the log.' }),
  })
  .meta({ id: 'Problem', description: 'application/problem+json (RFC 9457).' });

export const PROBLEM_TYPE = 'application/problem+json';

const retryAfter = z.object({
  'retry-after': z.string().meta({ description: 'Seconds to wait before trying again.', example: '5' }),
});

/** A problem answer with its own description (429 and 503 say when to try again). */
export function problemResponse(description: string, status?: number): ZodOpenApiResponseObject {
  return {
    description,
    content: { [PROBLEM_TYPE]: { schema: problem } },
    ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
  };
}

/** The error statuses operations name, with what they mean in Liaison. */
export const PROBLEMS = {
  400: 'Invalid input: the problem lists each issue at its field path (errors[].path).',
  401: 'Nobody is signed in and this needs a user (or anonymous reads are off).',
  403: "The caller's role is too low, the CSRF header is missing or wrong (rule csrf), or the operation is refused.",
  404: 'Nothing with this id.',
  409: 'Conflicts with the stored data.',
  413: 'The body is larger than this operation takes (counted after decompression).',
  415: 'The body is in a content type or encoding this operation does not read.',
  422: 'A name matches no entity.',
  429: 'Too many requests from this client (or too many failed sign-ins or tokens); Retry-After says when to try again.',
  503: 'The database is unavailable; Retry-After says when to try again.',
  504: 'The query took longer than its time budget.',
} as const;
export type ProblemStatus = keyof typeof PROBLEMS;

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'A browser session (POST /api/session signs in). HttpOnly, SameSite=Strict; expires when idle and at an absolute age.',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: CSRF_HEADER,
    description: `The session's CSRF token (csrfToken of GET /api/session), required with the session cookie on every POST, PUT, PATCH and DELETE.`,
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'lk_… API key (or the operator token)',
    description:
      'For scripts: an API key (lk_…) acts as the user it belongs to; the operator token (LIAISON_API_TOKEN or <data>/api-token) acts as an admin named operator.',
  },
} as const;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const UNSAFE: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Who may call: {} is anonymous (allowed for viewer operations while LIAISON_ANONYMOUS_READ is on,
 * unless `anonymous` is false: e.g. a signed-in user's own keys); a browser session needs its CSRF
 * header on unsafe methods; an API key never does.
 */
export function securityFor(role: OperationRole, method: HttpMethod, anonymous = role === 'viewer'): Array<Record<string, string[]>> {
  if (role === 'public') return [{}];
  const session: Record<string, string[]> = UNSAFE.has(method) ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] };
  const signedIn: Array<Record<string, string[]>> = [session, { apiKey: [] }];
  return anonymous && role === 'viewer' ? [{}, ...signedIn] : signedIn;
}

const ROLE_TEXT: Record<OperationRole | 'signedIn', string> = {
  public: 'Role: none (open to everybody, even when anonymous reads are off).',
  viewer: 'Role: viewer (anonymous visitors count as viewers while LIAISON_ANONYMOUS_READ is on, the default).',
  signedIn: 'Role: viewer, signed in (an anonymous visitor may not).',
  editor: 'Role: editor.',
  admin: 'Role: admin.',
};

/**
 * An operation with its role: x-liaison-role, the role in the description, the security
 * requirements, and problem answers for `problems` plus those the role implies (401 and 403 for
 * signed-in roles, 429 for failed credentials) and a default problem answer for any other error.
 * `anonymous: false` marks a viewer operation that needs somebody signed in all the same.
 */
export function operation(
  role: OperationRole,
  method: HttpMethod,
  op: ZodOpenApiOperationObject & { problems?: ProblemStatus[]; anonymous?: boolean },
): ZodOpenApiOperationObject {
  const { problems = [], anonymous = role === 'viewer', ...rest } = op;
  const implied: ProblemStatus[] = role === 'public' ? [] : role === 'viewer' ? (anonymous ? [401] : [401, 403]) : [401, 403, 429];
  const errors: ZodOpenApiResponsesObject = {};
  for (const status of [...new Set([...problems, ...implied])].sort((a, b) => a - b))
    errors[`${status}`] = problemResponse(PROBLEMS[status], status);
  return {
    ...rest,
    description: [rest.description, ROLE_TEXT[role === 'viewer' && !anonymous ? 'signedIn' : role]].filter(Boolean).join('\n\n'),
    security: securityFor(role, method, anonymous),
    [ROLE_EXTENSION]: role,
    responses: { ...rest.responses, ...errors, default: problemResponse('Any other error, as problem+json.') },
  };
}

/** A JSON answer. */
export function json(description: string, schema: z.ZodType, extra: Partial<ZodOpenApiResponseObject> = {}): ZodOpenApiResponseObject {
  return { description, content: { 'application/json': { schema } }, ...extra };
}

/** A JSON request body. */
export function jsonRequest(schema: z.ZodType, description?: string) {
  return { required: true, ...(description ? { description } : {}), content: { 'application/json': { schema } } };
}

/** A path parameter `name` (Express's :name). */
export const idParam = (description: string, name = 'id') => z.object({ [name]: z.string().meta({ description }) });
