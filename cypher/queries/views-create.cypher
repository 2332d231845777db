// @name queries/views-create
// @description Stores a saved view: a (:SavedView) node, never an :Entity, so that search, exports,
//   counts and the library's queries of the graph never meet it. The view state is one JSON text.
// @mode write
// @param id: string — the new view's id (the server makes it)
// @param name: string — a name people recognise it by
// @param description: string — what the view shows, or ''
// @param author: string — who saved it (free text), or ''
// @param createdAt: string — server time, ISO 8601 UTC (sorts as text)
// @param state: string — the view state as JSON text
// @param nodeCount: integer — how many nodes the view places
CREATE (v:SavedView {
  id: $id, name: $name, description: $description, author: $author,
  createdAt: $createdAt, updatedAt: $createdAt, state: $state, nodeCount: $nodeCount
})
RETURN v
