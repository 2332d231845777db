// The one way into the database: sessions, access modes, timeouts, transaction metadata, integer
// parameters and the mapping of driver errors onto Liaison's error classes all live here.
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type Record as Neo4jRecord,
  type RecordShape,
  type Result,
  type ResultSummary,
  Neo4jError,
} from 'neo4j-driver';

import {
  BadRequestError,
  ConflictError,
  CypherQueryError,
  CypherSyntaxError,
  InternalError,
  LiaisonError,
  QueryRefusedError,
  TimeoutError,
  UnavailableError,
  type TextPosition,
} from '../errors';
import { log } from '../log';
import { isNodeLabel, isRelationshipType } from '../schema/model';
import { cypher, renderTemplate, type CypherFile, type TemplateKind } from './cypher-files';

export interface ExecutorOptions {
  database: string;
  /** Default transaction timeout for reads, in ms. */
  readTimeoutMs: number;
  /** Default transaction timeout for writes (imports), in ms. */
  writeTimeoutMs: number;
}

export interface RunOptions {
  timeoutMs?: number;
}

export type Params = Record<string, unknown>;

/** A transaction that runs named statements; handed to Executor.transaction callbacks. */
export interface NamedTx {
  /** Runs a named statement; `template` fills its {{SLOTS}} with schema labels or types. */
  run<R extends RecordShape = RecordShape>(name: string, params?: Params, template?: Record<string, string>): Promise<QueryResult<R>>;
  /** Runs a named statement and reads at most `maxRows` records of its stream (see Rows). */
  rows(name: string, params: Params, maxRows: number): Promise<Rows>;
}

/** At most maxRows records of a result: the stream is discarded past them, and `truncated` says so. */
export interface Rows {
  keys: string[];
  records: Neo4jRecord[];
  truncated: boolean;
  summary: ResultSummary;
}

export interface UserQueryOptions {
  maxRows: number;
  timeoutMs?: number;
  /**
   * Called with the summary of EXPLAIN (query type, plan) before the query runs; throws to refuse it.
   * The console passes its plan rules here (console/guard.ts checkPlan).
   */
  inspect: (explained: ResultSummary) => void;
}

/** Reads records until the cap, then cancels the rest of the stream rather than collecting it. */
async function readRows(result: Result, maxRows: number): Promise<Rows> {
  const keys = (await result.keys()) as string[];
  const records: Neo4jRecord[] = [];
  let truncated = false;
  for await (const record of result) {
    if (records.length >= maxRows) {
      truncated = true;
      break; // the iterator's return() discards what the server has not sent yet
    }
    records.push(record);
  }
  return { keys, records, truncated, summary: await result.summary() };
}

/** Prepended to a console query to plan it without running it. */
const EXPLAIN_PREFIX = 'EXPLAIN ';

/** Memory limits are transient errors, which the driver would retry: pointless for the same query. */
const isMemoryLimit = (error: unknown) =>
  error instanceof Neo4jError && /MemoryPoolOutOfMemoryError|TransactionMemoryLimit|MemoryLimit/.test(error.code);

/**
 * Where a Neo4j error message points: "… (line 1, column 15 (offset: 14))". `shift` characters were
 * prepended on the first line (EXPLAIN), and are taken off again so the position fits the user's text.
 */
export function errorPosition(message: string, shift = 0): TextPosition | null {
  const m = /\(line (\d+), column (\d+) \(offset: (\d+)\)\)/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  const column = Number(m[2]) - (line === 1 ? shift : 0);
  const offset = Number(m[3]) - shift;
  return { line, column: Math.max(column, 1), offset: Math.max(offset, 0) };
}

/** Neo4j's message without the position and the quoted query it appends (shown by the client its own way). */
function firstParagraph(message: string): string {
  const text = message.split(/\n\s*"/)[0] ?? message;
  return text.replace(/\s*\(line \d+, column \d+ \(offset: \d+\)\)/, '').trim();
}

export interface UserQueryContext {
  /** Characters prepended to the user's text on its first line (EXPLAIN), for error positions. */
  positionShift: number;
  timeoutMs: number;
}

/**
 * Errors of a console query: Neo4j's own messages are about the researcher's query, so they are
 * shown (as 400), with the position of a syntax error; refusals by the database become QueryRefusedError.
 */
function mapUserQueryError(error: Neo4jError, user: UserQueryContext): LiaisonError | null {
  const code = error.code;
  if (code === 'Neo.ClientError.Statement.SyntaxError')
    return new CypherSyntaxError(firstParagraph(error.message), code, errorPosition(error.message, user.positionShift));
  if (code === 'Neo.ClientError.Statement.AccessMode' || code.startsWith('Neo.ClientError.Schema.'))
    return new QueryRefusedError('not-read-only', 'Neo4j refused to write: the console runs every query in a read-only transaction.');
  if (code.startsWith('Neo.ClientError.Security.'))
    return new QueryRefusedError('administration', 'Neo4j refused the query: it needs privileges the console does not use.');
  if (code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut'))
    return new TimeoutError(
      `The query ran past the console's time limit of ${user.timeoutMs / 1000} s and was stopped; narrow it (a LIMIT, a label, an index) and try again.`,
      { rule: 'timeout', timeoutMs: user.timeoutMs },
    );
  if (isMemoryLimit(error))
    return new QueryRefusedError('memory-limit', 'The query needed more memory than a transaction may use and was stopped; narrow it.');
  if (code.startsWith('Neo.ClientError.')) return new CypherQueryError(firstParagraph(error.message), code);
  return null;
}

const inSchema = (kind: TemplateKind, value: string) => (kind === 'nodeLabel' ? isNodeLabel(value) : isRelationshipType(value));

/**
 * JavaScript numbers travel as Cypher floats, which LIMIT, SKIP and range bounds refuse. Parameters
 * that a statement's header declares as `integer` are sent as Cypher integers; defaults fill gaps.
 */
export function prepareParams(file: CypherFile, params: Params): Params {
  const out: Params = { ...params };
  for (const p of file.params) {
    if (out[p.name] === undefined && p.defaultValue !== undefined) out[p.name] = p.defaultValue;
    const v = out[p.name];
    if (p.type === 'integer' && typeof v === 'number') {
      if (!Number.isInteger(v)) throw new BadRequestError(`Parameter ${p.name} of ${file.name} must be an integer`);
      out[p.name] = neo4j.int(v);
    }
  }
  return out;
}

/**
 * Maps any error from the driver onto a LiaisonError; the driver's own text goes to the log only,
 * except for a console query (`user`), whose errors are about the researcher's own text.
 */
export function mapDriverError(error: unknown, context: string, user?: UserQueryContext): LiaisonError {
  if (error instanceof LiaisonError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
    const mapped = user ? mapUserQueryError(error, user) : null;
    if (mapped) return mapped;
    if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.TransientError.General.DatabaseUnavailable'))
      return new UnavailableError('The graph database cannot be reached right now; try again shortly.');
    if (
      code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
      code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'
    )
      return new TimeoutError(`The query (${context}) ran past its time limit and was stopped.`);
    if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed')
      return new ConflictError(
        `A write (${context}) would break a uniqueness rule: an id is already used by another node or relationship.`,
        {
          neo4jCode: code,
        },
      );
  }
  log.error('database error', { context, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return new InternalError(`The database could not complete ${context}.`);
}

export class Executor {
  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
  ) {}

  get database(): string {
    return this.options.database;
  }

  async read<R extends RecordShape = RecordShape>(name: string, params: Params = {}, opts: RunOptions = {}): Promise<QueryResult<R>> {
    return this.transaction('read', (tx) => tx.run<R>(name, params), { ...opts, context: name });
  }

  async write<R extends RecordShape = RecordShape>(name: string, params: Params = {}, opts: RunOptions = {}): Promise<QueryResult<R>> {
    return this.transaction('write', (tx) => tx.run<R>(name, params), { ...opts, context: name });
  }

  /**
   * Runs `work` in one transaction (retried by the driver on transient errors, so `work` must be
   * safe to repeat). Everything it runs commits together or not at all.
   */
  async transaction<T>(
    mode: 'read' | 'write',
    work: (tx: NamedTx) => Promise<T>,
    opts: RunOptions & { context?: string; user?: UserQueryContext } = {},
  ): Promise<T> {
    const context = opts.context ?? `${mode} transaction`;
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = {
      timeout: opts.timeoutMs ?? (mode === 'read' ? this.options.readTimeoutMs : this.options.writeTimeoutMs),
      metadata: { app: 'liaison', context },
    };
    const statement = (name: string, params: Params, template?: Record<string, string>) => {
      const file = cypher(name);
      if (file.mode === 'schema' || file.mode === 'autocommit')
        throw new InternalError(`${name} must run on its own (Executor.autoCommit)`);
      if (mode === 'read' && file.mode !== 'read') throw new InternalError(`${name} writes and cannot run in a read transaction`);
      const prepared = prepareParams(file, params);
      log.debug('cypher', { name, params: prepared });
      const text = file.templates.length > 0 ? renderTemplate(file, template ?? {}, inSchema) : file.text;
      return { text, prepared };
    };
    const txWork = (tx: ManagedTransaction) =>
      work({
        run: <R extends RecordShape = RecordShape>(name: string, params: Params = {}, template?: Record<string, string>) => {
          const { text, prepared } = statement(name, params, template);
          return tx.run<R>(text, prepared);
        },
        rows: (name: string, params: Params, maxRows: number) => {
          const { text, prepared } = statement(name, params);
          return readRows(tx.run(text, prepared), maxRows);
        },
      });
    try {
      return mode === 'read' ? await session.executeRead(txWork, config) : await session.executeWrite(txWork, config);
    } catch (error) {
      throw mapDriverError(error, context, opts.user);
    } finally {
      await session.close();
    }
  }

  /**
   * Runs a named read statement and returns at most maxRows records: the console's library queries.
   * Their parameters come from researchers, so Neo4j's errors about them are shown as for a console query.
   */
  async readRows(name: string, params: Params, opts: { maxRows: number; timeoutMs?: number }): Promise<Rows> {
    const timeoutMs = opts.timeoutMs ?? this.options.readTimeoutMs;
    return this.transaction('read', (tx) => tx.rows(name, params, opts.maxRows), {
      timeoutMs,
      context: name,
      user: { positionShift: 0, timeoutMs },
    });
  }

  /**
   * Runs a researcher's Cypher text: the one place where a statement that is not a file under cypher/
   * runs. First EXPLAIN, in a READ transaction, hands the plan to `inspect` (which refuses what the
   * console does not run); then the query runs in a READ transaction, so Neo4j itself refuses any
   * write that got past the checks, within the timeout, reading at most maxRows records.
   */
  async runUserQuery(text: string, params: Params, opts: UserQueryOptions): Promise<Rows> {
    const timeoutMs = opts.timeoutMs ?? this.options.readTimeoutMs;
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: neo4j.session.READ,
      // Pull one record past the cap at most, so a capped query stops early.
      fetchSize: Math.min(opts.maxRows + 1, 1000),
    });
    const config = { timeout: timeoutMs, metadata: { app: 'liaison', context: 'console query' } };
    let positionShift = EXPLAIN_PREFIX.length;
    try {
      log.debug('console query', { text, params });
      const explained = await session.executeRead((tx) => tx.run(`${EXPLAIN_PREFIX}${text}`, params).summary(), config);
      opts.inspect(explained);
      positionShift = 0;
      return await session.executeRead(async (tx) => {
        try {
          return await readRows(tx.run(text, params), opts.maxRows);
        } catch (error) {
          throw isMemoryLimit(error) ? mapDriverError(error, 'the console query', { positionShift, timeoutMs }) : error;
        }
      }, config);
    } catch (error) {
      throw mapDriverError(error, 'the console query', { positionShift, timeoutMs });
    } finally {
      await session.close();
    }
  }

  /** Runs a statement that must be its own transaction (@mode schema or autocommit). */
  async autoCommit(name: string, params: Params = {}): Promise<QueryResult> {
    const file = cypher(name);
    if (file.mode !== 'schema' && file.mode !== 'autocommit') throw new InternalError(`${name} runs in a managed transaction (read/write)`);
    const session = this.driver.session({ database: this.options.database });
    try {
      return await session.run(file.text, prepareParams(file, params));
    } catch (error) {
      throw mapDriverError(error, name);
    } finally {
      await session.close();
    }
  }

  /** Applies schema statements (constraints, indexes) one by one; each is idempotent. */
  async applySchema(statements: string[]): Promise<void> {
    const session = this.driver.session({ database: this.options.database });
    try {
      for (const statement of statements) await session.run(statement);
      await session.run(cypher('system/await-indexes').text);
    } catch (error) {
      throw mapDriverError(error, 'applying the schema');
    } finally {
      await session.close();
    }
  }
}
