// @name resolve/candidates-restated
// @description Entities of a type that cite one of the given provenance records (the records an
//   import created), so that candidates can be limited to what that import brought or restated. One
//   pass over the type, not one per record.
// @template LABEL: nodeLabel
// @param records: string[] — provenance record ids
MATCH (n:{{LABEL}})
WHERE n.records IS NOT NULL AND any(r IN n.records WHERE r IN $records)
RETURN collect(n.id) AS ids
