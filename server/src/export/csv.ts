// The CSV export: a zip of nodes.csv, edges.csv and citations.csv (one row per fact and source, with
// the quote and the source's details), whose property columns come from the schema, and each fact's
// alsoStated entries, so that an import of the zip reproduces the merges behind it; judgements.csv
// lists the judgements about the exported entities and changes.csv the history of the exported facts
// (the import reads neither). Spreadsheets
// open it; import/csv.ts reads it back into a bundle. Streamed: archiver writes the zip to the
// response while csv-stringify produces each file.
import type { Writable } from 'node:stream';

import { ZipArchive } from 'archiver';
import { stringify } from 'csv-stringify';

import type { Json } from '../db/values';
import type { ApiCitation, ApiNode } from '../graph/serialize';
import { exportedChange } from '../history/stored';
import {
  CHANGE_COLUMNS,
  EDGE_PROPERTY_COLUMNS,
  JUDGEMENT_COLUMNS,
  NODE_PROPERTY_COLUMNS,
  SOURCE_COLUMN_PREFIX,
  SOURCE_PROPERTY_COLUMNS,
  alsoStatedText,
  cellText,
  edgeLabel,
  type PropertyColumn,
} from './columns';
import type { ExportMeta } from './formats';
import { ClientGoneError } from './sink';
import type { ExportGraph } from './subgraph';

export const CSV_FILES = { nodes: 'nodes.csv', edges: 'edges.csv', citations: 'citations.csv' } as const;
/** Written beside CSV_FILES, not read back: judgements are history, an import makes its own. */
export const JUDGEMENTS_CSV = 'judgements.csv';
/** Written beside them too: the history of the exported facts. */
export const CHANGES_CSV = 'changes.csv';

/**
 * The values other sources stated differently from the one a fact keeps (DERIVED_PROPERTIES.alsoStated),
 * as a JSON array of {property, value, sources: [ids]}. Among the fixed columns, apart from the
 * schema's properties: no source states it, merges do. Absent in zips from before it: no entries.
 */
export const ALSO_STATED_COLUMN = 'also_stated';
/** Fixed columns before the schema's property columns; "label" columns are for reading only. */
export const NODE_FIXED_COLUMNS = ['id', 'type', 'label', 'citationStatus', ALSO_STATED_COLUMN] as const;
export const EDGE_FIXED_COLUMNS = [
  'id',
  'type',
  'source',
  'target',
  'sourceLabel',
  'targetLabel',
  'label',
  'citationStatus',
  ALSO_STATED_COLUMN,
] as const;
/**
 * The columns of a record citation (a row of a dataset behind the fact): the (:Record) node's id and
 * where the record sits in its file, with its raw text. Empty on a quote's row.
 */
export const RECORD_CITATION_COLUMNS = ['record', 'file', 'line', 'row', 'recordId', 'pointer', 'raw'] as const;
/** citations.csv: `kind` is quote or record (absent in zips from before records: quote). */
export const CITATION_FIXED_COLUMNS = [
  'factId',
  'factKind',
  'factType',
  'factLabel',
  'sourceId',
  'kind',
  'quote',
  'status',
  'lang',
  'note',
  ...RECORD_CITATION_COLUMNS,
] as const;

export const NODE_CSV_COLUMNS = [...NODE_FIXED_COLUMNS, ...NODE_PROPERTY_COLUMNS.map((c) => c.name)];
export const EDGE_CSV_COLUMNS = [...EDGE_FIXED_COLUMNS, ...EDGE_PROPERTY_COLUMNS.map((c) => c.name)];
export const JUDGEMENT_CSV_COLUMNS = JUDGEMENT_COLUMNS.map((c) => c.name);
export const CHANGE_CSV_COLUMNS = CHANGE_COLUMNS.map((c) => c.name);
export const CITATION_CSV_COLUMNS = [...CITATION_FIXED_COLUMNS, ...SOURCE_PROPERTY_COLUMNS.map((c) => `${SOURCE_COLUMN_PREFIX}${c.name}`)];

type Row = Array<string | null>;

const props = (columns: readonly PropertyColumn[], properties: Record<string, Json>): Row =>
  columns.map((c) => cellText(c.kind, properties[c.name]));

function readme(meta: ExportMeta, graph: ExportGraph): string {
  const describe = (columns: readonly PropertyColumn[]) =>
    columns.map((c) => `  ${c.name}: ${c.description} (${c.declaredBy.join(', ')})`).join('\n');
  return [
    `${meta.title}`,
    `Exported from Liaison on ${meta.exportedAt}: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${graph.sources.length} sources.`,
    '',
    `${CSV_FILES.nodes}: one row per entity, and per source that no citation row describes (or that has ${ALSO_STATED_COLUMN}).`,
    `${NODE_FIXED_COLUMNS.join(', ')}, then the properties:`,
    describe(NODE_PROPERTY_COLUMNS),
    '',
    `${CSV_FILES.edges}: one row per relationship, from source to target. ${EDGE_FIXED_COLUMNS.join(', ')}, then the properties:`,
    describe(EDGE_PROPERTY_COLUMNS),
    '',
    `${CSV_FILES.citations}: one row per citation of a fact, of one of two kinds. A quote (kind "quote") gives the sentence`,
    'that states the fact (quote) and whether the source reports it, speculates or disputes it (status). A record (kind',
    '"record") names the row of a dataset the fact was read from: the record id (record), its file, line or row, the',
    "dataset's own record id (recordId), a JSON pointer, and the record's text as read (raw). The source_ columns describe",
    'the source (for a dataset: its version, retrieval date and licence).',
    '',
    `${JUDGEMENTS_CSV}: one row per judgement, live or undone, naming an exported entity or an id merged into one, oldest first`,
    '(only the header when there is none):',
    JUDGEMENT_COLUMNS.map((c) => `  ${c.name}: ${c.description}`).join('\n'),
    '',
    `${CHANGES_CSV}: the history of the exported facts, one row per change (an import, an edit, a retraction, a merge, a`,
    'split, a revert), oldest first (only the header when there is none):',
    CHANGE_COLUMNS.map((c) => `  ${c.name}: ${c.description}`).join('\n'),
    '',
    `${ALSO_STATED_COLUMN}: the values other sources stated differently from the one kept when their facts were merged, as a`,
    'JSON array of {"property", "value", "sources": [source ids]}; empty when every source agreed.',
    '',
    'Lists (aliases) are JSON arrays. Dates are given as precisely as the source gives them: 2019, 2019-08 or 2019-09-04.',
    'Files are UTF-8 with a byte order mark, so that spreadsheet programs read the accents and scripts right.',
    'Load the zip into Liaison again with `npm run import -- FILE.zip` or POST /api/import (Content-Type: application/zip).',
    '',
  ].join('\n');
}

export function citationRows(graph: ExportGraph): Row[] {
  const sources = new Map(graph.sources.map((s) => [s.id, s]));
  const rows: Row[] = [];
  const add = (factId: string, factKind: 'node' | 'relationship', factType: string, factLabel: string, citations: ApiCitation[]) => {
    for (const c of citations) {
      const source = sources.get(c.sourceId);
      const quote = c.kind === 'quote' ? [c.quote, c.status, c.lang, c.note] : [null, c.status, null, null];
      const record =
        c.kind === 'record'
          ? [c.record, c.file, c.line === null ? null : String(c.line), c.row === null ? null : String(c.row), c.recordId, c.pointer, c.raw]
          : RECORD_CITATION_COLUMNS.map(() => null);
      rows.push([
        factId,
        factKind,
        factType,
        factLabel,
        c.sourceId,
        c.kind,
        ...quote,
        ...record,
        ...props(SOURCE_PROPERTY_COLUMNS, source?.properties ?? {}),
      ]);
    }
  };
  for (const n of graph.nodes) add(n.id, 'node', n.type, n.name, n.citations);
  for (const e of graph.edges) add(e.id, 'relationship', e.type, edgeLabel(e.type, e.properties), e.citations);
  return rows;
}

/**
 * The Sources that need a row of nodes.csv besides the subgraph's nodes: citation rows describe the
 * others, but not a Source only alsoStated names (its citations were not exported) nor a Source's
 * own alsoStated.
 */
export function sourceRows(graph: ExportGraph): ApiNode[] {
  const inNodes = new Set(graph.nodes.map((n) => n.id));
  const cited = new Set([...graph.nodes, ...graph.edges].flatMap((f) => f.citations.map((c) => c.sourceId)));
  return graph.sources.filter((s) => !inNodes.has(s.id) && (!cited.has(s.id) || (s.alsoStated?.length ?? 0) > 0));
}

export async function writeCsvZip(graph: ExportGraph, out: Writable, meta: ExportMeta): Promise<void> {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const nodeRows: Row[] = [...graph.nodes, ...sourceRows(graph)].map((n) => [
    n.id,
    n.type,
    n.name,
    n.citationStatus,
    alsoStatedText(n.alsoStated),
    ...props(NODE_PROPERTY_COLUMNS, n.properties),
  ]);
  const edgeRows: Row[] = graph.edges.map((e) => [
    e.id,
    e.type,
    e.source,
    e.target,
    names.get(e.source) ?? null,
    names.get(e.target) ?? null,
    edgeLabel(e.type, e.properties),
    e.citationStatus,
    alsoStatedText(e.alsoStated),
    ...props(EDGE_PROPERTY_COLUMNS, e.properties),
  ]);

  const zip = new ZipArchive({ zlib: { level: 6 } });
  const finished = new Promise<void>((resolve, reject) => {
    zip.once('error', reject);
    zip.once('end', resolve);
    // A client that goes away stops reading, and the zip would wait for it for ever.
    out.once('close', () => reject(new ClientGoneError()));
  });
  // The response stays open after the zip ends; the route ends it.
  zip.pipe(out, { end: false });
  const date = new Date(`${meta.exportedAt}T00:00:00Z`);
  const csv = (columns: string[], rows: Row[]) => stringify(rows, { header: true, columns, bom: true, eof: true });
  zip.append(csv(NODE_CSV_COLUMNS, nodeRows), { name: CSV_FILES.nodes, date });
  zip.append(csv(EDGE_CSV_COLUMNS, edgeRows), { name: CSV_FILES.edges, date });
  zip.append(csv(CITATION_CSV_COLUMNS, citationRows(graph)), { name: CSV_FILES.citations, date });
  zip.append(
    csv(
      JUDGEMENT_CSV_COLUMNS,
      (graph.judgements ?? []).map((j) => JUDGEMENT_COLUMNS.map((c) => c.value(j))),
    ),
    { name: JUDGEMENTS_CSV, date },
  );
  zip.append(
    csv(
      CHANGE_CSV_COLUMNS,
      (graph.changes ?? []).map((c) => {
        const e = exportedChange(c);
        return CHANGE_COLUMNS.map((col) => col.value(e));
      }),
    ),
    { name: CHANGES_CSV, date },
  );
  zip.append(readme(meta, graph), { name: 'README.txt', date });
  // finalize() reports its failures as 'error' events too; `finished` waits for either outcome.
  zip.finalize().catch(() => undefined);
  await finished;
}
