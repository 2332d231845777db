// The pure parts of the Cypher console: the tokenizer, the text and plan rules with their
// allow-lists, the mapping of Neo4j's errors on a researcher's query, parameters and settings.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import neo4j, { Neo4jError } from 'neo4j-driver';

import { consoleConfig, loadConfig } from '../../server/src/config';
import { ALLOWED_FUNCTIONS, ALLOWED_PROCEDURES, EXCLUDED_BUILTIN_FUNCTIONS, isAllowedFunction } from '../../server/src/console/allow-list';
import {
  PARAM_LIMITS,
  SHAPE_LIMITS,
  checkLength,
  checkParams,
  checkPlan,
  checkText,
  type PlanOperator,
} from '../../server/src/console/guard';
import { tokenize } from '../../server/src/console/lexer';
import { toCypherParams } from '../../server/src/console/run';
import { errorPosition, mapDriverError, sanitizeMessage } from '../../server/src/db/executor';
import {
  CypherQueryError,
  CypherSyntaxError,
  InternalError,
  QueryRefusedError,
  TimeoutError,
  UnavailableError,
  type LiaisonError,
  type QueryRule,
} from '../../server/src/errors';
import { setLogLevel } from '../../server/src/log';

beforeAll(() => setLogLevel('silent'));
afterAll(() => setLogLevel('info'));

/** The rule a check refused with, or null when it let the query through. */
function ruleOf(check: () => void): QueryRule | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof QueryRefusedError) return error.rule;
    throw error;
  }
}

describe('tokenize', () => {
  it('skips comments, keeps strings and quoted names whole, and knows parameters', () => {
    const tokens = tokenize("// CREATE (x)\nMATCH (n:`Create me`) /* DELETE n */ WHERE n.name = 'it\\'s SET' RETURN $set");
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['word', 'MATCH'],
      ['punct', '('],
      ['word', 'n'],
      ['punct', ':'],
      ['quoted', 'Create me'],
      ['punct', ')'],
      ['word', 'WHERE'],
      ['word', 'n'],
      ['punct', '.'],
      ['word', 'name'],
      ['punct', '='],
      ['string', "it's SET"],
      ['word', 'RETURN'],
      ['param', 'set'],
    ]);
  });

  it('gives each token its line, column and offset as Neo4j counts them', () => {
    const [, second] = tokenize('MATCH (n)\n  RETURN n').filter((t) => t.kind === 'word' && t.value !== 'n');
    expect(second!.position).toEqual({ line: 2, column: 3, offset: 12 });
  });

  it('reads a doubled backtick inside a quoted name as one, and runs unclosed literals to the end', () => {
    expect(tokenize('RETURN 1 AS `a``b`').at(-1)).toMatchObject({ kind: 'quoted', value: 'a`b' });
    expect(tokenize("RETURN 'open").at(-1)).toMatchObject({ kind: 'string', value: 'open' });
    expect(tokenize('RETURN 1 /* open').map((t) => t.value)).toEqual(['RETURN', '1']);
  });
});

describe('checkLength', () => {
  it('refuses a query longer than the limit as too-long, and takes one at the limit', () => {
    expect(ruleOf(() => checkLength('x'.repeat(101), 100))).toBe('too-long');
    expect(ruleOf(() => checkLength('x'.repeat(100), 100))).toBeNull();
  });
});

describe('checkText', () => {
  it.each<[string, QueryRule]>([
    ['CREATE (n:X)', 'not-read-only'],
    ['MATCH (n) SET n.x = 1', 'not-read-only'],
    ['MATCH (n) REMOVE n.name', 'not-read-only'],
    ['MATCH (n) DETACH DELETE n', 'not-read-only'],
    ["MERGE (n:Person {id: 'x'})", 'not-read-only'],
    ['FOREACH (x IN [1] | CREATE (:A))', 'not-read-only'],
    ['MATCH (n) CALL (n) { SET n.y = 1 } IN TRANSACTIONS', 'not-read-only'],
    ['CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN 1', 'not-read-only'],
    ['CREATE INDEX foo FOR (n:X) ON (n.y)', 'not-read-only'],
    ['DROP CONSTRAINT entity_id', 'not-read-only'],
    ['INSERT (n:X)', 'not-read-only'],
    ['match (n) detach delete n', 'not-read-only'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'load-csv'],
    ['CALL dbms.components()', 'procedure-not-allowed'],
    ["CALL db.createLabel('X')", 'procedure-not-allowed'],
    ["CALL db.index.fulltext.createNodeIndex('x', ['A'], ['b'])", 'procedure-not-allowed'],
    ["CALL apoc.help('x')", 'procedure-not-allowed'],
    ['CALL `dbms`.`listConfig`()', 'procedure-not-allowed'],
    ['CALL db.stats.collect', 'procedure-not-allowed'],
    ["RETURN apoc.text.join(['a'], ',')", 'function-not-allowed'],
    ["RETURN `apoc.text.join`(['a'], ',')", 'function-not-allowed'],
    ['MATCH (n) RETURN myPlugin(n)', 'function-not-allowed'],
    ['RETURN file()', 'function-not-allowed'],
    ['SHOW DATABASES', 'administration'],
    ['SHOW TRANSACTIONS', 'administration'],
    ["TERMINATE TRANSACTIONS 'neo4j-transaction-1'", 'administration'],
    ["CREATE USER bob SET PASSWORD 'secret'", 'administration'],
    ["ALTER USER neo4j SET PASSWORD 'x'", 'administration'],
    ['GRANT ROLE admin TO bob', 'administration'],
    ['DROP DATABASE neo4j', 'administration'],
    ['CYPHER 5 SHOW USERS', 'administration'],
    ['USE system SHOW USERS', 'other-database'],
    ['USE neo4j MATCH (n) RETURN n', 'other-database'],
    ['EXPLAIN MATCH (n) RETURN n', 'explain-profile'],
    ['PROFILE MATCH (n) RETURN n', 'explain-profile'],
  ])('refuses %s as %s', (query, rule) => {
    expect(ruleOf(() => checkText(query))).toBe(rule);
  });

  it('says where the refused part is', () => {
    try {
      checkText('MATCH (n)\nWITH n CALL { CREATE (m) } RETURN n');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(QueryRefusedError);
      expect((error as QueryRefusedError).extra.position).toEqual({ line: 2, column: 15, offset: 24 });
      expect((error as QueryRefusedError).message).toMatch(/CREATE.*line 2, column 15/);
    }
  });

  it.each([
    ["// CREATE (n)\nMATCH (n:Person) WHERE n.name = 'CREATE (x); DELETE n' RETURN n /* SET n.x = 1 */"],
    ["RETURN 'LOAD CSV FROM x' AS s, \"CALL dbms.components()\" AS t, 'apoc.x()' AS u"],
    ['MATCH (n) RETURN n.set, n.create, n {.delete}, {merge: 1, remove: 2}'],
    ['MATCH (n:Create)-[:SET]->(m:`Delete`) RETURN m'],
    ['MATCH (`set`) RETURN `set`'],
    ['MATCH (n) WHERE n.name STARTS WITH $create RETURN n'],
    ["CALL db.index.fulltext.queryNodes('entity_names', 'patrushev') YIELD node, score RETURN node, score"],
    ['CALL db.labels() YIELD label RETURN label'],
    ['CALL db.schema.visualization'],
    ['MATCH (n) WHERE EXISTS { (n)--() } AND COUNT { (n)--() } > 1 RETURN COLLECT { MATCH (n)--(m) RETURN m.name } AS names'],
    ['MATCH (n) CALL (n) { MATCH (n)--(m) RETURN count(m) AS c } RETURN n, c'],
    ['MATCH p = shortestPath((a:Person)-[*..5]-(b:Person)) RETURN p'],
    ['MATCH p = ANY SHORTEST (a:Person)--+(b:Person) RETURN p'],
    ['MATCH ((a)-[:KNOWS]-(b)){1,3} RETURN a'],
    ['RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * 2], reduce(s = 0, x IN [1, 2] | s + x), CASE WHEN (1 = 1) THEN (2) ELSE (3) END'],
    ['MATCH (n) WHERE NOT (n)--() AND (n.x IN (1, 2) OR (n.y)) RETURN DISTINCT (n)'],
    ["RETURN toUpper('a'), TOUPPER('b'), date.truncate('month', date()), duration.between(date(), date()), `toLower`('C')"],
    ['CYPHER 5 MATCH (n) RETURN count(n)'],
    ['MATCH (n) RETURN n ORDER BY (n.name) SKIP (1) LIMIT (2)'],
    ['UNWIND range(1, 5000) AS x RETURN x'],
  ])('lets through the read-only %s', (query) => {
    expect(ruleOf(() => checkText(query))).toBeNull();
  });
});

const op = (operatorType: string, details = '', children: PlanOperator[] = []): PlanOperator => ({
  operatorType,
  arguments: { Details: details },
  children,
});
const plan = (queryType: string, root: PlanOperator) => ({ queryType, plan: root }) as unknown as Parameters<typeof checkPlan>[0];

describe('checkPlan', () => {
  it.each<[string, ReturnType<typeof plan>, QueryRule]>([
    ['a write query type', plan('w', op('ProduceResults@neo4j', '', [op('EmptyResult@neo4j')])), 'not-read-only'],
    ['a schema query type', plan('s', op('CreateIndex@neo4j', 'RANGE INDEX foo FOR (:X) ON (y)')), 'not-read-only'],
    [
      'a write operator, even in a plan said to read',
      plan('r', op('ProduceResults@neo4j', '', [op('Create@neo4j', '(n:X)')])),
      'not-read-only',
    ],
    ['LoadCSV', plan('r', op('ProduceResults@neo4j', 'l', [op('LoadCSV@neo4j', 'l')])), 'load-csv'],
    ['TERMINATE TRANSACTIONS (query type r)', plan('r', op('TerminateTransactions@neo4j', 'defaultColumns')), 'administration'],
    ['SHOW TRANSACTIONS', plan('r', op('ProduceResults@neo4j', '', [op('ShowTransactions@neo4j', 'allTransactions')])), 'administration'],
    ['an operator planned on the system database', plan('s', op('AdministrationCommand@system')), 'administration'],
    [
      'a procedure outside the allow-list',
      plan('r', op('ProduceResults@neo4j', '', [op('ProcedureCall@neo4j', 'db.stats.collect($a) :: (x :: STRING)')])),
      'procedure-not-allowed',
    ],
    ['a procedure whose name cannot be read', plan('r', op('ProcedureCall@neo4j', '')), 'procedure-not-allowed'],
    [
      'a qualified function outside the allow-list',
      plan('r', op('Projection@neo4j', 'apoc.text.join($l, $s) AS x')),
      'function-not-allowed',
    ],
    [
      'such a function among a procedure’s arguments',
      plan('r', op('ProcedureCall@neo4j', 'db.labels(apoc.x.y(1)) :: (label :: STRING)')),
      'function-not-allowed',
    ],
  ])('refuses %s', (_what, summary, rule) => {
    expect(ruleOf(() => checkPlan(summary))).toBe(rule);
  });

  it('lets through a read plan with allowed procedures, functions and the planner’s own helpers', () => {
    const summary = plan(
      'r',
      op('ProduceResults@neo4j', '`n.name`, `apoc.evil(x)`', [
        op(
          'Projection@neo4j',
          "cache[n.name] AS `apoc.x('y')`, date.truncate($autostring_1, cache[n.date]) AS d, getDegree((a)--()) AS c",
          [op('ProcedureCall@neo4j', 'db.index.fulltext.queryNodes($autostring_0, $q) :: (node :: NODE, score :: FLOAT)')],
        ),
      ]),
    );
    expect(ruleOf(() => checkPlan(summary))).toBeNull();
  });
});

describe('allow-lists', () => {
  it('allow no dbms.* procedure and no state-changing db.* one', () => {
    expect([...ALLOWED_PROCEDURES].filter((p) => p.startsWith('dbms.') || /create|clear|collect|await|resample/i.test(p))).toEqual([]);
    expect(ALLOWED_PROCEDURES).toContain('db.index.fulltext.queryNodes');
  });

  it('hold built-in functions only, case-insensitively, without the excluded ones', () => {
    expect(isAllowedFunction('TOUPPER')).toBe(true);
    expect(isAllowedFunction('apoc.coll.sum')).toBe(false);
    for (const excluded of Object.keys(EXCLUDED_BUILTIN_FUNCTIONS)) expect(ALLOWED_FUNCTIONS).not.toContain(excluded);
    expect(new Set(ALLOWED_FUNCTIONS).size).toBe(ALLOWED_FUNCTIONS.length);
  });
});

describe('errorPosition', () => {
  it('reads Neo4j’s position and takes off what was prepended to the first line', () => {
    const message = 'Invalid input \'\': expected an expression (line 1, column 33 (offset: 32))\n"EXPLAIN MATCH (n) RETURN n LIMIT"';
    expect(errorPosition(message)).toEqual({ line: 1, column: 33, offset: 32 });
    expect(errorPosition(message, 8)).toEqual({ line: 1, column: 25, offset: 24 });
    expect(errorPosition('Invalid input (line 2, column 10 (offset: 27))', 8)).toEqual({ line: 2, column: 10, offset: 19 });
    expect(errorPosition('no position here')).toBeNull();
  });
});

describe('mapDriverError for a console query', () => {
  const user = { positionShift: 8, timeoutMs: 1500 };
  const driverError = (code: string, message = `driver says ${code}`) =>
    new Neo4jError(message, code, '50N42', 'general processing exception');

  it('turns a syntax error into CypherSyntaxError with code, message and the position in the user’s text', () => {
    const mapped = mapDriverError(
      driverError(
        'Neo.ClientError.Statement.SyntaxError',
        'Invalid input \'LIMT\': expected an expression (line 2, column 10 (offset: 27))\n"EXPLAIN MATCH (n)\nRETURN n LIMT 5"\n         ^',
      ),
      'console',
      user,
    );
    expect(mapped).toBeInstanceOf(CypherSyntaxError);
    expect(mapped.status).toBe(400);
    expect(mapped.message).toBe("Invalid input 'LIMT': expected an expression");
    expect(mapped.extra).toEqual({
      rule: 'syntax',
      neo4jCode: 'Neo.ClientError.Statement.SyntaxError',
      position: { line: 2, column: 10, offset: 19 },
    });
  });

  it.each<[string, new (...args: never[]) => LiaisonError, number, string]>([
    ['Neo.ClientError.Statement.AccessMode', QueryRefusedError, 403, 'not-read-only'],
    ['Neo.ClientError.Security.Forbidden', QueryRefusedError, 403, 'administration'],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', TimeoutError, 504, 'timeout'],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', QueryRefusedError, 403, 'memory-limit'],
    ['Neo.ClientError.Statement.ArithmeticError', CypherQueryError, 400, 'cypher-error'],
    ['Neo.ClientError.Procedure.ProcedureNotFound', CypherQueryError, 400, 'cypher-error'],
    ['Neo.ClientError.Transaction.Terminated', TimeoutError, 504, 'timeout'],
    ['Neo.DatabaseError.Statement.ExecutionFailed', CypherQueryError, 400, 'cypher-error'],
    ['Neo.DatabaseError.General.UnknownError', UnavailableError, 503, 'database-error'],
    ['Neo.DatabaseError.Transaction.TransactionStartFailed', UnavailableError, 503, 'database-error'],
    ['Neo.DatabaseError.Statement.RemoteExecutionFailed', UnavailableError, 503, 'database-error'],
    ['Neo.TransientError.General.TransactionMemoryLimit', QueryRefusedError, 403, 'memory-limit'],
    ['Neo.TransientError.General.OutOfMemoryError', QueryRefusedError, 403, 'memory-limit'],
    ['Neo.DatabaseError.General.OutOfMemoryError', QueryRefusedError, 403, 'memory-limit'],
    ['Neo.ClientError.General.TransactionOutOfMemoryError', QueryRefusedError, 403, 'memory-limit'],
  ])('maps %s to %p (%i, rule %s)', (code, cls, status, rule) => {
    const mapped = mapDriverError(driverError(code), 'console', user);
    expect(mapped).toBeInstanceOf(cls);
    expect([mapped.status, mapped.extra.rule]).toEqual([status, rule]);
  });

  it('shows Neo4j’s message for the user’s query, but not for Liaison’s own statements', () => {
    expect(mapDriverError(driverError('Neo.ClientError.Statement.TypeError'), 'console', user).message).toContain('driver says');
    const own = mapDriverError(driverError('Neo.ClientError.Statement.TypeError'), 'queries/node');
    expect(own).toBeInstanceOf(InternalError);
    expect(own.message).not.toContain('driver says');
  });

  it('answers a server fault in a console query with 503 and Retry-After, not blamed on the query', () => {
    const mapped = mapDriverError(driverError('Neo.DatabaseError.General.UnknownError'), 'console', user);
    expect(mapped.extra).toMatchObject({ retryAfter: expect.any(Number) });
    expect(mapped.message).not.toContain('driver says');
  });

  it('names the time limit of a timeout', () => {
    expect(mapDriverError(driverError('Neo.ClientError.Transaction.TransactionTimedOut'), 'console', user).message).toContain('1.5 s');
  });

  it('shows a DatabaseError’s first line without Java class names, stack frames or paths', () => {
    const mapped = mapDriverError(
      driverError(
        'Neo.DatabaseError.Statement.ExecutionFailed',
        'java.lang.StringIndexOutOfBoundsException: Cannot handle negative start index in /opt/neo4j/lib/x.jar\n\tat org.neo4j.cypher.internal.Foo.bar(Foo.java:12)',
      ),
      'console',
      user,
    );
    expect(mapped).toBeInstanceOf(CypherQueryError);
    expect(mapped.message).toMatch(/^Cannot handle negative start index/);
    expect(mapped.message).not.toMatch(/java|org\.neo4j|\/opt|Foo/);
  });

  it('answers an exhausted console pool with 503, the number running and Retry-After', () => {
    const exhausted = driverError(
      'N/A',
      'Connection acquisition timed out in 2000 ms. Pool status: Active conn count = 2, Idle conn count = 0.',
    );
    const mapped = mapDriverError(exhausted, 'console', { ...user, running: 2 });
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped.message).toMatch(/console is busy: 2 queries are running/);
    expect(mapDriverError(exhausted, 'console', { ...user, running: 1 }).message).toMatch(/console is busy: 1 query is running;/);
    expect(mapped.extra).toMatchObject({ rule: 'console-busy', retryAfter: expect.any(Number) });
  });
});

describe('sanitizeMessage', () => {
  it.each([
    ['Cannot handle negative start index nor negative length', 'Cannot handle negative start index nor negative length'],
    ['org.neo4j.kernel.impl.Foo$Bar: something failed badly here', 'something failed badly here'],
    ['Could not read /var/lib/neo4j/data/databases/neo4j/store', 'Could not read …'],
    ['java.lang.NullPointerException', 'fallback'],
    ['', 'fallback'],
    ['first line\nsecond line with /etc/passwd', 'first line'],
  ])('%j → %j', (message, expected) => {
    expect(sanitizeMessage(message, 'fallback')).toBe(expected);
  });
});

describe('checkShape (through checkText)', () => {
  const deep = (open: string, close: string, n: number, inner = '1') => `RETURN ${open.repeat(n)}${inner}${close.repeat(n)}`;
  it.each<[string, string, QueryRule]>([
    ['the issue’s 2,000 parentheses', deep('(', ')', 2_000), 'too-deep'],
    ['41 parentheses', deep('(', ')', SHAPE_LIMITS.depth + 1), 'too-deep'],
    ['nested lists', `RETURN ${'[1,'.repeat(100)}1${']'.repeat(100)}`, 'too-deep'],
    ['nested maps', deep('{a:', '}', 100), 'too-deep'],
    ['nested CASE', deep('CASE WHEN true THEN ', ' END', 60), 'too-deep'],
    ['nested list comprehensions', `RETURN ${'[x IN '.repeat(60)}[1]${' | x]'.repeat(60)}`, 'too-deep'],
    ['a run of NOT', `RETURN ${'NOT '.repeat(60)}true`, 'too-deep'],
    ['a long AND chain', `WITH true AS a RETURN a${' AND a'.repeat(150)}`, 'too-complex'],
    ['a long string concatenation', `RETURN 'a'${" + 'a'".repeat(150)}`, 'too-complex'],
    ['a long property chain', `WITH {a: 1} AS m RETURN m${'.a'.repeat(150)}`, 'too-complex'],
    ['many UNIONs', `RETURN 1 AS x${' UNION RETURN 1 AS x'.repeat(SHAPE_LIMITS.unions + 1)}`, 'too-complex'],
    ['many clauses', `WITH 1 AS x${' WITH x'.repeat(SHAPE_LIMITS.clauses + 1)} RETURN x`, 'too-complex'],
    ['a long pattern', `MATCH (a)${'--()'.repeat(SHAPE_LIMITS.patternRelationships + 1)} RETURN a`, 'too-complex'],
    ['too many tokens', `RETURN [${Array.from({ length: 3_000 }, () => '1').join(',')}]`, 'too-complex'],
    ['1,000 label negations', `MATCH (n:${'!'.repeat(1_000)}Person) RETURN n`, 'too-deep'],
    ['a run of label negations past the depth limit', `MATCH (n:${'!'.repeat(SHAPE_LIMITS.depth + 1)}Person) RETURN n`, 'too-deep'],
    ['nested negated label groups', `MATCH (n:${'!('.repeat(SHAPE_LIMITS.depth)}A${')'.repeat(SHAPE_LIMITS.depth)}) RETURN n`, 'too-deep'],
    ['a long label conjunction', `MATCH (n:A${'&A'.repeat(SHAPE_LIMITS.chain + 1)}) RETURN n`, 'too-complex'],
    ['a long label disjunction', `MATCH (n:A${'|A'.repeat(SHAPE_LIMITS.chain + 1)}) RETURN n`, 'too-complex'],
    ['a long relationship-type disjunction', `MATCH ()-[r:A${'|A'.repeat(SHAPE_LIMITS.chain + 1)}]->() RETURN r`, 'too-complex'],
  ])('refuses %s', (_label, query, rule) => {
    expect(ruleOf(() => checkText(query))).toBe(rule);
  });

  it.each([
    deep('(', ')', SHAPE_LIMITS.depth),
    `RETURN ${'[1,'.repeat(30)}1${']'.repeat(30)}`,
    `WITH true AS a RETURN a${' AND a'.repeat(90)}`,
    `RETURN 1 AS x${' UNION RETURN 1 AS x'.repeat(SHAPE_LIMITS.unions - 1)}`,
    `MATCH (a)${'--()'.repeat(SHAPE_LIMITS.patternRelationships)} RETURN a`,
    `RETURN ${Array.from({ length: 400 }, (_, i) => `n.p${i}`).join(', ')}`,
    "MATCH (a:Person)-[:KNOWS]->(b)<-[:MEMBER_OF]-(c) WHERE a.name = 'x' AND (b.born > 1950 OR b.born IS NULL) RETURN CASE WHEN c.x THEN [y IN range(1, 3) | {v: y * 2}] ELSE [] END",
    'MATCH (n:!Person&!(Topic|Organization))-[r:KNOWS|MEMBER_OF]->(m:%) WHERE n.a <> 1 AND m.b != 2 RETURN n',
    `MATCH (n:A${'|A'.repeat(SHAPE_LIMITS.chain - 1)}) RETURN n`,
    `RETURN [n IN [] WHERE n:Person | n.name], ${Array.from({ length: 150 }, () => '[x IN [1] | x]').join(', ')}`,
    // Brackets inside strings and comments are not nesting.
    `RETURN '${'('.repeat(500)}' /* ${'['.repeat(500)} */`,
  ])('lets through %s', (query) => {
    expect(ruleOf(() => checkText(query))).toBeNull();
  });

  it('says where the limit was passed', () => {
    try {
      checkText(`RETURN\n${'('.repeat(50)}1${')'.repeat(50)}`);
      throw new Error('not refused');
    } catch (error) {
      expect((error as QueryRefusedError).extra.position).toMatchObject({ line: 2, column: SHAPE_LIMITS.depth + 1 });
    }
  });
});

describe('checkParams', () => {
  const nest = (n: number): unknown => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };
  it.each<[string, unknown]>([
    ['lists nested 100,000 deep', { x: nest(100_000) }],
    ['maps nested past the limit', { x: JSON.parse(`${'{"a":'.repeat(PARAM_LIMITS.depth + 1)}1${'}'.repeat(PARAM_LIMITS.depth + 1)}`) }],
    ['a very long string', { s: 'x'.repeat(PARAM_LIMITS.stringLength + 1) }],
    ['a very long key', { ['k'.repeat(PARAM_LIMITS.stringLength + 1)]: 1 }],
    ['too many elements', { ids: Array.from({ length: PARAM_LIMITS.elements + 1 }, (_, i) => i) }],
    ['too much text in all', { a: Array.from({ length: 30 }, () => 'y'.repeat(PARAM_LIMITS.stringLength)) }],
  ])('refuses %s as params-too-large', (_label, params) => {
    expect(ruleOf(() => checkParams(params))).toBe('params-too-large');
  });

  it('names the path of the value it refuses', () => {
    expect(() => checkParams({ people: [{ name: 'x'.repeat(PARAM_LIMITS.stringLength + 1) }] })).toThrow(/\$\.params\.people\[0\]\.name/);
  });

  it('lists the refused value as errors[{path, message, code}]', () => {
    const refusal = (params: unknown) => {
      try {
        checkParams(params);
      } catch (error) {
        return (error as QueryRefusedError).issues;
      }
      return undefined;
    };
    expect(refusal({ people: [{ name: 'x'.repeat(PARAM_LIMITS.stringLength + 1) }] })).toEqual([
      { path: '$.params.people[0].name', message: expect.stringMatching(/characters long/), code: 'string-too-long' },
    ]);
    expect(refusal({ m: { 'a b': nest(PARAM_LIMITS.depth) } })).toEqual([
      { path: expect.stringMatching(/^\$\.params\.m\["a b"\](\[0\])+$/), message: expect.any(String), code: 'too-deep' },
    ]);
    expect(refusal({ ids: Array.from({ length: PARAM_LIMITS.elements + 1 }, (_, i) => i) })).toEqual([
      { path: '$.params', message: expect.any(String), code: 'too-many-elements' },
    ]);
  });

  it('lets through ordinary parameters, lists of ids among them', () => {
    expect(
      ruleOf(() =>
        checkParams({ q: 'Patrushev', limit: 10, ids: Array.from({ length: 10_000 }, (_, i) => `id-${i}`), m: { a: [1, { b: null }] } }),
      ),
    ).toBeNull();
    expect(ruleOf(() => checkParams({ x: nest(PARAM_LIMITS.depth - 1) }))).toBeNull();
  });
});

describe('toCypherParams', () => {
  it('sends whole numbers as Cypher integers, at any depth, and leaves the rest alone', () => {
    const out = toCypherParams({ limit: 10, ratio: 0.5, ids: [1, 'a'], nested: { n: 2 }, none: null, flag: true }) as Record<string, any>;
    expect(neo4j.isInt(out.limit)).toBe(true);
    expect(out.ratio).toBe(0.5);
    expect(neo4j.isInt(out.ids[0])).toBe(true);
    expect(out.ids[1]).toBe('a');
    expect(neo4j.isInt(out.nested.n)).toBe(true);
    expect([out.none, out.flag]).toEqual([null, true]);
  });

  it('keeps integers beyond 2^53 as floats rather than rounding them into wrong integers', () => {
    expect(neo4j.isInt(toCypherParams(2 ** 60))).toBe(false);
  });

  it('refuses, rather than overflowing the stack, parameters nested past the limit', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(ruleOf(() => toCypherParams({ deep }))).toBe('params-too-large');
  });
});

describe('console settings', () => {
  it('default to 1,000 rows, 60 queries a minute, 10,000 characters, a 10 s timeout and 2 running per client', () => {
    expect(consoleConfig({})).toEqual({
      LIAISON_QUERY_TIMEOUT_MS: 10_000,
      LIAISON_CYPHER_MAX_ROWS: 1_000,
      LIAISON_CYPHER_RATE_PER_MINUTE: 60,
      LIAISON_CYPHER_MAX_LENGTH: 10_000,
      LIAISON_CONSOLE_PER_CLIENT: 2,
    });
  });

  it('take what the caller gives and ignore the rest of the configuration', () => {
    const config = loadConfig({ LIAISON_CYPHER_MAX_ROWS: '50', LIAISON_CYPHER_RATE_PER_MINUTE: '5', LIAISON_QUERY_TIMEOUT_MS: '2000' });
    expect(consoleConfig(config)).toEqual({
      LIAISON_QUERY_TIMEOUT_MS: 2_000,
      LIAISON_CYPHER_MAX_ROWS: 50,
      LIAISON_CYPHER_RATE_PER_MINUTE: 5,
      LIAISON_CYPHER_MAX_LENGTH: 10_000,
      LIAISON_CONSOLE_PER_CLIENT: 2,
    });
  });

  it('are validated with the rest of the environment', () => {
    expect(() => loadConfig({ LIAISON_CYPHER_MAX_ROWS: '0' })).toThrow(/configuration/);
    expect(() => loadConfig({ LIAISON_CYPHER_RATE_PER_MINUTE: 'many' })).toThrow(/configuration/);
  });
});
