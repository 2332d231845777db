// @name export/relationships-among
// @description Every relationship of the given types between two of the given nodes: the edges
//   of the subgraph the nodes induce (a neighbourhood export includes the links between its
//   outermost nodes too).
// @param ids: string[] — ids of the exported nodes
// @param relTypes: string[] — relationship types to include
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $relTypes
RETURN r, a AS source, b AS target
ORDER BY r.id, type(r)
