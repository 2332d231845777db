// FollowTheMoney entities as JSON lines, for Aleph and the `ftm` tools. The mapping, fact by fact:
//   Person → Person; Organization → PublicBody (state bodies, security councils, ministries,
//   embassies, parliaments) or Organization (outlets, parties, international and other bodies);
//   Meeting → Event (involved: every participant, organizer: hosts and organizers, location,
//   date/endDate, country from HELD_IN, keywords: kind, status and the topics it CONCERNS);
//   Source → Article (title, publisher, sourceUrl, publishedAt, language), or Document for a dataset,
//   register or document (the same, with retrievedAt, and version and licence in its description);
//   HOLDS_POST → Position (the post at the institution) + Occupancy (holder, post, startDate, endDate);
//   KNOWS → Associate; PART_OF → Membership (institutions) or UnknownLink (a talk within a visit);
//   Country and Topic are values in FtM, not entities: country codes and keywords.
// Citations: a Documentation per citation links the Article to the entity the fact belongs to,
// with role (what it documents), status (reported, speculative, disputed) and summary (the quote).
// A record of a dataset is a Documentation too: its recordId (the dataset's own id of the row),
// summary (the record as read), description (where it is: file and line) and the dataset's
// sourceUrl, publisher and retrievedAt. Occupancy, Associate, Membership and UnknownLink are
// intervals, which Documentation cannot point at; they carry their sources as proof, the quotes and
// record places as description, and the records' ids as recordId instead.
// An entity that "same" judgements merged others into lists their ids as `referents`, as
// nomenklatura's resolved entities do.
import type { ApiCitation } from '../graph/serialize';
import { citationId } from '../import/bundle';
import type { ORGANIZATION_KINDS } from '../schema/model';
import { citationsText, edgeLabel, recordLocation } from './columns';
import type { TextSink } from './sink';
import type { ExportEdge, ExportGraph, ExportNode } from './subgraph';

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  /** The ids merged into this entity (FtM's field for the ids a resolved entity was made of). */
  referents?: string[];
}

/** Every kind of institution decides its FtM schema here; a new kind fails to compile until it does. */
const ORGANIZATION_SCHEMA: Record<(typeof ORGANIZATION_KINDS)[number], 'PublicBody' | 'Organization' | 'Company'> = {
  state_body: 'PublicBody',
  security_council: 'PublicBody',
  ministry: 'PublicBody',
  embassy: 'PublicBody',
  parliament: 'PublicBody',
  party: 'Organization',
  media_outlet: 'Organization',
  international_body: 'Organization',
  parliamentary_group: 'Organization',
  local_authority: 'PublicBody',
  company: 'Company',
  ngo: 'Organization',
  charity: 'Organization',
  trade_association: 'Organization',
  trade_union: 'Organization',
  think_tank: 'Organization',
  university: 'Organization',
  consultancy: 'Company',
  religious_body: 'Organization',
  other: 'Organization',
};

/**
 * ISO 639-1 → the ISO 639-3 codes FollowTheMoney's language type accepts (its whitelist, as of
 * followthemoney 4); a language outside it is left out rather than written invalid.
 */
const FTM_LANGUAGES: Record<string, string> = {
  af: 'afr', am: 'amh', ar: 'ara', az: 'aze', be: 'bel', bg: 'bul', bn: 'ben', bs: 'bos', ca: 'cat', cs: 'ces', da: 'dan',
  de: 'deu', el: 'ell', en: 'eng', es: 'spa', et: 'est', fa: 'fas', fi: 'fin', fr: 'fra', ga: 'gle', he: 'heb', hi: 'hin',
  hr: 'hrv', hu: 'hun', hy: 'hye', id: 'ind', is: 'isl', it: 'ita', ja: 'jpn', ka: 'kat', kk: 'kaz', km: 'khm', kn: 'kan',
  ko: 'kor', ky: 'kir', lb: 'ltz', lo: 'lao', lt: 'lit', lv: 'lav', mk: 'mkd', mn: 'mon', ms: 'msa', mt: 'mlt', my: 'mya',
  ne: 'nep', nl: 'nld', no: 'nor', pl: 'pol', ps: 'pus', pt: 'por', ro: 'ron', ru: 'rus', si: 'sin', sk: 'slk', sl: 'slv',
  sq: 'sqi', sr: 'srp', sv: 'swe', sw: 'swa', ta: 'tam', te: 'tel', tg: 'tgk', th: 'tha', tk: 'tuk', tl: 'tgl', tr: 'tur',
  uk: 'ukr', ur: 'urd', uz: 'uzb', vi: 'vie', zh: 'zho',
}; // prettier-ignore

/** Roles of TAKES_PART that make a participant an organizer of the event. */
const ORGANIZER_ROLES = new Set(['host', 'organizer']);

class Entities {
  private readonly byId = new Map<string, FtmEntity>();

  get(id: string): FtmEntity | undefined {
    return this.byId.get(id);
  }

  make(id: string, schema: string): FtmEntity {
    const entity = { id, schema, properties: {} };
    this.byId.set(id, entity);
    return entity;
  }

  add(id: string, property: string, ...values: Array<unknown>): void {
    const entity = this.byId.get(id);
    if (!entity) return;
    for (const value of values.flat()) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      const list = (entity.properties[property] ??= []);
      if (!list.includes(value)) list.push(value);
    }
  }

  all(): FtmEntity[] {
    return [...this.byId.values()];
  }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const country = (value: unknown): string | undefined => str(value)?.toLowerCase();
const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The FtM entities for an export; pure, so tests can look at them without writing JSON. */
export function ftmEntities(graph: ExportGraph): FtmEntity[] {
  const out = new Entities();
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const docs: Array<{ entity: string; role: string; citation: ApiCitation; factId: string }> = [];
  const documented = (entity: string, role: string, factId: string, citations: ApiCitation[]) => {
    for (const citation of citations) docs.push({ entity, role, citation, factId });
  };

  const sources = new Map(graph.sources.map((s) => [s.id, s]));
  for (const s of graph.sources) {
    const p = s.properties;
    // An article stays an Article; a dataset, register or document is a Document (FtM has no Dataset entity).
    out.make(s.id, p.kind === undefined || p.kind === 'article' ? 'Article' : 'Document');
    out.add(s.id, 'title', str(p.title));
    out.add(s.id, 'publisher', str(p.publisher));
    out.add(s.id, 'sourceUrl', str(p.url));
    out.add(s.id, 'publishedAt', str(p.published));
    out.add(s.id, 'retrievedAt', str(p.retrieved));
    out.add(s.id, 'language', FTM_LANGUAGES[str(p.language) ?? '']);
    out.add(s.id, 'summary', str(p.summary));
    const release = [str(p.version) && `Version: ${str(p.version)}.`, str(p.licence) && `Licence: ${str(p.licence)}.`].filter(Boolean);
    if (release.length) out.add(s.id, 'description', release.join(' '));
  }

  const caption = (n: ExportNode) => `${n.type}: ${n.name}`;
  for (const n of graph.nodes) {
    const p = n.properties;
    if (n.type === 'Person') {
      out.make(n.id, 'Person');
      out.add(n.id, 'nationality', country(p.nationality));
    } else if (n.type === 'Organization') {
      out.make(n.id, ORGANIZATION_SCHEMA[p.kind as keyof typeof ORGANIZATION_SCHEMA] ?? 'Organization');
      out.add(n.id, 'country', country(p.country));
    } else if (n.type === 'Meeting') {
      out.make(n.id, 'Event');
      out.add(n.id, 'date', str(p.date));
      out.add(n.id, 'endDate', str(p.endDate));
      out.add(n.id, 'location', str(p.place));
      out.add(n.id, 'country', country(p.country));
      out.add(n.id, 'keywords', str(p.kind), str(p.status));
    } else continue; // Country, Topic: values, see the edges; Source: an Article above.
    out.add(n.id, 'name', n.name);
    out.add(n.id, 'alias', p.aliases);
    out.add(n.id, 'summary', str(p.summary));
    documented(n.id, caption(n), n.id, n.citations);
  }

  const interval = (e: ExportEdge, schema: string) => {
    out.make(e.id, schema);
    out.add(
      e.id,
      'proof',
      e.citations.map((c) => c.sourceId),
    );
    out.add(e.id, 'description', citationsText(e.citations));
    out.add(
      e.id,
      'recordId',
      e.citations.map((c) => (c.kind === 'record' ? c.recordId : null)),
    );
  };
  for (const e of graph.edges) {
    const source = nodes.get(e.source);
    const target = nodes.get(e.target);
    if (!source || !target) continue;
    const what = `${source.name} ${edgeLabel(e.type, e.properties)} ${target.name}`;
    const p = e.properties;
    switch (e.type) {
      case 'HOLDS_POST': {
        const title = str(p.title) ?? 'Post';
        const position = `position-${target.id}-${slug(title) || 'post'}`;
        if (!out.get(position)) {
          out.make(position, 'Position');
          out.add(position, 'name', `${title}, ${target.name}`);
          out.add(position, 'organization', target.id);
          out.add(position, 'country', country(target.properties.country));
        }
        interval(e, 'Occupancy');
        out.add(e.id, 'holder', source.id);
        out.add(e.id, 'post', position);
        out.add(e.id, 'startDate', str(p.start));
        out.add(e.id, 'endDate', str(p.end));
        break;
      }
      case 'KNOWS':
        interval(e, 'Associate');
        out.add(e.id, 'person', source.id);
        out.add(e.id, 'associate', target.id);
        out.add(e.id, 'relationship', 'knows');
        out.add(e.id, 'summary', str(p.context));
        out.add(e.id, 'startDate', str(p.since));
        break;
      case 'PART_OF':
        interval(e, source.type === 'Meeting' ? 'UnknownLink' : 'Membership');
        out.add(e.id, source.type === 'Meeting' ? 'subject' : 'member', source.id);
        out.add(e.id, source.type === 'Meeting' ? 'object' : 'organization', target.id);
        out.add(e.id, 'role', 'part of');
        break;
      case 'TAKES_PART':
        out.add(target.id, 'involved', source.id);
        if (ORGANIZER_ROLES.has(str(p.role) ?? '')) out.add(target.id, 'organizer', source.id);
        documented(target.id, what, e.id, e.citations);
        break;
      case 'HELD_IN':
        out.add(source.id, 'country', country(target.properties.code));
        documented(source.id, what, e.id, e.citations);
        break;
      case 'BELONGS_TO':
        out.add(source.id, 'country', country(target.properties.code));
        documented(source.id, what, e.id, e.citations);
        break;
      case 'CONCERNS':
        out.add(source.id, 'keywords', target.name);
        documented(source.id, what, e.id, e.citations);
        break;
      case 'PUBLISHED_BY':
        out.add(source.id, 'publisher', target.name);
        documented(target.id, what, e.id, e.citations);
        break;
    }
  }

  for (const d of docs) {
    const c = d.citation;
    if (!out.get(d.entity) || !out.get(c.sourceId)) continue;
    // A record's Documentation is keyed by the record, as a quote's is by its sentence.
    const id = `doc-${citationId(d.factId, c.sourceId, c.kind === 'quote' ? c.quote : `\u0000record:${c.record}`).slice(4)}`;
    out.make(id, 'Documentation');
    out.add(id, 'document', c.sourceId);
    out.add(id, 'entity', d.entity);
    out.add(id, 'role', d.role);
    out.add(id, 'status', c.status);
    if (c.kind === 'quote') {
      out.add(id, 'summary', c.quote);
      out.add(id, 'description', c.note ?? undefined);
    } else {
      const p = sources.get(c.sourceId)?.properties ?? {};
      out.add(id, 'recordId', c.recordId ?? undefined);
      out.add(id, 'description', `Record ${recordLocation(c)}`);
      out.add(id, 'summary', c.raw ?? undefined);
      out.add(id, 'sourceUrl', str(p.url));
      out.add(id, 'publisher', str(p.publisher));
      out.add(id, 'retrievedAt', str(p.retrieved));
    }
  }
  for (const m of graph.mergedIds ?? []) {
    const entity = out.get(m.canonicalId);
    if (entity && !entity.referents?.includes(m.id)) (entity.referents ??= []).push(m.id);
  }
  return out.all();
}

export async function writeFtm(graph: ExportGraph, sink: TextSink): Promise<void> {
  for (const entity of ftmEntities(graph)) await sink.write(`${JSON.stringify(entity)}\n`);
}

/** The FtM schemata this mapping produces; the test checks each against the installed model. */
export const FTM_SCHEMATA = [
  'Article',
  'Document',
  'Person',
  'PublicBody',
  'Organization',
  'Company',
  'Event',
  'Position',
  'Occupancy',
  'Associate',
  'Membership',
  'UnknownLink',
  'Documentation',
] as const;
