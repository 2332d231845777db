// The timeline strip: the meetings in view by date (fuzzy dates drawn as the span they stand for),
// with a brushable date window that filters the canvas, Play/Pause to move that window through the
// view's dates (timeline-play.ts), and the "as of" date for posts.
import type { Core } from 'cytoscape';

import { dayMs, formatPeriod, isoDay, period, propertyPeriod, type Period } from './dates';
import type { Filters } from './filters';
import { dayIso, Player, playPlan, SPEEDS, type DayWindow, type Speed } from './timeline-play';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;
const MARGIN = 16;
const AXIS_Y = 14;
const LANE_H = 14;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface Mark {
  id: string;
  title: string;
  period: Period;
  filtered: boolean;
  status: string;
}

export interface TimelineEvents {
  window(after: string | null, before: string | null): void;
  asOf(day: string | null): void;
  pick(id: string): void;
  /** A step of playing: the window applied as a filter, without an undo step or a new link each. */
  playStep(after: string, before: string): void;
  /** Playing stopped (paused, or at the end): the run becomes one change, and the link is written once. */
  playStopped(): void;
}

/** How often, at most, the live region says where playing is (a screen reader cannot keep up with every step). */
const ANNOUNCE_MS = 4_000;
const SPEED_KEY = 'liaison.timeline.speed';

export class Timeline {
  private domain: [number, number] = [0, 1];
  private readonly svg: SVGSVGElement;
  private readonly note: HTMLElement;
  private readonly afterInput: HTMLInputElement;
  private readonly beforeInput: HTMLInputElement;
  private readonly asOfInput: HTMLInputElement;
  private filters: Filters | null = null;
  private dragFrom: number | null = null;
  private brush: SVGRectElement | null = null;
  private readonly player: Player;
  private readonly playButton: HTMLButtonElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly playStatus: HTMLElement;
  private announcedAt = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly events: TimelineEvents,
  ) {
    root.innerHTML = `
      <div class="timeline-bar">
        <strong>Time</strong>
        <label>from <input type="date" id="window-after" /></label>
        <label>to <input type="date" id="window-before" /></label>
        <button type="button" id="window-clear" title="Show all dates">All dates</button>
        <span class="timeline-play">
          <button type="button" id="timeline-play" aria-label="Play the timeline" title="Play: move the window through the dates in view (Space)">
            <span aria-hidden="true" class="play-icon">▶</span><span class="play-word"> Play</span>
          </button>
          <select id="timeline-speed" aria-label="Playing speed" title="Playing speed">
            ${SPEEDS.map((v) => `<option value="${v}"${v === 1 ? ' selected' : ''}>${v}×</option>`).join('')}
          </select>
        </span>
        <span class="visually-hidden" id="timeline-play-status" aria-live="polite"></span>
        <span class="sep"></span>
        <label title="Show posts as held on this day">posts as of <input type="date" id="as-of" /></label>
        <button type="button" id="as-of-clear" title="Show all posts">Any date</button>
        <span class="timeline-note muted" aria-live="polite"></span>
      </div>
      <svg class="timeline-svg" role="img" tabindex="0" aria-label="Meetings in view by date; drag to choose a date window, Space plays or pauses"></svg>`;
    this.svg = root.querySelector('svg')!;
    this.note = root.querySelector('.timeline-note')!;
    this.afterInput = root.querySelector('#window-after')!;
    this.beforeInput = root.querySelector('#window-before')!;
    this.asOfInput = root.querySelector('#as-of')!;
    this.playButton = root.querySelector('#timeline-play')!;
    this.speedSelect = root.querySelector('#timeline-speed')!;
    this.playStatus = root.querySelector('#timeline-play-status')!;
    this.player = new Player({
      plan: () => {
        const span = this.span();
        return span ? playPlan(span[0], span[1], { after: this.filters?.after ?? null, before: this.filters?.before ?? null }) : null;
      },
      current: () => ({ after: this.filters?.after ?? null, before: this.filters?.before ?? null }),
      show: (w) => {
        events.playStep(dayIso(w.after), dayIso(w.before));
        this.announce(w, false);
      },
      stopped: (reason) => {
        const w = this.lastWindow;
        if (w) this.say(`${reason === 'end' ? 'Played to the end' : 'Paused'}: ${this.windowText(w)}`);
        events.playStopped();
      },
      state: (playing) => {
        this.playButton.setAttribute('aria-label', playing ? 'Pause the timeline' : 'Play the timeline');
        this.playButton.title = playing ? 'Pause (Space)' : 'Play: move the window through the dates in view (Space)';
        this.playButton.querySelector('.play-icon')!.textContent = playing ? '❚❚' : '▶';
        this.playButton.querySelector('.play-word')!.textContent = playing ? ' Pause' : ' Play';
        this.playButton.classList.toggle('playing', playing);
        root.classList.toggle('timeline-playing', playing);
        if (playing) this.announcedAt = 0;
      },
    });
    try {
      const kept = Number(localStorage.getItem(SPEED_KEY));
      if ((SPEEDS as readonly number[]).includes(kept)) this.speedSelect.value = String(kept);
    } catch {
      /* no storage: the default speed */
    }
    this.player.speed = Number(this.speedSelect.value) as Speed;
    this.speedSelect.addEventListener('change', () => {
      this.player.speed = Number(this.speedSelect.value) as Speed;
      try {
        localStorage.setItem(SPEED_KEY, this.speedSelect.value);
      } catch {
        /* not kept */
      }
    });
    this.playButton.addEventListener('click', () => this.player.toggle());
    // Space plays or pauses while the focus is in the timeline, but not in its fields (or on a button, which Space presses).
    root.addEventListener('keydown', (e) => {
      if (e.key !== ' ' || e.ctrlKey || e.metaKey || e.altKey) return;
      if ((e.target as HTMLElement).closest('input, select, textarea, button, a')) return;
      e.preventDefault();
      this.player.toggle();
    });
    // Any window chosen by hand pauses playing first.
    const manual = (after: string | null, before: string | null) => {
      this.player.pause();
      events.window(after, before);
    };
    const windowFromInputs = () => manual(this.afterInput.value || null, this.beforeInput.value || null);
    this.afterInput.addEventListener('change', windowFromInputs);
    this.beforeInput.addEventListener('change', windowFromInputs);
    root.querySelector('#window-clear')!.addEventListener('click', () => manual(null, null));
    this.asOfInput.addEventListener('change', () => events.asOf(this.asOfInput.value || null));
    root.querySelector('#as-of-clear')!.addEventListener('click', () => events.asOf(null));
    this.svg.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('[data-id]')) return;
      this.player.pause();
      this.dragFrom = this.localX(e.clientX);
      this.svg.setPointerCapture(e.pointerId);
      this.drawBrush(this.dragFrom, this.dragFrom);
    });
    this.svg.addEventListener('pointermove', (e) => {
      if (this.dragFrom !== null) this.drawBrush(this.dragFrom, this.localX(e.clientX));
    });
    this.svg.addEventListener('pointerup', (e) => {
      if (this.dragFrom === null) return;
      const a = Math.min(this.dragFrom, this.localX(e.clientX));
      const b = Math.max(this.dragFrom, this.localX(e.clientX));
      this.dragFrom = null;
      if (b - a < 4) return this.render(); // a click, not a drag
      manual(isoDay(this.timeAt(a)), isoDay(this.timeAt(b)));
    });
    this.svg.addEventListener('click', (e) => {
      const mark = (e.target as Element).closest('[data-id]');
      if (mark) events.pick(mark.getAttribute('data-id')!);
    });
    new ResizeObserver(() => this.render()).observe(this.svg);
  }

  private marks: Mark[] = [];
  private undated = 0;

  get playing(): boolean {
    return this.player.playing;
  }

  /** Pauses playing (any change to the view does, before it is made). */
  pause(): void {
    this.player.pause();
  }

  /** Plays or pauses, as the button does. */
  togglePlay(): void {
    this.player.toggle();
  }

  /** The window the last step of playing applied. */
  private lastWindow: DayWindow | null = null;

  /** The dates of the meetings in view, [start, end) in ms, or null when none is dated. */
  private span(): [number, number] | null {
    if (this.marks.length === 0) return null;
    return [Math.min(...this.marks.map((m) => m.period.start)), Math.max(...this.marks.map((m) => m.period.end))];
  }

  private windowText(w: DayWindow): string {
    const day = (d: number) => formatPeriod(period(dayIso(d), 'day')!);
    return `${day(w.after)} to ${day(w.before)}`;
  }

  private say(text: string): void {
    this.playStatus.textContent = text;
  }

  /** Where playing is, said at most every ANNOUNCE_MS (the first step at once). */
  private announce(w: DayWindow, force: boolean): void {
    this.lastWindow = w;
    const now = performance.now();
    if (!force && this.announcedAt && now - this.announcedAt < ANNOUNCE_MS) return;
    this.announcedAt = now;
    this.say(`Playing: ${this.windowText(w)}`);
  }

  private localX(clientX: number): number {
    return clientX - this.svg.getBoundingClientRect().left;
  }

  private get width(): number {
    return Math.max(200, this.svg.clientWidth);
  }

  /** x (in the strip) of a time, and back. */
  xAt(t: number): number {
    const [a, b] = this.domain;
    return MARGIN + ((t - a) / (b - a)) * (this.width - 2 * MARGIN);
  }

  timeAt(x: number): number {
    const [a, b] = this.domain;
    return a + ((x - MARGIN) / (this.width - 2 * MARGIN)) * (b - a);
  }

  /** Page coordinates of a day on the strip (for tests that drag a real mouse). */
  pointOf(iso: string): { x: number; y: number } {
    const box = this.svg.getBoundingClientRect();
    return { x: box.left + this.xAt(dayMs(iso)!), y: box.top + box.height - 6 };
  }

  update(cy: Core, filters: Filters): void {
    // A window that is not the one playing put there (undo, Back, a restored link): playing stops.
    const w = this.player.window;
    if (w && (filters.after !== dayIso(w.after) || filters.before !== dayIso(w.before))) this.player.pause();
    this.filters = filters;
    this.afterInput.value = filters.after ?? '';
    this.beforeInput.value = filters.before ?? '';
    this.asOfInput.value = filters.asOf ?? '';
    this.marks = [];
    this.undated = 0;
    cy.nodes('[type = "Meeting"]')
      .not('.user-hidden')
      .forEach((n) => {
        const props = ((n.data('raw') as { properties?: Record<string, unknown> })?.properties ?? {}) as Record<string, unknown>;
        const p = propertyPeriod(props, 'date');
        if (!p) this.undated += 1;
        else
          this.marks.push({
            id: n.id(),
            title: n.data('label') as string,
            period: p,
            filtered: n.hasClass('filtered'),
            status: String(props.status),
          });
      });
    this.render();
  }

  private drawBrush(x1: number, x2: number): void {
    if (!this.brush) {
      this.brush = document.createElementNS(SVG, 'rect');
      this.brush.setAttribute('class', 'brush');
      this.svg.insertBefore(this.brush, this.svg.firstChild);
    }
    const h = this.svg.clientHeight || 60;
    this.brush.setAttribute('x', String(Math.min(x1, x2)));
    this.brush.setAttribute('width', String(Math.abs(x2 - x1)));
    this.brush.setAttribute('y', '0');
    this.brush.setAttribute('height', String(h));
  }

  private render(): void {
    this.brush = null;
    const marks = this.marks;
    const f = this.filters;
    const h = this.svg.clientHeight || 60;
    this.svg.innerHTML = '';
    this.root.classList.toggle('timeline-empty', marks.length === 0);
    this.playButton.disabled = marks.length === 0 && !this.player.playing;
    this.note.textContent =
      marks.length === 0
        ? 'No dated meeting in view.'
        : `${marks.length} dated meeting${marks.length === 1 ? '' : 's'}${this.undated ? `, ${this.undated} undated` : ''} · drag on the strip to choose a window`;
    if (marks.length === 0) return;
    let lo = Math.min(...marks.map((m) => m.period.start));
    let hi = Math.max(...marks.map((m) => m.period.end));
    const after = f?.after ? dayMs(f.after) : null;
    const before = f?.before ? dayMs(f.before) : null;
    if (after !== null) lo = Math.min(lo, after);
    if (before !== null) hi = Math.max(hi, before + DAY);
    const pad = Math.max(15 * DAY, (hi - lo) * 0.04);
    this.domain = [lo - pad, hi + pad];

    // Axis: month ticks for spans under three years, else years; labels thinned to fit.
    const parts: string[] = [];
    const span = this.domain[1] - this.domain[0];
    const monthly = span < 3 * 365 * DAY;
    const start = new Date(this.domain[0]);
    const ticks: number[] = [];
    for (
      let d = monthly ? Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1) : Date.UTC(start.getUTCFullYear() + 1, 0, 1);
      d < this.domain[1];
      d = monthly
        ? Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth() + 1, 1)
        : Date.UTC(new Date(d).getUTCFullYear() + 1, 0, 1)
    )
      ticks.push(d);
    const every = Math.max(1, Math.ceil((ticks.length * 56) / this.width));
    ticks.forEach((t, i) => {
      const x = this.xAt(t);
      const d = new Date(t);
      const label = monthly
        ? d.getUTCMonth() === 0
          ? String(d.getUTCFullYear())
          : d.toLocaleString('en', { month: 'short', timeZone: 'UTC' })
        : String(d.getUTCFullYear());
      parts.push(`<line class="tick" x1="${x}" x2="${x}" y1="${AXIS_Y}" y2="${h}" />`);
      if (i % every === 0 || (monthly && d.getUTCMonth() === 0))
        parts.push(`<text class="tick-label" x="${x + 3}" y="${AXIS_Y - 3}">${label}</text>`);
    });

    // The window, then the marks in lanes so that close meetings do not overlap.
    if (after !== null || before !== null) {
      const x1 = after !== null ? this.xAt(after) : 0;
      const x2 = before !== null ? this.xAt(before + DAY) : this.width;
      parts.push(`<rect class="window" x="${x1}" y="0" width="${Math.max(2, x2 - x1)}" height="${h}" />`);
    }
    const laneEnds: number[] = [];
    for (const m of [...marks].sort((a, b) => a.period.start - b.period.start)) {
      const x1 = this.xAt(m.period.start);
      const x2 = m.period.precision === 'day' ? x1 : this.xAt(m.period.end);
      let lane = laneEnds.findIndex((end) => end + 6 < x1 - 5);
      if (lane === -1) lane = laneEnds.length;
      laneEnds[lane] = Math.max(x2, x1 + 5);
      const y = AXIS_Y + 10 + (lane % Math.max(1, Math.floor((h - AXIS_Y - 14) / LANE_H))) * LANE_H;
      const cls = `mark status-${esc(m.status)}${m.filtered ? ' outside' : ''}`;
      const title = `<title>${esc(m.title)} — ${esc(formatPeriod(m.period))}${m.period.precision !== 'day' ? ' (date known to the ' + m.period.precision + ')' : ''}</title>`;
      parts.push(
        m.period.precision === 'day'
          ? `<circle class="${cls}" data-id="${esc(m.id)}" cx="${x1}" cy="${y}" r="5">${title}</circle>`
          : `<rect class="${cls} fuzzy" data-id="${esc(m.id)}" x="${x1}" y="${y - 4}" width="${Math.max(4, x2 - x1)}" height="8" rx="4">${title}</rect>`,
      );
    }
    this.svg.innerHTML = parts.join('');
  }
}
