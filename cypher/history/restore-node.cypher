// @name history/restore-node
// @description A revert gives a node back the state a change's before kept: its properties whole
//   (created with its labels and id claim when it is gone). Its citations follow
//   (history/restore-citations).
// @mode write
// @template LABEL: nodeLabel
// @param id: string — the node
// @param props: map — its properties as stored
MERGE (claim:IdClaim {factId: $id})
  ON CREATE SET claim.kind = 'node', claim.type = '{{LABEL}}', claim.importId = null
MERGE (n:Entity {id: $id})
  ON CREATE SET n:{{LABEL}}
SET n = $props
RETURN n.id AS id
