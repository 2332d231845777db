// @name migrations/legacy-import
// @description Migration step import-journal, part 1: the journal entry for everything stored
//   before imports were journaled, a committed (:Import {id: 'legacy'}).
// @mode write
MERGE (i:Import {id: 'legacy'})
  ON CREATE SET i.status = 'committed',
                i.mode = 'legacy',
                i.description = 'facts stored before imports were journaled',
                i.startedAt = datetime(),
                i.finishedAt = datetime()
