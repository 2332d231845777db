// The review queue as plain state: candidate pairs in the server's order, a cursor, the pairs
// decided or skipped in this session, and where merged-away ids went. A pair is shown with the ids
// its entities have now (a "same" earlier in the session may have merged one away), and a pair
// whose two ends became one entity is passed over, so nothing stale reaches the screen. Pure.
import type { Candidate, Judgement } from './review-api';

export const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** A candidate as it is shown now: `a`/`b` follow merges; `original` is the pair as proposed. */
export interface Current {
  index: number;
  a: string;
  b: string;
  candidate: Candidate;
  /** Ids of the proposed pair that were merged away since, with where they went. */
  moved: Array<{ from: string; to: string }>;
}

export interface Decision {
  index: number;
  judgement: Judgement;
}

export class ReviewQueue {
  private items: Candidate[] = [];
  private cursor = 0;
  /** Indexes decided (judged) or skipped in this session. */
  private passed = new Set<number>();
  private decisions: Decision[] = [];
  /** Merged-away id → the id that absorbed it (one step each; followed transitively). */
  private merged = new Map<string, string>();

  /** Replaces the pairs (a fresh GET /api/candidates); keeps what this session knows of merges. */
  load(candidates: Candidate[]): void {
    this.items = candidates;
    this.cursor = 0;
    this.passed.clear();
    this.decisions = [];
  }

  /** Adds pairs not already in the queue (a later page), keeping the cursor. */
  append(candidates: Candidate[]): number {
    const known = new Set(this.items.map((c) => pairKey(this.canonical(c.a), this.canonical(c.b))));
    let added = 0;
    for (const c of candidates) {
      const key = pairKey(this.canonical(c.a), this.canonical(c.b));
      if (known.has(key)) continue;
      known.add(key);
      this.items.push(c);
      added += 1;
    }
    return added;
  }

  get size(): number {
    return this.items.length;
  }

  canonical(id: string): string {
    let at = id;
    for (let i = 0; i < 50 && this.merged.has(at); i++) at = this.merged.get(at)!;
    return at;
  }

  private view(index: number): Current | null {
    const candidate = this.items[index];
    if (!candidate) return null;
    const a = this.canonical(candidate.a);
    const b = this.canonical(candidate.b);
    const moved = [
      ...(a !== candidate.a ? [{ from: candidate.a, to: a }] : []),
      ...(b !== candidate.b ? [{ from: candidate.b, to: b }] : []),
    ];
    return { index, a, b, candidate, moved };
  }

  /** Whether the pair at `index` is still to be shown: not passed, not one entity, not a repeat of a decided pair. */
  private open(index: number, decidedKeys: Set<string>): boolean {
    const v = this.view(index);
    if (!v || this.passed.has(index) || v.a === v.b) return false;
    return !decidedKeys.has(pairKey(v.a, v.b));
  }

  private decidedKeys(): Set<string> {
    return new Set(this.decisions.map((d) => pairKey(this.canonical(d.judgement.a), this.canonical(d.judgement.b))));
  }

  /** The pair to show now, or null when the queue is done. */
  current(): Current | null {
    const keys = this.decidedKeys();
    for (let i = this.cursor; i < this.items.length; i++) if (this.open(i, keys)) return this.view(i);
    return null;
  }

  /** The next `n` pairs after the current one, for prefetching. */
  upcoming(n: number): Current[] {
    const keys = this.decidedKeys();
    const out: Current[] = [];
    const now = this.current();
    for (let i = (now?.index ?? this.cursor) + 1; i < this.items.length && out.length < n; i++)
      if (this.open(i, keys)) out.push(this.view(i)!);
    return out;
  }

  /** How many pairs remain to be shown, the current one included. */
  remaining(): number {
    const keys = this.decidedKeys();
    let n = 0;
    for (let i = this.cursor; i < this.items.length; i++) if (this.open(i, keys)) n += 1;
    return n;
  }

  skip(): void {
    const now = this.current();
    if (!now) return;
    this.passed.add(now.index);
    this.cursor = now.index + 1;
  }

  /** Records the server's answer to a decision on the current pair and moves on. */
  decide(index: number, judgement: Judgement): void {
    this.passed.add(index);
    this.decisions.push({ index, judgement });
    if (judgement.judgement === 'same' && judgement.absorbedId && judgement.canonicalId && judgement.absorbedId !== judgement.canonicalId)
      this.merged.set(judgement.absorbedId, judgement.canonicalId);
    this.cursor = Math.max(this.cursor, index + 1);
  }

  /** Notes a merge learnt elsewhere (a node read answering with another id, the cluster view). */
  noteMerged(from: string, to: string): void {
    if (from !== to) this.merged.set(from, to);
  }

  /** Pairs skipped in this session, not decided: how many, and bringing them back (from the start). */
  skippedCount(): number {
    const decided = new Set(this.decisions.map((d) => d.index));
    return [...this.passed].filter((i) => !decided.has(i)).length;
  }

  revisitSkipped(): void {
    const decided = new Set(this.decisions.map((d) => d.index));
    this.passed = new Set([...this.passed].filter((i) => decided.has(i)));
    this.cursor = 0;
  }

  /** Forgets a merge undone elsewhere (the cluster view's undo). */
  noteSplit(from: string): void {
    this.merged.delete(from);
  }

  lastDecision(): Decision | null {
    return this.decisions.at(-1) ?? null;
  }

  /** Takes the last decision back (after the server undid it): its pair is shown again. */
  undo(): Decision | null {
    const last = this.decisions.pop();
    if (!last) return null;
    const j = last.judgement;
    if (j.judgement === 'same' && j.absorbedId && this.merged.get(j.absorbedId) === j.canonicalId) this.merged.delete(j.absorbedId);
    this.passed.delete(last.index);
    this.cursor = Math.min(this.cursor, last.index);
    return last;
  }

  get decisionCount(): number {
    return this.decisions.length;
  }
}
