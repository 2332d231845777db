// The geometry of readable drawings: label placement by priority, short labels, the free part of
// the canvas beside the legend, and the viewport that fits a drawing there.
import { describe, expect, it } from '@jest/globals';

import { fitViewport, freeRegions, intersects, placeLabels, shortLabel, sizesFrom, type Box } from './labels';

const box = (x1: number, y1: number, w: number, h: number): Box => ({ x1, y1, x2: x1 + w, y2: y1 + h });

describe('placeLabels', () => {
  it('keeps the higher priority label and hides the one it would overlap', () => {
    const out = placeLabels([
      { id: 'low', priority: 1, full: box(0, 0, 100, 12) },
      { id: 'high', priority: 5, full: box(50, 5, 100, 12) },
      { id: 'apart', priority: 0, full: box(0, 40, 100, 12) },
    ]);
    expect(Object.fromEntries(out)).toEqual({ high: 'full', low: 'hidden', apart: 'full' });
  });

  it('falls back to the short form when that one fits', () => {
    const out = placeLabels([
      { id: 'a', priority: 2, full: box(0, 0, 60, 12) },
      { id: 'b', priority: 1, full: box(-80, 0, 100, 12), short: box(-80, 0, 70, 12) },
    ]);
    expect(out.get('b')).toBe('short');
  });

  it('hides labels under an obstacle and, with avoidBodies, labels over another node', () => {
    const legend = box(0, 100, 200, 80);
    const out = placeLabels(
      [
        { id: 'under', priority: 9, full: box(10, 120, 50, 12) },
        { id: 'node', priority: 8, full: box(300, 0, 50, 12), body: box(300, 20, 30, 30) },
        { id: 'over', priority: 1, full: box(290, 25, 60, 12), body: box(500, 0, 30, 30) },
      ],
      [legend],
      { avoidBodies: true },
    );
    expect(Object.fromEntries(out)).toEqual({ under: 'hidden', node: 'full', over: 'hidden' });
  });

  it('leaves no two shown labels overlapping on a random crowd, and keeps the top one', () => {
    // A seeded crowd of 200 labels on a small canvas.
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const cands = Array.from({ length: 200 }, (_, i) => {
      const x = rnd() * 600;
      const y = rnd() * 400;
      return { id: `n${i}`, priority: Math.floor(rnd() * 10), full: box(x, y, 80, 12), short: box(x + 20, y, 40, 12) };
    });
    const out = placeLabels(cands, [], { gap: 2 });
    const shown = cands.filter((c) => out.get(c.id) !== 'hidden').map((c) => (out.get(c.id) === 'short' ? c.short : c.full));
    for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) expect(intersects(shown[i]!, shown[j]!)).toBe(false);
    const top = [...cands].sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1))[0]!;
    expect(out.get(top.id)).toBe('full');
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.length).toBeLessThan(200);
  });
});

describe('shortLabel', () => {
  it('turns given names into initials and cuts long titles at a word', () => {
    expect(shortLabel('Nikolai Patrushev')).toBe('N. Patrushev');
    expect(shortLabel('Talks between Patrushev and President Aliyev')).toBe('Talks between…');
    expect(shortLabel('Aliyev')).toBeNull();
    expect(shortLabel('Supercalifragilisticexpialidocious')).toBe('Supercalifrag…');
  });
});

describe('freeRegions and fitViewport', () => {
  const legend = { x1: 10, y1: 500, x2: 570, y2: 700 };

  it('splits the canvas around the legend into maximal strips', () => {
    const r = freeRegions(1000, 720, [legend]);
    expect(r).toEqual(
      expect.arrayContaining([
        { x1: 0, y1: 0, x2: 10, y2: 720 },
        { x1: 570, y1: 0, x2: 1000, y2: 720 },
        { x1: 0, y1: 0, x2: 1000, y2: 500 },
        { x1: 0, y1: 700, x2: 1000, y2: 720 },
      ]),
    );
    expect(r).toHaveLength(4);
  });

  it('fits a wide drawing above the legend and a tall one beside it, never under it', () => {
    for (const bb of [box(-500, -100, 1000, 200), box(-100, -400, 200, 800)]) {
      const vp = fitViewport(bb, { width: 1000, height: 720 }, [legend], { padding: 20, maxZoom: 4 });
      const shown = {
        x1: bb.x1 * vp.zoom + vp.pan.x,
        y1: bb.y1 * vp.zoom + vp.pan.y,
        x2: bb.x2 * vp.zoom + vp.pan.x,
        y2: bb.y2 * vp.zoom + vp.pan.y,
      };
      expect(intersects(shown, legend)).toBe(false);
      expect(shown.x1).toBeGreaterThanOrEqual(-1e-6);
      expect(shown.x2).toBeLessThanOrEqual(1000 + 1e-6);
      expect(shown.y1).toBeGreaterThanOrEqual(-1e-6);
      expect(shown.y2).toBeLessThanOrEqual(720 + 1e-6);
    }
    // The wide one goes above the legend (zoom 960/1000 beats 390/1000 beside it).
    expect(fitViewport(box(-500, -100, 1000, 200), { width: 1000, height: 720 }, [legend], { padding: 20 }).zoom).toBeCloseTo(0.96);
  });

  it('caps the zoom of a single node and centres it in the free region', () => {
    const vp = fitViewport(box(0, 0, 0, 0), { width: 1000, height: 720 }, [legend], { maxZoom: 1.5 });
    expect(vp.zoom).toBe(1.5);
    expect(vp.pan).toEqual({ x: 500, y: 250 });
  });
});

describe('sizesFrom', () => {
  it('scales by the square root between min and max', () => {
    expect(
      Object.fromEntries(
        sizesFrom(
          new Map([
            ['a', 0],
            ['b', 1],
            ['c', 4],
          ]),
          20,
          40,
        ),
      ),
    ).toEqual({ a: 20, b: 30, c: 40 });
    expect(Object.fromEntries(sizesFrom(new Map([['a', 0]]), 20, 40))).toEqual({ a: 20 });
  });
});
