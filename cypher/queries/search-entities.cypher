// @name queries/search-entities
// @description Finds entities by name or alias through the full-text index; the query string is a
//   Lucene query built from the user's words (folded, transliterated, fuzzy). Each hit comes with up
//   to two posts held, so that people can be told apart in a list.
// @param q: string — Lucene query over name, title, aliases and searchKeys
// @param types: string[] = null — only these node types (null: all)
// @param limit: integer = 10 — most hits returned
CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score
WHERE $types IS NULL OR any(l IN labels(node) WHERE l IN $types)
WITH node, score
ORDER BY score DESC, node.id
LIMIT $limit
OPTIONAL MATCH (node)-[p:HOLDS_POST]->(o:Organization)
WITH node, score, p, o
ORDER BY p.start DESC
WITH node, score, [x IN collect({title: p.title, organization: o.name}) WHERE x.title IS NOT NULL][0..2] AS posts
RETURN node, score, posts
ORDER BY score DESC, node.id
