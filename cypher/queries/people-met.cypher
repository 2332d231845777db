// @name queries/people-met
// @description Everyone who took part in a meeting together with a person (or an institution),
//   within a period: one row per participant met, people and institutions alike (an organisation
//   that takes part in a meeting, such as a company at a minister's meeting, counts as a person
//   would), with its type and how often, when and where. A meeting counts when its date, at its
//   precision (a meeting dated only "2019" spans the year), overlaps the period; undated meetings
//   count only when no period is given.
// @library
// @param person: string — id, name or alias of the person (or institution)
// @param from: date = null — first day of the period: YYYY, YYYY-MM or YYYY-MM-DD (null: open)
// @param to: date = null — last day of the period, inclusive: "2019-09" runs to 30 September (null: open)
// @param statuses: string[] = ["held"] — only meetings with these statuses; null: all (planned and postponed too)
WITH date($from) AS windowStart,
     date($to) + CASE size($to) WHEN 4 THEN duration('P1Y') WHEN 7 THEN duration('P1M') ELSE duration('P1D') END AS windowEnd
MATCH (x:Person|Organization)
WHERE x.id = $person OR toLower(x.name) = toLower($person)
   OR any(alias IN coalesce(x.aliases, []) WHERE toLower(alias) = toLower($person))
MATCH (x)-[rx:TAKES_PART]->(m:Meeting)<-[ro:TAKES_PART]-(other:Person|Organization)
WHERE other <> x AND ($statuses IS NULL OR m.status IN $statuses)
WITH x, rx, m, ro, other, windowStart, windowEnd,
     coalesce(m.endDate, m.date) +
       CASE coalesce(m.endDatePrecision, m.datePrecision) WHEN 'year' THEN duration('P1Y') WHEN 'month' THEN duration('P1M') ELSE duration('P1D') END AS meetingEnd
WHERE (windowStart IS NULL AND windowEnd IS NULL)
   OR (m.date IS NOT NULL AND (windowEnd IS NULL OR m.date < windowEnd) AND (windowStart IS NULL OR meetingEnd > windowStart))
WITH x, other, m, rx, ro
ORDER BY m.date, m.id
WITH x, other,
     collect(DISTINCT m) AS meetings,
     collect(DISTINCT left(toString(m.date), CASE m.datePrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END)) AS dates,
     collect(DISTINCT m.place) AS places,
     collect(DISTINCT rx) + collect(DISTINCT ro) AS participations
RETURN other AS person, CASE WHEN other:Person THEN 'Person' ELSE 'Organization' END AS type,
       size(meetings) AS meetingCount, dates, places, meetings, x AS met, participations
ORDER BY meetingCount DESC, coalesce(other.name, other.id)
