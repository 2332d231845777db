// @name queries/find-entities
// @description Finds people, institutions, meetings, topics and sources by name or alias through the
//   full-text index (folded: Aliyev matches Əliyev), to look up the ids other queries take. The text
//   is matched word by word; Lucene's special characters are taken literally.
// @library
// @param text: string — words of a name or alias
// @param types: string[] = null — only these node types (Person, Organization, Country, Meeting, Topic, Source); null: all
// @param limit: integer = 20 — most hits
WITH reduce(s = $text, ch IN ['\\', '+', '-', '&', '|', '!', '(', ')', '{', '}', '[', ']', '^', '"', '~', '*', '?', ':', '/'] | replace(s, ch, '\\' + ch)) AS escaped
CALL db.index.fulltext.queryNodes('entity_names', escaped) YIELD node, score
WHERE $types IS NULL OR any(l IN labels(node) WHERE l IN $types)
RETURN node.id AS id, [l IN labels(node) WHERE l <> 'Entity'][0] AS type, coalesce(node.name, node.title) AS name,
       round(score, 3) AS score, node
ORDER BY score DESC, node.id
LIMIT $limit
