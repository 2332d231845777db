// @name history/list-changes
// @description Changes newest first (GET /api/changes), filtered by kind, actor (user id or name),
//   subject (a fact id among the change's subjects) and time, keyset-paged by (at, id). Each with its
//   after (JSON), which the server compares with the facts now to say whether it can be reverted;
//   the API leaves it out of lists.
// @param kind: string|null = null — a ChangeKind
// @param by: string|null = null — a user id or a name
// @param subject: string|null = null — a fact id
// @param since: string|null = null — ISO date-time, inclusive
// @param until: string|null = null — ISO date-time, exclusive
// @param cursorAt: string|null = null — the `at` of the last change of the previous page
// @param cursorId: string|null = null — the id of the last change of the previous page
// @param limit: integer = 51 — one more than the page, to tell whether another follows
MATCH (c:Change)
WHERE ($kind IS NULL OR c.kind = $kind)
  AND ($by IS NULL OR c.byId = $by OR c.byName = $by)
  AND ($subject IS NULL OR $subject IN c.subjects)
  AND ($since IS NULL OR c.at >= datetime($since))
  AND ($until IS NULL OR c.at < datetime($until))
  AND ($cursorAt IS NULL OR c.at < datetime($cursorAt) OR (c.at = datetime($cursorAt) AND c.id < $cursorId))
WITH c ORDER BY c.at DESC, c.id DESC LIMIT $limit
RETURN c {.*, at: toString(c.at)} AS change
