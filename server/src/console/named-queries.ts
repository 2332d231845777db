// The researchers' library of named queries: the files under cypher/queries/ marked `// @library`,
// listed with their typed parameters and run by name. Each request's parameters are validated with
// a zod schema built from the file's header, so the header is the one description of a query's input.
import { z } from 'zod';

import { cypherFiles, type CypherFile, type CypherParam, type LibraryParamType } from '../db/cypher-files';
import { NotFoundError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import { fuzzyDate } from '../schema/validators';

const PREFIX = 'queries/';

export interface LibraryParam {
  name: string;
  type: string;
  /** Absent when the parameter is required. */
  default?: unknown;
  required: boolean;
  description: string;
}

export interface LibraryQuery {
  /** The file's name under cypher/queries/, e.g. "meetings-between". */
  name: string;
  description: string;
  params: LibraryParam[];
  /** The statement, so that the console can open it for editing. */
  text: string;
}

/** The library queries, by short name; internal statements are not in it and cannot be run by name. */
export function libraryFiles(): Map<string, CypherFile> {
  const out = new Map<string, CypherFile>();
  for (const [name, file] of cypherFiles()) if (file.library && name.startsWith(PREFIX)) out.set(name.slice(PREFIX.length), file);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

export function listLibrary(): LibraryQuery[] {
  return [...libraryFiles()].map(([name, file]) => ({
    name,
    description: file.description,
    params: file.params.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.defaultValue !== undefined ? { default: p.defaultValue } : {}),
      required: p.defaultValue === undefined,
      description: p.description,
    })),
    text: file.text,
  }));
}

const VALUE: Record<LibraryParamType, () => z.ZodType> = {
  string: () => z.string(),
  'string[]': () => z.array(z.string()),
  integer: () => z.number().int().refine(Number.isSafeInteger, 'must be a safe integer'),
  float: () => z.number(),
  boolean: () => z.boolean(),
  // Passed on as the string: the query reads the precision from its length (see cypher-files.ts).
  date: () => fuzzyDate,
  list: () => z.array(z.unknown()),
};

function paramSchema(p: CypherParam): z.ZodType {
  const value = VALUE[p.type as LibraryParamType]();
  if (p.defaultValue === undefined) return value;
  if (p.defaultValue === null) return value.nullable().default(null);
  return value.default(p.defaultValue as never);
}

/** The request body's schema for a library query: {params: {...}}, unknown parameters refused. */
export function requestSchema(file: CypherFile) {
  const params = z.strictObject(Object.fromEntries(file.params.map((p) => [p.name, paramSchema(p)])));
  // prefault, not default: an absent {params} is parsed as {}, so the defaults of each parameter apply.
  return z.strictObject({ params: params.prefault({}) });
}

/** zod reports unknown keys once for their object; the client wants each key's own path. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((i): FieldIssue[] =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: jsonPath([...i.path, key]), message: 'is not a parameter of this query', code: i.code }))
      : [{ path: jsonPath(i.path), message: i.message, code: i.code }],
  );
}

/** Finds a library query by its short name and validates a request body for it. */
export function parseRequest(name: string, body: unknown): { file: CypherFile; params: Record<string, unknown> } {
  const file = libraryFiles().get(name);
  if (!file) throw new NotFoundError(`There is no library query named "${name}"; GET /api/queries lists them.`, { name });
  const result = requestSchema(file).safeParse(body ?? {});
  if (!result.success) throw new ValidationError(`The parameters for ${name} are invalid.`, fieldIssues(result.error));
  return { file, params: result.data.params as Record<string, unknown> };
}
