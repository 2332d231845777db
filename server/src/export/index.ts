// The public door of exports: prepare one (validate, fetch the subgraph, name the file), then write
// it to a stream. The HTTP routes and the examples script both go through here.
import type { Writable } from 'node:stream';

import type { Executor } from '../db/executor';
import { defaultTitle, exportFileName, exportFormat, type ExportFormat, type ExportMeta } from './formats';
import type { ExportRequest } from './spec';
import { fetchSubgraph, type ExportGraph } from './subgraph';

export { describeFormats, EXPORT_FORMATS } from './formats';
export { EXPORT_FORMAT_NAMES, parseExportQuery, parseExportRequest, subgraphSpec, type ExportRequest, type SubgraphSpec } from './spec';
export type { ExportGraph } from './subgraph';

export interface PreparedExport {
  format: ExportFormat;
  meta: ExportMeta;
  graph: ExportGraph;
  fileName: string;
}

export async function prepareExport(executor: Executor, request: ExportRequest, now: Date = new Date()): Promise<PreparedExport> {
  const format = exportFormat(request.format);
  const graph = await fetchSubgraph(executor, request.subgraph);
  const meta: ExportMeta = {
    title: request.title || defaultTitle(request.subgraph, graph),
    exportedAt: now.toISOString().slice(0, 10),
    spec: request.subgraph,
  };
  return { format, meta, graph, fileName: exportFileName(meta, format) };
}

/** Writes a prepared export to `out`, chunk by chunk; does not end `out`. */
export function writeExport(prepared: PreparedExport, out: Writable): Promise<void> {
  return prepared.format.write(prepared.graph, out, prepared.meta);
}
