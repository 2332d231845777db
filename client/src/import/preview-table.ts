// The preview table: one row per record of the file's first rows, with where it is, the entities
// and relationships it yields, and its problems (or why the mapping skipped it).
import type { Schema } from '../api';
import { esc } from './format';
import { factName } from './preview-graph';
import type { PreviewResult } from './types';

/** `raw`: show each record's text as read under its place (off by default: it makes rows tall). */
export function renderPreviewTable(schema: Schema, result: PreviewResult, opts: { raw?: boolean } = {}): string {
  if (!result.rows.length) return '<p class="muted">The file has no records to show (or every one was filtered out).</p>';
  const names = new Map<string, string>();
  for (const r of result.rows) for (const n of r.nodes) names.set(n.id, factName(schema, n));
  const relCaption = (type: string) => schema.relationshipTypes.find((t) => t.type === type)?.caption ?? type;
  const body = result.rows
    .map((r, i) => {
      const at = r.record.line ?? r.record.row;
      const where = `${r.record.file ?? ''}${at !== undefined ? `:${at}` : ''}`;
      const errors = r.problems.filter((p) => (p.severity ?? 'error') === 'error').length;
      const nodes = r.nodes
        .map(
          (n) =>
            `<li><span class="type-chip" data-type="${esc(n.type)}">${esc(n.type)}</span> ${esc(factName(schema, n))} <code class="id">${esc(n.id)}</code></li>`,
        )
        .join('');
      const rels = r.relationships
        .map(
          (e) =>
            `<li>${esc(names.get(e.source) ?? e.source)} <span class="rel">${esc(relCaption(e.type))}${
              typeof e.properties.role === 'string' ? ` (${esc(e.properties.role)})` : ''
            }</span> ${esc(names.get(e.target) ?? e.target)}</li>`,
        )
        .join('');
      const problems = r.problems
        .map(
          (p) =>
            `<li class="${p.severity ?? 'error'}"><code class="rule">${esc(p.rule)}</code> ${esc(p.message)}${
              p.field ? ` <span class="muted">field</span> <code>${esc(p.field)}</code>` : ''
            }${p.value === undefined ? '' : ` <span class="muted">value</span> ${p.value === '' ? '<span class="muted">(empty)</span>' : `<code class="value">${esc(p.value)}</code>`}`}</li>`,
        )
        .join('');
      return `<tr data-index="${i}" class="${errors ? 'has-errors' : ''}${r.skipped ? ' skipped' : ''}">
        <td data-label="Record"><code>${esc(where)}</code>${r.record.recordId ? `<br><span class="muted">id</span> <code>${esc(r.record.recordId)}</code>` : ''}${
          opts.raw && r.record.raw ? `<pre class="raw">${esc(r.record.raw)}</pre>` : ''
        }</td>
        <td data-label="Entities">${r.skipped ? `<span class="muted">skipped: ${esc(r.skipped)}</span>` : nodes ? `<ul>${nodes}</ul>` : '<span class="muted">none</span>'}</td>
        <td data-label="Relationships">${rels ? `<ul>${rels}</ul>` : '<span class="muted">none</span>'}</td>
        <td data-label="Problems">${problems ? `<ul class="problems">${problems}</ul>` : '<span class="ok">✓</span>'}</td>
      </tr>`;
    })
    .join('');
  const unmapped = Object.entries(result.unmapped ?? {}).filter(([, n]) => typeof n === 'number' && n > 0);
  const note = unmapped.length
    ? `<p class="muted unmapped-note">Read but not mapped in these records: ${unmapped.map(([k, n]) => `<code>${esc(k)}</code> × ${n}`).join(', ')}</p>`
    : '';
  return `${note}<table class="preview">
    <thead><tr><th scope="col">Record</th><th scope="col">Entities</th><th scope="col">Relationships</th><th scope="col">Problems</th></tr></thead>
    <tbody>${body}</tbody></table>`;
}
