// @name import/merge-relationships
// @description Creates or merges relationships of one type by id between stored nodes, losing
//   nothing already stored (the same rules as import/merge-nodes, without captions), each after
//   claiming its id in the one id space of nodes and relationships. A row whose endpoints are not
//   stored, or not of the type's endpoint labels, writes nothing and comes back in `missing`; a row
//   whose id is claimed by a node, by another relationship type or by this type between other
//   endpoints writes nothing and comes back in `conflicts` (endpoints compared through the ids a
//   "same" judgement merged away, as the writer maps the rows' endpoints). The stored relationship is found by the
//   type's id index, never by expanding an endpoint's relationships.
// @mode write
// @template TYPE: relationshipType
// @param rows: list — [{id, source, target, props, also, prec, lists, status}] of type TYPE, sorted by id (as for import/merge-nodes)
// @param from: string[] — labels the type may start at
// @param to: string[] — labels the type may end at
// @param importId: string — the import writing them (on the claims it creates, and on undo nodes)
// @param journal: boolean — snapshot stored relationships before their first change by this import
UNWIND $rows AS row
OPTIONAL MATCH (a:Entity {id: row.source})
OPTIONAL MATCH (b:Entity {id: row.target})
WITH row, a, b,
     coalesce(any(l IN labels(a) WHERE l IN $from) AND any(l IN labels(b) WHERE l IN $to), false) AS ends
OPTIONAL CALL (row, a, b, ends) {
  WITH row, a, b
  WHERE ends
  MERGE (claim:IdClaim {factId: row.id})
    ON CREATE SET claim.kind = 'relationship', claim.type = '{{TYPE}}', claim.source = row.source, claim.target = row.target,
                  claim.importId = $importId
  // A claim names the endpoints the relationship was first written with: one of them may since
  // have been merged into another entity (row.source and row.target are canonical already).
  WITH row, a, b, claim
  OPTIONAL MATCH (ms:MergedId {id: claim.source})
  OPTIONAL MATCH (mt:MergedId {id: claim.target})
  WITH row, a, b, claim,
       coalesce(claim.kind = 'relationship' AND claim.type = '{{TYPE}}'
                AND coalesce(ms.canonicalId, claim.source) = row.source
                AND coalesce(mt.canonicalId, claim.target) = row.target, false) AS ours
  OPTIONAL MATCH ()-[r:{{TYPE}} {id: row.id}]->()
    WHERE ours
  CALL (row, a, b, ours, r) {
    WITH row, a, b
    WHERE ours AND r IS NULL
    CREATE (a)-[s:{{TYPE}}]->(b)
    SET s = row.props
  }
  CALL (row, claim, ours, r) {
    WITH row, claim, r
    WHERE ours AND r IS NOT NULL
    WITH row, claim, r,
         [k IN keys(row.also) WHERE r[k] IS NULL] AS absent,
         [k IN keys(row.also)
           WHERE r[k] IS NOT NULL
             AND NOT (r[k] = row.props[k] AND (row.prec[k] IS NULL OR r[row.prec[k]] = row.props[row.prec[k]]))] AS differing
    WITH row, claim, r, absent,
         [k IN differing WHERE NOT row.also[k] IN coalesce(r.alsoStated, []) | row.also[k]] AS alsoNew,
         [l IN [k IN row.lists | {k: k, add: [x IN row.props[k] WHERE NOT x IN coalesce(r[k], [])]}] WHERE size(l.add) > 0] AS lists,
         CASE
           WHEN 'reported' IN [r.citationStatus, row.status] THEN 'reported'
           WHEN 'disputed' IN [r.citationStatus, row.status] THEN 'disputed'
           WHEN 'speculative' IN [r.citationStatus, row.status] THEN 'speculative'
         END AS status
    WHERE size(absent) > 0 OR size(alsoNew) > 0 OR size(lists) > 0 OR coalesce(status, '') <> coalesce(r.citationStatus, '')
    CALL (row, claim, r) {
      WITH row, r
      WHERE $journal AND coalesce(claim.importId <> $importId, true)
      MERGE (u:ImportUndo {_key: $importId + ' ' + row.id})
        ON CREATE SET u += properties(r), u._import = $importId, u._fact = row.id, u._kind = 'relationship',
                      u._type = '{{TYPE}}', u._source = row.source, u._target = row.target
    }
    FOREACH (k IN absent | SET r[k] = row.props[k])
    FOREACH (k IN [k IN absent WHERE row.prec[k] IS NOT NULL] | SET r[row.prec[k]] = row.props[row.prec[k]])
    FOREACH (l IN lists | SET r[l.k] = coalesce(r[l.k], []) + l.add)
    FOREACH (_ IN CASE WHEN size(alsoNew) > 0 THEN [1] ELSE [] END | SET r.alsoStated = coalesce(r.alsoStated, []) + [a IN alsoNew WHERE NOT a IN coalesce(row.props.alsoStated, [])])
    SET r.citationStatus = status
    RETURN sum(size(alsoNew)) AS also
  }
  RETURN claim, ours, r IS NULL AS fresh, also
}
RETURN count(CASE WHEN ours AND fresh THEN 1 END) AS created,
       count(CASE WHEN ours AND NOT fresh THEN 1 END) AS merged,
       sum(coalesce(also, 0)) AS alsoStated,
       collect(CASE WHEN ends AND NOT ours THEN {id: row.id, kind: claim.kind, type: claim.type, source: claim.source, target: claim.target} END) AS conflicts,
       collect(CASE WHEN NOT ends THEN {id: row.id, source: labels(a), target: labels(b)} END) AS missing
