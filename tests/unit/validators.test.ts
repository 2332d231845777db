// Validators derived from the schema model: fuzzy dates, and the shape of an import bundle, with
// every problem reported at its JSONPath.
import { describe, expect, it } from '@jest/globals';
import neo4j from 'neo4j-driver';

import { ValidationError, type FieldIssue } from '../../server/src/errors';
import { parseBundle } from '../../server/src/import/bundle';
import { formatFuzzyDate, parseFuzzyDate, precisionKey } from '../../server/src/schema/fuzzy-date';
import { isValidFuzzyDate } from '../../server/src/schema/validators';

describe('isValidFuzzyDate', () => {
  it.each(['2019', '2019-06', '2019-09-04', '2019-12-31', '2020-02-29', '2000-02-29', '1999-01'])('accepts %s', (value) => {
    expect(isValidFuzzyDate(value)).toBe(true);
  });

  it.each([
    '2019-02-30',
    '2019-02-29',
    '1900-02-29',
    '2019-04-31',
    '2019-13',
    '2019-00',
    '2019-01-00',
    '2019-01-32',
    '19-01-01',
    '2019-6',
    '2019-06-4',
    '20190',
    '2019/06/04',
    ' 2019',
    '2019-06-04T00:00',
    '',
  ])('rejects %j', (value) => {
    expect(isValidFuzzyDate(value)).toBe(false);
  });
});

describe('parseFuzzyDate / formatFuzzyDate', () => {
  it.each([
    ['2019', 'year', '2019-01-01'],
    ['2019-06', 'month', '2019-06-01'],
    ['2019-09-04', 'day', '2019-09-04'],
  ] as const)('stores %s as the first day of its period with precision %s', (value, precision, iso) => {
    const parsed = parseFuzzyDate(value);
    expect(neo4j.isDate(parsed.date)).toBe(true);
    expect(parsed.date.toString()).toBe(iso);
    expect(parsed.precision).toBe(precision);
    expect(formatFuzzyDate(parsed.date.toString(), parsed.precision)).toBe(value);
  });

  it('shows a date of unknown precision to the day', () => {
    expect(formatFuzzyDate('2019-09-04', undefined)).toBe('2019-09-04');
  });

  it('refuses a string that is no fuzzy date', () => {
    expect(() => parseFuzzyDate('4 September 2019')).toThrow(/not a fuzzy date/);
  });

  it('names the precision sibling after the property', () => {
    expect(precisionKey('date')).toBe('datePrecision');
    expect(precisionKey('start')).not.toBe(precisionKey('end'));
  });
});

const SOURCE = { id: 'src-a', type: 'Source', properties: { title: 'An article' } };
const CITE = [{ source: 'src-a', quote: 'Patrushev arrived in Baku.' }];

function person(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id: 'person-x', type: 'Person', properties, citations: CITE, ...extra };
}

/** The issues of a rejected bundle; fails when the bundle is accepted or fails otherwise. */
function issuesOf(input: unknown): FieldIssue[] {
  try {
    parseBundle(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues;
  }
  throw new Error('the bundle was accepted');
}

describe('parseBundle', () => {
  it('accepts a minimal valid bundle and fills defaults', () => {
    const bundle = parseBundle({ nodes: [SOURCE, person({ name: 'Nikolai Patrushev', nationality: 'RU' })] });
    expect(bundle.nodes).toHaveLength(2);
    expect(bundle.relationships).toEqual([]);
    expect(bundle.nodes[0]!.citations).toEqual([]);
    expect((bundle.nodes[1]!.citations[0] as { status: string }).status).toBe('reported');
  });

  it('keeps an explicit citation status', () => {
    const bundle = parseBundle({ nodes: [SOURCE, person({ name: 'X' }, { citations: [{ ...CITE[0], status: 'speculative' }] })] });
    expect((bundle.nodes[1]!.citations[0] as { status: string }).status).toBe('speculative');
  });

  it('rejects an unknown property at the path of the properties, naming it', () => {
    const issues = issuesOf({ nodes: [person({ name: 'X', nmae: 'Y' })] });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('$.nodes[0].properties');
    expect(issues[0]!.message).toContain('nmae');
  });

  it('rejects an unknown node type at the path of the type, listing the known types', () => {
    const issues = issuesOf({ nodes: [SOURCE, { id: 'p', type: 'Persn', properties: { name: 'X' } }] });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('$.nodes[1].type');
    expect(issues[0]!.message).toMatch(/Person/);
  });

  it('rejects an unknown relationship type', () => {
    const issues = issuesOf({ relationships: [{ id: 'rel-1', type: 'HATES', source: 'a', target: 'b' }] });
    expect(issues.map((i) => i.path)).toEqual(['$.relationships[0].type']);
    expect(issues[0]!.message).toMatch(/HOLDS_POST/);
  });

  it('reports a missing required property at its own path', () => {
    const issues = issuesOf({ nodes: [person({ nationality: 'RU' })] });
    expect(issues.map((i) => i.path)).toEqual(['$.nodes[0].properties.name']);
  });

  it('reports a missing required relationship property', () => {
    const issues = issuesOf({ relationships: [{ id: 'rel-1', type: 'HOLDS_POST', source: 'a', target: 'b', properties: {} }] });
    expect(issues.map((i) => i.path)).toEqual(['$.relationships[0].properties.title']);
  });

  it.each(['ru', 'RUS', 'R', 'Russia'])('rejects the country code %j', (code) => {
    const issues = issuesOf({ nodes: [person({ name: 'X', nationality: code })] });
    expect(issues.map((i) => i.path)).toEqual(['$.nodes[0].properties.nationality']);
  });

  it('rejects an impossible date at its path', () => {
    const meeting = {
      id: 'm',
      type: 'Meeting',
      properties: { title: 'Talks', kind: 'talks', status: 'held', date: '2019-02-30' },
      citations: CITE,
    };
    expect(issuesOf({ nodes: [meeting] }).map((i) => i.path)).toEqual(['$.nodes[0].properties.date']);
  });

  it('rejects an enum value outside the list', () => {
    const meeting = { id: 'm', type: 'Meeting', properties: { title: 'Talks', kind: 'party', status: 'held' }, citations: CITE };
    expect(issuesOf({ nodes: [meeting] }).map((i) => i.path)).toEqual(['$.nodes[0].properties.kind']);
  });

  it('rejects an unknown citation status and a citation without a quote', () => {
    const issues = issuesOf({
      nodes: [
        person(
          { name: 'X' },
          {
            citations: [
              { source: 'src-a', quote: 'q', status: 'rumoured' },
              { source: 'src-a', quote: '  ' },
            ],
          },
        ),
      ],
    });
    expect(issues.map((i) => i.path).sort()).toEqual(['$.nodes[0].citations[0].status', '$.nodes[0].citations[1].quote']);
  });

  it('rejects ids with characters outside the allowed set', () => {
    const issues = issuesOf({
      nodes: [
        { ...person({ name: 'X' }), id: 'a b' },
        { ...person({ name: 'Y' }), id: '-x' },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['$.nodes[0].id', '$.nodes[1].id']);
  });

  it('rejects unknown top-level keys', () => {
    expect(issuesOf({ nodez: [] }).map((i) => i.path)).toEqual(['$']);
  });

  it('reports every problem at once, with a count in the message', () => {
    let error: unknown;
    try {
      parseBundle({ nodes: [person({ nationality: 'ru' }), { id: 'q', type: 'Nobody', properties: {} }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { issues, message } = error as ValidationError;
    expect(issues.map((i) => i.path).sort()).toEqual([
      '$.nodes[0].properties.name',
      '$.nodes[0].properties.nationality',
      '$.nodes[1].type',
    ]);
    expect(message).toMatch(/3 problems/);
    for (const issue of issues) expect(issue.path).toMatch(/^\$(\.\w+|\[\d+\])*$/);
  });
});
