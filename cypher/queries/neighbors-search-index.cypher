// @name queries/neighbors-search-index
// @description The same answer as queries/neighbors-search (the same count, the same page), for a
//   hub: instead of walking all of the hub's relationships of the type, it asks the full-text index
//   for the nodes whose names match the search (the Lucene query of /api/search), keeps those linked
//   to the hub through the type (each checked from the hit's side, Expand(Into)), and tests their
//   search keys as queries/neighbors-search does; the index's hits are a superset of what the key
//   test passes, so the key test alone decides. Its cost grows with the index's hits, not with the
//   hub's degree: the service takes it only when queries/neighbors-search-hits finds fewer hits
//   than the hub has links of the type.
// @template REL: relationshipType
// @param id: string — the entity's id
// @param lucene: string — the Lucene query over the full-text index (names/keys.ts luceneQuery)
// @param groups: list — the required word groups: maps {exact: string[], prefixes: string[]}, all of which must match
// @param stop: string[] — words the full-text analyzer leaves out of the index (never matched)
// @param after: string = "" — the last relationship id of the previous page ("": from the start)
// @param asOf: string|null = null — a day (YYYY-MM-DD): leave out relationships with a period (start/end, i.e. posts)
//   not held on that day; null: all
// @param limit: integer = 101 — rows wanted (the page size plus one, to know whether there are more)
MATCH (n:Entity {id: $id})
CALL db.index.fulltext.queryNodes('entity_names', $lucene) YIELD node AS m
MATCH (n)-[r:{{REL}}]-(m)
WHERE $asOf IS NULL OR (
    (r.start IS NULL OR r.start <= date($asOf))
    AND (r.end IS NULL OR date($asOf) < r.end + CASE r.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END))
WITH n, r, m,
     [w IN reduce(ws = [], k IN coalesce(m.searchKeys, [toLower(coalesce(m.name, m.title, ''))]) | ws + split(k, ' ')) WHERE w <> '' AND NOT w IN $stop] AS words
WHERE all(g IN $groups WHERE any(w IN words WHERE w IN g.exact OR any(p IN g.prefixes WHERE w STARTS WITH p)))
WITH n, r, m
ORDER BY r.id
WITH n, collect({r: r, m: m}) AS hits
RETURN n, size(hits) AS matched, [h IN hits WHERE h.r.id > $after][0..$limit] AS page
