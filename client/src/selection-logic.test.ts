// The pure part of box and lasso selection: point-in-polygon, what a box or a lasso encloses, and
// which selected nodes the bulk actions take.
import { describe, expect, it } from '@jest/globals';

import {
  boxPolygon,
  bulkMessage,
  edgesAmong,
  enclosed,
  EXPAND_CAP,
  expandTargets,
  extendOutline,
  pinAction,
  pointInPolygon,
  selectedLabel,
  type Point,
} from './selection-logic';

const square: Point[] = [
  { x: 0, y: 0 },
  { x: 10, y: 0 },
  { x: 10, y: 10 },
  { x: 0, y: 10 },
];

describe('pointInPolygon', () => {
  it('tells inside from outside a square', () => {
    expect(pointInPolygon({ x: 5, y: 5 }, square)).toBe(true);
    expect(pointInPolygon({ x: 0.1, y: 9.9 }, square)).toBe(true);
    expect(pointInPolygon({ x: 11, y: 5 }, square)).toBe(false);
    expect(pointInPolygon({ x: -1, y: 5 }, square)).toBe(false);
    expect(pointInPolygon({ x: 5, y: 10.5 }, square)).toBe(false);
  });

  it('follows a concave outline: the notch of a U is outside', () => {
    const u: Point[] = [
      { x: 0, y: 0 },
      { x: 3, y: 0 },
      { x: 3, y: 7 },
      { x: 7, y: 7 },
      { x: 7, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ];
    expect(pointInPolygon({ x: 5, y: 3 }, u)).toBe(false); // in the notch
    expect(pointInPolygon({ x: 1.5, y: 3 }, u)).toBe(true); // a leg
    expect(pointInPolygon({ x: 5, y: 8.5 }, u)).toBe(true); // the base
  });

  it('takes both loops of a self-crossing bow tie, not the gaps beside the crossing; a degenerate outline encloses nothing', () => {
    const eight: Point[] = [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 10, y: 0 },
      { x: 0, y: 10 },
    ];
    expect(pointInPolygon({ x: 1, y: 5 }, eight)).toBe(true);
    expect(pointInPolygon({ x: 9, y: 5 }, eight)).toBe(true);
    expect(pointInPolygon({ x: 5, y: 1 }, eight)).toBe(false);
    expect(pointInPolygon({ x: 1, y: 1 }, [])).toBe(false);
    expect(pointInPolygon({ x: 1, y: 1 }, [{ x: 0, y: 0 }])).toBe(false);
  });
});

describe('box and lasso', () => {
  it('draws the same box whichever corner the drag starts from', () => {
    const a = boxPolygon({ x: 10, y: 20 }, { x: 0, y: 0 });
    expect(a).toEqual(boxPolygon({ x: 0, y: 0 }, { x: 10, y: 20 }));
    expect(a[0]).toEqual({ x: 0, y: 0 });
    expect(a[2]).toEqual({ x: 10, y: 20 });
  });

  it('encloses the nodes whose centres lie inside, never with fewer than three points', () => {
    const nodes = [
      { id: 'in', x: 5, y: 5 },
      { id: 'out', x: 15, y: 5 },
      { id: 'edge-near', x: 9.9, y: 0.1 },
    ];
    expect(enclosed(nodes, square)).toEqual(['in', 'edge-near']);
    expect(enclosed(nodes, boxPolygon({ x: 12, y: 0 }, { x: 20, y: 10 }))).toEqual(['out']);
    expect(
      enclosed(nodes, [
        { x: 0, y: 0 },
        { x: 20, y: 20 },
      ]),
    ).toEqual([]);
  });

  it('keeps only the lasso points a few pixels apart', () => {
    const outline: Point[] = [];
    for (let x = 0; x <= 20; x += 1) extendOutline(outline, { x, y: 0 });
    expect(outline.map((p) => p.x)).toEqual([0, 4, 8, 12, 16, 20]);
  });
});

describe('bulk action targets', () => {
  const node = (id: string, pinned = false, exhausted = false) => ({ id, pinned, exhausted });

  it('expands the nodes with neighbours left, at most the cap, and counts the rest', () => {
    const nodes = [node('a'), node('b', false, true), node('c'), ...Array.from({ length: EXPAND_CAP }, (_, i) => node(`n${i}`))];
    const plan = expandTargets(nodes);
    expect(plan.ids).toHaveLength(EXPAND_CAP);
    expect(plan.ids.slice(0, 2)).toEqual(['a', 'c']);
    expect(plan.ids).not.toContain('b');
    expect(plan.done).toBe(1);
    expect(plan.over).toBe(2);
    expect(expandTargets([node('x', false, true)])).toEqual({ ids: [], done: 1, over: 0 });
  });

  it('pins while any node is loose, unpins once all are pinned', () => {
    expect(pinAction([node('a', true), node('b')])).toBe('pin');
    expect(pinAction([node('a', true), node('b', true)])).toBe('unpin');
  });

  it('exports the links with both ends selected, and no other', () => {
    const edges = [
      { id: 'ab', source: 'a', target: 'b' },
      { id: 'bc', source: 'b', target: 'c' },
      { id: 'ba', source: 'b', target: 'a' },
    ];
    expect(edgesAmong(new Set(['a', 'b']), edges)).toEqual(['ab', 'ba']);
    expect(edgesAmong(new Set(['c']), edges)).toEqual([]);
  });

  it('says what a bulk action did', () => {
    expect(selectedLabel(3)).toBe('3 selected');
    expect(bulkMessage('hide', 1)).toMatch(/^Hid 1 node;/);
    expect(bulkMessage('remove', 4)).toBe('Removed 4 nodes from the view.');
    expect(bulkMessage('expand', 2, { added: 7, done: 1, over: 3 })).toBe(
      `Expanded 2 nodes: 7 new entities. 1 node had every neighbour in view already. 3 more nodes left out: at most ${EXPAND_CAP} at a time.`,
    );
  });
});
