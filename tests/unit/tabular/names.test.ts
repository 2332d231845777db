// Cells that name people and organisations: every splitting case of the UK files (with the
// shipped mapping's word lists) and the generic rules with a vocabulary of the test's own.
import { loadMapping } from '../../../server/src/import/tabular/mapping';
import { compileNames, compileSplit, parseParticipants, parsePersonCell, splitItems } from '../../../server/src/import/tabular/names';

const uk = loadMapping('uk-ministers-meetings');
const names = compileNames(uk.names);
const split = compileSplit(uk.split);
const parts = (cell: string) => {
  const p = parseParticipants(cell, names, split);
  return { people: p.people, orgs: p.organizations.map((o) => o.name), labels: p.labels };
};

describe('a person cell with posts and honorifics', () => {
  it.each([
    ['Prime Minister, The Rt Hon David Cameron MP', 'David Cameron', ['Prime Minister']],
    ['Lord Strathclyde, Leader of the House of Lords', 'Lord Strathclyde', ['Leader of the House of Lords']],
    [
      'Leader of the House of Lords, Chancellor of the Duchy of Lancaster, The Rt Hon The Lord Strathclyde',
      'Lord Strathclyde',
      ['Leader of the House of Lords', 'Chancellor of the Duchy of Lancaster'],
    ],
    [
      'Commons Government Whip, The Rt Hon Mark Francois, Vice-Chamberlain of HM Household',
      'Mark Francois',
      ['Commons Government Whip', 'Vice-Chamberlain of HM Household'],
    ],
    [
      'Deputy Chief Whip (Treasurer of HM Household), Rt Hon John Randall MP',
      'John Randall',
      ['Deputy Chief Whip (Treasurer of HM Household)'],
    ],
    ['Government Whips (Commons), Mr Philip Dunne', 'Philip Dunne', ['Government Whips (Commons)']],
    ['Earl Attlee, Government Whip (Lords)', 'Earl Attlee', ['Government Whip (Lords)']],
    ['Minister for Civil Society, Nick Hurd', 'Nick Hurd', ['Minister for Civil Society']],
    [
      'Parliamentary Secretary, Deputy Leader of the House of Commons, David Heath MP',
      'David Heath',
      ['Parliamentary Secretary', 'Deputy Leader of the House of Commons'],
    ],
  ])('%s', (cell, name, posts) => {
    expect(parsePersonCell(cell, names, split)).toEqual({ name, posts, others: [] });
  });
});

describe('lists of participants', () => {
  it('splits at commas and semicolons, not inside parentheses', () => {
    expect(parts('Reform; Open Europe; European Council on Foreign Relations; The Economist').orgs).toEqual([
      'Reform',
      'Open Europe',
      'European Council on Foreign Relations',
      'The Economist',
    ]);
    expect(parts('Pearson (Penguin Group),Vodafone, JCB').orgs).toEqual(['Pearson (Penguin Group)', 'Vodafone', 'JCB']);
  });

  it('keeps names that contain a separator: "Company, Limited", protected names', () => {
    expect(parts('Toyota Motor Corporation, The Dai-ichi Life Insurance Company, Limited; Nippon Yusen').orgs).toEqual([
      'Toyota Motor Corporation',
      'The Dai-ichi Life Insurance Company, Limited',
      'Nippon Yusen',
    ]);
    expect(parts('Country, Land and Business Association').orgs).toEqual(['Country, Land and Business Association']);
    expect(splitItems('Acme, Inc., Beta plc, Gamma, Ltd', [','], split)).toEqual(['Acme, Inc.', 'Beta plc', 'Gamma, Ltd']);
  });

  it('"X, Chairman of HSBC": a person holding a post at the organisation', () => {
    expect(parts('Stephen Green, Chairman of HSBC')).toEqual({
      people: [{ name: 'Stephen Green', org: 'HSBC', post: 'Chairman' }],
      orgs: ['HSBC'],
      labels: [],
    });
  });

  it('"X (The Times)" and "X, Telegraph": a person and their organisation', () => {
    expect(parts('James Harding (The Times)').people).toEqual([{ name: 'James Harding', org: 'The Times' }]);
    expect(parts('Murdoch MacLennan, Telegraph')).toEqual({
      people: [{ name: 'Murdoch MacLennan', org: 'Telegraph' }],
      orgs: ['Telegraph'],
      labels: [],
    });
    expect(parts('Tony Gallagher (Telegraph), Ian Macgregor (Sunday Telegraph)')).toEqual({
      people: [
        { name: 'Tony Gallagher', org: 'Telegraph' },
        { name: 'Ian Macgregor', org: 'Sunday Telegraph' },
      ],
      orgs: ['Telegraph', 'Sunday Telegraph'],
      labels: [],
    });
    expect(parts('Vogue, Anna Wintour ').people).toEqual([{ name: 'Anna Wintour' }]);
  });

  it('"Org: person, person" and "person, person: Org"', () => {
    expect(parts('ITV: Geoff Hill, Michael Jeremy, Tom Bradby')).toEqual({
      people: [
        { name: 'Geoff Hill', org: 'ITV' },
        { name: 'Michael Jeremy', org: 'ITV' },
        { name: 'Tom Bradby', org: 'ITV' },
      ],
      orgs: ['ITV'],
      labels: [],
    });
    expect(parts('Russell Loebscher, Humphrey Borkum: Johannesburg Stock Exchange ').people).toEqual([
      { name: 'Russell Loebscher', org: 'Johannesburg Stock Exchange' },
      { name: 'Humphrey Borkum', org: 'Johannesburg Stock Exchange' },
    ]);
  });

  it('a list heading that names an event is a label, not an organisation', () => {
    const p = parts('Japanese Business Delegation: Sumitomo Chemical Co Ltd; Toyota Motor Corporation');
    expect(p.labels).toEqual(['Japanese Business Delegation']);
    expect(p.orgs).toEqual(['Sumitomo Chemical Co Ltd', 'Toyota Motor Corporation']);
    expect(parts('Social Investment Roundtable:')).toEqual({ people: [], orgs: [], labels: ['Social Investment Roundtable'] });
  });

  it('"Org (A, B and C)": the people of an organisation; "Org (ACRONYM)": an alias', () => {
    const p = parseParticipants('The Elders (Mabel van Oranje, Martti Ahtisaari, Kofi Annan and Mary Robinson)', names, split);
    expect(p.people.map((x) => [x.name, x.org])).toEqual([
      ['Mabel van Oranje', 'The Elders'],
      ['Martti Ahtisaari', 'The Elders'],
      ['Kofi Annan', 'The Elders'],
      ['Mary Robinson', 'The Elders'],
    ]);
    const n = parseParticipants('National Council for Voluntary Organisations (NCVO)', names, split);
    expect(n.organizations).toEqual([{ name: 'National Council for Voluntary Organisations', kind: 'ngo', aliases: ['NCVO'] }]);
  });

  it('joining words split people, not names of organisations', () => {
    expect(parts('Sir Ronald Cohen, Anthony Salz and David Hutchinson').people.map((p) => p.name)).toEqual([
      'Ronald Cohen',
      'Anthony Salz',
      'David Hutchinson',
    ]);
    expect(parts('Lord Patten & Mark Thompson, BBC').people).toEqual([
      { name: 'Lord Patten', org: 'BBC' },
      { name: 'Mark Thompson', org: 'BBC' },
    ]);
    expect(parts('Ernst and Young').orgs).toEqual(['Ernst and Young']);
    expect(parts('Cable and Wireless').orgs).toEqual(['Cable and Wireless']);
    expect(parts('Craig Whittaker MP and Constituents')).toEqual({ people: [{ name: 'Craig Whittaker' }], orgs: [], labels: [] });
  });

  it('a post written before an organisation, with nobody named: the organisation takes part', () => {
    expect(parts('CEO British Land')).toEqual({ people: [], orgs: ['British Land'], labels: [] });
    expect(parts('Secretary General, Organisation of the Islamic Conference,  Ekmelledin Ihsanoglu').people).toEqual([
      { name: 'Ekmelledin Ihsanoglu', org: 'Organisation of the Islamic Conference', post: 'Secretary General' },
    ]);
  });

  it('organisation kinds come from the mapping’s words; unknown names are "other"', () => {
    const kinds = parseParticipants('Atos, Oxford University, TUC, BBC, Trades Union Congress, Antigone, Cornwall Council', names, split);
    expect(kinds.organizations.map((o) => [o.name, o.kind])).toEqual([
      ['Atos', 'company'],
      ['Oxford University', 'university'],
      ['TUC', 'trade_union'],
      ['BBC', 'media_outlet'],
      ['Trades Union Congress', 'trade_union'],
      ['Antigone', 'other'],
      ['Cornwall Council', 'local_authority'],
    ]);
  });

  it('with no vocabulary at all, names are told apart by shape and words of company law', () => {
    const bare = compileNames({});
    const s = compileSplit({});
    const p = parseParticipants('Rupert Murdoch, IBM, Acme Widgets Ltd', bare, s);
    expect(p.people.map((x) => x.name)).toEqual(['Rupert Murdoch']);
    expect(p.organizations.map((o) => [o.name, o.kind])).toEqual([
      ['IBM', 'other'],
      ['Acme Widgets Ltd', 'company'],
    ]);
  });
});
