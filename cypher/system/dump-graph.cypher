// @name system/dump-graph
// @description Every node and relationship with its properties, in a stable order: tests compare
//   two dumps to prove an import changed nothing, and a restart kept everything.
CALL () {
  MATCH (n)
  WITH n ORDER BY coalesce(n.id, elementId(n))
  RETURN collect({id: n.id, labels: labels(n), properties: properties(n)}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WITH a, r, b ORDER BY coalesce(r.id, ''), coalesce(a.id, ''), coalesce(b.id, '')
  RETURN collect({id: r.id, type: type(r), from: a.id, to: b.id, properties: properties(r)}) AS relationships
}
RETURN nodes, relationships
