// @name queries/health
// @description Version and edition of the connected Neo4j, for /api/health.
CALL dbms.components() YIELD name, versions, edition
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version, edition
