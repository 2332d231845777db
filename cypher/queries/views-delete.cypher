// @name queries/views-delete
// @description Deletes a saved view; `deleted` is 0 when no view has the id.
// @mode write
// @param id: string — the view's id
MATCH (v:SavedView {id: $id})
DELETE v
RETURN count(*) AS deleted
