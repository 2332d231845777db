// The console's read-only rules, in the order a query meets them: its length, its shape (nesting and
// size, which Neo4j's parser cannot bound), its text (tokenized, so strings and comments never count),
// then the plan Neo4j makes for it with EXPLAIN; its parameters are bounded the same way. The last
// layer, a READ transaction, is the Executor's (runUserQuery). Each check throws a QueryRefusedError naming its rule.
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
 * Bounds on a query's shape. Neo4j 5.26's parser recurses once per level of nesting and, past a few
 * hundred levels, never answers: the Bolt thread is lost (measured on the embedded instance, see
 * bench/results/parser-depth.md: parentheses at 400 levels, brackets at 300, lists, maps, list
 * comprehensions at 200, CASE at 175, NOT at 350; chains of 400 string concatenations, 500 property
 * accesses, 800 WITH clauses), and planning time grows with operator chains, clauses and UNIONs
 * (100 UNION branches: 10 s to plan). Label expressions too: a run of 400 `!` (MATCH (n:!!…!Person))
 * loses the thread as a run of NOT does, and 2,000 `&` take 9 s to plan (1,000 `|`: under 1 s).
 * The limits stay 4× or more below those numbers and far above any query a researcher writes.
 */
export const SHAPE_LIMITS = {
  /** Levels of ( [ { and CASE … END, counting a run of NOT or of `!` (label negation) as levels too. */
  depth: 40,
  /** Tokens in the whole query (a 10,000-character list literal has ~5,000: such lists belong in $params). */
  tokens: 5_000,
  /** Operators and property accesses chained in one expression (a AND b AND …, 'a' + 'a' + …, m.a.b.…, :A&B|C…). */
  chain: 100,
  /** UNION branches, each planned as a query of its own. */
  unions: 20,
  /** Clauses (MATCH, WITH, UNWIND, …), each a step the planner considers with all before it. */
  clauses: 200,
  /** Relationships in consecutive MATCH clauses (planned as one): the planner's search grows quickly with them. */
  patternRelationships: 20,
};

/** Binary operators and the words that act as them; each one extends the current expression's chain. */
const CHAIN_PUNCT = new Set(['+', '-', '*', '/', '%', '^', '=', '<', '>', '.', '&']);
/** What a label expression after ":" is made of (n:!(A&B)|C); `|` chains there rather than separating. */
const LABEL_PUNCT = new Set(['!', '&', '|', '%', '(', ')']);
const CHAIN_WORDS = new Set(['AND', 'OR', 'XOR', 'IN', 'STARTS', 'ENDS', 'CONTAINS', 'IS']);
/** Words that begin a clause: a new step for the planner, and the end of the expression before it. */
const CLAUSE_WORDS = new Set([
  'MATCH',
  'OPTIONAL',
  'WITH',
  'RETURN',
  'UNWIND',
  'CALL',
  'WHERE',
  'ORDER',
  'SKIP',
  'LIMIT',
  'YIELD',
  'UNION',
  'FINISH',
  'FILTER',
  'LET',
  'OFFSET',
]);
/** Clauses whose patterns the planner searches; consecutive ones (and their WHERE) count together. */
const PATTERN_CLAUSES = new Set(['MATCH', 'OPTIONAL']);

const tooDeep = (at: TextPosition) =>
  refused(
    'too-deep',
    `The query nests brackets, braces, parentheses or CASE more than ${SHAPE_LIMITS.depth} levels deep, more than the console takes; flatten it with WITH steps or pass values as $parameters`,
    at,
  );
const tooComplex = (what: string, limit: number, at: TextPosition) =>
  refused('too-complex', `The query has more than ${limit.toLocaleString('en')} ${what}, more than the console takes`, at);

/**
 * Checks the shape of a tokenized query before Neo4j parses it: nesting depth, token count, the
 * length of operator chains, UNION branches, clauses and pattern size. One pass, no recursion, so
 * a hostile text costs us no more than its length.
 */
export function checkShape(tokens: Token[]): void {
  if (tokens.length > SHAPE_LIMITS.tokens)
    throw tooComplex('tokens (words, numbers, operators)', SHAPE_LIMITS.tokens, tokens[SHAPE_LIMITS.tokens]!.position);
  // One chain counter per open bracket: `a AND (b) AND c` is one chain of the outer expression.
  const chains: number[] = [0];
  let notRun = 0;
  let inLabels = false;
  let unions = 0;
  let clauses = 0;
  let relationships = 0;
  let inPattern = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const keyword = keywordAt(tokens, i);
    // A run of `!` nests like a run of NOT (Neo4j's parser recurses once per `!` as for NOT).
    notRun = keyword === 'NOT' || isPunct(t, '!') ? notRun + 1 : 0;
    if (isPunct(t, ':')) inLabels = true;
    else if (inLabels && !(t.kind === 'word' || t.kind === 'quoted' || (t.kind === 'punct' && LABEL_PUNCT.has(t.value)))) inLabels = false;
    if (t.kind === 'punct' && (t.value === '(' || t.value === '[' || t.value === '{')) chains.push(0);
    else if (keyword === 'CASE') chains.push(0);
    else if ((t.kind === 'punct' && (t.value === ')' || t.value === ']' || t.value === '}')) || keyword === 'END') {
      if (chains.length > 1) chains.pop();
    }
    if (chains.length - 1 + notRun > SHAPE_LIMITS.depth) throw tooDeep(t.position);

    if (keyword && CLAUSE_WORDS.has(keyword)) {
      chains[chains.length - 1] = 0;
      if (keyword === 'UNION' && ++unions > SHAPE_LIMITS.unions) throw tooComplex('UNION branches', SHAPE_LIMITS.unions, t.position);
      if (++clauses > SHAPE_LIMITS.clauses) throw tooComplex('clauses', SHAPE_LIMITS.clauses, t.position);
      if (PATTERN_CLAUSES.has(keyword)) {
        if (!inPattern) relationships = 0;
        inPattern = true;
      } else if (keyword !== 'WHERE') inPattern = false;
      continue;
    }
    if (inLabels && isPunct(t, '|')) {
      if (++chains[chains.length - 1]! > SHAPE_LIMITS.chain)
        throw tooComplex('operators in one expression', SHAPE_LIMITS.chain, t.position);
      continue;
    }
    if (t.kind === 'punct' && (t.value === ',' || t.value === '|' || t.value === ';')) {
      chains[chains.length - 1] = 0;
      continue;
    }
    // A relationship in a pattern: -[…]- or -- between two nodes, counted once at its first dash after ")".
    if (
      inPattern &&
      isPunct(t, '-') &&
      (isPunct(tokens[i - 1], ')') || isPunct(tokens[i - 1], '<')) &&
      ++relationships > SHAPE_LIMITS.patternRelationships
    )
      throw tooComplex('relationships in one pattern', SHAPE_LIMITS.patternRelationships, t.position);
    const chained = (t.kind === 'punct' && CHAIN_PUNCT.has(t.value)) || (keyword !== null && CHAIN_WORDS.has(keyword));
    if (chained && ++chains[chains.length - 1]! > SHAPE_LIMITS.chain)
      throw tooComplex('operators in one expression', SHAPE_LIMITS.chain, t.position);
  }
}

/**
 * Checks the query's text and throws at the first thing the console does not run. A write keyword
 * used as a plain name (a variable called `set`) is refused too; quoting it with backticks helps.
 * Its shape is checked first (checkShape), so no pathological text reaches the database.
 */
export function checkText(query: string): void {
  const tokens = tokenize(query);
  checkShape(tokens);
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

/**
 * Bounds on a query's parameters (console and library alike). The JSON body is already capped in
 * bytes; these keep its shape within what the driver's encoder, Neo4j's decoder and our own
 * recursive helpers handle without a deep stack or a long pause.
 */
export const PARAM_LIMITS = {
  /** Levels of lists and maps inside one another. */
  depth: 32,
  /** List items and map entries in all parameters together. */
  elements: 100_000,
  /** Characters in any one string (or map key). */
  stringLength: 100_000,
  /** Characters of all strings and keys together. */
  totalChars: 2_000_000,
};

/** A refusal of the parameters, with the place it concerns as `errors[{path, message, code}]`. */
const paramsTooLarge = (message: string, path: string, code: string) =>
  new QueryRefusedError('params-too-large', message, undefined, [{ path, message, code }]);
const shortPath = (path: string) => (path.length > 200 ? `${path.slice(0, 200)}…` : path);

/**
 * Walks the parameters without recursion and refuses them at the first bound they pass; the message
 * and the refusal's `errors` name the JSONPath of the offending value (of all the parameters, `root`,
 * for a bound on their total). Runs before anything else reads the parameters.
 */
export function checkParams(params: unknown, root = '$.params'): void {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: params, depth: 0, path: root }];
  let elements = 0;
  let chars = 0;
  const countString = (s: string, path: string) => {
    if (s.length > PARAM_LIMITS.stringLength)
      throw paramsTooLarge(
        `The string at ${shortPath(path)} is ${s.length.toLocaleString('en')} characters long; a parameter string may have at most ${PARAM_LIMITS.stringLength.toLocaleString('en')}.`,
        shortPath(path),
        'string-too-long',
      );
    chars += s.length;
    if (chars > PARAM_LIMITS.totalChars)
      throw paramsTooLarge(
        `The parameters hold more than ${PARAM_LIMITS.totalChars.toLocaleString('en')} characters of text in all.`,
        root,
        'too-much-text',
      );
  };
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') countString(value, path);
    if (value === null || typeof value !== 'object') continue;
    if (depth >= PARAM_LIMITS.depth)
      throw paramsTooLarge(
        `The parameters nest lists and maps more than ${PARAM_LIMITS.depth} levels deep (at ${shortPath(path)}).`,
        shortPath(path),
        'too-deep',
      );
    const keys = Array.isArray(value) ? null : Object.keys(value);
    elements += keys ? keys.length : (value as unknown[]).length;
    if (elements > PARAM_LIMITS.elements)
      throw paramsTooLarge(
        `The parameters hold more than ${PARAM_LIMITS.elements.toLocaleString('en')} list items and map entries in all.`,
        root,
        'too-many-elements',
      );
    const visit = (v: unknown, key: string) => {
      // Paths are built only for values that are looked into; the depth bound keeps them short.
      if (typeof v === 'string') countString(v, `${path}${key}`);
      else if (v !== null && typeof v === 'object') stack.push({ value: v, depth: depth + 1, path: `${path}${key}` });
    };
    if (keys)
      for (const k of keys) {
        countString(k, path);
        visit((value as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k.slice(0, 50))}]`);
      }
    else (value as unknown[]).forEach((v, i) => visit(v, `[${i}]`));
  }
}
