// Fuzzy dates as periods: the "as of" and time-window filters rest on these.
import { describe, expect, it } from '@jest/globals';

import { dayMs, formatDate, heldOn, inWindow, period } from './dates';

describe('fuzzy dates', () => {
  it('reads a value at its precision as the period it stands for', () => {
    expect(period('2019-06', 'month')).toEqual({ start: Date.UTC(2019, 5, 1), end: Date.UTC(2019, 6, 1), precision: 'month' });
    expect(period('2017')).toEqual({ start: Date.UTC(2017, 0, 1), end: Date.UTC(2018, 0, 1), precision: 'year' });
    expect(period('2019-09-04')?.end).toBe(Date.UTC(2019, 8, 5));
    expect(period(null)).toBeNull();
  });

  it('holds a post from the start of its period, and not after its end', () => {
    const usubov = { start: '2019-06', startPrecision: 'month' };
    expect(heldOn(usubov, dayMs('2019-05-31')!)).toBe(false);
    expect(heldOn(usubov, dayMs('2019-06-10')!)).toBe(true);
    expect(heldOn({ end: '2018', endPrecision: 'year' }, dayMs('2018-12-31')!)).toBe(true);
    expect(heldOn({ end: '2018', endPrecision: 'year' }, dayMs('2019-01-01')!)).toBe(false);
    expect(heldOn({}, dayMs('1900-01-01')!)).toBe(true);
  });

  it('keeps a period in a window when they overlap', () => {
    const aug12 = period('2019-08-12')!;
    expect(inWindow(aug12, dayMs('2019-08-25'), dayMs('2019-10-10'))).toBe(false);
    expect(inWindow(aug12, dayMs('2019-08-12'), dayMs('2019-08-12'))).toBe(true);
    expect(inWindow(period('2019')!, dayMs('2019-08-25'), null)).toBe(true);
  });

  it('formats at the precision known', () => {
    expect(formatDate('2019-09-04', 'day')).toBe('4 September 2019');
    expect(formatDate('2019-06', 'month')).toBe('June 2019');
    expect(formatDate('2017', 'year')).toBe('2017');
  });
});
