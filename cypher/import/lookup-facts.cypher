// @name import/lookup-facts
// @description The claims of the given ids in the one id space of nodes and relationships (kind,
//   type, endpoints), by the claims' unique index: what the writer's callers check references,
//   type changes and id reuse against before writing.
// @param ids: string[] — fact ids
UNWIND $ids AS id
MATCH (claim:IdClaim {factId: id})
RETURN id, claim.kind AS kind, claim.type AS type, claim.source AS source, claim.target AS target
