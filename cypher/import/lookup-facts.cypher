// @name import/lookup-facts
// @description The claims of the given ids in the one id space of nodes and relationships (kind,
//   type, endpoints), by the claims' unique index: what the writer's callers check references,
//   type changes and id reuse against before writing. A relationship's endpoints come through the
//   ids a "same" judgement merged away (the entity each names now), as the importer maps the
//   endpoints it reads.
// @param ids: string[] — fact ids
UNWIND $ids AS id
MATCH (claim:IdClaim {factId: id})
OPTIONAL MATCH (ms:MergedId {id: claim.source})
OPTIONAL MATCH (mt:MergedId {id: claim.target})
RETURN id, claim.kind AS kind, claim.type AS type, coalesce(ms.canonicalId, claim.source) AS source,
       coalesce(mt.canonicalId, claim.target) AS target
