// @name system/find-transactions
// @description The transactions on this database whose metadata carry a query id (unique to one
//   executor call): how the executor's watchdog finds a read still running past its time limit (db/executor.ts).
// @mode autocommit
// @param queryId: string — the id the executor put in the transaction's metadata
SHOW TRANSACTIONS YIELD transactionId, metaData, currentQuery
WHERE metaData.queryId = $queryId
RETURN transactionId
