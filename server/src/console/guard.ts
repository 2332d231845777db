// The console's read-only rules, in the order a query meets them: its length, its text (tokenized, so
// strings and comments never count), then the plan Neo4j makes for it with EXPLAIN. The last layer,
// a READ transaction, is the Executor's (runUserQuery). Each check throws a QueryRefusedError naming its rule.
import type { ResultSummary } from 'neo4j-driver';

import { QueryRefusedError, type TextPosition } from '../errors';
import { NOT_FUNCTIONS, isAllowedFunction, isAllowedProcedure } from './allow-list';
import { isWord, tokenize, type Token } from './lexer';

/** Clauses that write data or the schema. */
const WRITE_CLAUSES = new Set(['CREATE', 'MERGE', 'SET', 'DELETE', 'DETACH', 'NODETACH', 'REMOVE', 'FOREACH', 'INSERT', 'DROP']);
/** Commands addressed to the DBMS rather than the graph; they can only begin a statement. */
const ADMIN_COMMANDS = new Set([
  'SHOW',
  'TERMINATE',
  'GRANT',
  'DENY',
  'REVOKE',
  'ALTER',
  'START',
  'STOP',
  'ENABLE',
  'RENAME',
  'DEALLOCATE',
  'REALLOCATE',
  'DRYRUN',
]);
/** What CREATE or DROP are followed by when they administer the DBMS rather than the graph's schema. */
const ADMIN_OBJECTS = new Set(['USER', 'ROLE', 'DATABASE', 'ALIAS', 'COMPOSITE', 'SERVER', 'OR']);

export function checkLength(query: string, maxLength: number): void {
  if (query.length > maxLength)
    throw new QueryRefusedError(
      'too-long',
      `The query is ${query.length.toLocaleString('en')} characters long; the console takes at most ${maxLength.toLocaleString('en')}.`,
    );
}

/**
 * Whether a word stands where a keyword would: not a property (n.set), a label or type (:Create), a
 * map key ({create: 1}) or a parameter. Quoted names (`set`) are never keywords.
 */
function keywordAt(tokens: Token[], i: number): string | null {
  const t = tokens[i];
  if (t?.kind !== 'word') return null;
  const before = tokens[i - 1];
  if (before?.kind === 'punct' && (before.value === '.' || before.value === ':')) return null;
  const after = tokens[i + 1];
  if (after?.kind === 'punct' && after.value === ':' && !(tokens[i + 2]?.kind === 'punct' && tokens[i + 2]?.value === ':')) return null;
  return t.value.toUpperCase();
}

const isName = (t: Token | undefined) => t?.kind === 'word' || t?.kind === 'quoted';
const isPunct = (t: Token | undefined, value: string) => t?.kind === 'punct' && t.value === value;

/** A dotted name starting at i (db.index.fulltext.queryNodes, `apoc`.`x`): its text and the index after it. */
function dottedName(tokens: Token[], i: number): { name: string; next: number } | null {
  if (!isName(tokens[i])) return null;
  const parts = [tokens[i]!.value];
  let j = i + 1;
  while (isPunct(tokens[j], '.') && isName(tokens[j + 1])) {
    parts.push(tokens[j + 1]!.value);
    j += 2;
  }
  return { name: parts.join('.'), next: j };
}

/** The index of the first token of the statement proper, after query options (CYPHER 5 runtime=…). */
function statementStart(tokens: Token[]): number {
  let i = 0;
  while (isWord(tokens[i], 'CYPHER')) {
    i++;
    for (;;) {
      const t = tokens[i];
      if (t?.kind === 'number') i++;
      else if (t?.kind === 'word' && isPunct(tokens[i + 1], '=')) i += 3;
      else break;
    }
  }
  return i;
}

const refused = (rule: ConstructorParameters<typeof QueryRefusedError>[0], message: string, at: TextPosition) =>
  new QueryRefusedError(rule, `${message} (line ${at.line}, column ${at.column}).`, at);

/**
 * Checks the query's text and throws at the first thing the console does not run. A write keyword
 * used as a plain name (a variable called `set`) is refused too; quoting it with backticks helps.
 */
export function checkText(query: string): void {
  const tokens = tokenize(query);
  const start = statementStart(tokens);
  const first = tokens[start];
  if (first && (isWord(first, 'EXPLAIN') || isWord(first, 'PROFILE')))
    throw refused(
      'explain-profile',
      `The console runs EXPLAIN itself to check a query before running it; send the query without ${first.value.toUpperCase()}`,
      first.position,
    );
  if (first?.kind === 'word') {
    const word = first.value.toUpperCase();
    const object = tokens[start + 1]?.kind === 'word' ? tokens[start + 1]!.value.toUpperCase() : '';
    if (ADMIN_COMMANDS.has(word) || ((word === 'CREATE' || word === 'DROP') && ADMIN_OBJECTS.has(object)))
      throw refused(
        'administration',
        `${word} is an administration command; the console only reads the graph (its labels, types and properties: db.labels(), db.schema.visualization())`,
        first.position,
      );
  }

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const keyword = keywordAt(tokens, i);
    if (keyword === 'LOAD' && isWord(tokens[i + 1], 'CSV'))
      throw refused('load-csv', 'LOAD CSV reads files and URLs from the server; the console reads only the graph', t.position);
    if (keyword === 'USE')
      throw refused('other-database', 'USE switches to another database; the console reads only Liaison’s graph', t.position);
    if (keyword === 'IN' && isWord(tokens[i + 1], 'TRANSACTIONS'))
      throw refused(
        'not-read-only',
        'CALL { … } IN TRANSACTIONS commits batches of its own; the console runs each query in one read-only transaction',
        t.position,
      );
    if (keyword && WRITE_CLAUSES.has(keyword))
      throw refused(
        'not-read-only',
        `${keyword} writes to the database, and the console only reads (if ${t.value} is a name here, quote it: \`${t.value}\`)`,
        t.position,
      );
    if (keyword === 'CALL') {
      const proc = dottedName(tokens, i + 1);
      if (proc && !isAllowedProcedure(proc.name))
        throw refused('procedure-not-allowed', `The procedure ${proc.name} is not one the console allows`, tokens[i + 1]!.position);
      if (proc) i = proc.next - 1;
      continue;
    }
    // A name followed by "(" is a function call, unless it is a keyword (WHERE (…), IN (…), CALL (x) {…}).
    const before = tokens[i - 1];
    if (isName(t) && !isPunct(before, '.') && !isPunct(before, ':')) {
      const fn = dottedName(tokens, i);
      if (fn && isPunct(tokens[fn.next], '(')) {
        const single = fn.next === i + 1 && t.kind === 'word';
        if (!(single && NOT_FUNCTIONS.has(t.value.toUpperCase())) && !isAllowedFunction(fn.name))
          throw refused('function-not-allowed', `The function ${fn.name} is not one the console allows`, t.position);
      }
      if (fn) i = fn.next - 1;
    }
  }
}

/** One operator of an EXPLAIN plan, as the driver gives it. */
export interface PlanOperator {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanOperator[];
}

/** "ProcedureCall@neo4j" → "ProcedureCall"; the suffix names the database that plans it. */
const operatorName = (op: PlanOperator) => op.operatorType.replace(/@.*$/, '');
const operatorDatabase = (op: PlanOperator) => /@(.*)$/.exec(op.operatorType)?.[1] ?? null;

function* operators(plan: PlanOperator | false | undefined | null): Generator<PlanOperator> {
  if (!plan) return;
  yield plan;
  for (const child of plan.children ?? []) yield* operators(child);
}

const details = (op: PlanOperator) => (typeof op.arguments?.Details === 'string' ? op.arguments.Details : '');

/** Operators that change data or the schema; the query type says so too, but each layer checks on its own. */
const WRITE_OPERATOR =
  /^(Create|Merge|Delete|DetachDelete|Set|Remove|Foreach|TransactionForeach|TransactionApply|Drop|DoNothingIfExists|LockingMerge)/;
/** Operators of administration commands (SHOW …, TERMINATE TRANSACTIONS, users, databases). */
const ADMIN_OPERATOR = /^(AdministrationCommand|SystemProcedureCall|Show|Terminate)/;

/**
 * Checks the plan Neo4j made for the query (EXPLAIN, nothing run): only query type "r", no LoadCSV,
 * no administration operator, no procedure or function outside the allow-lists. Function names are
 * read from the operators' details with the tokenizer; Neo4j quotes the original query text there
 * only inside `backticks`, which the tokenizer skips.
 */
export function checkPlan(summary: Pick<ResultSummary, 'queryType' | 'plan'>): void {
  const plan = summary.plan as unknown as PlanOperator | false;
  for (const op of operators(plan)) {
    const name = operatorName(op);
    if (name === 'LoadCSV') throw new QueryRefusedError('load-csv', 'The query’s plan loads a CSV file; the console reads only the graph.');
    if (ADMIN_OPERATOR.test(name) || operatorDatabase(op) === 'system')
      throw new QueryRefusedError(
        'administration',
        `The query’s plan runs an administration command (${name}); the console only reads the graph.`,
      );
    if (name === 'ProcedureCall') {
      const proc = dottedName(tokenize(details(op)), 0)?.name;
      if (!proc || !isAllowedProcedure(proc))
        throw new QueryRefusedError(
          'procedure-not-allowed',
          `The query’s plan calls the procedure ${proc ?? '(unnamed)'}, which the console does not allow.`,
        );
    }
    if (WRITE_OPERATOR.test(name))
      throw new QueryRefusedError('not-read-only', `The query’s plan writes (${name}); the console only reads.`);
  }
  if (summary.queryType !== 'r')
    throw new QueryRefusedError(
      'not-read-only',
      `Neo4j classifies the query as ${QUERY_TYPES[summary.queryType] ?? summary.queryType}; the console runs only read queries.`,
    );
  for (const op of operators(plan)) {
    const tokens = tokenize(details(op));
    // A ProcedureCall's details begin with the procedure's own name: skip it, check its arguments.
    let i = operatorName(op) === 'ProcedureCall' ? (dottedName(tokens, 0)?.next ?? 0) : 0;
    for (; i < tokens.length; i++) {
      if (isPunct(tokens[i - 1], '.') || isPunct(tokens[i - 1], ':')) continue;
      const fn = dottedName(tokens, i);
      // Only qualified names: the planner writes its own helpers unqualified (cache[…], getDegree(…)),
      // and every unqualified call of the query itself was checked against the text already.
      if (fn && fn.name.includes('.') && isPunct(tokens[fn.next], '(') && !isAllowedFunction(fn.name))
        throw new QueryRefusedError(
          'function-not-allowed',
          `The query’s plan calls the function ${fn.name}, which the console does not allow.`,
        );
      if (fn) i = fn.next - 1;
    }
  }
}

const QUERY_TYPES: Record<string, string> = { w: 'write-only', rw: 'read-write', s: 'a schema or administration command' };
