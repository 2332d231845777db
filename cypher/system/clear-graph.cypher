// @name system/clear-graph
// @description Deletes every node and relationship, in batches (tests, and `npm run reset`).
// @mode autocommit
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
