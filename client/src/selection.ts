// Multi-selection on the canvas (issue 11): Shift+drag draws a box (Cytoscape's own box selection,
// while a plain drag still pans), Alt+drag a free-hand lasso, Ctrl/Cmd/Shift+click adds or removes a
// node, Ctrl/Cmd+A selects every visible node; the Select and Lasso toggles turn a plain drag (one
// finger on a phone) into a box or a lasso, and a tap into adding or removing a node. With two or
// more nodes selected, a bar offers the bulk actions, which the owner (main.ts) runs as changes.
//
// Why not the npm package cytoscape-lasso (zakjan, 1.1.4, peer cytoscape ^3.15): it listens to the
// mouse only (no touch, so no lasso on a phone), replaces box selection with the lasso under the same
// keys (no Shift box and Alt lasso side by side) and steers Cytoscape through its renderer's private
// state (hoverData, bgActivePosistion). The gesture here is small: the outline in canvas pixels,
// compared with the nodes' rendered centres by point-in-polygon (selection-logic.ts).
import type { Core, NodeCollection, NodeSingular } from 'cytoscape';

import { boxPolygon, enclosed, extendOutline, pinAction, selectedLabel, type Point, type SelectedNode } from './selection-logic';

export type DrawMode = 'off' | 'box' | 'lasso';

export interface BulkActions {
  hide(ids: string[]): void;
  expand(nodes: SelectedNode[]): void;
  pin(ids: string[], pinned: boolean): void;
  remove(ids: string[]): void;
  export(ids: string[]): void;
  clear(): void;
}

export interface SelectionOptions {
  cy: Core;
  /** Where the tools and the bar are placed: the canvas's column (positioned). */
  column: HTMLElement;
  isExhausted(id: string): boolean;
  actions: BulkActions;
}

export interface SelectionControls {
  /** The selected nodes the bulk actions apply to: entities in sight (no "+N more", nothing hidden or filtered). */
  targets(): NodeCollection;
  /** A line the bar shows instead of its count while a bulk action runs ("Expanding 3 of 8…"); null: done. */
  progress(text: string | null): void;
  readonly mode: DrawMode;
  setMode(mode: DrawMode): void;
}

/** Past this many pixels a press becomes a drag (Cytoscape's own desktop threshold is similar). */
const DRAG_THRESHOLD = 6;
/** What is never part of a selection: "+N more" helpers, group nodes, and nodes not drawn. */
const NOT_SELECTABLE = '.more, .group, .filtered, .user-hidden';
const SVG_NS = 'http://www.w3.org/2000/svg';

export function setupSelection(opts: SelectionOptions): SelectionControls {
  const { cy, column, actions } = opts;
  const container = cy.container()!;
  let mode: DrawMode = 'off';
  let busy = false;

  // ---- the overlay the box or lasso is drawn on ----------------------------------------------
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.classList.add('select-overlay');
  svg.setAttribute('aria-hidden', 'true');
  const shape = document.createElementNS(SVG_NS, 'polygon');
  svg.append(shape);
  svg.style.display = 'none';
  container.append(svg);

  // ---- the tools: Select (box) and Lasso toggles --------------------------------------------
  const tools = document.createElement('div');
  tools.className = 'select-tools';
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', 'Selection tools');
  const toolButton = (m: Exclude<DrawMode, 'off'>, text: string, title: string) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = `select-mode-${m}`;
    b.dataset.mode = m;
    b.textContent = text;
    b.title = title;
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => setMode(mode === m ? 'off' : m));
    tools.append(b);
    return b;
  };
  const boxButton = toolButton(
    'box',
    '⬚ Select',
    'Select: a drag draws a box, a tap adds or removes a node (Shift+drag draws a box at any time)',
  );
  const lassoButton = toolButton('lasso', '◌ Lasso', 'Lasso: a drag draws a free-hand outline (Alt+drag does at any time)');
  // Right after the canvas and before the overlays that follow it (the legend above all): with no
  // z-index of their own, an open legend on a phone, which reaches the top of the canvas, covers the
  // tools rather than the tools its toggle.
  container.after(tools);

  function setMode(m: DrawMode): void {
    mode = m;
    boxButton.setAttribute('aria-pressed', String(m === 'box'));
    lassoButton.setAttribute('aria-pressed', String(m === 'lasso'));
    container.classList.toggle('draw-select', m !== 'off');
    container.dataset.selectMode = m;
  }

  // ---- the bulk bar -------------------------------------------------------------------------
  const bar = document.createElement('div');
  bar.id = 'selection-bar';
  bar.className = 'selection-bar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Selected nodes');
  bar.hidden = true;
  const count = document.createElement('span');
  count.className = 'selection-count';
  count.setAttribute('aria-live', 'polite');
  bar.append(count);
  const barButton = (id: string, text: string, title: string, run: () => void) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = `bulk-${id}`;
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', () => {
      if (!busy) run();
    });
    bar.append(b);
    return b;
  };
  const ids = () => targets().map((n) => n.id());
  const described = (): SelectedNode[] => targets().map((n) => ({ id: n.id(), pinned: n.locked(), exhausted: opts.isExhausted(n.id()) }));
  barButton('hide', 'Hide', 'Hide the selected nodes (Unhide in the Filters tab)', () => actions.hide(ids()));
  barButton('expand', 'Expand', 'Open the neighbourhood of each selected node', () => actions.expand(described()));
  const pinButton = barButton('pin', 'Pin', 'Pin the selected nodes where they are', () => {
    actions.pin(ids(), pinAction(described()) === 'pin');
  });
  barButton('remove', 'Remove', 'Remove the selected nodes from the view', () => actions.remove(ids()));
  barButton('export', 'Export…', 'Export exactly the selected nodes and the links among them', () => actions.export(ids()));
  const clearButton = barButton('clear', '✕', 'Clear the selection (Esc)', () => actions.clear());
  clearButton.setAttribute('aria-label', 'Clear selection');
  column.append(bar);

  function targets(): NodeCollection {
    return cy
      .nodes(':selected')
      .not(NOT_SELECTABLE)
      .filter((n: NodeSingular) => n.visible());
  }

  let progressText: string | null = null;
  function update(): void {
    const t = targets();
    bar.hidden = t.length < 2 && !busy;
    bar.dataset.count = String(t.length);
    count.textContent = progressText ?? selectedLabel(t.length);
    const pin = pinAction(t.map((n) => ({ id: n.id(), pinned: n.locked(), exhausted: false })));
    pinButton.textContent = pin === 'pin' ? 'Pin' : 'Unpin';
    pinButton.title = pin === 'pin' ? 'Pin the selected nodes where they are' : 'Release the selected nodes';
    for (const b of bar.querySelectorAll('button')) b.disabled = busy;
  }
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      update();
    });
  };
  // "+N more" helpers and group nodes are never part of a selection (a box drawn over them would pick them up).
  cy.on('select', 'node.more, node.group', (e) => void e.target.unselect());
  cy.on('select unselect add remove class lock unlock', schedule);

  // ---- gestures: the lasso (Alt+drag, or the Lasso tool) and the tools' box ------------------
  interface Gesture {
    kind: 'box' | 'lasso';
    start: Point;
    outline: Point[];
    last: Point;
    moved: boolean;
    additive: boolean;
    touch: boolean;
  }
  let gesture: Gesture | null = null;

  const local = (clientX: number, clientY: number): Point => {
    const r = container.getBoundingClientRect();
    return { x: clientX - r.left, y: clientY - r.top };
  };
  const polygon = (g: Gesture) => (g.kind === 'box' ? boxPolygon(g.start, g.last) : g.outline);

  function begin(kind: Gesture['kind'], at: Point, additive: boolean, touch: boolean): void {
    gesture = { kind, start: at, outline: [at], last: at, moved: false, additive, touch };
    // The press never reached Cytoscape, so focus the canvas as a click would (Ctrl+A, Escape).
    container.focus({ preventScroll: true });
  }
  function move(at: Point): void {
    const g = gesture;
    if (!g) return;
    g.last = at;
    if (!g.moved && Math.hypot(at.x - g.start.x, at.y - g.start.y) < DRAG_THRESHOLD) return;
    g.moved = true;
    if (g.kind === 'lasso') extendOutline(g.outline, at);
    shape.setAttribute(
      'points',
      polygon(g)
        .map((p) => `${p.x},${p.y}`)
        .join(' '),
    );
    svg.style.display = '';
  }
  function end(): void {
    const g = gesture;
    gesture = null;
    svg.style.display = 'none';
    shape.removeAttribute('points');
    if (!g) return;
    if (!g.moved) {
      // A tap with a tool on: the node under it joins or leaves the selection.
      if (!g.touch && mode === 'off') return;
      const n = nodeAt(g.start);
      if (n) {
        if (n.selected()) n.unselect();
        else n.select();
      }
      return;
    }
    const candidates = cy
      .nodes()
      .not(NOT_SELECTABLE)
      .filter((n: NodeSingular) => n.visible())
      .map((n: NodeSingular) => ({ id: n.id(), ...n.renderedPosition() }));
    const hit = new Set(enclosed(candidates, polygon(g)));
    cy.batch(() => {
      if (!g.additive) cy.elements(':selected').unselect();
      cy.nodes()
        .filter((n) => hit.has(n.id()))
        .select();
    });
  }
  /** The node drawn at a point of the canvas (its body, not its label), the nearest centre first. */
  function nodeAt(p: Point): NodeSingular | null {
    let best: NodeSingular | null = null;
    let bestD = Infinity;
    cy.nodes()
      .not(NOT_SELECTABLE)
      .forEach((n) => {
        if (!n.visible()) return;
        const bb = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
        if (p.x < bb.x1 || p.x > bb.x2 || p.y < bb.y1 || p.y > bb.y2) return;
        const c = n.renderedPosition();
        const d = Math.hypot(c.x - p.x, c.y - p.y);
        if (d < bestD) [best, bestD] = [n, d];
      });
    return best;
  }

  // Capture phase on the container: the press is ours before Cytoscape's own listener sees it, so it
  // neither pans nor drags a node; Cytoscape's window listeners ignore a gesture it never started.
  container.addEventListener(
    'mousedown',
    (e) => {
      if (e.button !== 0 || busy) return;
      if (!e.altKey && mode === 'off') return;
      e.stopPropagation();
      e.preventDefault();
      const kind = e.altKey ? 'lasso' : mode === 'off' ? 'lasso' : mode;
      begin(kind, local(e.clientX, e.clientY), mode !== 'off' || e.shiftKey || e.ctrlKey || e.metaKey, false);
    },
    true,
  );
  window.addEventListener(
    'mousemove',
    (e) => {
      if (!gesture || gesture.touch) return;
      e.stopPropagation();
      move(local(e.clientX, e.clientY));
    },
    true,
  );
  window.addEventListener(
    'mouseup',
    (e) => {
      if (!gesture || gesture.touch) return;
      e.stopPropagation();
      move(local(e.clientX, e.clientY));
      end();
    },
    true,
  );
  container.addEventListener(
    'touchstart',
    (e) => {
      if (mode === 'off' || busy) return;
      if (e.touches.length !== 1) {
        // A second finger: a pinch, which is Cytoscape's; the outline drawn so far is dropped.
        if (gesture) {
          gesture = null;
          svg.style.display = 'none';
        }
        return;
      }
      e.stopPropagation();
      e.preventDefault();
      const t = e.touches[0]!;
      begin(mode, local(t.clientX, t.clientY), true, true);
    },
    { capture: true, passive: false },
  );
  window.addEventListener(
    'touchmove',
    (e) => {
      if (!gesture?.touch) return;
      e.stopPropagation();
      e.preventDefault();
      const t = e.touches[0];
      if (t) move(local(t.clientX, t.clientY));
    },
    { capture: true, passive: false },
  );
  const touchEnd = (e: TouchEvent) => {
    if (!gesture?.touch) return;
    e.stopPropagation();
    if (e.type === 'touchcancel') {
      gesture = null;
      svg.style.display = 'none';
      return;
    }
    end();
  };
  window.addEventListener('touchend', touchEnd, true);
  window.addEventListener('touchcancel', touchEnd, true);

  // Ctrl/Cmd+A with the canvas focused (not in a field or a dialog): every visible node.
  container.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'a') return;
    if (e.target !== container || document.querySelector('dialog[open]')) return;
    e.preventDefault();
    cy.batch(() => {
      cy.nodes()
        .not(NOT_SELECTABLE)
        .filter((n: NodeSingular) => n.visible())
        .select();
    });
  });

  update();
  return {
    targets,
    progress(text) {
      progressText = text;
      busy = text !== null;
      update();
    },
    get mode() {
      return mode;
    },
    setMode,
  };
}
