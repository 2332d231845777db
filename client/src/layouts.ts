// The one place for layout choices: force-directed (fcose) by default, concentric around the focus,
// hierarchical (dagre, breadthfirst past a few hundred nodes) and chronological (meetings left to
// right by date, everything else near its meetings). Adding nodes never reshuffles the picture.
import cytoscape, { type Collection, type Core, type LayoutOptions, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';

import { propertyPeriod } from './dates';
import type { LayoutName } from './layout-names';

cytoscape.use(fcose);
cytoscape.use(dagre);

/** Past this many nodes dagre takes seconds; breadthfirst gives a similar picture at once. */
export const DAGRE_MAX_NODES = 300;

export interface LayoutRun {
  /** Resolves when the nodes have stopped moving. */
  done: Promise<void>;
  warning?: string;
}

/** BFS depth of every node from the focus (unreachable nodes get the largest depth + 1). */
function depths(eles: Collection, focus: NodeSingular | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!focus || focus.empty()) return out;
  eles.bfs({ roots: focus, visit: (v, _e, _u, _i, depth) => void out.set(v.id(), depth), directed: false });
  return out;
}

/** Preset positions: meetings by date on the x axis, others above (people) or below, near their meetings. */
export function chronologicalPositions(eles: Collection): Map<string, { x: number; y: number }> {
  const pos = new Map<string, { x: number; y: number }>();
  const nodes = eles.nodes();
  const meetings = nodes.filter((n) => n.data('type') === 'Meeting');
  const dated = meetings
    .map((m) => ({ m, p: propertyPeriod((m.data('raw')?.properties ?? {}) as Record<string, unknown>, 'date') }))
    .sort((a, b) => (a.p?.start ?? Infinity) - (b.p?.start ?? Infinity));
  const withDate = dated.filter((d) => d.p);
  const first = withDate[0]?.p?.start ?? 0;
  const last = withDate.at(-1)?.p?.start ?? first;
  // Time-proportional, but never closer than MIN_GAP, so same-day meetings stay readable.
  const MIN_GAP = 130;
  const span = Math.max(1, last - first);
  const width = Math.max(600, withDate.length * MIN_GAP * 1.5);
  let prevX = -Infinity;
  for (const { m, p } of dated) {
    const ideal = p ? ((p.start - first) / span) * width : prevX + MIN_GAP * 1.5;
    const x = Math.max(ideal, prevX + MIN_GAP);
    prevX = x;
    pos.set(m.id(), { x, y: 0 });
  }
  // Others: at the mean x of the meetings (or already placed neighbours) they touch, stacked per row.
  const rows: Record<string, number> = { Person: -1, Organization: 1, Country: 2, Topic: 1, Source: 2 };
  const used = new Map<string, number>();
  const others = nodes.filter((n) => !pos.has(n.id()));
  for (let pass = 0; pass < 3; pass++)
    others.forEach((n) => {
      if (pos.has(n.id())) return;
      const xs = n
        .neighborhood('node')
        .map((m) => pos.get(m.id())?.x)
        .filter((x): x is number => x !== undefined);
      if (xs.length === 0 && pass < 2) return;
      const x = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : prevX + MIN_GAP;
      const row = rows[n.data('type') as string] ?? (n.hasClass('more') ? -2 : 1);
      const slot = `${row}:${Math.round(x / 90)}`;
      const k = used.get(slot) ?? 0;
      used.set(slot, k + 1);
      pos.set(n.id(), { x: x + (k % 2) * 45, y: row * 140 + Math.sign(row) * k * 55 });
    });
  return pos;
}

/**
 * Fitting a handful of nodes would blow them up to several times their size (labels larger than
 * the side panel's text); past this zoom the view is centred instead.
 */
export const MAX_FIT_ZOOM = 1.5;

function capZoom(cy: Core, eles: ReturnType<Core['elements']>): void {
  if (cy.zoom() <= MAX_FIT_ZOOM) return;
  cy.zoom(MAX_FIT_ZOOM);
  cy.center(eles);
}

export function runLayout(cy: Core, name: LayoutName, opts: { incremental: boolean; focus: string | null }): LayoutRun {
  const eles = cy.elements().not('.filtered');
  const nodeCount = eles.nodes().length;
  const focus = opts.focus ? cy.getElementById(opts.focus) : null;
  let warning: string | undefined;
  let options: LayoutOptions;
  const common = { fit: true, padding: 40, animate: opts.incremental && nodeCount < 400, animationDuration: 350 };
  if (name === 'concentric') {
    const d = depths(eles, focus);
    const max = Math.max(0, ...d.values()) + 1;
    options = {
      name: 'concentric',
      ...common,
      concentric: (n: NodeSingular) => max - (d.get(n.id()) ?? max),
      levelWidth: () => 1,
      minNodeSpacing: 30,
    } as LayoutOptions;
  } else if (name === 'hierarchy') {
    const roots = focus && focus.nonempty() ? focus : undefined;
    if (nodeCount > DAGRE_MAX_NODES) {
      warning = `${nodeCount} nodes are too many for the hierarchical layout; a breadth-first tree is shown instead.`;
      options = { name: 'breadthfirst', ...common, directed: false, roots, spacingFactor: 1.1 } as LayoutOptions;
    } else options = { name: 'dagre', ...common, rankDir: 'TB', nodeSep: 30, rankSep: 80 } as LayoutOptions;
  } else if (name === 'chrono') {
    const pos = chronologicalPositions(eles);
    options = { name: 'preset', ...common, positions: (n: NodeSingular) => pos.get(n.id()) ?? n.position() } as LayoutOptions;
  } else {
    options = {
      name: 'fcose',
      ...common,
      quality: nodeCount > 1000 ? 'draft' : 'default',
      // Incremental: start from where the nodes are, so that the picture is only nudged.
      randomize: !opts.incremental,
      nodeRepulsion: 12000,
      idealEdgeLength: 120,
      nodeSeparation: 90,
    } as LayoutOptions;
  }
  if (nodeCount === 0) return { done: Promise.resolve(), warning };
  const layout = eles.layout(options);
  const done = new Promise<void>((resolve) =>
    layout.one('layoutstop', () => {
      capZoom(cy, eles);
      resolve();
    }),
  );
  layout.run();
  return { done, warning };
}
