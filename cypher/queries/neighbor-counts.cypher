// @name queries/neighbor-counts
// @description How many neighbours an entity has through each relationship type, and how many
//   relationships of each type the graph holds. Both come from Neo4j's own counts, not from walking
//   the relationships: a COUNT {} of one type with nothing checked on the far end is read from the
//   degree store (GetDegree: constant time at any degree), one with no bound end from the count store.
//   Every domain relationship ends at entities, so no label check is needed. Lists every type of the
//   schema (a unit test keeps it so); no row: no entity has the id.
// @param id: string — the entity's id
MATCH (n:Entity {id: $id})
RETURN {
  HOLDS_POST: COUNT { (n)-[:HOLDS_POST]-() },
  TAKES_PART: COUNT { (n)-[:TAKES_PART]-() },
  HELD_IN: COUNT { (n)-[:HELD_IN]-() },
  CONCERNS: COUNT { (n)-[:CONCERNS]-() },
  PART_OF: COUNT { (n)-[:PART_OF]-() },
  BELONGS_TO: COUNT { (n)-[:BELONGS_TO]-() },
  PUBLISHED_BY: COUNT { (n)-[:PUBLISHED_BY]-() },
  MEMBER_OF: COUNT { (n)-[:MEMBER_OF]-() },
  KNOWS: COUNT { (n)-[:KNOWS]-() }
} AS degrees, {
  HOLDS_POST: COUNT { ()-[:HOLDS_POST]->() },
  TAKES_PART: COUNT { ()-[:TAKES_PART]->() },
  HELD_IN: COUNT { ()-[:HELD_IN]->() },
  CONCERNS: COUNT { ()-[:CONCERNS]->() },
  PART_OF: COUNT { ()-[:PART_OF]->() },
  BELONGS_TO: COUNT { ()-[:BELONGS_TO]->() },
  PUBLISHED_BY: COUNT { ()-[:PUBLISHED_BY]->() },
  MEMBER_OF: COUNT { ()-[:MEMBER_OF]->() },
  KNOWS: COUNT { ()-[:KNOWS]->() }
} AS totals
