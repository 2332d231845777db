// The legend, drawn from the same schema and style functions as the canvas: a shape and icon per
// entity type, a colour per relationship type, and what dashed and dotted lines mean.
import type { Schema } from './api';
import { esc } from './details';
import { iconUri, STATUS_LINE } from './style';

const SHAPES: Record<string, string> = {
  ellipse: 'border-radius:50%',
  'round-rectangle': 'border-radius:4px',
  rectangle: 'border-radius:0',
  diamond: 'transform:rotate(45deg) scale(.8);border-radius:2px',
  hexagon: 'clip-path:polygon(25% 0,75% 0,100% 50%,75% 100%,25% 100%,0 50%)',
  tag: 'clip-path:polygon(0 0,70% 0,100% 50%,70% 100%,0 100%)',
};

/** `collapsed`: start with only the Legend button showing (on a phone, where the canvas is small). */
export function renderLegend(root: HTMLElement, schema: Schema, options: { collapsed?: boolean } = {}): void {
  const startOpen = !options.collapsed;
  const nodes = schema.nodeTypes
    .map((t) => {
      const icon = iconUri(t.style.icon);
      return `<li><span class="legend-node" style="background:${esc(t.style.color)};${SHAPES[t.style.shape] ?? ''}">${icon ? `<img alt="" src="${icon}" />` : ''}</span>${esc(t.label)}</li>`;
    })
    .join('');
  const rels = schema.relationshipTypes
    .map(
      (r) =>
        `<li><span class="legend-line" style="border-top:2px ${r.style.lineStyle} ${esc(r.style.color)}"></span>${esc(r.caption)}</li>`,
    )
    .join('');
  const status = Object.entries(STATUS_LINE)
    .map(
      ([s, l]) =>
        `<li><span class="legend-line" style="border-top:2px ${l['line-style']} ${l.color ?? '#374151'}"></span>${esc(s)}${s === 'speculative' ? ' (a source speculates)' : s === 'disputed' ? ' (a source disputes)' : ''}</li>`,
    )
    .join('');
  root.innerHTML = `
    <button type="button" class="legend-toggle" aria-expanded="${startOpen}" aria-controls="legend-body">Legend</button>
    <div id="legend-body" class="legend-body"${startOpen ? '' : ' hidden'}>
      <ul class="legend-list">${nodes}</ul>
      <ul class="legend-list">${rels}</ul>
      <ul class="legend-list">${status}
        <li><span class="legend-node more-chip">+N</span>more neighbours: click to page in</li>
        <li><span class="legend-node pinned-chip"></span>pinned</li>
      </ul>
    </div>`;
  const toggle = root.querySelector<HTMLButtonElement>('.legend-toggle')!;
  // The class lets a phone's stylesheet make an open legend scrollable (a closed one lets touches through).
  root.classList.toggle('open', startOpen);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    root.querySelector<HTMLElement>('.legend-body')!.hidden = !open;
    root.classList.toggle('open', open);
  });
}
