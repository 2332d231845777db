// Liaison's first page: search, open a person's (or meeting's) network, expand by double-click,
// read the evidence for every node and link. The URL (?focus=ID) is a permalink to the view.
import { ApiError, api, onBusy, type Schema } from './api';
import { showEdge, showNode, showNothing } from './details';
import { GraphView, type Selection } from './graph-view';
import { setupSearch } from './search-box';
import { edgeLabel } from './style';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const banner = $<HTMLDivElement>('banner');
const details = $<HTMLElement>('details');
const empty = $<HTMLDivElement>('empty');
let healthTimer: ReturnType<typeof setInterval> | undefined;

function showError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  banner.textContent = message;
  banner.hidden = false;
  // When the server or database is down, watch for it to come back and clear the banner then.
  if (error instanceof ApiError && (error.status === 0 || error.status === 503) && !healthTimer) {
    healthTimer = setInterval(async () => {
      try {
        const h = await api.health();
        if (h.neo4j.connected) {
          banner.hidden = true;
          clearInterval(healthTimer);
          healthTimer = undefined;
        }
      } catch {
        /* still down */
      }
    }, 5_000);
  }
}

function clearError(): void {
  if (!healthTimer) banner.hidden = true;
}

onBusy((busy) => {
  $('loading').hidden = !busy;
  document.body.toggleAttribute('aria-busy', busy);
});

async function start(): Promise<void> {
  let schema: Schema;
  try {
    schema = await api.schema();
  } catch (error) {
    showError(error);
    return;
  }
  const view = new GraphView(
    $('graph'),
    schema,
    (selection: Selection) => {
      if (!selection) return showNothing(details);
      if (selection.kind === 'node') return void showNode(details, selection.node).catch(showError);
      const e = selection.edge;
      const name = (id: string) => (view.cy.getElementById(id).data('label') as string | undefined) ?? id;
      showEdge(details, e, edgeLabel(schema, e.type, e.properties), { source: name(e.source), target: name(e.target) });
    },
    showError,
  );

  // A read-only handle for end-to-end tests and for people poking at the page from the console.
  (window as unknown as { liaison: unknown }).liaison = { cy: view.cy };

  const open = async (id: string, push: boolean) => {
    try {
      await view.open(id);
      clearError();
      empty.hidden = true;
      const node = view.cy.getElementById(id);
      if (push) history.pushState({ focus: id }, '', `?focus=${encodeURIComponent(id)}`);
      document.title = `${node.data('label') ?? id} — Liaison`;
      if (node.nonempty()) {
        node.select();
        await showNode(details, node.data('raw'));
      }
    } catch (error) {
      showError(error);
    }
  };

  setupSearch($<HTMLInputElement>('search-input'), $<HTMLUListElement>('search-results'), (hit) => void open(hit.id, true), showError);
  $('fit').addEventListener('click', () => view.fit());
  $('clear').addEventListener('click', () => {
    view.clear();
    empty.hidden = false;
    showNothing(details);
    history.pushState({}, '', location.pathname);
  });
  empty.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a[data-focus]');
    if (a) {
      e.preventDefault();
      void open(a.getAttribute('data-focus')!, true);
    }
  });
  document.addEventListener('keydown', (e) => {
    const typing = (e.target as HTMLElement).closest('input, textarea');
    if (!typing && e.key === '/') {
      $<HTMLInputElement>('search-input').focus();
      e.preventDefault();
    } else if (!typing && e.key.toLowerCase() === 'f') view.fit();
  });
  window.addEventListener('popstate', () => {
    const focus = new URLSearchParams(location.search).get('focus');
    if (focus) void open(focus, false);
    else {
      view.clear();
      empty.hidden = false;
    }
  });

  const focus = new URLSearchParams(location.search).get('focus');
  if (focus) await open(focus, false);
}

void start();
