// @name queries/neighbors-search
// @description An entity's neighbours through one relationship type whose names match a search,
//   for an entity of small degree in the type: walks its relationships of the type and tests each
//   neighbour's search keys (the words of `searchKeys`, or of the lower-cased name or title where a
//   node has none) against the search's required word groups (see neighborSearchTest in
//   graph/service.ts): a group matches when one word equals one of its exact forms or starts with
//   one of its prefixes. Returns how many match in all and one page of them in the order of the
//   relationships' ids after the cursor (the same keyset as queries/neighbors). Its cost grows with
//   the entity's degree in the type; queries/neighbors-search-index serves hubs and gives the same rows.
// @template REL: relationshipType
// @param id: string — the entity's id
// @param groups: list — the required word groups: maps {exact: string[], prefixes: string[]}, all of which must match
// @param stop: string[] — words the full-text analyzer leaves out of the index (never matched)
// @param after: string = "" — the last relationship id of the previous page ("": from the start)
// @param asOf: string|null = null — a day (YYYY-MM-DD): leave out relationships with a period (start/end, i.e. posts)
//   not held on that day; null: all
// @param limit: integer = 101 — rows wanted (the page size plus one, to know whether there are more)
MATCH (n:Entity {id: $id})-[r:{{REL}}]-(m)
USING INDEX n:Entity(id)
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
