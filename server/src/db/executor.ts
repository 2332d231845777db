// The one way into the database: sessions, access modes, timeouts, transaction metadata, integer
// parameters and the mapping of driver errors onto Liaison's error classes all live here.
import neo4j, { type Driver, type ManagedTransaction, type QueryResult, type RecordShape, Neo4jError } from 'neo4j-driver';

import { ConflictError, InternalError, LiaisonError, TimeoutError, UnavailableError, BadRequestError } from '../errors';
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

/** Maps any error from the driver onto a LiaisonError; the driver's own text goes to the log only. */
export function mapDriverError(error: unknown, context: string): LiaisonError {
  if (error instanceof LiaisonError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
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
    opts: RunOptions & { context?: string } = {},
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
    const txWork = (tx: ManagedTransaction) =>
      work({
        run: <R extends RecordShape = RecordShape>(name: string, params: Params = {}, template?: Record<string, string>) => {
          const file = cypher(name);
          if (file.mode === 'schema' || file.mode === 'autocommit')
            throw new InternalError(`${name} must run on its own (Executor.autoCommit)`);
          if (mode === 'read' && file.mode !== 'read') throw new InternalError(`${name} writes and cannot run in a read transaction`);
          const prepared = prepareParams(file, params);
          log.debug('cypher', { name, params: prepared });
          const text = file.templates.length > 0 ? renderTemplate(file, template ?? {}, inSchema) : file.text;
          return tx.run<R>(text, prepared);
        },
      });
    try {
      return mode === 'read' ? await session.executeRead(txWork, config) : await session.executeWrite(txWork, config);
    } catch (error) {
      throw mapDriverError(error, context);
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
