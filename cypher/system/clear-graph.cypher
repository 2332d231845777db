// @name system/clear-graph
// @description Deletes every node and relationship, id claims, records and the import journal
//   (Import, ImportUndo) included, in batches (tests, and `npm run reset`): relationships first, so
//   that deleting a node with many (a Source cited by every record) is no giant transaction. The
//   store's version node (:LiaisonMeta) stays: an empty store is already at the current version,
//   and no migration needs to run on it again.
// @mode autocommit
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
WITH count(*) AS relationships
MATCH (n)
WHERE NOT n:LiaisonMeta
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
