// "How are these two connected, and says who?": pick two entities (search boxes, or "path from/to
// here" on the canvas), get the shortest paths with options (max hops, k, avoid hubs, leave out a
// relationship type, time-respecting within a date window), each hop listed with its citations.
import { api, type GraphNode, type PathQuery, type PathStep, type PathsResult, type Schema } from './api';
import { formatDate } from './dates';
import { citationsHtml, esc } from './details';
import { setupSearch } from './search-box';

export type Endpoint = { id: string; name: string };

export interface PathsEvents {
  /** Show the paths on the canvas; `only` = the index of one path to highlight, else all. */
  show(result: PathsResult, only: number | null): void;
  clear(): void;
  error(e: unknown): void;
}

export class PathsPanel {
  from: Endpoint | null = null;
  to: Endpoint | null = null;
  result: PathsResult | null = null;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly results: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly schema: Schema,
    private readonly events: PathsEvents,
  ) {
    const rels = schema.relationshipTypes.map((r) => `<option value="${esc(r.type)}">${esc(r.caption)} (${esc(r.type)})</option>`).join('');
    root.innerHTML = `
      <form id="paths-form" novalidate>
        <div class="search path-end"><label for="path-from">From</label>
          <input id="path-from" type="search" autocomplete="off" spellcheck="false" placeholder="A person, institution, meeting…" role="combobox" aria-autocomplete="list" aria-controls="path-from-results" aria-expanded="false" />
          <ul id="path-from-results" role="listbox" hidden></ul></div>
        <div class="search path-end"><label for="path-to">To</label>
          <input id="path-to" type="search" autocomplete="off" spellcheck="false" placeholder="…and whom to reach" role="combobox" aria-autocomplete="list" aria-controls="path-to-results" aria-expanded="false" />
          <ul id="path-to-results" role="listbox" hidden></ul></div>
        <div class="path-options">
          <label>Max hops <input id="path-max-hops" type="number" min="1" max="10" value="4" /></label>
          <label>Paths <input id="path-k" type="number" min="1" max="20" value="3" /></label>
          <label title="Do not pass through entities with more links than this">Avoid hubs above <input id="path-hubs" type="number" min="1" placeholder="degree" /></label>
          <label>Leave out <select id="path-exclude"><option value="">no relationship type</option>${rels}</select></label>
          <label class="wide"><input id="path-time" type="checkbox" /> Time-respecting (meetings in date order)</label>
          <label>after <input id="path-after" type="date" /></label>
          <label>before <input id="path-before" type="date" /></label>
        </div>
        <div class="path-buttons">
          <button type="submit" id="path-find">Find paths</button>
          <button type="button" id="path-swap" title="Swap the two ends">⇅ Swap</button>
          <button type="button" id="path-clear">Clear</button>
        </div>
      </form>
      <div id="paths-results" aria-live="polite"><p class="muted">Pick two entities — here, or with “Path from here” / “Path to here” in a node’s menu — to see how they are connected and who says so.</p></div>`;
    this.fromInput = root.querySelector('#path-from')!;
    this.toInput = root.querySelector('#path-to')!;
    this.results = root.querySelector('#paths-results')!;
    setupSearch(this.fromInput, root.querySelector('#path-from-results')!, (h) => this.setFrom({ id: h.id, name: h.name }), events.error);
    setupSearch(this.toInput, root.querySelector('#path-to-results')!, (h) => this.setTo({ id: h.id, name: h.name }), events.error);
    // Typing over a chosen end forgets it, so that a stale id is never searched.
    this.fromInput.addEventListener('input', () => (this.from = null));
    this.toInput.addEventListener('input', () => (this.to = null));
    root.querySelector('#paths-form')!.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.find();
    });
    root.querySelector('#path-swap')!.addEventListener('click', () => {
      const [a, b] = [this.from, this.to];
      this.setFrom(b, false);
      this.setTo(a, false);
    });
    root.querySelector('#path-clear')!.addEventListener('click', () => {
      this.result = null;
      this.results.innerHTML = '<p class="muted">Cleared.</p>';
      events.clear();
    });
    this.results.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-path]');
      if (b && this.result) {
        const i = b.dataset.path === 'all' ? null : Number(b.dataset.path);
        this.results.querySelectorAll('.path').forEach((li, j) => li.classList.toggle('active', i === j));
        events.show(this.result, i);
      }
    });
  }

  setFrom(e: Endpoint | null, find = true): void {
    this.from = e;
    this.fromInput.value = e?.name ?? '';
    if (find && this.from && this.to) void this.find();
  }

  setTo(e: Endpoint | null, find = true): void {
    this.to = e;
    this.toInput.value = e?.name ?? '';
    if (find && this.from && this.to) void this.find();
  }

  private num(id: string): number | null {
    const v = this.root.querySelector<HTMLInputElement>(id)!.value;
    return v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
  }

  query(): PathQuery | null {
    if (!this.from || !this.to) return null;
    const exclude = this.root.querySelector<HTMLSelectElement>('#path-exclude')!.value;
    const val = (id: string) => this.root.querySelector<HTMLInputElement>(id)!.value || null;
    return {
      from: this.from.id,
      to: this.to.id,
      maxHops: Math.min(10, Math.max(1, this.num('#path-max-hops') ?? 4)),
      k: Math.min(20, Math.max(1, this.num('#path-k') ?? 3)),
      relTypes: null,
      excludeRelTypes: exclude ? [exclude] : [],
      avoidHubsAbove: this.num('#path-hubs'),
      timeRespecting: this.root.querySelector<HTMLInputElement>('#path-time')!.checked,
      after: val('#path-after'),
      before: val('#path-before'),
    };
  }

  async find(): Promise<void> {
    const q = this.query();
    if (!q) {
      this.results.innerHTML = `<p class="hint-box">Choose ${this.from ? 'where to go' : 'where to start'} from the suggestions first.</p>`;
      return;
    }
    this.results.innerHTML = '<p class="muted loading-inline">Searching paths…</p>';
    this.root.dataset.state = 'loading';
    try {
      const result = await api.paths(q);
      this.result = result;
      this.render(result);
      if (result.paths.length) this.events.show(result, null);
    } catch (error) {
      this.results.innerHTML = `<p class="hint-box error">${esc((error as Error).message)}</p>`;
      this.events.error(error);
    } finally {
      this.root.dataset.state = 'ready';
    }
  }

  private render(result: PathsResult): void {
    const names = new Map<string, GraphNode>(result.nodes.map((n) => [n.id, n]));
    const edges = new Map(result.edges.map((e) => [e.id, e]));
    // The server's caption names the direction walked; the role (or post title) says more.
    const detail = (s: PathStep) => {
      const e = edges.get(s.edgeId);
      const spec = this.schema.relationshipTypes.find((r) => r.type === s.type);
      const v = e && spec?.labelProperty ? e.properties[spec.labelProperty] : undefined;
      return typeof v === 'string' ? ` (${v.replace(/_/g, ' ')})` : '';
    };
    const name = (id: string) => names.get(id)?.name ?? id;
    if (result.paths.length === 0) {
      this.results.innerHTML = `<p class="hint-box">No path between ${esc(this.from?.name)} and ${esc(this.to?.name)} within these limits. Allow more hops, or fewer exclusions.</p>`;
      return;
    }
    const items = result.paths.map((p, i) => {
      const steps = p.steps
        .map((s) => {
          const target = names.get(s.to);
          const date = s.date
            ? formatDate(s.date)
            : target?.type === 'Meeting'
              ? formatDate(target.properties.date, target.properties.datePrecision)
              : '';
          return `<li class="step" data-edge="${esc(s.edgeId)}">
            <div class="hop"><strong>${esc(name(s.from))}</strong> <span class="rel">${esc(s.caption ?? s.type)}${esc(detail(s))}</span> <strong>${esc(name(s.to))}</strong>${date ? ` <span class="muted">(${esc(date)})</span>` : ''}</div>
            ${citationsHtml(s.citations ?? [])}</li>`;
        })
        .join('');
      return `<li class="path"><button type="button" class="linklike" data-path="${i}">Path ${i + 1}: ${p.length} hop${p.length === 1 ? '' : 's'}</button><ol class="steps">${steps}</ol></li>`;
    });
    this.results.innerHTML = `<p>${result.paths.length} shortest path${result.paths.length === 1 ? '' : 's'} from <strong>${esc(this.from?.name)}</strong> to <strong>${esc(this.to?.name)}</strong>. <button type="button" class="linklike" data-path="all">Highlight all</button></p>
      <h3>Why connected</h3><ol class="paths">${items.join('')}</ol>`;
  }
}
