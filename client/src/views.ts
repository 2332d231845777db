// Saved views (issue 11, item 5): "Save view…" stores the view on the server (the permalink, every
// node's position, the viewport, and for a graph handed over by the console or a file the ids of its
// elements), "Saved views…" lists them (each renamed or deleted in place by an editor), "Update"
// in the save dialog writes the current picture over the saved view it was opened from, and
// /?view=<id> opens one anywhere exactly as it was saved: the same nodes at the same positions (no
// layout runs), the same zoom and pan.
import type { Core } from 'cytoscape';

import { ApiError, api, type SavedViewSummary } from './api';
import { toQuery, type ViewState } from './permalink';
import { session as account, writeHeaders } from './shared/session';
import { token } from './shared/token';

type Point = { x: number; y: number };

/** Where everything was: node positions by id ("+N more" helpers included) and the viewport. */
export interface Placement {
  positions: Record<string, Point>;
  viewport: { zoom: number; pan: Point; width?: number; height?: number };
}

/** What the server keeps of a view (server/src/api/views-routes.ts viewState). */
export interface SavedViewState extends Placement {
  /** The permalink's query string, as toQuery writes it. */
  query: string;
  elements?: { nodeIds: string[]; edgeIds: string[] };
}

export interface SavedViewsHooks {
  cy: Core;
  viewState(): ViewState;
  /** Ids of what a handed-over graph shows (its entities and links, without the "+N more" helpers). */
  elementIds(): { nodeIds: string[]; edgeIds: string[] };
  /** Rebuilds the view a permalink query describes, placing it as given instead of laying it out. */
  restore(query: string, placement: Placement): Promise<void>;
  say(message: string): void;
  error(error: unknown): void;
}

const AUTHOR_KEY = 'liaison.viewAuthor';
const VIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;

const session = {
  get: (key: string) => {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set: (key: string, value: string) => {
    try {
      sessionStorage.setItem(key, value);
    } catch {
      /* storage full or disabled: the value is simply not remembered */
    }
  },
};

/** The saved view a URL names (?view=<id>), if any. */
export function savedViewId(search: string): string | null {
  const id = new URLSearchParams(search).get('view');
  return id && VIEW_ID.test(id) ? id : null;
}

/** Everything where it was: node positions exactly, then zoom and pan (keeping the centre on a canvas of another size). */
export function place(cy: Core, p: Placement): void {
  cy.batch(() => {
    for (const n of cy.nodes()) {
      const at = p.positions[n.id()];
      if (!at) continue;
      // A pinned node is locked, and a locked node ignores position().
      const locked = n.locked();
      if (locked) n.unlock();
      n.position({ x: at.x, y: at.y });
      if (locked) n.lock();
    }
  });
  const v = p.viewport;
  const dx = v.width ? (cy.width() - v.width) / 2 : 0;
  const dy = v.height ? (cy.height() - v.height) / 2 : 0;
  cy.viewport({ zoom: v.zoom, pan: { x: v.pan.x + dx, y: v.pan.y + dy } });
}

function placementOf(cy: Core): Placement {
  const positions: Record<string, Point> = {};
  for (const n of cy.nodes()) {
    const { x, y } = n.position();
    positions[n.id()] = { x, y };
  }
  return { positions, viewport: { zoom: cy.zoom(), pan: { ...cy.pan() }, width: cy.width(), height: cy.height() } };
}

/**
 * The elements of a handed-over graph, fetched again by id (the JSON export, which the explorer
 * reads like an opened file). Ids that no longer name anything are left out, once, rather than
 * failing the whole view.
 */
async function fetchElements(ids: { nodeIds: string[]; edgeIds: string[] }): Promise<unknown> {
  try {
    return await api.elements(ids.nodeIds, ids.edgeIds);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400 || error.issues.length === 0) throw error;
    const gone = (list: 'nodeIds' | 'edgeIds') =>
      new Set(
        error.issues.flatMap((i) => {
          const m = new RegExp(`^\\$\\.subgraph\\.${list}\\[(\\d+)\\]$`).exec(i.path);
          return m ? [Number(m[1])] : [];
        }),
      );
    const nodes = gone('nodeIds');
    const edges = gone('edgeIds');
    if (nodes.size + edges.size === 0) throw error;
    return api.elements(
      ids.nodeIds.filter((_, i) => !nodes.has(i)),
      ids.edgeIds.filter((_, i) => !edges.has(i)),
    );
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function button(id: string, label: string, title: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = label;
  b.title = title;
  return b;
}

function saveDialog(): HTMLDialogElement {
  const d = document.createElement('dialog');
  d.id = 'save-view-dialog';
  d.className = 'views-dialog';
  d.setAttribute('aria-labelledby', 'save-view-title');
  d.innerHTML = `
    <form method="dialog" novalidate>
      <h2 id="save-view-title">Save this view</h2>
      <p class="muted">Anyone with the link sees the same nodes at the same places.</p>
      <label for="save-view-name">Name</label>
      <input id="save-view-name" name="name" required maxlength="200" autocomplete="off" />
      <label for="save-view-description">Description <span class="muted">(optional)</span></label>
      <textarea id="save-view-description" name="description" rows="3" maxlength="4000"></textarea>
      <label for="save-view-author">Your name <span class="muted">(optional)</span></label>
      <input id="save-view-author" name="author" maxlength="200" autocomplete="name" />
      <label for="save-view-token">API key or write token</label>
      <input id="save-view-token" name="token" type="password" autocomplete="off" aria-describedby="save-view-token-hint" />
      <p id="save-view-token-hint" class="muted">Not needed when you are signed in as an editor. An API key (lk_…) or the server's token; kept in this tab only.</p>
      <p class="views-error" role="alert" hidden></p>
      <p class="views-saved" role="status" hidden></p>
      <div class="views-actions">
        <button type="button" value="cancel">Close</button>
        <button type="button" class="views-update" hidden>Update</button>
        <button type="submit" class="primary">Save</button>
      </div>
    </form>`;
  return d;
}

function listDialog(): HTMLDialogElement {
  const d = document.createElement('dialog');
  d.id = 'saved-views-dialog';
  d.className = 'views-dialog';
  d.setAttribute('aria-labelledby', 'saved-views-title');
  d.innerHTML = `
    <h2 id="saved-views-title">Saved views</h2>
    <p class="views-count muted" role="status"></p>
    <ul class="views-list"></ul>
    <p class="views-error" role="alert" hidden></p>
    <div class="views-actions">
      <button type="button" class="views-more" hidden>More</button>
      <form method="dialog"><button type="submit">Close</button></form>
    </div>`;
  return d;
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

function viewItem(v: SavedViewSummary): string {
  const by = v.author ? ` · ${esc(v.author)}` : '';
  const desc = v.description ? `<span class="views-desc">${esc(v.description)}</span>` : '';
  const edited = v.updatedAt && v.updatedAt !== v.createdAt ? ` · changed ${esc(when(v.updatedAt))}` : '';
  return `<li data-view-id="${esc(v.id)}"><a href="/?view=${encodeURIComponent(v.id)}">${esc(v.name)}</a>
    <span class="muted">${v.nodeCount} node${v.nodeCount === 1 ? '' : 's'} · ${esc(when(v.createdAt))}${by}${edited}</span>${desc}
    <span class="views-item-actions">
      <button type="button" data-act="edit" aria-label="Rename or describe ${esc(v.name)}">Edit</button>
      <button type="button" data-act="delete" aria-label="Delete ${esc(v.name)}">Delete</button>
    </span></li>`;
}

/** The inline form that renames or describes one listed view. */
function editForm(v: SavedViewSummary): string {
  return `<form class="views-edit" novalidate>
      <label for="views-edit-name">Name</label>
      <input id="views-edit-name" name="name" required maxlength="200" autocomplete="off" value="${esc(v.name)}" />
      <label for="views-edit-description">Description <span class="muted">(optional)</span></label>
      <textarea id="views-edit-description" name="description" rows="2" maxlength="4000">${esc(v.description)}</textarea>
      <p class="views-error" role="alert" hidden></p>
      <span class="views-item-actions">
        <button type="button" data-act="cancel">Cancel</button>
        <button type="submit" class="primary">Save changes</button>
      </span>
    </form>`;
}

/** Credentials for a write: the tab's key or token, else a signed-in editor's session; null without either. */
function writeAuth(): { token: string; headers: Record<string, string> } | null {
  const typed = token.get();
  if (typed) return { token: typed, headers: {} };
  const user = account.current().user;
  return user && user.role !== 'viewer' ? { token: '', headers: writeHeaders() } : null;
}

const NEEDS_EDITOR =
  'Changing saved views needs an editor: sign in (top right), or give an API key or the write token in “Save view…” first.';

const problemText = (error: unknown) => {
  if (error instanceof ApiError) {
    const where = error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return where ? `${error.message} ${where}` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
};

/**
 * Adds "Save view…" and "Saved views…" beside Export (in the toolbar on a wide screen, in the
 * phone's More panel, which holds the same buttons) and returns how to open a saved view.
 */
export function setupSavedViews(hooks: SavedViewsHooks): { open(id: string): Promise<void> } {
  const exportButton = document.getElementById('export-button');
  const saveButton = button('save-view', 'Save view…', 'Save this view on the server, to share it by link');
  const listButton = button('saved-views', 'Saved views…', 'Open a view saved on the server');
  exportButton?.after(saveButton, listButton);

  const save = saveDialog();
  const list = listDialog();
  document.body.append(save, list);
  const form = save.querySelector('form')!;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement;
  const saveError = save.querySelector<HTMLElement>('.views-error')!;
  const saved = save.querySelector<HTMLElement>('.views-saved')!;
  const submit = form.querySelector<HTMLButtonElement>('button[type=submit]')!;

  const showSaveError = (message: string, focus?: string) => {
    saveError.textContent = message;
    saveError.hidden = false;
    if (focus) field(focus).focus();
  };

  const update = save.querySelector<HTMLButtonElement>('.views-update')!;
  // The saved view this picture was opened from (or last saved as): "Update" writes over it.
  let current: SavedViewSummary | null = null;

  saveButton.addEventListener('click', () => {
    if (hooks.cy.nodes().empty()) return hooks.say('Open a network first: an empty view is not worth saving.');
    saveError.hidden = true;
    saved.hidden = true;
    submit.disabled = false;
    update.disabled = false;
    field('token').value = token.get() ?? '';
    field('author').value = field('author').value || (session.get(AUTHOR_KEY) ?? '');
    if (current) {
      field('name').value = current.name;
      field('description').value = current.description;
    }
    if (!field('name').value) field('name').value = document.title.replace(/ — Liaison$/, '').replace(/^Liaison — who meets whom$/, '');
    update.hidden = !current;
    update.textContent = current ? `Update “${current.name}”` : 'Update';
    submit.textContent = current ? 'Save as new' : 'Save';
    save.showModal();
    field('name').focus();
    field('name').select();
  });
  form.querySelector('button[value=cancel]')!.addEventListener('click', () => save.close());

  // One write for both buttons: POST a new view, or PUT over `current`.
  const write = (mode: 'new' | 'update') =>
    void (async () => {
      saveError.hidden = true;
      saved.hidden = true;
      const name = field('name').value.trim();
      const tokenValue = field('token').value.trim();
      if (!name) return showSaveError('Give the view a name.', 'name');
      // Signed in as an editor, the session saves (with its CSRF header); else the typed key or token.
      const signedIn = account.current().user !== null && account.current().user?.role !== 'viewer';
      if (!tokenValue && !signedIn)
        return showSaveError(
          'Saving needs an editor: sign in (top right), or give an API key or the write token of this server (LIAISON_API_TOKEN, or the api-token file).',
          'token',
        );
      const viewState = hooks.viewState();
      const state: SavedViewState = { query: toQuery(viewState), ...placementOf(hooks.cy) };
      // A graph from the console or a file lives in one tab's storage: the view keeps its ids instead.
      if (viewState.load) state.elements = hooks.elementIds();
      submit.disabled = true;
      update.disabled = true;
      try {
        const author = field('author').value.trim();
        const body = { name, description: field('description').value.trim(), author, state };
        const r =
          mode === 'update' && current
            ? await api.updateView(current.id, body, tokenValue, writeHeaders())
            : await api.saveView(body, tokenValue, writeHeaders());
        if (tokenValue) token.set(tokenValue);
        session.set(AUTHOR_KEY, author);
        const url = new URL(r.url, location.href).href;
        saved.innerHTML = `${mode === 'update' ? 'Updated' : 'Saved'}. Its link: <a href="${esc(url)}" data-view-id="${esc(r.view.id)}">${esc(url)}</a> <button type="button" class="views-copy">Copy link</button>`;
        saved.hidden = false;
        saved.querySelector('.views-copy')!.addEventListener('click', () => {
          void navigator.clipboard?.writeText(url).then(
            () => hooks.say('Link copied.'),
            () => hooks.say(url),
          );
        });
        save.dataset.savedId = r.view.id;
        current = r.view;
        document.body.dataset.savedView = r.view.id;
        update.hidden = false;
        update.textContent = `Update “${r.view.name}”`;
        submit.textContent = 'Save as new';
      } catch (error) {
        showSaveError(problemText(error), error instanceof ApiError && error.status === 401 ? 'token' : undefined);
      } finally {
        submit.disabled = false;
        update.disabled = false;
      }
    })();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    write('new');
  });
  update.addEventListener('click', () => write('update'));

  // The list, a page at a time.
  const ul = list.querySelector<HTMLUListElement>('.views-list')!;
  const more = list.querySelector<HTMLButtonElement>('.views-more')!;
  const count = list.querySelector<HTMLElement>('.views-count')!;
  const listError = list.querySelector<HTMLElement>('.views-error')!;
  let cursor: string | null = null;
  let total = 0;
  const listed = new Map<string, SavedViewSummary>();
  const showCount = () => {
    count.textContent = total ? `${total} saved view${total === 1 ? '' : 's'}, newest first.` : 'No view has been saved yet.';
  };
  const showListError = (message: string) => {
    listError.textContent = message;
    listError.hidden = false;
  };
  // Each opening of the list starts a new generation: a page that arrives for an earlier one is dropped,
  // so that a slow answer cannot redraw the list under an item being edited.
  let generation = 0;
  const loadPage = async (first: boolean) => {
    listError.hidden = true;
    const mine = first ? ++generation : generation;
    try {
      const page = await api.savedViews(first ? null : cursor);
      if (mine !== generation) return;
      if (first) {
        ul.innerHTML = '';
        listed.clear();
      }
      for (const v of page.views) listed.set(v.id, v);
      ul.insertAdjacentHTML('beforeend', page.views.map(viewItem).join(''));
      cursor = page.nextCursor;
      more.hidden = !cursor;
      total = page.total;
      showCount();
    } catch (error) {
      if (mine !== generation) return;
      if (first) count.textContent = '';
      showListError(problemText(error));
    }
  };

  // Edit and Delete of a listed view, in place (no second dialog over the first on a phone).
  const itemOf = (el: Element) => el.closest<HTMLLIElement>('li[data-view-id]');
  const redraw = (li: HTMLLIElement, v: SavedViewSummary) => {
    li.outerHTML = viewItem(v);
  };
  ul.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-act]');
    const li = button && itemOf(button);
    const v = li && listed.get(li.dataset.viewId!);
    if (!button || !li || !v) return;
    listError.hidden = true;
    const act = button.dataset.act;
    if (act === 'edit') {
      if (!writeAuth()) return showListError(NEEDS_EDITOR);
      li.innerHTML = editForm(v);
      li.querySelector<HTMLInputElement>('input[name=name]')!.focus();
    } else if (act === 'cancel' || act === 'keep') redraw(li, v);
    else if (act === 'delete') {
      if (!writeAuth()) return showListError(NEEDS_EDITOR);
      li.classList.add('views-confirm');
      li.querySelector('.views-item-actions')!.innerHTML = `<span role="alert">Delete “${esc(v.name)}” for everyone with its link?</span>
        <button type="button" data-act="keep">Keep</button>
        <button type="button" data-act="confirm-delete" class="danger">Delete</button>`;
      li.querySelector<HTMLButtonElement>('button[data-act=keep]')!.focus();
    } else if (act === 'confirm-delete') {
      const auth = writeAuth();
      if (!auth) return showListError(NEEDS_EDITOR);
      button.disabled = true;
      void api.deleteView(v.id, auth.token, auth.headers).then(
        () => {
          li.remove();
          listed.delete(v.id);
          total = Math.max(0, total - 1);
          showCount();
          if (current?.id === v.id) {
            current = null;
            delete document.body.dataset.savedView;
          }
          hooks.say(`Deleted the saved view “${v.name}”.`);
        },
        (error: unknown) => {
          button.disabled = false;
          // Gone already (deleted elsewhere): the list says so and drops it.
          if (error instanceof ApiError && error.status === 404) {
            li.remove();
            listed.delete(v.id);
          }
          showListError(problemText(error));
        },
      );
    }
  });
  ul.addEventListener('submit', (e) => {
    e.preventDefault();
    const formEl = e.target as HTMLFormElement;
    const li = itemOf(formEl);
    const v = li && listed.get(li.dataset.viewId!);
    if (!li || !v) return;
    const error = formEl.querySelector<HTMLElement>('.views-error')!;
    const name = (formEl.elements.namedItem('name') as HTMLInputElement).value.trim();
    const description = (formEl.elements.namedItem('description') as HTMLTextAreaElement).value.trim();
    const fail = (message: string) => {
      error.textContent = message;
      error.hidden = false;
    };
    if (!name) return fail('Give the view a name.');
    const auth = writeAuth();
    if (!auth) return fail(NEEDS_EDITOR);
    const submitButton = formEl.querySelector<HTMLButtonElement>('button[type=submit]')!;
    submitButton.disabled = true;
    void (async () => {
      try {
        // PUT replaces the whole view: the state is read back and sent unchanged.
        const { view } = await api.savedView<SavedViewState>(v.id);
        const r = await api.updateView(v.id, { name, description, author: view.author, state: view.state }, auth.token, auth.headers);
        listed.set(v.id, r.view);
        if (current?.id === v.id) current = r.view;
        redraw(li, r.view);
      } catch (err) {
        submitButton.disabled = false;
        fail(problemText(err));
      }
    })();
  });
  listButton.addEventListener('click', () => {
    // The list of an earlier opening is not shown while the fresh one loads: its items could be
    // edited and then replaced when the fresh page lands.
    ul.innerHTML = '';
    listed.clear();
    more.hidden = true;
    count.textContent = 'Loading saved views…';
    list.showModal();
    void loadPage(true);
  });
  more.addEventListener('click', () => void loadPage(false));

  async function open(id: string): Promise<void> {
    try {
      const { view } = await api.savedView<SavedViewState>(id);
      const s = view.state;
      const load = new URLSearchParams(s.query).get('load');
      // The handed-over graph is fetched again by id and handed over in this tab, under the key its permalink names.
      if (load?.startsWith('session:') && s.elements) {
        const key = load.slice('session:'.length);
        if (!session.get(key)) session.set(key, JSON.stringify(await fetchElements(s.elements)));
      }
      await hooks.restore(s.query, { positions: s.positions, viewport: s.viewport });
      document.body.dataset.savedView = view.id;
      current = view;
      hooks.say(`Saved view “${view.name}”${view.author ? ` by ${view.author}` : ''}, ${when(view.createdAt)}.`);
    } catch (error) {
      hooks.error(
        error instanceof ApiError && error.status === 404 ? new Error(`No saved view "${id}": it may have been deleted.`) : error,
      );
    }
  }
  return { open };
}
