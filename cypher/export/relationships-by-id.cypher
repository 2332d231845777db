// @name export/relationships-by-id
// @description The relationships with the given ids that touch at least one of the given nodes
//   (relationship ids are unique per type only, so the nodes anchor the look-up on the id index),
//   with both endpoints.
// @param nodeIds: string[] — ids of the exported nodes
// @param edgeIds: string[] — ids of the exported relationships
// @param relTypes: string[] — the domain relationship types
MATCH (a:Entity)-[r]-(:Entity)
WHERE a.id IN $nodeIds AND r.id IN $edgeIds AND type(r) IN $relTypes
WITH DISTINCT r
RETURN r, startNode(r) AS source, endNode(r) AS target
ORDER BY r.id, type(r)
