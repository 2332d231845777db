// The Cypher console for researchers: write read-only Cypher (or pick a named query), run it with
// Ctrl+Enter, read the answer as a table or a graph, export it, or open it on the explorer's canvas.
import { api, type GraphEdge, type GraphNode } from '../api';
import { setupExportMenu } from '../export-menu';
import { ConsoleError, consoleApi, type CypherResult, type EntityCandidate } from './console-api';
import { QueryEditor, type FullSchema } from './editor';
import { clearHistory, loadHistory, remember, type HistoryEntry } from './history';
import { Library } from './library';
import { parseParams } from './params';
import { fromHash, toHash, type Permalink } from './permalink';
import { ResultsGraph } from './results-graph';
import { ResultsTable } from './results-table';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const paramsInput = $<HTMLTextAreaElement>('params');
const paramsError = $<HTMLDivElement>('params-error');
const errorBox = $<HTMLDivElement>('error');
const status = $<HTMLSpanElement>('status');
const runButton = $<HTMLButtonElement>('run');

let result: CypherResult | null = null;
let running = false;
/** The last named query run, so that a pick from the candidates can run it again with the chosen id. */
let lastNamed: { name: string; params: Record<string, unknown> } | null = null;
let rerunWith: (param: string, id: string) => void = () => undefined;

function setStatus(text: string, state: 'ok' | 'busy' | 'warn' | '' = ''): void {
  status.textContent = text;
  status.dataset.state = state;
}

function showProblem(error: unknown, editor: QueryEditor): void {
  const e =
    error instanceof ConsoleError ? error : new ConsoleError('other', 0, 'Error', error instanceof Error ? error.message : String(error));
  const headings: Record<string, string> = {
    refused: 'Refused: the console only reads',
    syntax: 'Syntax error',
    cypher: 'Cypher error',
    'rate-limited': 'Slow down',
    timeout: 'The query timed out',
    invalid: 'Invalid request',
    ambiguous: 'Which one do you mean?',
    unreachable: 'Server unreachable',
    other: e.title,
  };
  const hints: Record<string, string> = {
    refused: 'Queries that write, change the schema or call administrative procedures are refused here.',
    timeout: 'Narrow the pattern, add a LIMIT, or start from a specific node (e.g. {id: "person-patrushev"}).',
  };
  errorBox.dataset.kind = e.kind;
  errorBox.innerHTML = `<strong class="error-title">${esc(headings[e.kind] ?? e.title)}</strong>
    <p class="error-detail">${esc(e.message)}</p>
    ${e.kind === 'refused' && e.extra.rule ? `<p>Rule: <code class="error-rule">${esc(e.extra.rule)}</code></p>` : ''}
    ${e.extra.errors?.length ? `<ul>${e.extra.errors.map((x) => `<li><code>${esc(x.path)}</code>: ${esc(x.message)}</li>`).join('')}</ul>` : ''}
    ${pickList(e.extra.candidates)}
    ${hints[e.kind] ? `<p class="muted">${esc(hints[e.kind])}</p>` : ''}`;
  errorBox
    .querySelectorAll<HTMLButtonElement>('button[data-pick-param]')
    .forEach((b) => b.addEventListener('click', () => rerunWith(b.dataset.pickParam!, b.dataset.pickId!)));
  errorBox.hidden = false;
  if (e.extra.position !== undefined) editor.markError(e.extra.position, e.message);
  setStatus(e.kind === 'rate-limited' ? 'Rate limited' : 'Failed', 'warn');
}

/** For each parameter whose name several entities answer to, the candidates as buttons: a pick runs the query with that id. */
function pickList(candidates: Record<string, EntityCandidate[]> | undefined): string {
  if (!candidates || !lastNamed) return '';
  return Object.entries(candidates)
    .map(
      ([param, list]) => `<div class="pick-list" data-param="${esc(param)}">
        <p><strong>${esc(param)}</strong> = “${esc(lastNamed?.params[param])}” could be:</p>
        <ul>${list
          .map((c) => {
            const detail = [c.type, ...(c.posts ?? []).map((p) => `${p.title}, ${p.organization}`), c.country ?? null]
              .filter(Boolean)
              .join(' · ');
            return `<li><button type="button" class="pick-candidate" data-pick-param="${esc(param)}" data-pick-id="${esc(c.id)}">${esc(c.name)}</button> <small class="muted">${esc(detail)} — <code>${esc(c.id)}</code></small></li>`;
          })
          .join('')}</ul>
      </div>`,
    )
    .join('');
}

async function start(): Promise<void> {
  let schema: FullSchema;
  try {
    schema = (await api.schema()) as FullSchema;
  } catch (error) {
    $('banner').textContent = error instanceof Error ? error.message : String(error);
    $('banner').hidden = false;
    return;
  }

  const editor = new QueryEditor($('editor'), $<HTMLTextAreaElement>('editor-fallback'), () => void runCypher());
  const table = new ResultsTable($('table-view'), (id) => location.assign(`/?focus=${encodeURIComponent(id)}`));
  const graph = new ResultsGraph($('graph-view'), schema);
  const library = new Library(
    $<HTMLUListElement>('library'),
    $<HTMLFormElement>('query-form'),
    (name, params) => void runNamed(name, params),
    (text, params) => restore({ kind: 'cypher', query: text, params }),
  );
  const historyList = $<HTMLOListElement>('history');
  let lastLabel = 'Liaison query';

  const paramNames = () => {
    const p = parseParams(paramsInput.value);
    return p.ok ? Object.keys(p.params) : [];
  };
  const checkParams = () => {
    const p = parseParams(paramsInput.value);
    paramsError.hidden = p.ok;
    paramsError.textContent = p.ok ? '' : p.message;
    paramsInput.setAttribute('aria-invalid', String(!p.ok));
    if (p.ok) editor.setParameterNames(Object.keys(p.params));
    return p;
  };
  paramsInput.addEventListener('input', checkParams);
  paramsInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void runCypher();
    }
  });

  // --- results
  const tabs = { table: $<HTMLButtonElement>('tab-table'), graph: $<HTMLButtonElement>('tab-graph') };
  const showTab = (which: 'table' | 'graph') => {
    tabs.table.setAttribute('aria-selected', String(which === 'table'));
    tabs.graph.setAttribute('aria-selected', String(which === 'graph'));
    $('table-view').hidden = which !== 'table';
    $('graph-view').hidden = which !== 'graph';
    if (which === 'graph') graph.resize();
  };
  tabs.table.addEventListener('click', () => showTab('table'));
  tabs.graph.addEventListener('click', () => showTab('graph'));

  const show = (r: CypherResult, ms: number) => {
    result = r;
    const { nodes, edges } = r.graph;
    const notes = (r.summary.notifications ?? []).map((n) => n.description ?? n.title ?? n.code ?? '').filter(Boolean);
    table.show(r.columns, r.rows, r.truncated ? 'The result was cut off at the server’s row limit; add a LIMIT or narrow the query.' : '');
    graph.show(nodes, edges);
    if (!$('graph-view').hidden) graph.resize();
    const hasGraph = nodes.length > 0;
    $<HTMLButtonElement>('copy-csv').disabled = r.columns.length === 0;
    $<HTMLButtonElement>('open-explorer').disabled = !hasGraph;
    $<HTMLButtonElement>('export-button').disabled = !hasGraph;
    const took = r.summary.resultAvailableAfterMs ?? ms;
    // A named query says which entity each name in its parameters was taken to mean.
    const named = (r.resolved ?? []).filter((x) => x.value !== x.id).map((x) => `${x.param}: “${x.value}” = ${x.name} (${x.id})`);

    setStatus(
      `${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ' (truncated)' : ''}, ${nodes.length} nodes, ${edges.length} relationships — ${took} ms` +
        (named.length ? ` — ${named.join(', ')}` : '') +
        (notes.length ? ` — ${notes.join(' ')}` : ''),
      r.truncated || notes.length ? 'warn' : 'ok',
    );
  };

  const execute = async (link: Permalink, call: () => Promise<CypherResult>) => {
    if (running) return;
    running = true;
    runButton.disabled = true;
    errorBox.hidden = true;
    editor.clearMarks();
    setStatus('Running…', 'busy');
    const t0 = performance.now();
    try {
      const r = await call();
      show(r, Math.round(performance.now() - t0));
      lastLabel = link.kind === 'named' ? link.name : (link.query.split('\n')[0] ?? '').slice(0, 80);
      renderHistory(remember({ ...link, at: new Date().toISOString() } as HistoryEntry));
      // The address bar is always a permalink to the last run.
      history.replaceState(null, '', toHash(link));
    } catch (error) {
      showProblem(error, editor);
    } finally {
      running = false;
      runButton.disabled = false;
    }
  };

  async function runCypher(): Promise<void> {
    const p = checkParams();
    if (!p.ok) {
      paramsInput.focus();
      setStatus('Fix the parameters first', 'warn');
      return;
    }
    const query = editor.getValue().trim();
    if (!query) {
      setStatus('Write a query first', 'warn');
      editor.focus();
      return;
    }
    await execute({ kind: 'cypher', query, params: p.params }, () => consoleApi.run(query, p.params));
  }

  async function runNamed(name: string, params: Record<string, unknown>): Promise<void> {
    lastNamed = { name, params };
    await execute({ kind: 'named', name, params }, () => consoleApi.runNamed(name, params));
  }
  // A candidate picked: its id goes into the form in place of the name, and the query runs again.
  rerunWith = (param, id) => {
    if (!lastNamed) return;
    const params = { ...lastNamed.params, [param]: id };
    library.open(lastNamed.name, params);
    void runNamed(lastNamed.name, params);
  };

  runButton.addEventListener('click', () => void runCypher());

  // --- history
  const historyEntries: HistoryEntry[] = [];
  function renderHistory(entries: HistoryEntry[]): void {
    historyEntries.splice(0, historyEntries.length, ...entries);
    historyList.innerHTML = entries.length
      ? entries
          .map((e, i) => {
            const text = e.kind === 'cypher' ? e.query.replace(/\s+/g, ' ') : `▸ ${e.name}`;
            const params = Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : '';
            return `<li><button type="button" data-index="${i}" title="${esc(text + params)}"><code>${esc(text.slice(0, 90))}</code><small>${esc(params.slice(0, 60))}</small></button></li>`;
          })
          .join('')
      : '<li class="muted">Queries you run appear here.</li>';
  }
  historyList.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('button[data-index]');
    const entry = b && historyEntries[Number(b.dataset.index)];
    if (entry) restore(entry);
  });
  $('history-clear').addEventListener('click', () => {
    clearHistory();
    renderHistory([]);
  });
  renderHistory(loadHistory());

  function restore(link: Permalink): void {
    if (link.kind === 'cypher') {
      editor.setValue(link.query);
      paramsInput.value = JSON.stringify(link.params, null, 2);
      checkParams();
      editor.focus();
    } else library.open(link.name, link.params);
  }

  // --- actions on the result
  $('copy-csv').addEventListener('click', async () => {
    const csv = table.csv();
    try {
      await navigator.clipboard.writeText(csv);
    } catch {
      // Clipboard API refused (no permission, insecure context): the old way still works.
      const t = document.createElement('textarea');
      t.value = csv;
      document.body.append(t);
      t.select();
      document.execCommand('copy');
      t.remove();
    }
    setStatus(`Copied ${table.rowCount} rows as CSV`, 'ok');
  });

  $('open-explorer').addEventListener('click', () => {
    if (!result) return;
    // Contract with the explorer: {nodes, edges} in sessionStorage under a fresh key, then /?load=session:<key>.
    const key = `liaison-load-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const ids = new Set(result.graph.nodes.map((n) => n.id));
    const payload: { nodes: GraphNode[]; edges: GraphEdge[] } = {
      nodes: result.graph.nodes,
      edges: result.graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    };
    sessionStorage.setItem(key, JSON.stringify(payload));
    location.assign(`/?load=session:${key}`);
  });

  $('permalink').addEventListener('click', async () => {
    const p = parseParams(paramsInput.value);
    const query = editor.getValue().trim();
    if (query) history.replaceState(null, '', toHash({ kind: 'cypher', query, params: p.ok ? p.params : {} }));
    try {
      await navigator.clipboard.writeText(location.href);
      setStatus('Permalink copied to the clipboard', 'ok');
    } catch {
      setStatus('The address bar now holds the permalink', 'ok');
    }
  });

  setupExportMenu({
    button: $('export-button'),
    cy: graph.cy,
    getSubgraph: () => ({
      nodeIds: graph.cy.nodes().map((n) => n.id()),
      edgeIds: graph.cy.edges().map((e) => e.id()),
    }),
    title: () => lastLabel,
  });

  // A read-only handle for end-to-end tests and for people poking at the page from the devtools.
  (window as unknown as { liaisonConsole: unknown }).liaisonConsole = {
    editor,
    cy: graph.cy,
    get result() {
      return result;
    },
  };

  // The editor chunk loads in the background; the textarea works meanwhile.
  const upgraded = editor.upgrade(schema, paramNames()).catch((error: Error) => {
    $('editor').dataset.editor = 'plain';
    setStatus(`The Cypher editor could not load (${error.message}); the plain editor works.`, 'warn');
  });

  const libraryLoaded = consoleApi
    .library()
    .then((qs) => library.setQueries(qs))
    .catch((error: Error) => library.failed(`Named queries unavailable: ${error.message}`));

  // A permalink fills the editor (or the form) and runs it: every console query is read-only.
  const link = fromHash(location.hash);
  if (link) {
    await upgraded;
    if (link.kind === 'cypher') {
      restore(link);
      await runCypher();
    } else {
      await libraryLoaded;
      if (library.has(link.name)) {
        library.open(link.name, link.params);
        await runNamed(link.name, link.params);
      }
    }
    if (!errorBox.hidden) return;
    setStatus(`${status.textContent} (run from a permalink)`, status.dataset.state as 'ok');
  }
}

void start();
