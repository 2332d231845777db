// Which format a file is in: by its extension first, then by sniffing its first bytes (a Popolo
// document has persons/organizations/memberships, a Liaison bundle nodes/relationships or its format
// tag, FollowTheMoney is JSON lines with "schema" and "id", a CSV export is a zip holding nodes.csv,
// an XLSX workbook is a zip whose [Content_Types].xml names spreadsheetml and is read as a spreadsheet).
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

import JSZip from 'jszip';

import { ValidationError } from '../../errors';
import { inspectSpreadsheetFile, workbookError } from '../tabular/xlsx';
import { IMPORT_FORMATS, type ImportFormat } from './types';

const SNIFF_BYTES = 256 * 1024;

const TABULAR_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.txt']);
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.ods']);
const FTM_NAME = /\.ftm(\.json|\.jsonl|\.ndjson)?$/i;

/** The extension of a file's quarantine: a workbook's rejected rows are written as CSV lines (FILE.rejected.csv). */
export function quarantineExtension(name: string): string {
  const ext = path.extname(name);
  return WORKBOOK_EXTENSIONS.has(ext.toLowerCase()) ? '.csv' : ext;
}

function head(file: string, bytes = SNIFF_BYTES): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

const isZip = (buf: Buffer) => buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5);

/** Whether the first line of a text is one JSON object with "schema" and "id" (an FtM entity). */
function looksLikeFtm(text: string): boolean {
  const first = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (!first.startsWith('{')) return false;
  try {
    const value = JSON.parse(first) as Record<string, unknown>;
    return typeof value.schema === 'string' && typeof value.id === 'string';
  } catch {
    return false;
  }
}

/** The format a JSON text's top-level keys point to, from its first bytes (the keys may come late in a huge file). */
function jsonFormat(text: string): ImportFormat | null {
  if (looksLikeFtm(text)) return 'ftm';
  const t = text.trimStart();
  // A JSON array of FtM entities (Aleph's and some OpenSanctions exports): its first element has both.
  if (/^\[\s*\{/.test(t) && /"schema"\s*:\s*"[A-Z]\w*"/.test(t.slice(0, 4096)) && /"id"\s*:/.test(t.slice(0, 4096))) return 'ftm';
  if (!t.startsWith('{')) return null;
  if (/"format"\s*:\s*"liaison-bundle"/.test(t)) return 'bundle';
  // Keys at any depth of the first bytes; Popolo's names are not used by bundles, and bundles'
  // "nodes"/"relationships" are not Popolo's.
  if (/"(persons|organizations|memberships|posts|events|areas)"\s*:\s*\[/.test(t)) return 'popolo';
  if (/"(nodes|relationships)"\s*:\s*\[/.test(t)) return 'bundle';
  return null;
}

export function formatList(): string {
  return IMPORT_FORMATS.join(', ');
}

/**
 * The format of a file: `given` when it is not 'auto', else from the extension and the first bytes.
 * Throws a ValidationError (field "format") naming the options when nothing fits.
 */
export async function detectFormat(file: string, name: string, given: 'auto' | ImportFormat = 'auto'): Promise<ImportFormat> {
  if (given !== 'auto') return given;
  const ext = path.extname(name).toLowerCase();
  const buf = head(file);
  // Workbooks first: an .xlsx is a zip too, and an .xls or an encrypted workbook must say why it is not read.
  const sheet = inspectSpreadsheetFile(file);
  if (sheet.kind === 'workbook') return 'csv';
  if (sheet.kind === 'other' && (sheet.spreadsheet || WORKBOOK_EXTENSIONS.has(ext))) throw workbookError(name, sheet.why);
  if (WORKBOOK_EXTENSIONS.has(ext))
    throw workbookError(name, `it is named ${ext} but is no workbook (an XLSX or ODS file is a zip; this one is not)`);
  if (ext === '.xls' && sheet.kind === 'text')
    throw workbookError(name, 'it is named .xls but is no Excel workbook (its first bytes are text); if it is CSV or TSV, name it so');
  if (ext === '.zip' || isZip(buf)) {
    if (statSync(file).size > 2 * 1024 ** 3) throw unknown(name, 'it is a zip larger than 2 GiB');
    try {
      const zip = await JSZip.loadAsync(readFileSync(file));
      if (zip.file(/(^|\/)nodes\.csv$/).length > 0) return 'csv-zip';
    } catch {
      throw unknown(name, 'it is not a readable zip');
    }
    throw unknown(name, 'it is a zip without nodes.csv (only Liaison CSV exports are imported from zips)');
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  if (TABULAR_EXTENSIONS.has(ext)) return 'csv';
  // The name says FtM (OpenSanctions' and the ftm tools' entities.ftm.json): its reader then tells
  // of odd lines one by one (and refuses a compressed file as such), rather than the file being
  // refused for a first line that is not an entity.
  if (FTM_NAME.test(name)) return 'ftm';
  if (ext === '.jsonl' || ext === '.ndjson') {
    if (looksLikeFtm(text)) return 'ftm';
    throw unknown(name, 'its first line is not a JSON object with "schema" and "id"');
  }
  const fromJson = jsonFormat(text);
  if (fromJson) return fromJson;
  if (ext === '.json')
    throw unknown(name, 'it is JSON, but neither a Liaison bundle (nodes, relationships) nor Popolo (persons, organizations, memberships)');
  throw unknown(name, `its extension (${ext || 'none'}) and first bytes match no format`);
}

function unknown(name: string, why: string): ValidationError {
  return new ValidationError(`Cannot tell the format of ${name}: ${why}. Name it with --format (one of ${formatList()}).`, [
    { path: 'format', message: `${name}: ${why}; choose one of ${formatList()}`, code: 'unknown_format' },
  ]);
}
