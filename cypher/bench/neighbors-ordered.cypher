// @name bench/neighbors-ordered
// @description The hub benchmark's anchor: the neighbour page as it was before keyset paging (one
//   ORDER BY over all of the entity's neighbours, then SKIP/LIMIT), to measure what the change saved.
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
