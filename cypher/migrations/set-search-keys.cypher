// @name migrations/set-search-keys
// @description Migration step name-keys, part 2: stores the recomputed searchKeys of one page of
//   entities (only those whose keys changed), in one transaction per page.
// @mode write
// @param rows: list — [{id, keys}]
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n.searchKeys = row.keys
RETURN count(n) AS updated
