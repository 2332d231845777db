// @name system/dump-graph
// @description Every node and relationship with its properties, in a stable order: tests compare
//   two dumps to prove an import changed nothing, and a restart kept everything. Id claims and
//   provenance records are included (they are part of what an import writes), each claim under the
//   id it claims, right after the fact that holds it. Left out: the store's version node
//   (:LiaisonMeta, it records migrations), the import journal (:Import, :ImportUndo), the judgements
//   of entity resolution (:Judgement, history like the journal; the MergedIds a merge leaves are
//   state and are dumped), the history of changes (:Change, :ImportBefore), and the id of
//   the import that created a claim, citation or record (importId, always shown as null): two
//   imports of the same data give the same dump, and so does a store migrated from before imports
//   were journaled.
CALL () {
  MATCH (n)
  WHERE NOT (n:LiaisonMeta OR n:Import OR n:ImportUndo OR n:Judgement OR n:Change OR n:ImportBefore)
  WITH n, CASE WHEN n:IdClaim THEN n.factId ELSE n.id END AS id
  ORDER BY coalesce(id, elementId(n)), n:IdClaim
  RETURN collect({id: id, labels: labels(n),
                  properties: CASE WHEN n:IdClaim OR n:Citation OR n:Record THEN n {.*, importId: null} ELSE properties(n) END}) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WITH a, r, b ORDER BY coalesce(r.id, ''), coalesce(a.id, ''), coalesce(b.id, '')
  RETURN collect({id: r.id, type: type(r), from: a.id, to: b.id, properties: properties(r)}) AS relationships
}
RETURN nodes, relationships
