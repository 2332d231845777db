// @name import/claimed-ids
// @description Which of the given ids are claimed (by a node or a relationship), as one list: what
//   the writer's fast path asks, inside the batch's transaction, before it creates facts whole. One
//   row with a list rather than a row per id, as the writer needs no more than membership.
// @param ids: string[] — fact ids
UNWIND $ids AS id
MATCH (:IdClaim {factId: id})
RETURN collect(id) AS ids
