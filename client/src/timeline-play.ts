// Playing the timeline: the date window moves step by step through the view's dates, each step a
// real filter, so that the network is seen as it stood in each stretch of time. The maths works on
// whole UTC days; the player runs the steps on a clock it is given (requestAnimationFrame in the
// page, a hand-driven one in the unit tests).

const DAY = 86_400_000;

/** The speeds offered; 1× shows each step for STEP_MS. */
export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];
export const STEP_MS = 700;
/** A default window is at least a month wide, unless the dates in view span less than four months. */
const MIN_WIDTH_DAYS = 30;
/** Past this many steps a long run takes bigger ones (never bigger than the window: no day is skipped). */
const MAX_STEPS = 120;

/** A date window of whole days, both ends included (as the filters hold it). */
export interface DayWindow {
  after: number;
  before: number;
}

/** How one run moves: over [first, last] (day numbers), a window `width` days wide, `step` days a step. */
export interface PlayPlan {
  first: number;
  last: number;
  width: number;
  step: number;
}

export const dayNumber = (ms: number): number => Math.floor(ms / DAY);
export const dayIso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
export const isoDayNumber = (iso: string | null): number | null => {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(ms) ? dayNumber(ms) : null;
};

/**
 * The plan for the dates in view, [start, end) in ms (the earliest meeting's start, the latest's
 * end). The user's window keeps its width when both its ends are set; otherwise a tenth of the
 * span, at least a month (a quarter of the span when that is shorter). Steps are a quarter of the
 * window, larger on long spans so that a run has about MAX_STEPS of them, but never larger than the
 * window, so that every day is inside some step's window.
 */
export function playPlan(start: number, end: number, current: { after: string | null; before: string | null }): PlayPlan | null {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return null;
  const first = dayNumber(start);
  const last = dayNumber(end - 1);
  const span = last - first + 1;
  const after = isoDayNumber(current.after);
  const before = isoDayNumber(current.before);
  const width =
    after !== null && before !== null && before >= after
      ? before - after + 1
      : Math.max(1, Math.round(Math.max(span / 10, Math.min(MIN_WIDTH_DAYS, Math.ceil(span / 4)))));
  const travel = Math.max(0, span - width);
  const step = Math.max(1, Math.min(width, Math.max(Math.round(width / 4), Math.ceil(travel / MAX_STEPS))));
  return { first, last, width, step };
}

/** Where the window starts on the run's last step: its end on the last day (or at the first day if it is wider than the span). */
export const lastStart = (plan: PlayPlan): number => Math.max(plan.first, plan.last - plan.width + 1);

export const windowFrom = (plan: PlayPlan, after: number): DayWindow => ({ after, before: after + plan.width - 1 });

/** The window after this one, or null when this one was the last. */
export function nextWindow(plan: PlayPlan, current: DayWindow): DayWindow | null {
  const end = lastStart(plan);
  if (current.after >= end) return null;
  return windowFrom(plan, Math.min(end, Math.max(plan.first, current.after + plan.step)));
}

/**
 * Where Play begins. A window of the run's width that lies inside the span and short of its end is
 * continued from (Play after Pause goes on); anything else (no window, a window at or past the end,
 * one of another width) starts at the beginning, shown at once.
 */
export function startWindow(
  plan: PlayPlan,
  current: { after: string | null; before: string | null },
): { window: DayWindow; resume: boolean } {
  const after = isoDayNumber(current.after);
  const before = isoDayNumber(current.before);
  if (after !== null && before !== null && before - after + 1 === plan.width && after >= plan.first && after < lastStart(plan))
    return { window: { after, before }, resume: true };
  return { window: windowFrom(plan, plan.first), resume: false };
}

/** How many steps a run from the beginning shows (for the tests and the status line). */
export function stepCount(plan: PlayPlan): number {
  return Math.ceil((lastStart(plan) - plan.first) / plan.step) + 1;
}

/** What the player needs of the page: the clock, and what a step does. */
export interface Clock {
  now(): number;
  frame(callback: () => void): number;
  cancel(handle: number): void;
}

export interface PlayerHooks {
  /** The plan for the view as it is now, or null when nothing in view is dated. */
  plan(): PlayPlan | null;
  /** The window the filters hold now. */
  current(): { after: string | null; before: string | null };
  /** Applies a step's window (the real filter). */
  show(window: DayWindow): void;
  /** Playing stopped: paused by the user or by a change, or the run reached its end. */
  stopped(reason: 'pause' | 'end'): void;
  /** Playing started or stopped (the button's face). */
  state(playing: boolean): void;
}

export const browserClock: Clock = {
  now: () => performance.now(),
  frame: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

export class Player {
  private handle: number | null = null;
  private plan: PlayPlan | null = null;
  private shown: DayWindow | null = null;
  private lastStep = 0;
  speed: Speed = 1;

  constructor(
    private readonly hooks: PlayerHooks,
    private readonly clock: Clock = browserClock,
  ) {}

  get playing(): boolean {
    return this.handle !== null;
  }

  /** The window the last step applied (while playing). */
  get window(): DayWindow | null {
    return this.playing ? this.shown : null;
  }

  play(): void {
    if (this.playing) return;
    const plan = this.hooks.plan();
    if (!plan) return;
    this.plan = plan;
    const { window, resume } = startWindow(plan, this.hooks.current());
    this.shown = window;
    this.lastStep = this.clock.now();
    this.handle = this.clock.frame(() => this.tick());
    this.hooks.state(true);
    if (!resume) this.hooks.show(window);
  }

  pause(): void {
    this.stop('pause');
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  private stop(reason: 'pause' | 'end'): void {
    if (this.handle === null) return;
    this.clock.cancel(this.handle);
    this.handle = null;
    this.hooks.state(false);
    this.hooks.stopped(reason);
  }

  private tick(): void {
    if (this.handle === null || !this.plan || !this.shown) return;
    const now = this.clock.now();
    if (now - this.lastStep >= STEP_MS / this.speed) {
      const next = nextWindow(this.plan, this.shown);
      if (!next) return this.stop('end');
      this.shown = next;
      this.lastStep = now;
      this.hooks.show(next);
      // show() may have stopped the player (a change that pauses it): then no next frame.
      if (this.handle === null) return;
    }
    this.handle = this.clock.frame(() => this.tick());
  }
}
