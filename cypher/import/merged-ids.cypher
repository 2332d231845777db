// @name import/merged-ids
// @description Which of the given ids a "same" judgement merged away, each with the id of the
//   entity that absorbed it (resolve/canonical-ids' answer, less the ids that name themselves): what
//   an import maps the ids of its facts and the endpoints of its relationships through before it
//   claims and writes them, so that restating a merged-away entity restates the canonical one. One
//   row with a list, as import/claimed-ids: the writer asks once per transaction, and nearly every
//   id names itself.
// @param ids: string[] — node ids and relationship endpoints of an import's batch
UNWIND $ids AS id
MATCH (m:MergedId {id: id})
RETURN collect([id, m.canonicalId]) AS pairs
