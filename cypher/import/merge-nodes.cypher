// @name import/merge-nodes
// @description Creates or updates nodes of one type by id, each after claiming its id in the one id
//   space of nodes and relationships. The claim is MERGEd first: its uniqueness constraint makes a
//   concurrent claim of the same id wait for this transaction, then see its claim. A row whose id is
//   claimed by another type or by a relationship writes nothing and comes back in `conflicts`, and
//   the importer rolls the whole transaction back. Every node carries :Entity and its domain label;
//   properties are merged (+=), so re-importing a bundle changes nothing.
// @mode write
// @template LABEL: nodeLabel
// @param rows: list — [{id, props}], all of type LABEL, sorted by id (one lock order for every import)
UNWIND $rows AS row
MERGE (claim:IdClaim {factId: row.id})
  ON CREATE SET claim.kind = 'node', claim.type = '{{LABEL}}'
WITH row, claim, coalesce(claim.kind = 'node' AND claim.type = '{{LABEL}}', false) AS ours
OPTIONAL MATCH (stored:Entity {id: row.id})
WITH row, claim, ours, stored IS NULL AS fresh
FOREACH (_ IN CASE WHEN ours THEN [1] ELSE [] END |
  MERGE (n:Entity {id: row.id})
  SET n:{{LABEL}}
  SET n += row.props)
RETURN count(CASE WHEN ours AND fresh THEN 1 END) AS created,
       collect(CASE WHEN NOT ours THEN {id: row.id, kind: claim.kind, type: claim.type, source: claim.source, target: claim.target} END) AS conflicts
