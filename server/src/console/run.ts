// Runs the console's two kinds of query: a researcher's own Cypher text, through every read-only
// layer (length, text, EXPLAIN plan, READ transaction, timeout, row cap), and a library query by name.
import neo4j from 'neo4j-driver';

import type { ConsoleConfig } from '../config';
import type { Executor } from '../db/executor';
import { QueryRefusedError } from '../errors';
import { PARAM_LIMITS, checkLength, checkParams, checkPlan, checkText } from './guard';
import { parseRequest, resolveEntityParams, type ResolvedParam } from './named-queries';
import { toConsoleResult, type ConsoleResult } from './results';

/**
 * JSON numbers reach Cypher as floats, which LIMIT, SKIP and range() refuse; whole numbers in a
 * console query's parameters are sent as Cypher integers (1.0 in JSON is the whole number 1).
 * checkParams bounds the depth first; the recursion refuses on its own past that bound, so that no
 * caller can make it overflow the stack.
 */
export function toCypherParams(value: unknown, depth = 0): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= PARAM_LIMITS.depth)
    throw new QueryRefusedError('params-too-large', `The parameters nest lists and maps more than ${PARAM_LIMITS.depth} levels deep.`);
  if (Array.isArray(value)) return value.map((v) => toCypherParams(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCypherParams(v, depth + 1)]));
}

export async function runConsoleQuery(
  executor: Executor,
  query: string,
  params: Record<string, unknown>,
  config: ConsoleConfig,
): Promise<ConsoleResult> {
  checkLength(query, config.LIAISON_CYPHER_MAX_LENGTH);
  checkParams(params);
  checkText(query);
  const rows = await executor.runUserQuery(query, toCypherParams(params) as Record<string, unknown>, {
    maxRows: config.LIAISON_CYPHER_MAX_ROWS,
    timeoutMs: config.LIAISON_QUERY_TIMEOUT_MS,
    inspect: checkPlan,
  });
  return toConsoleResult(executor, rows);
}

/**
 * Runs a library query by its short name with the request body's {params}, validated against its
 * header; names of entities are resolved first, and the answer says which entity each became.
 */
export async function runNamedQuery(
  executor: Executor,
  name: string,
  body: unknown,
  config: ConsoleConfig,
): Promise<ConsoleResult & { resolved: ResolvedParam[] }> {
  // Bounded before zod or the driver walk them (a `list` parameter takes any JSON).
  if (body && typeof body === 'object' && 'params' in body) checkParams((body as { params: unknown }).params);
  const { file, params: given } = parseRequest(name, body);
  const { params, resolved } = await resolveEntityParams(executor, name, given);
  const rows = await executor.readRows(file.name, params, {
    maxRows: config.LIAISON_CYPHER_MAX_ROWS,
    timeoutMs: config.LIAISON_QUERY_TIMEOUT_MS,
  });
  const result = await toConsoleResult(executor, rows);
  // Notifications about a library query (an unknown property key, an exhaustive shortest path) are
  // about our file, which the researcher cannot change; they see them when they run its text themselves.
  return { ...result, summary: { ...result.summary, notifications: [] }, resolved };
}
