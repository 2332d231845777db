// GEXF 1.3 for Gephi, in dynamic mode: a meeting exists from the first to the last day of its
// date (endDate), and so do the edges that touch it, so Gephi's timeline plays the meetings at
// once; everything else is timeless. Attributes come from the schema (export/columns.ts), colours
// from its styles.
//
// Written with xmlbuilder2 rather than graphology-gexf's writer: that one builds the whole string
// in memory from a graphology graph and has no way to write node and edge intervals, which are the
// point of this format here; graphology-gexf stays as the independent reader in the tests.
import { createCB } from 'xmlbuilder2';

import { NODE_TYPES, RELATIONSHIP_TYPES, isNodeLabel, isRelationshipType } from '../schema/model';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, edgeLabel, isDirected, type AttributeType, type GraphAttribute } from './columns';
import type { ExportMeta } from './formats';
import { EVENT_TYPE, eventPeriod, type Period } from './intervals';
import { xmlSafe, type TextSink } from './sink';
import type { ExportGraph } from './subgraph';

export const GEXF_NS = 'http://gexf.net/1.3';
export const GEXF_VIZ_NS = 'http://gexf.net/1.3/viz';

const GEXF_TYPES: Record<AttributeType, string> = { string: 'string', int: 'integer', url: 'anyURI' };

// GEXF puts values in attributes, where an XML reader turns a raw line break into a space, and
// xmlbuilder2 writes line breaks raw. They go in as a private-use character and come out as &#10;.
const LINE_BREAK = '\uE000';
const attributeText = (value: string) =>
  xmlSafe(value)
    .replaceAll(LINE_BREAK, '')
    .replace(/\r\n|\r|\n/g, LINE_BREAK);

// GEXF nodes and edges have a label of their own, and Gephi reserves the column name.
const notLabel = <T>(a: GraphAttribute<T>) => a.name !== 'label';
const GEXF_NODE_ATTRIBUTES = NODE_ATTRIBUTES.filter(notLabel);
const GEXF_EDGE_ATTRIBUTES = EDGE_ATTRIBUTES.filter(notLabel);

function rgb(hex: string): { r: string; g: string; b: string } | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? { r: String(parseInt(m[1]!, 16)), g: String(parseInt(m[2]!, 16)), b: String(parseInt(m[3]!, 16)) } : null;
}

export async function writeGexf(graph: ExportGraph, sink: TextSink, meta: ExportMeta): Promise<void> {
  let buffer = '';
  const xml = createCB({ prettyPrint: true, data: (chunk: string) => (buffer += chunk) });
  const flush = async () => {
    const chunk = buffer.replaceAll(LINE_BREAK, '&#10;');
    buffer = '';
    if (chunk) await sink.write(chunk);
  };
  const attvalues = <T>(attrs: readonly GraphAttribute<T>[], element: T) => {
    const values = attrs.map((a) => [a.name, a.value(element)] as const).filter(([, v]) => v !== null && v !== '');
    if (values.length === 0) return;
    xml.ele('attvalues');
    for (const [name, value] of values) xml.ele('attvalue', { for: name, value: attributeText(String(value)) }).up();
    xml.up();
  };
  const color = (hex: string | undefined) => {
    const c = hex ? rgb(hex) : null;
    if (c) xml.ele(GEXF_VIZ_NS, 'viz:color', c).up();
  };
  const span = (p: Period | undefined) => (p ? { start: p.start, end: p.end } : {});

  const periods = new Map<string, Period>();
  for (const n of graph.nodes) {
    const p = n.type === EVENT_TYPE ? eventPeriod(n.properties) : null;
    if (p) periods.set(n.id, p);
  }

  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  xml.ele('gexf', { xmlns: GEXF_NS, 'xmlns:viz': GEXF_VIZ_NS, version: '1.3' });
  xml
    .ele('meta', { lastmodifieddate: meta.exportedAt })
    .ele('creator')
    .txt('Liaison')
    .up()
    .ele('description')
    .txt(xmlSafe(`${meta.title}: every node and edge carries its citations (attribute "citations").`))
    .up()
    .up();
  xml.ele('graph', { defaultedgetype: 'directed', mode: 'dynamic', timeformat: 'date' });
  for (const [cls, attrs] of [
    ['node', GEXF_NODE_ATTRIBUTES],
    ['edge', GEXF_EDGE_ATTRIBUTES],
  ] as const) {
    xml.ele('attributes', { class: cls });
    for (const a of attrs as readonly GraphAttribute<unknown>[])
      xml.ele('attribute', { id: a.name, title: a.name, type: GEXF_TYPES[a.type] }).up();
    xml.up();
  }
  xml.ele('nodes', { count: String(graph.nodes.length) });
  await flush();
  for (const node of graph.nodes) {
    xml.ele('node', { id: node.id, label: xmlSafe(node.name), ...span(periods.get(node.id)) });
    attvalues(GEXF_NODE_ATTRIBUTES, node);
    color(isNodeLabel(node.type) ? NODE_TYPES[node.type].style.color : undefined);
    xml.up();
    await flush();
  }
  xml.up().ele('edges', { count: String(graph.edges.length) });
  for (const edge of graph.edges) {
    // An edge to a meeting lives while the meeting does (PART_OF between two meetings: the inner one).
    const period = periods.get(edge.source) ?? periods.get(edge.target);
    xml.ele('edge', {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: xmlSafe(edgeLabel(edge.type, edge.properties)),
      kind: edge.type,
      ...(isDirected(edge.type) ? {} : { type: 'undirected' }),
      ...span(period),
    });
    attvalues(GEXF_EDGE_ATTRIBUTES, edge);
    color(isRelationshipType(edge.type) ? RELATIONSHIP_TYPES[edge.type].style.color : undefined);
    xml.up();
    await flush();
  }
  xml.up().up().up().end();
  await flush();
}
