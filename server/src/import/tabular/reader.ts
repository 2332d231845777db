// The spreadsheet reader: streams a CSV/TSV file or a worksheet of an XLSX workbook (xlsx.ts)
// through its mapping and yields one RecordUnit per row (facts in bundle form, each citing the
// row's provenance record). Memory is bounded by one row plus the fill-down and grouping state (the
// last value per column, the group's first row); a workbook adds its shared-strings table.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

import { parse } from 'csv-parse';
import countries from 'i18n-iso-countries';

import { ValidationError } from '../../errors';
import {
  RAW_RECORD_LIMIT,
  recordNodeId,
  type FactNode,
  type FactRelationship,
  type ImportReader,
  type ReaderInput,
  type RecordLocator,
  type RecordProblem,
  type RecordUnit,
  type SourceRecord,
} from '../pipeline/types';
import { parseDate, parseIsoDate, type ParsedDate } from './dates';
import { SAMPLE_BYTES, decodeBuffer, decoder, detectEncoding } from './encoding';
import {
  HEADER_SEARCH_LINES,
  loadMapping,
  parseMapping,
  type ColumnSpec,
  type EntitySpec,
  type Mapping,
  type RelationshipSpec,
} from './mapping';
import {
  compileNames,
  compileSplit,
  parseParticipants,
  parsePersonCell,
  splitItems,
  type CompiledNames,
  type CompiledSplit,
  type Participants,
} from './names';
import { NODE_TYPES } from '../../schema/model';
import { boundedId, render, renderList, slug, type Lookup, type ScopeValue } from './template';
import { odsRows } from './ods';
import { inspectSpreadsheetFile, workbookError, xlsxRows, type DatePrecision, type TableRow } from './xlsx';

/** What a typed column's cell reads as: the value templates see, and its parts. */
type CellValue =
  | { kind: 'text'; value: string }
  | { kind: 'date'; value: string; date: ParsedDate }
  | { kind: 'country'; value: string }
  | { kind: 'person'; value: string; posts: string[] }
  | { kind: 'list'; value: string; items: string[] }
  | { kind: 'participants'; value: string; parts: Participants };

interface RowScope {
  row: number;
  line: number;
  cells: Record<string, string>;
  values: Record<string, CellValue | undefined>;
}

// A header's footnote mark ("Purpose of meeting²", "Date¹") is no part of its name.
const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/\p{No}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** "A", "A and B", "A, B and C", "A, B, C and 4 others". */
export function summariseNames(names: string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const rest = names.length - max;
  return `${names.slice(0, max).join(', ')} and ${rest} other${rest === 1 ? '' : 's'}`;
}

function participantNames(p: Participants): string[] {
  const affiliations = new Set(p.people.map((x) => x.org).filter(Boolean));
  return [
    ...p.people.map((x) => (x.org ? `${x.name} (${x.org})` : x.name)),
    ...p.organizations.filter((o) => !affiliations.has(o.name)).map((o) => o.name),
  ];
}

function countryCode(value: string, extra: Record<string, string> | undefined): string | undefined {
  const v = value.trim();
  for (const [name, code] of Object.entries(extra ?? {})) if (name.toLowerCase() === v.toLowerCase()) return code.toUpperCase();
  if (/^[A-Za-z]{2}$/.test(v) && countries.isValid(v.toUpperCase())) return v.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(v)) {
    const a2 = countries.alpha3ToAlpha2(v.toUpperCase());
    if (a2) return a2;
  }
  return countries.getAlpha2Code(v, 'en') ?? countries.getSimpleAlpha2Code(v, 'en') ?? undefined;
}

function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    let count = 0;
    let quoted = false;
    for (const c of line) {
      if (c === '"') quoted = !quoted;
      else if (c === d && !quoted) count += 1;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Where a column is among a header's keys: the first heading it names, else its `position` when the
 * heading there is blank (a table whose first column, the minister's, has no heading).
 */
function columnAt(col: ColumnSpec, keys: string[]): { index: number; byHeader: boolean } {
  const wanted = (Array.isArray(col.header) ? col.header : [col.header]).map(headerKey);
  const i = keys.findIndex((k) => k !== '' && wanted.includes(k));
  if (i >= 0) return { index: i, byHeader: true };
  const p = col.position === undefined ? -1 : col.position - 1;
  return { index: p >= 0 && p < keys.length && keys[p] === '' ? p : -1, byHeader: false };
}

/** A line's cells split at a delimiter outside quotes: enough to recognise a header in a file's start. */
function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

const truncate = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

class TabularReader implements ImportReader {
  readonly format = 'csv' as const;
  private readonly names: CompiledNames;
  private readonly split: CompiledSplit;
  private readonly columnSplits = new Map<string, CompiledSplit>();
  /** List and participants columns with a line break among their separators. */
  private readonly lineSplit = new Set<string>();
  private readonly params: Record<string, string>;
  private readonly vars: Record<string, string> = {};
  private readonly fileName: string;
  private readonly sourceId: string;
  private readonly sourceNode: FactNode;
  private header: string | undefined;
  /** The header row's cells (cleaned) and where each mapped column is among them, once bodyRows found it. */
  private headerCells: string[] = [];
  private columnIndex: Record<string, number> = {};
  /** Sheets of a workbook passed over for the one with the mapping's header (read.sheet not given). */
  private sheetsPassed: string[] = [];
  /** How many sheets were searched for the header when none had it. */
  private sheetsSearched = 0;
  private readonly unmappedCounts: Record<string, number> = {};
  /** The encoding and delimiter a CSV file was read with (after detection); a workbook has neither. */
  encoding: string | undefined;
  delimiter: string | undefined;
  /** Whether the file is an XLSX workbook (known once records() has started). */
  workbook = false;

  constructor(
    private readonly input: ReaderInput,
    private readonly mapping: Mapping,
  ) {
    this.fileName = path.basename(input.name || input.path);
    this.names = compileNames(mapping.names);
    this.split = compileSplit(mapping.split);
    for (const [key, col] of Object.entries(mapping.columns)) {
      if (col.split) this.columnSplits.set(key, compileSplit(col.split, mapping.split));
      const seps = (this.columnSplits.get(key) ?? this.split).separators;
      if ((col.type === 'list' || col.type === 'participants') && seps.includes('\n')) this.lineSplit.add(key);
    }
    this.params = this.resolveParams();
    for (const [name, spec] of Object.entries(mapping.vars)) {
      const v = this.resolveVar(spec);
      if (v !== undefined) this.vars[name] = v;
    }
    const base = this.fileLookup();
    const src = (t: string | undefined) => (t === undefined ? undefined : render(t, base));
    const id = src(mapping.source.id)!;
    if (id.missing.length || !id.text) {
      throw new ValidationError('The mapping gives this file no source id', [
        { path: '$.source.id', message: `${mapping.source.id} is missing ${id.missing.join(', ')}`, code: 'missing_value' },
      ]);
    }
    this.sourceId = boundedId(id.text);
    const props: Record<string, unknown> = { kind: mapping.source.kind ?? 'dataset' };
    for (const key of ['title', 'publisher', 'url', 'licence', 'version', 'retrieved', 'published', 'language', 'summary'] as const) {
      const t = mapping.source[key] ?? (key === 'version' ? '{file.name}' : undefined);
      const r = src(t);
      if (r && !r.missing.length && r.text.trim()) props[key] = r.text.trim();
    }
    this.sourceNode = { id: this.sourceId, type: 'Source', properties: props };
  }

  private resolveParams(): Record<string, string> {
    const out: Record<string, string> = {};
    const issues = [];
    for (const [name, spec] of Object.entries(this.mapping.params)) {
      const given = this.input.params[name] ?? spec.default;
      if (given === undefined) {
        if (spec.required)
          issues.push({
            path: `param.${name}`,
            message: `--param ${name}=… is required: ${spec.description ?? ''}`.trim(),
            code: 'missing_value',
          });
        continue;
      }
      if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`, 'u').test(given)) {
        issues.push({ path: `param.${name}`, message: `"${given}" does not match ${spec.pattern}`, code: 'invalid_param' });
        continue;
      }
      out[name] = given;
    }
    // Parameters the mapping does not declare are still usable ({param.NAME}).
    for (const [k, v] of Object.entries(this.input.params)) if (!(k in out)) out[k] = v;
    if (issues.length) throw new ValidationError('Parameters for the mapping are missing or invalid', issues);
    return out;
  }

  private fileLookup(extra?: Record<string, string>): Lookup {
    const stem = this.fileName.replace(/\.[^.]+$/, '');
    return (p) => {
      if (p === 'file.name') return this.fileName;
      if (p === 'file.stem') return stem;
      if (p === 'source') return this.sourceId;
      if (p.startsWith('param.')) return this.params[p.slice(6)];
      if (p.startsWith('var.')) return this.vars[p.slice(4)];
      if (p.startsWith('match.') && extra) return extra[p.slice(6)];
      return undefined;
    };
  }

  private resolveVar(spec: Mapping['vars'][string]): string | undefined {
    let value: string | undefined;
    if (spec.value) {
      const r = render(spec.value, this.fileLookup());
      if (!r.missing.length && r.text) value = r.text;
    }
    if (value === undefined && spec.file) {
      const m = new RegExp(spec.file, 'iu').exec(this.fileName);
      if (m) value = m[1] ?? m[0];
    }
    if (value === undefined && spec.cases) {
      for (const c of spec.cases) {
        const m = new RegExp(c.file, 'iu').exec(this.fileName);
        if (!m) continue;
        const groups: Record<string, string> = {};
        m.forEach((g, i) => {
          if (g !== undefined) groups[String(i)] = g;
        });
        value = c.value === undefined ? (m[1] ?? m[0]) : render(c.value, this.fileLookup(groups)).text;
        break;
      }
    }
    if (value !== undefined && spec.map) {
      const hit = Object.entries(spec.map).find(([k]) => k.toLowerCase() === value!.toLowerCase());
      if (hit) value = hit[1];
    }
    return value ?? spec.default;
  }

  async sources(): Promise<FactNode[]> {
    return [this.sourceNode];
  }

  quarantineHeader(): string | undefined {
    return this.header;
  }

  unmapped(): Readonly<Record<string, number>> {
    return this.unmappedCounts;
  }

  /** Reads the start of the file: the encoding and the delimiter, unless the mapping declares them. */
  private async sniff(): Promise<{ encoding: string; delimiter: string }> {
    const fh = await open(this.input.path, 'r');
    try {
      const buf = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
      const sample = buf.subarray(0, bytesRead);
      const encoding = this.mapping.read.encoding === 'auto' ? detectEncoding(sample) : this.mapping.read.encoding;
      let delimiter = this.mapping.read.delimiter;
      if (delimiter === '\\t' || delimiter === 'tab') delimiter = '\t';
      if (delimiter === 'auto') {
        const lines = decodeBuffer(sample, encoding).split(/\r\n|\r|\n/);
        const at = this.mapping.read.headerLine;
        // With the header's line unknown, the delimiter is the one under which a line of the start
        // has the mapping's headers (a title line above the table may hold none, or other ones).
        const header =
          at === 'auto' ? lines.slice(0, HEADER_SEARCH_LINES).find((l) => this.isHeader(splitLine(l, detectDelimiter(l)))) : lines[at - 1];
        delimiter = detectDelimiter(header ?? lines[0] ?? '');
      }
      return { encoding, delimiter };
    } finally {
      await fh.close();
    }
  }

  /** A CSV file's records with the physical line each starts on. */
  private async *csvRows(): AsyncGenerator<TableRow> {
    const { encoding, delimiter } = await this.sniff();
    this.encoding = encoding;
    this.delimiter = delimiter;
    const source = createReadStream(this.input.path);
    const parser = source.pipe(decoder(encoding)).pipe(
      parse({
        delimiter,
        bom: true,
        raw: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
      }),
    );
    let line = 1;
    try {
      for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const start = line;
        line += (rec.raw.match(/\r\n|\r|\n/g) ?? []).length;
        yield { record: rec.record, raw: rec.raw.replace(/(\r\n|\r|\n)$/, ''), line: start };
      }
    } finally {
      // .pipe does not pass the parser's end on upstream: a reading stopped early would leave the file open.
      source.destroy();
    }
  }

  /** The file's rows: a CSV file's, or an XLSX workbook's chosen worksheet's. */
  private rows(): AsyncIterable<TableRow> {
    const kind = inspectSpreadsheetFile(this.input.path);
    if (kind.kind === 'other') throw workbookError(this.fileName, kind.why);
    this.workbook = kind.kind === 'workbook';
    if (kind.kind !== 'workbook') return this.csvRows();
    const read = kind.format === 'ods' ? odsRows : xlsxRows;
    const { sheet, headerLine } = this.mapping.read;
    if (sheet !== undefined || headerLine !== 'auto') return read(this.input.path, this.fileName, { sheet });
    return this.sheetWithHeader(read);
  }

  /**
   * Without read.sheet (and with headerLine auto): the first sheet with the mapping's header among
   * its first HEADER_SEARCH_LINES rows, so that a release with its gifts, hospitality, travel and
   * meetings on sheets of one workbook is read from the sheet the mapping is for. Sheets passed over
   * are counted in the report; when no sheet has the header, the first is read (and refused naming
   * its headers, as a CSV file would be).
   */
  private async *sheetWithHeader(read: typeof xlsxRows): AsyncGenerator<TableRow> {
    const clean = (c: string | undefined) => this.clean(c);
    for (let i = 1; ; i++) {
      let name = '';
      const it = read(this.input.path, this.fileName, { sheet: i, onSheet: (n) => (name = n) })[Symbol.asyncIterator]();
      const seen: TableRow[] = [];
      let found = false;
      let rows = 0;
      try {
        for (let n = await it.next(); !n.done; n = await it.next()) {
          seen.push(n.value);
          if (n.value.record.every((c) => clean(c) === '')) {
            // A sheet of blank rows far down to one value is given up on, as bodyRows gives up on a file.
            if (seen.length >= 50 * HEADER_SEARCH_LINES) break;
            continue;
          }
          if (this.isHeader(n.value.record.map(clean))) {
            found = true;
            break;
          }
          if (++rows >= HEADER_SEARCH_LINES) break;
        }
      } catch (error) {
        // Past the last sheet: none has the header.
        if (i > 1 && error instanceof ValidationError && error.issues[0]?.code === 'missing_sheet') break;
        throw error;
      }
      if (found) {
        try {
          yield* seen;
          for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
        } finally {
          await it.return(undefined);
        }
        return;
      }
      await it.return(undefined);
      this.sheetsPassed.push(name);
    }
    this.sheetsSearched = this.sheetsPassed.length;
    this.sheetsPassed = [];
    yield* read(this.input.path, this.fileName, {});
  }

  async *records(): AsyncIterable<RecordUnit> {
    const rows = this.rows();
    // A workbook's rows are CSV lines written here, each ended by its own line break: the quarantine's
    // line ending, sniffed from the input's bytes, would be zip noise for them.
    const eol = this.workbook ? '\n' : '';
    const mapping = this.mapping;
    const collapse = mapping.read.collapseWhitespace;
    const clean = (s: string | undefined) => this.clean(s);
    let row = 0;
    const last: Record<string, string> = {};
    const lastDate: Record<string, DatePrecision | undefined> = {};
    const lastLines: Record<string, string | undefined> = {};
    let group: { id: string; first: RowScope } | undefined;
    let stopped: string | undefined;

    for await (const rec of this.bodyRows(rows, clean, eol)) {
      const startLine = rec.line;
      const raw = rec.raw;
      const columnIndex = this.columnIndex;
      const headers = this.headerCells;
      row += 1;
      const cellsAll = rec.record.map((c) => clean(c));
      const locator: RecordLocator = { file: this.fileName, line: startLine, row };
      const cells: Record<string, string> = {};
      // Columns whose cell was a real date of a workbook (ISO text, at the precision its format shows).
      const dated: Record<string, DatePrecision | undefined> = {};
      // Cells of list columns split at line breaks keep them (one line an item): collapsing
      // whitespace would have made them spaces before the split saw them.
      const lines: Record<string, string> = {};
      for (const [key, idx] of Object.entries(columnIndex)) {
        cells[key] = idx >= 0 ? (cellsAll[idx] ?? '') : '';
        if (idx >= 0 && collapse && this.lineSplit.has(key))
          lines[key] = (rec.record[idx] ?? '')
            .split(/\r\n|\r|\n/)
            .map(clean)
            .filter(Boolean)
            .join('\n');
        if (idx >= 0 && rec.dates?.has(idx)) dated[key] = rec.dates.get(idx);
      }
      const quarantined = raw + eol;

      const skipUnit = (reason: string): RecordUnit => {
        const record: SourceRecord = {
          ...locator,
          id: recordNodeId(this.sourceId, locator),
          source: this.sourceId,
          raw: raw.slice(0, RAW_RECORD_LIMIT),
        };
        return { record, nodes: [], relationships: [], problems: [], raw: quarantined, skipped: reason };
      };
      if (stopped) {
        yield skipUnit(stopped);
        continue;
      }
      const rule = mapping.skip.find((r) => {
        if (r.empty) return cellsAll.every((c) => c === '');
        const v = cells[r.column!] ?? '';
        if (r.blank) return v === '';
        return r.matches !== undefined && new RegExp(r.matches, 'iu').test(v);
      });
      if (rule) {
        const reason = rule.reason ?? (rule.empty ? 'empty row' : `${rule.column} ${rule.blank ? 'blank' : `matches ${rule.matches}`}`);
        if (rule.rest) stopped = reason;
        yield skipUnit(reason);
        continue;
      }
      for (const [i, h] of headers.entries()) {
        if (!h || Object.values(columnIndex).includes(i) || !cellsAll[i]) continue;
        this.unmappedCounts[`column:${h}`] = (this.unmappedCounts[`column:${h}`] ?? 0) + 1;
      }

      // A continuation row is recognised on its cells as written, before fill-down fills them.
      const cont = mapping.group?.continueWhen;
      const continues = !!group && !!cont && cont.blank.every((c) => (cells[c] ?? '') === '');
      for (const [key, col] of Object.entries(mapping.columns)) {
        if (!col.fillDown) continue;
        if (cells[key] === '' && last[key] !== undefined) {
          cells[key] = last[key];
          dated[key] = lastDate[key];
          if (lastLines[key] !== undefined) lines[key] = lastLines[key];
        } else if (cells[key] !== '') {
          last[key] = cells[key]!;
          lastDate[key] = dated[key];
          lastLines[key] = lines[key];
        }
      }

      const problems: RecordProblem[] = [];
      // Cells beyond the header's columns are read by no column: an unquoted comma in a cell
      // shifts the cells after it, so the row's other columns may be wrong too.
      const beyond = cellsAll.slice(headers.length).filter((c) => c !== '');
      if (beyond.length)
        problems.push({
          rule: 'extra_cells',
          message: `the row has ${cellsAll.length} cells, the header ${headers.length}: ${beyond.map((c) => JSON.stringify(truncate(c, 60))).join(', ')} under no header are left out (an unquoted separator in a cell shifts the cells after it)`,
          field: `(beyond column ${headers.length})`,
          value: truncate(beyond.join(this.delimiter ?? ',')),
          severity: 'warning',
        });
      const values: Record<string, CellValue | undefined> = {};
      for (const [key, col] of Object.entries(mapping.columns))
        values[key] = this.readCell(key, col, cells[key] ?? '', problems, dated[key], lines[key]);
      const scope: RowScope = { row, line: startLine, cells, values };

      let groupId: string;
      if (continues && group) groupId = group.id;
      else if (mapping.group?.by) groupId = mapping.group.by.map((c) => slug(cells[c] ?? '')).join('-') || String(row);
      else groupId = String(row);
      if (!continues || !group) group = { id: groupId, first: scope };

      const record: SourceRecord = { ...locator, id: '', source: this.sourceId, raw: raw.slice(0, RAW_RECORD_LIMIT) };
      if (mapping.recordId) {
        const r = render(mapping.recordId, this.rowLookup(scope, groupId));
        if (!r.missing.length && r.text) record.recordId = r.text;
      }
      record.id = recordNodeId(this.sourceId, record);
      const { nodes, relationships } = this.facts(scope, group.first, groupId, record.id, problems);
      yield { record, nodes, relationships, problems, raw: quarantined };
    }
    // An empty file (or one that ends above its headerLine) has no header at all: its required
    // columns are missing as surely as under a header that lacks them.
  }

  /**
   * The rows below the header, once it is found: the row at `headerLine`, or (auto) the first of the
   * first HEADER_SEARCH_LINES rows that is the mapping's header, the rows above it passed over and
   * counted. Sets the header's cells and its line as read. A file without a header row is refused
   * here when the mapping has a required column (an empty file, or one that ends above its headerLine).
   */
  private async *bodyRows(rows: AsyncIterable<TableRow>, clean: (s: string | undefined) => string, eol: string): AsyncGenerator<TableRow> {
    const at = this.mapping.read.headerLine;
    const it = rows[Symbol.asyncIterator]();
    // Stopping early (a preview's bound, an abort) closes the file: for-await would, a loop on next() does not.
    try {
      const blank = (r: TableRow) => r.record.every((c) => clean(c) === '');
      const pending: TableRow[] = [];
      let header: TableRow | undefined;
      let lines = 0;
      for (let n = await it.next(); !n.done; n = await it.next()) {
        const rec = n.value;
        if (typeof at === 'number' && rec.line < at) continue;
        const empty = blank(rec);
        // A sheet's blank rows above its table are no header (a CSV file's header is its headerLine, blank or not).
        if (this.workbook && empty) continue;
        if (at !== 'auto' || this.isHeader(rec.record.map(clean))) {
          header = rec;
          break;
        }
        pending.push(rec);
        // The search counts lines with text (blank lines above a table are not its lines); a
        // file of blank lines only is given up on too.
        if (!empty) lines += 1;
        if (lines >= HEADER_SEARCH_LINES || pending.length >= 50 * HEADER_SEARCH_LINES) break;
      }
      let rest: TableRow[] = [];
      let searched = false;
      if (header) {
        // Title lines passed over are said in the report, as columns that no mapping reads are.
        if (pending.length > 0) this.unmappedCounts['(lines above the header)'] = pending.length;
        for (const sheet of this.sheetsPassed) this.unmappedCounts[`(sheet "${sheet}": no header of the mapping)`] = 1;
      } else {
        // auto found no header. The line with most of the mapping's headers stands for it, so that
        // a file whose header lacks a required column (or spells one differently) is refused naming
        // the headers of its header, not of its title; with none of them anywhere, the first line
        // with text (and a mapping without required columns reads the file from there, as before).
        const scores = pending.map((r) => (blank(r) ? -1 : this.headerScore(r.record.map(clean))));
        const best = scores.reduce((b, score, i) => (score > (scores[b] ?? -1) ? i : b), -1);
        if (best < 0) {
          this.mapColumns([], true);
          return;
        }
        header = pending[best]!;
        rest = pending.slice(best + 1);
        searched = true;
      }
      this.header = header.raw + eol;
      this.headerCells = header.record.map(clean);
      this.columnIndex = this.mapColumns(this.headerCells, false, searched);
      yield* rest;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    } finally {
      await it.return?.();
    }
  }

  /** A cell as read: trimmed and its whitespace collapsed, unless the mapping keeps it as written. */
  private clean(s: string | undefined): string {
    return s === undefined ? '' : this.mapping.read.collapseWhitespace ? s.replace(/\s+/g, ' ').trim() : s;
  }

  /** How many of the mapping's columns a row's cells name (by heading, not by position). */
  private headerScore(cells: string[]): number {
    const keys = cells.map(headerKey);
    return Object.values(this.mapping.columns).filter((col) => columnAt(col, keys).byHeader).length;
  }

  /** Whether a row's cells are the mapping's header: every required column's, and at least one column's. */
  private isHeader(cells: string[]): boolean {
    const keys = cells.map(headerKey);
    let any = false;
    for (const col of Object.values(this.mapping.columns)) {
      const found = columnAt(col, keys);
      if (col.required && found.index < 0) return false;
      // A blank heading taken by position makes no row a header on its own.
      any ||= found.byHeader;
    }
    return any;
  }

  private mapColumns(headers: string[], noHeader = false, searched = false): Record<string, number> {
    const at = this.mapping.read.headerLine;
    const keys = headers.map(headerKey);
    const index: Record<string, number> = {};
    const issues = [];
    for (const [key, col] of Object.entries(this.mapping.columns)) {
      const i = columnAt(col, keys).index;
      index[key] = i;
      if (i < 0 && col.required) {
        issues.push({
          path: `$.columns.${key}.header`,
          message: noHeader
            ? `no column headed ${JSON.stringify(col.header)} in ${this.fileName}: it has no header row (${typeof at === 'number' && at > 1 ? `no line ${at}; ` : ''}the file is empty${at === 'auto' ? ' or blank' : ''}${typeof at === 'number' && at > 1 ? ' or shorter' : ''})`
            : `no column headed ${JSON.stringify(col.header)} in ${this.fileName} (its headers: ${headers.filter(Boolean).join(', ')}${searched ? `; nor has any other of its first ${HEADER_SEARCH_LINES} lines` : ''}${this.sheetsSearched > 1 ? `, nor any other of its ${this.sheetsSearched} sheets` : ''})`,
          code: 'missing_column',
        });
      }
    }
    // The message names the columns too: an import job that fails keeps only the message.
    if (issues.length)
      throw new ValidationError(`${this.fileName} lacks columns the mapping needs: ${issues.map((i) => i.message).join('; ')}`, issues);
    return index;
  }

  private readCell(
    key: string,
    col: ColumnSpec,
    given: string,
    problems: RecordProblem[],
    realDate?: DatePrecision,
    lines?: string,
  ): CellValue | undefined {
    if (given === '') return undefined;
    const mapped = col.map && Object.entries(col.map).find(([k]) => k.toLowerCase() === given.toLowerCase());
    const cell = mapped ? mapped[1] : given;
    // What list and participants columns split: the cell with its line breaks, when they separate.
    const listed = mapped ? cell : (lines ?? cell);
    const severity = col.severity ?? 'error';
    const problem = (rule: string, message: string, sev: 'error' | 'warning' = severity) =>
      problems.push({ rule, message, field: key, value: truncate(cell), severity: sev });
    switch (col.type ?? 'text') {
      case 'text':
        return { kind: 'text', value: cell };
      case 'date': {
        // A workbook's real date cell reads as its ISO text, whatever the formats declared for text dates.
        const iso = realDate && !mapped ? parseIsoDate(cell, realDate) : null;
        if (iso) return { kind: 'date', value: iso.value, date: iso };
        const yearT = col.date!.year;
        const year = yearT ? render(yearT, this.fileLookup()) : undefined;
        const r = parseDate(cell, col.date!, year && !year.missing.length && year.text ? year.text : undefined);
        if (!r.ok) {
          problem('date_format', r.message);
          return undefined;
        }
        return { kind: 'date', value: r.date.value, date: r.date };
      }
      case 'country': {
        const code = countryCode(cell, col.countries);
        if (!code) {
          problem('unknown_country', `"${cell}" is no country name or code known (add it to columns.${key}.countries)`);
          return undefined;
        }
        return { kind: 'country', value: code };
      }
      case 'person': {
        const p = parsePersonCell(cell, this.names, this.columnSplits.get(key) ?? this.split);
        if (!p.name) {
          problem('missing_value', `no person's name in "${cell}" (only posts: ${p.posts.join('; ')})`);
          return undefined;
        }
        if (p.others.length)
          problem('split_ambiguous', `"${cell}" names several people (${[p.name, ...p.others].join('; ')}); the first is taken`, 'warning');
        return { kind: 'person', value: p.name, posts: p.posts };
      }
      case 'list': {
        const split = this.columnSplits.get(key) ?? this.split;
        const items = splitItems(listed, split.separators, split).filter((i) => !split.ignore.some((r) => r.test(i)));
        return { kind: 'list', value: items.join('; '), items };
      }
      case 'participants': {
        const parts = parseParticipants(listed, this.names, this.columnSplits.get(key) ?? this.split);
        for (const l of parts.labels)
          problem('split_label', `"${l}" heads a list and is read as its label, not as a participant`, 'warning');
        for (const p of parts.droppedPosts)
          problem('split_ambiguous', `the post "${p}" is named for nobody in particular and is left out`, 'warning');
        const value = summariseNames(participantNames(parts)) || parts.labels.join('; ');
        if (!value) {
          problem('missing_value', `no participant in "${cell}"`);
          return undefined;
        }
        return { kind: 'participants', value, parts };
      }
    }
  }

  private rowLookup(scope: RowScope, groupId: string, item?: ScopeValue): Lookup {
    const file = this.fileLookup();
    return (p) => {
      if (p === 'row') return scope.row;
      if (p === 'line') return scope.line;
      if (p === 'group') return groupId;
      if (p === 'item') return item;
      if (p.startsWith('item.'))
        return item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, ScopeValue>)[p.slice(5)] : undefined;
      if (p.startsWith('file.') || p.startsWith('param.') || p.startsWith('var.') || p === 'source') return file(p);
      const dot = p.indexOf('.');
      const key = dot < 0 ? p : p.slice(0, dot);
      const part = dot < 0 ? undefined : p.slice(dot + 1);
      if (!(key in this.mapping.columns))
        throw new Error(`unknown name ${p} in a template (columns: ${Object.keys(this.mapping.columns).join(', ')})`);
      const v = scope.values[key];
      const cell = scope.cells[key];
      if (part === 'raw') return cell;
      if (!v) return undefined;
      if (part === undefined) return v.value;
      switch (part) {
        case 'name':
          return v.kind === 'person' ? v.value : undefined;
        case 'posts':
          return v.kind === 'person' ? v.posts : undefined;
        case 'start':
          return v.kind === 'date' ? (v.date.start ?? v.value) : undefined;
        case 'end':
          return v.kind === 'date' ? v.date.end : undefined;
        case 'items':
          return v.kind === 'list' ? v.items : undefined;
        case 'people':
          return v.kind === 'participants' ? (v.parts.people as unknown as ScopeValue) : undefined;
        case 'organizations':
          return v.kind === 'participants' ? (v.parts.organizations as unknown as ScopeValue) : undefined;
        case 'summary':
          return v.value;
        case 'count':
          return v.kind === 'participants' ? v.parts.people.length + v.parts.organizations.length : v.kind === 'list' ? v.items.length : 1;
        default:
          return undefined;
      }
    };
  }

  /** `when` renders non-empty and `unless` renders empty. */
  private applies(spec: EntitySpec | RelationshipSpec, lookup: Lookup): boolean {
    if (spec.when && !render(spec.when, lookup).text.trim()) return false;
    if (spec.unless && render(spec.unless, lookup).text.trim()) return false;
    return true;
  }

  private eachItems(spec: EntitySpec | RelationshipSpec, scope: RowScope, groupId: string): ScopeValue[] {
    if (!spec.each) return [undefined];
    const v = this.rowLookup(scope, groupId)(spec.each.includes('.') ? spec.each : `${spec.each}.items`);
    if (Array.isArray(v)) return v as ScopeValue[];
    return v === undefined ? [] : [v];
  }

  private facts(
    scope: RowScope,
    first: RowScope,
    groupId: string,
    recordId: string,
    problems: RecordProblem[],
  ): { nodes: FactNode[]; relationships: FactRelationship[] } {
    const nodes = new Map<string, FactNode>();
    const rels = new Map<string, FactRelationship>();
    // Properties left out because a placeholder was empty: the schema's check of a required one
    // says only "expected string, received undefined", not which column was blank.
    const leftOut = new Map<string, string[]>();
    const properties = (spec: EntitySpec | RelationshipSpec, lookup: Lookup): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      leftOut.clear();
      for (const [key, value] of Object.entries(spec.properties)) {
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key] = value.const;
        else if (Array.isArray(value)) {
          const texts = [...new Set(value.flatMap((t) => renderList(t, lookup)))];
          if (texts.length) out[key] = texts;
        } else {
          const r = render(value, lookup);
          // An optional placeholder left empty ('{first ?? ""} {last}') leaves no double space.
          const text = this.mapping.read.collapseWhitespace ? r.text.replace(/ {2,}/g, ' ').trim() : r.text.trim();
          if (!r.missing.length && text) out[key] = text;
          else leftOut.set(key, r.missing);
        }
      }
      return out;
    };
    for (const [name, spec] of Object.entries(this.mapping.entities)) {
      const base = spec.perGroup ? first : scope;
      for (const item of this.eachItems(spec, base, groupId)) {
        const lookup = this.rowLookup(base, groupId, item);
        if (!this.applies(spec, lookup)) continue;
        const id = render(spec.id, lookup);
        if (id.missing.length || !id.text) {
          if (!spec.when)
            problems.push({
              rule: 'missing_value',
              message: `entity ${name} has no id: ${id.missing.join(', ')} empty`,
              severity: 'warning',
            });
          continue;
        }
        const nid = boundedId(id.text);
        if (nodes.has(nid)) continue;
        const props = properties(spec, lookup);
        const declared = (NODE_TYPES as Record<string, { properties: Record<string, { required?: boolean }> }>)[spec.type]?.properties;
        for (const [key, missing] of leftOut) {
          if (!declared?.[key]?.required) continue;
          // The columns the empty placeholders read ({item.name} reads the column of `each`).
          const columns = [
            ...new Set(
              missing.map((m) => {
                const head = m.split(/\s*(?:\?\?|\|)\s*/)[0]!.split('.')[0]!;
                return head === 'item' && spec.each ? spec.each.split('.')[0]! : head;
              }),
            ),
          ];
          problems.push({
            rule: 'missing_value',
            message: `${spec.type} ${nid} (entity ${name}) needs ${key}, and ${JSON.stringify(spec.properties[key])} gave nothing: ${missing.map((m) => `{${m}}`).join(', ')} empty`,
            field: columns.join(', '),
            value: columns.map((c) => base.cells[c] ?? '').join(', '),
          });
        }
        nodes.set(nid, { id: nid, type: spec.type, properties: props, records: [recordId] });
      }
    }
    for (const spec of this.mapping.relationships) {
      const base = spec.perGroup ? first : scope;
      for (const item of this.eachItems(spec, base, groupId)) {
        const lookup = this.rowLookup(base, groupId, item);
        if (!this.applies(spec, lookup)) continue;
        const s = render(spec.source, lookup);
        const t = render(spec.target, lookup);
        // An endpoint that could not be named (an empty cell) leaves the relationship out, quietly:
        // the entity's own missing value is already reported.
        if (s.missing.length || t.missing.length || !s.text || !t.text) continue;
        const source = boundedId(s.text);
        const target = boundedId(t.text);
        const idT = spec.id
          ? render(spec.id, lookup)
          : { text: `${spec.type.toLowerCase().replace(/_/g, '-')}-${source}-${target}`, missing: [] };
        if (idT.missing.length || !idT.text) continue;
        const id = boundedId(idT.text);
        if (rels.has(id)) continue;
        rels.set(id, { id, type: spec.type, source, target, properties: properties(spec, lookup), records: [recordId] });
      }
    }
    return { nodes: [...nodes.values()], relationships: [...rels.values()] };
  }
}

/** A reader for one CSV/TSV file or XLSX workbook through a mapping (a Mapping, a mapping object, or a name or path). */
export function createTabularReader(input: ReaderInput, mapping: Mapping | object | string): ImportReader {
  const m = typeof mapping === 'string' ? loadMapping(mapping) : parseMapping(mapping, (mapping as { name?: string }).name);
  return new TabularReader(input, m);
}
