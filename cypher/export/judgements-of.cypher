// @name export/judgements-of
// @description The judgements behind one batch of an export's entities: the ids merged into them
//   ((:MergedId {canonicalId})), and every judgement, live or undone, naming one of them or one of
//   those merged ids as a, b, or the canonical or absorbed entity of a merge.
// @param ids: string[] — ids of exported entities (one batch)
OPTIONAL MATCH (m:MergedId)
WHERE m.canonicalId IN $ids
WITH collect(m) AS merged
WITH merged, $ids + [m IN merged | m.id] AS named
OPTIONAL MATCH (j:Judgement)
WHERE j.a IN named OR j.b IN named OR j.canonicalId IN named OR j.absorbedId IN named
RETURN [m IN merged | {id: m.id, canonicalId: m.canonicalId, judgementId: m.judgementId}] AS merged, collect(j) AS judgements
