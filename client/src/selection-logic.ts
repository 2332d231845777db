// The pure part of multi-selection (selection.ts): which nodes a box or a lasso encloses, which of
// the selected nodes a bulk action applies to, and what the bulk bar and the status line say.

export interface Point {
  x: number;
  y: number;
}

/**
 * Whether a point lies inside a polygon (even-odd rule, by casting a ray to the right and counting
 * the edges it crosses). A lasso is a free-hand, often self-crossing, outline: even-odd treats a
 * loop drawn twice around a node as "out", as the eye reads it; a point exactly on an edge may fall
 * either way, which a hand-drawn outline never cares about.
 */
export function pointInPolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** The rectangle a drag from `a` to `b` draws, as a polygon (clockwise from the top left). */
export function boxPolygon(a: Point, b: Point): Point[] {
  const x1 = Math.min(a.x, b.x);
  const x2 = Math.max(a.x, b.x);
  const y1 = Math.min(a.y, b.y);
  const y2 = Math.max(a.y, b.y);
  return [
    { x: x1, y: y1 },
    { x: x2, y: y1 },
    { x: x2, y: y2 },
    { x: x1, y: y2 },
  ];
}

/**
 * Adds a pointer position to a lasso outline unless it is within `minStep` pixels of the last one:
 * a slow hand sends hundreds of moves a second, and the outline only needs its corners.
 */
export function extendOutline(outline: Point[], p: Point, minStep = 4): Point[] {
  const last = outline[outline.length - 1];
  if (last && Math.hypot(p.x - last.x, p.y - last.y) < minStep) return outline;
  outline.push(p);
  return outline;
}

/** The ids of the nodes whose centres the outline encloses (an outline of fewer than 3 points encloses none). */
export function enclosed(nodes: ReadonlyArray<{ id: string } & Point>, outline: readonly Point[]): string[] {
  if (outline.length < 3) return [];
  return nodes.filter((n) => pointInPolygon(n, outline)).map((n) => n.id);
}

/** A selected node as the bulk actions see it. */
export interface SelectedNode {
  id: string;
  pinned: boolean;
  /** Every neighbour of it is on the canvas already (its cursor is exhausted). */
  exhausted: boolean;
}

/** At most this many nodes are expanded by one bulk Expand: each is a request, and each brings up to a page of neighbours. */
export const EXPAND_CAP = 20;

/** Which selected nodes a bulk Expand asks for, in order, and why the others are left out. */
export function expandTargets(nodes: readonly SelectedNode[], cap = EXPAND_CAP): { ids: string[]; done: number; over: number } {
  const open = nodes.filter((n) => !n.exhausted);
  return { ids: open.slice(0, cap).map((n) => n.id), done: nodes.length - open.length, over: Math.max(0, open.length - cap) };
}

/** Pin when any selected node is loose (pinning all of them), else unpin them all: one button for both. */
export function pinAction(nodes: readonly SelectedNode[]): 'pin' | 'unpin' {
  return nodes.some((n) => !n.pinned) ? 'pin' : 'unpin';
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const selectedLabel = (n: number) => `${n} selected`;

/** What the status line says after a bulk action (the same words the single actions' changes use). */
export function bulkMessage(
  action: 'hide' | 'remove' | 'pin' | 'unpin' | 'expand',
  count: number,
  extra: { added?: number; done?: number; over?: number; failed?: number } = {},
): string {
  const nodes = plural(count, 'node');
  switch (action) {
    case 'hide':
      return `Hid ${nodes}; Unhide in the Filters tab, or undo.`;
    case 'remove':
      return `Removed ${nodes} from the view.`;
    case 'pin':
      return `Pinned ${nodes}.`;
    case 'unpin':
      return `Unpinned ${nodes}.`;
    case 'expand': {
      const parts = [`Expanded ${nodes}: ${plural(extra.added ?? 0, 'new entity', 'new entities')}.`];
      if (extra.done) parts.push(`${plural(extra.done, 'node')} had every neighbour in view already.`);
      if (extra.over) parts.push(`${plural(extra.over, 'more node')} left out: at most ${EXPAND_CAP} at a time.`);
      if (extra.failed) parts.push(`${plural(extra.failed, 'node')} could not be expanded.`);
      return parts.join(' ');
    }
  }
}

/** The links an export of exactly these nodes carries: those with both ends among them. */
export function edgesAmong(ids: ReadonlySet<string>, edges: ReadonlyArray<{ id: string; source: string; target: string }>): string[] {
  return edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => e.id);
}
