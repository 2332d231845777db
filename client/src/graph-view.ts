// The network canvas: a Cytoscape instance that grows as the user opens neighbourhoods. Large
// neighbourhoods come in pages; the rest waits behind one "+N more" node that pages in on demand.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';

import { api, type GraphEdge, type GraphNode, type Neighborhood, type Schema } from './api';
import { edgeLabel, graphStyle } from './style';

cytoscape.use(fcose);

export const PAGE_SIZE = 25;

export type Selection = { kind: 'node'; node: GraphNode } | { kind: 'edge'; edge: GraphEdge } | null;

export class GraphView {
  readonly cy: Core;
  /** Next cursor per expanded node: what "+N more" will fetch. */
  private readonly cursors = new Map<string, string | null>();

  constructor(
    container: HTMLElement,
    private readonly schema: Schema,
    private readonly onSelect: (s: Selection) => void,
    private readonly onError: (e: unknown) => void,
  ) {
    this.cy = cytoscape({ container, style: graphStyle(schema), minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false });
    this.cy.on('tap', 'node', (e) => {
      const n = e.target as NodeSingular;
      if (n.hasClass('more')) void this.expand(n.data('owner') as string).catch(onError);
      else onSelect({ kind: 'node', node: n.data('raw') as GraphNode });
    });
    this.cy.on('tap', 'edge', (e) => onSelect({ kind: 'edge', edge: e.target.data('raw') as GraphEdge }));
    this.cy.on('tap', (e) => {
      if (e.target === this.cy) onSelect(null);
    });
    this.cy.on('dbltap', 'node', (e) => {
      const n = e.target as NodeSingular;
      if (!n.hasClass('more')) void this.expand(n.id()).catch(onError);
    });
    this.cy.on('mouseover', 'edge', (e) => e.target.addClass('hover'));
    this.cy.on('mouseout', 'edge', (e) => e.target.removeClass('hover'));
  }

  get isEmpty(): boolean {
    return this.cy.elements().empty();
  }

  clear(): void {
    this.cy.elements().remove();
    this.cursors.clear();
  }

  fit(): void {
    this.cy.animate({ fit: { eles: this.cy.elements(), padding: 40 }, duration: 250 });
  }

  /** Opens a node's neighbourhood on an empty canvas, centred on it. */
  async open(id: string): Promise<void> {
    this.clear();
    await this.expand(id, true);
  }

  /** Adds the next page of a node's neighbours (the first page, the first time). */
  async expand(id: string, focus = false): Promise<void> {
    if (this.cursors.has(id) && this.cursors.get(id) === null) return; // everything is in already
    const page = await api.neighbors(id, this.cursors.get(id) ?? null, PAGE_SIZE);
    this.add(id, page, focus);
  }

  private nodeElement(n: GraphNode, near?: { x: number; y: number }): ElementDefinition {
    return {
      group: 'nodes',
      data: { id: n.id, label: n.name, type: n.type, citationStatus: n.citationStatus ?? 'reported', raw: n },
      // New nodes start beside the node they came from, so the layout only nudges the picture.
      ...(near ? { position: { x: near.x + (Math.random() - 0.5) * 120, y: near.y + (Math.random() - 0.5) * 120 } } : {}),
    };
  }

  private add(centerId: string, page: Neighborhood, focus: boolean): void {
    const cy = this.cy;
    const center = cy.getElementById(centerId);
    const near = center.nonempty() ? center.position() : { x: 0, y: 0 };
    const added: ElementDefinition[] = [];
    for (const n of page.nodes) if (cy.getElementById(n.id).empty()) added.push(this.nodeElement(n, near));
    for (const e of page.edges)
      if (cy.getElementById(e.id).empty())
        added.push({
          group: 'edges',
          data: {
            id: e.id,
            source: e.source,
            target: e.target,
            type: e.type,
            label: edgeLabel(this.schema, e.type, e.properties),
            citationStatus: e.citationStatus ?? 'reported',
            raw: e,
          },
        });
    cy.batch(() => {
      cy.getElementById(`more:${centerId}`).remove();
      cy.add(added);
      const c = cy.getElementById(centerId);
      c.addClass('expanded');
      if (focus) c.data('focus', true);
      this.cursors.set(centerId, page.nextCursor);
      const shown = c.connectedEdges().filter((e) => !e.target().hasClass('more')).length;
      const remaining = page.counts.total - shown;
      if (page.nextCursor && remaining > 0) {
        cy.add([
          {
            group: 'nodes',
            data: { id: `more:${centerId}`, owner: centerId, label: `+${remaining} more` },
            classes: 'more',
            position: { ...near, y: near.y + 60 },
          },
          { group: 'edges', data: { id: `more-edge:${centerId}`, source: centerId, target: `more:${centerId}` }, classes: 'more-edge' },
        ]);
      }
    });
    this.layout(added.length > 0 && !focus);
  }

  private layout(incremental: boolean): void {
    const options = {
      name: 'fcose',
      quality: this.cy.nodes().length > 1000 ? 'draft' : 'default',
      randomize: !incremental,
      animate: incremental,
      animationDuration: 400,
      nodeRepulsion: 12000,
      idealEdgeLength: 120,
      nodeSeparation: 90,
      fit: true,
      padding: 40,
    } as cytoscape.LayoutOptions;
    this.cy.layout(options).run();
  }
}
