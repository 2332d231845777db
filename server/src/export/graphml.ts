// GraphML 1.0 for yEd, Gephi, Cytoscape desktop and NetworkX: one typed <key> per attribute of the
// schema (export/columns.ts), nodes and edges with their citations as data, undirected
// relationships (KNOWS) marked directed="false". Written element by element with xmlbuilder2.
import { createCB } from 'xmlbuilder2';

import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, isDirected, type AttributeType, type GraphAttribute } from './columns';
import type { ExportMeta } from './formats';
import { xmlSafe, type TextSink } from './sink';
import type { ExportGraph } from './subgraph';

export const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';

const GRAPHML_TYPES: Record<AttributeType, string> = { string: 'string', int: 'int', url: 'string' };

/**
 * Node ids must be XML name tokens in GraphML; Liaison ids may hold "/". Any other character is
 * written as _xHHHH_ (the escape .NET's XmlConvert uses), so the id stays readable and reversible.
 */
export function graphmlId(id: string): string {
  return [...id]
    .map((ch) =>
      /[A-Za-z0-9._:-]/.test(ch) || (ch >= '\u00C0' && /\p{L}|\p{Nd}/u.test(ch))
        ? ch
        : `_x${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}_`,
    )
    .join('');
}

const keyId = (prefix: 'n' | 'e', name: string) => `${prefix}_${name}`;

export async function writeGraphml(graph: ExportGraph, sink: TextSink, meta: ExportMeta): Promise<void> {
  let buffer = '';
  const xml = createCB({ prettyPrint: true, data: (chunk: string) => (buffer += chunk) });
  const flush = async () => {
    const chunk = buffer;
    buffer = '';
    if (chunk) await sink.write(chunk);
  };
  const data = <T>(attrs: readonly GraphAttribute<T>[], prefix: 'n' | 'e', element: T) => {
    for (const a of attrs) {
      const value = a.value(element);
      if (value === null || value === '') continue;
      xml
        .ele('data', { key: keyId(prefix, a.name) })
        .txt(xmlSafe(String(value)))
        .up();
    }
  };

  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  xml.ele('graphml', { xmlns: GRAPHML_NS });
  xml
    .ele('desc')
    .txt(xmlSafe(`${meta.title} — exported from Liaison on ${meta.exportedAt}; every fact carries its citations.`))
    .up();
  for (const [prefix, domain, attrs] of [
    ['n', 'node', NODE_ATTRIBUTES],
    ['e', 'edge', EDGE_ATTRIBUTES],
  ] as const)
    for (const a of attrs as readonly GraphAttribute<unknown>[])
      xml
        .ele('key', { id: keyId(prefix, a.name), for: domain, 'attr.name': a.name, 'attr.type': GRAPHML_TYPES[a.type] })
        .ele('desc')
        .txt(a.description)
        .up()
        .up();
  xml.ele('graph', { id: 'liaison', edgedefault: 'directed' });
  await flush();
  for (const node of graph.nodes) {
    xml.ele('node', { id: graphmlId(node.id) });
    data(NODE_ATTRIBUTES, 'n', node);
    xml.up();
    await flush();
  }
  for (const edge of graph.edges) {
    xml.ele('edge', {
      id: graphmlId(edge.id),
      source: graphmlId(edge.source),
      target: graphmlId(edge.target),
      ...(isDirected(edge.type) ? {} : { directed: 'false' }),
    });
    data(EDGE_ATTRIBUTES, 'e', edge);
    xml.up();
    await flush();
  }
  xml.up().up().end();
  await flush();
}
