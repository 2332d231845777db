// Group nodes: when a node is expanded, the neighbours of one relationship type that are too many
// to draw one by one stand as one node ("322 meetings, 2019–2024") beside it, which opens as a
// list (group-panel.ts). Pure helpers here: which types become groups, the label, what is left.
import type { GraphNode, Schema } from './api';

/**
 * More neighbours of one type than this become a group. Past about twenty, a fan of nodes around
 * the hub is unreadable (labels collide and the layout spreads it over the screen) and a list with
 * a search reads better; below it, drawing them is clearer than a list. It is also under the page
 * size (graph-view PAGE_SIZE), so a grouped type never leaves a "+N more" of its own behind.
 */
export const GROUP_MIN = 20;

/** One group: the hub, the relationship type, how many neighbours it holds and when they are dated. */
export interface GroupInfo {
  owner: string;
  relType: string;
  /** The hub's neighbours through the type (the degree store's count). */
  total: number;
  /** Dated neighbours per year, earliest first (GET /api/nodes/:id/neighbor-dates). */
  byYear: Array<{ year: number; count: number }>;
  /** The hub itself, so that a view whose every type is grouped can still draw it. */
  hub: GraphNode;
}

export const groupKey = (owner: string, relType: string) => `${owner}|${relType}`;
export const groupNodeId = (owner: string, relType: string) => `group:${groupKey(owner, relType)}`;

/** The relationship types to draw as groups: more than GROUP_MIN neighbours, and not grouped already. */
export function typesToGroup(byRelType: Record<string, number>, existing: ReadonlySet<string>): string[] {
  return Object.entries(byRelType)
    .filter(([type, n]) => n > GROUP_MIN && !existing.has(type))
    .map(([type]) => type);
}

const plural = (word: string, n: number) =>
  n === 1 ? word : word === 'person' ? 'people' : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;

/**
 * What the group's members are called: the far end's type when the schema allows one ("meetings"
 * around a person, "people" around … a single type), else the caption for that direction when it
 * is one word ("participants" around a meeting), else the relationship type.
 */
export function memberNoun(schema: Schema, relType: string, hubType: string, n: number): string {
  const spec = schema.relationshipTypes.find((r) => r.type === relType);
  if (!spec) return `${relType} links`;
  const from = spec.from ?? [];
  const to = spec.to ?? [];
  const atFrom = from.includes(hubType);
  const atTo = to.includes(hubType);
  const far = [...new Set([...(atFrom ? to : []), ...(atTo ? from : [])])];
  if (far.length === 1) return plural(far[0]!.toLowerCase(), n);
  const caption = atTo && !atFrom ? spec.reverseCaption : spec.caption;
  if (/^[a-z]+$/i.test(caption)) return plural(caption.toLowerCase(), n);
  return `${relType} links`;
}

/** The type of the group's members when there is one (for the node-type filter), else null. */
export function memberType(schema: Schema, relType: string, hubType: string): string | null {
  const spec = schema.relationshipTypes.find((r) => r.type === relType);
  if (!spec) return null;
  const far = new Set([...(spec.from?.includes(hubType) ? (spec.to ?? []) : []), ...(spec.to?.includes(hubType) ? (spec.from ?? []) : [])]);
  return far.size === 1 ? [...far][0]! : null;
}

/** A year from a stored date ("2019", "2019-06", "2019-06-04"), or null. */
export function yearOf(date: unknown): number | null {
  const m = typeof date === 'string' ? /^(\d{4})/.exec(date) : null;
  return m ? Number(m[1]) : null;
}

/**
 * What the group still holds: its total less the members drawn on the canvas, and the years of
 * those left (a member drawn takes its year's count down with it), so the label's range narrows
 * when the earliest or latest members leave.
 */
export function remainder(
  g: Pick<GroupInfo, 'total' | 'byYear'>,
  drawnDates: ReadonlyArray<unknown>,
): { count: number; byYear: Array<{ year: number; count: number }> } {
  const years = new Map(g.byYear.map((y) => [y.year, y.count]));
  for (const d of drawnDates) {
    const y = yearOf(d);
    if (y !== null && years.has(y)) years.set(y, Math.max(0, years.get(y)! - 1));
  }
  return {
    count: Math.max(0, g.total - drawnDates.length),
    byYear: [...years].filter(([, n]) => n > 0).map(([year, count]) => ({ year, count })),
  };
}

/** "322 meetings, 2019–2024"; "1 meeting, 2021"; without a range when none is dated. */
export function groupLabel(count: number, noun: string, byYear: ReadonlyArray<{ year: number }>): string {
  if (byYear.length === 0) return `${count} ${noun}`;
  const first = byYear[0]!.year;
  const last = byYear[byYear.length - 1]!.year;
  return `${count} ${noun}, ${first === last ? first : `${first}–${last}`}`;
}

/** Lower case without accents, for the list's search: "Yerevan" finds "Yérévan". */
export const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Whether a member matches every word of the search, in its name, aliases, place or date: a test
 * of members already loaded. The group's list no longer searches with it: it asks the server
 * (GET /api/nodes/:id/neighbors with q), which searches all of a hub's members by their search keys.
 */
export function matches(node: GraphNode, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const p = node.properties ?? {};
  const aliases = Array.isArray(p.aliases) ? (p.aliases as unknown[]).map(String) : [];
  const hay = fold([node.name, ...aliases, p.place, p.date, p.country].filter((x) => typeof x === 'string').join(' '));
  return words.every((w) => hay.includes(w));
}
