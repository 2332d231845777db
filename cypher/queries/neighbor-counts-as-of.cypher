// @name queries/neighbor-counts-as-of
// @description How many neighbours an entity has through each relationship type on a day: posts
//   (relationships with start/end) not held that day are left out. Unlike queries/neighbor-counts,
//   this reads every relationship of the entity (a filtered count cannot come from the degree
//   store), so its cost grows with the degree; only asOf requests run it. No row: no entity has the id.
// @param id: string — the entity's id
// @param relTypes: string[] — relationship types to follow
// @param asOf: string — a day (YYYY-MM-DD)
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-()
WHERE type(r) IN $relTypes
  AND (r.start IS NULL OR r.start <= date($asOf))
    AND (r.end IS NULL OR date($asOf) < r.end + CASE r.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END)
RETURN type(r) AS relType, count(r) AS count
