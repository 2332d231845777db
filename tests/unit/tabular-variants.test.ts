// Registers nobody here had seen, read with mappings written from docs/mappings.md alone: the
// European Commission's meetings export, a later Cabinet Office release, US visitor records, and
// damaged files (empty, header only); each case is a shape the mapping language failed on before.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ValidationError } from '../../server/src/errors';
import { createTabularReader, parseMapping } from '../../server/src/import/tabular';
import { compileNames, compileSplit, parseParticipants } from '../../server/src/import/tabular/names';
import { collect, schemaProblems } from './tabular/helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/tabular-variants');
const tmp = mkdtempSync(path.join(tmpdir(), 'liaison-tabular-variants-'));
function file(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const ecMapping = {
  title: 'EC meetings',
  read: { delimiter: ';' },
  source: { id: 'src-ec-{file.stem|slug}', title: 'EC meetings {file.name}' },
  columns: {
    member: { header: 'Name of member', type: 'person', required: true },
    date: { header: 'Date of meeting', type: 'date', date: { formats: ['dd/MM/yyyy'] } },
    org: { header: 'Name of organisation', type: 'participants', split: { separators: [';'] } },
    regids: { header: 'Transparency register ID', type: 'list', split: { separators: [',', '\n'] } },
    subjects: { header: 'Subjects', type: 'list', split: { separators: [';', '\n'] } },
  },
  names: { organisationKinds: { ngo: ['Organisation'] } },
  entities: {
    org: {
      type: 'Organization',
      each: 'org.organizations',
      id: 'org-{item.name|slug}',
      properties: { name: '{item.name}', kind: '{item.kind}', identifiers: ['eu-transparency-register:{regids.items}'] },
    },
  },
};

describe('EC meetings export: cells listing several ids', () => {
  it('a list placeholder inside a list property gives one entry per item, with the text around it', async () => {
    const units = await collect(
      createTabularReader({ path: path.join(FIXTURES, 'ec-meetings.csv'), name: 'ec-meetings.csv', params: {} }, ecMapping),
    );
    const org = units[1]!.nodes.find((n) => n.id === 'org-european-consumer-organisation')!;
    expect(org.properties.identifiers).toEqual(['eu-transparency-register:9505781573-45', 'eu-transparency-register:4811524323-11']);
    expect(units[0]!.nodes.find((n) => n.id === 'org-google-llc')!.properties.identifiers).toEqual([
      'eu-transparency-register:03181945560-59',
    ]);
    for (const u of units) expect(schemaProblems(u)).toEqual([]);
  });

  it('a line break inside a quoted cell separates items when the split lists "\\n" (whitespace collapsing kept it)', async () => {
    const units = await collect(
      createTabularReader({ path: path.join(FIXTURES, 'ec-meetings.csv'), name: 'ec-meetings.csv', params: {} }, ecMapping),
    );
    expect(units[1]!.problems).toEqual([]);
    const scope = units[1]!.nodes.find((n) => n.type === 'Organization')!;
    expect(scope.properties.identifiers).toHaveLength(2);
    // Other columns still read the cell with its line breaks as spaces.
    expect(units[1]!.record.line).toBe(3);
  });

  it('a list column split at "\\n" gives one item per line, and fill-down carries the lines', async () => {
    const mapping = {
      title: 'Lines',
      source: { id: 'src-lines', title: 'Lines' },
      columns: {
        who: { header: 'Who', fillDown: true, type: 'list', split: { separators: ['\n'] } },
        n: { header: 'N' },
      },
      entities: { t: { type: 'Topic', each: 'who.items', id: 'topic-{item|slug}-{n}', properties: { name: '{item}' } } },
    };
    const p = file('lines.csv', 'Who,N\r\n"Alpha Beta\r\n  Gamma, Delta  ",1\r\n,2\r\n');
    const units = await collect(createTabularReader({ path: p, name: 'lines.csv', params: {} }, mapping));
    expect(units[0]!.nodes.map((n) => n.properties.name)).toEqual(['Alpha Beta', 'Gamma, Delta']);
    expect(units[1]!.nodes.map((n) => n.properties.name)).toEqual(['Alpha Beta', 'Gamma, Delta']);
  });
});

describe('US visitor records: optional parts of a name', () => {
  it('{x ?? ""} makes a placeholder optional: an empty first name leaves the name to the last name', async () => {
    const mapping = {
      title: 'Visitors',
      source: { id: 'src-wh', title: 'WH' },
      columns: { last: { header: 'visitee_namelast' }, first: { header: 'visitee_namefirst' } },
      entities: { p: { type: 'Person', id: 'person-{last|slug}', properties: { name: '{first ?? ""} {last}' } } },
    };
    const p = file('wh.csv', 'visitee_namelast,visitee_namefirst\nPodesta,John\nPOTUS,\n');
    const units = await collect(createTabularReader({ path: p, name: 'wh.csv', params: {} }, mapping));
    expect(units.map((u) => u.nodes[0]!.properties.name)).toEqual(['John Podesta', 'POTUS']);
    for (const u of units) expect(schemaProblems(u)).toEqual([]);
  });
});

describe('damaged files', () => {
  const mapping = {
    title: 'Damaged',
    source: { id: 'src-damaged-{file.stem|slug}', title: 'Damaged {file.name}' },
    columns: { name: { header: 'Name', required: true }, org: { header: 'Organisation' } },
    entities: { p: { type: 'Person', id: 'person-{name|slug}', properties: { name: '{name}' } } },
  };

  it('an empty file is refused when the mapping requires a column, naming the file and the column', async () => {
    const p = file('empty.csv', '');
    const err = await collect(createTabularReader({ path: p, name: 'empty.csv', params: {} }, mapping)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const issues = (err as ValidationError).issues;
    expect(issues).toEqual([expect.objectContaining({ path: '$.columns.name.header', code: 'missing_column' })]);
    expect(issues[0]!.message).toMatch(/empty\.csv.*no header row.*empty/);
    // The message alone names the column too (an import job that fails keeps only the message).
    expect((err as ValidationError).message).toMatch(
      /^empty\.csv lacks columns the mapping needs: no column headed "Name" in empty\.csv: it has no header row/,
    );
  });

  it('a file shorter than its headerLine is refused the same way', async () => {
    const p = file('short.csv', 'A title row\n');
    const err = await collect(
      createTabularReader({ path: p, name: 'short.csv', params: {} }, { ...mapping, read: { headerLine: 3 } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.message).toMatch(/no line 3/);
  });

  it('a file of only a header is read: no records, no error', async () => {
    const p = file('header-only.csv', 'Name,Organisation\r\n');
    expect(await collect(createTabularReader({ path: p, name: 'header-only.csv', params: {} }, mapping))).toEqual([]);
  });
});

describe('Cabinet Office 2016: a range of days', () => {
  const spec = { formats: ['dd/MM/yyyy', 'days'], year: '{var.fileYear}' };
  const mapping = {
    title: 'CO 2016',
    vars: { fileYear: { file: '(20\\d\\d)' } },
    source: { id: 'src-co-{file.stem|slug}', title: 'CO {file.name}' },
    columns: { date: { header: 'Date', type: 'date', date: spec }, who: { header: 'Name of organisation or individual' } },
    entities: {
      m: {
        type: 'Meeting',
        id: 'm-{row}',
        properties: { title: 'with {who}', kind: 'talks', status: 'held', date: '{date}', endDate: '{date.end}' },
      },
    },
  };
  it('"4-5 Jan 2016" is the 4th with endDate the 5th; a range across months and years, and without a year, read too', async () => {
    const p = file(
      'co-meetings-jan-mar-2016.csv',
      'Date,Name of organisation or individual\n4-5 Jan 2016,KPMG\n30 Jan - 2 Feb 2016,PwC\n30 Dec 2015 – 2 Jan 2016,EY\n4 to 5 January,BDO\n05/01/2016,Grant Thornton\n30 Dec - 2 Jan 2016,Mazars\n',
    );
    const units = await collect(createTabularReader({ path: p, name: 'co-meetings-jan-mar-2016.csv', params: {} }, mapping));
    expect(units.map((u) => [u.nodes[0]!.properties.date, u.nodes[0]!.properties.endDate ?? null])).toEqual([
      ['2016-01-04', '2016-01-05'],
      ['2016-01-30', '2016-02-02'],
      ['2015-12-30', '2016-01-02'],
      ['2016-01-04', '2016-01-05'],
      ['2016-01-05', null],
      // The year written only at the end: the start's month after the end's is in the year before.
      ['2015-12-30', '2016-01-02'],
    ]);
    for (const u of units) expect(schemaProblems(u)).toEqual([]);
  });
  it('a day that does not exist, or a range that ends before it starts, is a date_format problem naming line, column and cell', async () => {
    const p = file('co-bad-2016.csv', 'Date,Name of organisation or individual\n30-31 Feb 2016,KPMG\n5-4 Jan 2016,PwC\n');
    const units = await collect(createTabularReader({ path: p, name: 'co-bad-2016.csv', params: {} }, mapping));
    expect(units.map((u) => [u.record.line, u.problems.map((x) => [x.rule, x.field, x.value, x.message])])).toEqual([
      [2, [['date_format', 'date', '30-31 Feb 2016', '"30-31 Feb 2016" names a day that does not exist']]],
      [3, [['date_format', 'date', '5-4 Jan 2016', '"5-4 Jan 2016" ends before it starts']]],
    ]);
  });
});

describe('a file with a BOM, CRLF, a header repeated mid-file and rows of the wrong length', () => {
  const mapping = {
    title: 'Messy',
    source: { id: 'src-messy', title: 'Messy' },
    columns: { name: { header: 'Name', required: true }, org: { header: 'Organisation' }, date: { header: 'Date' } },
    skip: [{ column: 'name', matches: '^name$', reason: 'repeated header' }],
    entities: { p: { type: 'Person', id: 'person-{name|slug}', properties: { name: '{name}' } } },
  };
  it('cells beyond the header are an extra_cells warning naming them; a short row reads its missing cells as blank', async () => {
    const p = file(
      'messy.csv',
      '\uFEFFName,Organisation,Date\r\nJane Smith,Acme Ltd,2020-01-02\r\nName,Organisation,Date\r\nJohn Doe,Foo, Inc,2020-01-03\r\nMary Major,Bar Ltd\r\n',
    );
    const units = await collect(createTabularReader({ path: p, name: 'messy.csv', params: {} }, mapping));
    expect(units.map((u) => [u.record.line, u.skipped ?? null, u.problems.map((x) => [x.rule, x.severity, x.field, x.value])])).toEqual([
      [2, null, []],
      [3, 'repeated header', []],
      [4, null, [['extra_cells', 'warning', '(beyond column 3)', '2020-01-03']]],
      [5, null, []],
    ]);
    expect(units[2]!.problems[0]!.message).toContain('"2020-01-03" under no header');
  });
});

describe('an organisation followed by its acronym', () => {
  // A mapping written from the docs, with no word lists: names of three capitalised words look like people's.
  const names = compileNames({});
  const split = compileSplit({});
  it.each([
    ['Confederation of British Industry (CBI)', 'Confederation of British Industry', ['CBI']],
    ['National Council for Voluntary Organisations (NCVO)', 'National Council for Voluntary Organisations', ['NCVO']],
    ['Scottish Trades Union Congress (STUC)', 'Scottish Trades Union Congress', ['STUC']],
    ['Verband der Automobilindustrie e. V. (VDA)', 'Verband der Automobilindustrie e. V.', ['VDA']],
  ])('"%s" is the organisation %s, alias %s, and nobody', (cell, name, aliases) => {
    const p = parseParticipants(cell, names, split);
    expect(p.people).toEqual([]);
    expect(p.organizations.map((o) => [o.name, o.aliases])).toEqual([[name, aliases]]);
  });
  it.each([
    ['John Fitzgerald Kennedy (JFK)', 'John Fitzgerald Kennedy'],
    ['Alexandria Ocasio-Cortez (AOC)', 'Alexandria Ocasio-Cortez'],
  ])('"%s", initials of a person’s name, stays the person %s', (cell, name) => {
    const p = parseParticipants(cell, names, split);
    expect(p.people.map((x) => x.name)).toEqual([name]);
    expect(p.organizations.map((o) => o.name)).not.toContain(name);
  });
  it('a person with an organisation in parentheses stays a person of it', () => {
    const p = parseParticipants('James Harding (BBC)', names, split);
    expect(p.people.map((x) => [x.name, x.org])).toEqual([['James Harding', 'BBC']]);
  });
});

describe('mappings with bad regular expressions are refused before any row is read', () => {
  const base = { title: 'T', source: { id: 'src-t', title: 'T' }, columns: { d: { header: 'D' } }, entities: {} };
  const issues = (m: object) => {
    try {
      parseMapping(m, 'bad');
    } catch (e) {
      return (e as ValidationError).issues.map((i) => [i.path, i.message]);
    }
    return [];
  };
  it('a date.replace key (it was a SyntaxError stack trace at the first row)', () => {
    const m = { ...base, columns: { d: { header: 'D', type: 'date', date: { formats: ['yyyy'], replace: { '[bad': 'x' } } } } };
    expect(issues(m)).toEqual([
      [
        '$.columns.d.date.replace["[bad"]',
        'the key is not a valid regular expression (Invalid regular expression: /[bad/giu: Unterminated character class)',
      ],
    ]);
  });
  it('a /regex/ in files', () => {
    expect(issues({ ...base, files: ['ok-*.csv', '/[bad/i'] })).toEqual([
      ['$.files[1]', 'must be a file-name pattern (* and ?) or a valid /regex/'],
    ]);
  });
});

describe('a required property whose template gives nothing', () => {
  it('is a missing_value error naming the entity, the property, the template and the blank column', async () => {
    const mapping = {
      title: 'Visitors',
      source: { id: 'src-wh', title: 'WH' },
      columns: { uin: { header: 'UIN' }, last: { header: 'NAMELAST' }, first: { header: 'NAMEFIRST' } },
      entities: { visitor: { type: 'Person', id: 'person-{uin}', properties: { name: '{first} {last}' } } },
    };
    const p = file('wh-visitors.csv', 'UIN,NAMELAST,NAMEFIRST\nU1,SMITH,JOHN\nU2,DOE,\n');
    const units = await collect(createTabularReader({ path: p, name: 'wh-visitors.csv', params: {} }, mapping));
    expect(units[0]!.problems).toEqual([]);
    expect(units[1]!.problems).toEqual([
      {
        rule: 'missing_value',
        message: 'Person person-U2 (entity visitor) needs name, and "{first} {last}" gave nothing: {first} empty',
        field: 'first',
        value: '',
      },
    ]);
  });
});
