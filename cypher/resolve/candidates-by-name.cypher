// @name resolve/candidates-by-name
// @description Stored entities of a type found through the full-text name index for each incoming
//   entity's name keys (one Lucene query each, built by candidates.ts from folded, phonetic and
//   fuzzy terms): the blocking of an import's dry run, an index lookup per incoming entity.
// @param queries: list — [{id, q}]: the incoming entity's id and its Lucene query
// @param type: string — the node type the hits must have
// @param perQuery: integer = 25 — most hits read per incoming entity
UNWIND $queries AS query
CALL db.index.fulltext.queryNodes('entity_names', query.q, {limit: $perQuery}) YIELD node
WITH query, node
WHERE $type IN labels(node) AND NOT EXISTS { MATCH (:MergedId {id: node.id}) }
RETURN query.id AS incoming,
       node {.id, .name, .aliases, .identifiers, .country, .nationality, .birthDate, .birthDatePrecision, .kind} AS props
