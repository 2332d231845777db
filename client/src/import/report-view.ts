// The dry-run and import report as HTML: what would be (or was) created, merged and rejected, the
// problems grouped by rule with their examples (file:line, record id, field, value), what the
// readers could not map, and the downloads (report.txt, the quarantine file).
import { count, duration, esc, words } from './format';
import type { ImportReport, ProblemExample, ProblemGroup } from './types';

/** The counters in the order a reader wants them; any the server adds later follow under their own name. */
const COUNT_ORDER: Array<[string, string]> = [
  ['records', 'records read'],
  ['skipped', 'skipped by the mapping’s filters'],
  ['rejected', 'rejected'],
  ['nodesCreated', 'nodes created'],
  ['nodesMerged', 'nodes merged into existing ones'],
  ['relationshipsCreated', 'relationships created'],
  ['relationshipsMerged', 'relationships merged'],
  ['recordsCreated', 'provenance records'],
  ['citationsCreated', 'citations'],
  ['valuesAlsoStated', 'values kept as “also stated”'],
];

export function countRows(counts: Record<string, unknown> = {}): Array<{ key: string; label: string; value: number }> {
  const rows: Array<{ key: string; label: string; value: number }> = [];
  const seen = new Set<string>();
  for (const [key, label] of COUNT_ORDER)
    if (typeof counts[key] === 'number') {
      rows.push({ key, label, value: counts[key] });
      seen.add(key);
    }
  for (const [key, value] of Object.entries(counts))
    if (!seen.has(key) && typeof value === 'number') rows.push({ key, label: words(key), value });
  return rows;
}

/** Where an example sits: "pm-meetings_0_0.csv:14". */
export function where(e: ProblemExample): string {
  const at = e.line ?? e.row;
  return `${e.file ?? ''}${at !== undefined ? `:${at}` : ''}`;
}

const STATUS_TEXT: Record<string, string> = {
  'dry-run': 'Dry run: nothing was written.',
  imported: 'Imported.',
  rejected: 'Rejected: nothing was written, because some records have errors. Fix them, or tick “Skip invalid records”.',
  failed: 'The import failed: nothing was written (what a failed import had written is rolled back).',
};

function problemGroup(g: ProblemGroup, i: number): string {
  const severity = g.severity ?? 'error';
  const examples = g.examples ?? [];
  const rows = examples
    .map(
      (e) => `<tr>
        <td data-label="Where"><code>${esc(where(e))}</code></td>
        <td data-label="Record id">${e.recordId ? `<code>${esc(e.recordId)}</code>` : ''}</td>
        <td data-label="Field">${e.field ? `<code>${esc(e.field)}</code>` : ''}</td>
        <td data-label="Value">${e.value === undefined ? '' : e.value === '' ? '<span class="muted">(empty)</span>' : `<code class="value">${esc(e.value)}</code>`}</td>
        <td data-label="Problem">${esc(e.message ?? '')}</td>
      </tr>`,
    )
    .join('');
  const more = g.count > examples.length ? `<p class="muted">${count(g.count - examples.length)} more in the full report.</p>` : '';
  return `<details class="problem ${severity}" data-rule="${esc(g.rule)}" ${i < 3 ? 'open' : ''}>
    <summary><code class="rule">${esc(g.rule)}</code> <span class="badge ${severity}">${severity}</span>
      <strong class="problem-count">${count(g.count)}</strong> × ${esc(g.message ?? '')}</summary>
    ${
      rows
        ? `<table class="examples"><thead><tr><th scope="col">Where</th><th scope="col">Record id</th><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Problem</th></tr></thead><tbody>${rows}</tbody></table>`
        : ''
    }
    ${more}
  </details>`;
}

function unmapped(u: ImportReport['unmapped']): string {
  const entries = Object.entries(u ?? {}).flatMap(([kind, v]) =>
    typeof v === 'number' ? [[kind, v] as const] : Object.entries(v ?? {}).map(([k, n]) => [`${kind}: ${k}`, n] as const),
  );
  if (!entries.length) return '';
  return `<h4>Read but not mapped</h4><ul class="unmapped">${entries
    .map(([k, n]) => `<li><code>${esc(k)}</code> × ${count(Number(n))}</li>`)
    .join('')}</ul>`;
}

function matching(m: ImportReport['matching']): string {
  if (!m) return '';
  const would = m.dryRun ? 'would be ' : '';
  return `<h4>Matching with stored entities (${esc(m.mode)})</h4>
    <p class="matching" data-merged="${m.merged}" data-review="${m.awaitingReview}">${count(m.candidates)} candidate pairs: ${count(m.merged)} ${would}merged, ${count(m.awaitingReview)} ${m.dryRun ? 'would await' : 'await'} review${m.failed ? ` (${count(m.failed)} after a failed merge)` : ''}${m.dryRun ? '' : ' on the <a href="/review">Review page</a>'}.${m.error ? ` ${esc(m.error)}` : ''}</p>`;
}

export function renderReport(report: ImportReport, opts: { title: string }): string {
  // Errors first (they reject records), then the most frequent.
  const rank = (g: ProblemGroup) => ((g.severity ?? 'error') === 'error' ? 0 : 1);
  const problems = [...(report.problems ?? [])].sort((a, b) => rank(a) - rank(b) || b.count - a.count);
  const rows = countRows(report.counts);
  const sentence = report.message ?? report.error;
  return `<h3 id="report-title" tabindex="-1">${esc(opts.title)}</h3>
    <p class="report-status" data-status="${esc(report.status)}">${esc(STATUS_TEXT[report.status] ?? report.status)}${
      report.durationMs !== undefined ? ` <span class="muted">(${esc(duration(report.durationMs / 1000))})</span>` : ''
    }</p>
    ${sentence ? `<p class="report-message${report.status === 'failed' || report.status === 'rejected' ? ' field-error' : ''}">${esc(sentence)}</p>` : ''}
    <table class="counts"><tbody>${rows
      .map((r) => `<tr data-count="${esc(r.key)}"><td class="num">${count(r.value)}</td><th scope="row">${esc(r.label)}</th></tr>`)
      .join('')}</tbody></table>
    ${
      problems.length
        ? `<h4>Problems, by rule</h4>${problems.map(problemGroup).join('')}`
        : '<p class="ok-note">No problems: every record maps cleanly.</p>'
    }
    ${matching(report.matching)}
    ${unmapped(report.unmapped)}
    <p class="downloads"><a href="#" data-download="report">Full report (report.txt)</a></p>`;
}
