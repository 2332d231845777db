// @name system/find-transactions
// @description The transactions on this database whose metadata carry a request id: how the
//   executor's watchdog finds a read still running past its time limit (db/executor.ts).
// @mode autocommit
// @param requestId: string — the id the executor put in the transaction's metadata
SHOW TRANSACTIONS YIELD transactionId, metaData, currentQuery
WHERE metaData.requestId = $requestId
RETURN transactionId
