// @name history/get-change
// @description One change by id, with its before and after (GET /api/changes/:id, and the revert).
// @param id: string — a change id
MATCH (c:Change {id: $id})
RETURN c {.*, at: toString(c.at)} AS change
