// "Find in view": a bar over the canvas that highlights the nodes in view whose name or aliases
// match what is typed (find-match.ts: the search's own name keys, so any spelling or script finds
// them), dims the rest, counts the matches ("2 of 5", and "1 hidden" for those a filter or the time
// window hides), and steps through them with Enter / Shift+Enter or ▲ ▼, centring and selecting
// each so that the details panel shows it. Escape takes the highlight away again.
import type { Core, NodeCollection, NodeSingular } from 'cytoscape';

import type * as FindMatch from './find-match';
import type { FindResult, NameIndex } from './find-match';
import { VIEW_COMMAND } from './view-events';

type Matcher = typeof FindMatch;
// The name keys bring any-ascii's transliteration tables (about half a megabyte): loaded when Find
// is first used, not with the page.
let matcher: Promise<Matcher> | null = null;
const loadMatcher = (): Promise<Matcher> => (matcher ??= import('./find-match'));

export interface FindHooks {
  /** The nodes that can be found (entities, not "+N more" helpers). */
  nodes(): NodeCollection;
  /** Selects a node as a click does: the details panel shows it. */
  select(id: string): void;
}

/** After typing rests this long, the best match is selected (not on every keystroke: each selection fetches details). */
const SELECT_AFTER_MS = 300;
const CENTRE_MS = 250;
const CLASSES = 'find-hit find-current find-dim';

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export class FindInView {
  private readonly input: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly prevButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private result: FindResult = { ids: [], hidden: 0 };
  private current = -1;
  private readonly indexes = new Map<string, { key: string; index: NameIndex }>();
  private loaded: Matcher | null = null;
  private selectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every run, so that a run waiting for the matcher does not paint over a later one. */
  private generation = 0;
  /** Where the focus was when Find opened, to go back to when it closes. */
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly bar: HTMLElement,
    button: HTMLElement,
    private readonly cy: Core,
    private readonly hooks: FindHooks,
  ) {
    bar.innerHTML = `
      <div class="find-form" role="search" aria-label="Find in view">
        <input id="find-input" type="search" autocomplete="off" spellcheck="false" enterkeyhint="next"
          placeholder="Find in view" aria-label="Find in view: a name in any spelling" aria-describedby="find-count" />
        <span id="find-count" class="find-count" aria-live="polite"></span>
        <button type="button" id="find-prev" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled>▲</button>
        <button type="button" id="find-next" aria-label="Next match" title="Next match (Enter)" disabled>▼</button>
        <button type="button" id="find-close" aria-label="Close Find in view" title="Close (Esc)">✕</button>
      </div>`;
    this.input = bar.querySelector('#find-input')!;
    this.count = bar.querySelector('#find-count')!;
    this.prevButton = bar.querySelector('#find-prev')!;
    this.nextButton = bar.querySelector('#find-next')!;
    button.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    this.input.addEventListener('input', () => void this.run(true));
    this.input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      this.step(e.shiftKey ? -1 : 1);
    });
    this.prevButton.addEventListener('click', () => this.step(-1));
    this.nextButton.addEventListener('click', () => this.step(1));
    bar.querySelector('#find-close')!.addEventListener('click', () => this.close());
    bar.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      this.close();
    });
    // Loaded early when the pointer heads for the button, so that the first keystroke finds at once.
    button.addEventListener('pointerenter', () => void loadMatcher(), { once: true });
  }

  get isOpen(): boolean {
    return !this.bar.hidden;
  }

  open(): void {
    if (!this.isOpen) {
      const active = document.activeElement;
      this.returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
      this.bar.hidden = false;
      document.body.classList.add('finding');
    }
    this.input.focus();
    this.input.select();
    void loadMatcher();
    if (this.input.value) void this.run(false);
  }

  /** Hides the bar and takes the highlight away; what was found stays selected. */
  close(): void {
    if (!this.isOpen) return;
    clearTimeout(this.selectTimer);
    this.generation += 1;
    this.bar.hidden = true;
    document.body.classList.remove('finding');
    this.cy.elements().removeClass(CLASSES);
    this.result = { ids: [], hidden: 0 };
    this.current = -1;
    const back = this.returnFocus && this.returnFocus.isConnected ? this.returnFocus : this.cy.container();
    back?.focus({ preventScroll: true });
  }

  /** The view changed (filters, the time window, nodes added or removed): the matches again, the current one kept. */
  refresh(): void {
    if (this.isOpen && this.input.value.trim()) void this.run(false);
  }

  /** The id of the match now current (for tests and the page handle). */
  get currentId(): string | null {
    return this.result.ids[this.current] ?? null;
  }

  get matches(): readonly string[] {
    return this.result.ids;
  }

  /** Finds again; a new query (typed) makes the best match current and selects it once typing rests. */
  private async run(typed: boolean): Promise<void> {
    const generation = ++this.generation;
    const text = this.input.value;
    if (!text.trim()) {
      clearTimeout(this.selectTimer);
      this.result = { ids: [], hidden: 0 };
      this.current = -1;
      return this.paint(false);
    }
    const m = (this.loaded ??= await loadMatcher());
    if (generation !== this.generation) return;
    const kept = typed ? null : this.currentId;
    this.result = m.findInView(this.candidates(m), text);
    const at = kept ? this.result.ids.indexOf(kept) : -1;
    this.current = at >= 0 ? at : this.result.ids.length > 0 ? 0 : -1;
    this.paint(true);
    if (!typed) return;
    clearTimeout(this.selectTimer);
    this.selectTimer = setTimeout(() => {
      if (generation === this.generation && this.currentId) this.show(this.currentId, false);
    }, SELECT_AFTER_MS);
  }

  /** Moves to the next or previous match, centres and selects it. */
  step(by: 1 | -1): void {
    clearTimeout(this.selectTimer);
    if (!this.loaded || this.result.ids.length === 0) return;
    this.current = this.loaded.cycle(this.result.ids.length, this.current, by);
    this.paint(true);
    if (this.currentId) this.show(this.currentId, true);
  }

  private candidates(m: Matcher) {
    return this.hooks.nodes().map((n: NodeSingular) => {
      const raw = n.data('raw') as { properties?: Record<string, unknown> } | undefined;
      const aliases = raw?.properties?.aliases;
      const names = [String(n.data('label') ?? ''), ...(Array.isArray(aliases) ? aliases.map(String) : [])];
      const key = names.join('\u0001');
      let entry = this.indexes.get(n.id());
      if (!entry || entry.key !== key) {
        entry = { key, index: m.indexNames(names) };
        this.indexes.set(n.id(), entry);
      }
      const p = n.position();
      return { id: n.id(), index: entry.index, x: p.x, y: p.y, hidden: n.hasClass('filtered') || n.hasClass('user-hidden') };
    });
  }

  private paint(active: boolean): void {
    const ids = this.result.ids;
    this.cy.batch(() => {
      this.cy.elements().removeClass(CLASSES);
      if (!active || ids.length === 0) return;
      const wanted = new Set(ids);
      const hits = this.cy.nodes().filter((n: NodeSingular) => wanted.has(n.id()));
      this.cy.elements().not(hits).addClass('find-dim');
      hits.addClass('find-hit');
      if (this.currentId) this.cy.getElementById(this.currentId).addClass('find-current');
    });
    const loaded = this.loaded;
    this.count.textContent = active && loaded ? loaded.countText(this.result, this.current) : '';
    this.bar.dataset.count = String(ids.length);
    this.bar.dataset.hidden = String(this.result.hidden);
    this.bar.dataset.current = this.currentId ?? '';
    this.prevButton.disabled = this.nextButton.disabled = ids.length === 0;
  }

  /** Selects a match and brings it to the middle (always when stepping; when typing only if it is out of sight). */
  private show(id: string, centre: boolean): void {
    const el = this.cy.getElementById(id);
    if (el.empty()) return;
    this.hooks.select(id);
    const bb = el.renderedBoundingBox({});
    const outside = bb.x1 < 0 || bb.y1 < 0 || bb.x2 > this.cy.width() || bb.y2 > this.cy.height();
    if (!centre && !outside) return;
    // The node itself in the middle (Cytoscape's center would take its label's box too, and sit it high).
    const zoom = this.cy.zoom();
    const p = el.position();
    const pan = { x: this.cy.width() / 2 - p.x * zoom, y: this.cy.height() / 2 - p.y * zoom };
    this.cy.stop(true);
    if (reducedMotion()) this.cy.pan(pan);
    else this.cy.animate({ pan, duration: CENTRE_MS, easing: 'ease-in-out-cubic' });
    this.cy.emit(VIEW_COMMAND);
  }
}
