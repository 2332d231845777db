// The History section of the details panel: HISTORY's client/src/history-panel.ts renders it when
// the build has it (found through import.meta.glob, so the explorer builds before it lands); until
// then a plain list of the fact's changes from GET /api/nodes/:id/history stands in.
import { editApi } from './api';
import { esc } from './form';

type Render = (container: HTMLElement, fact: { kind: 'node' | 'relationship'; id: string }) => unknown;
const panels = import.meta.glob<{ renderHistory?: Render }>('../history-panel.ts');

export async function showHistory(container: HTMLElement, fact: { kind: 'node' | 'relationship'; id: string }): Promise<void> {
  const load = Object.values(panels)[0];
  const mod = load ? await load().catch(() => null) : null;
  if (mod?.renderHistory) {
    await mod.renderHistory(container, fact);
    return;
  }
  container.innerHTML = '<p class="muted">Loading the history…</p>';
  try {
    const { changes } = await editApi.history(fact.kind, fact.id);
    container.innerHTML = changes.length
      ? `<ol class="history-list">${changes
          .map(
            (c) =>
              `<li class="history-item" data-change="${esc(c.id)}" data-change-kind="${esc(c.kind)}"><span class="when">${esc(c.at.slice(0, 16).replace('T', ' '))}</span> ${esc(c.summary)} <span class="muted">by ${esc(c.by.name)}${c.reason ? ` — ${esc(c.reason)}` : ''}${c.revertedBy ? ' (undone)' : ''}</span></li>`,
          )
          .join('')}</ol>`
      : '<p class="muted">No change recorded.</p>';
  } catch (error) {
    container.innerHTML = `<p class="muted">The history could not be loaded: ${esc((error as Error).message)}</p>`;
  }
}
