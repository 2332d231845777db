// @name queries/paths-elements
// @description The nodes and relationships of the paths a search chose, by the element ids it saw
//   them under (a direct seek, whatever their label or type).
// @param nodeIds: string[] — element ids of the nodes
// @param relIds: string[] — element ids of the relationships
OPTIONAL MATCH (n)
WHERE elementId(n) IN $nodeIds
WITH collect(n) AS nodes
OPTIONAL MATCH ()-[r]->()
WHERE elementId(r) IN $relIds
RETURN nodes, collect(r) AS rels
