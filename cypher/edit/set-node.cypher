// @name edit/set-node
// @description A correction of a node: its properties replaced whole by the corrected set (computed
//   by edit/correct.ts from the stored ones: declared properties in stored form, search keys and
//   records derived again). Labels and id stay. Returns nothing when no node has the id.
// @mode write
// @param id: string — the node's id
// @param props: map — every property the node keeps (id among them)
MATCH (n:Entity {id: $id})
SET n = $props
RETURN n.id AS id
