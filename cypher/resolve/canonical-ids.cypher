// @name resolve/canonical-ids
// @description The entity each id names now: itself, or the entity a "same" judgement merged it
//   into (merge.ts keeps every MergedId pointing at a live entity, so one step is enough).
// @param ids: list — entity ids, as a client or an import names them
UNWIND $ids AS id
OPTIONAL MATCH (m:MergedId {id: id})
RETURN id, coalesce(m.canonicalId, id) AS canonicalId
