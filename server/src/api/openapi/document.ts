// Assembles the OpenAPI 3.1 description of the API from the fragments the routers export: their
// paths are merged (two routers may serve methods of one path, e.g. GET and PATCH /nodes/{id}),
// a method described twice is an error, and the shared components (problem+json, security schemes)
// are added once. zod-openapi renders the zod schemas: request bodies and parameters as input,
// answers as output.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { createDocument, type ZodOpenApiPathItemObject, type ZodOpenApiPathsObject } from 'zod-openapi';

import { bundleCitationInput, citationInput, recordCitationInput } from '../../schema/validators';
import { PROBLEM_TYPE, ROLE_EXTENSION, SECURITY_SCHEMES } from './common';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Paths of several fragments as one paths object; the same method of the same path twice is a mistake to hear of. */
export function mergePaths(fragments: ReadonlyArray<readonly [string, ZodOpenApiPathsObject]>): ZodOpenApiPathsObject {
  const out: Record<string, ZodOpenApiPathItemObject> = {};
  const owner = new Map<string, string>();
  for (const [name, paths] of fragments)
    for (const [p, item] of Object.entries(paths)) {
      const merged: ZodOpenApiPathItemObject = { ...(out[p] ?? {}) };
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        const key = `${method.toUpperCase()} ${p}`;
        if (owner.has(key)) throw new Error(`OpenAPI: ${key} is described by both ${owner.get(key)} and ${name}.`);
        owner.set(key, name);
        merged[method] = op;
      }
      for (const [k, v] of Object.entries(item))
        if (!(HTTP_METHODS as readonly string[]).includes(k)) (merged as Record<string, unknown>)[k] = v;
      out[p] = merged;
    }
  return out;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const DESCRIPTION = [
  'Liaison: who meets whom in public life, every fact cited. This is the JSON API the explorer, the console, and the import, ' +
    'review, draft and admin pages use; paths are relative to /api.',
  `**Roles.** Each operation names the least role it needs in \`${ROLE_EXTENSION}\` and in its description: ` +
    '`public` (anybody), `viewer` (reads; anonymous visitors are viewers while LIAISON_ANONYMOUS_READ is on, the default), ' +
    '`editor` (adds and changes facts, reviews duplicates, imports), `admin` (users and keys). A higher role may do what a lower one may.',
  '**Authentication.** A browser signs in with POST /api/session and sends the session cookie; on POST, PUT, PATCH and ' +
    'DELETE it also sends the session\'s CSRF token in the X-CSRF-Token header (403 with rule "csrf" otherwise). Scripts send ' +
    '`Authorization: Bearer <API key>` (lk_…, acting as its user) or the operator token; they need no CSRF header.',
  `**Errors.** Every error is ${PROBLEM_TYPE} (RFC 9457) with type, title, status, detail and instance; invalid input lists ` +
    'each issue with its JSONPath in errors[].path ("$.nodes[3].id" in a body, "$.query.limit" for a query parameter). ' +
    'A request naming a Host the server does not answer for gets 421; a cross-site Origin on a write gets 403.',
].join('\n\n');

const TAGS = [
  { name: 'Status', description: 'Health and this description.' },
  { name: 'Graph', description: 'Read the graph: schema, search, nodes, neighbours, paths, sources.' },
  { name: 'Console', description: 'Read-only Cypher and the library of named queries.' },
  { name: 'Export', description: 'Subgraphs as files.' },
  { name: 'Import', description: 'Uploads, previews, import jobs and the one-shot import.' },
  { name: 'Resolution', description: 'Candidate duplicates and judgements on them.' },
  { name: 'Views', description: 'Saved views of the explorer.' },
  { name: 'Users', description: 'Signing in and out, users, their roles and API keys.' },
  { name: 'History', description: 'Changes, their history per fact, reverts.' },
  { name: 'Edit', description: 'Add, correct and retract facts with their evidence.' },
  { name: 'Drafts', description: 'Proposals drafted from an article.' },
];

/** The tags above, then any other tag an operation uses (a router may bring its own). */
function tagsOf(paths: ZodOpenApiPathsObject): Array<{ name: string; description?: string }> {
  const used = Object.values(paths).flatMap((item) => HTTP_METHODS.flatMap((m) => item[m]?.tags ?? []));
  const known = new Set(TAGS.map((t) => t.name));
  return [...TAGS, ...[...new Set(used)].filter((t) => !known.has(t)).map((name) => ({ name }))];
}

/** The OpenAPI document of `paths` (already merged), with Liaison's info and shared components. */
export function createOpenApiDocument(paths: ZodOpenApiPathsObject): ReturnType<typeof createDocument> {
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Liaison API',
        version: packageVersion(),
        description: DESCRIPTION,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/api', description: 'This server' }],
      tags: tagsOf(paths),
      paths,
      // Problem and ProblemIssue are components through their meta ids (every operation answers with them).
      components: {
        securitySchemes: SECURITY_SCHEMES,
        schemas: {
          QuoteCitationInput: citationInput.meta({
            unusedIO: 'input',
            description: 'A quote from a Source: the sentence that states the fact.',
          }),
          RecordCitationInput: recordCitationInput.meta({ unusedIO: 'input', description: 'A record of a dataset (a Source).' }),
        },
      },
    },
    {
      // A bundle's citation is read by hand (validators.ts picks the kind by the presence of `record`), so
      // zod has no shape to render for it: say which two it is.
      override: ({ zodSchema, jsonSchema }) => {
        if ((zodSchema as unknown) === bundleCitationInput)
          Object.assign(jsonSchema, {
            oneOf: [{ $ref: '#/components/schemas/QuoteCitationInput' }, { $ref: '#/components/schemas/RecordCitationInput' }],
            description: 'A quote citation, or a record citation (it has `record`).',
          });
      },
    },
  );
}
