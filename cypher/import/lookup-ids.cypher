// @name import/lookup-ids
// @description What the database holds under each of the given ids: the node, if any (its labels),
//   and the id's claim in the one id space of nodes and relationships (kind, type, endpoints). The
//   importer checks references, type changes and id reuse against it before writing, so that the
//   usual problems are reported with their place in the bundle; the write statements check the
//   claims again inside the transaction, which is what holds under concurrent imports. A
//   relationship's endpoints come through the ids a "same" judgement merged away (the entity each
//   names now), as the importer maps the endpoints it reads.
// @param ids: string[] — ids of the bundle's nodes and relationships, and of what it refers to
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (claim:IdClaim {factId: id})
WITH id, n, claim
WHERE n IS NOT NULL OR claim IS NOT NULL
OPTIONAL MATCH (ms:MergedId {id: claim.source})
OPTIONAL MATCH (mt:MergedId {id: claim.target})
RETURN id, labels(n) AS labels, claim.kind AS kind, claim.type AS type, coalesce(ms.canonicalId, claim.source) AS source,
       coalesce(mt.canonicalId, claim.target) AS target
