// @name import/merge-nodes
// @description Creates or merges nodes of one type by id, losing nothing already stored, each after
//   claiming its id in the one id space of nodes and relationships. The claim is MERGEd first: its
//   uniqueness constraint makes a concurrent claim of the same id wait for this transaction, then see
//   its claim. A row whose id is claimed by another type or by a relationship writes nothing and comes
//   back in `conflicts`. A new node takes the row's properties whole. A stored node is merged: a
//   scalar it lacks is set (a fuzzy date with its precision), an equal one is left, a different one is
//   kept and the row's value is appended once to alsoStated (row.also holds it as JSON, with its
//   sources; a different caption also becomes an alias); list properties (aliases, identifiers,
//   searchKeys, records, and the alsoStated entries a row brings from an export) become unions (a
//   row's own entry is appended once, even when it brings it too); citationStatus is the stronger of
//   the stored one and the row's. With $journal (batched imports), a stored node this import has not
//   created is copied into an (:ImportUndo) before its first change, so that a rollback can restore
//   it. Re-importing changes nothing.
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{id, props, also, prec, lists, captionKey, status}] of type LABEL, sorted by id: props as stored (the whole new node), also {key: JSON} per scalar, prec {dateKey: precisionKey}, lists [keys of list properties], captionKey (null for a type without aliases)
// @param importId: string — the import writing them (on the claims it creates, and on undo nodes)
// @param journal: boolean — snapshot stored nodes before their first change by this import
UNWIND $rows AS row
MERGE (claim:IdClaim {factId: row.id})
  ON CREATE SET claim.kind = 'node', claim.type = '{{LABEL}}', claim.importId = $importId
WITH row, claim, coalesce(claim.kind = 'node' AND claim.type = '{{LABEL}}', false) AS ours
OPTIONAL MATCH (n:Entity {id: row.id})
  WHERE ours
CALL (row, ours, n) {
  WITH row
  WHERE ours AND n IS NULL
  CREATE (m:Entity:{{LABEL}})
  SET m = row.props
}
CALL (row, claim, ours, n) {
  WITH row, claim, n
  WHERE ours AND n IS NOT NULL
  WITH row, claim, n,
       [k IN keys(row.also) WHERE n[k] IS NULL] AS absent,
       [k IN keys(row.also)
         WHERE n[k] IS NOT NULL
           AND NOT (n[k] = row.props[k] AND (row.prec[k] IS NULL OR n[row.prec[k]] = row.props[row.prec[k]]))] AS differing
  WITH row, claim, n, absent,
       [k IN differing WHERE NOT row.also[k] IN coalesce(n.alsoStated, []) | row.also[k]] AS alsoNew,
       [k IN differing WHERE k = row.captionKey AND NOT row.props[k] IN coalesce(n.aliases, []) | row.props[k]] AS captionNew
  WITH row, claim, n, absent, alsoNew, captionNew,
       [l IN [k IN row.lists | {k: k, add: [x IN row.props[k] WHERE NOT x IN coalesce(n[k], [])]}] WHERE size(l.add) > 0] AS lists,
       CASE
         WHEN 'reported' IN [n.citationStatus, row.status] THEN 'reported'
         WHEN 'disputed' IN [n.citationStatus, row.status] THEN 'disputed'
         WHEN 'speculative' IN [n.citationStatus, row.status] THEN 'speculative'
       END AS status
  WITH row, claim, n, absent, alsoNew, captionNew, lists, status
  WHERE size(absent) > 0 OR size(alsoNew) > 0 OR size(captionNew) > 0 OR size(lists) > 0 OR coalesce(status, '') <> coalesce(n.citationStatus, '')
  CALL (row, claim, n) {
    WITH row, n
    WHERE $journal AND coalesce(claim.importId <> $importId, true)
    MERGE (u:ImportUndo {_key: $importId + ' ' + row.id})
      ON CREATE SET u += properties(n), u._import = $importId, u._fact = row.id, u._kind = 'node'
  }
  FOREACH (k IN absent | SET n[k] = row.props[k])
  FOREACH (k IN [k IN absent WHERE row.prec[k] IS NOT NULL] | SET n[row.prec[k]] = row.props[row.prec[k]])
  FOREACH (l IN lists | SET n[l.k] = coalesce(n[l.k], []) + l.add)
  FOREACH (c IN [c IN captionNew WHERE NOT c IN coalesce(row.props.aliases, [])] | SET n.aliases = coalesce(n.aliases, []) + c)
  FOREACH (_ IN CASE WHEN size(alsoNew) > 0 THEN [1] ELSE [] END | SET n.alsoStated = coalesce(n.alsoStated, []) + [a IN alsoNew WHERE NOT a IN coalesce(row.props.alsoStated, [])])
  SET n.citationStatus = status
  RETURN sum(size(alsoNew)) AS also
}
RETURN count(CASE WHEN ours AND n IS NULL THEN 1 END) AS created,
       count(CASE WHEN ours AND n IS NOT NULL THEN 1 END) AS merged,
       sum(also) AS alsoStated,
       collect(CASE WHEN NOT ours THEN {id: row.id, kind: claim.kind, type: claim.type, source: claim.source, target: claim.target} END) AS conflicts
