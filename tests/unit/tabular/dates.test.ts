// Every date form of the UK ministers' meetings files, and the DD-MM-YYYY of registers, read at
// the precision their format carries.
import { normaliseFormat, parseDate } from '../../../server/src/import/tabular/dates';
import { loadMapping } from '../../../server/src/import/tabular/mapping';

const uk = loadMapping('uk-ministers-meetings').columns.date!.date!;
const read = (cell: string, year?: string) => {
  const r = parseDate(cell, uk, year);
  return r.ok ? { value: r.date.value, end: r.date.end } : { error: r.message };
};

describe('dates by declared formats', () => {
  it.each([
    ['May, 2010', '2010-05'],
    ['August, 2010 ', '2010-08'],
    ['Oct-2010', '2010-10'],
    ['April 2011', '2011-04'],
    ['Jul-2011', '2011-07'],
    ['Sep-2011', '2011-09'],
    ['Oct-11', '2011-10'],
    ['Dec-11', '2011-12'],
  ])('%s → %s (month precision, year in the cell)', (cell, value) => {
    expect(read(cell, '1999')).toEqual({ value, end: undefined });
  });

  it.each([
    ['05/01/2016', '2016-01-05', undefined],
    ['5/1/2016', '2016-01-05', undefined],
    ['12.09.2017', '2017-09-12', undefined],
    ['2017-04-01', '2017-04-01', undefined],
    ['2017-04-01 00:00:00', '2017-04-01', undefined],
    ['12 September 2017', '2017-09-12', undefined],
    ['12 Sept 2017', '2017-09-12', undefined],
    ['12-Sep-17', '2017-09-12', undefined],
    ['Tuesday 12 September 2017', '2017-09-12', undefined],
    ['w/c 11 September 2017', '2017-09-11', undefined],
    ['w/c 4 January', '1999-01-04', undefined],
    ['4-5 Jan 2016', '2016-01-04', '2016-01-05'],
    ['30 Dec 2015 – 2 Jan 2016', '2015-12-30', '2016-01-02'],
    ['4 January', '1999-01-04', undefined],
    ['05/01/16', '2016-01-05', undefined],
    ['5th January 2016', '2016-01-05', undefined],
    ['Tuesday, 5 January 2016', '2016-01-05', undefined],
    ['w/c 04/01/2016', '2016-01-04', undefined],
    ['Tuesday 5th January 2016', '2016-01-05', undefined],
    ['22nd Mar', '1999-03-22', undefined],
    ['4th-5th January 2016', '2016-01-04', '2016-01-05'],
  ])("a later release's %s → %s (day precision; a bare day takes the year given)", (cell, value, end) => {
    expect(read(cell, '1999')).toEqual({ value, end });
  });

  it('a bare month takes the year given (the file name or --param year)', () => {
    expect(read('October', '2011')).toEqual({ value: '2011-10', end: undefined });
    expect(read('July ', '2011')).toEqual({ value: '2011-07', end: undefined });
    expect(read('November', '2012')).toEqual({ value: '2012-11', end: undefined });
    // "Sept" is not a date-fns month abbreviation; the mapping's replace makes it "Sep".
    expect(read('Sept', '2011')).toEqual({ value: '2011-09', end: undefined });
  });

  it('a bare month without a year is a problem that says what is missing', () => {
    const r = read('October');
    expect(r.error).toMatch(/October/);
    expect(r.error).toMatch(/date\.year/);
  });

  it('a quarter written as months is its first month, ending at its last (ranges: start)', () => {
    expect(read('Oct/Nov/Dec', '2011')).toEqual({ value: '2011-10', end: '2011-12' });
    expect(read('Oct-Dec', '2010')).toEqual({ value: '2010-10', end: '2010-12' });
    // ranges: year (the default) keeps only the year.
    const r = parseDate('Oct/Nov/Dec', { formats: ['months'] }, '2011');
    expect(r.ok && r.date).toEqual({ value: '2011', start: '2011-10', end: '2011-12' });
  });

  it('DD-MM-YYYY (as people write it) is day precision; a day that does not exist is refused', () => {
    expect(normaliseFormat('DD-MM-YYYY')).toBe('dd-MM-yyyy');
    const spec = { formats: ['DD-MM-YYYY', 'yyyy'] };
    expect(parseDate('27-10-2021', spec, undefined)).toEqual({ ok: true, date: { value: '2021-10-27' } });
    expect(parseDate('2014', spec, undefined)).toEqual({ ok: true, date: { value: '2014' } });
    expect(parseDate('31-02-2021', spec, undefined).ok).toBe(false);
    expect(parseDate('32-11-2021', spec, undefined).ok).toBe(false);
  });

  it('text that is no date is refused with the formats tried', () => {
    const r = parseDate('nil return', uk, '2011');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('MMMM, yyyy');
  });
});
