// @name queries/co-attendance
// @description The co-attendance network of an institution's officials: each pair of an official
//   (anyone holding a post there, or a member of it: a party's or group's members, an
//   association's member organisations) and a participant who attended the same meetings, a
//   person or an institution (an organisation taking part in a meeting counts as a person would),
//   with how many and which; a pair of two officials is listed once, and a membership without a
//   title shows as "member". With officialsOnly, only pairs of two officials. Periods as in people-met.
// @library
// @param organization: string — id, name or alias of the institution
// @param officialsOnly: boolean = false — only pairs in which both hold a post at (or are members of) the institution
// @param from: date = null — first day of the period: YYYY, YYYY-MM or YYYY-MM-DD (null: open)
// @param to: date = null — last day of the period, inclusive (null: open)
// @param statuses: string[] = ["held"] — only meetings with these statuses; null: all
WITH date($from) AS windowStart,
     date($to) + CASE size($to) WHEN 4 THEN duration('P1Y') WHEN 7 THEN duration('P1M') ELSE duration('P1D') END AS windowEnd
MATCH (o:Organization)
WHERE o.id = $organization OR toLower(o.name) = toLower($organization)
   OR any(alias IN coalesce(o.aliases, []) WHERE toLower(alias) = toLower($organization))
MATCH (official:Person|Organization)-[post:HOLDS_POST|MEMBER_OF]->(o)
MATCH (official)-[r1:TAKES_PART]->(m:Meeting)<-[r2:TAKES_PART]-(other:Person|Organization)
WHERE other <> official AND ($statuses IS NULL OR m.status IN $statuses)
WITH o, official, post, other, m, r1, r2, windowStart, windowEnd, EXISTS { (other)-[:HOLDS_POST|MEMBER_OF]->(o) } AS otherIsOfficial,
     coalesce(m.endDate, m.date) +
       CASE coalesce(m.endDatePrecision, m.datePrecision) WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END AS meetingEnd
WHERE ((windowStart IS NULL AND windowEnd IS NULL)
       OR (m.date IS NOT NULL AND (windowEnd IS NULL OR m.date < windowEnd) AND (windowStart IS NULL OR meetingEnd > windowStart)))
  AND (NOT $officialsOnly OR otherIsOfficial)
  AND (NOT otherIsOfficial OR official.id < other.id)
WITH o, official, other, otherIsOfficial, m, r1, r2, post
ORDER BY m.date, m.id
WITH o, official, other, otherIsOfficial,
     collect(DISTINCT coalesce(post.title, 'member')) AS posts,
     collect(DISTINCT post) AS postRels,
     collect(DISTINCT m) AS meetings,
     collect(DISTINCT r1) + collect(DISTINCT r2) AS participations
RETURN official, posts, other AS attendedWith, CASE WHEN other:Person THEN 'Person' ELSE 'Organization' END AS attendedWithType,
       otherIsOfficial, size(meetings) AS sharedMeetings,
       [m IN meetings | m.title] AS meetingTitles, meetings, participations, postRels, o AS organization
ORDER BY sharedMeetings DESC, coalesce(official.name, official.id), coalesce(other.name, other.id)
