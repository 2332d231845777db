// @name queries/neighbors
// @description One page of an entity's neighbours through one relationship type, in the order of
//   the relationships' ids, after the last id of the previous page (keyset paging: pages never
//   repeat or skip, and each costs the same wherever it starts). This plan walks the entity's
//   relationships of the type and keeps the first ids: its cost grows with the entity's degree in
//   the type, so it serves entities of small degree; queries/neighbors-seek serves hubs (the
//   service chooses by the counts of queries/neighbor-counts).
// @template REL: relationshipType
// @param id: string — the entity's id
// @param after: string = "" — the last relationship id of the previous page ("": from the start)
// @param asOf: string|null = null — a day (YYYY-MM-DD): leave out relationships with a period (start/end, i.e. posts)
//   not held on that day; null: all
// @param limit: integer = 51 — rows wanted (the page size plus one, to know whether there are more)
MATCH (n:Entity {id: $id})-[r:{{REL}}]-(m)
USING INDEX n:Entity(id)
WHERE r.id > $after
  AND ($asOf IS NULL OR (
    (r.start IS NULL OR r.start <= date($asOf))
    AND (r.end IS NULL OR date($asOf) < r.end + CASE r.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END)))
RETURN n, r, m
ORDER BY r.id
LIMIT $limit
