// @name queries/views-get
// @description One saved view by its id, state included.
// @param id: string — the view's id
MATCH (v:SavedView {id: $id})
RETURN v
