// Cells that name people and organisations: lists split at separators (never inside parentheses,
// never inside a protected name), each item told apart as a person, an organisation, a post
// ("Chairman of HSBC") or a list label, and people tied to the organisation the cell names with
// them ("James Harding (The Times)", "Murdoch MacLennan, Telegraph", "ITV: Geoff Hill, Tom Bradby").
// Every word list comes from the mapping (names:, split:); nothing here knows a dataset.
import type { NamesSpec, SplitSpec } from './mapping';

export interface PersonItem {
  name: string;
  /** The organisation the cell ties the person to. */
  org?: string;
  /** A post the cell names for the person ("Chairman"), at `org`. */
  post?: string;
}

export interface OrganisationItem {
  name: string;
  kind: string;
  aliases: string[];
}

export interface Participants {
  people: PersonItem[];
  organizations: OrganisationItem[];
  /** List headings ("Social Investment Roundtable:") that name no participant. */
  labels: string[];
  /** Posts the cell names for nobody in particular, dropped. */
  droppedPosts: string[];
}

export interface CompiledNames {
  honorific: RegExp | null;
  suffix: RegExp | null;
  title: RegExp | null;
  givenNames: Set<string> | null;
  personPatterns: RegExp[];
  posts: RegExp[];
  postPrefix: RegExp | null;
  kinds: Array<[string, RegExp]>;
  legalForm: RegExp | null;
  defaultKind: string;
  people: Set<string>;
  organisations: Set<string>;
}

export interface CompiledSplit {
  separators: string[];
  peopleSeparators: string[];
  protect: RegExp[];
  /** One pattern matching any protected name (longest first), or null. */
  protectNames: RegExp | null;
  ignore: RegExp[];
  labels: RegExp[];
  affiliateWithin: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Words as alternatives, longest first so "The Rt Hon" wins over "The". */
const alternatives = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/\s+/g, '\\s+'))
    .join('|');

/** A key to compare names by: case, apostrophe style and spacing ignored. */
export function nameKey(value: string): string {
  return value.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
}

/** Words of company law in many countries: a name with one is a company's, whatever its shape. */
export const LEGAL_FORMS = [
  'Ltd',
  'Limited',
  'plc',
  'Inc',
  'Incorporated',
  'LLP',
  'LLC',
  'GmbH',
  'AG',
  'SA',
  'SAS',
  'SARL',
  'NV',
  'BV',
  'SpA',
  'Srl',
  'Corp',
  'Corporation',
  'AB',
  'ASA',
  'Oy',
  'KK',
];

export function compileNames(spec: NamesSpec): CompiledNames {
  const list = (words?: readonly string[]) => (words && words.length ? words : null);
  const h = list(spec.honorifics);
  const s = list(spec.suffixes);
  const t = list(spec.titles);
  const p = list(spec.postPrefixes);
  const word = (w: readonly string[]) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives(w)})(?![\\p{L}\\p{N}])`, 'iu');
  return {
    honorific: h ? new RegExp(`^(?:${alternatives(h)})(?:\\.|(?=\\s))\\s*`, 'iu') : null,
    suffix: s ? new RegExp(`[\\s,]+(?:${alternatives(s)})\\.?$`, 'iu') : null,
    title: t ? new RegExp(`^(?:${alternatives(t)})\\s+\\S`, 'iu') : null,
    givenNames: spec.givenNames?.length ? new Set(spec.givenNames.map((g) => g.toLowerCase())) : null,
    personPatterns: (spec.personPatterns ?? []).map((r) => new RegExp(r, 'iu')),
    posts: (spec.posts ?? []).map((r) => new RegExp(r, 'iu')),
    postPrefix: p ? new RegExp(`^(${alternatives(p)})(?:\\s+(?:of|at|for|,)\\s*|\\s+)(.+)$`, 'iu') : null,
    kinds: Object.entries(spec.organisationKinds ?? {}).map(([kind, words]) => [kind, word(words)]),
    legalForm: (spec.legalForms ?? LEGAL_FORMS).length ? word(spec.legalForms ?? LEGAL_FORMS) : null,
    defaultKind: spec.defaultKind ?? 'other',
    people: new Set((spec.people ?? []).map(nameKey)),
    organisations: new Set((spec.organisations ?? []).map(nameKey)),
  };
}

export function compileSplit(spec: SplitSpec, base?: SplitSpec): CompiledSplit {
  const pick = <K extends keyof SplitSpec>(k: K) => spec[k] ?? base?.[k];
  return {
    separators: pick('separators') ?? [';', ','],
    peopleSeparators: pick('peopleSeparators') ?? [],
    protect: (pick('protect') ?? []).map((r) => new RegExp(`^(?:${r})`, 'iu')),
    protectNames: pick('protectNames')?.length ? new RegExp(alternatives(pick('protectNames')!), 'giu') : null,
    ignore: (pick('ignore') ?? []).map((r) => new RegExp(`^(?:${r})$`, 'iu')),
    labels: (pick('labels') ?? []).map((r) => new RegExp(r, 'iu')),
    affiliateWithin: pick('affiliateWithin') ?? 3,
  };
}

/** Trims an item and drops joining words and stray punctuation left at its ends ("and HEFCE", "Voscur."). */
function tidy(item: string): string {
  let s = item.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i += 1) {
    const before = s;
    s = s
      .replace(/^(?:and|&)\s+/i, '')
      .replace(/\s+(?:and|&)$/i, '')
      .replace(/^[,;:.\s]+|[,;:\s]+$/g, '')
      // A full stop ends the sentence, not an abbreviation ("Voscur." but "Acme, Inc.", "U.K.").
      .replace(/(?<!\b[A-Z][a-z]{0,3})\.$/, '')
      .trim();
    if (s === before) break;
  }
  // A lone closing or opening parenthesis left over from a split.
  if ((s.match(/\(/g)?.length ?? 0) < (s.match(/\)/g)?.length ?? 0)) s = s.replace(/\)+$/, '').trim();
  return s;
}

/**
 * Splits a cell at the separators, outside parentheses and protected names; a separator followed by
 * text matching a `protect` pattern ("Company, Inc.") does not split.
 */
export function splitItems(text: string, separators: readonly string[], split: CompiledSplit): string[] {
  // Protected names are masked (private-use characters) so their separators are not seen; restored after.
  const masked: string[] = [];
  let work = text;
  if (split.protectNames) {
    work = work.replace(split.protectNames, (m) => {
      masked.push(m);
      return `\uE000${masked.length - 1}\uE001`;
    });
  }
  const seps = [...separators].sort((a, b) => b.length - a.length).map((x) => x.toLowerCase());
  const lower = work.toLowerCase();
  const sameLength = lower.length === work.length;
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  let i = 0;
  while (i < work.length) {
    const c = work[i]!;
    if (c === '(' || c === '[') depth += 1;
    else if ((c === ')' || c === ']') && depth > 0) depth -= 1;
    else if (depth === 0) {
      // Separators compare ignoring case (" AND "); lower-casing rarely changes a string's length
      // ("İ"), and then each candidate is compared on its own.
      const sep = seps.find((x) => (sameLength ? lower.startsWith(x, i) : work.slice(i, i + x.length).toLowerCase() === x));
      if (sep && !split.protect.some((p) => p.test(work.slice(i + sep.length)))) {
        items.push(work.slice(start, i));
        i += sep.length;
        start = i;
        continue;
      }
    }
    i += 1;
  }
  items.push(work.slice(start));
  return items.map((s) => tidy(s.replace(/\uE000(\d+)\uE001/g, (_, n: string) => masked[Number(n)]!))).filter((s) => s.length > 0);
}

type Entry =
  | { kind: 'person'; name: string; org?: string; post?: string; run: number }
  | { kind: 'organization'; name: string; orgKind: string; aliases: string[]; members?: string[] }
  | { kind: 'post'; title: string; org?: string }
  | { kind: 'label'; text: string }
  | { kind: 'ignore' };

/** Drops honorifics and suffixes ("The Rt Hon David Cameron MP" → "David Cameron"); says whether any was there. */
export function stripHonorifics(value: string, names: CompiledNames): { name: string; marked: boolean } {
  let name = value.trim();
  let marked = false;
  for (let i = 0; i < 6; i += 1) {
    const before = name;
    if (names.honorific) name = name.replace(names.honorific, '');
    if (names.suffix) name = name.replace(names.suffix, '');
    name = name.trim();
    if (name === before) break;
    marked = true;
  }
  // "The Lord Strathclyde": the article goes with the title, not the name.
  if (/^the\s/i.test(name) && names.title?.test(name.slice(4))) name = name.slice(4);
  if (names.title?.test(name)) marked = true;
  return { name, marked };
}

const NAME_WORD = /^(?:\p{Lu}[\p{Ll}'’-]*(?:\p{Lu}[\p{Ll}'’-]+)*|\p{Lu}\.?|\p{Lu}\p{Ll}*-\p{Lu}\p{Ll}+)$/u;
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'du', 'la', 'le', 'da', 'di', 'bin', 'al', 'el', 'of', 'st']);

function looksLikePersonName(name: string, names: CompiledNames, marked: boolean): boolean {
  if (!name || /\d|@|\.com\b|&/i.test(name)) return false;
  const words = name.split(' ');
  if (marked) return words.length <= 6 && words.every((w) => NAME_WORD.test(w) || PARTICLES.has(w.toLowerCase()));
  if (words.length < 2 || words.length > 4) return false;
  if (!words.every((w, i) => NAME_WORD.test(w) || (i > 0 && PARTICLES.has(w.toLowerCase())))) return false;
  // All capitals ("IBM UK") is an acronym, not a name.
  if (words.some((w) => w.length > 1 && w === w.toUpperCase())) return false;
  if (names.givenNames && !names.givenNames.has(words[0]!.replace(/\.$/, '').toLowerCase())) return false;
  return true;
}

function organisationKind(name: string, names: CompiledNames): string | undefined {
  for (const [kind, re] of names.kinds) if (re.test(name)) return kind;
  return names.legalForm?.test(name) ? 'company' : undefined;
}

/** One item, no parentheses or joining words considered: what does it name? */
function classifyPlain(item: string, names: CompiledNames, split: CompiledSplit): Entry {
  const key = nameKey(item);
  if (names.people.has(key)) return { kind: 'person', name: stripHonorifics(item, names).name, run: 0 };
  if (names.organisations.has(key)) return org(item, names);
  if (split.ignore.some((r) => r.test(item))) return { kind: 'ignore' };
  if (names.postPrefix) {
    const m = names.postPrefix.exec(item);
    if (m && m[2] && !names.people.has(nameKey(m[2]))) return { kind: 'post', title: m[1]!, org: tidy(m[2]) };
  }
  if (names.posts.some((r) => r.test(item)) && !/\s(?:of|at)\s/i.test(item)) return { kind: 'post', title: item };
  const kind = organisationKind(item, names);
  if (kind) return { kind: 'organization', name: item, orgKind: kind, aliases: [] };
  if (names.personPatterns.some((r) => r.test(item))) return { kind: 'person', name: item, run: 0 };
  const { name, marked } = stripHonorifics(item, names);
  if (looksLikePersonName(name, names, marked)) return { kind: 'person', name, run: 0 };
  return org(item, names);
}

function org(name: string, names: CompiledNames, aliases: string[] = []): Entry {
  return { kind: 'organization', name, orgKind: organisationKind(name, names) ?? names.defaultKind, aliases };
}

const ACRONYM = /^(?=(?:.*\p{Lu}){2})[\p{L}\p{N}&.-]{3,12}$/u;

/**
 * Whether an acronym spells the initials of a name's words: all of them, or the capitalised ones
 * ("CBI" of "Confederation of British Industry", "VDA" of "Verband der Automobilindustrie e. V.").
 */
/** Whether a name reads as a body's rather than a person's: a function word in it, or four words or more. */
function bodyLike(name: string): boolean {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length >= 4 || words.slice(1).some((w) => FUNCTION_WORDS.has(w.toLowerCase()));
}
const FUNCTION_WORDS = new Set([
  'of',
  'for',
  'and',
  '&',
  'the',
  'on',
  'in',
  'de',
  'du',
  'des',
  'der',
  'die',
  'für',
  'und',
  'et',
  'la',
  'le',
  'del',
  'di',
]);

function isInitialsOf(acronym: string, name: string): boolean {
  const letters = acronym.replace(/[^\p{L}]/gu, '').toUpperCase();
  if (letters.length < 2) return false;
  const words = name.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w));
  // Abbreviations at the end ("e. V.", "Ltd.") are no part of the acronym.
  while (words.length > 1 && words[words.length - 1]!.endsWith('.')) words.pop();
  const all = words.map((w) => w[0]!.toUpperCase()).join('');
  const capitalised = words
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w[0]!)
    .join('');
  return all === letters || capitalised === letters;
}

/** An item with parentheses or joining words: "James Harding (The Times)", "The Elders (A, B and C)", "Lord Patten & Mark Thompson". */
function classifyItem(item: string, names: CompiledNames, split: CompiledSplit, run: number): Entry[] {
  if (names.people.has(nameKey(item)) || names.organisations.has(nameKey(item))) return [classifyPlain(item, names, split)];
  const paren = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(item);
  if (paren && paren[1]) {
    const outside = tidy(paren[1]);
    const inside = tidy(paren[2] ?? '');
    const inner = splitItems(inside, [...split.separators, ...split.peopleSeparators], split).map((s) => classifyPlain(s, names, split));
    const outer = classifyPlain(outside, names, split);
    if (inner.length > 0 && inner.every((e) => e.kind === 'person')) {
      if (outer.kind === 'person') return [{ ...outer, run }, ...inner.map((e) => ({ ...(e as { kind: 'person'; name: string }), run }))];
      const o = outer.kind === 'organization' ? outer : (org(outside, names) as Extract<Entry, { kind: 'organization' }>);
      return [o, ...inner.map((e) => ({ kind: 'person' as const, name: (e as { name: string }).name, org: o.name, run }))];
    }
    // "Confederation of British Industry (CBI)": an acronym of the words before it names an
    // organisation, however person-like those words look ("three capitalised words") — when they
    // have a function word or four words or more, as bodies' names do and people's rarely: "John
    // Fitzgerald Kennedy (JFK)" and "Alexandria Ocasio-Cortez (AOC)" stay people.
    if (ACRONYM.test(inside) && isInitialsOf(inside, outside) && bodyLike(outside)) return [org(outside, names, [inside])];
    if (outer.kind === 'person') {
      const e = inner[0];
      if (inner.length === 1 && e?.kind === 'post')
        return [{ ...outer, post: e.title, org: e.org, run }, ...(e.org ? [org(e.org, names)] : [])];
      return [{ ...outer, org: inside, run }, org(inside, names)];
    }
    if (ACRONYM.test(inside) && !inside.includes(' ')) {
      const o = outer.kind === 'organization' ? outer.name : outside;
      return [org(o, names, [inside])];
    }
    return [classifyPlain(item, names, split)];
  }
  if (split.peopleSeparators.length) {
    const parts = splitItems(item, split.peopleSeparators, split);
    if (parts.length > 1) {
      const entries = parts.map((p) => classifyPlain(p, names, split));
      const known = (e: Entry, p: string) =>
        e.kind === 'person' ||
        e.kind === 'ignore' ||
        (e.kind === 'organization' && (names.organisations.has(nameKey(p)) || organisationKind(p, names) !== undefined));
      if (entries.some((e) => e.kind === 'person') && entries.every((e, i) => known(e, parts[i]!))) {
        return entries.map((e) => (e.kind === 'person' ? { ...e, run } : e));
      }
    }
  }
  const e = classifyPlain(item, names, split);
  return [e.kind === 'person' ? { ...e, run } : e];
}

/** Ties people to the organisation next to them and posts to people; collects the participants. */
function resolve(entries: Entry[], names: CompiledNames, split: CompiledSplit, items: number): Participants {
  const out: Participants = { people: [], organizations: [], labels: [], droppedPosts: [] };
  const persons = entries.filter((e): e is Extract<Entry, { kind: 'person' }> => e.kind === 'person');
  const orgs = entries.filter((e): e is Extract<Entry, { kind: 'organization' }> => e.kind === 'organization');
  entries.forEach((e, i) => {
    if (e.kind !== 'organization') return;
    // "Murdoch MacLennan, Telegraph": the people of the item just before take this organisation.
    const prev = entries[i - 1];
    // In a long list a person next to an organisation is more often a guest of their own.
    if (items <= split.affiliateWithin && prev?.kind === 'person' && !prev.org) {
      for (const p of persons) if (p.run === prev.run && !p.org) p.org = e.name;
    }
  });
  entries.forEach((e, i) => {
    if (e.kind !== 'post') return;
    const prev = entries[i - 1];
    const next = entries[i + 1];
    if (e.org) {
      // "Stephen Green, Chairman of HSBC": the post is the person's before it, at that organisation.
      if (prev?.kind === 'person' && !prev.post) {
        prev.post = e.title;
        prev.org = e.org;
      }
      orgs.push(org(e.org, names) as Extract<Entry, { kind: 'organization' }>);
      return;
    }
    // "Secretary General, Organisation of …, Ekmelledin Ihsanoglu": one person, one organisation.
    const holder = next?.kind === 'person' ? next : prev?.kind === 'person' ? prev : persons.length === 1 ? persons[0] : undefined;
    if (holder && !holder.post) {
      holder.post = e.title;
      if (!holder.org && orgs.length === 1) holder.org = orgs[0]!.name;
    } else out.droppedPosts.push(e.title);
  });
  const seenPeople = new Set<string>();
  for (const p of persons) {
    const k = nameKey(p.name);
    if (seenPeople.has(k)) continue;
    seenPeople.add(k);
    out.people.push({ name: p.name, ...(p.org ? { org: p.org } : {}), ...(p.post && p.org ? { post: p.post } : {}) });
    if (p.org && !orgs.some((o) => nameKey(o.name) === nameKey(p.org!)))
      orgs.push(org(p.org, names) as Extract<Entry, { kind: 'organization' }>);
    if (p.post && !p.org) out.droppedPosts.push(p.post);
  }
  const seenOrgs = new Map<string, OrganisationItem>();
  for (const o of orgs) {
    const k = nameKey(o.name);
    const had = seenOrgs.get(k);
    if (had) had.aliases.push(...o.aliases.filter((a) => !had.aliases.includes(a)));
    else seenOrgs.set(k, { name: o.name, kind: o.orgKind, aliases: [...o.aliases] });
  }
  out.organizations = [...seenOrgs.values()];
  for (const e of entries) if (e.kind === 'label') out.labels.push(e.text);
  return out;
}

/** Index of the first ":" outside parentheses that ends a list heading ("ITV: Geoff Hill, …"), or -1. */
function headingColon(cell: string): number {
  let depth = 0;
  for (let i = 0; i < cell.length; i += 1) {
    const c = cell[i];
    if (c === '(') depth += 1;
    else if (c === ')' && depth > 0) depth -= 1;
    else if (c === ':' && depth === 0 && cell[i + 1] !== '/') return i;
  }
  return -1;
}

/** A participants cell: the people and organisations it names and how they belong together. */
export function parseParticipants(cell: string, names: CompiledNames, split: CompiledSplit): Participants {
  const colon = headingColon(cell);
  let items = 0;
  const classifyAll = (text: string, offset: number) => {
    const list = splitItems(text, split.separators, split);
    items += list.length;
    return list.flatMap((item, i) => classifyItem(item, names, split, offset + i + 1));
  };
  if (colon < 0) {
    const entries = classifyAll(cell, 0);
    return resolve(entries, names, split, items);
  }
  const head = cell.slice(0, colon);
  const tail = cell.slice(colon + 1);
  const headEntries = classifyAll(head, 0);
  const tailEntries = classifyAll(tail, 1000);
  const isPerson = (e: Entry) => e.kind === 'person';
  if (tailEntries.length > 0 && tailEntries.every(isPerson) && headEntries.length === 1 && headEntries[0]!.kind !== 'person') {
    // "ITV: Geoff Hill, Michael Jeremy, Tom Bradby" — the heading is their organisation.
    const h = headEntries[0]!;
    const name = h.kind === 'organization' ? h.name : tidy(head);
    const o = org(name, names) as Extract<Entry, { kind: 'organization' }>;
    return resolve([o, ...tailEntries.map((e) => ({ ...(e as Extract<Entry, { kind: 'person' }>), org: name }))], names, split, items);
  }
  if (headEntries.length > 0 && headEntries.every(isPerson) && tailEntries.length === 1 && tailEntries[0]!.kind === 'organization') {
    // "Russell Loebscher, Humphrey Borkum: Johannesburg Stock Exchange".
    const o = tailEntries[0] as Extract<Entry, { kind: 'organization' }>;
    return resolve([o, ...headEntries.map((e) => ({ ...(e as Extract<Entry, { kind: 'person' }>), org: o.name }))], names, split, items);
  }
  const headText = tidy(head);
  const label = split.labels.some((r) => r.test(headText));
  const first: Entry[] = label ? [{ kind: 'label', text: headText }] : headEntries;
  return resolve([...first, ...tailEntries], names, split, items);
}

export interface PersonCell {
  name?: string;
  posts: string[];
  /** Other parts that looked like names: the cell was ambiguous. */
  others: string[];
}

/** A cell naming one person with posts and honorifics: "Prime Minister, The Rt Hon David Cameron MP". */
export function parsePersonCell(cell: string, names: CompiledNames, split: CompiledSplit): PersonCell {
  const parts = splitItems(cell, [','], split);
  const posts: string[] = [];
  const candidates: string[] = [];
  for (const part of parts) {
    if (names.posts.some((r) => r.test(part))) posts.push(part);
    else {
      const { name } = stripHonorifics(part, names);
      if (name) candidates.push(name);
    }
  }
  return { name: candidates[0], posts, others: candidates.slice(1) };
}
