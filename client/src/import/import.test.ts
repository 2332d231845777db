// The Import page's pure logic: which mapping fits a file, the mapping editor's text and error lines,
// the preview graph, and how numbers are said.
import { describe, expect, it } from '@jest/globals';

import type { Schema } from '../api';
import { bytes, duration, progressLine, words } from './format';
import { globToRegExp, matchScore, normalizeParams, pickMapping } from './mapping-match';
import { lineOfPath, parseMappingText, pathKeys, toYaml } from './mapping-text';
import { previewGraph } from './preview-graph';
import { countRows, renderReport, where } from './report-view';

describe('mapping choice by file name', () => {
  it('turns globs into whole-name, case-insensitive expressions', () => {
    expect(globToRegExp('pm-meetings*.csv').test('PM-Meetings_0_0.CSV')).toBe(true);
    expect(globToRegExp('pm-meetings*.csv').test('dpm-meetings.csv')).toBe(false);
    expect(globToRegExp('*.{csv,tsv}').test('a.tsv')).toBe(true);
    expect(globToRegExp('*.{csv,tsv}').test('a.xlsx')).toBe(false);
    expect(globToRegExp('file?.csv').test('file1.csv')).toBe(true);
    expect(globToRegExp('[cd]pm.csv').test('dpm.csv')).toBe(true);
    expect(globToRegExp('a.b').test('aXb')).toBe(false);
  });

  it('picks the most specific matching mapping, regular expressions included', () => {
    const mappings = [
      { name: 'any-csv', files: ['*.csv'] },
      { name: 'uk-ministers-meetings', files: ['*meetings*.csv', 'bmsmeetingsmedia*.csv'] },
      { name: 'mep', files: '/^mep-.*\\.csv$/' },
      { name: 'none' },
    ];
    expect(pickMapping(mappings, 'pm-meetings_0_0.csv')).toBe('uk-ministers-meetings');
    expect(pickMapping(mappings, 'other.csv')).toBe('any-csv');
    expect(pickMapping(mappings, 'MEP-2021.csv')).toBe('mep');
    expect(pickMapping(mappings, 'people.json')).toBeNull();
    expect(matchScore(['data/*.csv'], 'x.csv')).toBeGreaterThan(0);
    expect(matchScore(['/(/'], 'x.csv')).toBe(0); // a broken expression matches nothing rather than throwing
  });

  it('reads parameters listed or keyed by name', () => {
    expect(normalizeParams([{ name: 'year', description: 'the year', required: true }, 'office'])).toEqual([
      { name: 'year', description: 'the year', required: true },
      { name: 'office' },
    ]);
    expect(normalizeParams({ year: { default: 2011, pattern: '\\d{4}' }, office: 'the office' })).toEqual([
      { name: 'year', default: '2011', pattern: '\\d{4}' },
      { name: 'office', description: 'the office' },
    ]);
    expect(normalizeParams(undefined)).toEqual([]);
  });
});

describe('the mapping editor text', () => {
  const yaml = 'name: test\nentities:\n  - type: Person\n    id: person-{name}\n  - type: Meeting\n    id: meeting-{date}\n';

  it('parses YAML and JSON, and says where YAML breaks', () => {
    expect(parseMappingText(yaml)).toEqual({
      ok: true,
      value: {
        name: 'test',
        entities: [
          { type: 'Person', id: 'person-{name}' },
          { type: 'Meeting', id: 'meeting-{date}' },
        ],
      },
    });
    expect(parseMappingText('{"name": "x"}')).toEqual({ ok: true, value: { name: 'x' } });
    const bad = parseMappingText('name: x\nentities:\n  - type: [Person\n');
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && bad.line).toBeGreaterThanOrEqual(3);
    expect(parseMappingText('{"name": ').ok).toBe(false);
    expect(parseMappingText('- a\n- b\n')).toMatchObject({ ok: false, message: expect.stringMatching(/map/) });
    expect(parseMappingText('  ')).toMatchObject({ ok: false });
  });

  it('round-trips a mapping through YAML', () => {
    const m = { name: 'x', columns: { Date: { format: 'Month, YYYY' } }, entities: [{ type: 'Person' }] };
    expect(parseMappingText(toYaml(m))).toEqual({ ok: true, value: m });
  });

  it('finds the line of a JSON path, in the notations the server may use', () => {
    expect(pathKeys('mapping.entities[1].id')).toEqual(['entities', 1, 'id']);
    expect(pathKeys('/entities/1/id')).toEqual(['entities', 1, 'id']);
    expect(pathKeys('$.body.mapping.name')).toEqual(['name']);
    expect(lineOfPath(yaml, 'mapping.entities[1].id')).toBe(6);
    expect(lineOfPath(yaml, '/entities/0/type')).toBe(3);
    expect(lineOfPath(yaml, 'name')).toBe(1);
    // A key that is not there: the nearest parent's line.
    expect(lineOfPath(yaml, 'entities[1].missing')).toBe(5);
    expect(lineOfPath(yaml, 'mapping.relationships')).toBeUndefined();
  });
});

describe('the preview graph', () => {
  const schema = {
    nodeTypes: [
      { label: 'Person', caption: 'name' },
      { label: 'Meeting', caption: 'title' },
      { label: 'Organization', caption: 'name' },
    ],
    relationshipTypes: [],
  } as unknown as Schema;
  const person = { id: 'person-david-cameron', type: 'Person', properties: { name: 'David Cameron' } };
  const row = (date: string, org: string, problems: Array<{ rule: string; message: string }> = []) => ({
    record: { file: 'pm.csv', line: 3 },
    nodes: [person, { id: `meeting-${date}`, type: 'Meeting', properties: { title: `Meeting with ${org}` } }],
    relationships: [
      { id: `tp-${date}`, type: 'TAKES_PART', source: person.id, target: `meeting-${date}`, properties: {} },
      { id: `org-${date}`, type: 'TAKES_PART', source: `org-${org}`, target: `meeting-${date}`, properties: {} },
    ],
    problems,
  });

  it('draws each fact once, captions from the schema, stand-ins for ends no row yields', () => {
    const g = previewGraph(schema, [row('2010-05', 'murdoch'), row('2010-06', 'geldof', [{ rule: 'date_format', message: 'x' }])]);
    expect(g.nodes.map((n) => [n.id, n.name])).toEqual([
      ['person-david-cameron', 'David Cameron'],
      ['meeting-2010-05', 'Meeting with murdoch'],
      ['meeting-2010-06', 'Meeting with geldof'],
      ['org-murdoch', 'org-murdoch'],
      ['org-geldof', 'org-geldof'],
    ]);
    expect(g.edges).toHaveLength(4);
    expect(g.nodes.find((n) => n.id === 'org-murdoch')?.type).toBe('Existing');
    expect([...g.rejected].sort()).toEqual(['meeting-2010-06', 'org-2010-06', 'tp-2010-06']);
  });
});

describe('numbers', () => {
  it('says sizes, durations and progress', () => {
    expect(bytes(2129)).toBe('2.1 KB');
    expect(bytes(512)).toBe('512 B');
    expect(bytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(duration(45.4)).toBe('45 s');
    expect(duration(185)).toBe('3 min 5 s');
    expect(duration(7800)).toBe('2 h 10 min');
    expect(duration(null)).toBe('–');
    expect(progressLine({ done: 1200, total: 5000, ratePerSecond: 830.4, etaSeconds: 4.6, phase: 'writing' })).toBe(
      'writing: 1,200 of 5,000 records (24 %) · 830 records/s · about 5 s left',
    );
    expect(progressLine({ done: 10, total: null })).toBe('10 records');
    expect(progressLine({ done: 1024, total: 4096, unit: 'bytes', ratePerSecond: 2048, etaSeconds: 1.5, phase: 'validating' })).toBe(
      'validating: 1.0 KB of 4.0 KB (25 %) · 2.0 KB/s · about 2 s left',
    );
    expect(words('nodesCreated')).toBe('nodes created');
    expect(words('values_also_stated')).toBe('values also stated');
  });
});

describe('the report', () => {
  it('lists the counters in reading order, unknown ones after under their own words', () => {
    expect(countRows({ nodesMerged: 2, records: 23, newThing: 4, rejected: 1, note: 'x' as unknown as number })).toEqual([
      { key: 'records', label: 'records read', value: 23 },
      { key: 'rejected', label: 'rejected', value: 1 },
      { key: 'nodesMerged', label: 'nodes merged into existing ones', value: 2 },
      { key: 'newThing', label: 'new thing', value: 4 },
    ]);
    expect(where({ file: 'a.csv', line: 4 })).toBe('a.csv:4');
    expect(where({ file: 'a.csv', row: 3 })).toBe('a.csv:3');
    expect(where({ file: 'a.json' })).toBe('a.json');
  });

  it('puts errors first, escapes what the file said, and says how many examples are left out', () => {
    const html = renderReport(
      {
        status: 'rejected',
        message: 'Rejected: 3 records have errors.',
        counts: { records: 10, rejected: 3 },
        problems: [
          { rule: 'unknown_country', severity: 'warning', count: 9, message: 'no code', examples: [] },
          {
            rule: 'date_format',
            severity: 'error',
            count: 3,
            message: 'not a date',
            examples: [{ file: 'm.csv', line: 4, field: 'Date', value: '<b>Smarch</b>', message: 'no such month' }],
          },
        ],
      },
      { title: 'Dry-run report' },
    );
    expect(html.indexOf('date_format')).toBeLessThan(html.indexOf('unknown_country'));
    expect(html).toContain('&lt;b&gt;Smarch&lt;/b&gt;');
    expect(html).not.toContain('<b>Smarch');
    expect(html).toContain('<code>m.csv:4</code>');
    expect(html).toContain('2 more in the full report');
    expect(html).toContain('Rejected: 3 records have errors.');
  });
});
