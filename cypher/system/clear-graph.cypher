// @name system/clear-graph
// @description Deletes every node and relationship, id claims, records and the import journal
//   (Import, ImportUndo) included, in batches (tests, and `npm run reset`). The store's version node
//   (:LiaisonMeta) stays: an empty store is already at the current version, and no migration needs
//   to run on it again.
// @mode autocommit
MATCH (n)
WHERE NOT n:LiaisonMeta
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
