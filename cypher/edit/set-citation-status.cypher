// @name edit/set-citation-status
// @description Sets one quote citation's status (reported, speculative, disputed); the fact's
//   citationStatus is derived again after it (edit/refresh-citation-status).
// @mode write
// @param id: string — the citation's id
// @param status: string — the new status
MATCH (c:Citation {id: $id})
SET c.status = $status
RETURN c.factId AS factId
