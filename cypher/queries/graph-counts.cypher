// @name queries/graph-counts
// @description How many domain nodes, relationships and citations the graph holds.
CALL () { MATCH (n:Entity) RETURN count(n) AS nodes }
CALL () { MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships }
CALL () { MATCH (c:Citation) RETURN count(c) AS citations }
RETURN nodes, relationships, citations
