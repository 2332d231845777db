// @name system/terminate-transactions
// @description Terminates transactions by id: the watchdog's end for a read past its time limit,
//   after system/find-transactions found it.
// @mode autocommit
// @param ids: string[] — transaction ids from SHOW TRANSACTIONS
TERMINATE TRANSACTIONS $ids
YIELD transactionId, message
RETURN transactionId, message
