// @name queries/meetings-between
// @description Meetings that two participants both took part in, oldest first, with the role of
//   each. A participant is a person or an institution (an organisation taking part in a meeting,
//   such as a company meeting a minister), named by id, name or alias (any case); dates are shown
//   at their precision.
// @library
// @param a: string — one person or institution: id, name or alias
// @param b: string — the other person or institution: id, name or alias
// @param statuses: string[] = null — only meetings with these statuses (held, planned, postponed, cancelled); null: all
MATCH (pa:Person|Organization)
WHERE pa.id = $a OR toLower(pa.name) = toLower($a) OR any(alias IN coalesce(pa.aliases, []) WHERE toLower(alias) = toLower($a))
MATCH (pb:Person|Organization)
WHERE pb.id = $b OR toLower(pb.name) = toLower($b) OR any(alias IN coalesce(pb.aliases, []) WHERE toLower(alias) = toLower($b))
MATCH (pa)-[ra:TAKES_PART]->(m:Meeting)<-[rb:TAKES_PART]-(pb)
WHERE pa <> pb AND ($statuses IS NULL OR m.status IN $statuses)
RETURN left(toString(m.date), CASE m.datePrecision WHEN 'year' THEN 4 WHEN 'month' THEN 7 ELSE 10 END) AS date,
       m AS meeting, m.kind AS kind, m.status AS status, m.place AS place,
       pa AS personA, ra.role AS roleA, pb AS personB, rb.role AS roleB,
       ra AS takesPartA, rb AS takesPartB
ORDER BY m.date, m.id
