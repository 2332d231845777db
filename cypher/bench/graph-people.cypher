// @name bench/graph-people
// @description The hub benchmark's synthetic people (bench/hubs.ts), created in bulk by UNWIND
//   rather than through the import pipeline: only what the explorer reads (labels, id, name).
// @mode autocommit
// @param prefix: string — id prefix of this graph
// @param from: integer — first number
// @param count: integer — how many
UNWIND range($from, $from + $count - 1) AS i
CALL (i) {
  CREATE (:Entity:Person {id: $prefix + 'p' + i, name: 'Person ' + i + ' Petrov' + i, citationStatus: 'reported'})
} IN TRANSACTIONS OF 10000 ROWS
