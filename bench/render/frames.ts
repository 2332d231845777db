// What the render benchmark makes of the frames a renderer drew while real input moved the view:
// frames per second and the longest wait between two drawn frames, the stall a user feels.
// Pure, so that bench/render.ts and its unit test share it (tests/unit/render-frames.test.ts).

export interface FrameStats {
  /** Frames drawn inside the window. */
  frames: number;
  /** Frames drawn per second of the window. */
  fps: number;
  /**
   * The longest time without a new frame, counting from the start of the window to the first frame
   * and from the last frame to the end: a renderer that stalls as the gesture starts shows it here.
   */
  longestGapMs: number;
}

/** Frame statistics of `drawnAt` (times frames were drawn, any order, ms) inside the window [t0, t1]. */
export function frameStats(drawnAt: readonly number[], t0: number, t1: number): FrameStats {
  if (!(t1 > t0)) throw new Error(`frameStats: the window must end after it starts (got ${t0} to ${t1})`);
  const inside = drawnAt.filter((t) => t >= t0 && t <= t1).sort((a, b) => a - b);
  let longestGapMs = 0;
  let previous = t0;
  for (const t of [...inside, t1]) {
    longestGapMs = Math.max(longestGapMs, t - previous);
    previous = t;
  }
  return { frames: inside.length, fps: (inside.length * 1000) / (t1 - t0), longestGapMs };
}

/** The median of `values` (NaN when there are none): one slow draw should not stand for all. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
