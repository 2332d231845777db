// The named-query library: the server's curated queries (GET /api/queries) as a menu, each with a
// form whose inputs follow the declared parameter types (string, string[], integer, float, boolean, date).
import type { NamedQuery, NamedQueryParam } from './console-api';

export type ParamKind = 'string' | 'string[]' | 'integer' | 'float' | 'boolean' | 'date' | 'json';

/** The input kind for a declared type; unknown types fall back to a JSON text field. */
export function paramKind(type: string): ParamKind {
  const t = type.trim().toLowerCase().replace(/\?$/, '');
  if (t === 'string') return 'string';
  if (t === 'string[]' || t === 'list<string>' || t === 'list of string') return 'string[]';
  if (t === 'integer' || t === 'int') return 'integer';
  if (t === 'float' || t === 'number' || t === 'double') return 'float';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'date') return 'date';
  return 'json';
}

/** A typed value from the text of an input; undefined leaves the parameter to the server's default. */
export function parseInput(kind: ParamKind, raw: string, checked = false): { value?: unknown; error?: string } {
  const text = raw.trim();
  if (kind === 'boolean') return { value: checked };
  if (text === '') return {};
  switch (kind) {
    case 'string':
      return { value: raw };
    case 'string[]':
      return {
        value: text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case 'integer':
      return /^[-+]?\d+$/.test(text) ? { value: Number(text) } : { error: 'a whole number' };
    case 'float':
      return Number.isFinite(Number(text)) ? { value: Number(text) } : { error: 'a number' };
    case 'date':
      return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(text) ? { value: text } : { error: 'a date as YYYY, YYYY-MM or YYYY-MM-DD' };
    default:
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'a JSON value' };
      }
  }
}

/** The text an input starts with, from a default or a remembered value. */
export function inputText(kind: ParamKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (kind === 'string[]' && Array.isArray(value)) return value.join(', ');
  if (kind === 'json') return JSON.stringify(value);
  return String(value);
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function field(p: NamedQueryParam, value: unknown): string {
  const kind = paramKind(p.type);
  const id = `param-${p.name}`;
  const required = p.required ?? !('default' in p);
  const common = `id="${esc(id)}" name="${esc(p.name)}" data-kind="${kind}"${required ? ' data-required="true" aria-required="true"' : ''}`;
  const v = esc(inputText(kind, value));
  const input =
    kind === 'boolean'
      ? `<input type="checkbox" ${common} ${value === true ? 'checked' : ''}/>`
      : kind === 'integer'
        ? `<input type="number" step="1" ${common} value="${v}"/>`
        : kind === 'float'
          ? `<input type="number" step="any" ${common} value="${v}"/>`
          : kind === 'date'
            ? `<input type="text" inputmode="numeric" pattern="\\d{4}(-\\d{2}(-\\d{2})?)?" placeholder="YYYY-MM-DD" ${common} value="${v}"/>`
            : `<input type="text" ${common} value="${v}" ${kind === 'string[]' ? 'placeholder="comma, separated"' : ''}/>`;
  return `<div class="form-field">
    <label for="${esc(id)}">${esc(p.name)}${required ? ' <abbr title="required">*</abbr>' : ''} <span class="type">${esc(p.type)}</span></label>
    ${input}
    ${p.description ? `<small>${esc(p.description)}</small>` : ''}
    <span class="field-error" data-error-for="${esc(p.name)}" hidden></span>
  </div>`;
}

export class Library {
  private queries: NamedQuery[] = [];

  constructor(
    private readonly list: HTMLUListElement,
    private readonly form: HTMLFormElement,
    private readonly onRun: (name: string, params: Record<string, unknown>) => void,
    private readonly onEdit: (text: string, params: Record<string, unknown>) => void,
  ) {
    // The form's own messages say what is wrong; the browser's bubbles would hide the submit.
    form.noValidate = true;
    list.addEventListener('click', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>('[data-query]');
      if (item) this.open(item.dataset.query!);
    });
    form.addEventListener('click', (e) => {
      if (!(e.target as HTMLElement).closest('#edit-named')) return;
      const q = this.queries.find((x) => x.name === form.dataset.query);
      const params = this.read();
      // The statement goes to the editor with the form's values (and the defaults) as its parameters.
      if (q?.text && params) this.onEdit(q.text, { ...Object.fromEntries(q.params.map((p) => [p.name, p.default ?? null])), ...params });
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const params = this.read();
      if (params) this.onRun(form.dataset.query!, params);
    });
  }

  setQueries(queries: NamedQuery[]): void {
    this.queries = queries;
    this.list.innerHTML = queries.length
      ? queries
          .map(
            (q) =>
              `<li><button type="button" data-query="${esc(q.name)}" title="${esc(q.description)}"><span class="q-name">${esc(q.name)}</span><small>${esc(q.description)}</small></button></li>`,
          )
          .join('')
      : '<li class="muted">The server offers no named queries.</li>';
  }

  failed(message: string): void {
    this.list.innerHTML = `<li class="field-error">${esc(message)}</li>`;
  }

  has(name: string): boolean {
    return this.queries.some((q) => q.name === name);
  }

  /** Shows a query's form, filled with the given values or the declared defaults. */
  open(name: string, values: Record<string, unknown> = {}): void {
    const q = this.queries.find((x) => x.name === name);
    if (!q) return;
    this.list.querySelectorAll('[data-query]').forEach((b) => b.classList.toggle('active', (b as HTMLElement).dataset.query === name));
    this.form.dataset.query = name;
    this.form.innerHTML = `<h3>${esc(q.name)}</h3><p class="muted">${esc(q.description)}</p>
      ${q.params.map((p) => field(p, name in values || p.name in values ? values[p.name] : p.default)).join('')}
      <div class="form-actions">
        <button type="submit" class="primary" id="run-named">Run ${esc(q.name)}</button>
        ${q.text ? '<button type="button" id="edit-named" title="Open the statement in the editor to change it">Edit as Cypher</button>' : ''}
      </div>`;
    this.form.hidden = false;
    this.form.querySelector<HTMLInputElement>('input')?.focus();
  }

  /** The typed parameters of the open form, or null after marking the fields that are wrong. */
  private read(): Record<string, unknown> | null {
    const params: Record<string, unknown> = {};
    let ok = true;
    this.form.querySelectorAll<HTMLInputElement>('input[data-kind]').forEach((input) => {
      const parsed = parseInput(input.dataset.kind as ParamKind, input.value, input.checked);
      const { value } = parsed;
      const error = parsed.error ?? (value === undefined && input.dataset.required ? 'a value: this parameter is required' : undefined);
      const note = this.form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(input.name)}"]`);
      if (note) {
        note.hidden = !error;
        note.textContent = error ? `Expected ${error}.` : '';
      }
      input.setAttribute('aria-invalid', String(Boolean(error)));
      if (error) ok = false;
      else if (value !== undefined) params[input.name] = value;
    });
    return ok ? params : null;
  }
}
