// @name queries/neighbors
// @description One page of an entity's neighbours in a stable order (relationship type, then the
//   neighbour's date, name and id), so that pages never repeat or skip.
// @param id: string — the entity's id
// @param relTypes: string[] — relationship types to follow
// @param asOf: string|null = null — a day (YYYY-MM-DD): leave out relationships with a period (start/end, i.e. posts)
//   not held on that day; null: all
// @param skip: integer = 0 — neighbours already fetched
// @param limit: integer = 50 — page size
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) IN $relTypes
  AND ($asOf IS NULL OR (
    (r.start IS NULL OR r.start <= date($asOf))
    AND (r.end IS NULL OR date($asOf) < r.end + CASE r.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END)))
WITH n, r, m
ORDER BY type(r), m.date, coalesce(m.name, m.title), m.id, r.id
SKIP $skip
LIMIT $limit
RETURN n, r, m
