// @name queries/post-holders
// @description Who held a post at an institution on a given date, and (unless left out) who was a
//   member of it: a party's or group's members, people or member organisations (MEMBER_OF, listed
//   with link MEMBER_OF and their role as title, "member" when none is given). A post or
//   membership counts when its known span (start and end at their precision: a post taken up in
//   "2019-06" counts from 1 June) overlaps that day; those without a start date count unless
//   includeUndated is false.
// @library
// @param organization: string — id, name or alias of the institution
// @param date: date — the day (or month, or year) asked about: YYYY, YYYY-MM or YYYY-MM-DD
// @param title: string = null — the post's title (or member's role), any case (e.g. Secretary); null: every post
// @param includeUndated: boolean = true — also posts whose start is not known
// @param includeMembers: boolean = true — also members (MEMBER_OF), not only holders of posts
WITH date($date) AS dayStart,
     date($date) + CASE size($date) WHEN 4 THEN duration('P1Y') WHEN 7 THEN duration('P1M') ELSE duration('P1D') END AS dayEnd
MATCH (o:Organization)
WHERE o.id = $organization OR toLower(o.name) = toLower($organization)
   OR any(alias IN coalesce(o.aliases, []) WHERE toLower(alias) = toLower($organization))
MATCH (p:Person|Organization)-[post:HOLDS_POST|MEMBER_OF]->(o)
WHERE (type(post) = 'HOLDS_POST' OR $includeMembers)
  AND ($title IS NULL OR toLower(coalesce(post.title, 'member')) = toLower($title))
  AND (post.start IS NULL OR post.start < dayEnd)
  AND (post.start IS NOT NULL OR $includeUndated)
  AND (post.end IS NULL
       OR post.end + CASE post.endPrecision WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END > dayStart)
RETURN p AS person, coalesce(post.title, 'member') AS title, type(post) AS link, o AS organization,
       left(toString(post.start), CASE post.startPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS start,
       left(toString(post.end), CASE post.endPrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS end,
       post
ORDER BY post.start, coalesce(p.name, p.id)
