// The shipped us-white-house-visitors mapping on a file laid out as the WAVES releases are: the
// visitors of one appointment (UIN) are one meeting however far apart their rows, cancelled
// appointments are skipped, names in capitals read in title case, the visitee as the office writes it.
import path from 'node:path';

import { createTabularReader, findMappingForFile, loadMapping } from '../../../server/src/import/tabular';
import { titleCase } from '../../../server/src/import/tabular/template';
import { collect, schemaProblems } from './helpers';

const FILE = 'WhiteHouse-WAVES-Released-0110.csv';
const PATH = path.resolve(__dirname, '../../fixtures/tabular-variants', FILE);

describe('White House visitor records', () => {
  it('is picked by the file name of a release', () => {
    expect(findMappingForFile(FILE)?.name).toBe('us-white-house-visitors');
    expect(findMappingForFile('2021.05_WAVES-ACCESS-RECORDS.csv')?.name).toBe('us-white-house-visitors');
    expect(findMappingForFile('White_House_Visitor_Records_Requests.csv')?.name).toBe('us-white-house-visitors');
  });

  it('makes one meeting of an appointment, its visitors guests and the visitee its host', async () => {
    const reader = createTabularReader({ path: PATH, name: FILE, params: {} }, loadMapping('us-white-house-visitors'));
    const units = await collect(reader);
    for (const u of units) expect(schemaProblems(u)).toEqual([]);
    expect(units.flatMap((u) => u.problems)).toEqual([]);
    expect(units.filter((u) => u.skipped).map((u) => [u.record.line, u.skipped])).toEqual([[5, 'appointment cancelled']]);
    const meetingLines = (id: string) => units.filter((u) => u.nodes.some((n) => n.id === id)).map((u) => u.record.line);
    expect(meetingLines('white-house-appointment-u51009')).toEqual([2, 3, 7]);
    const guests = units
      .flatMap((u) => u.relationships)
      .filter((r) => r.target === 'white-house-appointment-u51009' && r.properties.role === 'guest')
      .map((r) => r.source);
    expect(guests).toEqual(['person-mary-obrien', 'person-peter-mcdonald-jones', 'person-ana-garcia']);
    const nodes = new Map(units.flatMap((u) => u.nodes).map((n) => [n.id, n.properties]));
    expect(nodes.get('person-mary-obrien')).toEqual({ name: "Mary K O'Brien" });
    expect(nodes.get('person-peter-mcdonald-jones')).toEqual({ name: 'Peter McDonald-Jones' });
    // A visitor with a last name only, and a visitee written as an office.
    expect(nodes.get('person-nguyen-white-house-appointment-u51010')).toEqual({ name: 'Nguyen' });
    expect(nodes.get('person-potus')).toEqual({ name: 'POTUS' });
    expect(nodes.get('white-house-appointment-u51010')).toMatchObject({
      title: 'White House appointment with POTUS',
      kind: 'visit',
      date: '2010-02-01',
      place: 'Eisenhower Executive Office Building',
      country: 'US',
      identifiers: ['white-house-uin:U51010'],
    });
    expect(nodes.get('white-house-appointment-u51009')).toMatchObject({ summary: 'Meeting on health care reform', place: 'White House' });
    // The cancelled appointment makes no meeting.
    expect(nodes.has('white-house-appointment-u51011')).toBe(false);
    expect(reader.unmapped()['column:CALLER_NAME_LAST']).toBe(5);
  });
});

describe('the title filter', () => {
  it.each([
    ['JOHN SMITH', 'John Smith'],
    ["MARY O'BRIEN-SMITH", "Mary O'Brien-Smith"],
    ['MCDONALD', 'McDonald'],
    ['MacLeod de la Cruz', 'MacLeod de la Cruz'],
    ['ÉMILE ZOLA', 'Émile Zola'],
    ['J', 'J'],
    ['JOHN SMITH III', 'John Smith III'],
    ["MCDONALD'S", "McDonald's"],
    ['O’NEILL', 'O’Neill'],
    ['XI JINPING', 'Xi Jinping'],
  ])('%s → %s', (given, expected) => {
    expect(titleCase(given)).toBe(expected);
  });
});
