// The researchers' library of named queries: the files under cypher/queries/ marked `// @library`,
// listed with their typed parameters and run by name. Each request's parameters are validated with
// a zod schema built from the file's header, so the header is the one description of a query's input.
// Parameters that name an entity are resolved through the explorer's search before the query runs,
// so that the library speaks every spelling the search box does.
import type { Node } from 'neo4j-driver';
import { z } from 'zod';

import { cypherFiles, type CypherFile, type CypherParam, type LibraryParamType } from '../db/cypher-files';
import type { Executor } from '../db/executor';
import { AmbiguousEntityError, NotFoundError, UnknownEntityError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import type { SearchHit } from '../graph/api-types';
import { apiNode } from '../graph/serialize';
import { search } from '../graph/service';
import { phoneticName } from '../names/keys';
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

// ---------------------------------------------------------------------------------------------
// Entity parameters: a name in any spelling becomes one entity's id before the query runs.

/**
 * The parameters of each library query that name an entity, with the node types they may name
 * (those the query's pattern matches). A parameter described as "id, name or alias" must be here;
 * a unit test holds the two together.
 */
export const ENTITY_PARAMS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'citations-between': { a: ['Person'], b: ['Person'] },
  'co-attendance': { organization: ['Organization'] },
  'meetings-between': { a: ['Person', 'Organization'], b: ['Person', 'Organization'] },
  'people-met': { person: ['Person', 'Organization'] },
  'post-holders': { organization: ['Organization'] },
};

/** How many search hits are weighed for one name; more than this are not a pick list anyone reads. */
export const CANDIDATE_LIMIT = 10;

/** An entity a name may mean, as the pick list shows it. */
export interface EntityCandidate {
  id: string;
  name: string;
  type: string;
  /** Up to two posts held and a country: what tells two people of one name apart. */
  posts: Array<{ title: string; organization: string }>;
  country: string | null;
}

export type Resolution =
  | { kind: 'match'; entity: EntityCandidate; how: 'id' | 'name' | 'words' }
  | { kind: 'ambiguous'; candidates: EntityCandidate[] }
  | { kind: 'none' };

const candidate = (h: SearchHit): EntityCandidate => ({ id: h.id, name: h.name, type: h.type, posts: h.posts, country: h.country });

const words = (name: string) => phoneticName(name).split(' ').filter(Boolean);

/**
 * Which entity a name means, from the search's hits (best first) and the entity whose id is the
 * name, if any. The rules, in order: an id names its entity; a hit whose name or an alias is the
 * whole name (in any script or transliteration: compared by phonetic skeleton) is meant, and
 * several such hits are a choice; else a hit whose name or an alias contains every word of the
 * name ("Usubov" in "Ramil Usubov"), one or a choice; else the search's fuzzy or prefix hits are
 * only guesses: a choice even when there is one, so that a typo never runs silently on someone
 * else; no hit at all is no entity.
 */
export function chooseEntity(value: string, hits: readonly SearchHit[], byId: EntityCandidate | null): Resolution {
  if (byId) return { kind: 'match', entity: byId, how: 'id' };
  const wanted = words(value);
  if (wanted.length === 0 || hits.length === 0) return { kind: 'none' };
  const names = (h: SearchHit) => [h.name, ...h.aliases].map(words);
  const whole = wanted.join(' ');
  const full = hits.filter((h) => names(h).some((n) => n.join(' ') === whole));
  if (full.length === 1) return { kind: 'match', entity: candidate(full[0]!), how: 'name' };
  if (full.length > 1) return { kind: 'ambiguous', candidates: full.map(candidate) };
  const containing = hits.filter((h) => names(h).some((n) => wanted.every((w) => n.includes(w))));
  if (containing.length === 1) return { kind: 'match', entity: candidate(containing[0]!), how: 'words' };
  if (containing.length > 1) return { kind: 'ambiguous', candidates: containing.map(candidate) };
  return { kind: 'ambiguous', candidates: hits.map(candidate) };
}

/** A parameter as it was resolved, so that the answer says which entity each name became. */
export interface ResolvedParam {
  param: string;
  value: string;
  id: string;
  name: string;
  type: string;
}

async function entityById(executor: Executor, id: string, types: readonly string[]): Promise<EntityCandidate | null> {
  const record = (await executor.read<{ n: Node }>('queries/node', { id })).records[0];
  if (!record) return null;
  const n = apiNode(record.get('n'));
  if (!types.includes(n.type)) return null;
  const country = n.properties.country ?? n.properties.nationality;
  return { id: n.id, name: n.name, type: n.type, posts: [], country: typeof country === 'string' ? country : null };
}

const orList = (types: readonly string[]) =>
  types.length > 1 ? `${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}` : (types[0] ?? 'entity');

/**
 * Replaces each entity parameter's name by the id of the one entity it means. Several plausible
 * entities: a 409 (AmbiguousEntityError) whose `candidates` list them per parameter, for the
 * console's pick list; none: a 422 (UnknownEntityError) "no … called …" at the parameter's path.
 * When both happen, the 422 is answered, with the candidates of the other parameters beside it.
 */
export async function resolveEntityParams(
  executor: Executor,
  name: string,
  params: Record<string, unknown>,
): Promise<{ params: Record<string, unknown>; resolved: ResolvedParam[] }> {
  const spec = ENTITY_PARAMS[name] ?? {};
  const entries = Object.entries(spec).filter(([param]) => typeof params[param] === 'string');
  const outcomes = await Promise.all(
    entries.map(async ([param, types]) => {
      const value = (params[param] as string).trim();
      const [byId, hits] = await Promise.all([entityById(executor, value, types), search(executor, value, [...types], CANDIDATE_LIMIT)]);
      return { param, types, value, resolution: chooseEntity(value, hits, byId) };
    }),
  );
  const out = { ...params };
  const resolved: ResolvedParam[] = [];
  const unknown: FieldIssue[] = [];
  const ambiguous: FieldIssue[] = [];
  const candidates: Record<string, EntityCandidate[]> = {};
  for (const { param, types, value, resolution } of outcomes) {
    const path = jsonPath(['params', param]);
    if (resolution.kind === 'match') {
      out[param] = resolution.entity.id;
      resolved.push({ param, value, id: resolution.entity.id, name: resolution.entity.name, type: resolution.entity.type });
    } else if (resolution.kind === 'none') {
      unknown.push({ path, message: `no entity called "${value}" (no ${orList(types)} by that name or id)`, code: 'unknown_entity' });
    } else {
      candidates[param] = resolution.candidates;
      ambiguous.push({
        path,
        message: `${resolution.candidates.length === 1 ? 'one entity comes close to' : `${resolution.candidates.length} entities answer to`} "${value}": pick one by its id`,
        code: 'ambiguous_entity',
      });
    }
  }
  if (unknown.length > 0)
    throw new UnknownEntityError(
      unknown.length === 1
        ? `There is ${unknown[0]!.message}.`
        : `Some names match no entity: ${unknown.map((i) => i.message).join('; ')}.`,
      Object.keys(candidates).length > 0 ? { candidates } : {},
      [...unknown, ...ambiguous],
    );
  if (ambiguous.length > 0)
    throw new AmbiguousEntityError(
      `Which entity do you mean by ${outcomes
        .filter((o) => o.resolution.kind === 'ambiguous')
        .map((o) => `"${o.value}" (${o.param})`)
        .join(' and ')}? Choose one of the candidates; its id runs the query.`,
      { candidates },
      ambiguous,
    );
  return { params: out, resolved };
}
