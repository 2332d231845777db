// @name edit/citation
// @description One quote citation by id: the fact it supports (id and kind) and its status.
// @mode read
// @param id: string — the citation's id
MATCH (c:Citation {id: $id})
RETURN c.factId AS factId, c.factKind AS factKind, c.status AS status
