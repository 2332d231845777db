// The Draft page: paste an article with its source, get the drafter's proposals
// (POST /api/articles/draft) marked in the text, accept / edit / reject each, link a name to a stored
// entity (the drafter's candidates, or a search) or keep it new, and send what is accepted as ONE
// bundle to POST /api/import, with the write headers of the signed-in session (or an API key).
import { mountAccount } from '../shared/account';
import { session, writeHeaders } from '../shared/session';
import { token } from '../shared/token';
import {
  buildBundle,
  entityRef,
  meetingRef,
  type Decision,
  type Decisions,
  type Draft,
  type DraftSource,
  type EntityProposal,
  type Proposal,
} from './bundle';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

let draft: Draft | null = null;
let source: DraftSource | null = null;
let decisions: Decisions = {};

const KIND_LABEL: Record<Proposal['kind'], string> = {
  entity: 'Entity',
  post: 'Post',
  meeting: 'Meeting',
  participation: 'Participation',
  topic: 'Topic',
  acquaintance: 'Acquaintance',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function banner(message: string | null): void {
  const b = $('banner');
  b.textContent = message ?? '';
  b.hidden = !message;
}

function headers(): Record<string, string> {
  const key = $<HTMLInputElement>('key-input').value.trim();
  if (key) token.set(key);
  return { 'Content-Type': 'application/json', Accept: 'application/json', ...writeHeaders() };
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    return (await res.json()) as Problem;
  } catch {
    return { title: `HTTP ${res.status}` };
  }
}

/** Field errors of the draft request, shown at their fields ($.text, $.source.title, …). */
const FIELD_OF: Record<string, string> = {
  '$.text': 'err-text',
  '$.source.title': 'err-source-title',
  '$.source.url': 'err-source-url',
  '$.source.published': 'err-source-published',
};

function showFieldErrors(problem: Problem): boolean {
  let shown = false;
  for (const id of Object.values(FIELD_OF)) $(id).hidden = true;
  for (const issue of problem.errors ?? []) {
    const id = FIELD_OF[issue.path];
    if (!id) continue;
    $(id).textContent = issue.message;
    $(id).hidden = false;
    shown = true;
  }
  return shown;
}

async function runDraft(event: Event): Promise<void> {
  event.preventDefault();
  banner(null);
  const v = (id: string) => $<HTMLInputElement>(id).value.trim();
  const next: DraftSource = {
    title: v('source-title'),
    language: $<HTMLSelectElement>('source-language').value,
    ...(v('source-publisher') ? { publisher: v('source-publisher') } : {}),
    ...(v('source-url') ? { url: v('source-url') } : {}),
    ...(v('source-published') ? { published: v('source-published') } : {}),
  };
  const text = $<HTMLTextAreaElement>('article-text').value;
  $('draft-status').textContent = 'Reading the article…';
  $<HTMLButtonElement>('draft-button').disabled = true;
  try {
    const res = await fetch('/api/articles/draft', {
      method: 'POST',
      headers: headers(),
      credentials: 'same-origin',
      body: JSON.stringify({ text, source: next }),
    });
    if (!res.ok) {
      const problem = await problemOf(res);
      if (!showFieldErrors(problem)) banner(problem.detail ?? problem.title ?? `The draft failed (HTTP ${res.status}).`);
      $('draft-status').textContent = '';
      return;
    }
    showFieldErrors({});
    draft = (await res.json()) as Draft;
    source = next;
    decisions = Object.fromEntries(draft.proposals.map((p) => [p.id, { state: 'pending', edits: {} } satisfies Decision]));
    $('draft-status').textContent = `${draft.proposals.length} proposals from ${draft.sentences.length} sentences.`;
    render();
    $('review').hidden = false;
    $('review-heading').focus?.();
  } catch {
    banner('The server did not answer. Is it running?');
    $('draft-status').textContent = '';
  } finally {
    $<HTMLButtonElement>('draft-button').disabled = false;
  }
}

const byId = (id: string) => draft?.proposals.find((p) => p.id === id);

function nameOf(id: string): string {
  const p = byId(id);
  if (!p) return id;
  if (p.kind === 'entity') return entityRef(p, decisions[p.id]).name;
  if (p.kind === 'meeting') return meetingRef(p, decisions[p.id])?.name ?? (decisions[p.id]?.edits.title || p.title);
  return p.names.join(', ');
}

function summaryOf(p: Proposal): string {
  switch (p.kind) {
    case 'entity':
      return `${p.type}: ${nameOf(p.id)}${p.properties.kind ? ` (${p.properties.kind.replace(/_/g, ' ')})` : ''}`;
    case 'post':
      return `${nameOf(p.person)} — ${decisions[p.id]?.edits.title || p.title || 'post'} at ${nameOf(p.organization)}${p.start ? `, since ${p.start}` : ''}`;
    case 'meeting': {
      const date = decisions[p.id]?.edits.date || p.date;
      return `${nameOf(p.id)}${date ? `, ${date}` : ''}${p.meetingStatus !== 'held' ? ` (${p.meetingStatus})` : ''}`;
    }
    case 'participation':
      return `${nameOf(p.person)} took part in ${nameOf(p.meeting)} as ${(decisions[p.id]?.edits.role || p.role).replace(/_/g, ' ')}`;
    case 'topic':
      return `${decisions[p.id]?.edits.name || p.name} (discussed at ${p.meetings.map(nameOf).join(', ') || '—'})`;
    case 'acquaintance':
      return `${nameOf(p.people[0])} knows ${nameOf(p.people[1])}`;
  }
}

/** The article, its sentences as paragraphs, with each proposal's spans marked (the first proposal wins an overlap). */
function renderArticle(): void {
  const view = $('article-view');
  view.replaceChildren();
  if (!draft) return;
  const text = $<HTMLTextAreaElement>('article-text').value;
  const marks: Array<{ start: number; end: number; p: Proposal }> = [];
  const priority: Proposal['kind'][] = ['entity', 'meeting', 'post', 'topic', 'participation', 'acquaintance'];
  for (const kind of priority)
    for (const p of draft.proposals.filter((x) => x.kind === kind))
      for (const s of p.spans) if (!marks.some((m) => s.start < m.end && s.end > m.start)) marks.push({ start: s.start, end: s.end, p });
  marks.sort((a, b) => a.start - b.start);
  let paragraph = -1;
  let para: HTMLParagraphElement | null = null;
  for (const s of draft.sentences) {
    if (s.paragraph !== paragraph || !para) {
      paragraph = s.paragraph;
      para = el('p');
      view.append(para);
    }
    const sentence = el('span', { class: 'sentence', 'data-sentence': String(s.index) });
    let at = s.start;
    for (const m of marks.filter((x) => x.start >= s.start && x.end <= s.end)) {
      if (m.start > at) sentence.append(text.slice(at, m.start));
      const state = decisions[m.p.id]?.state ?? 'pending';
      const mark = el(
        'mark',
        { class: `kind-${m.p.kind} state-${state}`, 'data-proposal': m.p.id, title: `${KIND_LABEL[m.p.kind]}: ${summaryOf(m.p)}` },
        text.slice(m.start, m.end),
      );
      mark.addEventListener('click', () => document.getElementById(`card-${m.p.id}`)?.querySelector<HTMLElement>('button')?.focus());
      sentence.append(mark);
      at = m.end;
    }
    if (at < s.end) sentence.append(text.slice(at, s.end));
    para.append(sentence, ' ');
  }
}

function decide(id: string, state: Decision['state']): void {
  decisions[id] = { ...(decisions[id] ?? { edits: {} }), state };
  render(id);
}

/** An input that edits one value of a proposal. */
function editField(p: Proposal, key: string, label: string, value: string, options?: readonly string[]): HTMLElement {
  const wrap = el('label', { class: 'edit' }, `${label} `);
  const input = options ? el('select') : el('input', { value, type: 'text' });
  if (options && input instanceof HTMLSelectElement)
    for (const o of options) {
      const opt = el('option', { value: o }, o.replace(/_/g, ' '));
      if (o === value) opt.selected = true;
      input.append(opt);
    }
  input.setAttribute('data-edit', key);
  input.addEventListener('change', () => {
    const d = decisions[p.id]!;
    d.edits[key] = (input as HTMLInputElement).value;
    if (d.state === 'pending') d.state = 'accepted';
    render(p.id);
  });
  wrap.append(input);
  return wrap;
}

/** Which stored entity a name is: the drafter's candidates, a search, or a new entity. */
function linkBox(p: EntityProposal): HTMLElement {
  const d = decisions[p.id]!;
  const box = el('div', { class: 'link-box' });
  const current = entityRef(p, d);
  box.append(
    el('p', { class: 'link-now' }, current.stored ? `Linked to stored ${p.type} “${current.name}” (${current.id})` : `A new ${p.type}`),
  );
  const choices = el('div', { class: 'link-choices' });
  for (const c of p.candidates) {
    if (current.stored && c.id === current.id) continue;
    const b = el('button', { type: 'button', 'data-link': c.id }, `Link to ${c.name}`);
    b.addEventListener('click', () => {
      d.link = { id: c.id, name: c.name, type: c.type };
      if (d.state === 'pending') d.state = 'accepted';
      render(p.id);
    });
    choices.append(b);
  }
  if (current.stored) {
    const b = el('button', { type: 'button', 'data-link': 'new' }, 'Create a new one instead');
    b.addEventListener('click', () => {
      d.link = null;
      render(p.id);
    });
    choices.append(b);
  }
  const search = el('input', {
    type: 'search',
    placeholder: `Search stored ${p.type === 'Organization' ? 'institutions' : p.type === 'Person' ? 'people' : 'countries'}…`,
    'aria-label': `Search a stored entity for ${p.name}`,
  });
  const results = el('ul', { class: 'search-results' });
  let timer: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = search.value.trim();
    if (!q) return results.replaceChildren();
    timer = window.setTimeout(async () => {
      const res = await fetch(`/api/search?q=${encodeURIComponent(q)}&types=${p.type}&limit=5`, {
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) return;
      const body = (await res.json()) as { results: Array<{ id: string; name: string; type: string }> };
      results.replaceChildren(
        ...body.results.map((r) => {
          const li = el('li');
          const b = el('button', { type: 'button', 'data-link': r.id }, `${r.name} (${r.id})`);
          b.addEventListener('click', () => {
            d.link = { id: r.id, name: r.name, type: r.type };
            if (d.state === 'pending') d.state = 'accepted';
            render(p.id);
          });
          li.append(b);
          return li;
        }),
      );
    }, 200);
  });
  choices.append(search);
  box.append(choices, results);
  return box;
}

/** A meeting the graph already holds (same people, agreeing date): cite it, pick another, or make a new one. */
function meetingLinkBox(p: Extract<Proposal, { kind: 'meeting' }>): HTMLElement {
  const d = decisions[p.id]!;
  const box = el('div', { class: 'link-box' });
  const current = meetingRef(p, d);
  box.append(el('p', { class: 'link-now' }, current ? `Linked to stored meeting “${current.name}” (${current.id})` : 'A new meeting'));
  const choices = el('div', { class: 'link-choices' });
  for (const c of p.candidates) {
    if (current && c.id === current.id) continue;
    const b = el('button', { type: 'button', 'data-link': c.id }, `Link to ${c.name}`);
    b.addEventListener('click', () => {
      d.link = { id: c.id, name: c.name, type: 'Meeting' };
      render(p.id);
    });
    choices.append(b);
  }
  if (current) {
    const b = el('button', { type: 'button', 'data-link': 'new' }, 'Create a new one instead');
    b.addEventListener('click', () => {
      d.link = null;
      render(p.id);
    });
    choices.append(b);
  }
  box.append(choices);
  return box;
}

function card(p: Proposal): HTMLLIElement {
  const d = decisions[p.id]!;
  const li = el('li', {
    id: `card-${p.id}`,
    class: `proposal kind-${p.kind} state-${d.state}`,
    'data-kind': p.kind,
    'data-proposal': p.id,
  });
  const head = el('div', { class: 'proposal-head' });
  head.append(el('span', { class: 'badge' }, KIND_LABEL[p.kind]), el('span', { class: 'summary' }, summaryOf(p)));
  if (p.status === 'speculative' || d.edits.status === 'speculative')
    head.append(el('span', { class: 'badge speculative' }, 'speculative'));
  if (p.kind === 'entity' && p.match && d.link === undefined) head.append(el('span', { class: 'badge known' }, 'known'));
  const buttons = el('div', { class: 'decide', role: 'group', 'aria-label': `Decide on proposal ${p.id}` });
  const accept = el('button', { type: 'button', class: 'accept', 'aria-pressed': String(d.state === 'accepted') }, 'Accept');
  const reject = el('button', { type: 'button', class: 'reject', 'aria-pressed': String(d.state === 'rejected') }, 'Reject');
  accept.addEventListener('click', () => decide(p.id, d.state === 'accepted' ? 'pending' : 'accepted'));
  reject.addEventListener('click', () => decide(p.id, d.state === 'rejected' ? 'pending' : 'rejected'));
  buttons.append(accept, reject);
  li.append(head, buttons, el('blockquote', { class: 'quote' }, p.quote));
  const edits = el('details', { class: 'edits' });
  edits.append(el('summary', {}, 'Edit'));
  const fields = el('div', { class: 'edit-fields' });
  fields.append(editField(p, 'status', 'Status', d.edits.status || p.status, ['reported', 'speculative', 'disputed']));
  if (p.kind === 'entity') {
    fields.append(editField(p, 'name', 'Name', d.edits.name || p.name));
    if (p.type === 'Organization') fields.append(editField(p, 'kind', 'Kind', d.edits.kind || p.properties.kind || 'other', ORG_KINDS));
  }
  if (p.kind === 'post') fields.append(editField(p, 'title', 'Post', d.edits.title || p.title));
  if (p.kind === 'meeting') {
    fields.append(
      editField(p, 'title', 'Title', d.edits.title || p.title),
      editField(p, 'date', 'Date', d.edits.date || p.date || ''),
      editField(p, 'meetingKind', 'Kind', d.edits.meetingKind || p.meetingKind, MEETING_KINDS),
      editField(p, 'meetingStatus', 'Held?', d.edits.meetingStatus || p.meetingStatus, ['held', 'planned', 'postponed', 'cancelled']),
    );
    if (p.dateNote) fields.append(el('p', { class: 'muted' }, `Date: ${p.dateNote}.`));
  }
  if (p.kind === 'participation') fields.append(editField(p, 'role', 'Role', d.edits.role || p.role, ROLES));
  if (p.kind === 'topic') fields.append(editField(p, 'name', 'Topic', d.edits.name || p.name));
  edits.append(fields);
  li.append(edits);
  if (p.kind === 'entity') li.append(linkBox(p));
  if (p.kind === 'meeting' && (p.match || p.candidates.length > 0)) li.append(meetingLinkBox(p));
  li.addEventListener('mouseenter', () =>
    document.querySelectorAll(`mark[data-proposal="${p.id}"]`).forEach((m) => m.classList.add('hover')),
  );
  li.addEventListener('mouseleave', () =>
    document.querySelectorAll(`mark[data-proposal="${p.id}"]`).forEach((m) => m.classList.remove('hover')),
  );
  return li;
}

const ORG_KINDS = [
  'state_body',
  'security_council',
  'ministry',
  'embassy',
  'parliament',
  'party',
  'media_outlet',
  'international_body',
  'company',
  'ngo',
  'think_tank',
  'other',
] as const;
const MEETING_KINDS = ['visit', 'talks', 'consultation', 'summit', 'call', 'statement', 'hearing', 'dinner', 'other'] as const;
const ROLES = ['host', 'guest', 'participant', 'delegation_member', 'organizer', 'chair', 'representative'] as const;

/** Redraws the list and the marks; keeps focus on the card that changed. */
function render(focusId?: string): void {
  if (!draft) return;
  const filter = $<HTMLSelectElement>('kind-filter').value;
  const list = $('proposal-list');
  const focusedClass = (document.activeElement as HTMLElement | null)?.className;
  list.replaceChildren(...draft.proposals.filter((p) => !filter || p.kind === filter).map(card));
  renderArticle();
  const counts = { accepted: 0, rejected: 0, pending: 0 };
  for (const d of Object.values(decisions)) counts[d.state]++;
  $('review-summary').textContent = `${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.pending} to decide.`;
  const importButton = $<HTMLButtonElement>('import-button');
  importButton.disabled = counts.accepted === 0;
  importButton.textContent = `Import ${counts.accepted} accepted`;
  if (focusId) {
    const target = document.getElementById(`card-${focusId}`);
    const again =
      (focusedClass && target?.querySelector<HTMLElement>(`button.${focusedClass.split(' ')[0]}`)) ||
      target?.querySelector<HTMLElement>('button');
    again?.focus();
  }
}

function setAll(state: Decision['state']): void {
  if (!draft) return;
  const filter = $<HTMLSelectElement>('kind-filter').value;
  for (const p of draft.proposals) if (!filter || p.kind === filter) decisions[p.id]!.state = state;
  render();
}

async function runImport(): Promise<void> {
  if (!draft || !source) return;
  const { bundle, skipped } = buildBundle(draft, source, decisions);
  const status = $('import-status');
  const errors = $('import-errors');
  errors.hidden = true;
  status.textContent = 'Importing…';
  $<HTMLButtonElement>('import-button').disabled = true;
  try {
    const res = await fetch('/api/import', {
      method: 'POST',
      headers: headers(),
      credentials: 'same-origin',
      body: JSON.stringify(bundle),
    });
    if (!res.ok) {
      const problem = await problemOf(res);
      status.textContent = '';
      errors.replaceChildren(
        el('p', {}, problem.detail ?? problem.title ?? `The import failed (HTTP ${res.status}).`),
        ...(problem.errors ?? []).slice(0, 20).map((i) => el('p', { class: 'issue' }, `${i.path}: ${i.message}`)),
      );
      if (res.status === 401 || res.status === 403)
        errors.append(el('p', {}, 'Sign in as an editor (top right), or give an API key above the Draft button.'));
      errors.hidden = false;
      return;
    }
    const answer = (await res.json()) as {
      summary?: { nodesCreated?: number; relationshipsCreated?: number; citationsCreated?: number; importId?: string };
    };
    const summary = answer.summary ?? {};
    status.textContent =
      `Imported: ${summary.nodesCreated ?? 0} entities and ${summary.relationshipsCreated ?? 0} links created, ` +
      `${summary.citationsCreated ?? 0} citations (import ${summary.importId ?? ''}).` +
      (skipped.length > 0 ? ` ${skipped.length} accepted proposals left out: an end of each was not accepted.` : '');
  } catch {
    status.textContent = '';
    banner('The server did not answer. Is it running?');
  } finally {
    $<HTMLButtonElement>('import-button').disabled = false;
  }
}

function main(): void {
  const account = document.getElementById('account');
  if (account) mountAccount(account);
  void session.ready();
  $<HTMLFormElement>('article-form').addEventListener('submit', (e) => void runDraft(e));
  $('accept-all').addEventListener('click', () => setAll('accepted'));
  $('reject-all').addEventListener('click', () => setAll('rejected'));
  $('kind-filter').addEventListener('change', () => render());
  $('import-button').addEventListener('click', () => void runImport());
  if (token.get()) $<HTMLInputElement>('key-input').value = token.get() ?? '';
}

main();
