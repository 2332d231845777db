// The Export menu shared by the explorer and the console: data formats rendered by the server
// (POST /api/export, streamed with a progress indicator) and images drawn in the browser (PNG, SVG)
// with a legend of the types shown and a caption naming the sources behind the visible facts.
import cytoscape, { type Core } from 'cytoscape';
import svgExtension from 'cytoscape-svg';

import { api, type Citation, type GraphEdge, type GraphNode, type Schema } from './api';

cytoscape.use(svgExtension);

declare module 'cytoscape' {
  interface Core {
    /** From cytoscape-svg: the graph as an SVG document. */
    svg(options?: { full?: boolean; scale?: number; bg?: string }): string;
  }
}

export interface ExportFormat {
  format: string;
  label: string;
  description: string;
  extension: string;
  contentType: string;
}

/** A node's neighbourhood, which the server gathers itself (the "neighborhood" subgraph kind). */
export interface NeighbourhoodPreset {
  node: string;
  name: string;
  hops?: number;
}

/** Exactly these nodes and links (a box or lasso selection), sent as the "elements" subgraph kind. */
export interface SelectionPreset {
  nodeIds: string[];
  edgeIds: string[];
}

export interface ExportMenuOptions {
  button: HTMLElement;
  getSubgraph: () => { nodeIds: string[]; edgeIds: string[] };
  cy?: Core;
  title: () => string;
}

/** Image formats drawn in the browser; their names cannot clash with the server's data formats. */
const IMAGE_FORMATS: ExportFormat[] = [
  {
    format: 'png',
    label: 'PNG image',
    description: 'The whole graph as a picture, with legend and sources; 3× or 4× is print resolution.',
    extension: 'png',
    contentType: 'image/png',
  },
  {
    format: 'svg',
    label: 'SVG image',
    description: 'The whole graph as vector graphics, with legend and sources; scales to any size, edits in Inkscape or Illustrator.',
    extension: 'svg',
    contentType: 'image/svg+xml',
  },
];

/** As server/src/export/spec.ts MAX_HOPS allows. */
const HOP_CHOICES = [1, 2, 3, 4];

// Chromium refuses canvases beyond 16384 px a side or ~268 Mpx; stay well inside both.
const MAX_SIDE = 16000;
const MAX_AREA = 120_000_000;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

// ---------------------------------------------------------------------------------------------
// Downloads

/** Saves a blob under a file name through a temporary object URL. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The file name of a Content-Disposition header (RFC 6266: filename* wins over filename). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(disposition);
  return (plain?.[2] ?? plain?.[1]?.trim() ?? fallback) || fallback;
}

const slug = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .slice(0, 60) || 'liaison';

function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Reads a response body chunk by chunk, reporting bytes received (and the total when known). */
async function readWithProgress(res: Response, onProgress: (received: number, total: number | null) => void): Promise<Blob> {
  const total = Number(res.headers.get('content-length')) || null;
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  if (!res.body) return new Blob([await res.arrayBuffer()], { type });
  const reader = res.body.getReader();
  const chunks: BlobPart[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    received += value.byteLength;
    onProgress(received, total);
  }
  return new Blob(chunks, { type });
}

async function problemMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
  if (res.status === 429) return 'Too many exports in a short time: wait a moment and try again.';
  return body?.detail ?? body?.title ?? `The server answered ${res.status}.`;
}

// ---------------------------------------------------------------------------------------------
// Images: layout shared by PNG and SVG, in CSS pixels at scale 1

interface LegendItem {
  kind: 'node' | 'edge';
  label: string;
  color: string;
  dashed: boolean;
}

interface ImageLayout {
  width: number;
  height: number;
  pad: number;
  title: Array<{ text: string; x: number; y: number }>;
  graph: { x: number; y: number; w: number; h: number };
  legend: { y: number; h: number; items: Array<LegendItem & { x: number; y: number }> };
  caption: Array<{ text: string; x: number; y: number }>;
}

const TITLE_SIZE = 16;
const LEGEND_SIZE = 12;
const CAPTION_SIZE = 11;

let measureCtx: CanvasRenderingContext2D | null = null;
function measure(text: string, size: number, weight = 'normal'): number {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * size * 0.6;
  measureCtx.font = `${weight} ${size}px ${FONT}`;
  return measureCtx.measureText(text).width;
}

/** Greedy word wrap to a width, measured with the font the image uses. */
function wrap(text: string, width: number, size: number, weight = 'normal'): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next, size, weight) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The types present on the canvas, coloured as the schema styles them. */
export function legendItems(cy: Core, schema: Schema): LegendItem[] {
  // Only what the picture shows: hidden (filtered) elements are not drawn, so not explained either.
  const nodeTypes = new Set(cy.nodes(':visible').map((n) => n.data('type') as string | undefined));
  const edgeTypes = new Set(cy.edges(':visible').map((e) => e.data('type') as string | undefined));
  const items: LegendItem[] = [];
  for (const t of schema.nodeTypes)
    if (nodeTypes.has(t.label)) items.push({ kind: 'node', label: t.label, color: t.style.color, dashed: false });
  for (const r of schema.relationshipTypes)
    if (edgeTypes.has(r.type)) items.push({ kind: 'edge', label: r.type, color: r.style.color, dashed: r.style.lineStyle !== 'solid' });
  if (cy.edges('[citationStatus = "speculative"]').filter(':visible').nonempty())
    items.push({ kind: 'edge', label: 'speculative (dashed)', color: '#6b7280', dashed: true });
  return items;
}

function layoutImage(bb: { w: number; h: number }, title: string, items: LegendItem[], caption: string): ImageLayout {
  const pad = 16;
  const graphW = Math.max(1, Math.ceil(bb.w));
  const graphH = Math.max(1, Math.ceil(bb.h));
  const contentW = Math.max(graphW, 480);
  let y = pad;
  // A long title (a console query, say) wraps; beyond two lines it is cut short.
  const titleLines = title ? wrap(title, contentW, TITLE_SIZE, 'bold') : [];
  if (titleLines.length > 2) titleLines.splice(1, Infinity, `${titleLines[1]}…`);
  const titleBox = titleLines.map((text, i) => ({ text, x: pad, y: y + TITLE_SIZE + i * (TITLE_SIZE + 4) }));
  y += titleLines.length ? titleLines.length * (TITLE_SIZE + 4) + 6 : 0;
  const graph = { x: pad + (contentW - graphW) / 2, y, w: graphW, h: graphH };
  y += graphH + 12;
  // Legend entries flow left to right and wrap at the content width.
  const legendTop = y;
  const placed: ImageLayout['legend']['items'] = [];
  let x = pad;
  const rowH = LEGEND_SIZE + 8;
  for (const item of items) {
    const w = 26 + measure(item.label, LEGEND_SIZE) + 16;
    if (x > pad && x + w > pad + contentW) {
      x = pad;
      y += rowH;
    }
    placed.push({ ...item, x, y });
    x += w;
  }
  if (placed.length) y += rowH;
  const legendH = y - legendTop;
  y += 6;
  const lines = caption ? wrap(caption, contentW, CAPTION_SIZE) : [];
  const captionLines = lines.map((text, i) => ({ text, x: pad, y: y + CAPTION_SIZE + i * (CAPTION_SIZE + 4) }));
  y += lines.length * (CAPTION_SIZE + 4);
  return {
    width: contentW + 2 * pad,
    height: y + pad,
    pad,
    title: titleBox,
    graph,
    legend: { y: legendTop, h: legendH, items: placed },
    caption: captionLines,
  };
}

/** The scale actually used: the one asked for, reduced if the picture would exceed what a canvas holds. */
export function effectiveScale(layout: { width: number; height: number }, asked: number): number {
  const bySide = MAX_SIDE / Math.max(layout.width, layout.height);
  const byArea = Math.sqrt(MAX_AREA / (layout.width * layout.height));
  return Math.min(asked, bySide, byArea);
}

const pixels = (layout: { width: number; height: number }, scale: number) => ({
  width: Math.round(layout.width * scale),
  height: Math.round(layout.height * scale),
});

/** "Sources: …" naming the sources behind the facts on the canvas (titles and publishers). */
export async function sourcesCaption(cy: Core): Promise<string> {
  const sources = new Map<string, string>();
  const add = (c: Pick<Citation, 'sourceId' | 'title' | 'publisher'>) => {
    if (!sources.has(c.sourceId)) sources.set(c.sourceId, [c.title ?? c.sourceId, c.publisher].filter(Boolean).join(' — '));
  };
  const missing: string[] = [];
  cy.elements(':visible').forEach((el) => {
    const raw = el.data('raw') as (GraphNode | GraphEdge | undefined) & { citations?: Citation[] };
    if (!raw) return;
    if (el.isNode() && raw.type === 'Source') {
      const p = raw.properties;
      add({ sourceId: raw.id, title: (p.title as string) ?? (raw as GraphNode).name, publisher: (p.publisher as string) ?? null });
      return;
    }
    if (raw.citations?.length) raw.citations.forEach(add);
    else if (el.isNode()) missing.push(raw.id);
  });
  // Nodes that came without their citations: ask the server, a few at a time, and not without end.
  const queue = missing.slice(0, 150);
  const worker = async () => {
    for (let id = queue.shift(); id; id = queue.shift()) {
      try {
        (await api.node(id)).citations.forEach(add);
      } catch {
        /* a node deleted meanwhile has no sources to name */
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  const names = [...sources.values()].sort((a, b) => a.localeCompare(b));
  return names.length ? `Sources: ${names.join('; ')}.` : '';
}

export interface ImageParts {
  layout: ImageLayout;
  bb: { x1: number; y1: number; w: number; h: number };
}

async function imageParts(cy: Core, title: string): Promise<ImageParts> {
  const schema = await api.schema();
  const bb = cy.elements().boundingBox();
  const layout = layoutImage(bb, title, legendItems(cy, schema), await sourcesCaption(cy));
  return { layout, bb };
}

function drawLegendSwatch(ctx: CanvasRenderingContext2D, item: LegendItem, x: number, y: number): void {
  ctx.save();
  ctx.fillStyle = item.color;
  ctx.strokeStyle = item.color;
  const cy = y - LEGEND_SIZE / 2 + 1;
  if (item.kind === 'node') {
    ctx.beginPath();
    ctx.arc(x + 9, cy, 6, 0, Math.PI * 2);
    ctx.fill();
  } else {
    ctx.lineWidth = 2;
    ctx.setLineDash(item.dashed ? [4, 3] : []);
    ctx.beginPath();
    ctx.moveTo(x, cy);
    ctx.lineTo(x + 20, cy);
    ctx.stroke();
  }
  ctx.restore();
}

/** PNG: Cytoscape's rendering of the whole graph drawn onto a canvas with title, legend and caption. */
export async function renderPng(cy: Core, parts: ImageParts, askedScale: number): Promise<Blob> {
  const { layout } = parts;
  const scale = effectiveScale(layout, askedScale);
  const { width, height } = pixels(layout, scale);
  // maxWidth/maxHeight stop Cytoscape from multiplying by the screen's pixel ratio.
  const graphBlob = await cy.png({ full: true, scale, output: 'blob-promise', bg: '#ffffff', maxWidth: MAX_SIDE, maxHeight: MAX_SIDE });
  const graphImage = await createImageBitmap(graphBlob);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.scale(width / layout.width, height / layout.height);
  const g = layout.graph;
  ctx.drawImage(graphImage, g.x, g.y, g.w, g.h);
  ctx.fillStyle = '#111827';
  ctx.textBaseline = 'alphabetic';
  ctx.font = `bold ${TITLE_SIZE}px ${FONT}`;
  for (const line of layout.title) ctx.fillText(line.text, line.x, line.y);
  ctx.font = `normal ${LEGEND_SIZE}px ${FONT}`;
  for (const item of layout.legend.items) {
    drawLegendSwatch(ctx, item, item.x, item.y + LEGEND_SIZE);
    ctx.fillStyle = '#111827';
    ctx.fillText(item.label, item.x + 26, item.y + LEGEND_SIZE);
  }
  ctx.font = `normal ${CAPTION_SIZE}px ${FONT}`;
  ctx.fillStyle = '#374151';
  for (const line of layout.caption) ctx.fillText(line.text, line.x, line.y);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be encoded.'))), 'image/png'),
  );
}

/** SVG: Cytoscape's vector rendering nested in a larger SVG with a legend group and a caption. */
export function renderSvg(cy: Core, parts: ImageParts, askedScale: number): string {
  const { layout } = parts;
  const scale = effectiveScale(layout, askedScale);
  const { width, height } = pixels(layout, scale);
  const inner = new DOMParser().parseFromString(cy.svg({ full: true, scale: 1, bg: '#ffffff' }), 'image/svg+xml').documentElement;
  const innerW = Number.parseFloat(inner.getAttribute('width') ?? '') || layout.graph.w;
  const innerH = Number.parseFloat(inner.getAttribute('height') ?? '') || layout.graph.h;
  const g = layout.graph;
  inner.setAttribute('x', String(g.x));
  inner.setAttribute('y', String(g.y));
  inner.setAttribute('width', String(g.w));
  inner.setAttribute('height', String(g.h));
  if (!inner.getAttribute('viewBox')) inner.setAttribute('viewBox', `0 0 ${innerW} ${innerH}`);
  inner.setAttribute('class', 'graph');
  const graphSvg = new XMLSerializer().serializeToString(inner).replace(/^<\?xml[^>]*>/, '');
  const text = (t: string, x: number, y: number, size: number, extra = '') =>
    `<text x="${x}" y="${y}" font-family='${FONT}' font-size="${size}"${extra}>${esc(t)}</text>`;
  const legend = layout.legend.items
    .map((item) => {
      const cyMid = item.y + LEGEND_SIZE / 2 + 1;
      const swatch =
        item.kind === 'node'
          ? `<circle cx="${item.x + 9}" cy="${cyMid}" r="6" fill="${item.color}"/>`
          : `<line x1="${item.x}" y1="${cyMid}" x2="${item.x + 20}" y2="${cyMid}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
      return `<g class="legend-item legend-${item.kind}" data-type="${esc(item.label)}">${swatch}${text(item.label, item.x + 26, item.y + LEGEND_SIZE, LEGEND_SIZE, ' fill="#111827"')}</g>`;
    })
    .join('');
  const s = width / layout.width;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<g transform="scale(${s} ${height / layout.height})">`,
    `<g class="title">${layout.title.map((l) => text(l.text, l.x, l.y, TITLE_SIZE, ' font-weight="bold" fill="#111827"')).join('')}</g>`,
    graphSvg,
    `<g id="legend" class="legend">${legend}</g>`,
    `<g id="caption" class="caption">${layout.caption.map((l) => text(l.text, l.x, l.y, CAPTION_SIZE, ' fill="#374151"')).join('')}</g>`,
    `</g>`,
    `</svg>`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The dialog

let stylesAdded = false;
function addStyles(): void {
  if (stylesAdded) return;
  stylesAdded = true;
  const style = document.createElement('style');
  style.textContent = `
  .export-dialog { width: min(560px, 92vw); border: 1px solid #d1d5db; border-radius: 8px; padding: 16px 18px; font: 14px ${FONT}; }
  .export-dialog::backdrop { background: rgb(0 0 0 / 0.25); }
  .export-dialog h2 { margin: 0 0 10px; font-size: 16px; }
  .export-dialog fieldset { border: 0; margin: 0 0 10px; padding: 0; max-height: 46vh; overflow: auto; }
  .export-dialog legend { font-weight: 600; margin-bottom: 4px; }
  .export-dialog .fmt { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; padding: 4px 0; }
  .export-dialog .fmt small { grid-column: 2; color: #6b7280; }
  .export-dialog [hidden] { display: none !important; }
  .export-dialog .row { display: flex; gap: 8px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
  .export-dialog .row input[type=text] { flex: 1; padding: 4px 6px; }
  .export-dialog .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; }
  .export-dialog .export-progress { font-size: 12px; color: #374151; min-height: 1.2em; }
  .export-dialog .export-error { color: #b91c1c; }
  `;
  document.head.append(style);
}

/** Wires the Export button: a dialog with the formats, a title, image options and a progress line. */
export function setupExportMenu(opts: ExportMenuOptions): { open: (preset?: NeighbourhoodPreset | SelectionPreset) => Promise<void> } {
  addStyles();
  const dialog = document.createElement('dialog');
  dialog.className = 'export-dialog';
  dialog.id = 'export-dialog';
  dialog.setAttribute('aria-labelledby', 'export-dialog-title');
  document.body.append(dialog);
  let formats: ExportFormat[] | null = null;
  let busy = false;
  /** Set while the dialog exports a node's neighbourhood rather than what is on screen. */
  let scope: NeighbourhoodPreset | null = null;
  /** Set while the dialog exports the nodes selected on the canvas rather than all that is on screen. */
  let picked: SelectionPreset | null = null;

  const formatsFromServer = async (): Promise<ExportFormat[]> => {
    try {
      const res = await fetch('/api/export/formats', { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(await problemMessage(res));
      const body = (await res.json()) as ExportFormat[] | { formats: ExportFormat[] };
      return Array.isArray(body) ? body : body.formats;
    } catch (error) {
      // Images still work without the server's formats; say why the data formats are missing.
      dialog.dataset.formatsError = (error as Error).message;
      return [];
    }
  };

  const render = (all: ExportFormat[]) => {
    // An image is a picture of the canvas, not of a neighbourhood the server gathers: data formats only then.
    // Nor of a selection: the picture would still show the whole canvas.
    const images = opts.cy && !scope && !picked ? IMAGE_FORMATS : [];
    const option = (f: ExportFormat, i: number) =>
      `<label class="fmt"><input type="radio" name="format" value="${esc(f.format)}" ${i === 0 ? 'checked' : ''} data-extension="${esc(f.extension)}"/>
        <span>${esc(f.label)} <code>.${esc(f.extension)}</code></span><small>${esc(f.description)}</small></label>`;
    dialog.innerHTML = `
      <form method="dialog">
        <h2 id="export-dialog-title">Export</h2>
        <div class="row"><label for="export-title">Title</label><input id="export-title" type="text" /></div>
        ${
          scope
            ? `<div class="row" id="export-scope">Neighbourhood of <strong>${esc(scope.name)}</strong>
          <label for="export-hops">to</label><select id="export-hops">${HOP_CHOICES.map(
            (h) => `<option value="${h}" ${h === (scope?.hops ?? 1) ? 'selected' : ''}>${h} hop${h === 1 ? '' : 's'}</option>`,
          ).join('')}</select></div>`
            : picked
              ? `<div class="row" id="export-scope">The <strong>${picked.nodeIds.length}</strong> selected entities and the
          <strong>${picked.edgeIds.length}</strong> link${picked.edgeIds.length === 1 ? '' : 's'} among them</div>`
              : ''
        }
        <fieldset><legend>Format</legend>
          ${all.map(option).join('')}
          ${dialog.dataset.formatsError ? `<p class="export-error">Data formats unavailable: ${esc(dialog.dataset.formatsError)}</p>` : ''}
          ${images.map((f, i) => option(f, all.length + i)).join('')}
        </fieldset>
        <div class="row image-options" hidden>
          <label for="export-scale">Scale</label>
          <select id="export-scale">
            <option value="1">1× (screen)</option><option value="2" selected>2×</option>
            <option value="3">3× (print)</option><option value="4">4× (large print)</option>
          </select>
          <span id="export-size" class="muted"></span>
        </div>
        <div id="export-progress" class="export-progress" aria-live="polite"></div>
        <div class="actions">
          <button type="button" id="export-cancel">Close</button>
          <button type="submit" id="export-go" class="primary">Download</button>
        </div>
      </form>`;
  };

  const $ = <T extends HTMLElement>(sel: string) => dialog.querySelector(sel) as T;
  const chosen = () => dialog.querySelector<HTMLInputElement>('input[name=format]:checked')?.value ?? '';
  const isImage = (f: string) => IMAGE_FORMATS.some((i) => i.format === f);
  let parts: ImageParts | null = null;

  const progress = (text: string, error = false) => {
    const p = $<HTMLDivElement>('#export-progress');
    p.textContent = text;
    p.classList.toggle('export-error', error);
  };

  const updateImageOptions = async () => {
    const image = isImage(chosen());
    $<HTMLDivElement>('.image-options').hidden = !image;
    if (!image || !opts.cy) return;
    parts ??= await imageParts(opts.cy, $<HTMLInputElement>('#export-title').value);
    const asked = Number($<HTMLSelectElement>('#export-scale').value);
    const scale = effectiveScale(parts.layout, asked);
    const { width, height } = pixels(parts.layout, scale);
    const cm = (px: number) => ((px / 300) * 2.54).toFixed(1);
    const size = $<HTMLSpanElement>('#export-size');
    size.dataset.width = String(width);
    size.dataset.height = String(height);
    size.textContent =
      `${width} × ${height} px (${cm(width)} × ${cm(height)} cm at 300 dpi)` +
      (scale < asked ? `; reduced to ${scale.toFixed(2)}×, the largest image a browser can draw` : '');
  };

  const exportData = async (format: ExportFormat, title: string) => {
    const hops = Number(dialog.querySelector<HTMLSelectElement>('#export-hops')?.value ?? scope?.hops ?? 1);
    const subgraph = scope
      ? { kind: 'neighborhood', node: scope.node, hops }
      : { kind: 'elements', ...(picked ? { nodeIds: picked.nodeIds, edgeIds: picked.edgeIds } : opts.getSubgraph()) };
    progress('Preparing…');
    const res = await fetch('/api/export', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: `${format.contentType}, application/problem+json` },
      body: JSON.stringify({
        format: format.format,
        title,
        subgraph,
      }),
    });
    if (!res.ok) throw new Error(await problemMessage(res));
    const blob = await readWithProgress(res, (received, total) =>
      progress(`Receiving… ${humanBytes(received)}${total ? ` of ${humanBytes(total)} (${Math.round((received / total) * 100)} %)` : ''}`),
    );
    const name = fileNameFrom(res.headers.get('content-disposition'), `${slug(title)}.${format.extension}`);
    saveBlob(blob, name);
    progress(`Saved ${name} (${humanBytes(blob.size)}).`);
  };

  const exportImage = async (format: string, title: string) => {
    const cy = opts.cy!;
    progress('Drawing…');
    parts ??= await imageParts(cy, title);
    const scale = Number($<HTMLSelectElement>('#export-scale').value);
    const blob =
      format === 'png'
        ? await renderPng(cy, parts, scale)
        : new Blob([renderSvg(cy, parts, scale)], { type: 'image/svg+xml;charset=utf-8' });
    const name = `${slug(title)}.${format}`;
    saveBlob(blob, name);
    const { width, height } = pixels(parts.layout, effectiveScale(parts.layout, scale));
    progress(`Saved ${name}: ${width} × ${height} px, ${humanBytes(blob.size)}.`);
  };

  /** Opens the dialog for what is on screen, or preset to a node's neighbourhood. */
  const open = async (preset?: NeighbourhoodPreset | SelectionPreset) => {
    picked = preset && 'nodeIds' in preset ? { nodeIds: [...preset.nodeIds], edgeIds: [...preset.edgeIds] } : null;
    scope = preset && 'node' in preset ? { ...preset, hops: preset.hops ?? 1 } : null;
    dialog.dataset.subgraph = scope ? 'neighborhood' : picked ? 'selection' : 'elements';
    formats ??= await formatsFromServer();
    render(formats);
    parts = null;
    const title = () =>
      scope ? `Neighbourhood of ${scope.name} — Liaison` : picked ? `${picked.nodeIds.length} selected — ${opts.title()}` : opts.title();
    $<HTMLInputElement>('#export-title').value = title();
    if (!scope && !opts.getSubgraph().nodeIds.length) progress('Nothing to export yet: the graph is empty.', true);
    $('#export-cancel').addEventListener('click', () => dialog.close());
    $<HTMLFormElement>('form').addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy) return;
      const format = chosen();
      const chosenTitle = $<HTMLInputElement>('#export-title').value.trim() || title();
      const spec = formats?.find((f) => f.format === format);
      busy = true;
      $<HTMLButtonElement>('#export-go').disabled = true;
      const job = isImage(format)
        ? exportImage(format, chosenTitle)
        : spec
          ? exportData(spec, chosenTitle)
          : Promise.reject(new Error('Pick a format.'));
      void job
        .catch((err: Error) => progress(`Export failed: ${err.message}`, true))
        .finally(() => {
          busy = false;
          $<HTMLButtonElement>('#export-go').disabled = false;
        });
    });
    dialog.showModal();
    await updateImageOptions().catch((err: Error) => progress(err.message, true));
  };

  // On the dialog itself, once: its contents are rendered afresh at every opening.
  dialog.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).id === 'export-title') parts = null;
    void updateImageOptions().catch((err: Error) => progress(err.message, true));
  });
  opts.button.addEventListener('click', () => void open());
  return { open };
}
