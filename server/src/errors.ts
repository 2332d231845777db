// Liaison's error classes. Each carries its HTTP status and a problem type; api/problem.ts turns
// them into application/problem+json in one place, and db/executor.ts maps driver errors onto them.

export interface FieldIssue {
  /** JSONPath of the offending value, e.g. "$.nodes[3].citations[0].source". */
  path: string;
  message: string;
  code?: string;
}

export abstract class LiaisonError extends Error {
  abstract readonly status: number;
  /** Short slug; the problem type URI is derived from it. */
  abstract readonly code: string;
  abstract readonly title: string;
  readonly extra: Record<string, unknown>;
  /** Problems tied to a place in the input (a field, an id); problem+json lists them as `errors`. */
  readonly issues?: FieldIssue[];

  constructor(message: string, extra: Record<string, unknown> = {}, issues?: FieldIssue[]) {
    super(message);
    this.name = new.target.name;
    this.extra = extra;
    if (issues) this.issues = issues;
  }
}

export class ValidationError extends LiaisonError {
  readonly status = 400;
  readonly code = 'validation';
  readonly title = 'Invalid input';
  declare readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[], extra: Record<string, unknown> = {}) {
    super(message, extra, issues);
  }
}

export class BadRequestError extends LiaisonError {
  readonly status = 400;
  readonly code = 'bad-request';
  readonly title = 'Bad request';
}

export class UnauthorizedError extends LiaisonError {
  readonly status = 401;
  readonly code = 'unauthorized';
  readonly title = 'Authentication required';
}

export class ForbiddenError extends LiaisonError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

export class NotFoundError extends LiaisonError {
  readonly status = 404;
  readonly code = 'not-found';
  readonly title = 'Not found';
}

export class ConflictError extends LiaisonError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict with stored data';
}

/**
 * A parameter names an entity that several entities answer to (console/named-queries.ts): the
 * problem lists each parameter's candidates (id, name, type) under `candidates`, for a pick list.
 */
export class AmbiguousEntityError extends LiaisonError {
  readonly status = 409;
  readonly code = 'ambiguous-entity';
  readonly title = 'Several entities answer to this name';
}

/** A parameter names an entity that no entity of the graph answers to; each issue is at the parameter's path. */
export class UnknownEntityError extends LiaisonError {
  readonly status = 422;
  readonly code = 'unknown-entity';
  readonly title = 'No entity by this name';
}

export class PayloadTooLargeError extends LiaisonError {
  readonly status = 413;
  readonly code = 'payload-too-large';
  readonly title = 'Payload too large';
}

/** The request's Host header names no host this server answers for (DNS-rebinding protection). */
export class MisdirectedRequestError extends LiaisonError {
  readonly status = 421;
  readonly code = 'host-not-allowed';
  readonly title = 'Host not allowed';
}

/** The request body comes in a content type or content encoding the endpoint does not read. */
export class UnsupportedMediaTypeError extends LiaisonError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}

/**
 * A 4xx raised by the HTTP layer (body-parser, express, http-errors) rather than by our code; the
 * status and the message are theirs, and only exposed ones (`expose: true`) come here.
 */
export class HttpClientError extends LiaisonError {
  readonly code: string;
  readonly title: string;
  constructor(
    readonly status: number,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, extra);
    this.code = status === 413 ? 'payload-too-large' : status === 415 ? 'unsupported-media-type' : 'bad-request';
    this.title = status === 413 ? 'Payload too large' : status === 415 ? 'Unsupported media type' : 'Bad request';
  }
}

export class TimeoutError extends LiaisonError {
  readonly status = 504;
  readonly code = 'timeout';
  readonly title = 'Query timed out';
}

export class UnavailableError extends LiaisonError {
  readonly status = 503;
  readonly code = 'unavailable';
  readonly title = 'Database unavailable';
}

/** Where in a Cypher text something is: 1-based line and column, 0-based character offset (as Neo4j counts). */
export interface TextPosition {
  line: number;
  column: number;
  offset: number;
}

/**
 * The rules by which the Cypher console refuses a query before or while running it. The client
 * shows the rule, so each names one reason the researcher can act on.
 */
export const QUERY_RULES = [
  'too-long',
  'not-read-only',
  'load-csv',
  'procedure-not-allowed',
  'function-not-allowed',
  'administration',
  'other-database',
  'explain-profile',
  'memory-limit',
  // Shapes that Neo4j's parser or planner cannot bound: nesting, long operator chains, size (console/guard.ts).
  'too-deep',
  'too-complex',
  'params-too-large',
] as const;
export type QueryRule = (typeof QUERY_RULES)[number];

/**
 * A console query that one of the read-only rules refused; `rule` says which, `position` where in
 * the text, `issues` which values of the input (its parameters) by JSONPath.
 */
export class QueryRefusedError extends LiaisonError {
  readonly status = 403;
  readonly code = 'query-refused';
  readonly title = 'Query refused';
  constructor(
    readonly rule: QueryRule,
    message: string,
    position?: TextPosition,
    issues?: FieldIssue[],
  ) {
    super(message, { rule, ...(position ? { position } : {}) }, issues);
  }
}

/** Neo4j could not parse a console query; its code and the position it points at go to the client. */
export class CypherSyntaxError extends LiaisonError {
  readonly status = 400;
  readonly code = 'cypher-syntax';
  readonly title = 'Cypher syntax error';
  constructor(
    message: string,
    readonly neo4jCode: string,
    readonly position: TextPosition | null,
  ) {
    super(message, { rule: 'syntax', neo4jCode, ...(position ? { position } : {}) });
  }
}

/**
 * Neo4j refused a console query for a reason other than syntax (an unknown procedure, a type or
 * arithmetic error, a missing parameter). The message is about the researcher's own query, so it is shown.
 */
export class CypherQueryError extends LiaisonError {
  readonly status = 400;
  readonly code = 'cypher-error';
  readonly title = 'Cypher error';
  constructor(
    message: string,
    readonly neo4jCode: string,
  ) {
    super(message, { rule: 'cypher-error', neo4jCode });
  }
}

export class RateLimitedError extends LiaisonError {
  readonly status = 429;
  readonly code = 'rate-limited';
  readonly title = 'Too many requests';
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message, { rule: 'rate-limited', ...extra });
  }
}

/** A fault of ours or of the database that the client cannot fix; its details stay in the log. */
export class InternalError extends LiaisonError {
  readonly status = 500;
  readonly code = 'internal';
  readonly title = 'Internal error';
}

/** Renders a path array (from zod or our own checks) as JSONPath: ["nodes", 3, "id"] → $.nodes[3].id */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}
