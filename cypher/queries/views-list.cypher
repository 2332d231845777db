// @name queries/views-list
// @description Saved views, newest first, one page after a keyset cursor (createdAt, id), without
//   their states; and how many there are in all.
// @param afterCreatedAt: string = null — createdAt of the last view of the previous page
// @param afterId: string = null — id of the last view of the previous page
// @param limit: integer = 20 — page size (one more is read to tell whether another page follows)
CALL () { MATCH (v:SavedView) RETURN count(v) AS total }
CALL () {
  MATCH (v:SavedView)
  WHERE $afterCreatedAt IS NULL OR v.createdAt < $afterCreatedAt OR (v.createdAt = $afterCreatedAt AND v.id < $afterId)
  WITH v ORDER BY v.createdAt DESC, v.id DESC LIMIT $limit
  RETURN collect(v {.id, .name, .description, .author, .createdAt, .updatedAt, .nodeCount}) AS views
}
RETURN total, views
