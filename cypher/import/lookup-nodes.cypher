// @name import/lookup-nodes
// @description The stored type of each of the given ids that exists already; the importer checks
//   references and type changes against it before writing anything.
// @param ids: string[] — node ids to look up
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, labels(n) AS labels
