// Clusters for the OpenRefine-like view: entities joined by candidate pairs, taken as connected
// groups (union-find), largest and strongest first. Each cluster keeps its pairs so a merge can
// send each member's judgement with the score and reasons that proposed it. Pure.
import type { Candidate } from './review-api';

export interface Cluster {
  /** Member ids, in the order first met (the server's best pairs first). */
  members: string[];
  pairs: Candidate[];
  /** The best score among its pairs. */
  score: number;
}

export function clusters(candidates: Candidate[], minSize = 2): Cluster[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression: later finds are one step.
    for (let at = x; at !== root;) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const order: string[] = [];
  const add = (x: string) => {
    if (!parent.has(x)) {
      parent.set(x, x);
      order.push(x);
    }
  };
  for (const c of candidates) {
    add(c.a);
    add(c.b);
    const ra = find(c.a);
    const rb = find(c.b);
    if (ra !== rb) parent.set(rb, ra);
  }
  const groups = new Map<string, Cluster>();
  for (const id of order) {
    const root = find(id);
    const g = groups.get(root) ?? { members: [], pairs: [], score: 0 };
    g.members.push(id);
    groups.set(root, g);
  }
  for (const c of candidates) {
    const g = groups.get(find(c.a))!;
    g.pairs.push(c);
    g.score = Math.max(g.score, c.score);
  }
  return [...groups.values()]
    .filter((g) => g.members.length >= minSize)
    .sort((x, y) => y.members.length - x.members.length || y.score - x.score || (x.members[0]! < y.members[0]! ? -1 : 1));
}

/** The candidate that joins two members directly, if the server proposed that pair. */
export function pairOf(cluster: Cluster, x: string, y: string): Candidate | undefined {
  return cluster.pairs.find((c) => (c.a === x && c.b === y) || (c.a === y && c.b === x));
}
