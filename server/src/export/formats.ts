// The export formats: what GET /api/export/formats lists, the content type and file name of each
// download, and the writer that produces it. Adding a format is one entry here and one writer.
import type { Writable } from 'node:stream';

import { foldName } from '../names/keys';
import { writeCitationsHtml, writeCitationsMarkdown } from './citation-list';
import { writeCsvZip } from './csv';
import { writeCypherScript } from './cypher-script';
import { writeCytoscapeJson } from './cytoscape-json';
import { writeFtm } from './ftm';
import { writeGexf } from './gexf';
import { writeGraphml } from './graphml';
import { streamSink, type TextSink } from './sink';
import type { ExportFormatName, SubgraphSpec } from './spec';
import type { ExportGraph } from './subgraph';

export interface ExportMeta {
  title: string;
  /** Day of the export, YYYY-MM-DD (UTC); in file names and inside the files. */
  exportedAt: string;
  spec: SubgraphSpec;
}

export interface ExportFormat {
  format: ExportFormatName;
  label: string;
  description: string;
  extension: string;
  contentType: string;
  /** Writes the file to `out` as it goes; the caller ends `out`. */
  write(graph: ExportGraph, out: Writable, meta: ExportMeta): Promise<void>;
}

type TextWriter = (graph: ExportGraph, sink: TextSink, meta: ExportMeta) => Promise<void>;
const text =
  (writer: TextWriter): ExportFormat['write'] =>
  (graph, out, meta) =>
    writer(graph, streamSink(out), meta);

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    format: 'graphml',
    label: 'GraphML',
    description: 'For yEd, Gephi, Cytoscape desktop or NetworkX: typed attributes, citations on every node and edge.',
    extension: 'graphml',
    contentType: 'application/graphml+xml; charset=utf-8',
    write: text(writeGraphml),
  },
  {
    format: 'gexf',
    label: 'GEXF (Gephi)',
    description: "For Gephi: meetings and their links carry dates, so Gephi's timeline plays them; citations as attributes.",
    extension: 'gexf',
    contentType: 'application/gexf+xml; charset=utf-8',
    write: text(writeGexf),
  },
  {
    format: 'csv',
    label: 'CSV (zip)',
    description: 'nodes.csv, edges.csv and citations.csv for spreadsheets; Liaison imports the zip again.',
    extension: 'csv.zip',
    contentType: 'application/zip',
    write: writeCsvZip,
  },
  {
    format: 'json',
    label: 'JSON (Cytoscape)',
    description: 'Cytoscape.js elements with citations and sources; the explorer can open it again.',
    extension: 'json',
    contentType: 'application/json; charset=utf-8',
    write: text(writeCytoscapeJson),
  },
  {
    format: 'cypher',
    label: 'Cypher script',
    description: 'Recreates the subgraph with its citations in an empty Neo4j (cypher-shell -f or Neo4j Browser).',
    extension: 'cypher',
    contentType: 'application/x-cypher-query; charset=utf-8',
    write: text(writeCypherScript),
  },
  {
    format: 'ftm',
    label: 'FollowTheMoney (Aleph)',
    description: 'FtM entities as JSON lines for Aleph: people, public bodies, events, posts, articles and documentation.',
    extension: 'ftm.json',
    contentType: 'application/x-ndjson; charset=utf-8',
    write: text((graph, sink) => writeFtm(graph, sink)),
  },
  {
    format: 'citations-md',
    label: 'Citation list (Markdown)',
    description: 'Every source behind the exported facts, with the quotes, grouped by fact.',
    extension: 'md',
    contentType: 'text/markdown; charset=utf-8',
    write: text(writeCitationsMarkdown),
  },
  {
    format: 'citations-html',
    label: 'Citation list (HTML)',
    description: 'The same as a page to read, print or send: sources, then each fact with its quotes.',
    extension: 'html',
    contentType: 'text/html; charset=utf-8',
    write: text(writeCitationsHtml),
  },
];

export function exportFormat(name: ExportFormatName): ExportFormat {
  const format = EXPORT_FORMATS.find((f) => f.format === name);
  if (!format) throw new Error(`no export format ${name}`);
  return format;
}

/** What GET /api/export/formats answers. */
export function describeFormats() {
  return EXPORT_FORMATS.map(({ format, label, description, extension, contentType }) => ({
    format,
    label,
    description,
    extension,
    contentType,
  }));
}

/** A title for an export that names none: what it shows ("Nikolai Patrushev, 2 hops, 2019 to 2019-09"). */
export function defaultTitle(spec: SubgraphSpec, graph: ExportGraph): string {
  if (spec.kind === 'elements') return `View of ${graph.nodes.length} entities`;
  const name = graph.nodes.find((n) => n.id === spec.node)?.name ?? spec.node;
  const window = spec.from || spec.to ? `, ${spec.from ?? '…'} to ${spec.to ?? '…'}` : '';
  return `${name}, ${spec.hops} hop${spec.hops === 1 ? '' : 's'}${window}`;
}

/** liaison-<slug>-<date>.<ext>; the slug is the title folded to ASCII (Патрушев → patrushev). */
export function exportFileName(meta: ExportMeta, format: ExportFormat): string {
  const slug = foldName(meta.title).replace(/ /g, '-').slice(0, 60).replace(/-+$/, '') || 'export';
  return `liaison-${slug}-${meta.exportedAt}.${format.extension}`;
}
