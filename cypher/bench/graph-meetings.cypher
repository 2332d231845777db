// @name bench/graph-meetings
// @description The hub benchmark's synthetic meetings (bench/hubs.ts), dated across 2019, created
//   in bulk by UNWIND.
// @mode autocommit
// @param prefix: string — id prefix of this graph
// @param from: integer — first number
// @param count: integer — how many
UNWIND range($from, $from + $count - 1) AS i
CALL (i) {
  CREATE (:Entity:Meeting {id: $prefix + 'm' + i, title: 'Meeting ' + i, kind: 'talks', status: 'held',
          date: date('2019-01-01') + duration({days: i % 365}), datePrecision: 'day', citationStatus: 'reported'})
} IN TRANSACTIONS OF 10000 ROWS
