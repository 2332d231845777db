// @name export/nodes-by-id
// @description The domain nodes with the given ids: an export's nodes, and the Sources behind its
//   citations. Ids that match nothing are simply absent from the answer.
// @param ids: string[] — node ids
MATCH (n:Entity)
WHERE n.id IN $ids
RETURN n
ORDER BY n.id
