// @name queries/nodes-by-element-id
// @description Nodes by their element ids: the ends of relationships that a console query returned
//   without their nodes, so that the result's graph can draw every edge it has.
// @param ids: string[] — element ids (elementId(n))
MATCH (n)
WHERE elementId(n) IN $ids
RETURN n
