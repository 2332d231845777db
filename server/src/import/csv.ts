// Reads a CSV export (a zip of nodes.csv, edges.csv and citations.csv, see export/csv.ts) back into
// a bundle for importBundle: property columns from the schema, Sources rebuilt from the source_
// columns of citations.csv, citations of both kinds attached to their facts: quotes, and records of
// datasets (kind "record", the bundle's {source, record: {file, line, …}}; the record's id is derived
// from its source and place, as for every import, so the `record` column is for reading only), and
// each fact's alsoStated entries (the also_stated column), which the writer unites with what is
// stored. Every problem is reported with the file, line and column it comes from, and nothing is
// written unless the whole zip is valid.
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';

import type { Executor } from '../db/executor';
import { ConflictError, ValidationError, type FieldIssue } from '../errors';
import {
  ALSO_STATED_COLUMN,
  CITATION_CSV_COLUMNS,
  CSV_FILES,
  EDGE_CSV_COLUMNS,
  NODE_CSV_COLUMNS,
  RECORD_CITATION_COLUMNS,
} from '../export/csv';
import {
  EDGE_PROPERTY_COLUMNS,
  NODE_PROPERTY_COLUMNS,
  SOURCE_COLUMN_PREFIX,
  SOURCE_PROPERTY_COLUMNS,
  parseAlsoStatedText,
  parseCell,
  type PropertyColumn,
} from '../export/columns';
import { NODE_TYPES, RELATIONSHIP_TYPES, type PropertySpec } from '../schema/model';
import { importBundle, type ImportOptions, type ImportSummary } from './bundle';

type Row = Record<string, string>;

interface CsvRow {
  /** "nodes.csv:4": file and line, for messages. */
  at: string;
  row: Row;
}

interface RawBundle {
  nodes: Array<{ id: string; type: string; properties: Record<string, unknown>; citations: RawCitation[]; alsoStated?: unknown[] }>;
  relationships: Array<{
    id: string;
    type: string;
    source: string;
    target: string;
    properties: Record<string, unknown>;
    citations: RawCitation[];
    alsoStated?: unknown[];
  }>;
}

type RawCitation = { source: string; quote: string; status?: string; lang?: string; note?: string } | { source: string; record: RawRecord };

interface RawRecord {
  file: string;
  line?: number;
  row?: number;
  recordId?: string;
  pointer?: string;
  raw?: string;
}

/** Where each part of the bundle came from, to name the file and line of a problem importBundle finds. */
interface Origins {
  nodes: Array<{ at: string; columnPrefix: string }>;
  relationships: string[];
  citations: Map<string, string>;
}

const REQUIRED = {
  [CSV_FILES.nodes]: ['id', 'type'],
  [CSV_FILES.edges]: ['id', 'type', 'source', 'target'],
  // quote is needed on a quote's row, file on a record's: checked row by row.
  [CSV_FILES.citations]: ['factId', 'factKind', 'sourceId'],
} as const;

const KNOWN: Record<string, readonly string[]> = {
  [CSV_FILES.nodes]: NODE_CSV_COLUMNS,
  [CSV_FILES.edges]: EDGE_CSV_COLUMNS,
  [CSV_FILES.citations]: CITATION_CSV_COLUMNS,
};

async function readZip(data: Uint8Array): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(data);
  } catch (error) {
    throw new ValidationError('The upload is not a zip file; export a view as CSV (zip) and import that.', [
      { path: '$', message: error instanceof Error ? error.message : 'not a zip archive', code: 'invalid_zip' },
    ]);
  }
}

function readCsv(name: string, text: string, issues: FieldIssue[]): CsvRow[] {
  let records: Array<{ record: Row; info: { lines: number } }>;
  try {
    records = parse(text, { columns: true, bom: true, info: true, skip_empty_lines: true }) as typeof records;
  } catch (error) {
    issues.push({
      path: name,
      message: `not readable as CSV: ${error instanceof Error ? error.message : String(error)}`,
      code: 'invalid_csv',
    });
    return [];
  }
  const header = parse(text, { bom: true, to_line: 1 }) as string[][];
  const columns = header[0] ?? [];
  for (const column of REQUIRED[name as keyof typeof REQUIRED])
    if (!columns.includes(column)) issues.push({ path: name, message: `has no "${column}" column`, code: 'missing_column' });
  for (const column of columns)
    if (!KNOWN[name]!.includes(column))
      issues.push({
        path: `${name}:1:${column}`,
        message: `unknown column "${column}"; the columns are ${KNOWN[name]!.join(', ')}`,
        code: 'unknown_column',
      });
  let previousEnd = 1;
  return records.map(({ record, info }) => {
    const at = `${name}:${previousEnd + 1}`;
    previousEnd = info.lines;
    return { at, row: record };
  });
}

/** The schema properties of one row: declared columns parsed, others required to be empty. */
function properties(
  row: Row,
  at: string,
  columns: readonly PropertyColumn[],
  declared: Readonly<Record<string, PropertySpec>> | undefined,
  issues: FieldIssue[],
  prefix = '',
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const text = row[`${prefix}${column.name}`] ?? '';
    if (text === '') continue;
    if (declared && !(column.name in declared)) {
      issues.push({
        path: `${at}:${prefix}${column.name}`,
        message: `"${column.name}" is not a property of this type; leave it empty`,
        code: 'unknown_property',
      });
      continue;
    }
    try {
      out[column.name] = parseCell(column.kind, text);
    } catch (error) {
      issues.push({ path: `${at}:${prefix}${column.name}`, message: (error as Error).message, code: 'invalid_cell' });
    }
  }
  return out;
}

const optional = (value: string | undefined) => (value ? value : undefined);

/** A fact's also_stated cell as the bundle's alsoStated (checked entry by entry by its validators), or nothing. */
function alsoStatedOfRow(row: Row, at: string, issues: FieldIssue[]): { alsoStated?: unknown[] } {
  try {
    const entries = parseAlsoStatedText(row[ALSO_STATED_COLUMN] ?? '');
    return entries ? { alsoStated: entries } : {};
  } catch (error) {
    issues.push({ path: `${at}:${ALSO_STATED_COLUMN}`, message: (error as Error).message, code: 'invalid_cell' });
    return {};
  }
}

/** A record citation's row as the bundle's record reference; problems go to `issues`. */
function recordOfRow(row: Row, at: string, issues: FieldIssue[]): RawRecord | null {
  const file = row.file ?? '';
  if (!file) {
    issues.push({ path: `${at}:file`, message: 'a record citation names the file its record is in', code: 'missing_value' });
    return null;
  }
  const position = (column: 'line' | 'row'): number | undefined => {
    const text = row[column] ?? '';
    if (text === '') return undefined;
    if (/^[1-9]\d{0,15}$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
    issues.push({ path: `${at}:${column}`, message: `must be a whole number from 1 (the ${column} in ${file})`, code: 'invalid_cell' });
    return undefined;
  };
  const line = position('line');
  const rowNumber = position('row');
  return {
    file,
    ...(line !== undefined ? { line } : {}),
    ...(rowNumber !== undefined ? { row: rowNumber } : {}),
    ...(optional(row.recordId) ? { recordId: row.recordId } : {}),
    ...(optional(row.pointer) ? { pointer: row.pointer } : {}),
    ...(optional(row.raw) ? { raw: row.raw } : {}),
  };
}

/** Turns the three CSV files of an export into a bundle; throws ValidationError listing every problem. */
export async function csvZipToBundle(data: Uint8Array): Promise<{ bundle: RawBundle; origins: Origins }> {
  const zip = await readZip(data);
  const issues: FieldIssue[] = [];
  const files: Record<string, CsvRow[]> = {};
  for (const name of Object.values(CSV_FILES)) {
    // Accept the files at the top or inside one folder (an unpacked and re-zipped export).
    const entry = zip.file(name) ?? zip.file(new RegExp(`(^|/)${name.replace('.', '\\.')}$`))[0];
    if (!entry) {
      issues.push({ path: name, message: `the zip has no ${name}`, code: 'missing_file' });
      continue;
    }
    files[name] = readCsv(name, await entry.async('string'), issues);
  }
  if (issues.length > 0)
    throw new ValidationError(`The CSV zip has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written.`, issues);

  const bundle: RawBundle = { nodes: [], relationships: [] };
  const origins: Origins = { nodes: [], relationships: [], citations: new Map() };
  const nodeIndex = new Map<string, number>();
  const relIndex = new Map<string, number>();

  for (const { at, row } of files[CSV_FILES.nodes]!) {
    const declared = (NODE_TYPES as Record<string, { properties: Record<string, PropertySpec> }>)[row.type ?? '']?.properties;
    nodeIndex.set(row.id ?? '', bundle.nodes.length);
    bundle.nodes.push({
      id: row.id ?? '',
      type: row.type ?? '',
      properties: properties(row, at, NODE_PROPERTY_COLUMNS, declared, issues),
      citations: [],
      ...alsoStatedOfRow(row, at, issues),
    });
    origins.nodes.push({ at, columnPrefix: '' });
  }
  for (const { at, row } of files[CSV_FILES.edges]!) {
    const declared = (RELATIONSHIP_TYPES as Record<string, { properties: Record<string, PropertySpec> }>)[row.type ?? '']?.properties;
    relIndex.set(row.id ?? '', bundle.relationships.length);
    bundle.relationships.push({
      id: row.id ?? '',
      type: row.type ?? '',
      source: row.source ?? '',
      target: row.target ?? '',
      properties: properties(row, at, EDGE_PROPERTY_COLUMNS, declared, issues),
      citations: [],
      ...alsoStatedOfRow(row, at, issues),
    });
    origins.relationships.push(at);
  }
  for (const { at, row } of files[CSV_FILES.citations]!) {
    const sourceId = row.sourceId ?? '';
    // A source no row of nodes.csv describes is rebuilt from the source_ columns of its first citation.
    if (sourceId && !nodeIndex.has(sourceId)) {
      nodeIndex.set(sourceId, bundle.nodes.length);
      bundle.nodes.push({
        id: sourceId,
        type: 'Source',
        properties: properties(row, at, SOURCE_PROPERTY_COLUMNS, undefined, issues, SOURCE_COLUMN_PREFIX),
        citations: [],
      });
      origins.nodes.push({ at, columnPrefix: SOURCE_COLUMN_PREFIX });
    }
    const factId = row.factId ?? '';
    const index = row.factKind === 'relationship' ? relIndex.get(factId) : row.factKind === 'node' ? nodeIndex.get(factId) : undefined;
    const fact = row.factKind === 'relationship' ? bundle.relationships[index ?? -1] : bundle.nodes[index ?? -1];
    if (!fact) {
      issues.push({
        path: `${at}:factId`,
        message:
          row.factKind === 'node' || row.factKind === 'relationship'
            ? `no ${row.factKind} "${factId}" in ${row.factKind === 'node' ? CSV_FILES.nodes : CSV_FILES.edges}`
            : 'factKind must be node or relationship',
        code: 'unknown_reference',
      });
      continue;
    }
    const kind = row.kind || 'quote';
    let citation: RawCitation;
    if (kind === 'record') {
      const record = recordOfRow(row, at, issues);
      if (!record) continue;
      citation = { source: sourceId, record };
    } else if (kind === 'quote') {
      const filled = RECORD_CITATION_COLUMNS.filter((c) => (row[c] ?? '') !== '');
      if (filled.length > 0)
        issues.push({
          path: `${at}:${filled[0]}`,
          message: `a quote's row leaves the record columns empty (${filled.join(', ')}); set kind to record for a record`,
          code: 'unknown_property',
        });
      citation = {
        source: sourceId,
        quote: row.quote ?? '',
        ...(row.status ? { status: row.status } : {}),
        ...(optional(row.lang) ? { lang: row.lang } : {}),
        ...(optional(row.note) ? { note: row.note } : {}),
      };
    } else {
      issues.push({ path: `${at}:kind`, message: 'kind must be quote or record', code: 'invalid_cell' });
      continue;
    }
    const key = `${row.factKind === 'relationship' ? 'relationships' : 'nodes'}[${index}].citations[${fact.citations.length}]`;
    origins.citations.set(key, at);
    fact.citations.push(citation);
  }
  if (issues.length > 0)
    throw new ValidationError(`The CSV zip has ${issues.length} problem${issues.length === 1 ? '' : 's'}; nothing was written.`, issues);
  return { bundle, origins };
}

const CITATION_COLUMNS: Record<string, string> = { source: 'sourceId', quote: 'quote', status: 'status', lang: 'lang', note: 'note' };

/**
 * "$.nodes[3].properties.date" → "nodes.csv:5:date", "$.nodes[3].alsoStated[0].sources[1]" →
 * "nodes.csv:5:also_stated"; anything unrecognised keeps its JSONPath.
 */
export function csvPath(path: string, origins: Origins): string {
  const m = /^\$\.(nodes|relationships)\[(\d+)\](?:\.citations\[(\d+)\])?(?:\.(\w+))?(?:\.(\w+))?/.exec(path);
  if (!m) return path;
  const [, list, i, j, rawField, sub] = m;
  const field = rawField === 'alsoStated' ? ALSO_STATED_COLUMN : rawField;
  if (j !== undefined) {
    const at = origins.citations.get(`${list}[${i}].citations[${j}]`);
    // A record's own fields ($…citations[1].record.line) are columns of their own.
    const column = field === 'record' ? sub : field ? (CITATION_COLUMNS[field] ?? field) : undefined;
    return at ? `${at}${column ? `:${column}` : ''}` : path;
  }
  if (list === 'nodes') {
    const origin = origins.nodes[Number(i)];
    if (!origin) return path;
    const column = field === 'properties' ? `${origin.columnPrefix}${sub ?? ''}` : field;
    return column ? `${origin.at}:${column}` : origin.at;
  }
  const at = origins.relationships[Number(i)];
  if (!at) return path;
  const column = field === 'properties' ? sub : field;
  return column ? `${at}:${column}` : at;
}

/** Validates and imports a CSV export zip; problems name the file, line and column. */
export async function importCsvZip(executor: Executor, data: Uint8Array, options: ImportOptions = {}): Promise<ImportSummary> {
  const { bundle, origins } = await csvZipToBundle(data);
  try {
    return await importBundle(executor, bundle, options);
  } catch (error) {
    // A conflict with stored data (found before writing or inside the transaction) names its place too.
    if (!(error instanceof ValidationError || error instanceof ConflictError) || !error.issues) throw error;
    const message = error.message.replace('The bundle', 'The CSV zip');
    const issues = error.issues.map((i) => ({ ...i, path: csvPath(i.path, origins) }));
    throw error instanceof ConflictError
      ? new ConflictError(message, error.extra, issues)
      : new ValidationError(message, issues, error.extra);
  }
}
