// @name queries/neighbor-counts
// @description How many neighbours an entity has through each relationship type, so that the
//   client can offer "N more" before fetching them.
// @param id: string — the entity's id
// @param relTypes: string[] — relationship types to follow
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WHERE type(r) IN $relTypes
RETURN type(r) AS relType, count(r) AS count
ORDER BY relType
