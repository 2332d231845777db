// Search with autocomplete over names and aliases in any spelling the API matches; driven by the
// keyboard (arrows, Enter, Escape) as well as the mouse.
import { api, type SearchHit } from './api';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function describe(hit: SearchHit): string {
  const parts: string[] = [hit.type];
  if (hit.posts[0]) parts.push(`${hit.posts[0].title}, ${hit.posts[0].organization}`);
  if (hit.date) parts.push(hit.date);
  if (hit.country) parts.push(hit.country);
  return parts.join(' · ');
}

export function setupSearch(
  input: HTMLInputElement,
  list: HTMLUListElement,
  onChoose: (hit: SearchHit) => void,
  onError: (e: unknown) => void,
): void {
  let hits: SearchHit[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;
  const box = input.parentElement!;

  const render = (message?: string) => {
    list.hidden = hits.length === 0 && !message;
    box.setAttribute('aria-expanded', String(!list.hidden));
    list.innerHTML = message
      ? `<li class="search-empty" role="option" aria-disabled="true">${esc(message)}</li>`
      : hits
          .map(
            (
              h,
              i,
            ) => `<li role="option" id="hit-${i}" data-index="${i}" aria-selected="${i === active}" class="${i === active ? 'active' : ''}">
              <span class="hit-name">${esc(h.name)}</span><span class="hit-meta">${esc(describe(h))}</span></li>`,
          )
          .join('');
    input.setAttribute('aria-activedescendant', active >= 0 ? `hit-${active}` : '');
  };
  const close = () => {
    hits = [];
    active = -1;
    render();
  };
  const choose = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.name;
    close();
    onChoose(hit);
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return close();
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        hits = (await api.search(q, controller.signal)).results;
        active = hits.length ? 0 : -1;
        render(hits.length ? undefined : `Nothing found for “${q}”. Try another spelling or fewer words.`);
      } catch (error) {
        if ((error as Error).name !== 'AbortError') onError(error);
      }
    }, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && hits.length) {
      active = (active + 1) % hits.length;
      render();
      e.preventDefault();
    } else if (e.key === 'ArrowUp' && hits.length) {
      active = (active - 1 + hits.length) % hits.length;
      render();
      e.preventDefault();
    } else if (e.key === 'Enter') {
      if (active >= 0) choose(active);
      e.preventDefault();
    } else if (e.key === 'Escape') {
      close();
    }
  });
  list.addEventListener('mousedown', (e) => {
    const li = (e.target as HTMLElement).closest('li[data-index]');
    if (li) {
      e.preventDefault();
      choose(Number(li.getAttribute('data-index')));
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
}
