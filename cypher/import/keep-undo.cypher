// @name import/keep-undo
// @description An atomic import about to commit, in its own transaction: its snapshots of the stored
//   facts it changed become (:ImportBefore), kept for history and for reverting the import (see
//   import/drop-undo, which does the same for batched imports in transactions of their own).
// @mode write
// @param importId: string — the import committing
MATCH (u:ImportUndo {_import: $importId})
SET u:ImportBefore
REMOVE u:ImportUndo
RETURN count(u) AS kept
