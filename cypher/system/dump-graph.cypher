// @name system/dump-graph
// @description Every node and relationship with its properties, in a stable order: tests compare
//   two dumps to prove an import changed nothing, and a restart kept everything. Id claims are
//   included (they are part of what an import writes), each under the id it claims, right after
//   the fact that holds it; the store's version node (:LiaisonMeta) is not: it records migrations.
CALL () {
  MATCH (n)
  WHERE NOT n:LiaisonMeta
  WITH n, CASE WHEN n:IdClaim THEN n.factId ELSE n.id END AS id
  ORDER BY coalesce(id, elementId(n)), n:IdClaim
  RETURN collect({id: id, labels: labels(n), properties: properties(n)}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WITH a, r, b ORDER BY coalesce(r.id, ''), coalesce(a.id, ''), coalesce(b.id, '')
  RETURN collect({id: r.id, type: type(r), from: a.id, to: b.id, properties: properties(r)}) AS relationships
}
RETURN nodes, relationships
