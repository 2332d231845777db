// The time axis keeps only ticks whose labels have room where they fall: years first, then months.
import { describe, expect, it } from '@jest/globals';

import { roomyTicks, ticks } from './time-axis';

const tick = (x: number, label: string, kind: 'year' | 'month' = 'month') => ({ x, label, kind, t: 0 });

describe('roomyTicks', () => {
  it('keeps ticks far enough apart, all of them', () => {
    const placed = [tick(0, '2019', 'year'), tick(60, 'Apr'), tick(120, 'Jul'), tick(180, 'Oct')];
    expect(roomyTicks(placed)).toEqual(placed);
  });

  it('drops months that crowd a year, and keeps the year', () => {
    // A compressed stretch of the scale: 2019 and its months within a few pixels of each other.
    const placed = [tick(0, '2018', 'year'), tick(200, '2019', 'year'), tick(205, 'Apr'), tick(212, 'Jul'), tick(260, 'Oct')];
    expect(roomyTicks(placed).map((t) => t.label)).toEqual(['2018', '2019', 'Oct']);
  });

  it('no two kept labels overlap, whatever the spacing', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      const placed = Array.from({ length: 40 }, (_, i) =>
        tick(rnd() * 600, i % 4 === 0 ? String(2000 + i) : 'Sep', i % 4 === 0 ? 'year' : 'month'),
      );
      const kept = roomyTicks(placed);
      for (let i = 1; i < kept.length; i++) expect(kept[i]!.x - kept[i - 1]!.x).toBeGreaterThanOrEqual(kept[i - 1]!.label.length * 7 + 8);
      // a year is dropped only for another year
      for (const y of placed.filter((p) => p.kind === 'year' && !kept.includes(p)))
        expect(kept.some((k) => k.kind === 'year' && Math.abs(k.x - y.x) < 40)).toBe(true);
    }
  });

  it('works on what ticks() gives for a year at month spacing', () => {
    const from = Date.UTC(2019, 0, 1);
    const to = Date.UTC(2020, 0, 1);
    const rate = 600 / (to - from);
    const placed = ticks(from, to, rate).map((t) => ({ ...t, x: (t.t - from) * rate }));
    expect(roomyTicks(placed).length).toBe(placed.length);
  });
});
