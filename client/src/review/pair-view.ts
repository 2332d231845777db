// The pair side by side as HTML: for each entity its name, aliases, identifiers, properties,
// sources and neighbours, each item marked shared / differs / one side only (colour and words,
// so the marks do not rest on colour alone), a link into the explorer, and above both the
// candidate's score and the reasons for it.
import type { Comparison, IdentifierItem, ListItem, NeighborItem, PropertyRow, SideView, SourceItem } from './compare';
import type { Current } from './queue';
import type { Reason } from './review-api';

export const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const MARK_WORDS: Record<string, string> = {
  same: 'shared',
  only: 'only here',
  differs: 'differs',
  conflict: 'another value of this scheme on the other side',
};

const markText = (mark: string) => `<span class="visually-hidden"> (${MARK_WORDS[mark] ?? mark})</span>`;

const explorerLink = (id: string) => `/?focus=${encodeURIComponent(id)}`;

export function pct(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)} %`;
}

export function reasonsHtml(reasons: Reason[]): string {
  if (!reasons.length) return '<p class="muted">No reasons given.</p>';
  return `<ul class="reasons">${[...reasons]
    .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight))
    .map(
      (r) =>
        `<li class="${r.weight < 0 ? 'against' : 'for'}" data-code="${esc(r.code)}"><span class="weight" aria-label="weight ${r.weight.toFixed(2)}">${
          r.weight >= 0 ? '+' : '−'
        }${Math.abs(r.weight).toFixed(2)}</span> ${esc(r.detail || r.code)}</li>`,
    )
    .join('')}</ul>`;
}

function list(items: ListItem[], empty: string): string {
  if (!items.length) return `<p class="muted none">${esc(empty)}</p>`;
  return `<ul class="values">${items.map((i) => `<li class="mark-${i.mark}">${esc(i.value)}${markText(i.mark)}</li>`).join('')}</ul>`;
}

function identifiers(items: IdentifierItem[]): string {
  if (!items.length) return '<p class="muted none">No identifiers.</p>';
  return `<ul class="values ids">${items.map((i) => `<li class="mark-${i.mark}"><code>${esc(i.value)}</code>${markText(i.mark)}</li>`).join('')}</ul>`;
}

function properties(rows: PropertyRow[], side: 'a' | 'b'): string {
  const own = rows.filter((r) => r[side] !== null);
  if (!own.length) return '<p class="muted none">No other properties.</p>';
  return `<dl class="props">${own
    .map(
      (r) => `<div class="mark-${r.mark}" data-key="${esc(r.key)}"><dt>${esc(r.key)}</dt><dd>${esc(r[side])}${markText(r.mark)}</dd></div>`,
    )
    .join('')}</dl>`;
}

function sources(items: SourceItem[]): string {
  if (!items.length) return '<p class="muted none">No citations.</p>';
  return `<ul class="sources">${items
    .map(
      (s) =>
        `<li class="mark-${s.mark}"><span class="source-title">${esc(s.title)}</span>${markText(s.mark)} <span class="cite-kind">${
          s.kind === 'quote' ? 'quote' : 'record'
        }</span><span class="cite-detail">${esc(s.detail)}</span></li>`,
    )
    .join('')}</ul>`;
}

function neighbors(items: NeighborItem[], total: number): string {
  if (!items.length) return '<p class="muted none">No neighbours.</p>';
  const shown = items.slice(0, 12);
  return `<ul class="neighbors">${shown
    .map(
      (n) =>
        `<li class="mark-${n.mark}"><span class="type-chip" data-type="${esc(n.type)}">${esc(n.type)}</span> <a href="${explorerLink(n.id)}">${esc(
          n.name,
        )}</a>${markText(n.mark)} <span class="muted rel">${esc(n.relType)}</span></li>`,
    )
    .join('')}</ul>${total > shown.length ? `<p class="muted more">${total - shown.length} more in the explorer.</p>` : ''}`;
}

function side(v: SideView, which: 'a' | 'b', props: PropertyRow[], label: string): string {
  return `<article class="side" data-side="${which}" data-id="${esc(v.id)}" aria-labelledby="side-${which}-name">
    <header class="side-head">
      <span class="side-label">${esc(label)}</span>
      <h3 id="side-${which}-name" class="entity-name mark-${v.nameMark}">${esc(v.name)}</h3>
      <p class="entity-id"><span class="type-chip" data-type="${esc(v.type)}">${esc(v.type)}</span> <code>${esc(v.id)}</code></p>
      <a class="explorer-link" href="${explorerLink(v.id)}" target="_blank" rel="noopener">Open in explorer<span class="visually-hidden">: ${esc(v.name)}</span> <span aria-hidden="true">↗</span></a>
    </header>
    <h4>Aliases</h4>${list(v.aliases, 'No aliases.')}
    <h4>Identifiers</h4>${identifiers(v.identifiers)}
    <h4>Properties</h4>${properties(props, which)}
    <h4>Sources <span class="count">${v.sources.length}</span></h4>${sources(v.sources)}
    <h4>Neighbours <span class="count">${v.neighborTotal}</span></h4>${neighbors(v.neighbors, v.neighborTotal)}
  </article>`;
}

export function pairHtml(cmp: Comparison, now: Current, position: { at: number; of: number }): string {
  const c = now.candidate;
  const moved = now.moved.length
    ? `<p class="moved" role="note">Refreshed: ${now.moved.map((m) => `<code>${esc(m.from)}</code> was merged into <code>${esc(m.to)}</code>`).join('; ')} by an earlier decision.</p>`
    : '';
  return `<div class="pair-head">
      <div class="score" aria-label="Score ${pct(c.score)}">
        <span class="score-value">${pct(c.score)}</span>
        <span class="score-bar" aria-hidden="true"><span style="width:${pct(c.score).replace(' ', '')}"></span></span>
      </div>
      <p class="pair-position"><span id="pair-at">${position.at}</span> of <span id="pair-of">${position.of}</span> · ${esc(c.type)} ·
        ${cmp.sharedNeighbors} shared neighbour${cmp.sharedNeighbors === 1 ? '' : 's'} · ${cmp.sharedSources} shared source${cmp.sharedSources === 1 ? '' : 's'}</p>
      <details class="why" open><summary>Why this pair</summary>${reasonsHtml(c.reasons)}</details>
      ${moved}
    </div>
    <div class="pair-grid">
      ${side(cmp.a, 'a', cmp.properties, 'Left')}
      ${side(cmp.b, 'b', cmp.properties, 'Right')}
    </div>`;
}
