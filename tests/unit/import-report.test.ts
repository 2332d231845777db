// The import report: grouping by rule and severity, examples kept and shown, the text rendering,
// report file names; and zod issues turned into RecordProblems with field paths.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { filePatternMatches } from '../../server/src/import/pipeline/mapping';
import {
  EXAMPLES_KEPT,
  EXAMPLES_SHOWN,
  ProblemCollector,
  emptyCounts,
  renderReportText,
  reportPaths,
  shownReport,
  writeReportFiles,
} from '../../server/src/import/pipeline/report';
import type { ImportReport } from '../../server/src/import/pipeline/types';
import { checkReferences, validateFacts } from '../../server/src/import/pipeline/validate';

function reportOf(collector: ProblemCollector): ImportReport {
  return {
    status: 'rejected',
    reason: 'invalid',
    message: 'test',
    dryRun: false,
    skipInvalid: false,
    files: [{ file: 'a.csv', format: 'csv', records: 5000, skipped: 0, rejected: 30, unmapped: {} }],
    counts: { ...emptyCounts(), records: 5000, rejected: 30 },
    problems: collector.all(),
    unmapped: {},
    durationMs: 1234,
  };
}

describe('ProblemCollector', () => {
  it('groups by rule and severity, counts every problem, keeps examples with their place', () => {
    const c = new ProblemCollector();
    for (let i = 0; i < 30; i++)
      c.add(
        { rule: 'date_format', message: `"${i}-13-2021" is not DD-MM-YYYY`, field: 'Date', value: `${i}-13-2021` },
        { file: 'a.csv', line: i + 2, recordId: `r${i}` },
      );
    c.add({ rule: 'date_format', message: 'dropped', severity: 'warning' }, { file: 'a.csv', line: 99 });
    c.add({ rule: 'unknown_reference', message: 'no node "x"' }, { file: 'a.csv', line: 7 });
    const groups = c.all();
    expect(groups.map((g) => [g.rule, g.severity, g.count])).toEqual([
      ['date_format', 'error', 30],
      ['unknown_reference', 'error', 1],
      ['date_format', 'warning', 1],
    ]);
    expect(c.errorCount).toBe(31);
    expect(groups[0]!.examples[3]).toEqual({
      file: 'a.csv',
      line: 5,
      recordId: 'r3',
      field: 'Date',
      value: '3-13-2021',
      message: '"3-13-2021" is not DD-MM-YYYY',
    });
    const shown = shownReport(reportOf(c));
    expect(shown.problems[0]!.examples).toHaveLength(EXAMPLES_SHOWN);
    expect(shown.problems[0]!.count).toBe(30);
  });

  it('bounds the examples it keeps but not the count', () => {
    const c = new ProblemCollector();
    for (let i = 0; i < EXAMPLES_KEPT + 5; i++) c.add({ rule: 'r', message: 'm', value: 'x'.repeat(500) }, { file: 'f', line: i });
    const [g] = c.all();
    expect(g!.count).toBe(EXAMPLES_KEPT + 5);
    expect(g!.examples).toHaveLength(EXAMPLES_KEPT);
    expect(g!.examples[0]!.value!.length).toBe(200);
  });
});

describe('the text report', () => {
  it('names the outcome, the counts, each rule with its examples and how many more there are', () => {
    const c = new ProblemCollector();
    for (let i = 0; i < 25; i++)
      c.add({ rule: 'invalid_date', message: 'not a date', field: 'Meeting.date', value: '2021-02-30' }, { file: 'a.csv', line: 10 + i });
    const text = renderReportText(shownReport(reportOf(c)));
    expect(text).toMatch(/^Import rejected \(invalid\): test/);
    expect(text).toContain('a.csv (csv): 5,000 records, 0 skipped, 30 rejected');
    expect(text).toContain('ERROR invalid_date — 25 times');
    expect(text).toContain('  a.csv:10 Meeting.date = "2021-02-30": not a date');
    expect(text).toContain('… and 5 more');
  });

  it('is written as FILE.json and FILE.txt, with every kept example', () => {
    expect(reportPaths('/x/r.json')).toEqual({ json: '/x/r.json', text: '/x/r.txt' });
    expect(reportPaths('/x/r')).toEqual({ json: '/x/r.json', text: '/x/r.txt' });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-report-'));
    const c = new ProblemCollector();
    for (let i = 0; i < 25; i++) c.add({ rule: 'invalid_date', message: 'not a date' }, { file: 'a.csv', line: i + 2 });
    const files = writeReportFiles(reportOf(c), path.join(dir, 'report'));
    const json = JSON.parse(readFileSync(files.json, 'utf8')) as ImportReport;
    expect(json.problems[0]!.examples).toHaveLength(25);
    expect(json.reportFile).toEqual(files);
    expect(readFileSync(files.text, 'utf8')).toContain('a.csv:26');
  });
});

describe('validation of facts', () => {
  it('turns zod issues into problems named by rule, with the type and property as the field', () => {
    const v = validateFacts({
      nodes: [
        { id: 'm1', type: 'Meeting', properties: { title: 'T', kind: 'talks', status: 'held', date: '2021-02-30' } },
        { id: 'p1', type: 'Person', properties: { name: '', colour: 'red' } },
        { id: 'x1', type: 'Persn', properties: {} },
      ],
      relationships: [{ id: 'r1', type: 'TAKES_PART', source: 'p1', target: 'm1', properties: { role: 'boss' } }],
    });
    const brief = v.problems.map((p) => [p.rule, p.field, p.value]);
    expect(brief).toEqual(
      expect.arrayContaining([
        ['invalid_date', 'Meeting.date', '2021-02-30'],
        ['missing_value', 'Person.name', ''],
        ['unknown_property', 'Person.colour', 'red'],
        ['unknown_type', 'Persn.type', 'Persn'],
        ['invalid_value', 'TAKES_PART.role', 'boss'],
      ]),
    );
    expect(v.nodes).toHaveLength(0);
  });

  it('checks references against the record, the run and the database', () => {
    const v = validateFacts({
      nodes: [{ id: 'p1', type: 'Person', properties: { name: 'A' } }],
      relationships: [
        { id: 'r1', type: 'TAKES_PART', source: 'p1', target: 'm-earlier', properties: { role: 'host' } },
        { id: 'r2', type: 'TAKES_PART', source: 'p1', target: 'm-stored', properties: { role: 'host' } },
        { id: 'r3', type: 'TAKES_PART', source: 'p1', target: 'm-nowhere', properties: { role: 'host' } },
        { id: 'r4', type: 'TAKES_PART', source: 'p1', target: 'o-stored', properties: { role: 'host' } },
      ],
    });
    expect(v.problems).toEqual([]);
    const seen = new Map([['m-earlier', 'Meeting']]);
    const stored = new Map([
      ['m-stored', { kind: 'node' as const, type: 'Meeting', source: null, target: null }],
      ['o-stored', { kind: 'node' as const, type: 'Organization', source: null, target: null }],
      ['p1', { kind: 'node' as const, type: 'Organization', source: null, target: null }],
    ]);
    const problems = checkReferences(v, seen, stored, new Set());
    expect(problems.map((p) => [p.rule, p.field, p.value])).toEqual([
      ['type_change', 'Person.id', 'p1'],
      ['unknown_reference', 'TAKES_PART.target', 'm-nowhere'],
      ['wrong_endpoint_type', 'TAKES_PART.target', 'o-stored'],
    ]);
  });
});

describe('mapping file patterns', () => {
  it('match globs case-insensitively on the base name, and /regexes/', () => {
    expect(filePatternMatches('*ministers*meetings*.csv', '/x/Cabinet_Office_ministers_meetings_2014.CSV')).toBe(true);
    expect(filePatternMatches('*.tsv', 'a.csv')).toBe(false);
    expect(filePatternMatches('/^pm-meetings_\\d+/', 'pm-meetings_0_0.csv')).toBe(true);
  });
});
