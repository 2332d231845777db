// @name queries/neighbor-counts
// @description How many neighbours an entity has through each relationship type, so that the
//   client can offer "N more" before fetching them.
// @param id: string — the entity's id
// @param relTypes: string[] — relationship types to follow
// @param asOf: string|null = null — a day (YYYY-MM-DD): leave out relationships with a period (start/end, i.e. posts)
//   not held on that day; null: all
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) IN $relTypes
  AND ($asOf IS NULL OR (
    (r.start IS NULL OR r.start <= date($asOf))
    AND (r.end IS NULL OR date($asOf) < r.end + CASE r.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END)))
RETURN type(r) AS relType, count(r) AS count
ORDER BY relType
