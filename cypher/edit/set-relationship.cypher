// @name edit/set-relationship
// @description A correction of a relationship: its properties replaced whole by the corrected set
//   (edit/correct.ts). Found through its id claim, which names its ends. Type and ends stay.
// @mode write
// @param id: string — the relationship's id
// @param props: map — every property the relationship keeps (id among them)
MATCH (claim:IdClaim {factId: $id, kind: 'relationship'})
MATCH (:Entity {id: claim.source})-[r]->(:Entity {id: claim.target})
WHERE r.id = $id AND type(r) = claim.type
SET r = $props
RETURN r.id AS id
