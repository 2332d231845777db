// The details panel's provenance as HTML: a record of a dataset shows the dataset, the file and line
// and the record as read (in a <details>), a quote its sentence, and a value another source stated
// differently is named with that source — in words, not only in colour.
import { describe, expect, it } from '@jest/globals';

import type { Citation } from '../../client/src/api';
import { alsoStatedHtml, citationsHtml } from '../../client/src/details';

const record: Citation = {
  kind: 'record',
  sourceId: 'src-co',
  title: "Cabinet Office, ministers' meetings",
  publisher: 'Cabinet Office',
  url: 'https://www.gov.uk/x',
  published: null,
  status: 'reported',
  record: 'rec-1',
  file: 'pm-meetings_0_0.csv',
  line: 4,
  row: 3,
  recordId: null,
  pointer: null,
  raw: 'Francis Maude,Jan-14,<Tilray>,Medical cannabis',
  version: '2014-Q1',
  retrieved: '2024-05',
  licence: 'OGL-UK-3.0',
};

const quote: Citation = {
  kind: 'quote',
  sourceId: 'src-a',
  title: 'Ein Artikel',
  publisher: 'Caucasus Watch',
  url: null,
  published: '2019-09',
  status: 'speculative',
  quote: 'Man kennt sich',
  lang: 'de',
  note: null,
};

/** The text a reader (or a screen reader) gets: tags dropped, entities decoded, spaces folded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

describe('citations in the details panel', () => {
  it('show a record as "dataset — file, line" with its release and the raw record in a <details>', () => {
    const html = citationsHtml([record]);
    expect(text(html)).toContain("Record Cabinet Office, ministers' meetings — pm-meetings_0_0.csv, line 4");
    expect(text(html)).toContain('version 2014-Q1 · retrieved May 2024 · OGL-UK-3.0');
    expect(html).toMatch(
      /<details class="record-raw"><summary>The record as read<\/summary><pre>Francis Maude,Jan-14,&lt;Tilray&gt;,Medical cannabis<\/pre><\/details>/,
    );
    expect(html).not.toContain('<blockquote');
    expect(html).toContain('<span class="badge badge-reported">reported</span>');
  });

  it('name a record by row, record id or pointer when it has no line, and leave out what is absent', () => {
    const html = citationsHtml([{ ...record, line: null, recordId: 'CO-17', raw: null, version: null, retrieved: null, licence: null }]);
    expect(text(html)).toContain('pm-meetings_0_0.csv, row 3, record CO-17');
    expect(html).not.toContain('<details');
    const pointer = citationsHtml([{ ...record, file: 'people.json', line: null, row: null, pointer: '/persons/12' }]);
    expect(text(pointer)).toContain('people.json, /persons/12');
  });

  it('keep quotes as they were, and list both kinds in order', () => {
    const html = citationsHtml([quote, record]);
    expect(html.indexOf('<blockquote lang="de">Man kennt sich</blockquote>')).toBeGreaterThan(-1);
    expect(html.indexOf('blockquote')).toBeLessThan(html.indexOf('cite-record'));
    expect(text(html)).toContain('speculative Ein Artikel — Caucasus Watch, September 2019');
  });
});

describe('values also stated', () => {
  const also = [
    { property: 'nationality', value: 'AM', sources: [{ id: 'src-reg', title: 'Party register' }] },
    {
      property: 'birthDate',
      value: '1953-07',
      sources: [
        { id: 'src-x', title: null },
        { id: 'src-y', title: 'Who’s Who' },
      ],
    },
  ];

  it('say "also stated: <value> by <source>" for the property asked, in words', () => {
    expect(text(alsoStatedHtml(also, 'nationality'))).toBe('also stated: AM by Party register');
    // Dates at their precision; a source without a title by its id.
    expect(text(alsoStatedHtml(also, 'birthDate'))).toBe('also stated: July 1953 by src-x, Who’s Who');
    expect(alsoStatedHtml(also, 'name')).toBe('');
    expect(alsoStatedHtml(undefined, 'name')).toBe('');
  });
});
