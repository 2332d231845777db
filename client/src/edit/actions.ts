// Editing in the explorer (issue 12): the dialogs that add a meeting, a link or an entity, correct
// a fact, retract it, or change a citation's status, each with its evidence; and the toast after
// every change, whose Undo (or Ctrl+Z while it shows) reverts the change on the server. Forms come
// from /api/schema; Enter submits, Esc closes, the focus starts in the first field and returns to
// where it was; problems of the answer are shown at their fields.
import type { Schema, SchemaProperty } from '../api';
import { session } from '../shared/session';
import { editApi, newId, type CreateAnswer, type LinkInput } from './api';
import { EvidencePicker, clearErrors, entityPicker, esc, propertyFields, readProperties, showErrors } from './form';
import { showHistory } from './history';

export interface EditHooks {
  schema: Schema;
  /** Facts made or brought back: onto the canvas (near `near`), then selected. */
  show(nodes: string[], edges: string[], near: string | null): Promise<void>;
  /** Facts that are gone: off the canvas. */
  drop(ids: string[]): void;
  /** Facts that changed: drawn again, and the details panel with them. */
  refresh(ids: string[]): Promise<void>;
  say(message: string): void;
}

export interface FactRef {
  kind: 'node' | 'relationship';
  id: string;
  type: string;
  name: string;
}

/** What undoing a change does to the canvas, besides the revert on the server. */
interface Undo {
  changeId: string;
  label: string;
  after(): Promise<void> | void;
}

const MEETING_ROLES_DEFAULT = ['host', 'guest'];

export class Editing {
  private readonly dialog: HTMLDialogElement;
  private readonly toast: HTMLElement;
  private undo: Undo | null = null;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private restoreFocus: HTMLElement | null = null;

  constructor(private readonly hooks: EditHooks) {
    this.dialog = document.createElement('dialog');
    this.dialog.id = 'edit-dialog';
    this.dialog.className = 'edit-dialog';
    this.dialog.setAttribute('aria-labelledby', 'edit-dialog-title');
    document.body.append(this.dialog);
    this.dialog.addEventListener('close', () => {
      this.dialog.innerHTML = '';
      this.restoreFocus?.focus?.();
    });
    this.toast = document.createElement('div');
    this.toast.id = 'edit-toast';
    this.toast.className = 'edit-toast';
    this.toast.setAttribute('role', 'status');
    this.toast.hidden = true;
    document.body.append(this.toast);
    // Ctrl+Z while the toast offers Undo reverts the change (before the view's own undo sees the key).
    document.addEventListener(
      'keydown',
      (e) => {
        const typing = (e.target as HTMLElement).closest?.('input, textarea, select, [contenteditable]');
        if (!this.undo || this.toast.hidden || typing || this.dialog.open) return;
        if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
          e.preventDefault();
          e.stopImmediatePropagation();
          void this.revertLast();
        }
      },
      true,
    );
  }

  get canEdit(): boolean {
    return session.canEdit();
  }

  // ---- the details panel's Edit and History sections ------------------------------------------

  /** Adds the Edit buttons (for editors) and the History section to the details panel. */
  decorate(panel: HTMLElement, fact: FactRef): void {
    panel.querySelector('.edit-section')?.remove();
    panel.querySelector('.history-section')?.remove();
    if (this.canEdit) {
      const isNode = fact.kind === 'node';
      const canMeet = isNode && ['Person', 'Organization'].includes(fact.type);
      panel.insertAdjacentHTML(
        'beforeend',
        `<section class="edit-section" aria-label="Edit">
          <h3>Edit</h3>
          <div class="edit-buttons">
            ${canMeet ? '<button type="button" data-edit="add-meeting">Add meeting…</button>' : ''}
            ${isNode && fact.type !== 'Source' ? '<button type="button" data-edit="add-link">Add link…</button>' : ''}
            <button type="button" data-edit="edit">Edit…</button>
            <button type="button" data-edit="status">Citation status…</button>
            <button type="button" data-edit="retract" class="danger">Retract…</button>
          </div>
        </section>`,
      );
      panel.querySelectorAll<HTMLButtonElement>('[data-edit]').forEach((b) =>
        b.addEventListener('click', () => {
          const a = b.dataset.edit;
          if (a === 'add-meeting') this.addMeeting(fact);
          else if (a === 'add-link') this.addLink(fact);
          else if (a === 'edit') void this.edit(fact);
          else if (a === 'status') void this.statuses(fact);
          else if (a === 'retract') this.retract(fact);
        }),
      );
    }
    panel.insertAdjacentHTML('beforeend', '<section class="history-section"><h3>History</h3><div class="history-box"></div></section>');
    void showHistory(panel.querySelector<HTMLElement>('.history-box')!, { kind: fact.kind, id: fact.id }, this.hooks).catch(
      () => undefined,
    );
  }

  /** The "Add entity…" button of the empty details panel. */
  decorateEmpty(panel: HTMLElement): void {
    if (!this.canEdit) return;
    panel.insertAdjacentHTML(
      'beforeend',
      '<section class="edit-section"><button type="button" data-edit="add-entity">Add entity…</button></section>',
    );
    panel.querySelector<HTMLButtonElement>('[data-edit="add-entity"]')?.addEventListener('click', () => this.addEntity());
  }

  // ---- dialogs ----------------------------------------------------------------------------------

  private open(title: string, body: string, submit: string): HTMLFormElement {
    this.restoreFocus = document.activeElement as HTMLElement | null;
    this.dialog.innerHTML = `<form class="edit-form" novalidate>
        <h2 id="edit-dialog-title">${esc(title)}</h2>
        <p class="form-error error" role="alert" tabindex="-1" hidden></p>
        <div class="edit-body">${body}</div>
        <div class="edit-actions">
          <button type="submit" class="primary">${esc(submit)}</button>
          <button type="button" value="cancel" class="edit-cancel">Cancel</button>
        </div>
      </form>`;
    const form = this.dialog.querySelector<HTMLFormElement>('form')!;
    form.querySelector('.edit-cancel')!.addEventListener('click', () => this.dialog.close());
    this.dialog.showModal();
    form.querySelector<HTMLElement>('.edit-body input:not([type=hidden]), .edit-body select, .edit-body textarea')?.focus();
    return form;
  }

  /** Runs the form's submit: the request, then closing and the toast; problems shown at their fields. */
  private onSubmit(form: HTMLFormElement, run: () => Promise<Undo | null>): void {
    let busy = false;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (busy) return;
      busy = true;
      clearErrors(form);
      form.setAttribute('aria-busy', 'true');
      void run()
        .then((undo) => {
          this.dialog.close();
          if (undo) this.offerUndo(undo);
        })
        .catch((error: unknown) => showErrors(form, error))
        .finally(() => {
          busy = false;
          form.removeAttribute('aria-busy');
        });
    });
  }

  private nodeSpec(type: string) {
    return this.hooks.schema.nodeTypes.find((t) => t.label === type);
  }

  private relSpec(type: string) {
    return this.hooks.schema.relationshipTypes.find((t) => t.type === type);
  }

  /** A meeting with this person (or institution) and others, each with a role, with its evidence. */
  addMeeting(from: FactRef): void {
    const spec = this.nodeSpec('Meeting');
    const roles = this.relSpec('TAKES_PART')?.properties?.find((p) => p.name === 'role')?.values ?? MEETING_ROLES_DEFAULT;
    const form = this.open(
      `Add a meeting with ${from.name}`,
      `<fieldset class="meeting-props"><legend>Meeting</legend>${propertyFields(spec?.properties, { status: 'held', kind: 'talks' }, (n) => `$.nodes[0].properties.${n}`)}</fieldset>
       <fieldset class="participants"><legend>Participants</legend><ul class="participant-list"></ul></fieldset>
       <div class="evidence-host"></div>
       <div class="field"><label for="edit-reason">Why (optional)</label><input id="edit-reason" class="edit-reason" data-path="$.reason" /></div>`,
      'Add meeting',
    );
    const list = form.querySelector<HTMLUListElement>('.participant-list')!;
    const people: Array<{ id: string; name: string; type: string }> = [];
    const draw = () => {
      list.innerHTML = people
        .map(
          (p, i) => `<li class="participant" data-participant="${esc(p.id)}">
            <span class="participant-name">${esc(p.name)}</span>
            <label class="field" data-path="$.relationships[${i}]"><span class="visually-hidden">Role of ${esc(p.name)}</span>
              <select class="participant-role" data-path="$.relationships[${i}].properties.role">${roles
                .map(
                  (r) =>
                    `<option value="${esc(r)}" ${r === (i === 0 ? 'host' : 'guest') ? 'selected' : ''}>${esc(r.replace(/_/g, ' '))}</option>`,
                )
                .join('')}</select></label>
            ${i === 0 ? '' : `<button type="button" class="linklike remove-participant" aria-label="Remove ${esc(p.name)}">remove</button>`}
          </li>`,
        )
        .join('');
      list.querySelectorAll<HTMLButtonElement>('.remove-participant').forEach((b) =>
        b.addEventListener('click', () => {
          const id = b.closest<HTMLElement>('li')!.dataset.participant;
          people.splice(
            people.findIndex((p) => p.id === id),
            1,
          );
          draw();
        }),
      );
    };
    people.push({ id: from.id, name: from.name, type: from.type });
    draw();
    entityPicker(form.querySelector<HTMLElement>('.participants')!, {
      label: 'Add a participant',
      types: this.relSpec('TAKES_PART')?.from ?? ['Person', 'Organization'],
      path: '$.relationships',
      onPick: (hit) => {
        if (!people.some((p) => p.id === hit.id)) people.push(hit);
        draw();
      },
    });
    const evidence = new EvidencePicker(form.querySelector<HTMLElement>('.evidence-host')!, {
      citation: '$.citations[0]',
      source: '$.sources[0].properties',
    });
    this.onSubmit(form, async () => {
      const props = readProperties(form.querySelector<HTMLElement>('.meeting-props')!);
      const meetingId = newId('meeting', props.title);
      const roleOf = [...list.querySelectorAll<HTMLSelectElement>('.participant-role')].map((s) => s.value);
      const relationships: LinkInput[] = people.map((p, i) => ({
        id: newId('rel', `${p.id}-takes-part`),
        type: 'TAKES_PART',
        source: p.id,
        target: meetingId,
        properties: { role: roleOf[i] ?? 'participant' },
      }));
      const { citation, source } = evidence.read();
      const reason = form.querySelector<HTMLInputElement>('.edit-reason')!.value.trim();
      const r = await editApi.create({
        ...(reason ? { reason } : {}),
        ...(source ? { sources: [source] } : {}),
        nodes: [{ id: meetingId, type: 'Meeting', properties: props }],
        relationships,
        citations: [citation],
      });
      return this.created(r, `Added the meeting “${String(props.title ?? meetingId)}”.`, from.id);
    });
  }

  /** A link from (or to) this node to an entity picked by name, with its properties and evidence. */
  addLink(from: FactRef): void {
    const types = this.hooks.schema.relationshipTypes.filter((t) => (t.from ?? []).includes(from.type) || (t.to ?? []).includes(from.type));
    const options = types.flatMap((t) => [
      ...((t.from ?? []).includes(from.type) ? [{ value: `${t.type}:out`, label: `${from.name} ${t.caption} …`, t, out: true }] : []),
      ...((t.to ?? []).includes(from.type) && t.directed
        ? [{ value: `${t.type}:in`, label: `… ${t.caption} ${from.name}`, t, out: false }]
        : []),
    ]);
    const form = this.open(
      `Add a link at ${from.name}`,
      `<div class="field"><label for="edit-link-type">Link</label><select id="edit-link-type" class="link-type" data-path="$.relationships[0].type">${options
        .map((o) => `<option value="${esc(o.value)}">${esc(o.label)}</option>`)
        .join('')}</select></div>
       <div class="other-end"></div>
       <p class="picked-end muted" aria-live="polite">No entity picked.</p>
       <fieldset class="link-props"><legend>Properties</legend></fieldset>
       <div class="evidence-host"></div>`,
      'Add link',
    );
    const select = form.querySelector<HTMLSelectElement>('.link-type')!;
    const propsBox = form.querySelector<HTMLElement>('.link-props')!;
    let other: { id: string; name: string; type: string } | null = null;
    const chosen = () => options.find((o) => o.value === select.value) ?? options[0];
    const drawProps = () => {
      const o = chosen();
      propsBox.innerHTML = `<legend>Properties</legend>${propertyFields(o?.t.properties, {}, (n) => `$.relationships[0].properties.${n}`)}`;
    };
    drawProps();
    select.addEventListener('change', drawProps);
    entityPicker(form.querySelector<HTMLElement>('.other-end')!, {
      label: 'The other end',
      types: null,
      path: '$.relationships[0].target',
      onPick: (hit) => {
        other = hit;
        form.querySelector('.picked-end')!.textContent = `Picked: ${hit.name} (${hit.type})`;
      },
    });
    const evidence = new EvidencePicker(form.querySelector<HTMLElement>('.evidence-host')!, {
      citation: '$.citations[0]',
      source: '$.sources[0].properties',
    });
    this.onSubmit(form, async () => {
      const o = chosen();
      if (!o) throw new Error('This entity takes no links.');
      if (!other) throw new Error('Pick the entity at the other end.');
      const { citation, source } = evidence.read();
      const rel: LinkInput = {
        id: newId('rel', `${from.id}-${o.t.type}`),
        type: o.t.type,
        source: o.out ? from.id : other.id,
        target: o.out ? other.id : from.id,
        properties: readProperties(propsBox),
      };
      const r = await editApi.create({ ...(source ? { sources: [source] } : {}), relationships: [rel], citations: [citation] });
      return this.created(r, `Added the link ${o.label.replace('…', other.name)}.`, from.id, [other.id]);
    });
  }

  /** An entity of a type chosen from the schema, with its evidence. */
  addEntity(): void {
    const types = this.hooks.schema.nodeTypes.filter((t) => t.label !== 'Source');
    const form = this.open(
      'Add an entity',
      `<div class="field"><label for="edit-entity-type">Type</label><select id="edit-entity-type" class="entity-type" data-path="$.nodes[0].type">${types
        .map((t) => `<option value="${esc(t.label)}">${esc(t.label)}</option>`)
        .join('')}</select></div>
       <fieldset class="entity-props"><legend>Properties</legend></fieldset>
       <div class="evidence-host"></div>`,
      'Add entity',
    );
    const select = form.querySelector<HTMLSelectElement>('.entity-type')!;
    const box = form.querySelector<HTMLElement>('.entity-props')!;
    const draw = () => {
      box.innerHTML = `<legend>Properties</legend>${propertyFields(this.nodeSpec(select.value)?.properties, {}, (n) => `$.nodes[0].properties.${n}`)}`;
    };
    draw();
    select.addEventListener('change', draw);
    const evidence = new EvidencePicker(form.querySelector<HTMLElement>('.evidence-host')!, {
      citation: '$.citations[0]',
      source: '$.sources[0].properties',
    });
    this.onSubmit(form, async () => {
      const spec = this.nodeSpec(select.value);
      const props = readProperties(box);
      const { citation, source } = evidence.read();
      const r = await editApi.create({
        ...(source ? { sources: [source] } : {}),
        nodes: [{ id: newId(select.value, props[spec?.caption ?? 'name']), type: select.value, properties: props }],
        citations: [citation],
      });
      return this.created(r, `Added ${select.value.toLowerCase()} “${String(props[spec?.caption ?? 'name'] ?? '')}”.`, null);
    });
  }

  /** After POST /api/facts: the new facts on the canvas; undo takes them off again. */
  private async created(r: CreateAnswer, label: string, near: string | null, alsoShow: string[] = []): Promise<Undo | null> {
    await this.hooks.show([...r.nodes, ...alsoShow], r.relationships, near);
    this.hooks.say(label);
    if (!r.changeId) return null;
    return { changeId: r.changeId, label, after: () => this.hooks.drop([...r.relationships, ...r.nodes]) };
  }

  /** Corrects a fact: its properties prefilled as stored; only what changed is sent, with the evidence. */
  async edit(fact: FactRef): Promise<void> {
    const stored = await editApi.fact(fact.id);
    const props: SchemaProperty[] | undefined =
      fact.kind === 'node' ? this.nodeSpec(stored.type ?? fact.type)?.properties : this.relSpec(stored.type ?? fact.type)?.properties;
    const form = this.open(
      `Edit ${fact.name}`,
      `<fieldset class="fact-props"><legend>${esc(stored.type ?? fact.type)}</legend>${propertyFields(props, stored.properties, (n) => `$.set.${n}`)}</fieldset>
       <div class="evidence-host"></div>
       <div class="field"><label for="edit-reason">Why (optional)</label><input id="edit-reason" class="edit-reason" data-path="$.reason" /></div>`,
      'Save correction',
    );
    const isSource = stored.type === 'Source';
    const evidence = isSource
      ? null
      : new EvidencePicker(form.querySelector<HTMLElement>('.evidence-host')!, {
          citation: '$.evidence',
          source: '$.sources[0].properties',
        });
    this.onSubmit(form, async () => {
      const now = readProperties(form.querySelector<HTMLElement>('.fact-props')!);
      const set: Record<string, unknown> = {};
      const unset: string[] = [];
      for (const [k, v] of Object.entries(now)) if (JSON.stringify(v) !== JSON.stringify(stored.properties[k])) set[k] = v;
      for (const k of Object.keys(stored.properties))
        if (!(k in now) && (props ?? []).some((p) => p.name === k && p.name !== 'identifiers')) unset.push(k);
      const picked = evidence?.read() ?? { citation: undefined, source: null };
      // A new Source for the evidence is added first (a change of its own), then cited.
      if (picked.source) await editApi.create({ sources: [picked.source], citations: [] });
      const reason = form.querySelector<HTMLInputElement>('.edit-reason')!.value.trim();
      const r = await editApi.correct(fact.kind, fact.id, {
        set,
        unset,
        ...(picked.citation ? { evidence: picked.citation } : {}),
        ...(reason ? { reason } : {}),
      } as Parameters<typeof editApi.correct>[2]);
      await this.hooks.refresh([fact.id]);
      const label = `Corrected ${fact.name}.`;
      this.hooks.say(label);
      return { changeId: r.changeId, label, after: () => this.hooks.refresh([fact.id]) };
    });
  }

  /** Retracts a fact (a node with its links), with the reason. */
  retract(fact: FactRef): void {
    const form = this.open(
      `Retract ${fact.name}`,
      `<p>${fact.kind === 'node' ? 'The entity, its links and their citations' : 'The link and its citations'} leave the graph; the history keeps them, and the change can be undone.</p>
       <div class="field"><label for="edit-retract-reason">Why *</label><textarea id="edit-retract-reason" class="retract-reason" rows="2" required data-path="$.reason"></textarea></div>`,
      'Retract',
    );
    this.onSubmit(form, async () => {
      const r = await editApi.retract(fact.kind, fact.id, form.querySelector<HTMLTextAreaElement>('.retract-reason')!.value.trim());
      this.hooks.drop(r.retracted);
      const label = `Retracted ${fact.name}.`;
      this.hooks.say(label);
      const nodes = fact.kind === 'node' ? [fact.id] : [];
      const edges = r.retracted.filter((id) => !nodes.includes(id));
      return { changeId: r.changeId, label, after: () => this.hooks.show(nodes, edges, null) };
    });
  }

  /** The fact's quote citations, each with its status; changing one needs a reason. */
  async statuses(fact: FactRef): Promise<void> {
    const stored = await editApi.fact(fact.id);
    const citations = (stored.fact.citations ?? []) as Array<{ id: string; quote?: string; status?: string; source?: string }>;
    const statuses = this.hooks.schema.provenance?.statuses ?? ['reported', 'speculative', 'disputed'];
    const form = this.open(
      `Citations of ${fact.name}`,
      citations.length
        ? `<ol class="status-list">${citations
            .map(
              (c, i) => `<li class="field"><blockquote>${esc(c.quote ?? '')}</blockquote>
              <label for="edit-status-${i}">Status</label>
              <select id="edit-status-${i}" class="citation-status" data-citation="${esc(c.id)}" data-was="${esc(c.status)}" data-path="$.status">${statuses
                .map((s) => `<option value="${esc(s)}" ${s === c.status ? 'selected' : ''}>${esc(s)}</option>`)
                .join('')}</select></li>`,
            )
            .join('')}</ol>
           <div class="field"><label for="edit-status-reason">Why *</label><textarea id="edit-status-reason" class="status-reason" rows="2" data-path="$.reason"></textarea></div>`
        : '<p class="muted">This fact has no quote citation (records of datasets are always reported).</p>',
      'Change status',
    );
    this.onSubmit(form, async () => {
      const changed = [...form.querySelectorAll<HTMLSelectElement>('.citation-status')].filter((s) => s.value !== s.dataset.was);
      if (changed.length === 0) throw new Error('No status was changed.');
      const reason = form.querySelector<HTMLTextAreaElement>('.status-reason')!.value.trim();
      let last = '';
      for (const s of changed) last = (await editApi.status(s.dataset.citation!, s.value, reason)).changeId;
      await this.hooks.refresh([fact.id]);
      const label = `Changed the status of ${changed.length} citation${changed.length === 1 ? '' : 's'} of ${fact.name}.`;
      this.hooks.say(label);
      // Undo reverts the last one; earlier ones of the same submit stay in the history to revert there.
      return { changeId: last, label, after: () => this.hooks.refresh([fact.id]) };
    });
  }

  // ---- undo --------------------------------------------------------------------------------------

  private offerUndo(undo: Undo): void {
    this.undo = undo;
    this.toast.innerHTML = `<span class="toast-text">${esc(undo.label)}</span> <button type="button" class="toast-undo">Undo <kbd>Ctrl+Z</kbd></button>
      <button type="button" class="toast-close" aria-label="Dismiss">×</button>`;
    this.toast.hidden = false;
    this.toast.querySelector('.toast-undo')!.addEventListener('click', () => void this.revertLast());
    this.toast.querySelector('.toast-close')!.addEventListener('click', () => this.hideToast());
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.hideToast(), 30_000);
  }

  private hideToast(): void {
    this.toast.hidden = true;
    this.undo = null;
  }

  /** Reverts the change the toast offers (POST /api/changes/:id/revert) and brings the canvas along. */
  async revertLast(): Promise<void> {
    const undo = this.undo;
    if (!undo) return;
    this.undo = null;
    const button = this.toast.querySelector<HTMLButtonElement>('.toast-undo');
    if (button) button.disabled = true;
    try {
      await editApi.revert(undo.changeId, 'Undone in the explorer');
      await undo.after();
      this.toast.innerHTML = `<span class="toast-text">Undone: ${esc(undo.label)}</span>`;
      clearTimeout(this.toastTimer);
      this.toastTimer = setTimeout(() => this.hideToast(), 5_000);
    } catch (error) {
      this.toast.innerHTML = `<span class="toast-text error">Could not undo: ${esc((error as Error).message)}</span>`;
    }
  }
}
