// The import report: problems grouped by rule and severity with counts and examples (file:line,
// record id, field path, value), rendered as JSON and as text for people, and written to the files
// --report names. Memory stays bounded on files with millions of bad rows: every problem is counted,
// but only the first EXAMPLES_KEPT of a group are kept (for the report file), the first
// EXAMPLES_SHOWN of those in the report the API and the CLI show.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { MatchPair, MatchReport } from './matching';
import type { ImportCounts, ImportReport, ProblemExample, ProblemGroup, RecordLocator, RecordProblem } from './types';

export const EXAMPLES_SHOWN = 20;
export const EXAMPLES_KEPT = 10_000;
const VALUE_LIMIT = 200;

/** What each rule means, for the group's headline; a rule not listed takes its first problem's message. */
const RULE_MESSAGES: Record<string, string> = {
  missing_value: 'A required value is missing or empty.',
  invalid_date: 'A date is not a real calendar date as YYYY, YYYY-MM or YYYY-MM-DD.',
  date_format: 'A date does not match any of the formats the mapping declares.',
  invalid_value: 'A value is not one of those the schema allows.',
  invalid_format: 'A value does not have the form the schema requires.',
  invalid_type: 'A value has the wrong type (text where a list is expected, or the like).',
  unknown_property: 'A property the schema does not declare for this type.',
  unknown_type: 'A node or relationship type the schema does not know.',
  too_long: 'A value is longer than the schema allows.',
  unknown_reference: 'A reference to a node that is neither in the file (in a valid record) nor in the database.',
  outside_file:
    'A reference to something the file does not define: it must be in the database already (if it is not, an unknown_reference error says so).',
  extra_cells: 'Cells beyond the last column of the header (an unquoted separator inside a cell shifts every cell after it).',
  invalid_encoding: 'A line that is not in the encoding the file is read in (FtM files are UTF-8).',
  wrong_endpoint_type: 'A relationship between types it cannot join.',
  wrong_reference_type: 'A citation whose source is not a Source.',
  type_change: 'A fact whose id is stored with another type.',
  id_taken: 'An id already taken by a fact of the other kind (nodes and relationships share one id space).',
  endpoint_change: 'A relationship whose id is stored with other endpoints.',
  unknown_country: 'A country name that matches no ISO 3166 country.',
  duplicate_id: 'An id used twice.',
  unreadable: 'A record that could not be read at all.',
};

export function emptyCounts(): ImportCounts {
  return {
    records: 0,
    skipped: 0,
    rejected: 0,
    nodesCreated: 0,
    nodesMerged: 0,
    relationshipsCreated: 0,
    relationshipsMerged: 0,
    recordsCreated: 0,
    citationsCreated: 0,
    valuesAlsoStated: 0,
  };
}

export function truncateValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return undefined;
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT - 1)}…` : text;
}

/** Collects problems as records are validated; groups keep their first-seen order. */
export class ProblemCollector {
  private readonly groups = new Map<string, ProblemGroup>();

  add(problem: RecordProblem, where: RecordLocator): void {
    const severity = problem.severity ?? 'error';
    const key = `${severity}\u0000${problem.rule}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { rule: problem.rule, severity, count: 0, message: RULE_MESSAGES[problem.rule] ?? problem.message, examples: [] };
      this.groups.set(key, group);
    }
    group.count++;
    if (group.examples.length >= EXAMPLES_KEPT) return;
    const example: ProblemExample = { file: where.file, message: problem.message };
    if (where.line !== undefined) example.line = where.line;
    if (where.row !== undefined) example.row = where.row;
    if (where.recordId !== undefined) example.recordId = where.recordId;
    if (problem.field !== undefined) example.field = problem.field;
    const value = truncateValue(problem.value);
    if (value !== undefined) example.value = value;
    group.examples.push(example);
  }

  get errorCount(): number {
    let n = 0;
    for (const g of this.groups.values()) if (g.severity === 'error') n += g.count;
    return n;
  }

  /** Every group with every kept example (for the report file); errors first, then by count. */
  all(): ProblemGroup[] {
    return [...this.groups.values()].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error') || b.count - a.count);
  }
}

/** The report as the API and the CLI show it: the first EXAMPLES_SHOWN examples of each group. */
export function shownReport(report: ImportReport): ImportReport {
  return { ...report, problems: report.problems.map((g) => ({ ...g, examples: g.examples.slice(0, EXAMPLES_SHOWN) })) };
}

const where = (e: ProblemExample) =>
  `${e.file}${e.line !== undefined ? `:${e.line}` : e.row !== undefined ? ` row ${e.row}` : ''}${e.recordId !== undefined ? ` [${e.recordId}]` : ''}`;

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** The report's lines on matching, for renderReportText. */
function matchingLines(m: MatchReport): string[] {
  const would = m.dryRun ? 'would be ' : '';
  const lines = [
    '',
    `Matching (${m.mode}${m.mode === 'auto' ? `; merges on: ${m.rules.join(' | ')}` : ''}): ${m.candidates.toLocaleString('en')} candidate pair${m.candidates === 1 ? '' : 's'}${m.incoming !== undefined ? ` for ${m.incoming.toLocaleString('en')} entities of the file` : ''}`,
    `  ${m.merged.toLocaleString('en')} ${would}merged, ${m.awaitingReview.toLocaleString('en')} ${m.dryRun ? 'would await' : 'await'} review${m.failed > 0 ? ` (${m.failed.toLocaleString('en')} of them after a failed merge)` : ''}${m.reviewQueue ? `: GET ${m.reviewQueue}` : ''}`,
  ];
  const pair = (p: MatchPair) =>
    `${p.a} ~ ${p.b} (${p.type}, ${p.score.toFixed(2)}: ${p.reasons.map((r) => r.detail).join('; ')})${p.canonicalId ? ` → ${p.canonicalId}` : ''}${p.error ? ` — ${p.error}` : ''}`;
  if (m.merges.length > 0) lines.push(`  ${m.dryRun ? 'Would merge' : 'Merged'}:`, ...m.merges.map((p) => `    ${pair(p)}`));
  if (m.failures.length > 0) lines.push('  Merges that failed (in the review queue):', ...m.failures.map((p) => `    ${pair(p)}`));
  if (m.review.length > 0) lines.push(`  ${m.dryRun ? 'Would await' : 'Awaiting'} review:`, ...m.review.map((p) => `    ${pair(p)}`));
  if (m.error) lines.push(`  ${m.error}`);
  return lines;
}

/** The report for people: outcome, counts, then each group of problems with its examples. */
export function renderReportText(report: ImportReport, examplesPerGroup = EXAMPLES_SHOWN): string {
  const c = report.counts;
  const lines: string[] = [];
  lines.push(`Import ${report.status}${report.reason ? ` (${report.reason})` : ''}: ${report.message}`);
  for (const f of report.files)
    lines.push(
      `  ${f.file} (${f.format}${f.mapping ? `, mapping ${f.mapping}` : ''}): ${plural(f.records, 'record')}, ${f.skipped.toLocaleString('en')} skipped, ${f.rejected.toLocaleString('en')} rejected`,
    );
  const would = report.dryRun ? 'would be ' : '';
  lines.push(
    '',
    `Records: ${c.records.toLocaleString('en')} read, ${c.skipped.toLocaleString('en')} skipped by filters, ${c.rejected.toLocaleString('en')} rejected`,
    `Nodes: ${c.nodesCreated.toLocaleString('en')} ${would}created, ${c.nodesMerged.toLocaleString('en')} ${would}merged`,
    `Relationships: ${c.relationshipsCreated.toLocaleString('en')} ${would}created, ${c.relationshipsMerged.toLocaleString('en')} ${would}merged`,
  );
  if (!report.dryRun)
    lines.push(
      `Provenance records created: ${c.recordsCreated.toLocaleString('en')}; citations created: ${c.citationsCreated.toLocaleString('en')}; values also stated: ${c.valuesAlsoStated.toLocaleString('en')}`,
    );
  if (report.matching) lines.push(...matchingLines(report.matching));
  if (report.quarantineFile) lines.push(`Rejected records (unchanged, re-importable): ${report.quarantineFile}`);
  if (report.importId) lines.push(`Import id: ${report.importId}`);
  const unmapped = Object.entries(report.unmapped);
  if (unmapped.length > 0) {
    lines.push('', 'Read but not mapped:');
    for (const [kind, n] of unmapped.sort((a, b) => b[1] - a[1])) lines.push(`  ${kind}: ${n.toLocaleString('en')}`);
  }
  if (report.problems.length > 0) {
    lines.push('', 'Problems:');
    for (const g of report.problems) {
      lines.push('', `${g.severity === 'error' ? 'ERROR' : 'warning'} ${g.rule} — ${plural(g.count, 'time')}: ${g.message}`);
      for (const e of g.examples.slice(0, examplesPerGroup))
        lines.push(
          `  ${where(e)}${e.field ? ` ${e.field}` : ''}${e.value !== undefined ? ` = ${JSON.stringify(e.value)}` : ''}: ${e.message}`,
        );
      const more = g.count - Math.min(g.examples.length, examplesPerGroup);
      if (more > 0) lines.push(`  … and ${more.toLocaleString('en')} more${report.reportFile ? ` (see ${report.reportFile.json})` : ''}`);
    }
  }
  lines.push('', `Took ${(report.durationMs / 1000).toFixed(1)} s.`);
  return `${lines.join('\n')}\n`;
}

/** FILE.json and FILE.txt for --report FILE (FILE may itself end in .json or .txt). */
export function reportPaths(file: string): { json: string; text: string } {
  const base = /\.(json|txt)$/i.test(file) ? file.slice(0, -path.extname(file).length) : file;
  return { json: `${base}.json`, text: `${base}.txt` };
}

/** Writes the full report (every kept example) as JSON and as text; the text shows every kept example too. */
export function writeReportFiles(report: ImportReport, file: string): { json: string; text: string } {
  const paths = reportPaths(path.resolve(file));
  mkdirSync(path.dirname(paths.json), { recursive: true });
  const full = { ...report, reportFile: paths };
  writeFileSync(paths.json, `${JSON.stringify(full, null, 2)}\n`);
  writeFileSync(paths.text, renderReportText(full, EXAMPLES_KEPT));
  return paths;
}
