// @name import/running-imports
// @description Imports journaled as running, with their heartbeat's age: at start-up, those no
//   process runs any more are rolled back (import/write/journal.ts recoverImports).
MATCH (i:Import)
WHERE i.status = 'running'
RETURN i.id AS id, i.owner AS owner, i.mode AS mode, duration.inSeconds(i.heartbeat, datetime()).seconds * 1000 AS ageMs
ORDER BY i.startedAt
