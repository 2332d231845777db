// @name edit/find-sources
// @description Sources whose title (or publisher or URL) contains the words typed, for the evidence
//   picker of the edit forms; newest first. An empty text lists the newest Sources.
// @mode read
// @param q: string — text to look for, lower case
// @param limit: integer = 20 — most Sources returned
MATCH (s:Entity:Source)
WHERE $q = '' OR toLower(coalesce(s.title, '')) CONTAINS $q OR toLower(coalesce(s.publisher, '')) CONTAINS $q
   OR toLower(coalesce(s.url, '')) CONTAINS $q
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.url AS url, toString(s.published) AS published,
       s.publishedPrecision AS publishedPrecision
ORDER BY s.published DESC, s.title
LIMIT $limit
