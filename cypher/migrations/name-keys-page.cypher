// @name migrations/name-keys-page
// @description Migration step name-keys, part 1: one page of searchable entities in id order after
//   $after, with the names their searchKeys are computed from (the caption, name or title, and the
//   aliases) and the keys they have now.
// @param labels: string[] — the searchable node labels
// @param after: string — the last id of the previous page ('' for the first)
// @param limit: integer — the page size
MATCH (n:Entity)
WHERE n.id > $after AND any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels] AS types, n.name AS name, n.title AS title,
       coalesce(n.aliases, []) AS aliases, coalesce(n.searchKeys, []) AS keys
ORDER BY n.id
LIMIT $limit
