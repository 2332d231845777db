// @name queries/source-titles
// @description The titles of the given Sources: the names shown beside a value that another
//   source stated differently ("also stated: AM by …").
// @param ids: string[] — ids of Source nodes
MATCH (s:Source)
WHERE s.id IN $ids
RETURN s.id AS id, s.title AS title
