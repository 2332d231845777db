// The pieces of the edit forms: a field per schema property (its kind decides the control: a list
// of values for an enum, one line per entry for a list, the fuzzy-date hint for dates), the
// evidence picker (a Source found by its title, or a new one, then the quote), the entity picker
// (search), and the problems of an answer shown at their fields, found by the request path each
// control carries in data-path.
import { ApiError, api, type SchemaProperty } from '../api';
import { editApi, newId, type NewSource, type QuoteEvidence } from './api';

export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

let uid = 0;
const nextId = (stem: string) => `${stem}-${++uid}`;

/** Properties a form does not offer: derived, or shown as a list elsewhere. */
const NOT_EDITED = new Set(['identifiers']);

/** A labelled control for one schema property; `path` is where the server reports its problems. */
export function propertyField(p: SchemaProperty & { description?: string }, value: unknown, path: string): string {
  const id = nextId(`edit-${p.name}`);
  const label = `${p.name.replace(/([A-Z])/g, ' $1').toLowerCase()}${p.required ? ' *' : ''}`;
  const common = `id="${id}" name="${esc(p.name)}" data-path="${esc(path)}" data-kind="${esc(p.kind)}" ${p.required ? 'required aria-required="true"' : ''}`;
  const hint = (text: string) => `<span class="field-hint" id="${id}-hint">${esc(text)}</span>`;
  let control: string;
  if (p.kind === 'enum' && p.values)
    control = `<select ${common}>${p.required ? '' : '<option value=""></option>'}${p.values
      .map((v) => `<option value="${esc(v)}" ${v === value ? 'selected' : ''}>${esc(v.replace(/_/g, ' '))}</option>`)
      .join('')}</select>`;
  else if (p.kind === 'text') control = `<textarea ${common} rows="3">${esc(value ?? '')}</textarea>`;
  else if (p.kind === 'strings')
    control = `<textarea ${common} rows="2" aria-describedby="${id}-hint">${esc(Array.isArray(value) ? value.join('\n') : (value ?? ''))}</textarea>${hint('one per line')}`;
  else if (p.kind === 'fuzzyDate')
    control = `<input ${common} value="${esc(value ?? '')}" inputmode="numeric" placeholder="YYYY-MM-DD" aria-describedby="${id}-hint" />${hint('a year, a month or a day: 2019, 2019-09 or 2019-09-04')}`;
  else if (p.kind === 'url') control = `<input ${common} type="url" value="${esc(value ?? '')}" />`;
  else if (p.kind === 'country')
    control = `<input ${common} value="${esc(value ?? '')}" maxlength="2" placeholder="RU" aria-describedby="${id}-hint" />${hint('two letters, e.g. AZ')}`;
  else if (p.kind === 'language') control = `<input ${common} value="${esc(value ?? '')}" maxlength="2" placeholder="de" />`;
  else control = `<input ${common} value="${esc(value ?? '')}" />`;
  return `<div class="field"><label for="${id}">${esc(label)}</label>${control}</div>`;
}

/** The fields of a type's properties, with their current values. */
export function propertyFields(
  props: SchemaProperty[] | undefined,
  values: Record<string, unknown>,
  pathOf: (name: string) => string,
): string {
  return (props ?? [])
    .filter((p) => !NOT_EDITED.has(p.name))
    .map((p) => propertyField(p, values[p.name], pathOf(p.name)))
    .join('');
}

/** The values typed into the property fields under `root`: '' left out, lists split by line. */
export function readProperties(root: HTMLElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[data-kind]').forEach((el) => {
    const v = el.value.trim();
    if (el.dataset.kind === 'strings') {
      const list = v
        .split(/\n/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length) out[el.name] = list;
    } else if (v !== '') out[el.name] = el.dataset.kind === 'country' ? v.toUpperCase() : v;
  });
  return out;
}

/** Clears the problems a form showed. */
export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const by = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => !x.startsWith('err-'));
    if (by.length) e.setAttribute('aria-describedby', by.join(' '));
    else e.removeAttribute('aria-describedby');
  });
  const box = form.querySelector<HTMLElement>('.form-error');
  if (box) {
    box.hidden = true;
    box.textContent = '';
  }
}

/**
 * Shows an error: each issue at the control whose data-path is its path (or the nearest control
 * above it, "$.set" for "$.set.nonsense"), the rest and the message in the form's error box; the
 * first invalid control takes the focus.
 */
export function showErrors(form: HTMLElement, error: unknown): void {
  clearErrors(form);
  const controls = [...form.querySelectorAll<HTMLElement>('[data-path]')];
  const box = form.querySelector<HTMLElement>('.form-error');
  const loose: string[] = [];
  let first: HTMLElement | null = null;
  const issues = error instanceof ApiError ? error.issues : [];
  for (const issue of issues) {
    const exact = controls.find((c) => c.dataset.path === issue.path);
    const near =
      exact ??
      controls
        .filter((c) => issue.path.startsWith(`${c.dataset.path}.`) || issue.path.startsWith(`${c.dataset.path}[`))
        .sort((a, b) => b.dataset.path!.length - a.dataset.path!.length)[0];
    if (!near) {
      loose.push(`${issue.path}: ${issue.message}`);
      continue;
    }
    const id = `err-${++uid}`;
    const p = document.createElement('p');
    p.className = 'field-error';
    p.id = id;
    p.textContent = issue.message;
    (near.closest('.field') ?? near).append(p);
    near.setAttribute('aria-invalid', 'true');
    near.setAttribute('aria-describedby', `${near.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
    first ??= near;
  }
  if (box) {
    const message = error instanceof Error ? error.message : String(error);
    box.textContent = [issues.length && !loose.length ? 'Fix the fields marked below.' : message, ...loose].join(' ');
    box.hidden = false;
  }
  (first ?? box)?.focus?.();
}

/** The evidence picker: a Source (found by title, or new), the quote and its status. */
export class EvidencePicker {
  private chosen: { id: string; title: string } | null = null;
  private readonly root: HTMLElement;

  constructor(
    host: HTMLElement,
    private readonly paths: { citation: string; source: string | null },
  ) {
    const id = nextId('evidence');
    host.insertAdjacentHTML(
      'beforeend',
      `<fieldset class="evidence" id="${id}">
        <legend>Evidence *</legend>
        <div class="field ev-source-field">
          <label for="${id}-q">Source</label>
          <input id="${id}-q" class="ev-q" type="search" autocomplete="off" placeholder="Search sources by title" role="combobox"
            aria-expanded="false" aria-controls="${id}-list" aria-autocomplete="list" data-path="${esc(paths.citation)}.source" />
          <ul id="${id}-list" class="ev-results" role="listbox" hidden></ul>
          <p class="ev-chosen muted" aria-live="polite">No source chosen.</p>
          ${paths.source === null ? '' : `<button type="button" class="linklike ev-new-toggle" aria-expanded="false">New source…</button>`}
        </div>
        <div class="ev-new" hidden>
          ${propertyField({ name: 'title', kind: 'string', required: true }, '', `${paths.source}.title`)}
          ${propertyField({ name: 'publisher', kind: 'string', required: false }, '', `${paths.source}.publisher`)}
          ${propertyField({ name: 'url', kind: 'url', required: false }, '', `${paths.source}.url`)}
          ${propertyField({ name: 'published', kind: 'fuzzyDate', required: false }, '', `${paths.source}.published`)}
        </div>
        <div class="field">
          <label for="${id}-quote">Quote *</label>
          <textarea id="${id}-quote" class="ev-quote" rows="3" required data-path="${esc(paths.citation)}.quote" placeholder="The sentence of the source that states it"></textarea>
        </div>
        <div class="field">
          <label for="${id}-status">Status</label>
          <select id="${id}-status" class="ev-status" data-path="${esc(paths.citation)}.status">
            <option value="reported">reported</option><option value="speculative">speculative</option><option value="disputed">disputed</option>
          </select>
        </div>
      </fieldset>`,
    );
    this.root = host.querySelector<HTMLElement>(`#${id}`)!;
    const q = this.root.querySelector<HTMLInputElement>('.ev-q')!;
    const list = this.root.querySelector<HTMLUListElement>('.ev-results')!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let hits: Array<{ id: string; title: string }> = [];
    let active = -1;
    const close = () => {
      list.hidden = true;
      q.setAttribute('aria-expanded', 'false');
      active = -1;
    };
    const draw = () => {
      list.innerHTML = hits.length
        ? hits
            .map(
              (h, i) =>
                `<li role="option" id="${id}-opt-${i}" data-source="${esc(h.id)}" aria-selected="${i === active}">${esc(h.title)}</li>`,
            )
            .join('')
        : '<li class="muted" role="option" aria-disabled="true">No source has these words.</li>';
      list.hidden = false;
      q.setAttribute('aria-expanded', 'true');
      if (active >= 0) q.setAttribute('aria-activedescendant', `${id}-opt-${active}`);
      else q.removeAttribute('aria-activedescendant');
    };
    let asked = 0;
    const search = async () => {
      // Only the answer to the latest text counts: an earlier, slower one must not replace it.
      const mine = ++asked;
      const r = await editApi.sources(q.value.trim());
      if (mine !== asked) return;
      hits = r.sources.map((s) => ({ id: s.id, title: [s.title ?? s.id, s.publisher].filter(Boolean).join(' — ') }));
      active = hits.length ? 0 : -1;
      draw();
    };
    q.addEventListener('input', () => {
      clearTimeout(timer);
      // The list shown belongs to the text before: gone until the new answer comes.
      asked++;
      hits = [];
      close();
      timer = setTimeout(() => void search().catch(() => undefined), 150);
    });
    q.addEventListener('focus', () => {
      if (!this.chosen && !q.value) void search().catch(() => undefined);
    });
    q.addEventListener('keydown', (e) => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        active = hits.length ? (active + (e.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length : -1;
        draw();
      } else if (e.key === 'Enter' && active >= 0) this.choose(hits[active]!);
      else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    list.addEventListener('pointerdown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-source]');
      const hit = li ? hits.find((h) => h.id === li.dataset.source) : undefined;
      if (hit) this.choose(hit);
    });
    q.addEventListener('blur', () => setTimeout(close, 150));
    const toggle = this.root.querySelector<HTMLButtonElement>('.ev-new-toggle');
    toggle?.addEventListener('click', () => {
      const box = this.root.querySelector<HTMLElement>('.ev-new')!;
      box.hidden = !box.hidden;
      toggle.setAttribute('aria-expanded', String(!box.hidden));
      toggle.textContent = box.hidden ? 'New source…' : 'Pick a stored source instead';
      this.root.querySelector<HTMLElement>('.ev-source-field .ev-q')!.toggleAttribute('disabled', !box.hidden);
      if (!box.hidden) box.querySelector<HTMLInputElement>('input')?.focus();
      else q.focus();
    });
  }

  private choose(hit: { id: string; title: string }): void {
    this.chosen = hit;
    const q = this.root.querySelector<HTMLInputElement>('.ev-q')!;
    q.value = hit.title;
    this.root.querySelector('.ev-chosen')!.textContent = `Chosen: ${hit.title}`;
    this.root.querySelector<HTMLElement>('.ev-results')!.hidden = true;
    q.setAttribute('aria-expanded', 'false');
    this.root.querySelector<HTMLTextAreaElement>('.ev-quote')!.focus();
  }

  /** The evidence as the request gives it, and the new Source if one is to be created. */
  read(): { citation: QuoteEvidence; source: NewSource | null } {
    const box = this.root.querySelector<HTMLElement>('.ev-new')!;
    let source: NewSource | null = null;
    let sourceId = this.chosen?.id ?? '';
    if (!box.hidden) {
      const props = readProperties(box) as Record<string, string>;
      source = { id: newId('src', props.title), properties: { ...props, kind: 'article' } };
      sourceId = source.id;
    }
    return {
      citation: {
        source: sourceId,
        quote: this.root.querySelector<HTMLTextAreaElement>('.ev-quote')!.value.trim(),
        status: this.root.querySelector<HTMLSelectElement>('.ev-status')!.value as QuoteEvidence['status'],
      },
      source,
    };
  }
}

/** A search field that picks entities of the given types (the ends of a link, a meeting's participants). */
export function entityPicker(
  host: HTMLElement,
  opts: { label: string; types: string[] | null; path: string; onPick: (hit: { id: string; name: string; type: string }) => void },
): HTMLInputElement {
  const id = nextId('pick');
  host.insertAdjacentHTML(
    'beforeend',
    `<div class="field entity-pick">
      <label for="${id}">${esc(opts.label)}</label>
      <input id="${id}" type="search" autocomplete="off" role="combobox" aria-expanded="false" aria-controls="${id}-list" aria-autocomplete="list"
        data-path="${esc(opts.path)}" placeholder="Type a name" />
      <ul id="${id}-list" class="ev-results" role="listbox" hidden></ul>
    </div>`,
  );
  const input = host.querySelector<HTMLInputElement>(`#${id}`)!;
  const list = host.querySelector<HTMLUListElement>(`#${id}-list`)!;
  let hits: Array<{ id: string; name: string; type: string }> = [];
  let active = -1;
  let asked = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const draw = () => {
    list.innerHTML = hits.length
      ? hits
          .map(
            (h, i) =>
              `<li role="option" id="${id}-opt-${i}" data-hit="${esc(h.id)}" aria-selected="${i === active}">${esc(h.name)} <span class="muted">${esc(h.type)}</span></li>`,
          )
          .join('')
      : '<li class="muted" role="option" aria-disabled="true">Nothing found.</li>';
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', `${id}-opt-${active}`);
  };
  const pick = (h: { id: string; name: string; type: string }) => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.value = '';
    opts.onPick(h);
    input.focus();
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    const mine = ++asked;
    hits = [];
    list.hidden = true;
    if (q.length < 2) return;
    timer = setTimeout(() => {
      void api.search(q).then(
        (r) => {
          if (mine !== asked) return;
          hits = r.results.filter((h) => !opts.types || opts.types.includes(h.type)).map((h) => ({ id: h.id, name: h.name, type: h.type }));
          active = hits.length ? 0 : -1;
          draw();
        },
        () => undefined,
      );
    }, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      active = hits.length ? (active + (e.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length : -1;
      draw();
    } else if (e.key === 'Enter' && active >= 0) pick(hits[active]!);
    else if (e.key === 'Escape') list.hidden = true;
    else return;
    e.preventDefault();
    e.stopPropagation();
  });
  list.addEventListener('pointerdown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('li[data-hit]');
    const h = li ? hits.find((x) => x.id === li.dataset.hit) : undefined;
    if (h) pick(h);
  });
  input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 150));
  return input;
}
