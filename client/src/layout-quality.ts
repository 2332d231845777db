// How good a layout's picture is, in numbers the benchmark and the tests share: the share of nodes
// whose drawn box overlaps another node's, and the spread of edge lengths (coefficient of
// variation: a picture where some links are a node apart and others cross the screen reads badly).
// Pure: boxes and lengths in, numbers out.

/** A node's drawn box in model coordinates (Cytoscape's boundingBox without labels). */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The share (0–1) of boxes that overlap at least one other box (touching edges do not count).
 * Sweep over x: boxes sorted by left edge, each compared only with those still open, so that a
 * spread-out picture costs about n log n rather than n².
 */
export function overlapShare(boxes: readonly Box[]): number {
  const n = boxes.length;
  if (n < 2) return 0;
  const order = [...boxes.keys()].sort((a, b) => boxes[a]!.x1 - boxes[b]!.x1);
  const hit = new Uint8Array(n);
  const open: number[] = [];
  for (const i of order) {
    const b = boxes[i]!;
    // Drop boxes that end before this one starts; the rest overlap it in x.
    let k = 0;
    for (const j of open) if (boxes[j]!.x2 > b.x1) open[k++] = j;
    open.length = k;
    for (const j of open) {
      const c = boxes[j]!;
      if (c.y1 < b.y2 && b.y1 < c.y2) {
        hit[i] = 1;
        hit[j] = 1;
      }
    }
    open.push(i);
  }
  let count = 0;
  for (const h of hit) count += h;
  return count / n;
}

/** Standard deviation over mean of the lengths (0 when all are equal; NaN without edges). */
export function coefficientOfVariation(lengths: readonly number[]): number {
  if (lengths.length === 0) return NaN;
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  if (mean === 0) return 0;
  const variance = lengths.reduce((a, b) => a + (b - mean) ** 2, 0) / lengths.length;
  return Math.sqrt(variance) / mean;
}

/** The middle value (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
