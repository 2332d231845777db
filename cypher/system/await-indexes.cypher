// @name system/await-indexes
// @description Waits until every index (the full-text name index among them) is online, so that
//   the first search after start-up or import sees all data.
// @mode schema
CALL db.awaitIndexes(300)
