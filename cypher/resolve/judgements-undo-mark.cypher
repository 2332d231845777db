// @name resolve/judgements-undo-mark
// @description Marks judgements undone (history only from now on).
// @mode write
// @param ids: string[] — the judgements undone
// @param at: string — ISO 8601 instant
UNWIND $ids AS id
MATCH (j:Judgement {id: id})
SET j.undoneAt = $at
RETURN j
