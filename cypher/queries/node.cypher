// @name queries/node
// @description One entity by id; an id a "same" judgement merged away gives the entity that
//   absorbed it (the caller compares ids to say it was redirected).
// @param id: string — the entity's id, or an id merged into it
OPTIONAL MATCH (m:MergedId {id: $id})
WITH coalesce(m.canonicalId, $id) AS id
MATCH (n:Entity {id: id})
RETURN n
