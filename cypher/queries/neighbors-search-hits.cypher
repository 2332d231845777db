// @name queries/neighbors-search-hits
// @description How many nodes the full-text index finds for a search, counted up to a cap: the
//   service asks it with the hub's degree as the cap, to choose between walking the hub's links
//   (queries/neighbors-search, cost ~ degree) and reading the index's hits
//   (queries/neighbors-search-index, cost ~ hits). Lucene stops collecting at the cap, so the
//   question itself costs at most what the walk would.
// @param lucene: string — the Lucene query over the full-text index (names/keys.ts luceneQuery)
// @param cap: integer — count no further than this
CALL db.index.fulltext.queryNodes('entity_names', $lucene, {limit: $cap}) YIELD node
RETURN count(node) AS hits
