// @name queries/neighbors-seek
// @description The same page as queries/neighbors (same rows, same order), for a hub: instead of
//   reading all of the hub's relationships of the type and sorting them, it reads the type's id
//   index in order from the cursor and keeps the relationships that touch the hub, stopping at the
//   page's end. Its cost grows with (limit × relationships of the type ÷ the hub's degree in it),
//   not with the degree: for a hub that holds a good share of a type, a page costs about what it
//   does for an entity with a few links.
// @template REL: relationshipType
// @param id: string — the entity's id
// @param after: string = "" — the last relationship id of the previous page ("": from the start)
// @param asOf: string|null = null — a day (YYYY-MM-DD): leave out relationships with a period (start/end, i.e. posts)
//   not held on that day; null: all
// @param limit: integer = 51 — rows wanted (the page size plus one, to know whether there are more)
MATCH (n:Entity {id: $id})
MATCH (a)-[r:{{REL}}]->(b)
USING INDEX r:{{REL}}(id)
WHERE r.id > $after
  AND (a = n OR b = n)
  AND ($asOf IS NULL OR (
    (r.start IS NULL OR r.start <= date($asOf))
    AND (r.end IS NULL OR date($asOf) < r.end + CASE r.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END)))
RETURN n, r, CASE WHEN a = n THEN b ELSE a END AS m
ORDER BY r.id
LIMIT $limit
