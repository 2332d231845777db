// Import-time matching (`--match review|auto`): once an import's facts are committed, the
// candidate pairs between what it brought and the stored graph (resolve/candidates.ts, limited to
// the import); with `auto`, the pairs an operator's rule accepts (match-rules.ts: by default a
// shared identifier of one scheme, never with evidence against) are merged by a "same" judgement
// by "import", each in its own transaction; the rest wait in the review queue
// (GET /api/candidates?importId=…). A dry run pairs the file's entities, not yet written, with the
// stored ones (candidatesFor) and says how many would merge and how many would wait.
//
// A merge that fails (an import started meanwhile, an entity deleted, the database away) is rolled
// back alone: the import stays committed, the pair is not judged, so it stays in the review queue,
// and the report lists it with the error. Matching that fails as a whole (candidates timed out)
// leaves the import as it is too, and the report says so.
import type { Executor } from '../../db/executor';
import { LiaisonError } from '../../errors';
import { log } from '../../log';
import { canonicalIds } from '../../resolve/canonical';
import { candidatesFor, entityFeatures, generateCandidates, type EntityFeatures } from '../../resolve/candidates';
import { judge, type JudgeInput } from '../../resolve/judgements';
import { pairKey, type Candidate, type Judgement } from '../../resolve/types';
import { NODE_TYPES, type NodeLabel } from '../../schema/model';
import { DEFAULT_AUTO_MERGE, describeRule, ruleFor, type AutoMergeRule, type MatchMode } from './match-rules';

/** Pairs listed in the report per kind (merged, awaiting review, failed); the counts cover all. */
export const MATCH_PAIRS_SHOWN = 20;
/** Most candidate pairs one import considers (best first); more wait for GET /api/candidates. */
export const MATCH_MAX_PAIRS = 10_000;
/** Most entities of a file a dry run pairs with the stored graph. */
export const MATCH_MAX_INCOMING = 50_000;
/** Time candidate generation may take for one import. */
export const MATCH_TIMEOUT_MS = 120_000;

export interface MatchOptions {
  mode: MatchMode;
  /** auto's rules (default DEFAULT_AUTO_MERGE: a shared identifier of one scheme). */
  rules?: readonly AutoMergeRule[];
}

/** One candidate pair as the report lists it. */
export interface MatchPair {
  a: string;
  b: string;
  type: string;
  score: number;
  reasons: Candidate['reasons'];
  /** auto: the rule that merged it (or would). */
  rule?: string;
  /** Merged: the judgement, and the id that stays. */
  judgementId?: string;
  canonicalId?: string;
  /** A merge that failed: why (the pair stays in the review queue). */
  error?: string;
}

/** What matching did (or, in a dry run, would do); ImportReport.matching. */
export interface MatchReport {
  mode: 'review' | 'auto';
  dryRun: boolean;
  /** Candidate pairs found between what the import brought and the stored graph. */
  candidates: number;
  /** Merged by a "same" judgement by "import" (dry run: would be). */
  merged: number;
  /** Left to a reviewer (dry run: would be). */
  awaitingReview: number;
  /** Merges that failed: not judged, so in the review queue too (counted in awaitingReview). */
  failed: number;
  /** auto's rules, in words. */
  rules: string[];
  merges: MatchPair[];
  review: MatchPair[];
  failures: MatchPair[];
  /** Where the queue is served (after a real import). */
  reviewQueue: string | null;
  /** Dry run: the file's entities paired with the stored graph (at most MATCH_MAX_INCOMING). */
  incoming?: number;
  /** Set when matching itself could not run; the import is unaffected. */
  error?: string;
}

export type JudgeFn = (executor: Executor, input: JudgeInput) => Promise<Judgement>;

let judgeFn: JudgeFn = judge;

/** For tests: the judge import-time matching merges through (null: the real one). */
export function setMatchJudge(fn: JudgeFn | null): void {
  judgeFn = fn ?? judge;
}

const isCandidateType = (type: string) => type in NODE_TYPES && NODE_TYPES[type as NodeLabel].caption === 'name';

/** The entities a file brings, as scoring sees them, for a dry run: one per id, names and identifiers united. */
export class IncomingEntities {
  private readonly byId = new Map<string, EntityFeatures>();
  /** Entities left out past MATCH_MAX_INCOMING. */
  dropped = 0;

  constructor(private readonly limit = MATCH_MAX_INCOMING) {}

  add(node: { id: string; type: string; properties: Record<string, unknown> }): void {
    if (!isCandidateType(node.type)) return;
    const f = entityFeatures({ ...node.properties, id: node.id }, node.type);
    const had = this.byId.get(node.id);
    if (had) {
      const union = (x: string[], y: string[]) => [...new Set([...x, ...y])];
      had.aliases = union(had.aliases, f.name && f.name !== had.name ? [...f.aliases, f.name] : f.aliases);
      had.identifiers = union(had.identifiers, f.identifiers);
      return;
    }
    if (this.byId.size >= this.limit) {
      this.dropped++;
      return;
    }
    this.byId.set(node.id, f);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): EntityFeatures[] {
    return [...this.byId.values()];
  }
}

function emptyReport(mode: 'review' | 'auto', dryRun: boolean, rules: readonly AutoMergeRule[]): MatchReport {
  return {
    mode,
    dryRun,
    candidates: 0,
    merged: 0,
    awaitingReview: 0,
    failed: 0,
    rules: mode === 'auto' ? rules.map(describeRule) : [],
    merges: [],
    review: [],
    failures: [],
    reviewQueue: null,
  };
}

const toPair = (c: Candidate): MatchPair => ({ a: c.a, b: c.b, type: c.type, score: c.score, reasons: c.reasons });

function push(list: MatchPair[], pair: MatchPair): void {
  if (list.length < MATCH_PAIRS_SHOWN) list.push(pair);
}

/** The identifiers of stored entities (one statement per 5,000 ids). */
async function storedIdentifiers(executor: Executor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const all = [...new Set(ids)];
  for (let i = 0; i < all.length; i += 5_000) {
    const r = await executor.read('import/match-identifiers', { ids: all.slice(i, i + 5_000) });
    for (const rec of r.records) out.set(rec.get('id') as string, rec.get('identifiers') as string[]);
  }
  return out;
}

const shared = (x: readonly string[] = [], y: readonly string[] = []) => x.filter((i) => y.includes(i));

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * After a committed import: its candidates, and with `auto` the merges the rules allow. Never
 * throws: what could not be done is in the report.
 */
export async function matchImported(executor: Executor, importIds: readonly string[], o: MatchOptions): Promise<MatchReport | undefined> {
  if (o.mode === 'off') return undefined;
  const rules = o.rules ?? DEFAULT_AUTO_MERGE;
  const report = emptyReport(o.mode, false, rules);
  report.reviewQueue = importIds.length === 1 ? `/api/candidates?importId=${encodeURIComponent(importIds[0]!)}` : null;
  let candidates: Candidate[];
  try {
    const byPair = new Map<string, Candidate>();
    for (const importId of importIds)
      for (const c of await generateCandidates(executor, { importId, limit: MATCH_MAX_PAIRS, timeoutMs: MATCH_TIMEOUT_MS }))
        if (!byPair.has(pairKey(c.a, c.b))) byPair.set(pairKey(c.a, c.b), c);
    candidates = [...byPair.values()].sort((x, y) => y.score - x.score).slice(0, MATCH_MAX_PAIRS);
  } catch (error) {
    log.warn('import-time matching could not find candidates', { importIds, error: message(error) });
    return { ...report, error: `Candidates could not be found (${message(error)}); the import is complete, nothing was merged.` };
  }
  report.candidates = candidates.length;
  const waiting: MatchPair[] = [];
  if (o.mode === 'review') waiting.push(...candidates.map(toPair));
  else {
    const identifiers = await storedIdentifiers(
      executor,
      candidates.flatMap((c) => [c.a, c.b]),
    ).catch(() => new Map<string, string[]>());
    for (const c of candidates) {
      const rule = ruleFor({ ...c, sharedIdentifiers: shared(identifiers.get(c.a), identifiers.get(c.b)) }, rules);
      if (!rule) {
        waiting.push(toPair(c));
        continue;
      }
      const pair: MatchPair = { ...toPair(c), rule: describeRule(rule) };
      try {
        const j = await judgeFn(executor, {
          a: c.a,
          b: c.b,
          judgement: 'same',
          by: 'import',
          score: c.score,
          reasons: c.reasons,
          note: `merged at import (${importIds.join(', ')}) by the rule: ${describeRule(rule)}`,
        });
        report.merged++;
        push(report.merges, { ...pair, judgementId: j.id, ...(j.canonicalId ? { canonicalId: j.canonicalId } : {}) });
      } catch (error) {
        // An earlier merge of this import already made the two one entity (a ~ b, then b ~ c … a ~ c).
        if (error instanceof LiaisonError && error.issues?.some((i) => i.code === 'already_one_entity')) continue;
        report.failed++;
        log.warn('import-time merge failed; the pair stays in the review queue', { a: c.a, b: c.b, error: message(error) });
        const failed = { ...pair, error: message(error) };
        push(report.failures, failed);
        waiting.push(failed);
      }
    }
  }
  // Pairs that merges of this import made one entity are no longer a question.
  const live =
    report.merged > 0
      ? await canonicalIds(
          executor,
          waiting.flatMap((p) => [p.a, p.b]),
        ).catch(() => null)
      : null;
  for (const p of waiting) {
    if (live && live.get(p.a) === live.get(p.b)) continue;
    report.awaitingReview++;
    if (!p.error) push(report.review, p);
  }
  return report;
}

/** A dry run: what matching would do with the file's entities against the stored graph. Never throws. */
export async function matchDryRun(executor: Executor, incoming: IncomingEntities, o: MatchOptions): Promise<MatchReport | undefined> {
  if (o.mode === 'off') return undefined;
  const rules = o.rules ?? DEFAULT_AUTO_MERGE;
  const report: MatchReport = { ...emptyReport(o.mode, true, rules), incoming: incoming.size };
  const features = incoming.all();
  const byId = new Map(features.map((f) => [f.id, f]));
  try {
    const found = (await candidatesFor(executor, features, { timeoutMs: MATCH_TIMEOUT_MS })).slice(0, MATCH_MAX_PAIRS);
    report.candidates = found.length;
    const identifiers =
      o.mode === 'auto'
        ? await storedIdentifiers(
            executor,
            found.map((c) => c.stored),
          )
        : new Map<string, string[]>();
    for (const c of found) {
      const rule =
        o.mode === 'auto'
          ? ruleFor({ ...c, sharedIdentifiers: shared(byId.get(c.incoming)?.identifiers, identifiers.get(c.stored)) }, rules)
          : null;
      if (rule) {
        report.merged++;
        push(report.merges, { ...toPair(c), rule: describeRule(rule) });
      } else {
        report.awaitingReview++;
        push(report.review, toPair(c));
      }
    }
  } catch (error) {
    return { ...report, error: `Candidates could not be found (${message(error)}).` };
  }
  if (incoming.dropped > 0)
    report.error = `Only the first ${incoming.size.toLocaleString('en')} entities of the file were matched (${incoming.dropped.toLocaleString('en')} more).`;
  return report;
}
