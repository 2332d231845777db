// The overlap and edge-spread measures the layout benchmark and the e2e test report.
import { describe, expect, it } from '@jest/globals';

import { coefficientOfVariation, median, overlapShare, type Box } from './layout-quality';

const box = (x: number, y: number, half = 10): Box => ({ x1: x - half, y1: y - half, x2: x + half, y2: y + half });

/** Every pair compared: what the sweep must agree with. */
function bruteForce(boxes: Box[]): number {
  const hit = boxes.map((b, i) => boxes.some((c, j) => j !== i && c.x1 < b.x2 && b.x1 < c.x2 && c.y1 < b.y2 && b.y1 < c.y2));
  return hit.filter(Boolean).length / boxes.length;
}

describe('overlapShare', () => {
  it('counts every node that overlaps another, once', () => {
    expect(overlapShare([box(0, 0), box(5, 5), box(100, 100)])).toBeCloseTo(2 / 3);
    expect(overlapShare([box(0, 0), box(5, 0), box(10, 0)])).toBe(1);
  });

  it('does not count boxes that only touch, or overlap in x alone', () => {
    expect(overlapShare([box(0, 0), box(20, 0)])).toBe(0);
    expect(overlapShare([box(0, 0), box(5, 50)])).toBe(0);
    expect(overlapShare([box(0, 0)])).toBe(0);
    expect(overlapShare([])).toBe(0);
  });

  it('agrees with comparing every pair on random pictures', () => {
    let s = 7;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    for (const n of [10, 200, 1000]) {
      const boxes = Array.from({ length: n }, () => box(rnd() * 30 * Math.sqrt(n), rnd() * 30 * Math.sqrt(n), 5 + rnd() * 10));
      expect(overlapShare(boxes)).toBeCloseTo(bruteForce(boxes), 10);
    }
  });
});

describe('coefficientOfVariation and median', () => {
  it('is 0 for equal lengths and grows with their spread', () => {
    expect(coefficientOfVariation([5, 5, 5])).toBe(0);
    expect(coefficientOfVariation([1, 3])).toBeCloseTo(0.5);
    expect(coefficientOfVariation([1, 9])).toBeGreaterThan(coefficientOfVariation([4, 6]));
    expect(coefficientOfVariation([])).toBeNaN();
  });

  it('takes the middle value', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
