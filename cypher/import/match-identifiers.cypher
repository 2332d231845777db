// @name import/match-identifiers
// @description The identifiers ("scheme:value") of the given entities, for import-time matching:
//   an operator's auto-merge rule may ask for a shared identifier of one scheme.
// @param ids: string[] — entity ids of candidate pairs
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN id, coalesce(n.identifiers, []) AS identifiers
