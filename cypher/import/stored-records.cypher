// @name import/stored-records
// @description Which of the given provenance record ids are stored, as the calling transaction sees
//   them (its own writes included): the writer creates the others on its fast path.
// @param ids: string[] — record ids
UNWIND $ids AS id
MATCH (r:Record {id: id})
RETURN collect(id) AS ids
