// The procedures and functions a console query may call. Everything else is refused, whether or not
// it exists on the server: a plugin installed later (APOC, GDS) adds nothing to the console by itself.

/**
 * Procedures: full-text search, and schema introspection the console's users need to find their
 * way. Left out on purpose: every `dbms.*` procedure (DBMS administration: connections, config,
 * JMX, routing; even dbms.components, whose version /api/health already gives, so that the rule
 * stays "no dbms.* at all"), `db.*` procedures that change state though they run as READ
 * (db.stats.collect/clear, db.clearQueryCaches, db.resampleIndex, db.prepareForReplanning) or block
 * (db.awaitIndex[es]), writers (db.create*, db.createLabel), tx.setMetaData, and db.info (store ids).
 */
export const ALLOWED_PROCEDURES: ReadonlySet<string> = new Set([
  'db.index.fulltext.queryNodes',
  'db.index.fulltext.queryRelationships',
  'db.labels',
  'db.relationshipTypes',
  'db.propertyKeys',
  'db.schema.visualization',
  'db.schema.nodeTypeProperties',
  'db.schema.relTypeProperties',
]);

/**
 * Neo4j 5.26's built-in functions that a query may use: all of them (SHOW FUNCTIONS, isBuiltIn)
 * except those in EXCLUDED_BUILTIN_FUNCTIONS. A test compares this list with the running server's,
 * so an upgrade that adds or removes one is noticed. All are pure: none writes or reaches outside.
 */
export const ALLOWED_FUNCTIONS: readonly string[] = [
  'abs', 'acos', 'all', 'any', 'asin', 'atan', 'atan2', 'avg', 'btrim', 'ceil', 'char_length', 'character_length', 'coalesce', 'collect',
  'cos', 'cot', 'count', 'date', 'date.realtime', 'date.statement', 'date.transaction', 'date.truncate', 'datetime',
  'datetime.fromepoch', 'datetime.fromepochmillis', 'datetime.realtime', 'datetime.statement', 'datetime.transaction',
  'datetime.truncate', 'degrees', 'duration', 'duration.between', 'duration.inDays', 'duration.inMonths', 'duration.inSeconds', 'e',
  'elementId', 'endNode', 'exists', 'exp', 'floor', 'haversin', 'head', 'id', 'isEmpty',
  'isNaN', 'keys', 'labels', 'last', 'left', 'length', 'localdatetime', 'localdatetime.realtime',
  'localdatetime.statement', 'localdatetime.transaction', 'localdatetime.truncate', 'localtime', 'localtime.realtime',
  'localtime.statement', 'localtime.transaction', 'localtime.truncate', 'log', 'log10', 'lower', 'ltrim', 'max', 'min', 'nodes', 'none',
  'normalize', 'nullIf', 'percentileCont', 'percentileDisc', 'pi', 'point', 'point.distance', 'point.withinBBox', 'properties',
  'radians', 'rand', 'randomUUID', 'range', 'reduce', 'relationships', 'replace', 'reverse', 'right', 'round', 'rtrim', 'sign', 'sin',
  'single', 'size', 'split', 'sqrt', 'startNode', 'stdev', 'stdevp', 'substring', 'sum', 'tail', 'tan', 'time', 'time.realtime',
  'time.statement', 'time.transaction', 'time.truncate', 'timestamp', 'toBoolean', 'toBooleanList', 'toBooleanOrNull', 'toFloat',
  'toFloatList', 'toFloatOrNull', 'toInteger', 'toIntegerList', 'toIntegerOrNull', 'toLower', 'toString', 'toStringList',
  'toStringOrNull', 'toUpper', 'trim', 'type', 'upper', 'valueType', 'vector.similarity.cosine', 'vector.similarity.euclidean',
]; // prettier-ignore

/** Built-in functions the console refuses, and why. */
export const EXCLUDED_BUILTIN_FUNCTIONS: Readonly<Record<string, string>> = {
  file: 'it belongs to LOAD CSV, which the console refuses',
  linenumber: 'it belongs to LOAD CSV, which the console refuses',
  'graph.byName': 'it selects another graph of a composite database; the console reads only Liaison’s',
  'graph.byElementId': 'it selects another graph of a composite database; the console reads only Liaison’s',
};

// Built-in function names are case-insensitive in Cypher (COUNT, toupper); procedure names are not,
// but comparing them case-insensitively too can only refuse more, never allow more.
const FUNCTIONS = new Set(ALLOWED_FUNCTIONS.map((f) => f.toLowerCase()));
const PROCEDURES = new Set([...ALLOWED_PROCEDURES].map((p) => p.toLowerCase()));

export const isAllowedFunction = (name: string): boolean => FUNCTIONS.has(name.toLowerCase());
export const isAllowedProcedure = (name: string): boolean => PROCEDURES.has(name.toLowerCase());

/**
 * Words that may stand right before "(" without being a function call: clause and operator keywords,
 * path selectors and modes. Any other name before "(" is a function call and must be allowed.
 */
export const NOT_FUNCTIONS: ReadonlySet<string> = new Set([
  'MATCH', 'OPTIONAL', 'WHERE', 'RETURN', 'WITH', 'UNWIND', 'CALL', 'YIELD', 'ORDER', 'BY', 'SKIP', 'OFFSET', 'LIMIT', 'UNION', 'ALL',
  'DISTINCT', 'AND', 'OR', 'XOR', 'NOT', 'IN', 'IS', 'AS', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'STARTS', 'ENDS', 'CONTAINS', 'ASC',
  'DESC', 'ASCENDING', 'DESCENDING', 'EXISTS', 'COUNT', 'COLLECT', 'SHORTESTPATH', 'ALLSHORTESTPATHS', 'SHORTEST', 'ANY', 'PATH', 'PATHS',
  'GROUP', 'GROUPS', 'REPEATABLE', 'DIFFERENT', 'ELEMENT', 'ELEMENTS', 'RELATIONSHIP', 'RELATIONSHIPS', 'WALK', 'TRAIL', 'ACYCLIC',
  'FINISH', 'FILTER', 'LET', 'NEXT', 'ON', 'FROM', 'TO', 'OF', 'ROWS', 'TRANSACTIONS', 'CONCURRENT', 'ERROR', 'CONTINUE', 'BREAK', 'FAIL',
  'REPORT', 'STATUS', 'FOR', 'NULL', 'TRUE', 'FALSE', 'NFC', 'NFD', 'NFKC', 'NFKD', 'CYPHER', 'EXPLAIN', 'PROFILE', 'USE', 'LOAD', 'CSV',
  'HEADERS', 'FIELDTERMINATOR', 'CREATE', 'MERGE', 'SET', 'DELETE', 'DETACH', 'NODETACH', 'REMOVE', 'FOREACH', 'INSERT', 'DROP', 'SHOW',
  'TERMINATE', 'GRANT', 'DENY', 'REVOKE', 'ALTER', 'START', 'STOP', 'ENABLE', 'RENAME', 'DEALLOCATE', 'REALLOCATE', 'DRYRUN',
]); // prettier-ignore
