// The accepted proposals of a draft as ONE Liaison bundle for POST /api/import: a new Source for the
// article, the new entities (or references to the stored ones they were linked to), meetings,
// topics, and the links between them, each fact with a quote citation of the sentence that states it.
// Pure: the Draft page calls it, and so do the tests.
import type { Draft, EntityProposal, MeetingProposal, Proposal, DraftSource } from '../../../server/src/draft/types';

export type { Draft, DraftSource, EntityProposal, MeetingProposal, Proposal };

export type DecisionState = 'pending' | 'accepted' | 'rejected';

/** What the analyst made of one proposal. */
export interface Decision {
  state: DecisionState;
  /** Edited values (name, title, date, role, meetingKind, meetingStatus, status). */
  edits: Record<string, string>;
  /**
   * For an entity: the stored entity it is (picked from candidates or search), null for "create a
   * new one"; undefined keeps the drafter's match.
   */
  link?: { id: string; name: string; type: string } | null;
}

export type Decisions = Record<string, Decision>;

export interface BundleNode {
  id: string;
  type: string;
  properties: Record<string, unknown>;
  citations: Array<{ source: string; quote: string; status: string; lang?: string }>;
}
export interface BundleRelationship {
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, unknown>;
  citations: Array<{ source: string; quote: string; status: string; lang?: string }>;
}
export interface Bundle {
  format: 'liaison-bundle';
  version: 1;
  description: string;
  nodes: BundleNode[];
  relationships: BundleRelationship[];
}

export interface BuiltBundle {
  bundle: Bundle;
  /** Accepted proposals left out, and why (an end that was rejected). */
  skipped: Array<{ id: string; reason: string }>;
}

/** A slug for ids: ASCII letters and digits joined by hyphens. */
export function slug(value: string): string {
  return (
    value
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9\u0400-\u04ff]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}

const PREFIX: Record<string, string> = { Person: 'person', Organization: 'org', Country: 'country' };

/** The entity a proposal stands for once decided: a stored id, or the id of a new node. */
export function entityRef(p: EntityProposal, d: Decision | undefined): { id: string; stored: boolean; name: string } {
  const link = d?.link === undefined ? (p.match ? { id: p.match.id, name: p.match.name } : null) : d.link;
  if (link) return { id: link.id, stored: true, name: link.name };
  const name = d?.edits.name?.trim() || p.name;
  const id = p.type === 'Country' && p.properties.code ? `country-${p.properties.code.toLowerCase()}` : `${PREFIX[p.type]}-${slug(name)}`;
  return { id, stored: false, name };
}

/** The stored meeting a proposal stands for once decided, or null for a new one. */
export function meetingRef(p: MeetingProposal, d: Decision | undefined): { id: string; name: string } | null {
  const link = d?.link === undefined ? (p.match ? { id: p.match.id, name: p.match.name } : null) : d.link;
  return link ? { id: link.id, name: link.name } : null;
}

export function buildBundle(draft: Draft, source: DraftSource, decisions: Decisions): BuiltBundle {
  const sourceId = `src-${slug(source.title)}${source.published ? `-${source.published}` : ''}`;
  const lang = /^[a-z]{2}$/.test(source.language) ? source.language : undefined;
  const byId = new Map(draft.proposals.map((p) => [p.id, p]));
  const accepted = (id: string | undefined) => !!id && decisions[id]?.state === 'accepted';
  const statusOf = (p: Proposal) => decisions[p.id]?.edits.status || p.status;
  const cite = (p: Proposal, extra: number[] = []) =>
    [p.sentence, ...extra].map((s) => ({
      source: sourceId,
      quote: draft.sentences[s]?.text ?? p.quote,
      status: statusOf(p),
      ...(lang ? { lang } : {}),
    }));
  // Both ends still the stored entities the draft matched (not re-linked or made new by the analyst).
  const stored = (...ids: string[]) =>
    ids.every((id) => {
      const q = byId.get(id);
      if (q?.kind === 'entity') return !!q.match && decisions[id]?.link === undefined;
      if (q?.kind === 'meeting') return !!q.match && decisions[id]?.link === undefined;
      return false;
    });
  const nodes = new Map<string, BundleNode>();
  const relationships = new Map<string, BundleRelationship>();
  const skipped: BuiltBundle['skipped'] = [];
  nodes.set(sourceId, {
    id: sourceId,
    type: 'Source',
    properties: {
      title: source.title,
      kind: 'article',
      ...(source.publisher ? { publisher: source.publisher } : {}),
      ...(source.url ? { url: source.url } : {}),
      ...(source.published ? { published: source.published } : {}),
      ...(lang ? { language: lang } : {}),
    },
    citations: [],
  });
  // A link already stored between stored ends (the draft's `existing`) keeps its id: the import then
  // cites the stored fact instead of writing it twice.
  const rel = (
    type: string,
    from: string,
    to: string,
    p: Proposal,
    properties: Record<string, unknown> = {},
    extra: number[] = [],
    storedId?: string,
  ) => {
    const id = storedId ?? `rel-${from}-${type.toLowerCase().replace(/_/g, '-')}-${to}`.slice(0, 200);
    const existing = relationships.get(id);
    if (existing) existing.citations.push(...cite(p, extra));
    else relationships.set(id, { id, type, source: from, target: to, properties, citations: cite(p, extra) });
  };
  // Entities first: every other proposal refers to them.
  const refs = new Map<string, string>();
  for (const p of draft.proposals) {
    if (p.kind !== 'entity' || !accepted(p.id)) continue;
    const d = decisions[p.id];
    const ref = entityRef(p, d);
    refs.set(p.id, ref.id);
    if (ref.stored) {
      // A stored entity the article names is cited by it too: the node goes in under its stored id
      // and name (the import's merge keeps what is stored), with the text's spellings as aliases.
      const own = d?.link === undefined;
      const spellings = [p.name, ...p.aliases].filter((a) => a !== ref.name);
      const props: Record<string, unknown> = { name: ref.name, ...(spellings.length > 0 ? { aliases: [...new Set(spellings)] } : {}) };
      if (p.type === 'Organization' && own && p.properties.kind) props.kind = p.properties.kind;
      if (p.type === 'Country' && own && p.properties.code) props.code = p.properties.code;
      const complete = p.type === 'Person' || (p.type === 'Organization' && props.kind) || (p.type === 'Country' && props.code);
      if (complete) {
        const existing = nodes.get(ref.id);
        if (existing) existing.citations.push(...cite(p));
        else nodes.set(ref.id, { id: ref.id, type: p.type, properties: props, citations: cite(p) });
      }
      continue;
    }
    const props: Record<string, unknown> = { name: ref.name };
    const aliases = [...new Set([...(ref.name !== p.name ? [p.name] : []), ...p.aliases])].filter((a) => a !== ref.name);
    if (aliases.length > 0) props.aliases = aliases;
    if (p.type === 'Organization') {
      props.kind = d?.edits.kind || p.properties.kind || 'other';
      if (p.properties.country) props.country = p.properties.country;
    }
    if (p.type === 'Country') props.code = p.properties.code;
    const existing = nodes.get(ref.id);
    if (existing) existing.citations.push(...cite(p));
    else nodes.set(ref.id, { id: ref.id, type: p.type, properties: props, citations: cite(p) });
  }
  for (const p of draft.proposals) {
    if (p.kind !== 'entity' || !accepted(p.id) || !p.countryEntity || entityRef(p, decisions[p.id]).stored) continue;
    const country = refs.get(p.countryEntity);
    if (country) rel('BELONGS_TO', refs.get(p.id)!, country, p);
  }
  const meetingIds = new Map<string, string>();
  for (const p of draft.proposals) {
    if (p.kind !== 'meeting' || !accepted(p.id)) continue;
    const stored = meetingRef(p, decisions[p.id]);
    if (stored) {
      meetingIds.set(p.id, stored.id);
      // Cited under its stored title, kind and status, when the draft knows them.
      const known = [p.match, ...p.candidates].find((c) => c?.id === stored.id)?.properties;
      if (known?.kind && known.status)
        nodes.set(stored.id, {
          id: stored.id,
          type: 'Meeting',
          properties: { title: stored.name, kind: known.kind, status: known.status },
          citations: cite(p, p.alsoIn),
        });
      continue;
    }
    const e = decisions[p.id]?.edits ?? {};
    const title = e.title?.trim() || p.title;
    const date = e.date?.trim() || p.date;
    const id = `meeting-${date ? `${date}-` : ''}${slug(title)}`;
    meetingIds.set(p.id, id);
    nodes.set(id, {
      id,
      type: 'Meeting',
      properties: {
        title,
        kind: e.meetingKind || p.meetingKind,
        status: e.meetingStatus || p.meetingStatus,
        ...(date ? { date } : {}),
        ...(p.place ? { place: p.place } : {}),
        ...(p.country ? { country: p.country } : {}),
      },
      citations: cite(p, p.alsoIn),
    });
    const country = p.countryEntity ? refs.get(p.countryEntity) : undefined;
    if (country) rel('HELD_IN', id, country, p);
  }
  for (const p of draft.proposals) {
    if (p.kind === 'meeting' && accepted(p.id) && p.partOf && !meetingRef(p, decisions[p.id])) {
      const whole = meetingIds.get(p.partOf);
      if (whole) rel('PART_OF', meetingIds.get(p.id)!, whole, p);
    }
  }
  for (const p of draft.proposals) {
    if (!accepted(p.id) || p.kind === 'entity' || p.kind === 'meeting') continue;
    const e = decisions[p.id]?.edits ?? {};
    const missing = (what: string) => skipped.push({ id: p.id, reason: `its ${what} is not accepted` });
    if (p.kind === 'post') {
      const person = refs.get(p.person);
      const org = refs.get(p.organization);
      if (!person) missing('person');
      else if (!org) missing('institution');
      else
        rel(
          'HOLDS_POST',
          person,
          org,
          p,
          { title: e.title?.trim() || p.title || 'Member', ...(p.start ? { start: p.start } : {}) },
          [],
          stored(p.person, p.organization) ? p.existing : undefined,
        );
    } else if (p.kind === 'participation') {
      const person = refs.get(p.person);
      const meeting = meetingIds.get(p.meeting);
      if (!person) missing('person');
      else if (!meeting) missing('meeting');
      else rel('TAKES_PART', person, meeting, p, { role: e.role || p.role }, [], stored(p.person, p.meeting) ? p.existing : undefined);
    } else if (p.kind === 'topic') {
      const name = e.name?.trim() || p.name;
      const id = `topic-${slug(name)}`;
      const existing = nodes.get(id);
      if (existing) existing.citations.push(...cite(p));
      else nodes.set(id, { id, type: 'Topic', properties: { name }, citations: cite(p) });
      for (const m of p.meetings) {
        const meeting = meetingIds.get(m);
        if (meeting) rel('CONCERNS', meeting, id, p);
      }
    } else if (p.kind === 'acquaintance') {
      const [a, b] = p.people.map((x) => refs.get(x));
      if (!a || !b) missing('people');
      else rel('KNOWS', a, b, p, {}, [], stored(p.people[0], p.people[1]) ? p.existing : undefined);
    }
  }
  return {
    bundle: {
      format: 'liaison-bundle',
      version: 1,
      description: `Drafted from "${source.title}"${source.publisher ? ` (${source.publisher})` : ''} and reviewed on the Draft page`,
      nodes: [...nodes.values()],
      relationships: [...relationships.values()],
    },
    skipped,
  };
}
