// The result graph: a small Cytoscape view of the nodes and relationships a query returned, drawn
// with the explorer's own style function so both pages look alike.
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';

import type { GraphEdge, GraphNode, Schema } from '../api';
import { edgeLabel, graphStyle } from '../style';

cytoscape.use(fcose);

/** Element data as the explorer's GraphView builds it (label, type, citationStatus, raw). */
export function toElements(schema: Schema, nodes: GraphNode[], edges: GraphEdge[]): ElementDefinition[] {
  const ids = new Set(nodes.map((n) => n.id));
  return [
    ...nodes.map((n) => ({
      group: 'nodes' as const,
      data: { id: n.id, label: n.name, type: n.type, citationStatus: n.citationStatus ?? 'reported', raw: n },
    })),
    // An edge whose end the query did not return cannot be drawn on its own.
    ...edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({
        group: 'edges' as const,
        data: {
          id: e.id,
          source: e.source,
          target: e.target,
          type: e.type,
          label: edgeLabel(schema, e.type, e.properties),
          citationStatus: e.citationStatus ?? 'reported',
          raw: e,
        },
      })),
  ];
}

export class ResultsGraph {
  readonly cy: Core;

  constructor(
    container: HTMLElement,
    private readonly schema: Schema,
  ) {
    this.cy = cytoscape({ container, style: graphStyle(schema), minZoom: 0.1, maxZoom: 4, boxSelectionEnabled: false });
    this.cy.on('mouseover', 'edge', (e) => e.target.addClass('hover'));
    this.cy.on('mouseout', 'edge', (e) => e.target.removeClass('hover'));
  }

  show(nodes: GraphNode[], edges: GraphEdge[]): void {
    this.cy.elements().remove();
    this.cy.add(toElements(this.schema, nodes, edges));
    this.layout();
  }

  /** Called when the tab becomes visible: Cytoscape measures its container only then. */
  resize(): void {
    this.cy.resize();
    this.cy.fit(undefined, 30);
  }

  private layout(): void {
    if (this.cy.nodes().empty()) return;
    // No animation: exports and "open in explorer" may follow at once and want final positions.
    this.cy
      .layout({
        name: 'fcose',
        randomize: true,
        animate: false,
        nodeRepulsion: 9000,
        idealEdgeLength: 110,
        fit: true,
        padding: 30,
      } as cytoscape.LayoutOptions)
      .run();
  }
}
