// The timeline player's maths (window width, steps, where a run starts and ends) and its loop, on a
// clock driven by hand.
import { describe, expect, it } from '@jest/globals';

import {
  dayIso,
  isoDayNumber,
  lastStart,
  nextWindow,
  Player,
  playPlan,
  startWindow,
  STEP_MS,
  stepCount,
  type Clock,
  type DayWindow,
  type PlayPlan,
} from './timeline-play';

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (w: DayWindow) => [dayIso(w.after), dayIso(w.before)];
const OPEN = { after: null, before: null };

/** Every window of a run from the beginning. */
function run(plan: PlayPlan): DayWindow[] {
  const out = [startWindow(plan, OPEN).window];
  for (let w = nextWindow(plan, out[0]!); w; w = nextWindow(plan, w)) out.push(w);
  return out;
}

describe('playPlan', () => {
  it('takes a tenth of a long span as the default window, moving a quarter of it a step', () => {
    // 2010-01-01 .. 2019-12-31: 3652 days.
    const plan = playPlan(ms('2010-01-01'), ms('2020-01-01'), OPEN)!;
    expect(plan.first).toBe(isoDayNumber('2010-01-01'));
    expect(plan.last).toBe(isoDayNumber('2019-12-31'));
    expect(plan.width).toBe(365);
    expect(plan.step).toBe(91);
  });

  it('keeps a month as the least default window, and a quarter of a span shorter than four months', () => {
    expect(playPlan(ms('2019-01-01'), ms('2020-01-01'), OPEN)!.width).toBe(37);
    expect(playPlan(ms('2019-01-01'), ms('2019-07-01'), OPEN)!.width).toBe(30);
    // 12 August .. 4 September 2019: 24 days.
    const short = playPlan(ms('2019-08-12'), ms('2019-09-05'), OPEN)!;
    expect(short.last - short.first + 1).toBe(24);
    expect(short.width).toBe(6);
    expect(short.step).toBe(2);
  });

  it("keeps the user's window width when both ends are set, and ignores a half-open window", () => {
    const plan = playPlan(ms('2015-01-01'), ms('2020-01-01'), { after: '2017-03-01', before: '2017-03-14' })!;
    expect(plan.width).toBe(14);
    expect(playPlan(ms('2015-01-01'), ms('2020-01-01'), { after: '2017-03-01', before: null })!.width).toBe(183);
  });

  it('takes bigger steps on a long run but never bigger than the window', () => {
    const plan = playPlan(ms('2000-01-01'), ms('2020-01-01'), { after: '2010-01-01', before: '2010-01-07' })!;
    expect(plan.width).toBe(7);
    expect(plan.step).toBe(7);
    const wide = playPlan(ms('2000-01-01'), ms('2020-01-01'), { after: '2010-01-01', before: '2010-06-30' })!;
    expect(wide.step).toBeGreaterThan(Math.round(wide.width / 4));
    expect(wide.step).toBeLessThanOrEqual(wide.width);
    expect(stepCount(wide)).toBeLessThanOrEqual(121);
  });

  it('has no plan without dates', () => {
    expect(playPlan(ms('2019-01-01'), ms('2019-01-01'), OPEN)).toBeNull();
    expect(playPlan(Number.NaN, ms('2019-01-01'), OPEN)).toBeNull();
  });
});

describe('a run', () => {
  it('starts at the first day, covers every day, and ends with the window on the last day', () => {
    const plan = playPlan(ms('2017-01-01'), ms('2019-09-05'), OPEN)!;
    const windows = run(plan);
    expect(windows.length).toBe(stepCount(plan));
    expect(iso(windows[0]!)[0]).toBe('2017-01-01');
    expect(iso(windows.at(-1)!)[1]).toBe('2019-09-04');
    for (let i = 1; i < windows.length; i++) {
      expect(windows[i]!.after).toBeGreaterThan(windows[i - 1]!.after);
      // No gap between one window and the next.
      expect(windows[i]!.after).toBeLessThanOrEqual(windows[i - 1]!.before + 1);
      expect(windows[i]!.before - windows[i]!.after + 1).toBe(plan.width);
    }
  });

  it('goes on from a window of the run width inside the span, and restarts from one at the end or of another width', () => {
    const plan = playPlan(ms('2019-01-01'), ms('2020-01-01'), OPEN)!; // width 37
    const mid = { after: '2019-05-01', before: dayIso(isoDayNumber('2019-05-01')! + 36) };
    expect(startWindow(plan, mid)).toEqual({
      window: { after: isoDayNumber('2019-05-01'), before: isoDayNumber(mid.before) },
      resume: true,
    });
    const end = { after: dayIso(lastStart(plan)), before: '2019-12-31' };
    expect(startWindow(plan, end).resume).toBe(false);
    expect(iso(startWindow(plan, end).window)[0]).toBe('2019-01-01');
    expect(startWindow(plan, { after: '2019-05-01', before: '2019-05-03' }).resume).toBe(false);
  });

  it('is one window when the window is wider than the span', () => {
    const plan = playPlan(ms('2019-08-12'), ms('2019-09-05'), { after: '2019-01-01', before: '2019-12-31' })!;
    expect(run(plan)).toHaveLength(1);
  });
});

/** A clock whose frames run when the test says. */
function handClock() {
  let now = 0;
  let next = 1;
  const frames = new Map<number, () => void>();
  const clock: Clock = {
    now: () => now,
    frame: (cb) => {
      frames.set(next, cb);
      return next++;
    },
    cancel: (h) => void frames.delete(h),
  };
  const advance = (by: number) => {
    now += by;
    const due = [...frames.values()];
    frames.clear();
    for (const cb of due) cb();
  };
  return { clock, advance, pending: () => frames.size };
}

describe('Player', () => {
  function setup(current: { after: string | null; before: string | null } = OPEN) {
    const shown: string[][] = [];
    const stops: string[] = [];
    const states: boolean[] = [];
    const c = handClock();
    let filters = current;
    const player = new Player(
      {
        plan: () => playPlan(ms('2019-01-01'), ms('2019-05-01'), filters), // 120 days: width 30, step 8
        current: () => filters,
        show: (w) => {
          filters = { after: dayIso(w.after), before: dayIso(w.before) };
          shown.push(iso(w));
        },
        stopped: (r) => stops.push(r),
        state: (p) => states.push(p),
      },
      c.clock,
    );
    return { player, shown, stops, states, ...c };
  }

  it('shows the first window at once, a step every STEP_MS / speed, and stops itself at the end', () => {
    const { player, shown, stops, states, advance, pending } = setup();
    player.play();
    expect(player.playing).toBe(true);
    expect(shown).toEqual([['2019-01-01', '2019-01-30']]);
    advance(STEP_MS / 2);
    expect(shown).toHaveLength(1);
    advance(STEP_MS / 2);
    expect(shown.at(-1)).toEqual(['2019-01-09', '2019-02-07']);
    player.speed = 4;
    advance(STEP_MS / 4);
    expect(shown.at(-1)).toEqual(['2019-01-17', '2019-02-15']);
    for (let i = 0; i < 10; i++) advance(STEP_MS / 4);
    expect(shown.at(-1)).toEqual(['2019-04-01', '2019-04-30']);
    expect(player.playing).toBe(true);
    advance(STEP_MS / 4);
    expect(player.playing).toBe(false);
    expect(stops).toEqual(['end']);
    expect(states).toEqual([true, false]);
    expect(pending()).toBe(0);
  });

  it('pauses and goes on from where it was; Play at the end starts again from the beginning', () => {
    const { player, shown, stops, advance } = setup();
    player.play();
    advance(STEP_MS);
    player.pause();
    expect(stops).toEqual(['pause']);
    advance(STEP_MS * 3);
    expect(shown).toHaveLength(2);
    player.toggle();
    // Resumed: no step shown at once, the next one after STEP_MS.
    expect(shown).toHaveLength(2);
    advance(STEP_MS);
    expect(shown.at(-1)).toEqual(['2019-01-17', '2019-02-15']);
    for (let i = 0; i < 11; i++) advance(STEP_MS);
    expect(stops).toEqual(['pause', 'end']);
    player.play();
    expect(shown.at(-1)).toEqual(['2019-01-01', '2019-01-30']);
  });

  it('stops when a step makes a change that pauses it', () => {
    const { player, stops, advance, pending } = setup();
    let steps = 0;
    const original = (player as unknown as { hooks: { show: (w: DayWindow) => void } }).hooks.show;
    (player as unknown as { hooks: { show: (w: DayWindow) => void } }).hooks.show = (w) => {
      original(w);
      if (++steps === 2) player.pause();
    };
    player.play();
    advance(STEP_MS);
    expect(player.playing).toBe(false);
    expect(stops).toEqual(['pause']);
    expect(pending()).toBe(0);
  });
});
