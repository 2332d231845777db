// @name resolve/judgement-get
// @description One judgement by id.
// @param id: string — the judgement's id
MATCH (j:Judgement {id: $id})
RETURN j
