// @name draft/match-names
// @description The entities a drafted article may name: for each name-like span of the text (its
//   Lucene query built from the name keys, as for /api/search), the best few entities of the
//   full-text index with their stored search keys, so that the drafter can check the match word by
//   word against the keys the graph stores.
// @mode read
// @param spans: list — [{span: string, q: string}] the spans and their Lucene queries
// @param perSpan: integer = 5 — most entities per span
UNWIND $spans AS s
CALL (s) {
  CALL db.index.fulltext.queryNodes('entity_names', s.q) YIELD node, score
  WHERE NOT node:Source AND NOT node:Meeting AND NOT node:Topic
  RETURN node, score
  ORDER BY score DESC, node.id
  LIMIT $perSpan
}
RETURN s.span AS span, node.id AS id, [l IN labels(node) WHERE l <> 'Entity'][0] AS type,
  coalesce(node.name, node.title) AS name, coalesce(node.aliases, []) AS aliases,
  coalesce(node.searchKeys, []) AS keys, node.kind AS kind, coalesce(node.country, node.code) AS country, score
