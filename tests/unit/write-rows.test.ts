// The writer's rows (import/write/rows.ts) and the bundle's record citations: pure, no database.
import { describe, expect, it } from '@jest/globals';

import { parseBundle, writeFacts } from '../../server/src/import/bundle';
import { recordNodeId } from '../../server/src/import/pipeline/types';
import { citationStatus, nodeRow, relationshipRow } from '../../server/src/import/write/rows';
import type { ValidationError } from '../../server/src/errors';

const quote = (status: 'reported' | 'speculative' | 'disputed', source = 'src-a') => ({ source, quote: 'q', status });

describe('nodeRow', () => {
  const row = nodeRow(
    {
      id: 'p-1',
      type: 'Person',
      properties: { name: 'Nikolai Patrushev', aliases: ['Patruschew', 'Patruschew'], nationality: 'RU', birthDate: '1951-07' },
      citations: [quote('speculative', 'src-b')],
      records: ['rec-1'],
    },
    new Map([['rec-1', 'src-register']]),
  );

  it('stores dates with their precision, lists deduplicated, search keys and records as lists, and the status', () => {
    expect(row.props).toMatchObject({
      id: 'p-1',
      name: 'Nikolai Patrushev',
      aliases: ['Patruschew'],
      nationality: 'RU',
      birthDatePrecision: 'month',
    });
    expect(String(row.props.birthDate)).toBe('1951-07-01');
    expect(row.prec).toEqual({ birthDate: 'birthDatePrecision' });
    expect(row.lists).toEqual(['aliases', 'searchKeys', 'records']);
    expect(row.props.records).toEqual(['rec-1']);
    expect(row.status).toBe('reported');
    expect(row.captionKey).toBe('name');
  });

  it('words each scalar as the alsoStated entry it becomes, in bundle form, with the sources of its citations and records', () => {
    expect(JSON.parse(row.also.birthDate!)).toEqual({ property: 'birthDate', value: '1951-07', sources: ['src-b', 'src-register'] });
    expect(Object.keys(row.also).sort()).toEqual(['birthDate', 'name', 'nationality']);
  });

  it('gives a type without aliases no caption to add as an alias', () => {
    expect(nodeRow({ id: 's', type: 'Source', properties: { title: 'T' }, citations: [], records: [] }).captionKey).toBeNull();
  });

  it('keeps relationships endpoints and no caption', () => {
    const r = relationshipRow({
      id: 'r',
      type: 'KNOWS',
      source: 'a',
      target: 'b',
      properties: { since: '1990' },
      citations: [],
      records: [],
    });
    expect([r.source, r.target, r.captionKey, r.status, r.prec]).toEqual(['a', 'b', null, null, { since: 'sincePrecision' }]);
  });
});

describe('citationStatus', () => {
  it('is reported with any record or reported quote, else disputed, else speculative, else null', () => {
    expect(citationStatus([quote('speculative')], ['rec'])).toBe('reported');
    expect(citationStatus([quote('speculative'), quote('disputed')], [])).toBe('disputed');
    expect(citationStatus([quote('speculative')], [])).toBe('speculative');
    expect(citationStatus([], [])).toBeNull();
  });
});

describe('record citations in bundles', () => {
  const SOURCE = { id: 'src-d', type: 'Source', properties: { title: 'Dataset' } };
  const record = { file: 'a.csv', line: 3, recordId: 'x-1' };

  it('become one SourceRecord per record, listed by every fact citing it', () => {
    const bundle = parseBundle({
      nodes: [
        SOURCE,
        { id: 'p-1', type: 'Person', properties: { name: 'One' }, citations: [{ source: 'src-d', record }] },
        {
          id: 'p-2',
          type: 'Person',
          properties: { name: 'Two' },
          citations: [
            { source: 'src-d', record },
            { source: 'src-d', quote: 'Two.' },
          ],
        },
      ],
    });
    const { nodes, records } = writeFacts(bundle);
    const id = recordNodeId('src-d', record);
    expect([...records.keys()]).toEqual([id]);
    expect(records.get(id)).toEqual({ id, source: 'src-d', file: 'a.csv', line: 3, recordId: 'x-1' });
    expect(nodes.map((n) => [n.id, n.records, n.citations.length])).toEqual([
      ['src-d', [], 0],
      ['p-1', [id], 0],
      ['p-2', [id], 1],
    ]);
  });

  it('are validated as records, with paths into the record', () => {
    let error: ValidationError | undefined;
    try {
      parseBundle({
        nodes: [SOURCE, { id: 'p', type: 'Person', properties: { name: 'P' }, citations: [{ source: 'src-d', record: { line: 0 } }] }],
      });
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error!.issues.map((i) => i.path).sort()).toEqual(['$.nodes[1].citations[0].record.file', '$.nodes[1].citations[0].record.line']);
  });
});
