// @name edit/change-of-import
// @description The Change an edit's import recorded (POST /api/facts answers its id, for undo).
// @mode read
// @param importId: string — the import's id
MATCH (c:Change {importId: $importId})
RETURN c.id AS id
ORDER BY c.at DESC
LIMIT 1
