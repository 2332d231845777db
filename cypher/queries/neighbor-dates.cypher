// @name queries/neighbor-dates
// @description When an entity's neighbours through one relationship type are dated (a meeting's
//   `date`): how many of them carry a date, per year, for the explorer's group node ("322
//   meetings, 2019–2024") and its mini-timeline. Walks the entity's relationships of the type (its
//   cost grows with that degree), so it is asked once, when a group is drawn, not with every page.
//   One row per year with dated neighbours, earliest first; no row: none is dated (or no entity).
// @template REL: relationshipType
// @param id: string — the entity's id
MATCH (n:Entity {id: $id})-[:{{REL}}]-(m)
USING INDEX n:Entity(id)
WHERE m.date IS NOT NULL
WITH m.date.year AS year, count(DISTINCT m) AS count, min(m.date) AS first, max(m.date) AS last
RETURN year, count, toString(first) AS first, toString(last) AS last
ORDER BY year
