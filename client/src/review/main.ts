// The Review page: candidate pairs one at a time, side by side, decided by keyboard (as in
// nomenklatura's dedupe screen) or by buttons, each decision a judgement on the server that can be
// undone; and a cluster view for organisation names (OpenRefine-like) that merges the ticked
// members of a group into the one picked to stay, one judgement after the other with progress.
import type { Schema } from '../api';
import { clusters as buildClusters, pairOf, type Cluster } from './clusters';
import { compare, type Side } from './compare';
import { KEYS, actionFor, type Action } from './keys';
import { esc, pairHtml, pct } from './pair-view';
import { ReviewQueue } from './queue';
import { ReviewApiError, reviewApi, token, type Judgement, type JudgementKind } from './review-api';
import { session } from '../shared/session';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** How many pairs one request brings; more are asked for when the queue runs out. */
const PAGE = 100;
const CLUSTER_CANDIDATES = 500;
/** The most pairs GET /api/candidates gives in one answer. */
const MAX_LIMIT = 500;
const CLUSTERS_SHOWN = 30;
const PREFETCH = 2;

const state = {
  schema: null as Schema | null,
  type: 'Person',
  queue: new ReviewQueue(),
  /** Both entities of a pair with their neighbourhoods, by id: fetched once, dropped when a decision changes them. */
  cache: new Map<string, Promise<Side>>(),
  busy: false,
  loaded: false,
  renderSeq: 0,
  tokenOk: false,
  mode: 'pairs' as 'pairs' | 'clusters',
  clusters: [] as Cluster[],
  names: new Map<string, { name: string; type: string; aliases: string[] }>(),
  /** Judgements made by each cluster's merge, to take back in one step. */
  clusterMerges: new Map<number, Judgement[]>(),
};

// ---- messages -------------------------------------------------------------------------------

function say(message: string, tone: 'ok' | 'warn' | 'info' = 'info'): void {
  const s = $('review-status');
  s.textContent = message;
  s.dataset.tone = tone;
}

function banner(message: string | null): void {
  $('banner').textContent = message ?? '';
  $('banner').hidden = !message;
}

/** The server's answer in words a reviewer can act on; `doing` completes "could not …" ("record the decision"). */
function describe(error: unknown, doing: string): string {
  if (error instanceof ReviewApiError) {
    if (error.status === 0) return error.message;
    if (error.status === 401) return `The server did not accept the write token (${error.message}). Enter it again above.`;
    if (error.status === 403) return `The server refused to ${doing}: ${error.message}`;
    if (error.status === 404) return `Not found, so the server could not ${doing}: ${error.message}`;
    if (error.status === 409) return `The graph changed or is busy, so the server did not ${doing}: ${error.message}`;
    if (error.status === 429) return `Too many requests, so the server did not ${doing}: ${error.message} Wait a moment and try again.`;
    if (error.status >= 500) return `The server failed to ${doing} (${error.status}): ${error.message}`;
    return `The server could not ${doing}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

// ---- the token ------------------------------------------------------------------------------

function showTokenBox(message?: string): void {
  state.tokenOk = false;
  $('token-box').hidden = false;
  $('token-ok').hidden = true;
  const err = $('token-error');
  err.textContent = message ?? '';
  err.hidden = !message;
  $('token-input').setAttribute('aria-invalid', String(Boolean(message)));
}

function tokenAccepted(): void {
  state.tokenOk = true;
  $('token-box').hidden = true;
  $('token-ok').hidden = false;
  $('token-error').hidden = true;
}

/** A 401/403 at any step: forget the token and ask for it again with the server's reason. */
function handleTokenProblem(error: unknown): boolean {
  if (!(error instanceof ReviewApiError) || !error.isTokenProblem) return false;
  token.clear();
  showTokenBox(
    error.status === 401 ? `The server did not accept the token: ${error.message}` : `The server refuses writes here: ${error.message}`,
  );
  say('Nothing was written: the write token is missing or wrong.', 'warn');
  return true;
}

async function checkToken(): Promise<boolean> {
  try {
    await reviewApi.checkToken();
    tokenAccepted();
    return true;
  } catch (error) {
    if (handleTokenProblem(error)) return false;
    // The check itself failed (server down, rate limit): keep the token, decisions will tell.
    tokenAccepted();
    return true;
  }
}

/** Decisions need the token: without one, ask for it and say why nothing happened. */
function needToken(): boolean {
  if ((token.get() || session.canEdit()) && state.tokenOk) return false;
  showTokenBox('Enter the write token first (an API key), or sign in as an editor: decisions write to the graph.');
  $('token-input').focus();
  say('Nothing was written: enter the write token to decide.', 'warn');
  return true;
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const value = $<HTMLInputElement>('token-input').value.trim();
  if (!value) return showTokenBox('Paste the token first.');
  token.set(value);
  $<HTMLButtonElement>('token-submit').disabled = true;
  void checkToken()
    .then((ok) => {
      if (!ok) return;
      $<HTMLInputElement>('token-input').value = '';
      say('Token accepted: decide with the keys (s, n, u, k) or the buttons.', 'ok');
      focusPair();
    })
    .finally(() => ($<HTMLButtonElement>('token-submit').disabled = false));
});

$('token-forget').addEventListener('click', () => {
  token.clear();
  showTokenBox();
  $('token-input').focus();
});

// ---- the pair -------------------------------------------------------------------------------

function sideOf(id: string): Promise<Side> {
  let p = state.cache.get(id);
  if (!p) {
    p = Promise.all([reviewApi.node(id), reviewApi.neighbors(id, 50)]).then(([node, neighbors]) => ({ node, neighbors }));
    // A failed read is not kept: the next look asks again.
    p.catch(() => state.cache.delete(id));
    state.cache.set(id, p);
  }
  return p;
}

function forget(...ids: Array<string | null | undefined>): void {
  for (const id of ids) if (id) state.cache.delete(id);
}

function focusPair(): void {
  if (state.mode === 'pairs' && !$('pair').hidden) $('pair').focus({ preventScroll: true });
}

function showOnly(which: 'loading' | 'empty' | 'error' | 'pair'): void {
  $('pair-loading').hidden = which !== 'loading';
  $('pair-empty').hidden = which !== 'empty';
  $('pair-error').hidden = which !== 'error';
  $('pair').hidden = which !== 'pair';
  $('decisions').hidden = which !== 'pair' && !state.queue.lastDecision();
  $('note-row').hidden = which !== 'pair';
  for (const id of ['decide-same', 'decide-not-same', 'decide-unsure', 'decide-skip'])
    $<HTMLButtonElement>(id).disabled = which !== 'pair' || state.busy;
  $<HTMLButtonElement>('decide-undo').disabled = !state.queue.lastDecision() || state.busy;
  document.body.dataset.pairState = which;
}

function typeWords(type: string, plural = true): string {
  if (!type) return plural ? 'entities' : 'entity';
  const t = type === 'Organization' ? 'organisation' : type.toLowerCase();
  return plural ? `${t}s` : t;
}

function showEmpty(): void {
  const q = state.queue;
  const skipped = q.skippedCount();
  const decided = q.decisionCount;
  const box = $('pair-empty');
  const how = `<p>Candidates are pairs of ${esc(typeWords(state.type))} whose names, identifiers, countries or neighbours suggest they are one.
    They appear when a second source overlaps the first: import one on the <a href="/import.html">Import page</a>
    (e.g. a Popolo file of the same parliament), or list them in a terminal with <code>npm run candidates -- --type ${esc(state.type)}</code>.
    Another type may have some: choose it above.</p>`;
  box.innerHTML =
    q.size === 0
      ? `<h2>No candidate pairs for ${esc(typeWords(state.type))}</h2>${how}`
      : `<h2>All ${esc(typeWords(state.type))} pairs reviewed</h2>
         <p>${decided} decided in this session${skipped ? `, ${skipped} skipped` : ''}.</p>
         ${skipped ? '<p><button id="revisit" type="button" class="primary">Review the skipped pairs</button></p>' : ''}
         <p><button id="reload-pairs" type="button">Look for new candidates</button></p>`;
  box.querySelector('#revisit')?.addEventListener('click', () => {
    q.revisitSkipped();
    void render();
  });
  box.querySelector('#reload-pairs')?.addEventListener('click', () => void loadPairs());
  showOnly('empty');
}

/** Draws the current pair (from the cache when it was prefetched), then prefetches the next ones. */
async function render(): Promise<void> {
  const seq = ++state.renderSeq;
  const now = state.queue.current();
  if (!now) {
    // The end of this page of candidates: ask once for more before saying it is done.
    if (state.queue.size >= PAGE && state.queue.size < MAX_LIMIT && state.loaded) {
      try {
        const more = await reviewApi.candidates(state.type, Math.min(MAX_LIMIT, state.queue.size + PAGE));
        if (seq !== state.renderSeq) return;
        if (state.queue.append(more) > 0) return render();
      } catch {
        // Saying "done" is still true of what was loaded.
      }
    }
    if (seq === state.renderSeq) showEmpty();
    return;
  }
  const cached = state.cache.has(now.a) && state.cache.has(now.b);
  if (!cached) {
    showOnly('loading');
    $('pair-loading').lastChild!.textContent = ' Loading the pair…';
  }
  let a: Side;
  let b: Side;
  try {
    [a, b] = await Promise.all([sideOf(now.a), sideOf(now.b)]);
  } catch (error) {
    if (seq !== state.renderSeq) return;
    if (error instanceof ReviewApiError && error.status === 404) {
      // One of the two is gone (merged or deleted elsewhere): nothing to decide.
      say(`Skipped a pair whose entity no longer exists (${describe(error, 'read the pair')}).`, 'warn');
      state.queue.skip();
      return render();
    }
    $('pair-error').textContent = `The pair could not be loaded: ${describe(error, 'read the pair')}`;
    showOnly('error');
    return;
  }
  if (seq !== state.renderSeq) return;
  // The read API answers a merged-away id with the entity that absorbed it: follow, never show stale.
  if (a.node.id !== now.a || b.node.id !== now.b) {
    state.queue.noteMerged(now.a, a.node.id);
    state.queue.noteMerged(now.b, b.node.id);
    return render();
  }
  const el = $('pair');
  const position = { at: state.queue.decisionCount + state.queue.skippedCount() + 1, of: 0 };
  position.of = position.at - 1 + state.queue.remaining();
  el.innerHTML = pairHtml(compare(a, b), now, position);
  el.dataset.a = now.a;
  el.dataset.b = now.b;
  el.dataset.index = String(now.index);
  el.setAttribute(
    'aria-label',
    `Pair ${position.at} of ${position.of}: ${a.node.name} and ${b.node.name}, score ${pct(now.candidate.score)}`,
  );
  showOnly('pair');
  for (const next of state.queue.upcoming(PREFETCH)) {
    void sideOf(next.a).catch(() => undefined);
    void sideOf(next.b).catch(() => undefined);
  }
}

async function loadPairs(): Promise<void> {
  state.loaded = false;
  state.cache.clear();
  showOnly('loading');
  $('pair-loading').lastChild!.textContent = ` Loading candidate pairs of ${typeWords(state.type)}…`;
  try {
    state.queue.load(await reviewApi.candidates(state.type, PAGE));
    state.loaded = true;
  } catch (error) {
    $('pair-error').textContent = `The candidate pairs could not be loaded: ${describe(error, 'find candidates')}`;
    showOnly('error');
    return;
  }
  await render();
}

const KIND_WORDS: Record<JudgementKind, string> = { same: 'the same', not_same: 'not the same', unsure: 'unsure' };

async function names(id: string): Promise<string> {
  try {
    const s = await sideOf(id);
    return `${s.node.name} (${id})`;
  } catch {
    return id;
  }
}

async function decide(kind: JudgementKind): Promise<void> {
  const now = state.queue.current();
  if (!now || state.busy) return;
  if (needToken()) return;
  const [nameA, nameB] = await Promise.all([names(now.a), names(now.b)]);
  state.busy = true;
  showOnly('pair');
  document.body.setAttribute('aria-busy', 'true');
  try {
    const note = $<HTMLInputElement>('decision-note').value.trim();
    const j = await reviewApi.judge({
      a: now.a,
      b: now.b,
      judgement: kind,
      score: now.candidate.score,
      reasons: now.candidate.reasons,
      ...(note ? { note } : {}),
    });
    $<HTMLInputElement>('decision-note').value = '';
    state.queue.decide(now.index, j);
    forget(now.a, now.b, j.canonicalId, j.absorbedId);
    if (kind === 'same') {
      const kept = j.canonicalId ?? now.a;
      const gone = j.absorbedId ?? (kept === now.a ? now.b : now.a);
      const keptName = kept === now.a ? nameA : nameB;
      const goneName = gone === now.a ? nameA : nameB;
      say(`Merged ${goneName} into ${keptName}. Press z to undo.`, 'ok');
    } else say(`Marked ${KIND_WORDS[kind]}: ${nameA} and ${nameB}. Press z to undo.`, 'ok');
    $('review-status').dataset.judgement = j.id;
  } catch (error) {
    state.busy = false;
    document.body.removeAttribute('aria-busy');
    if (handleTokenProblem(error)) return showOnly('pair');
    const stale = error instanceof ReviewApiError && (error.status === 409 || error.status === 404);
    say(`Nothing was decided: ${describe(error, 'record the decision')}${stale ? ' The pair is read again.' : ''}`, 'warn');
    if (!stale) return showOnly('pair');
    // Someone else changed the pair (merged it, deleted one side): read both again, never act on a stale picture.
    forget(now.a, now.b);
    await render();
    focusPair();
    return;
  }
  state.busy = false;
  document.body.removeAttribute('aria-busy');
  await render();
  focusPair();
}

async function undo(): Promise<void> {
  const last = state.queue.lastDecision();
  if (state.busy) return;
  if (!last) {
    say('Nothing to undo in this session.', 'info');
    return;
  }
  if (needToken()) return;
  state.busy = true;
  $<HTMLButtonElement>('decide-undo').disabled = true;
  const j = last.judgement;
  try {
    await reviewApi.undo(j.id);
  } catch (error) {
    state.busy = false;
    if (!handleTokenProblem(error)) say(`Could not undo: ${describe(error, 'undo it')}`, 'warn');
    showOnly($('pair').hidden ? 'empty' : 'pair');
    return;
  }
  state.queue.undo();
  forget(j.a, j.b, j.canonicalId, j.absorbedId);
  state.busy = false;
  const [nameA, nameB] = await Promise.all([names(j.a), names(j.b)]);
  say(
    j.judgement === 'same'
      ? `Undone: the merge of ${nameA} and ${nameB} is split, both are back.`
      : `Undone: ${nameA} and ${nameB} are no longer marked ${KIND_WORDS[j.judgement]}.`,
    'ok',
  );
  delete $('review-status').dataset.judgement;
  await render();
  focusPair();
}

function skip(): void {
  if (state.busy || !state.queue.current()) return;
  state.queue.skip();
  say('Skipped: the pair waits until the end.', 'info');
  void render().then(focusPair);
}

function act(action: Action): void {
  if (action === 'help') return openHelp();
  if (state.mode !== 'pairs') return;
  if (action === 'undo') void undo();
  else if (action === 'skip') skip();
  else void decide(action);
}

document.addEventListener('keydown', (e) => {
  if ($<HTMLDialogElement>('keys-dialog').open) return;
  const action = actionFor(e);
  if (!action) return;
  e.preventDefault();
  act(action);
});

// Enter or Escape in the note hands the keys back to the pair.
$('decision-note').addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== 'Escape') return;
  e.preventDefault();
  focusPair();
});

$('decisions').addEventListener('click', (e) => {
  const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
  if (b && !b.disabled) act(b.dataset.action as Action);
});

// ---- help -----------------------------------------------------------------------------------

function openHelp(): void {
  const d = $<HTMLDialogElement>('keys-dialog');
  if (!d.open) d.showModal();
}

$('keys-table').innerHTML = KEYS.map(
  (k) =>
    `<tr><th>${k.keys
      .map((key) =>
        key
          .split('+')
          .map((part) => `<kbd>${esc(part)}</kbd>`)
          .join('+'),
      )
      .join(' or ')}</th><td>${esc(k.words)}</td></tr>`,
).join('');
$('help-button').addEventListener('click', openHelp);

// ---- type and mode --------------------------------------------------------------------------

const typeSelect = $<HTMLSelectElement>('type-select');

typeSelect.addEventListener('change', () => {
  state.type = typeSelect.value;
  const url = new URL(location.href);
  url.searchParams.set('type', state.type);
  history.replaceState(null, '', url);
  if (state.mode === 'pairs') void loadPairs();
  else void loadClusters();
});

function setMode(mode: 'pairs' | 'clusters', focus = false): void {
  state.mode = mode;
  say('');
  for (const [tab, panel, m] of [
    ['tab-pairs', 'panel-pairs', 'pairs'],
    ['tab-clusters', 'panel-clusters', 'clusters'],
  ] as const) {
    const on = m === mode;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
    $(panel).hidden = !on;
    if (on && focus) $(tab).focus();
  }
  if (mode === 'clusters') {
    if (state.type !== 'Organization') {
      state.type = 'Organization';
      typeSelect.value = 'Organization';
    }
    void loadClusters();
  } else void loadPairs();
}

$('tab-pairs').addEventListener('click', () => setMode('pairs'));
$('tab-clusters').addEventListener('click', () => setMode('clusters'));
for (const id of ['tab-pairs', 'tab-clusters'])
  $(id).addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    e.stopPropagation();
    setMode(state.mode === 'pairs' ? 'clusters' : 'pairs', true);
  });

// ---- clusters -------------------------------------------------------------------------------

async function memberInfo(id: string): Promise<void> {
  if (state.names.has(id)) return;
  try {
    const n = await reviewApi.node(id);
    const aliases = Array.isArray(n.properties.aliases) ? n.properties.aliases.map(String) : [];
    state.names.set(id, { name: n.name, type: n.type, aliases });
  } catch {
    state.names.set(id, { name: id, type: state.type, aliases: [] });
  }
}

async function loadClusters(): Promise<void> {
  $('cluster-loading').hidden = false;
  $('cluster-empty').hidden = true;
  $('cluster-error').hidden = true;
  $('cluster-list').innerHTML = '';
  try {
    const candidates = await reviewApi.candidates(state.type, CLUSTER_CANDIDATES);
    state.clusters = buildClusters(candidates).slice(0, CLUSTERS_SHOWN);
    state.clusterMerges.clear();
    state.names.clear();
    const ids = [...new Set(state.clusters.flatMap((c) => c.members))];
    // A few at a time: one request per member, the server shares two cores with the database.
    for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map(memberInfo));
  } catch (error) {
    $('cluster-loading').hidden = true;
    $('cluster-error').textContent = `The clusters could not be loaded: ${describe(error, 'find candidates')}`;
    $('cluster-error').hidden = false;
    return;
  }
  $('cluster-loading').hidden = true;
  if (!state.clusters.length) {
    $('cluster-empty').innerHTML = `<h2>No clusters of ${esc(typeWords(state.type))}</h2>
      <p>A cluster is a group of ${esc(typeWords(state.type))} joined by candidate pairs (similar names once legal suffixes, “&amp;”/“and”,
      accents and bracketed acronyms are set aside). Import a register whose names vary, such as the UK ministers' meetings, on the
      <a href="/import.html">Import page</a>.</p>`;
    $('cluster-empty').hidden = false;
    return;
  }
  $('cluster-list').innerHTML = state.clusters.map((c, i) => clusterHtml(c, i)).join('');
}

function clusterHtml(c: Cluster, i: number): string {
  const rows = c.members
    .map((id, j) => {
      const info = state.names.get(id) ?? { name: id, type: state.type, aliases: [] };
      const rid = `c${i}-m${j}`;
      return `<li class="member" data-id="${esc(id)}">
        <input type="checkbox" id="${rid}-pick" class="pick" value="${esc(id)}" checked aria-label="${esc(info.name)} is one of them" />
        <label for="${rid}-pick" class="member-name">${esc(info.name)}</label>
        <code class="member-id">${esc(id)}</code>
        ${info.aliases.length ? `<span class="muted member-aliases">also ${esc(info.aliases.slice(0, 4).join(', '))}</span>` : ''}
        <label class="keep"><input type="radio" name="keep-${i}" value="${esc(id)}" ${j === 0 ? 'checked' : ''} aria-label="Keep ${esc(info.name)}" /> keep</label>
        <a href="/?focus=${encodeURIComponent(id)}" target="_blank" rel="noopener"><span aria-hidden="true">↗</span><span class="visually-hidden">Open ${esc(info.name)} in the explorer</span></a>
      </li>`;
    })
    .join('');
  return `<fieldset class="cluster" data-cluster="${i}" aria-describedby="c${i}-status">
    <legend>Cluster ${i + 1}: ${c.members.length} ${esc(typeWords(state.type))}, best pair ${pct(c.score)}</legend>
    <ul class="members">${rows}</ul>
    <div class="cluster-actions">
      <button type="button" class="primary merge-selected" data-cluster="${i}">Merge selected</button>
      <button type="button" class="undo-cluster" data-cluster="${i}" hidden>Undo this merge</button>
      <progress class="cluster-progress" max="1" value="0" hidden aria-label="Merging cluster ${i + 1}"></progress>
      <span id="c${i}-status" class="cluster-status" role="status" aria-live="polite"></span>
    </div>
  </fieldset>`;
}

function clusterName(id: string): string {
  const n = state.names.get(id);
  return n ? `${n.name} (${id})` : id;
}

async function mergeCluster(i: number): Promise<void> {
  const c = state.clusters[i];
  const box = document.querySelector<HTMLElement>(`fieldset[data-cluster="${i}"]`);
  if (!c || !box || state.busy) return;
  const status = box.querySelector<HTMLElement>('.cluster-status')!;
  const picked = [...box.querySelectorAll<HTMLInputElement>('input.pick:checked')].map((x) => x.value);
  let keep = box.querySelector<HTMLInputElement>(`input[name="keep-${i}"]:checked`)?.value;
  if (!keep || !picked.includes(keep)) {
    status.textContent = 'The one to keep must be among the ticked members.';
    return;
  }
  const others = picked.filter((id) => id !== keep);
  if (!others.length) {
    status.textContent = 'Tick at least two members to merge.';
    return;
  }
  if (needToken()) return;
  state.busy = true;
  const bar = box.querySelector<HTMLProgressElement>('progress')!;
  const button = box.querySelector<HTMLButtonElement>('.merge-selected')!;
  button.disabled = true;
  bar.hidden = false;
  bar.max = others.length;
  bar.value = 0;
  const done: Judgement[] = [];
  const keptFirst = keep;
  try {
    for (const id of others) {
      status.textContent = `Merging ${done.length + 1} of ${others.length}: ${clusterName(id)} into ${clusterName(keptFirst)}…`;
      // The direct pair's evidence when the server proposed it; else the link is through the cluster.
      const pair = pairOf(c, keptFirst, id) ?? c.pairs.find((p) => p.a === id || p.b === id);
      try {
        const j = await reviewApi.judge({
          a: keep,
          b: id,
          judgement: 'same',
          keep: 'a',
          score: pair?.score ?? null,
          reasons: pair?.reasons ?? [],
          note: `cluster view: ${picked.length} merged into ${keptFirst}`,
        });
        done.push(j);
        if (j.absorbedId && j.canonicalId) state.queue.noteMerged(j.absorbedId, j.canonicalId);
        // The server names the survivor; the next member joins it.
        if (j.canonicalId) keep = j.canonicalId;
        forget(id, j.canonicalId, j.absorbedId);
        bar.value = done.length;
      } catch (error) {
        if (handleTokenProblem(error)) throw new Error(`the write token was refused`);
        throw new Error(`merging ${clusterName(id)} into ${clusterName(keptFirst)} failed: ${describe(error, 'merge them')}`);
      }
    }
    state.clusterMerges.set(i, done);
    status.textContent = `Merged ${others.length} into ${clusterName(keep)}.`;
    status.dataset.tone = 'ok';
    say(`Cluster ${i + 1}: merged ${others.map(clusterName).join(', ')} into ${clusterName(keep)}.`, 'ok');
    for (const li of box.querySelectorAll<HTMLElement>('li.member'))
      if (others.includes(li.dataset.id!)) {
        li.classList.add('merged');
        li.setAttribute('data-merged-into', keep);
      }
    box.querySelector<HTMLButtonElement>('.undo-cluster')!.hidden = false;
  } catch (error) {
    state.clusterMerges.set(i, done);
    status.dataset.tone = 'warn';
    status.textContent = `Stopped: ${(error as Error).message}. ${done.length} of ${others.length} merged before it${done.length ? ' (Undo this merge takes them back)' : ''}.`;
    say(`Cluster ${i + 1}: ${status.textContent}`, 'warn');
    if (done.length) box.querySelector<HTMLButtonElement>('.undo-cluster')!.hidden = false;
    else button.disabled = false;
  } finally {
    bar.hidden = true;
    state.busy = false;
  }
}

async function undoCluster(i: number): Promise<void> {
  const box = document.querySelector<HTMLElement>(`fieldset[data-cluster="${i}"]`);
  const done = state.clusterMerges.get(i) ?? [];
  if (!box || state.busy || !done.length) return;
  if (needToken()) return;
  state.busy = true;
  const status = box.querySelector<HTMLElement>('.cluster-status')!;
  try {
    // Last merge first: each split gives back what the one before it merged into.
    while (done.length) {
      const j = done.at(-1)!;
      status.textContent = `Splitting ${clusterName(j.absorbedId ?? j.b)} out again…`;
      await reviewApi.undo(j.id);
      done.pop();
      if (j.absorbedId) state.queue.noteSplit(j.absorbedId);
      forget(j.a, j.b, j.canonicalId, j.absorbedId);
    }
    status.textContent = 'Undone: every member is its own organisation again.';
    say(`Cluster ${i + 1}: the merge is undone.`, 'ok');
    for (const li of box.querySelectorAll<HTMLElement>('li.member')) {
      li.classList.remove('merged');
      li.removeAttribute('data-merged-into');
    }
    box.querySelector<HTMLButtonElement>('.undo-cluster')!.hidden = true;
    box.querySelector<HTMLButtonElement>('.merge-selected')!.disabled = false;
  } catch (error) {
    if (!handleTokenProblem(error)) status.textContent = `Could not undo: ${describe(error, 'undo it')}`;
  } finally {
    state.busy = false;
  }
}

$('cluster-list').addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  const merge = t.closest<HTMLButtonElement>('button.merge-selected');
  if (merge) return void mergeCluster(Number(merge.dataset.cluster));
  const back = t.closest<HTMLButtonElement>('button.undo-cluster');
  if (back) void undoCluster(Number(back.dataset.cluster));
});

// ---- start ----------------------------------------------------------------------------------

async function start(): Promise<void> {
  try {
    state.schema = await reviewApi.schema();
  } catch (error) {
    banner(`The server's schema could not be loaded (${describe(error, 'send its schema')}); reload once the server runs.`);
    return;
  }
  // The types the candidate search compares: those named by a name (not meetings or sources).
  const types = state.schema.nodeTypes.filter((t) => t.caption === 'name').map((t) => t.label);
  typeSelect.innerHTML = types.map((t) => `<option value="${esc(t)}">${esc(t)}</option>`).join('') + '<option value="">All types</option>';
  const params = new URLSearchParams(location.search);
  const asked = params.get('type');
  state.type = asked !== null && (types.includes(asked) || asked === '') ? asked : (types[0] ?? 'Person');
  typeSelect.value = state.type;
  // Signed in as an editor (the account widget), decisions go with the session; else with a typed key.
  await session.ready();
  if (token.get() || session.canEdit()) void checkToken();
  else showTokenBox();
  session.onChange((s) => {
    if (s.user && s.user.role !== 'viewer' && !state.tokenOk) void checkToken();
  });
  if (params.get('mode') === 'clusters') setMode('clusters');
  else await loadPairs();
  // A handle for end-to-end tests and for poking at the page from the devtools.
  (window as unknown as { liaisonReview: unknown }).liaisonReview = {
    get state() {
      return state;
    },
  };
  document.body.dataset.ready = 'true';
  focusPair();
}

void start();
