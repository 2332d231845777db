// The one way into the database: sessions, access modes, timeouts, transaction metadata, integer
// parameters and the mapping of driver errors onto Liaison's error classes all live here, and so
// does the watchdog that ends, on the server, a read still running past its time limit.
import { randomUUID } from 'node:crypto';

import neo4j, {
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type Record as Neo4jRecord,
  type RecordShape,
  type Result,
  type ResultSummary,
  type Session,
  Neo4jError,
} from 'neo4j-driver';

import {
  BadRequestError,
  ConflictError,
  CypherQueryError,
  CypherSyntaxError,
  InternalError,
  LiaisonError,
  PayloadTooLargeError,
  QueryRefusedError,
  TimeoutError,
  UnavailableError,
  type TextPosition,
} from '../errors';
import { log } from '../log';
import { currentRequestId } from '../request-context';
import { isNodeLabel, isRelationshipType } from '../schema/model';
import { cypher, renderTemplate, type CypherFile, type TemplateKind } from './cypher-files';

export interface ExecutorOptions {
  database: string;
  /** Default transaction timeout for reads, in ms. */
  readTimeoutMs: number;
  /** Default transaction timeout for writes (imports), in ms. */
  writeTimeoutMs: number;
  /**
   * The console's and the library's own driver, with a small pool of its own, so that a burst of
   * researchers' queries cannot take the explorer's connections (createConsoleDriver). Absent: the main driver.
   */
  consoleDriver?: Driver;
  /** How many connections consoleDriver's pool holds, for the "console is busy" answer. */
  consoleConnections?: number;
  /** How long past its timeout a read may run before the watchdog terminates it on the server (default 2 s). */
  watchdogGraceMs?: number;
  /** How long an abandoned session may take to close before its connection is destroyed (default 3 s). */
  closeGraceMs?: number;
}

/**
 * A driver for the console and the library: the same server and credentials as the main driver,
 * a pool of `connections`, and a short wait for a free one (`queueMs`): a query that finds the
 * console's pool full waits that long, then is answered 503 with Retry-After.
 */
export function createConsoleDriver(
  uri: string,
  authToken: ReturnType<typeof neo4j.auth.basic>,
  pool: { connections: number; queueMs: number },
): Driver {
  return neo4j.driver(uri, authToken, {
    userAgent: 'liaison-console/0.1',
    maxConnectionPoolSize: pool.connections,
    connectionAcquisitionTimeout: pool.queueMs,
    // Not longer than the wait for a connection, which would cut it short anyway (the driver warns).
    connectionTimeout: Math.max(1_000, Math.min(5_000, pool.queueMs)),
    // Console queries are not worth retrying for long: a transient error is reported.
    maxTransactionRetryTime: 1_000,
    logging: { level: 'warn', logger: (level, message) => log.warn(`neo4j-driver (console) ${level}`, { message }) },
  });
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

/** A transaction the caller commits or rolls back itself (Executor.beginWrite). */
export interface ExplicitTx extends NamedTx {
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** False once committed or rolled back. */
  readonly open: boolean;
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

/**
 * Memory limits: Neo.TransientError.General.MemoryPoolOutOfMemoryError (the transaction's or the
 * global pool's limit, db.memory.transaction.max), …TransactionMemoryLimit, and OutOfMemoryError under
 * any classification. They are transient errors, which the driver would retry: pointless for the same query.
 */
export const isMemoryLimit = (error: unknown) => error instanceof Neo4jError && /OutOfMemory|MemoryLimit/.test(error.code);

/** The driver's own error when no connection of the pool came free in time (neo4j-driver-core pool.js). */
export const isAcquisitionTimeout = (error: unknown) =>
  error instanceof Neo4jError && /^Connection acquisition timed out/.test(error.message);

/**
 * A database-side message made safe to show: its first line, without Java class names, stack
 * frames or file paths; what is left too short to mean anything gives way to a plain sentence.
 */
export function sanitizeMessage(message: string, fallback: string): string {
  const first = (message.split(/\r?\n/)[0] ?? '')
    .replace(/\s+at\s+[\w$.]+\(.*$/, '')
    .replace(/\b(?:[a-z_$][\w$]*\.){2,}[A-Z][\w$]*(?:\$[\w$]+)*:?/g, '')
    .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}[\\/]?/g, '…')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s:;,.-]+/, '')
    .trim();
  if (first.replace(/[^\p{L}]/gu, '').length < 8) return fallback;
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

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
  /** Console queries running (holding one of the console's connections), for the "busy" answer. */
  running?: number;
}

/** Seconds a client told "busy" is asked to wait before it tries again (Retry-After). */
export const BUSY_RETRY_AFTER_S = 5;

/** A console or library query stopped at its time limit, by Neo4j or by the watchdog: one answer. */
function consoleTimeout(timeoutMs: number): TimeoutError {
  return new TimeoutError(
    `The query ran past the console's time limit of ${timeoutMs / 1000} s and was stopped; narrow it (a LIMIT, a label, an index) and try again.`,
    { rule: 'timeout', timeoutMs },
  );
}

/**
 * Neo.DatabaseError.* codes that come from evaluating the researcher's query with its values
 * (left("a", -1) is Statement.ExecutionFailed). Neo4j 5.26's other DatabaseErrors (Status.java:
 * General.UnknownError, Transaction.TransactionStartFailed, Statement.RemoteExecutionFailed, …)
 * are faults of the server, not of the query.
 */
const QUERY_EVALUATION_ERRORS = new Set(['Neo.DatabaseError.Statement.ExecutionFailed']);

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
  // Terminated: by the watchdog at the time limit (or by an administrator), so the same answer.
  if (code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') || code === 'Neo.ClientError.Transaction.Terminated')
    return consoleTimeout(user.timeoutMs);
  if (isMemoryLimit(error))
    return new QueryRefusedError('memory-limit', 'The query needed more memory than a transaction may use and was stopped; narrow it.');
  if (isAcquisitionTimeout(error))
    return new UnavailableError(`The console is busy: ${runningQueries(user.running)}; try again in a few seconds.`, {
      rule: 'console-busy',
      retryAfter: BUSY_RETRY_AFTER_S,
    });
  // Client errors too may quote Java ("Caused by: java.lang.IllegalArgumentException: …" from a procedure).
  if (code.startsWith('Neo.ClientError.'))
    return new CypherQueryError(sanitizeMessage(firstParagraph(error.message), 'Neo4j refused the query.'), code);
  // Neo4j calls some failures of the query's own values DatabaseErrors (left("a", -1) is
  // Neo.DatabaseError.Statement.ExecutionFailed): still the researcher's query, so a 400, but the
  // message may carry Java's words, which are cut away.
  if (QUERY_EVALUATION_ERRORS.has(code))
    return new CypherQueryError(
      sanitizeMessage(
        firstParagraph(error.message),
        'Neo4j could not run the query with these values; check the arguments of its functions.',
      ),
      code,
    );
  // Any other DatabaseError is the server failing, not the researcher's query: worth another try.
  if (code.startsWith('Neo.DatabaseError.')) {
    log.error('database error in a console query', { code, error: error.message });
    return new UnavailableError('The database failed to run the query; try again.', {
      rule: 'database-error',
      neo4jCode: code,
      retryAfter: BUSY_RETRY_AFTER_S,
    });
  }
  return null;
}

/** "1 query is running", "3 queries are running". */
function runningQueries(running: number | undefined): string {
  if (running === undefined) return 'several queries are running';
  return running === 1 ? '1 query is running' : `${running} queries are running`;
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
 * except for a console query (`user`), whose errors are about the researcher's own text. `mode`
 * is the transaction's access mode (a write's memory limit is not the same answer as a read's).
 */
export function mapDriverError(error: unknown, context: string, user?: UserQueryContext, mode: 'read' | 'write' = 'read'): LiaisonError {
  if (error instanceof LiaisonError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
    const mapped = user ? mapUserQueryError(error, user) : null;
    if (mapped) return mapped;
    if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.TransientError.General.DatabaseUnavailable'))
      return new UnavailableError('The graph database cannot be reached right now; try again shortly.');
    if (isAcquisitionTimeout(error) || /^Pool is closed/.test(error.message))
      return new UnavailableError('The server is busy: every connection to the database is in use; try again in a few seconds.', {
        rule: 'pool-busy',
        retryAfter: BUSY_RETRY_AFTER_S,
      });
    // A write (an import) past the per-transaction limit fails the same way every time: a 503 would
    // have clients retry forever, so it is a 413 with the way out.
    if (isMemoryLimit(error) && mode === 'write')
      return new PayloadTooLargeError(
        `The import (${context}) needs more memory than one transaction may use; import it with mode=batched (one transaction per batch) or split the file.`,
        { rule: 'memory-limit', neo4jCode: code },
      );
    // Liaison's own reads are bounded (LIMITs, capped depths) and fit the per-transaction limit on
    // their own; when they hit a limit it is the global pool (db.memory.transaction.total.max) that
    // concurrent console queries have filled, which frees itself as those end: transient, so a 503.
    if (isMemoryLimit(error))
      return new UnavailableError(`The database is short of memory for ${context} right now; try again shortly.`, {
        rule: 'memory-limit',
        retryAfter: BUSY_RETRY_AFTER_S,
      });
    if (
      code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
      code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration' ||
      code === 'Neo.ClientError.Transaction.Terminated'
    )
      return new TimeoutError(`The query (${context}) ran past its time limit and was stopped.`);
    if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      // Neo4j names the value: "… already exists with label `Entity` and property `id` = 'p-1'".
      const id = /property `\w+` = '((?:[^'\\]|\\.)*)'/.exec(error.message)?.[1];
      return new ConflictError(
        `A write (${context}) would break a uniqueness rule: ${id === undefined ? 'an id is' : `the id "${id}" is`} already used by another node or relationship.`,
        { neo4jCode: code, ...(id === undefined ? {} : { id }) },
      );
    }
    // Left after the driver's retries: concurrent writes (imports of the same ids) kept locking each other out.
    if (code === 'Neo.TransientError.Transaction.DeadlockDetected')
      return new UnavailableError(`Concurrent writes kept waiting on each other (${context}); try again shortly.`, {
        rule: 'deadlock',
        retryAfter: 2,
      });
  }
  log.error('database error', { context, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  return new InternalError(`The database could not complete ${context}.`);
}

/**
 * The metadata a transaction carries (SHOW TRANSACTIONS shows it): the HTTP request it serves
 * (its X-Request-Id; a fresh UUID outside a request), and `queryId`, unique to this call, by which
 * the watchdog finds it: clients choose their X-Request-Id, so two requests may share one.
 */
function transactionMetadata(context: string) {
  return { app: 'liaison', context, requestId: currentRequestId() ?? randomUUID(), queryId: randomUUID() };
}

/** What the watchdog needs to know about one read: its ids in the transaction metadata and its limit. */
interface Watch {
  requestId: string;
  queryId: string;
  timeoutMs: number;
  context: string;
  user?: UserQueryContext;
  /** The sockets under the session, taken as the transaction's work begins (see sessionSockets). */
  sockets?: ReturnType<typeof sessionSockets>;
  /**
   * Called as each transaction's work begins (its connection acquired, BEGIN sent): the watchdog's
   * clock starts there, so waiting for a connection or retrying one that failed is never a timeout.
   */
  begun?: () => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A promise's outcome within `ms`, or undefined. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  return Promise.race([promise.then((value) => ({ value })), sleep(ms).then(() => undefined)]);
}

/**
 * The sockets under a session's connections, read from the driver's internals (neo4j-driver 6:
 * Session._readConnectionHolder/_writeConnectionHolder._connectionPromise → DelegateConnection
 * ._delegate → ChannelConnection._ch → NodeChannel._conn). The driver has no public way to abort a
 * result the server never finishes, so a connection stuck that way is destroyed as the driver itself
 * does when a server stops answering (NodeChannel's receive timeout): the pending work fails, and
 * the pool drops the broken connection instead of waiting on it forever. Read when the transaction's
 * work begins: a failed transaction's release (RESET, never answered by a lost thread) replaces the
 * holders' promises with its own pending one.
 */
function sessionSockets(session: Session): Array<Promise<{ destroy(error?: Error): void } | null>> {
  type Holder = { _connectionPromise?: Promise<unknown> };
  const internals = session as unknown as { _readConnectionHolder?: Holder; _writeConnectionHolder?: Holder };
  return [internals._readConnectionHolder, internals._writeConnectionHolder].map(async (holder) => {
    if (!holder?._connectionPromise) return null;
    const connection = (
      await within(
        holder._connectionPromise.catch(() => null),
        100,
      )
    )?.value as { _delegate?: { _ch?: { _conn?: unknown } }; _ch?: { _conn?: unknown } } | null | undefined;
    const socket = (connection?._delegate?._ch ?? connection?._ch)?._conn as { destroy?: unknown } | undefined;
    return socket && typeof socket.destroy === 'function' ? (socket as { destroy(error?: Error): void }) : null;
  });
}

export class Executor {
  /** Console and library queries holding a connection of the console's pool right now. */
  private consoleRunning = 0;

  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
  ) {}

  get database(): string {
    return this.options.database;
  }

  /** Console and library queries running now (each holds one of the console's connections). */
  get runningConsoleQueries(): number {
    return this.consoleRunning;
  }

  private get consoleDriver(): Driver {
    return this.options.consoleDriver ?? this.driver;
  }

  async read<R extends RecordShape = RecordShape>(name: string, params: Params = {}, opts: RunOptions = {}): Promise<QueryResult<R>> {
    return this.transaction('read', (tx) => tx.run<R>(name, params), { ...opts, context: name });
  }

  async write<R extends RecordShape = RecordShape>(name: string, params: Params = {}, opts: RunOptions = {}): Promise<QueryResult<R>> {
    return this.transaction('write', (tx) => tx.run<R>(name, params), { ...opts, context: name });
  }

  /**
   * Runs `work` in one transaction (retried by the driver on transient errors, so `work` must be
   * safe to repeat). Everything it runs commits together or not at all. A read is watched: still
   * running at its timeout (plus a grace), it is terminated on the server and answered with 504.
   */
  async transaction<T>(
    mode: 'read' | 'write',
    work: (tx: NamedTx) => Promise<T>,
    opts: RunOptions & { context?: string; user?: UserQueryContext; console?: boolean } = {},
  ): Promise<T> {
    const context = opts.context ?? `${mode} transaction`;
    const session = (opts.console ? this.consoleDriver : this.driver).session({
      database: this.options.database,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const timeoutMs = opts.timeoutMs ?? (mode === 'read' ? this.options.readTimeoutMs : this.options.writeTimeoutMs);
    const metadata = transactionMetadata(context);
    const config = { timeout: timeoutMs, metadata };
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
      this.noRetryOnMemoryLimit(
        () =>
          work({
            run: <R extends RecordShape = RecordShape>(name: string, params: Params = {}, template?: Record<string, string>) => {
              const { text, prepared } = statement(name, params, template);
              return tx.run<R>(text, prepared);
            },
            rows: (name: string, params: Params, maxRows: number) => {
              const { text, prepared } = statement(name, params);
              return readRows(tx.run(text, prepared), maxRows);
            },
          }),
        context,
        opts.user,
        mode,
      );
    const watch: Watch = { requestId: metadata.requestId, queryId: metadata.queryId, timeoutMs, context, user: opts.user };
    const counted = (tx: ManagedTransaction) => {
      watch.begun?.();
      return opts.console ? this.countConsole(() => txWork(tx)) : txWork(tx);
    };
    const run = () => (mode === 'read' ? session.executeRead(counted, config) : session.executeWrite(counted, config));
    try {
      if (mode === 'write') {
        try {
          return await run();
        } finally {
          await session.close();
        }
      }
      return await this.watched(session, watch, run);
    } catch (error) {
      throw mapDriverError(error, context, opts.user && { ...opts.user, running: this.consoleRunning }, mode);
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
      console: true,
    });
  }

  /**
   * Runs a researcher's Cypher text: the one place where a statement that is not a file under cypher/
   * runs. First EXPLAIN, in a READ transaction, hands the plan to `inspect` (which refuses what the
   * console does not run); then the query runs in a READ transaction, so Neo4j itself refuses any
   * write that got past the checks, within the timeout, reading at most maxRows records. Both run on
   * the console's own driver, under one watchdog.
   */
  async runUserQuery(text: string, params: Params, opts: UserQueryOptions): Promise<Rows> {
    const timeoutMs = opts.timeoutMs ?? this.options.readTimeoutMs;
    const session = this.consoleDriver.session({
      database: this.options.database,
      defaultAccessMode: neo4j.session.READ,
      // Pull one record past the cap at most, so a capped query stops early.
      fetchSize: Math.min(opts.maxRows + 1, 1000),
    });
    const metadata = transactionMetadata('console query');
    const config = { timeout: timeoutMs, metadata };
    const user = () => ({ positionShift, timeoutMs, running: this.consoleRunning });
    let positionShift = EXPLAIN_PREFIX.length;
    try {
      log.debug('console query', { text, params });
      const watch: Watch = {
        requestId: metadata.requestId,
        queryId: metadata.queryId,
        timeoutMs,
        context: 'the console query',
        user: user(),
      };
      const begun = () => watch.begun?.();
      return await this.watched(session, watch, async () => {
        const explained = await session.executeRead((tx) => {
          begun();
          return this.countConsole(() => tx.run(`${EXPLAIN_PREFIX}${text}`, params).summary());
        }, config);
        opts.inspect(explained);
        positionShift = 0;
        return session.executeRead((tx) => {
          begun();
          return this.countConsole(() =>
            this.noRetryOnMemoryLimit(() => readRows(tx.run(text, params), opts.maxRows), 'the console query', user()),
          );
        }, config);
      });
    } catch (error) {
      throw mapDriverError(error, 'the console query', user());
    }
  }

  /** Runs `work` counted as a console query holding a connection. */
  private async countConsole<T>(work: () => Promise<T>): Promise<T> {
    this.consoleRunning++;
    try {
      return await work();
    } finally {
      this.consoleRunning--;
    }
  }

  /** The driver retries transient errors; a memory limit is one, and the same query would only hit it again. */
  private async noRetryOnMemoryLimit<T>(
    work: () => Promise<T>,
    context: string,
    user?: UserQueryContext,
    mode: 'read' | 'write' = 'read',
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isMemoryLimit(error) ? mapDriverError(error, context, user, mode) : error;
    }
  }

  /**
   * Runs `work` on `session` and closes the session after it. If `work` is still running at its
   * timeout plus the grace (Neo4j stops a transaction at its timeout only where it checks for
   * termination; a Bolt thread lost in the parser never does), the watchdog: finds the transaction
   * by the query id in its metadata and terminates it (SHOW / TERMINATE TRANSACTIONS), answers
   * with a TimeoutError, and leaves the session to close in the background (see abandon).
   */
  private async watched<T>(session: Session, watch: Watch, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let fired = false;
    let fire: () => void = () => undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      fire = () => {
        fired = true;
        void this.terminate(watch).then(() => {
          reject(
            watch.user
              ? consoleTimeout(watch.timeoutMs)
              : new TimeoutError(`The query (${watch.context}) ran past its time limit and was stopped.`),
          );
          void this.abandon(session, running, watch);
        });
      };
    });
    watch.begun = () => {
      watch.sockets = sessionSockets(session);
      clearTimeout(timer);
      if (!fired) timer = setTimeout(fire, watch.timeoutMs + (this.options.watchdogGraceMs ?? 2_000));
    };
    const running = work();
    try {
      return await Promise.race([running, deadline]);
    } finally {
      clearTimeout(timer);
      if (!fired) await session.close();
    }
  }

  /** Terminates, on the server, the transactions whose metadata carry the watched query id. */
  private async terminate(watch: Watch): Promise<void> {
    try {
      const found = await within(this.autoCommit('system/find-transactions', { queryId: watch.queryId }), 5_000);
      const ids = (found?.value.records ?? []).map((r) => String(r.get('transactionId')));
      if (ids.length > 0) await within(this.autoCommit('system/terminate-transactions', { ids }), 5_000);
      log.warn('query past its time limit: terminated on the server', { context: watch.context, requestId: watch.requestId, ids });
    } catch (error) {
      log.warn('query past its time limit: could not terminate it on the server', {
        context: watch.context,
        requestId: watch.requestId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Gives an abandoned session's connection back to the pool. The terminated transaction normally
   * fails within the grace, and the session closes as usual. If the server does not answer (a Bolt
   * thread lost in the parser answers neither the query nor the RESET that closing sends), the
   * socket is destroyed first, so the connection leaves the pool instead of staying checked out.
   */
  private async abandon(session: Session, running: Promise<unknown>, watch: Watch): Promise<void> {
    const grace = this.options.closeGraceMs ?? 3_000;
    const settled = await within(
      running.then(
        () => undefined,
        () => undefined,
      ),
      grace,
    );
    if (!settled) {
      let destroyed = 0;
      for (const socket of await Promise.all(watch.sockets ?? [])) {
        if (!socket) continue;
        socket.destroy(
          new Neo4jError(
            'Liaison closed a connection whose query the server did not stop',
            'ServiceUnavailable',
            '08000',
            'connection exception',
          ),
        );
        destroyed++;
      }
      log.warn('abandoned query did not stop on the server: its connection was destroyed', {
        context: watch.context,
        requestId: watch.requestId,
        destroyed,
      });
    }
    if (
      !(await within(
        session.close().catch(() => undefined),
        grace,
      ))
    )
      log.warn('abandoned query: its session did not close', { context: watch.context, requestId: watch.requestId });
  }

  /**
   * Opens a write transaction that stays open across calls until commit() or rollback(): an import
   * in atomic mode writes batch after batch into it. Unlike transaction(), nothing is retried (the
   * work is spread over the caller's own calls); a failed statement leaves rollback() as the only
   * way on. close() (also called by commit and rollback) ends the session; a transaction neither
   * committed nor rolled back is rolled back by the server when its session closes.
   */
  async beginWrite(opts: RunOptions & { context?: string } = {}): Promise<ExplicitTx> {
    const context = opts.context ?? 'write transaction';
    const session = this.driver.session({ database: this.options.database, defaultAccessMode: neo4j.session.WRITE });
    const timeoutMs = opts.timeoutMs ?? this.options.writeTimeoutMs;
    let tx: ReturnType<Session['beginTransaction']>;
    try {
      tx = session.beginTransaction({ timeout: timeoutMs, metadata: transactionMetadata(context) });
    } catch (error) {
      await session.close();
      throw mapDriverError(error, context, undefined, 'write');
    }
    let open = true;
    const end = async (how: 'commit' | 'rollback') => {
      if (!open) return;
      open = false;
      try {
        if (how === 'commit') await tx.commit();
        else if (tx.isOpen()) await tx.rollback();
      } catch (error) {
        throw mapDriverError(error, context, undefined, 'write');
      } finally {
        await session.close();
      }
    };
    return {
      run: async <R extends RecordShape = RecordShape>(name: string, params: Params = {}, template?: Record<string, string>) => {
        const file = cypher(name);
        if (file.mode !== 'write' && file.mode !== 'read') throw new InternalError(`${name} must run on its own (Executor.autoCommit)`);
        const prepared = prepareParams(file, params);
        log.debug('cypher', { name, params: prepared });
        const text = file.templates.length > 0 ? renderTemplate(file, template ?? {}, inSchema) : file.text;
        try {
          return await tx.run<R>(text, prepared);
        } catch (error) {
          throw mapDriverError(error, context, undefined, 'write');
        }
      },
      rows: async (name: string, params: Params, maxRows: number) => {
        const file = cypher(name);
        try {
          return await readRows(tx.run(file.text, prepareParams(file, params)), maxRows);
        } catch (error) {
          throw mapDriverError(error, context, undefined, 'write');
        }
      },
      commit: () => end('commit'),
      rollback: () => end('rollback'),
      get open() {
        return open;
      },
    };
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
