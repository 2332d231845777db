// The history of one node or link in the details panel (issue 12, item 3): every change that
// touched it — imports, additions, edits, status changes, retractions, merges, splits, reverts —
// with who, when and why, what changed (before → after, per property and citation), and, for
// editors, "Revert" where the server says the change can still be undone (else why not).
//
// The details panel calls renderHistory(container, {kind, id}); it fetches
// GET /api/nodes/:id/history or /api/relationships/:id/history and, on demand, GET /api/changes/:id.
import { session, writeHeaders } from './shared/session';
import type { ChangeView, FactSnapshot } from '../../server/src/history/types';

/** HTML-escapes text (a copy of details.ts's esc: the details panel imports this module). */
const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface HistoryTarget {
  kind: 'node' | 'relationship';
  id: string;
}

// The server's own shapes (as api.ts takes the graph's): one definition of a change and of a fact's snapshot.
type Snapshot = FactSnapshot;
export type { ChangeView };

export interface HistoryOptions {
  /** Called after a revert succeeded (the explorer reloads what it shows). */
  onReverted?: (revert: ChangeView) => void;
  /** How many changes to show before "Show all" (default 10). */
  limit?: number;
}

const KIND_LABELS: Record<string, string> = {
  import: 'Import',
  create: 'Added',
  edit: 'Edited',
  status: 'Status',
  retract: 'Retracted',
  merge: 'Merged',
  split: 'Split',
  revert: 'Reverted',
};

/** Properties that Liaison derives (searching, provenance): left out of the before → after list. */
const DERIVED = new Set(['searchKeys', 'id']);

const STYLE_ID = 'history-panel-style';
const STYLE = `
.history-list { list-style: none; margin: 0; padding: 0; }
.history-item { border-top: 1px solid var(--line, #ddd); padding: 0.4rem 0; }
.history-item:first-child { border-top: 0; }
.history-head { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; align-items: baseline; }
.history-kind { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; padding: 0 0.3rem; border-radius: 3px; background: var(--chip, #eef); }
.history-kind.kind-revert, .history-kind.kind-retract { background: #fde8e8; }
.history-kind.kind-merge, .history-kind.kind-split { background: #e8f3fd; }
.history-summary { flex: 1 1 12rem; }
.history-reason { font-style: italic; margin: 0.15rem 0; }
.history-diff { font-size: 0.85rem; margin: 0.3rem 0 0; padding-left: 1rem; }
.history-diff del { color: #a00; }
.history-diff ins { color: #060; text-decoration: none; }
.history-actions { display: flex; gap: 0.5rem; margin-top: 0.25rem; align-items: center; flex-wrap: wrap; }
.history-error { color: #a00; }
.history-item.reverted .history-summary { text-decoration: line-through; text-decoration-color: #999; }
`;

function ensureStyle(): void {
  if (typeof document === 'undefined' || document.getElementById(STYLE_ID)) return;
  const style = document.createElement('style');
  style.id = STYLE_ID;
  style.textContent = STYLE;
  document.head.append(style);
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

const shown = (v: unknown): string => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** What one fact's before → after amounts to, as list items (pure, so it is testable). */
export function diffLines(before: Snapshot | null, after: Snapshot | null): string[] {
  if (!before && !after) return [];
  if (!before) return [`<ins>created</ins> ${esc(caption(after!))}`];
  if (!after) return [`<del>removed</del> ${esc(caption(before))} (kept here, whole)`];
  const lines: string[] = [];
  const keys = [...new Set([...Object.keys(before.props), ...Object.keys(after.props)])].filter((k) => !DERIVED.has(k)).sort();
  for (const k of keys) {
    const a = shown(before.props[k]);
    const b = shown(after.props[k]);
    if (a !== b) lines.push(`<span class="muted">${esc(k)}:</span> <del>${esc(a)}</del> → <ins>${esc(b)}</ins>`);
  }
  if (before.kind === 'relationship' && after.kind === 'relationship' && (before.source !== after.source || before.target !== after.target))
    lines.push(
      `<span class="muted">ends:</span> <del>${esc(`${before.source} → ${before.target}`)}</del> → <ins>${esc(`${after.source} → ${after.target}`)}</ins>`,
    );
  const cites = (s: Snapshot) => new Map((s.citations ?? []).map((c) => [String(c.id), c]));
  const cb = cites(before);
  const ca = cites(after);
  for (const [id, c] of ca)
    if (!cb.has(id)) lines.push(`<ins>citation added</ins>: “${esc(shown(c.quote ?? c.recordId ?? id))}”`);
    else if (shown(cb.get(id)!.status) !== shown(c.status))
      lines.push(
        `<span class="muted">citation status:</span> <del>${esc(shown(cb.get(id)!.status))}</del> → <ins>${esc(shown(c.status))}</ins>`,
      );
  for (const [id, c] of cb) if (!ca.has(id)) lines.push(`<del>citation removed</del>: “${esc(shown(c.quote ?? id))}”`);
  return lines;
}

function caption(s: Snapshot): string {
  const name = s.props.name ?? s.props.title;
  if (s.kind === 'node') return `${(s.labels ?? []).find((l) => l !== 'Entity') ?? 'node'} ${typeof name === 'string' ? name : s.id}`;
  return `${s.type ?? 'link'} ${s.source ?? '?'} → ${s.target ?? '?'}`;
}

async function problemText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: string };
    return body.detail ?? `The server answered ${res.status}.`;
  } catch {
    return `The server answered ${res.status}.`;
  }
}

function itemHtml(c: ChangeView, canEdit: boolean): string {
  const kind = KIND_LABELS[c.kind] ?? c.kind;
  const revert =
    canEdit && c.revertible
      ? `<button type="button" data-revert="${esc(c.id)}">Revert…</button>`
      : !c.revertible && c.notRevertibleBecause && !c.revertedBy
        ? `<span class="muted" title="${esc(c.notRevertibleBecause)}">cannot be reverted now</span>`
        : '';
  return `<li class="history-item${c.revertedBy ? ' reverted' : ''}" data-change="${esc(c.id)}">
      <div class="history-head">
        <span class="history-kind kind-${esc(c.kind)}">${esc(kind)}</span>
        <span class="history-summary">${esc(c.summary)}</span>
      </div>
      <div class="muted">${esc(c.by.name)} · <time datetime="${esc(c.at)}">${esc(when(c.at))}</time>${
        c.revertedBy ? ` · reverted by ${esc(c.revertedBy)}` : ''
      }</div>
      ${c.reason ? `<p class="history-reason">“${esc(c.reason)}”</p>` : ''}
      <div class="history-actions">
        ${c.kind === 'import' ? '' : `<button type="button" class="linklike" data-details="${esc(c.id)}" aria-expanded="false">What changed</button>`}
        ${revert}
      </div>
      <ul class="history-diff" hidden></ul>
      <div class="history-error" role="alert" hidden></div>
    </li>`;
}

/**
 * Fills `container` with the history of the node or relationship, newest first. Editors get a
 * Revert button where the change can still be undone; a refused revert says why (the server names
 * the later change that stands in the way).
 */
export async function renderHistory(container: HTMLElement, target: HistoryTarget, options: HistoryOptions = {}): Promise<void> {
  ensureStyle();
  const limit = options.limit ?? 10;
  container.innerHTML = '<p class="muted">Loading history…</p>';
  const path = `/api/${target.kind === 'node' ? 'nodes' : 'relationships'}/${encodeURIComponent(target.id)}/history`;
  let changes: ChangeView[];
  try {
    const res = await fetch(path, { headers: { Accept: 'application/json', ...writeHeaders() }, credentials: 'same-origin' });
    if (!res.ok) throw new Error(await problemText(res));
    changes = ((await res.json()) as { changes: ChangeView[] }).changes;
  } catch (e) {
    container.innerHTML = `<p class="history-error">History could not be loaded: ${esc(e instanceof Error ? e.message : String(e))}</p>`;
    return;
  }
  if (changes.length === 0) {
    container.innerHTML = '<p class="muted">No change recorded.</p>';
    return;
  }
  const canEdit = session.canEdit();
  const draw = (all: boolean) => {
    const shownChanges = all ? changes : changes.slice(0, limit);
    container.innerHTML = `<ol class="history-list">${shownChanges.map((c) => itemHtml(c, canEdit)).join('')}</ol>${
      !all && changes.length > limit
        ? `<button type="button" class="linklike" data-show-all>Show all ${changes.length} changes</button>`
        : ''
    }`;
  };
  draw(false);

  container.onclick = async (event) => {
    const el = (event.target as HTMLElement).closest('button');
    if (!el) return;
    if (el.hasAttribute('data-show-all')) return draw(true);
    const item = el.closest<HTMLElement>('.history-item');
    if (!item) return;
    const error = item.querySelector<HTMLElement>('.history-error')!;
    const details = el.getAttribute('data-details');
    if (details) {
      const list = item.querySelector<HTMLElement>('.history-diff')!;
      const open = el.getAttribute('aria-expanded') === 'true';
      el.setAttribute('aria-expanded', String(!open));
      if (open) {
        list.hidden = true;
        return;
      }
      const res = await fetch(`/api/changes/${encodeURIComponent(details)}`, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!res.ok) {
        error.textContent = await problemText(res);
        error.hidden = false;
        return;
      }
      const full = (await res.json()) as ChangeView;
      const lines = (full.after ?? []).flatMap((a, i) => diffLines(full.before?.[i] ?? null, a));
      list.innerHTML = lines.length ? lines.map((l) => `<li>${l}</li>`).join('') : '<li class="muted">No visible difference.</li>';
      list.hidden = false;
      return;
    }
    const revertId = el.getAttribute('data-revert');
    if (revertId) {
      const reason = window.prompt('Why revert this change? (optional)', '');
      if (reason === null) return;
      el.setAttribute('disabled', '');
      error.hidden = true;
      const res = await fetch(`/api/changes/${encodeURIComponent(revertId)}/revert`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...writeHeaders() },
        credentials: 'same-origin',
        body: JSON.stringify(reason.trim() ? { reason: reason.trim() } : {}),
      });
      if (!res.ok) {
        el.removeAttribute('disabled');
        error.textContent = await problemText(res);
        error.hidden = false;
        return;
      }
      const revert = (await res.json()) as ChangeView;
      options.onReverted?.(revert);
      await renderHistory(container, target, options);
    }
  };
}
