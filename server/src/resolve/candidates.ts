// Candidate pairs: entities that may be one, proposed by blocking (shared name keys, identifiers,
// normalised organisation names, acronyms) and scored with the evidence a reviewer would weigh,
// each piece of it a Reason with its weight. generateCandidates pairs stored entities;
// candidatesFor pairs entities an import has not written yet with stored ones (its dry run).
import { performance } from 'node:perf_hooks';

import type { Executor, NamedTx } from '../db/executor';
import { toJson } from '../db/values';
import { PayloadTooLargeError, TimeoutError } from '../errors';
import { foldName, phoneticKey } from '../names/keys';
import { NODE_TYPES, type NodeLabel } from '../schema/model';
import { orgName, type OrgName } from './org-names';
import { nameSimilarity, personTokens } from './similarity';
import { pairKey, type Candidate, type Reason } from './types';

/** What scoring reads of an entity: its names, identifiers and the facts that tell people apart. */
export interface EntityFeatures {
  id: string;
  type: string;
  name: string;
  aliases: string[];
  /** scheme:value */
  identifiers: string[];
  country?: string | null;
  nationality?: string | null;
  /** YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source. */
  birthDate?: string | null;
  /** Organisation kind (ministry, company, …). */
  kind?: string | null;
  /** Ids of the organisations the entity holds posts at (HOLDS_POST), when read. */
  posts?: string[];
  /** Ids of its neighbours other than meetings and sources, when read (capped). */
  neighbours?: string[];
}

/** Types whose duplicates candidates look for: those named by a `name` (meetings and sources are events and documents). */
export const CANDIDATE_TYPES = (Object.keys(NODE_TYPES) as NodeLabel[]).filter((t) => NODE_TYPES[t].caption === 'name');

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);

/** A stored fuzzy date (a Neo4j Date plus its precision) or a date string, as YYYY[-MM[-DD]]. */
function fuzzyDate(value: unknown, precision: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(typeof value === 'string' ? value : toJson(value));
  if (!/^\d{4}/.test(text)) return null;
  if (precision === 'year') return text.slice(0, 4);
  if (precision === 'month') return text.slice(0, 7);
  return text.slice(0, 10);
}

/** Scoring's view of a node's properties (as stored, or as an import is about to write them). */
export function entityFeatures(nodeProps: Record<string, unknown>, type: string): EntityFeatures {
  const p = nodeProps;
  return {
    id: String(p.id ?? ''),
    type,
    name: str(p.name) ?? str(p.title) ?? '',
    aliases: strs(p.aliases),
    identifiers: strs(p.identifiers),
    country: str(p.country),
    nationality: str(p.nationality),
    birthDate: fuzzyDate(p.birthDate, p.birthDatePrecision),
    kind: str(p.kind),
  };
}

// ---------------------------------------------------------------------------------------------
// Names as scoring compares them, computed once per entity.

interface NameForm {
  raw: string;
  /** foldName(raw) */
  folded: string;
  tokens: string[];
  org?: OrgName;
}

export interface Prepared {
  f: EntityFeatures;
  forms: NameForm[];
  /** How much each word tells names apart among the entities compared (absent: all alike). */
  weight?: (word: string) => number;
  /** How many of the entities compared have names with these initials (absent: one). */
  initialsCount?: (initials: string) => number;
}

/** What scoring may know beyond the two entities: how common each word is among those compared. */
export interface ScoringContext {
  weight?: (word: string) => number;
  initialsCount?: (initials: string) => number;
}

/**
 * What the entities compared say about their names. Word weights from how many of them use a
 * word, (idf / max idf)², so that a word every tenth organisation has ("trust", "community")
 * counts little against a place or a proper name ("Bromley", "Fairbairn"), and a missing proper
 * name costs a pair much more than a missing "Foundation"; and how many share each set of initials.
 */
export function scoringContext(prepared: readonly Prepared[]): Required<ScoringContext> {
  const df = new Map<string, number>();
  const initials = new Map<string, number>();
  for (const p of prepared) {
    const seen = new Set<string>();
    const ini = new Set<string>();
    for (const form of p.forms) {
      for (const w of form.tokens) seen.add(w);
      if (form.org?.initials) ini.add(form.org.initials);
    }
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
    for (const i of ini) initials.set(i, (initials.get(i) ?? 0) + 1);
  }
  const n = prepared.length;
  const max = Math.log(n + 1);
  return {
    weight: (word: string) => {
      const idf = Math.log((n + 1) / ((df.get(word) ?? 0) + 1)) || 0;
      // A word the entities never use (an incoming spelling) counts as a rare one.
      const r = df.has(word) ? idf / max : 1;
      return Math.max(0.05, r * r);
    },
    initialsCount: (i: string) => initials.get(i) ?? 1,
  };
}

const MAX_NAMES = 12;

export function prepare(f: EntityFeatures): Prepared {
  const names = [...new Set([f.name, ...f.aliases].filter(Boolean))].slice(0, MAX_NAMES);
  const forms = names.map((raw): NameForm => {
    const folded = foldName(raw);
    if (f.type === 'Organization') {
      const org = orgName(raw);
      return { raw, folded, tokens: org.tokens, org };
    }
    return { raw, folded, tokens: f.type === 'Person' ? personTokens(raw) : folded.split(' ').filter(Boolean) };
  });
  return { f, forms: forms.filter((x) => x.tokens.length > 0) };
}

/**
 * Blocking keys: two entities are compared only when they share one. Each kind is prefixed so
 * that an acronym never meets a word: id: identifier, n: normalised name (sorted words), p:
 * phonetic skeleton of it, c: organisation name without noise words, a: acronym or initials,
 * i: a person's surname with the initial of a given name, w: one rare word (the block cap drops
 * common ones), x / y: the first / last four letters of each word (a typo spares one of them).
 */
export function blockingKeys(f: EntityFeatures, prepared: Prepared = prepare(f)): string[] {
  const keys = new Set<string>();
  for (const id of f.identifiers) keys.add(`id:${id}`);
  for (const form of prepared.forms) {
    const sorted = [...form.tokens].sort();
    keys.add(`n:${sorted.join(' ')}`);
    keys.add(`p:${sorted.map(phoneticKey).join(' ')}`);
    if (form.tokens.length > 1) keys.add(`n:${form.tokens.join('')}`);
    for (const w of form.tokens) if (w.length >= 4) keys.add(`w:${phoneticKey(w)}`);
    // A typo leaves either the start or the end of each long word as it was.
    if (sorted.some((w) => w.length >= 6)) {
      keys.add(`x:${sorted.map((w) => w.slice(0, 4)).join(' ')}`);
      keys.add(`y:${sorted.map((w) => w.slice(-4)).join(' ')}`);
    }
    if (form.org) {
      keys.add(`c:${form.org.core}`);
      for (const a of form.org.acronyms) keys.add(`a:${a}`);
      if (form.org.initials.length >= 3) keys.add(`a:${form.org.initials}`);
      if (form.org.tokens.length === 1 && form.org.tokens[0]!.length <= 8) keys.add(`a:${form.org.tokens[0]}`);
    }
    if (f.type === 'Person' && form.tokens.length >= 2) {
      const first = form.tokens[0]!;
      const last = form.tokens[form.tokens.length - 1]!;
      // Given names first, or the surname first ("Putin, Vladimir"): both orders.
      if (last.length > 1) keys.add(`i:${phoneticKey(last)} ${first[0]}`);
      if (first.length > 1) keys.add(`i:${phoneticKey(first)} ${last[0]}`);
    }
  }
  return [...keys];
}

// ---------------------------------------------------------------------------------------------
// Scoring.

/** Weights of the reasons, in one place so that a reviewer (and the README) can read them. */
export const WEIGHTS = {
  /** Times the name similarity (0..1). */
  name: 0.85,
  sameName: 0.85,
  sameNormalisedName: 0.82,
  /** Same name apart from "UK", "Group", "International" and the like. */
  sameCoreName: 0.72,
  acronym: 0.72,
  /** An acronym that is the initials of the other name. */
  initials: 0.7,
  sharedIdentifier: 0.9,
  differentIdentifier: -0.45,
  sameCountry: 0.05,
  differentCountry: -0.25,
  sameBirthDate: 0.12,
  sameBirthYear: 0.05,
  differentBirthDate: -0.5,
  sharedPost: 0.1,
  maxSharedPosts: 0.2,
  sharedNeighbour: 0.05,
  maxSharedNeighbours: 0.15,
} as const;

/** The most the graph's context (posts, neighbours) can add: pairs that close to the threshold get their context read. */
export const MAX_CONTEXT_BONUS = WEIGHTS.maxSharedPosts + WEIGHTS.maxSharedNeighbours;

/** Factor for a one-word name of a person against a fuller one. */
const SURNAME_ALONE = 0.6;

const round = (v: number) => Math.round(v * 1000) / 1000;

function schemeOf(identifier: string): string {
  const i = identifier.indexOf(':');
  return i > 0 ? identifier.slice(0, i) : '';
}

/** The name evidence: the best-matching pair of names (or aliases) of the two, as one reason. */
function nameReason(a: Prepared, b: Prepared): Reason | null {
  let best: Reason | null = null;
  const consider = (r: Reason) => {
    if (!best || r.weight > best.weight) best = r;
  };
  const person = a.f.type === 'Person';
  for (const x of a.forms) {
    for (const y of b.forms) {
      if (x.folded === y.folded) {
        consider({ code: 'same_name', detail: `both named "${x.raw}"${x.raw === y.raw ? '' : ` / "${y.raw}"`}`, weight: WEIGHTS.sameName });
        continue;
      }
      if (x.org && y.org) {
        if (x.org.key === y.org.key && x.org.key) {
          consider({
            code: 'same_normalised_name',
            detail: `"${x.raw}" and "${y.raw}" are one name once case, punctuation, "&"/"and", articles, bracketed acronyms and legal suffixes are set aside`,
            weight: WEIGHTS.sameNormalisedName,
          });
          continue;
        }
        if (x.org.core === y.org.core && x.org.core) {
          const extra = [...new Set([...x.org.removed, ...y.org.removed])].join(', ');
          consider({
            code: 'same_core_name',
            detail: `"${x.raw}" and "${y.raw}" differ only by ${extra ? `"${extra}"` : 'suffixes'} (a national arm or group may be its own body)`,
            weight: WEIGHTS.sameCoreName,
          });
        }
        const acr = (o: OrgName, other: OrgName): string | null => {
          for (const a1 of o.acronyms) {
            if (other.acronyms.includes(a1) || other.key === a1) return a1;
          }
          return null;
        };
        const shared = acr(x.org, y.org) ?? acr(y.org, x.org);
        if (shared) consider({ code: 'same_acronym', detail: `both go by ${shared.toUpperCase()}`, weight: WEIGHTS.acronym });
        const ini = (o: OrgName, other: OrgName) =>
          other.initials.length >= 2 && (o.acronyms.includes(other.initials) || (o.tokens.length === 1 && o.key === other.initials));
        if (ini(x.org, y.org) || ini(y.org, x.org)) {
          const [short, long] = ini(x.org, y.org) ? [x, y] : [y, x];
          // BCC is Birmingham City Council, British Chambers of Commerce or Breast Cancer Care: an
          // acronym that several of the names compared share says less.
          const sharing = a.initialsCount?.(long.org!.initials) ?? 1;
          const base = long.org!.initials.length >= 3 ? WEIGHTS.initials : WEIGHTS.initials - 0.2;
          const weight = round(sharing > 2 ? base / Math.sqrt(sharing - 1) : base);
          consider({
            code: 'acronym_of_name',
            detail: `"${short.raw}" is the initials of "${long.raw}"${sharing > 2 ? ` (as of ${sharing - 1} other names)` : ''}`,
            weight,
          });
        }
      }
      const sim = nameSimilarity(x.tokens, y.tokens, { initials: person, ...(a.weight ? { weight: a.weight } : {}) });
      // A surname alone ("Alijew", "Президент Путин") fits every person of that family.
      const alone = person && Math.min(x.tokens.length, y.tokens.length) === 1 && Math.max(x.tokens.length, y.tokens.length) > 1;
      if (alone) sim.score *= SURNAME_ALONE;
      if (sim.score >= 0.5)
        consider({
          code: sim.initials ? 'initials_match' : 'name_similarity',
          detail: `"${x.raw}" and "${y.raw}" ${sim.score.toFixed(2)} alike after transliteration${person ? ' (titles set aside)' : ''}${
            sim.initials ? ', initials standing for given names' : ''
          }`,
          weight: round(WEIGHTS.name * sim.score),
        });
    }
  }
  return best;
}

function dateParts(d: string): string[] {
  return d.split('-');
}

/** Reasons for and against two entities being one, and the score they add up to (0..1). */
export function scorePair(a: EntityFeatures, b: EntityFeatures, context: ScoringContext = {}): { score: number; reasons: Reason[] } {
  const pa = prepare(a);
  if (context.weight) pa.weight = context.weight;
  if (context.initialsCount) pa.initialsCount = context.initialsCount;
  return scorePrepared(pa, prepare(b));
}

function scorePrepared(pa: Prepared, pb: Prepared): { score: number; reasons: Reason[] } {
  const a = pa.f;
  const b = pb.f;
  const reasons: Reason[] = [];
  const name = nameReason(pa, pb);
  if (name) reasons.push(name);

  const shared = a.identifiers.filter((i) => b.identifiers.includes(i));
  if (shared.length > 0)
    reasons.push({ code: 'shared_identifier', detail: `both ${shared.slice(0, 3).join(', ')}`, weight: WEIGHTS.sharedIdentifier });
  const sharedSchemes = new Set(shared.map(schemeOf));
  const schemesB = new Map<string, string>();
  for (const i of b.identifiers) if (!schemesB.has(schemeOf(i))) schemesB.set(schemeOf(i), i);
  for (const i of a.identifiers) {
    const scheme = schemeOf(i);
    const other = schemesB.get(scheme);
    if (scheme && other && !sharedSchemes.has(scheme)) {
      reasons.push({
        code: 'different_identifier',
        detail: `${i} vs ${other}: two ids of one register`,
        weight: WEIGHTS.differentIdentifier,
      });
      sharedSchemes.add(scheme); // once per scheme
    }
  }

  for (const key of ['country', 'nationality'] as const) {
    const x = a[key];
    const y = b[key];
    if (!x || !y) continue;
    if (x === y) reasons.push({ code: `same_${key}`, detail: `${key} ${x} on both`, weight: WEIGHTS.sameCountry });
    else reasons.push({ code: `different_${key}`, detail: `${key} ${x} vs ${y}`, weight: WEIGHTS.differentCountry });
  }

  if (a.birthDate && b.birthDate) {
    const x = dateParts(a.birthDate);
    const y = dateParts(b.birthDate);
    const n = Math.min(x.length, y.length);
    const agree = x.slice(0, n).join('-') === y.slice(0, n).join('-');
    if (!agree)
      reasons.push({ code: 'different_birth_date', detail: `born ${a.birthDate} vs ${b.birthDate}`, weight: WEIGHTS.differentBirthDate });
    else if (n === 3) reasons.push({ code: 'same_birth_date', detail: `both born ${a.birthDate}`, weight: WEIGHTS.sameBirthDate });
    else reasons.push({ code: 'same_birth_year', detail: `both born ${x.slice(0, n).join('-')}`, weight: WEIGHTS.sameBirthYear });
  }

  if (a.posts && b.posts) {
    const both = a.posts.filter((p) => b.posts!.includes(p));
    if (both.length > 0)
      reasons.push({
        code: 'shared_post',
        detail: `both hold posts at ${both.slice(0, 3).join(', ')}${both.length > 3 ? ` and ${both.length - 3} more` : ''}`,
        weight: round(Math.min(WEIGHTS.maxSharedPosts, WEIGHTS.sharedPost * both.length)),
      });
  }
  if (a.neighbours && b.neighbours) {
    const set = new Set(b.neighbours);
    const both = a.neighbours.filter((n) => set.has(n) && n !== a.id && n !== b.id && !(a.posts ?? []).includes(n));
    if (both.length > 0)
      reasons.push({
        code: 'shared_neighbours',
        detail: `${both.length} neighbour${both.length === 1 ? '' : 's'} in common (${both.slice(0, 3).join(', ')})`,
        weight: round(Math.min(WEIGHTS.maxSharedNeighbours, WEIGHTS.sharedNeighbour * both.length)),
      });
  }

  const total = reasons.reduce((s, r) => s + r.weight, 0);
  return { score: round(Math.max(0, Math.min(1, total))), reasons };
}

// ---------------------------------------------------------------------------------------------
// Blocking over stored entities.

export interface GenerateOptions {
  /** One type; absent: every type of CANDIDATE_TYPES, each on its own. */
  type?: string;
  /** Most candidates returned, best first. */
  limit: number;
  /** Only pairs of which at least one side was written (created or restated) by this import. */
  importId?: string;
  /** Only pairs of which one side is one of these entities (found through the name index, not a scan). */
  entityIds?: string[];
  /** Lowest score returned (default DEFAULT_MIN_SCORE). */
  minScore?: number;
  /** Keys shared by more entities than this are too common to block on (default MAX_BLOCK). */
  maxBlock?: number;
  /** Time budget for the whole generation, in ms (default: the executor's read timeout per statement, no overall bound). */
  timeoutMs?: number;
  /** Most entities of a type read (default MAX_ENTITIES); more is refused with a 413. */
  maxEntities?: number;
}

export const DEFAULT_MIN_SCORE = 0.5;
/**
 * Largest block: a key that more entities share than this ("w:asosiation", "a:uk") is skipped, so
 * the pairs compared stay near-linear in the number of entities (at most MAX_BLOCK - 1 per key and entity).
 */
export const MAX_BLOCK = 40;
/** Identifiers are kept in larger blocks: a register id on 200 nodes is a finding in itself. */
const MAX_IDENTIFIER_BLOCK = 200;
export const MAX_ENTITIES = 500_000;
const PAGE = 5_000;
/** Most pairs whose graph context is read (the best by their score without it). */
const MAX_CONTEXT_PAIRS = 5_000;

/** What one run did, for the CLI, the benchmark and the logs. */
export interface GenerateStats {
  entities: number;
  keys: number;
  /** Keys skipped because more entities than maxBlock share them. */
  skippedKeys: number;
  pairsCompared: number;
  ms: number;
}

class Deadline {
  private readonly end: number;
  constructor(private readonly ms: number | undefined) {
    this.end = ms === undefined ? Infinity : performance.now() + ms;
  }
  /** Time left for the next statement; throws when none is left. */
  left(what: string): number | undefined {
    if (this.ms === undefined) return undefined;
    const left = Math.floor(this.end - performance.now());
    if (left <= 0)
      throw new TimeoutError(
        `Finding candidates took longer than ${this.ms / 1000} s (while ${what}) and was stopped; narrow it with type, importId or entity.`,
        { timeoutMs: this.ms },
      );
    return left;
  }
}

async function readTx<T>(executor: Executor, deadline: Deadline, what: string, work: (tx: NamedTx) => Promise<T>): Promise<T> {
  const timeoutMs = deadline.left(what);
  return executor.transaction('read', work, { context: what, ...(timeoutMs !== undefined ? { timeoutMs: Math.max(timeoutMs, 1) } : {}) });
}

async function readEntities(executor: Executor, type: string, deadline: Deadline, maxEntities: number): Promise<EntityFeatures[]> {
  const out: EntityFeatures[] = [];
  let after = '';
  for (;;) {
    const r = await readTx(executor, deadline, `reading ${type} entities`, (tx) =>
      tx.run('resolve/candidates-page', { after, limit: PAGE }, { LABEL: type }),
    );
    for (const rec of r.records) out.push(entityFeatures(rec.get('props') as Record<string, unknown>, type));
    if (out.length > maxEntities)
      throw new PayloadTooLargeError(
        `There are more than ${maxEntities} ${type} entities: too many to pair in one request; narrow it with importId or entity.`,
        { limit: maxEntities },
      );
    if (r.records.length < PAGE) return out;
    after = out[out.length - 1]!.id;
  }
}

/** Graph context (posts, neighbours) for the entities of these pairs, read in one batched statement per 1,000 ids. */
async function addContext(executor: Executor, deadline: Deadline, entities: EntityFeatures[]): Promise<void> {
  const byId = new Map(entities.map((e) => [e.id, e]));
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 1_000) {
    const r = await readTx(executor, deadline, 'reading posts and neighbours', (tx) =>
      tx.run('resolve/candidates-context', { ids: ids.slice(i, i + 1_000), cap: 200 }),
    );
    for (const rec of r.records) {
      const e = byId.get(rec.get('id') as string);
      if (!e) continue;
      e.posts = rec.get('posts') as string[];
      e.neighbours = rec.get('neighbours') as string[];
    }
  }
}

/** The pairs among these keys' keys with a live not_same / unsure judgement. */
async function judgedPairs(executor: Executor, deadline: Deadline, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < keys.length; i += 5_000) {
    const r = await readTx(executor, deadline, 'reading judgements', (tx) =>
      tx.run('resolve/candidates-judged', { pairKeys: keys.slice(i, i + 5_000) }),
    );
    for (const k of (r.records[0]?.get('judged') as string[] | undefined) ?? []) out.add(k);
  }
  return out;
}

/** The entities of a type an import wrote: created by it, or citing a record it created. */
async function importedIds(executor: Executor, deadline: Deadline, importId: string, type: string): Promise<Set<string>> {
  const r = await readTx(executor, deadline, 'reading what the import wrote', async (tx) => {
    const first = (await tx.run('resolve/candidates-import-records', { importId, type })).records[0];
    const created = (first?.get('created') as string[] | undefined) ?? [];
    const records = (first?.get('records') as string[] | undefined) ?? [];
    const restated =
      records.length === 0
        ? []
        : (((await tx.run('resolve/candidates-restated', { records }, { LABEL: type })).records[0]?.get('ids') as string[] | undefined) ??
          []);
    return [...created, ...restated];
  });
  return new Set(r);
}

/**
 * Pairs of entities (indexes into `entities`) that share a blocking key, each once. `focus`:
 * only pairs with at least one side in it. Keys shared by more than maxBlock entities are skipped.
 */
export function blockPairs(
  prepared: Prepared[],
  opts: { maxBlock: number; focus?: (i: number) => boolean },
): { pairs: Array<[number, number]>; keys: number; skippedKeys: number } {
  const blocks = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    for (const k of blockingKeys(p.f, p)) {
      const list = blocks.get(k);
      if (list) {
        // Past the cap the list is only counted, not kept growing.
        if (list.length <= MAX_IDENTIFIER_BLOCK) list.push(i);
      } else blocks.set(k, [i]);
    }
  });
  const seen = new Set<number>();
  const pairs: Array<[number, number]> = [];
  const n = prepared.length;
  let skippedKeys = 0;
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    const cap = key.startsWith('id:') ? MAX_IDENTIFIER_BLOCK : opts.maxBlock;
    if (members.length > cap) {
      skippedKeys++;
      continue;
    }
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x]!;
        const j = members[y]!;
        if (opts.focus && !opts.focus(i) && !opts.focus(j)) continue;
        const code = i < j ? i * n + j : j * n + i;
        if (seen.has(code)) continue;
        seen.add(code);
        pairs.push(i < j ? [i, j] : [j, i]);
      }
    }
  }
  return { pairs, keys: blocks.size, skippedKeys };
}

function toCandidate(a: EntityFeatures, b: EntityFeatures, scored: { score: number; reasons: Reason[] }): Candidate {
  const [x, y] = a.id < b.id ? [a, b] : [b, a];
  return { a: x.id, b: y.id, type: a.type, score: scored.score, reasons: scored.reasons };
}

const byScore = (x: Candidate, y: Candidate) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0);

/** Drops judged pairs, reads the context of the best, rescores them, and returns the best `limit`. */
async function finish(
  executor: Executor,
  deadline: Deadline,
  scored: Array<{ a: Prepared; b: Prepared; score: number }>,
  minScore: number,
  limit: number,
): Promise<Candidate[]> {
  const hopeful = scored.filter((s) => s.score + MAX_CONTEXT_BONUS >= minScore);
  const judged = await judgedPairs(
    executor,
    deadline,
    hopeful.map((s) => pairKey(s.a.f.id, s.b.f.id)),
  );
  const open = hopeful.filter((s) => !judged.has(pairKey(s.a.f.id, s.b.f.id))).sort((x, y) => y.score - x.score);
  const withContext = open.slice(0, MAX_CONTEXT_PAIRS);
  const entities = new Map<string, EntityFeatures>();
  for (const s of withContext) {
    entities.set(s.a.f.id, s.a.f);
    entities.set(s.b.f.id, s.b.f);
  }
  await addContext(executor, deadline, [...entities.values()]);
  const out: Candidate[] = [];
  // Past the best MAX_CONTEXT_PAIRS the pairs keep the score of their names and facts alone.
  for (const s of open) {
    const r = scorePrepared(s.a, s.b);
    if (r.score >= minScore) out.push(toCandidate(s.a.f, s.b.f, r));
  }
  return out.sort(byScore).slice(0, limit);
}

/** Candidate pairs among stored entities (a < b), best first. */
export async function generateCandidates(executor: Executor, opts: GenerateOptions, stats?: GenerateStats): Promise<Candidate[]> {
  const t0 = performance.now();
  const deadline = new Deadline(opts.timeoutMs);
  const minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
  if (opts.entityIds && opts.entityIds.length > 0) return candidatesOfEntities(executor, deadline, opts, minScore);
  const types = opts.type ? [opts.type] : CANDIDATE_TYPES;
  const all: Array<{ a: Prepared; b: Prepared; score: number }> = [];
  const s: GenerateStats = stats ?? { entities: 0, keys: 0, skippedKeys: 0, pairsCompared: 0, ms: 0 };
  for (const type of types) {
    const entities = await readEntities(executor, type, deadline, opts.maxEntities ?? MAX_ENTITIES);
    const focusIds = opts.importId ? await importedIds(executor, deadline, opts.importId, type) : null;
    if (focusIds && focusIds.size === 0) continue;
    const prepared = entities.map((e) => prepare(e));
    const context = scoringContext(prepared);
    for (const p of prepared) Object.assign(p, context);
    const { pairs, keys, skippedKeys } = blockPairs(prepared, {
      maxBlock: opts.maxBlock ?? MAX_BLOCK,
      ...(focusIds ? { focus: (i: number) => focusIds.has(prepared[i]!.f.id) } : {}),
    });
    s.entities += entities.length;
    s.keys += keys;
    s.skippedKeys += skippedKeys;
    s.pairsCompared += pairs.length;
    for (let k = 0; k < pairs.length; k++) {
      if (k % 20_000 === 0) deadline.left('scoring pairs');
      const [i, j] = pairs[k]!;
      const r = scorePrepared(prepared[i]!, prepared[j]!);
      if (r.score + MAX_CONTEXT_BONUS >= minScore) all.push({ a: prepared[i]!, b: prepared[j]!, score: r.score });
    }
  }
  const out = await finish(executor, deadline, all, minScore, opts.limit);
  s.ms = performance.now() - t0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Incoming entities against stored ones, through the indexes.

/** A stored entity that may be the same as an incoming one (not written yet). */
export interface IncomingCandidate extends Candidate {
  /** The id the incoming entity has in the import. */
  incoming: string;
  /** The stored entity's id. */
  stored: string;
}

export interface CandidatesForOptions {
  minScore?: number;
  /** Most stored entities looked at per incoming one (full-text hits), default 25. */
  perEntity?: number;
  /** Most candidates per incoming entity, default 5. */
  maxPerEntity?: number;
  timeoutMs?: number;
}

/**
 * A Lucene query for the stored entities whose names may be this entity's: every significant
 * word of one of its names (exactly, as skeleton, or one edit away), or one of its acronyms. Terms
 * are [a-z0-9] only, so nothing needs escaping.
 */
export function blockingQuery(p: Prepared): string | null {
  const clauses = new Set<string>();
  for (const form of p.forms) {
    const words = form.tokens.filter((w) => w.length >= 2 || p.f.type !== 'Person');
    if (words.length === 0) continue;
    const terms = words.slice(0, 8).map((w) => {
      const phon = phoneticKey(w);
      const alts = [w, phon];
      if (w.length >= 5) alts.push(`${w}~1`);
      // An initial stands for any given name with that letter.
      if (w.length === 1) return `${w}*`;
      return `(${[...new Set(alts)].join(' OR ')})`;
    });
    clauses.add(`(${terms.join(' AND ')})`);
    for (const a of form.org?.acronyms ?? []) clauses.add(a);
    if (form.org && form.org.initials.length >= 3) clauses.add(form.org.initials);
  }
  return clauses.size > 0 ? [...clauses].slice(0, 16).join(' OR ') : null;
}

/** Stored entities found through the indexes for incoming ones, scored, judged pairs left out. */
async function matchIncoming(
  executor: Executor,
  deadline: Deadline,
  incoming: EntityFeatures[],
  opts: CandidatesForOptions & { minScore: number },
): Promise<Array<{ a: Prepared; b: Prepared; score: number }>> {
  const out: Array<{ a: Prepared; b: Prepared; score: number }> = [];
  const byType = new Map<string, Prepared[]>();
  for (const e of incoming) {
    const list = byType.get(e.type) ?? [];
    list.push(prepare(e));
    byType.set(e.type, list);
  }
  for (const [type, list] of byType) {
    if (!(CANDIDATE_TYPES as string[]).includes(type)) continue;
    const hits = new Map<string, Map<string, EntityFeatures>>();
    const add = (incomingId: string, stored: EntityFeatures) => {
      if (stored.id === incomingId) return;
      const m = hits.get(incomingId) ?? new Map<string, EntityFeatures>();
      m.set(stored.id, stored);
      hits.set(incomingId, m);
    };
    for (let i = 0; i < list.length; i += 500) {
      const batch = list.slice(i, i + 500);
      const queries = batch.flatMap((p) => {
        const q = blockingQuery(p);
        return q ? [{ id: p.f.id, q }] : [];
      });
      const identifiers = [...new Set(batch.flatMap((p) => p.f.identifiers))];
      await readTx(executor, deadline, 'finding stored entities like the incoming ones', async (tx) => {
        if (queries.length > 0) {
          const r = await tx.run('resolve/candidates-by-name', { queries, type, perQuery: opts.perEntity ?? 25 });
          for (const rec of r.records)
            add(rec.get('incoming') as string, entityFeatures(rec.get('props') as Record<string, unknown>, type));
        }
        if (identifiers.length > 0) {
          const r = await tx.run('resolve/candidates-by-identifier', { identifiers }, { LABEL: type });
          for (const rec of r.records) {
            const stored = entityFeatures(rec.get('props') as Record<string, unknown>, type);
            for (const p of batch) if (p.f.identifiers.some((x) => stored.identifiers.includes(x))) add(p.f.id, stored);
          }
        }
      });
    }
    const scored: Array<{ a: Prepared; b: Prepared; score: number }> = [];
    for (const p of list) {
      for (const stored of hits.get(p.f.id)?.values() ?? []) {
        const ps = prepare(stored);
        const r = scorePrepared(p, ps);
        if (r.score >= opts.minScore) scored.push({ a: p, b: ps, score: r.score });
      }
    }
    const judged = await judgedPairs(
      executor,
      deadline,
      scored.map((s) => pairKey(s.a.f.id, s.b.f.id)),
    );
    const perEntity = new Map<string, number>();
    for (const s of scored.sort((x, y) => y.score - x.score)) {
      if (judged.has(pairKey(s.a.f.id, s.b.f.id))) continue;
      const n = perEntity.get(s.a.f.id) ?? 0;
      if (n >= (opts.maxPerEntity ?? 5)) continue;
      perEntity.set(s.a.f.id, n + 1);
      out.push(s);
    }
  }
  return out;
}

/**
 * Stored entities that may be the same as entities an import has not written yet: blocked through
 * the full-text name index (one lookup per incoming entity) and one pass over the type for the
 * batch's identifiers, then scored like stored pairs (without graph context: the incoming entities
 * have none yet). The incoming entity's own id is never its candidate; judged pairs are left out.
 */
export async function candidatesFor(
  executor: Executor,
  incoming: EntityFeatures[],
  opts: CandidatesForOptions = {},
): Promise<IncomingCandidate[]> {
  const deadline = new Deadline(opts.timeoutMs);
  const found = await matchIncoming(executor, deadline, incoming, { ...opts, minScore: opts.minScore ?? DEFAULT_MIN_SCORE });
  return found.map((s) => ({ ...toCandidate(s.a.f, s.b.f, scorePrepared(s.a, s.b)), incoming: s.a.f.id, stored: s.b.f.id })).sort(byScore);
}

/** GET /api/candidates?entity=: the candidates of given stored entities, through the indexes like an import's. */
async function candidatesOfEntities(executor: Executor, deadline: Deadline, opts: GenerateOptions, minScore: number): Promise<Candidate[]> {
  const r = await readTx(executor, deadline, 'reading the entities', (tx) =>
    tx.run('resolve/candidates-entities', { ids: opts.entityIds }),
  );
  const features = r.records
    .map((rec) => entityFeatures(rec.get('props') as Record<string, unknown>, rec.get('type') as string))
    .filter((f) => !opts.type || f.type === opts.type);
  const found = await matchIncoming(executor, deadline, features, {
    minScore: Math.max(0, minScore - MAX_CONTEXT_BONUS),
    maxPerEntity: Math.max(opts.limit, 5),
  });
  const pairs = new Map<string, { a: Prepared; b: Prepared; score: number }>();
  for (const s of found) {
    const k = pairKey(s.a.f.id, s.b.f.id);
    if (!pairs.has(k)) pairs.set(k, s);
  }
  return finish(executor, deadline, [...pairs.values()], minScore, opts.limit);
}
