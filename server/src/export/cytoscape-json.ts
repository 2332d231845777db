// Cytoscape.js elements JSON, versioned so the explorer can open an export again ("import view"):
// {format: 'liaison-cytoscape', version: 1, title, exportedAt, subgraph, elements: {nodes: [{data}],
// edges: [{data}]}, sources: [...]}, where each node's data is the API node with its citations and
// each edge's data the API edge with its citations, then judgements (as GET /api/judgements gives
// them) and mergedIds: what was judged about the exported entities, and changes: the history of the
// exported facts (as GET /api/changes/:id gives each, before and after included). Written element by element.
import type { ApiNode } from '../graph/serialize';
import type { ExportMeta } from './formats';
import type { TextSink } from './sink';
import { exportedChange, type ExportedChange } from '../history/stored';
import type { Judgement } from '../resolve/types';
import type { ExportEdge, ExportGraph, ExportMergedId, ExportNode } from './subgraph';

export const CYTOSCAPE_FORMAT = 'liaison-cytoscape';
export const CYTOSCAPE_VERSION = 1;

/** The document as a type, for readers in TypeScript (the client's "import view", the tests). */
export interface LiaisonCytoscapeDocument {
  format: typeof CYTOSCAPE_FORMAT;
  version: typeof CYTOSCAPE_VERSION;
  title: string;
  exportedAt: string;
  subgraph: ExportMeta['spec'];
  elements: { nodes: Array<{ data: ExportNode }>; edges: Array<{ data: ExportEdge }> };
  sources: ApiNode[];
  /** Live and undone, oldest first; absent in exports made before judgements travelled. */
  judgements?: Judgement[];
  /** The ids merged into exported entities. */
  mergedIds?: ExportMergedId[];
  /** The history of the exported facts, oldest first; absent in exports made before history travelled. */
  changes?: ExportedChange[];
}

async function writeList<T>(sink: TextSink, items: readonly T[], wrap: (item: T) => unknown): Promise<void> {
  for (let i = 0; i < items.length; i++) await sink.write(`${i === 0 ? '\n' : ',\n'}      ${JSON.stringify(wrap(items[i]!))}`);
  await sink.write(items.length ? '\n    ]' : ']');
}

export async function writeCytoscapeJson(graph: ExportGraph, sink: TextSink, meta: ExportMeta): Promise<void> {
  const head = {
    format: CYTOSCAPE_FORMAT,
    version: CYTOSCAPE_VERSION,
    title: meta.title,
    exportedAt: meta.exportedAt,
    subgraph: meta.spec,
  };
  await sink.write(`${JSON.stringify(head, null, 2).slice(0, -2)},\n  "elements": {\n    "nodes": [`);
  await writeList(sink, graph.nodes, (data) => ({ data }));
  await sink.write(',\n    "edges": [');
  await writeList(sink, graph.edges, (data) => ({ data }));
  await sink.write('\n  },\n  "sources": [');
  for (let i = 0; i < graph.sources.length; i++) await sink.write(`${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(graph.sources[i])}`);
  await sink.write(graph.sources.length ? '\n  ],\n  "judgements": [' : '],\n  "judgements": [');
  const judgements = graph.judgements ?? [];
  for (let i = 0; i < judgements.length; i++) await sink.write(`${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(judgements[i])}`);
  await sink.write(`${judgements.length ? '\n  ]' : ']'},\n  "mergedIds": ${JSON.stringify(graph.mergedIds ?? [])},\n  "changes": [`);
  const changes = graph.changes ?? [];
  for (let i = 0; i < changes.length; i++) await sink.write(`${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(exportedChange(changes[i]!))}`);
  await sink.write(`${changes.length ? '\n  ]' : ']'}\n}\n`);
}
