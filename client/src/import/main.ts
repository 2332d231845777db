// The Import page: unlock with the write token, upload a file, choose or edit its mapping with a live
// preview of the first rows (a table and a small graph), run a dry run and read its report, then
// import with progress and follow links from the result into the explorer.
import cytoscape, { type Core } from 'cytoscape';
import fcose from 'cytoscape-fcose';

import { api, type Schema } from '../api';
import { edgeLabel, graphStyle } from '../style';
import { bytes, count, duration, esc, progressLine } from './format';
import { ImportApiError, importApi, token, type JobRequest } from './import-api';
import { normalizeParams, pickMapping } from './mapping-match';
import { lineOfPath, parseMappingText, toYaml } from './mapping-text';
import { factName, previewGraph } from './preview-graph';
import { renderPreviewTable } from './preview-table';
import { renderReport } from './report-view';
import { session } from '../shared/session';
import type { ImportJob, ImportReport, MappingInfo, PreviewResult, PreviewRow, Upload } from './types';

cytoscape.use(fcose);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Formats that read a file by themselves; spreadsheets need a mapping. */
const SELF_MAPPING = new Set(['popolo', 'ftm', 'bundle', 'csv-zip']);
const FORMATS = ['csv', 'popolo', 'ftm', 'bundle', 'csv-zip'];
const PREVIEW_ROWS = 20;
const DEBOUNCE_MS = 400;
const POLL_MS = 400;
/** How many links of each type the result offers into the explorer. */
const RESULT_LINKS: Array<[string, number]> = [
  ['Person', 3],
  ['Meeting', 3],
  ['Organization', 2],
];

const state = {
  schema: null as Schema | null,
  mappings: [] as MappingInfo[],
  upload: null as Upload | null,
  /** The selected mapping's name ('' for one written here) and its text as the server gave it. */
  mappingName: '',
  pristineText: '',
  preview: null as PreviewResult | null,
  previewSeq: 0,
  job: null as ImportJob | null,
  busy: false,
};

// ---- messages -------------------------------------------------------------------------------

function banner(message: string | null): void {
  $('banner').textContent = message ?? '';
  $('banner').hidden = !message;
}

function describe(error: unknown): string {
  if (error instanceof ImportApiError) {
    if (error.status === 415 && error.extra.accepted?.length) return `${error.message} (accepted: ${error.extra.accepted.join(', ')})`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A token problem at any step sends the user back to the gate, with the server's explanation. */
function handleTokenProblem(error: unknown): boolean {
  if (!(error instanceof ImportApiError) || !error.isTokenProblem) return false;
  token.clear();
  showGate(
    error.status === 401
      ? `The server did not accept the token: ${error.message}`
      : `The server refuses imports over HTTP: ${error.message}`,
  );
  return true;
}

// ---- the token gate -------------------------------------------------------------------------

const steps = ['step-file', 'step-mapping', 'step-preview', 'step-run'];

function showGate(message?: string): void {
  $('token-form').hidden = false;
  $('token-ok').hidden = true;
  for (const s of steps) $(s).hidden = true;
  const err = $('token-error');
  err.textContent = message ?? '';
  err.hidden = !message;
  $<HTMLInputElement>('token-input').setAttribute('aria-invalid', String(Boolean(message)));
  $<HTMLInputElement>('token-input').focus();
}

async function unlock(): Promise<boolean> {
  try {
    state.mappings = await importApi.mappings();
  } catch (error) {
    if (handleTokenProblem(error)) return false;
    if (error instanceof ImportApiError && error.status === 429) {
      showGate(error.message);
      return false;
    }
    // The mapping list is not needed for every format: go on, and say why the list is empty.
    banner(`The list of mappings could not be loaded: ${describe(error)}`);
    state.mappings = [];
  }
  $('token-form').hidden = true;
  $('token-ok').hidden = false;
  $('token-error').hidden = true;
  $('step-file').hidden = false;
  if (state.upload) for (const s of steps) $(s).hidden = false;
  return true;
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = $<HTMLInputElement>('token-input').value.trim();
  if (!value) return showGate('Paste the token first.');
  token.set(value);
  $<HTMLButtonElement>('token-submit').disabled = true;
  void unlock()
    .then((ok) => {
      if (ok) $('drop-zone').querySelector('input')?.focus();
    })
    .finally(() => ($<HTMLButtonElement>('token-submit').disabled = false));
});
$('token-forget').addEventListener('click', () => {
  token.clear();
  $<HTMLInputElement>('token-input').value = '';
  showGate();
});

// ---- the file -------------------------------------------------------------------------------

async function uploadFile(file: File): Promise<void> {
  const status = $('upload-status');
  const bar = $<HTMLProgressElement>('upload-progress');
  status.textContent = `Uploading ${file.name} (${bytes(file.size)})…`;
  status.dataset.state = 'busy';
  bar.hidden = false;
  bar.value = 0;
  $('file-info').hidden = true;
  try {
    const upload = await importApi.upload(file, (sent, total) => (bar.value = total ? (sent / total) * 100 : 0));
    state.upload = upload;
    status.textContent = `Uploaded ${upload.name}.`;
    status.dataset.state = 'ok';
    showFile(upload);
    resetRun();
    for (const s of steps) $(s).hidden = false;
    setupFormat(upload);
    await chooseMapping(pickMapping(state.mappings, upload.name) ?? '', true);
  } catch (error) {
    if (handleTokenProblem(error)) return;
    status.textContent = `The file could not be uploaded: ${describe(error)}`;
    status.dataset.state = 'warn';
  } finally {
    bar.hidden = true;
  }
}

function showFile(u: Upload): void {
  const info = $('file-info');
  info.innerHTML = `<div><dt>Name</dt><dd id="file-name">${esc(u.name)}</dd></div>
    <div><dt>Size</dt><dd id="file-size">${esc(bytes(u.size))}</dd></div>
    <div><dt>Format</dt><dd id="file-format">${esc(u.format ?? 'not recognised')}</dd></div>
    ${u.encoding ? `<div><dt>Encoding</dt><dd id="file-encoding">${esc(u.encoding)}</dd></div>` : ''}`;
  info.hidden = false;
}

const fileInput = $<HTMLInputElement>('file-input');
fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  if (f) void uploadFile(f);
  fileInput.value = '';
});
const zone = $('drop-zone');
zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('dragging');
});
zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('dragging');
  const f = e.dataTransfer?.files[0];
  if (f) void uploadFile(f);
});
// A file dropped beside the zone would make the browser leave the page for it.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

// ---- format and mapping ---------------------------------------------------------------------

const formatSelect = $<HTMLSelectElement>('format-select');
const mappingSelect = $<HTMLSelectElement>('mapping-select');
const mappingText = $<HTMLTextAreaElement>('mapping-text');

const effectiveFormat = () => formatSelect.value || state.upload?.format || '';
const needsMapping = () => !SELF_MAPPING.has(effectiveFormat());

function setupFormat(u: Upload): void {
  formatSelect.innerHTML =
    `<option value="">detected: ${esc(u.format ?? 'unknown')}</option>` + FORMATS.map((f) => `<option value="${f}">${f}</option>`).join('');
  formatSelect.value = '';
  mappingSelect.innerHTML =
    '<option value="">— a mapping written here —</option>' +
    state.mappings.map((m) => `<option value="${esc(m.name)}">${esc(m.title ? `${m.title} (${m.name})` : m.name)}</option>`).join('');
  showMappingControls();
}

function showMappingControls(): void {
  const needs = needsMapping();
  $('mapping-pick').hidden = !needs;
  $('mapping-editor').hidden = !needs;
  $('params').hidden = !needs || !$('params').querySelector('input, select');
  const note = $('no-mapping');
  note.hidden = needs;
  note.textContent = needs ? '' : `No mapping needed: the ${effectiveFormat()} reader maps the file itself.`;
}

formatSelect.addEventListener('change', () => {
  showMappingControls();
  void runPreview();
});

async function chooseMapping(name: string, auto = false): Promise<void> {
  state.mappingName = name;
  mappingSelect.value = name;
  const info = state.mappings.find((m) => m.name === name);
  $('mapping-description').textContent = info
    ? [info.description?.replace(/([^.!?])$/, '$1.'), auto ? 'Chosen because its file patterns match the file name.' : '']
        .filter(Boolean)
        .join(' ')
    : state.mappings.length
      ? 'No shipped mapping matches this file: pick one, or write one in the editor.'
      : '';
  renderParams(info);
  if (name) {
    try {
      const m = await importApi.mapping(name);
      state.pristineText = 'text' in m ? m.text : toYaml(m.value);
    } catch (error) {
      if (handleTokenProblem(error)) return;
      state.pristineText = '';
      showMappingErrors(`The mapping ${name} could not be loaded: ${describe(error)}`);
    }
  } else state.pristineText = '';
  // Choosing "a mapping written here" keeps the text as a start; a new file without a match starts empty.
  if (name || auto) {
    mappingText.value = state.pristineText;
    mappingText.scrollTop = 0;
  }
  $('mapping-reset').hidden = true;
  await runPreview();
}

mappingSelect.addEventListener('change', () => void chooseMapping(mappingSelect.value));

function renderParams(info: MappingInfo | undefined): void {
  const box = $('params');
  box.querySelectorAll('.field').forEach((f) => f.remove());
  const params = normalizeParams(info?.params);
  for (const p of params) {
    const div = document.createElement('div');
    div.className = 'field';
    const id = `param-${p.name}`;
    const control = p.values?.length
      ? `<select id="${esc(id)}" data-param="${esc(p.name)}">${p.values.map((v) => `<option${v === p.default ? ' selected' : ''}>${esc(v)}</option>`).join('')}</select>`
      : `<input id="${esc(id)}" data-param="${esc(p.name)}" type="text" value="${esc(p.default ?? '')}" ${p.required ? 'required aria-required="true"' : ''} ${p.pattern ? `pattern="${esc(p.pattern)}"` : ''} ${p.description ? `aria-describedby="${esc(id)}-help"` : ''} />`;
    div.innerHTML = `<label for="${esc(id)}"><code>${esc(p.name)}</code>${p.required ? ' <abbr title="required">*</abbr>' : ''}</label>${control}${
      p.description ? `<span id="${esc(id)}-help" class="muted">${esc(p.description)}</span>` : ''
    }`;
    box.append(div);
  }
  box.hidden = params.length === 0 || !needsMapping();
}

function params(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of $('params').querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-param]'))
    if (el.value.trim() !== '') out[el.dataset.param!] = el.value.trim();
  return out;
}

let debounce: ReturnType<typeof setTimeout> | undefined;
const schedulePreview = () => {
  clearTimeout(debounce);
  $('preview-status').textContent = 'Waiting for you to stop typing…';
  debounce = setTimeout(() => void runPreview(), DEBOUNCE_MS);
};
$('params').addEventListener('input', schedulePreview);
mappingText.addEventListener('input', () => {
  $('mapping-reset').hidden = mappingText.value === state.pristineText || !state.pristineText;
  schedulePreview();
});
$('mapping-reset').addEventListener('click', () => {
  mappingText.value = state.pristineText;
  $('mapping-reset').hidden = true;
  mappingText.focus();
  mappingText.setSelectionRange(0, 0);
  mappingText.scrollTop = 0;
  void runPreview();
});

/**
 * What to send as `mapping`: the shipped mapping's name while its text is untouched (the server
 * reads its own file), else the edited text as an object. Null with a message when the text is not a mapping.
 */
function mappingForRequest(): { ok: true; mapping?: string | Record<string, unknown> } | { ok: false } {
  if (!needsMapping()) return { ok: true };
  if (state.mappingName && mappingText.value === state.pristineText) return { ok: true, mapping: state.mappingName };
  const parsed = parseMappingText(mappingText.value);
  if (!parsed.ok) {
    showMappingErrors(parsed.message, [], parsed.line);
    return { ok: false };
  }
  return { ok: true, mapping: parsed.value };
}

function clearMappingErrors(): void {
  $('mapping-errors').hidden = true;
  mappingText.removeAttribute('aria-invalid');
}

/** The server's (or the parser's) complaint about the mapping, each issue with its JSON path and line. */
function showMappingErrors(message: string, issues: Array<{ path: string; message: string }> = [], line?: number): void {
  const box = $('mapping-errors');
  const lineButton = (n: number | undefined) => (n ? ` <button type="button" class="link" data-line="${n}">line ${n}</button>` : '');
  box.innerHTML = `<p><strong>${esc(message)}</strong>${lineButton(line)}</p>${
    issues.length
      ? `<ul class="issues">${issues
          .map(
            (i) =>
              `<li><code class="path">${esc(i.path)}</code>${lineButton(lineOfPath(mappingText.value, i.path))}: ${esc(i.message)}</li>`,
          )
          .join('')}</ul>`
      : ''
  }`;
  box.hidden = false;
  mappingText.setAttribute('aria-invalid', 'true');
}

$('mapping-errors').addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLElement>('[data-line]');
  if (b) selectLine(mappingText, Number(b.dataset.line));
});

function selectLine(area: HTMLTextAreaElement, line: number): void {
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  // Scroll the line into view: the textarea does not do it for a selection set by script.
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

// ---- the preview ----------------------------------------------------------------------------

let previewAbort: AbortController | null = null;

async function runPreview(): Promise<void> {
  clearTimeout(debounce);
  const upload = state.upload;
  if (!upload || !state.schema) return;
  const status = $('preview-status');
  const table = $('preview-table');
  const mapping = mappingForRequest();
  if (!mapping.ok) {
    status.textContent = 'Fix the mapping to see the preview.';
    return;
  }
  if (needsMapping() && !mapping.mapping) {
    status.textContent = '';
    table.innerHTML = '<p class="muted">Choose a mapping (or write one) to see what the first rows yield.</p>';
    drawGraph(null);
    return;
  }
  clearMappingErrors();
  previewAbort?.abort();
  const abort = (previewAbort = new AbortController());
  const seq = ++state.previewSeq;
  status.textContent = 'Reading the first rows…';
  status.dataset.state = 'busy';
  table.setAttribute('aria-busy', 'true');
  try {
    const format = formatSelect.value || undefined;
    const result = await importApi.preview(
      {
        upload: upload.id,
        ...(format ? { format } : {}),
        ...(mapping.mapping ? { mapping: mapping.mapping } : {}),
        params: params(),
        limit: PREVIEW_ROWS,
      },
      abort.signal,
    );
    if (seq !== state.previewSeq) return;
    state.preview = result;
    table.innerHTML = renderPreviewTable(state.schema, result, { raw: $<HTMLInputElement>('show-raw').checked });
    drawGraph(result.rows);
    const bad = result.rows.filter((r) => r.problems.some((p) => (p.severity ?? 'error') === 'error')).length;
    status.textContent = `${result.rows.length} record${result.rows.length === 1 ? '' : 's'}${bad ? `, ${bad} with errors` : ', no errors'}`;
    status.dataset.state = bad ? 'warn' : 'ok';
  } catch (error) {
    if ((error as Error).name === 'AbortError' || seq !== state.previewSeq) return;
    if (handleTokenProblem(error)) return;
    state.preview = null;
    status.textContent = 'No preview';
    status.dataset.state = 'warn';
    const issues = error instanceof ImportApiError ? error.issues : [];
    if (needsMapping()) showMappingErrors(describe(error), issues);
    table.innerHTML = `<div class="error-box" role="alert"><p>${esc(describe(error))}</p>${
      !needsMapping() && issues.length
        ? `<ul>${issues.map((i) => `<li><code>${esc(i.path)}</code>: ${esc(i.message)}</li>`).join('')}</ul>`
        : ''
    }</div>`;
    drawGraph(null);
  } finally {
    if (seq === state.previewSeq) table.removeAttribute('aria-busy');
  }
}

$('show-raw').addEventListener('change', () => {
  if (state.preview && state.schema)
    $('preview-table').innerHTML = renderPreviewTable(state.schema, state.preview, { raw: $<HTMLInputElement>('show-raw').checked });
});

let cy: Core | null = null;

function drawGraph(rows: PreviewRow[] | null): void {
  const schema = state.schema!;
  const container = $('preview-graph');
  if (!cy) {
    cy = cytoscape({
      container,
      style: [
        ...(graphStyle(schema) as unknown[]),
        {
          selector: 'node[type = "Existing"]',
          style: { 'background-color': '#d1d5db', 'border-style': 'dashed', 'border-color': '#6b7280' },
        },
        { selector: '.rejected', style: { 'border-color': '#dc2626', 'border-width': 3, 'line-color': '#dc2626', 'line-style': 'dashed' } },
      ] as cytoscape.StylesheetJson,
      minZoom: 0.1,
      maxZoom: 3,
      boxSelectionEnabled: false,
      // The page scrolls on a phone: a wheel over the preview should not zoom it instead.
      userZoomingEnabled: true,
      wheelSensitivity: 0.3,
    });
    // Clicking a node of the preview finds its row in the table.
    cy.on('tap', 'node', (e) => {
      const id = e.target.id() as string;
      const i = state.preview?.rows.findIndex((r) => r.nodes.some((n) => n.id === id)) ?? -1;
      const tr = $('preview-table').querySelector<HTMLElement>(`tr[data-index="${i}"]`);
      if (!tr) return;
      $('preview-table')
        .querySelectorAll('tr.picked')
        .forEach((t) => t.classList.remove('picked'));
      tr.classList.add('picked');
      tr.scrollIntoView({ block: 'nearest' });
    });
  }
  cy.elements().remove();
  const note = $('preview-graph-note');
  if (!rows?.length) {
    note.textContent = rows ? 'Nothing to draw.' : '';
    return;
  }
  const g = previewGraph(schema, rows);
  cy.add([
    ...g.nodes.map((n, i) => ({
      group: 'nodes' as const,
      // Spread out before the layout runs: edges between nodes at one point cannot be drawn (Cytoscape warns).
      position: { x: (i % 10) * 40, y: Math.floor(i / 10) * 40 },
      data: { id: n.id, label: n.name, type: n.type, citationStatus: 'reported', raw: n },
      classes: g.rejected.has(n.id) ? 'rejected' : '',
    })),
    ...g.edges.map((e) => ({
      group: 'edges' as const,
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        type: e.type,
        label: edgeLabel(schema, e.type, e.properties),
        citationStatus: 'reported',
      },
      classes: g.rejected.has(e.id) ? 'rejected' : '',
    })),
  ]);
  cy.resize();
  cy.layout({
    name: 'fcose',
    randomize: true,
    animate: false,
    nodeRepulsion: 9000,
    idealEdgeLength: 90,
    fit: true,
    padding: 20,
  } as cytoscape.LayoutOptions).run();
  const standIns = g.nodes.filter((n) => n.type === 'Existing').length;
  const text = `${count(g.nodes.length - standIns)} entities and ${count(g.edges.length)} relationships from the first ${count(rows.length)} records${
    standIns ? `; ${standIns} grey (dashed) node${standIns === 1 ? '' : 's'} must already be in the graph` : ''
  }${g.rejected.size ? '; red ones would be rejected' : ''}.`;
  note.textContent = text;
  container.setAttribute('aria-label', `Graph of the preview: ${text}`);
}

// ---- dry run and import ---------------------------------------------------------------------

function resetRun(): void {
  state.job = null;
  $('job').hidden = true;
  $('job-error').hidden = true;
  $('report').hidden = true;
  $('result').hidden = true;
}

function setBusy(busy: boolean): void {
  state.busy = busy;
  for (const id of ['dry-run', 'import', 'file-input', 'mapping-select', 'format-select'])
    ($(id) as HTMLButtonElement | HTMLInputElement).disabled = busy;
  document.body.toggleAttribute('aria-busy', busy);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(dryRun: boolean): Promise<void> {
  if (state.busy || !state.upload) return;
  const mapping = mappingForRequest();
  if (!mapping.ok) {
    mappingText.focus();
    return;
  }
  if (needsMapping() && !mapping.mapping) {
    $('job-error').textContent = 'Choose a mapping (or write one) first: a spreadsheet needs one.';
    $('job-error').hidden = false;
    mappingSelect.focus();
    return;
  }
  resetRun();
  setBusy(true);
  const jobBox = $('job');
  const bar = $<HTMLProgressElement>('job-bar');
  jobBox.hidden = false;
  bar.removeAttribute('value'); // indeterminate until the total is known
  $('job-line').textContent = $('job-status').textContent = dryRun ? 'Starting the dry run…' : 'Starting the import…';
  const skipInvalid = $<HTMLInputElement>('skip-invalid').checked;
  const match = $<HTMLSelectElement>('match').value;
  const format = formatSelect.value || undefined;
  const req: JobRequest = {
    upload: state.upload.id,
    ...(format ? { format } : {}),
    ...(mapping.mapping ? { mapping: mapping.mapping } : {}),
    params: params(),
    dryRun,
    skipInvalid,
    ...(match && match !== 'off' ? { match } : {}),
  };
  try {
    let job = await importApi.startJob(req);
    let lastAnnounced = 0;
    while (job.status === 'queued' || job.status === 'running') {
      const announce = Date.now() - lastAnnounced > 5_000;
      if (announce) lastAnnounced = Date.now();
      showProgress(job, dryRun, announce);
      await sleep(POLL_MS);
      job = await importApi.job(job.id);
    }
    state.job = job;
    showProgress(job, dryRun, true);
    const report = job.report;
    if (job.status === 'failed' && !report) throw new Error(jobError(job) ?? 'The import failed.');
    if (report) showReport(report, dryRun);
  } catch (error) {
    if (handleTokenProblem(error)) return;
    const box = $('job-error');
    const issues = error instanceof ImportApiError ? error.issues : [];
    box.innerHTML = `<p><strong>${dryRun ? 'The dry run' : 'The import'} did not run:</strong> ${esc(describe(error))}</p>${
      issues.length ? `<ul>${issues.map((i) => `<li><code>${esc(i.path)}</code>: ${esc(i.message)}</li>`).join('')}</ul>` : ''
    }`;
    box.hidden = false;
    jobBox.hidden = true;
  } finally {
    setBusy(false);
  }
}

/** "23 records in 3.1 s": the report's figures, as the last progress may be of a phase that counts nothing. */
function finishedLine(job: ImportJob): string {
  const r = job.report;
  if (!r?.counts) return progressLine({ ...job, phase: undefined, etaSeconds: null });
  const n = r.counts.records ?? 0;
  return `${count(n)} record${n === 1 ? '' : 's'}${r.durationMs !== undefined ? ` in ${duration(r.durationMs / 1000)}` : ''}`;
}

function jobError(job: ImportJob): string | undefined {
  const e = job.error;
  return typeof e === 'string' ? e : (e?.detail ?? e?.message);
}

/** Updates the bar every poll; the live region hears the words on start, every 5 s and at the end, not every 400 ms. */
function showProgress(job: ImportJob, dryRun: boolean, announce: boolean): void {
  const bar = $<HTMLProgressElement>('job-bar');
  const total = job.total ?? 0;
  if (total > 0) {
    bar.max = total;
    bar.value = Math.min(job.done ?? 0, total);
  } else if (job.status === 'done') {
    bar.max = 1;
    bar.value = 1;
  }
  const what = dryRun ? 'Dry run' : 'Import';
  const line =
    job.status === 'queued'
      ? `${what} queued…`
      : job.status === 'running'
        ? `${what} running — ${progressLine(job)}`
        : job.status === 'done'
          ? `${what} finished — ${finishedLine(job)}`
          : `${what} failed${jobError(job) ? `: ${jobError(job)}` : ''}`;
  $('job').dataset.status = job.status;
  bar.setAttribute('aria-valuetext', line);
  $('job-line').textContent = line;
  if (announce || job.status === 'done' || job.status === 'failed') $('job-status').textContent = line;
}

function showReport(report: ImportReport, dryRun: boolean): void {
  const box = $('report');
  box.innerHTML = renderReport(report, { title: dryRun ? 'Dry-run report' : 'Import report' });
  box.dataset.status = report.status;
  box.hidden = false;
  const rejected = report.counts?.rejected ?? 0;
  if (rejected > 0 && (report.status === 'imported' || report.quarantineFile)) {
    const p = document.createElement('p');
    p.className = 'downloads';
    p.innerHTML = `<a href="#" data-download="quarantine">Rejected records (${count(rejected)}), unchanged, as a file to fix and import again</a>`;
    box.append(p);
  }
  if (dryRun && report.status === 'rejected' && !$<HTMLInputElement>('skip-invalid').checked) {
    const p = document.createElement('p');
    p.className = 'hint-box';
    p.textContent = `An import now would be refused as a whole because ${count(rejected)} record${rejected === 1 ? ' has' : 's have'} errors. Tick “Skip invalid records” to import the others.`;
    box.append(p);
  }
  box.querySelector<HTMLElement>('#report-title')?.focus();
  if (!dryRun && report.status === 'imported') showResult(report);
}

$('report').addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-download]');
  if (!a || !state.job) return;
  e.preventDefault();
  const id = state.job.id;
  const base = (state.upload?.name ?? 'import').replace(/\.[^.]+$/, '');
  // A workbook's (XLSX or ODS) rejected rows come back as CSV lines (the server names its file .rejected.csv).
  const ext = (/\.[^.]+$/.exec(state.upload?.name ?? '')?.[0] ?? '.txt').replace(/^\.(xls[xm]|ods)$/i, '.csv');
  const p = a.dataset.download === 'report' ? importApi.reportText(id) : importApi.quarantine(id, `${base}.rejected${ext}`);
  p.catch((error: unknown) => {
    if (!handleTokenProblem(error)) banner(`The download failed: ${describe(error)}`);
  });
});

/**
 * Links into the explorer for a few imported people and meetings: those of the preview's records
 * without errors, which an import that answered "imported" wrote (atomic: all of them; with
 * skipInvalid: all valid ones), so no request is needed to know they are there.
 */
function showResult(report: ImportReport): void {
  const box = $('result');
  const schema = state.schema!;
  const rows = (state.preview?.rows ?? []).filter((r) => !r.skipped && !r.problems.some((p) => (p.severity ?? 'error') === 'error'));
  const picked: Array<{ id: string; type: string; name: string }> = [];
  for (const [type, max] of RESULT_LINKS)
    for (const n of rows.flatMap((r) => r.nodes))
      if (n.type === type && !picked.some((p) => p.id === n.id) && picked.filter((p) => p.type === type).length < max)
        picked.push({ id: n.id, type: n.type, name: factName(schema, n) });
  const c = report.counts ?? {};
  const links = picked
    .map(
      (p) =>
        `<li><a href="/?focus=${encodeURIComponent(p.id)}" data-node="${esc(p.id)}"><span class="type-chip" data-type="${esc(p.type)}">${esc(p.type)}</span> ${esc(p.name)}</a></li>`,
    )
    .join('');
  box.innerHTML = `<h3 id="result-title" tabindex="-1">In the graph now</h3>
    <p>${count((c.nodesCreated ?? 0) + (c.relationshipsCreated ?? 0))} facts created and ${count((c.nodesMerged ?? 0) + (c.relationshipsMerged ?? 0))} merged into what was known${
      report.importId ? ` (import <code>${esc(report.importId)}</code>)` : ''
    }.</p>
    ${links ? `<p>Open in the explorer:</p><ul class="result-links">${links}</ul>` : '<p class="muted">Search the explorer for what you imported.</p>'}`;
  box.hidden = false;
}

$('dry-run').addEventListener('click', () => void run(true));
$('import').addEventListener('click', () => void run(false));

// ---- start ----------------------------------------------------------------------------------

async function start(): Promise<void> {
  try {
    state.schema = await api.schema();
  } catch (error) {
    banner(`The server's schema could not be loaded (${describe(error)}); the page needs it. Reload once the server runs.`);
    return;
  }
  // Signed in as an editor (the account widget), the page opens at once; else it asks for an API key.
  await session.ready();
  if (token.get() || session.canEdit()) await unlock();
  else showGate();
  session.onChange((s) => {
    if (s.user && s.user.role !== 'viewer' && !$('token-form').hidden) void unlock();
  });
  // A handle for end-to-end tests and for people poking at the page from the devtools.
  (window as unknown as { liaisonImport: unknown }).liaisonImport = {
    get cy() {
      return cy;
    },
    get state() {
      return state;
    },
  };
  document.body.dataset.ready = 'true';
}

void start();
