// @name edit/node-relationship-ids
// @description The ids of every relationship at a node, either direction: what a retraction of
//   the node removes with it (and keeps in its Change's `before`).
// @mode read
// @param id: string — the node's id
MATCH (n:Entity {id: $id})
OPTIONAL MATCH (n)-[r]-(:Entity)
WHERE r.id IS NOT NULL
RETURN collect(DISTINCT r.id) AS ids
