// @name queries/views-update
// @description Replaces a saved view's name, description, author and state; createdAt stays, updatedAt
//   is the server time of this change. No row when no view has the id.
// @mode write
// @param id: string — the view's id
// @param name: string — its new name
// @param description: string — its new description, or ''
// @param author: string — who changed it, or ''
// @param updatedAt: string — server time, ISO 8601 UTC
// @param state: string — the view state as JSON text
// @param nodeCount: integer — how many nodes the view places
MATCH (v:SavedView {id: $id})
SET v.name = $name, v.description = $description, v.author = $author,
    v.updatedAt = $updatedAt, v.state = $state, v.nodeCount = $nodeCount
RETURN v
