// The legend, drawn from the same schema and style functions as the canvas: a shape and icon per
// entity type, a colour per relationship type, and what dashed and dotted lines mean.
import type { Schema } from './api';
import { esc } from './details';
import { SIZE_MEASURES, storedSizeMeasure, type SizeMeasure } from './readable';
import { iconUri, STATUS_LINE } from './style';

/** Where the legend's open or closed state is remembered, per browser. */
const OPEN_KEY = 'liaison.legendOpen';

const SHAPES: Record<string, string> = {
  ellipse: 'border-radius:50%',
  'round-rectangle': 'border-radius:4px',
  rectangle: 'border-radius:0',
  diamond: 'transform:rotate(45deg) scale(.8);border-radius:2px',
  hexagon: 'clip-path:polygon(25% 0,75% 0,100% 50%,75% 100%,25% 100%,0 50%)',
  tag: 'clip-path:polygon(0 0,70% 0,100% 50%,70% 100%,0 100%)',
};

function storedOpen(): boolean | null {
  try {
    const v = localStorage.getItem(OPEN_KEY);
    return v === 'true' ? true : v === 'false' ? false : null;
  } catch {
    return null;
  }
}

/**
 * `collapsed`: start with only the Legend button showing (on a phone, where the canvas is small),
 * unless the user opened or closed it before (remembered in localStorage). `onSizeMeasure`: the
 * node-size choice changed.
 */
export function renderLegend(
  root: HTMLElement,
  schema: Schema,
  options: { collapsed?: boolean; onSizeMeasure?: (m: SizeMeasure) => void } = {},
): void {
  const startOpen = storedOpen() ?? !options.collapsed;
  const measure = storedSizeMeasure();
  const sizeOptions = Object.entries(SIZE_MEASURES)
    .map(([k, v]) => `<option value="${k}"${k === measure ? ' selected' : ''}>${esc(v)}</option>`)
    .join('');
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
        <li><label class="legend-size">Node size by <select id="legend-size">${sizeOptions}</select></label></li>
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
    try {
      localStorage.setItem(OPEN_KEY, String(open));
    } catch {
      /* private mode: remembered for this page only */
    }
  });
  const select = root.querySelector<HTMLSelectElement>('#legend-size')!;
  select.addEventListener('change', () => options.onSizeMeasure?.(select.value as SizeMeasure));
}
