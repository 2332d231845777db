// @name import/any-merged-ids
// @description Whether the store holds any merged-away id at all (a "same" judgement was ever
//   applied): an import maps the ids it reads through import/merged-ids only if so, so that a store
//   without judgements pays nothing for them while the file is validated. The writer maps inside
//   its transactions whatever this says.
MATCH (m:MergedId)
RETURN count(m) > 0 AS any
