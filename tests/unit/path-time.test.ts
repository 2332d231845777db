// The time semantics of the path search, without a database: fuzzy dates as periods of days, the
// window, and the lenient chronological order of meetings along a path.
import { describe, expect, it } from '@jest/globals';

import { fuzzyPeriod, meetingPeriod, nextInTime, overlaps, timeWindow } from '../../server/src/graph/paths';

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

describe('fuzzyPeriod', () => {
  it('reads a day, a month and a year as the days they stand for, end exclusive', () => {
    expect(fuzzyPeriod('2019-09-04')).toEqual({ start: day('2019-09-04'), end: day('2019-09-05') });
    expect(fuzzyPeriod('2019-02')).toEqual({ start: day('2019-02-01'), end: day('2019-03-01') });
    expect(fuzzyPeriod('2019-12')).toEqual({ start: day('2019-12-01'), end: day('2020-01-01') });
    expect(fuzzyPeriod('2020')).toEqual({ start: day('2020-01-01'), end: day('2021-01-01') });
  });

  it('refuses what is not a fuzzy date', () => {
    expect(() => fuzzyPeriod('04.09.2019')).toThrow(/fuzzy date/);
  });
});

describe('meetingPeriod', () => {
  it('runs from the first day of the date to the last day of the end date', () => {
    expect(meetingPeriod('2019-09-04', '2019-09-06')).toEqual({ start: day('2019-09-04'), end: day('2019-09-07') });
    expect(meetingPeriod('2019-09', null)).toEqual({ start: day('2019-09-01'), end: day('2019-10-01') });
  });

  it('is null for an undated meeting, which cannot be placed', () => {
    expect(meetingPeriod(null, '2019-09-06')).toBeNull();
  });
});

describe('timeWindow and overlaps', () => {
  it('makes both bounds inclusive at their precision, either may be open', () => {
    expect(timeWindow('2019-08', '2019-08')).toEqual({ start: day('2019-08-01'), end: day('2019-09-01') });
    expect(timeWindow(null, '2019')).toEqual({ start: -Infinity, end: day('2020-01-01') });
    expect(timeWindow('2019-08-15', undefined)).toEqual({ start: day('2019-08-15'), end: Infinity });
    expect(timeWindow(null, null)).toBeNull();
  });

  it('lets a month overlap a window when any of its days is inside', () => {
    const window = timeWindow('2019-10-15', '2019-10-20')!;
    expect(overlaps(fuzzyPeriod('2019-10'), window)).toBe(true);
    expect(overlaps(fuzzyPeriod('2019-10-20'), window)).toBe(true);
    expect(overlaps(fuzzyPeriod('2019-10-21'), window)).toBe(false);
    expect(overlaps(fuzzyPeriod('2019-10-14'), window)).toBe(false);
    expect(overlaps(fuzzyPeriod('2019-09'), window)).toBe(false);
  });
});

describe('nextInTime', () => {
  const walk = (...dates: string[]) =>
    dates.reduce<number | null>((t, d) => (t === null ? null : nextInTime(t, fuzzyPeriod(d))), -Infinity) !== null;

  it('accepts non-decreasing dates, the same day included, and refuses a step back', () => {
    expect(walk('2019-08-01', '2019-09-01')).toBe(true);
    expect(walk('2019-09-01', '2019-09-01')).toBe(true);
    expect(walk('2019-09-01', '2019-08-01')).toBe(false);
  });

  it('reads fuzzy dates leniently: they may be in order if some choice of days is', () => {
    expect(walk('2019-10', '2019-10-03')).toBe(true);
    expect(walk('2019-10-03', '2019-10')).toBe(true);
    expect(walk('2019-10-03', '2019-10', '2019-10-02')).toBe(false); // the month cannot go back before the 3rd
    expect(walk('2019', '2019-03-01', '2019')).toBe(true);
    expect(walk('2019-10', '2019-09-30')).toBe(false);
  });
});
