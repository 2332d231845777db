// The node menu (right-click, or Shift+F10 / the context-menu key on the selected node): expand
// all or one relationship type with the neighbour counts shown first, collapse, hide, remove, pin,
// "path from/to here" and "export neighbourhood". An HTML menu rather than cytoscape-cxtmenu's radial one, because up to
// nine relationship types with their counts do not fit a ring legibly, and this one takes the keyboard.
import type { Neighborhood, Schema } from './api';

export interface MenuActions {
  expand(relTypes: string[] | null): void;
  collapse(): void;
  hide(): void;
  remove(): void;
  pin(): void;
  pathFrom(): void;
  pathTo(): void;
  /** Opens the Export dialog preset to this node's neighbourhood. */
  exportNeighbourhood?: () => void;
  /** Editing (issue 12), offered to editors only. */
  edit?: {
    addMeeting?: () => void;
    addLink?: () => void;
    edit: () => void;
    retract: () => void;
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export class ContextMenu {
  private actions: MenuActions | null = null;
  private restoreFocus: HTMLElement | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly schema: Schema,
  ) {
    el.setAttribute('role', 'menu');
    el.hidden = true;
    el.addEventListener('click', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      if (item && !item.disabled) this.run(item);
    });
    el.addEventListener('keydown', (e) => {
      const items = [...el.querySelectorAll<HTMLButtonElement>('button[data-action]:not([disabled])')];
      const i = items.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
      else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
      else if (e.key === 'Home') items[0]?.focus();
      else if (e.key === 'End') items.at(-1)?.focus();
      else if (e.key === 'Escape' || e.key === 'Tab') this.close();
      else return;
      e.preventDefault();
      e.stopPropagation();
    });
    document.addEventListener('pointerdown', (e) => {
      if (!el.hidden && !el.contains(e.target as Node)) this.close();
    });
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  private run(item: HTMLButtonElement): void {
    const a = this.actions;
    this.close();
    if (!a) return;
    const action = item.dataset.action;
    if (action === 'expand') a.expand(item.dataset.rel ? [item.dataset.rel] : null);
    else if (action === 'collapse') a.collapse();
    else if (action === 'hide') a.hide();
    else if (action === 'remove') a.remove();
    else if (action === 'pin') a.pin();
    else if (action === 'path-from') a.pathFrom();
    else if (action === 'path-to') a.pathTo();
    else if (action === 'export-neighbourhood') a.exportNeighbourhood?.();
    else if (action === 'add-meeting') a.edit?.addMeeting?.();
    else if (action === 'add-link') a.edit?.addLink?.();
    else if (action === 'edit') a.edit?.edit();
    else if (action === 'retract') a.edit?.retract();
  }

  /** Opens the menu at a page point; the counts arrive later (they need a request). */
  open(
    at: { x: number; y: number },
    node: { id: string; name: string; pinned: boolean; expanded: boolean },
    counts: Promise<Neighborhood['counts']>,
    actions: MenuActions,
  ): void {
    this.actions = actions;
    this.restoreFocus = document.activeElement as HTMLElement | null;
    this.el.dataset.node = node.id;
    this.el.innerHTML = `
      <div class="menu-title">${esc(node.name)}</div>
      <button type="button" role="menuitem" data-action="expand">Expand all <span class="count">…</span></button>
      <div class="menu-rels" aria-busy="true"><div class="muted menu-note">Counting neighbours…</div></div>
      <hr />
      <button type="button" role="menuitem" data-action="collapse" ${node.expanded ? '' : 'disabled'}>Collapse <kbd>C</kbd></button>
      <button type="button" role="menuitem" data-action="hide">Hide <kbd>H</kbd></button>
      <button type="button" role="menuitem" data-action="remove">Remove <kbd>Del</kbd></button>
      <button type="button" role="menuitem" data-action="pin">${node.pinned ? 'Unpin' : 'Pin in place'} <kbd>P</kbd></button>
      <hr />
      <button type="button" role="menuitem" data-action="path-from">Path from here</button>
      <button type="button" role="menuitem" data-action="path-to">Path to here</button>${
        actions.exportNeighbourhood
          ? `
      <button type="button" role="menuitem" data-action="export-neighbourhood">Export neighbourhood…</button>`
          : ''
      }${
        actions.edit
          ? `<hr />
      ${actions.edit.addMeeting ? '<button type="button" role="menuitem" data-action="add-meeting">Add meeting…</button>' : ''}
      ${actions.edit.addLink ? '<button type="button" role="menuitem" data-action="add-link">Add link…</button>' : ''}
      <button type="button" role="menuitem" data-action="edit">Edit…</button>
      <button type="button" role="menuitem" data-action="retract">Retract…</button>`
          : ''
      }`;
    this.el.hidden = false;
    const w = this.el.offsetWidth;
    const h = this.el.offsetHeight;
    this.el.style.left = `${Math.min(at.x, window.innerWidth - w - 8)}px`;
    this.el.style.top = `${Math.min(at.y, window.innerHeight - h - 8)}px`;
    this.el.querySelector<HTMLButtonElement>('button')?.focus();
    void counts
      .then((c) => {
        if (this.el.dataset.node !== node.id || this.el.hidden) return;
        this.el.querySelector('[data-action="expand"] .count')!.textContent = `${c.total}`;
        const caption = (t: string) => this.schema.relationshipTypes.find((r) => r.type === t)?.caption ?? t;
        const rels = Object.entries(c.byRelType).filter(([, n]) => n > 0);
        const box = this.el.querySelector('.menu-rels')!;
        box.removeAttribute('aria-busy');
        box.innerHTML = rels.length
          ? rels
              .map(
                ([t, n]) =>
                  `<button type="button" role="menuitem" class="rel" data-action="expand" data-rel="${esc(t)}">only ${esc(caption(t))} <span class="muted">${esc(t)}</span> <span class="count">${n}</span></button>`,
              )
              .join('')
          : '<div class="muted menu-note">No neighbours.</div>';
      })
      .catch(() => {
        const box = this.el.querySelector('.menu-rels');
        if (box) box.innerHTML = '<div class="muted menu-note">Counts unavailable.</div>';
      });
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.actions = null;
    this.restoreFocus?.focus?.();
  }
}
