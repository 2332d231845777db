// Reads a Popolo JSON file (EveryPolitician's and other parliaments' exports) into records: one per
// area, legislative period (event), post, organisation, person and membership, in that order, so a
// membership's person and organisation come before it. Persons become Person nodes, organisations
// Organization nodes, a membership of a legislature a HOLDS_POST and its on_behalf_of party a
// MEMBER_OF. What the schema has no place for (images, links, contact details, the languages of
// other_names, unknown keys) is counted in unmapped() and kept in each record's raw JSON.
//
// A Popolo file is one JSON document, so it is parsed whole (Popolo files are a few MB at most:
// the largest EveryPolitician file, the UK House of Lords, is about 8 MB).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ValidationError } from '../../errors';
import type { ORGANIZATION_KINDS } from '../../schema/model';
import {
  RAW_RECORD_LIMIT,
  recordNodeId,
  type FactNode,
  type FactRelationship,
  type ImportReader,
  type ReaderInput,
  type RecordProblem,
  type RecordUnit,
  type SourceRecord,
} from '../pipeline/types';
import { parseJsonDocument, recordLines } from './locate';
import {
  Tally,
  compositeId,
  countryFromName,
  countryValue,
  fileStem,
  foreignId,
  fuzzyDateValue,
  genderValue,
  identifierValue,
  pushUnique,
  shortHash,
  slug,
  type Parsed,
} from './values';

type Json = Record<string, unknown>;
type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
};
// A name as written, its runs of white space (tabs, no-break and other Unicode spaces, line
// breaks) made one space: "Владимир\u00a0 Жириновский" and "Владимир Жириновский" are one name, and
// the second would otherwise become an alias of the first.
const nameText = (v: unknown): string | undefined => str(v)?.replace(/\s+/gu, ' ');
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Popolo classifications → organisation kinds; matched on the lower-cased classification. */
function organizationKind(classification: string | undefined): OrganizationKind {
  const c = (classification ?? '').toLowerCase().trim();
  if (c === 'party' || c === 'political party') return 'party';
  if (/^(legislature|chamber|parliament|lower house|upper house|house|assembly|senate)$/.test(c)) return 'parliament';
  if (/(parliamentary group|political group|group|faction|fraction|caucus|bloc)/.test(c)) return 'parliamentary_group';
  if (/^(executive|government|cabinet|council of ministers)$/.test(c)) return 'state_body';
  if (c === 'ministry') return 'ministry';
  return 'other';
}

/** Kinds of institution where a membership is a post (a seat), not a membership of a body like a party. */
const POST_KINDS = new Set<OrganizationKind>(['parliament', 'state_body', 'ministry']);

// EveryPolitician writes "no party" as an organisation named Independent (id IND or independent).
// A party node of that name would tie every independent deputy to every other through a body that
// does not exist, so by default such memberships make no MEMBER_OF (param independents=organization
// keeps them as an organisation of kind other).
const isIndependent = (org: Json) =>
  /^(ind|independent|independents)$/i.test(str(org.id) ?? '') ||
  /^(independents?|non-?partisan|no party|unaffiliated)$/i.test(str(org.name) ?? '');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Open Civic Data ids (Pupa, Open States: ocd-person/<uuid>, ocd-organization/<uuid>) are global
// too: a file of persons and memberships names organisations another file defines.
const OCD_ID = /^ocd-[a-z]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PERSON_KEYS = new Set([
  'id',
  'name',
  'other_names',
  'identifiers',
  'birth_date',
  'death_date',
  'gender',
  'biography',
  'summary',
  'memberships',
]);
const ORG_KEYS = new Set(['id', 'name', 'other_names', 'identifiers', 'classification', 'country', 'area_id', 'area']);
const MEMBERSHIP_KEYS = new Set([
  'id',
  'person_id',
  'organization_id',
  'organisation_id',
  'on_behalf_of_id',
  'legislative_period_id',
  'area_id',
  'area',
  'post_id',
  'role',
  'label',
  'start_date',
  'end_date',
]);
const AREA_KEYS = new Set(['id', 'name']);
const EVENT_KEYS = new Set(['id', 'name', 'classification', 'organization_id', 'start_date', 'end_date']);
const POST_KEYS = new Set(['id', 'label', 'role', 'organization_id', 'area_id']);
const TOP_KEYS = new Set(['persons', 'organizations', 'organisations', 'memberships', 'areas', 'events', 'posts', 'meta']);

// The collections a Popolo file may hold at its top level, by the key it is read from.
const COLLECTION_KEYS = ['persons', 'organizations', 'organisations', 'memberships', 'areas', 'events', 'posts'] as const;

interface Collections {
  persons: unknown[];
  organizations: unknown[];
  organizationsKey: string;
  memberships: unknown[];
  areas: unknown[];
  events: unknown[];
  posts: unknown[];
  meta: Json;
}

const typeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/**
 * The file's collections, or the reason it is not a Popolo file: a top level that is neither an
 * object nor a list of persons, an object without any Popolo collection, or a collection that is
 * not a list (a map of persons by id, say). Each would otherwise import nothing and say "0 records".
 */
function collections(doc: unknown, fileName: string): Collections {
  const empty = {
    persons: [],
    organizations: [],
    organizationsKey: 'organizations',
    memberships: [],
    areas: [],
    events: [],
    posts: [],
    meta: {},
  };
  // A bare list: persons, as some producers write a people-only file.
  if (Array.isArray(doc)) return { ...empty, persons: doc };
  if (!isObject(doc))
    throw new ValidationError(
      `${fileName}: the top level is ${typeName(doc)}, so not a Popolo file (an object with persons, organizations, memberships…, or a list of persons).`,
      [{ path: '$', message: `expected an object or a list, found ${typeName(doc)}`, code: 'not_popolo' }],
    );
  const present = COLLECTION_KEYS.filter((k) => k in doc);
  if (present.length === 0) {
    const keys = Object.keys(doc);
    throw new ValidationError(
      `${fileName}: no Popolo collection (${COLLECTION_KEYS.join(', ')}) at the top level${keys.length > 0 ? `; its keys are ${keys.slice(0, 10).join(', ')}` : ''}.`,
      [{ path: '$', message: `no ${COLLECTION_KEYS.join(', ')}`, code: 'not_popolo' }],
    );
  }
  const issues = present
    .filter((k) => doc[k] !== null && !Array.isArray(doc[k]))
    .map((k) => ({ path: `$.${k}`, message: `expected a list of ${k}, found ${typeName(doc[k])}`, code: 'invalid_type' }));
  if (issues.length > 0)
    throw new ValidationError(
      `${fileName}: ${issues.map((i) => `${i.path.slice(2)} is ${typeName(doc[i.path.slice(2)])}, not a list`).join('; ')}.`,
      issues,
    );
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const organizationsKey = Array.isArray(doc.organizations) ? 'organizations' : 'organisations';
  return {
    persons: list(doc.persons),
    organizations: list(doc[organizationsKey]),
    organizationsKey,
    memberships: list(doc.memberships),
    areas: list(doc.areas),
    events: list(doc.events),
    posts: list(doc.posts),
    meta: isObject(doc.meta) ? doc.meta : {},
  };
}

/** Reads one Popolo file. Params: country, scope, source, title, publisher, version, licence, url, retrieved, nameLanguage, independents. */
export function createPopoloReader(input: ReaderInput): ImportReader {
  const fileName = path.basename(input.name);
  const stem = fileStem(input.name);
  const params = input.params;
  const everyPolitician = /\.ep-popolo/i.test(fileName) || params.publisher === 'EveryPolitician';
  // File-local Popolo ids ("legislature", "IND", "term/4") recur in every EveryPolitician file, so
  // they are scoped by the dataset; UUIDs (EveryPolitician's persons) are global and are not.
  const scope = slug(params.scope ?? stem) || 'popolo';
  const sourceId = params.source ?? `dataset-${slug(fileName.replace(/\.json$/i, '')) || 'popolo'}`;
  const nameLanguage = params.nameLanguage ?? 'en';
  const keepIndependents = params.independents === 'organization';
  const tally = new Tally();

  let loaded: Promise<{ doc: unknown; c: Collections; lines: Map<string, number> }> | undefined;
  const load = () =>
    (loaded ??= readFile(input.path, 'utf8').then((file) => {
      const text = file.replace(/^\uFEFF/, '');
      const doc = parseJsonDocument(text, fileName, 'a Popolo file');
      return { doc, c: collections(doc, fileName), lines: recordLines(text) };
    }));

  const isGlobal = (id: string) => UUID.test(id) || OCD_ID.test(id);
  const nodeId = (id: string) => (isGlobal(id) ? foreignId('popolo', id) : foreignId(`popolo-${scope}`, id));
  const popoloIdentifier = (id: string) => identifierValue('popolo', isGlobal(id) ? id : `${scope}/${id}`);

  // The country of every organisation of the file: the param, or for EveryPolitician the country
  // its file is named after (Azerbaijan_National_Assembly → AZ; the longest prefix that is a country).
  const fileCountry = (() => {
    if (params.country) {
      const c = countryValue(params.country, 'params.country');
      return c && 'value' in c ? c.value : undefined;
    }
    if (!everyPolitician) return undefined;
    const words = stem.split('_');
    for (let n = words.length; n > 0; n--) {
      const code = countryFromName(words.slice(0, n).join(' '));
      if (code) return code;
    }
    return undefined;
  })();

  function source(meta: Json): FactNode {
    const metaSources = (Array.isArray(meta.sources) ? meta.sources : []).map((s) => (isObject(s) ? str(s.url) : str(s))).filter(Boolean);
    const properties: Json = {
      title: params.title ?? str(meta.title) ?? (everyPolitician ? `EveryPolitician: ${stem.replace(/_/g, ' ')}` : stem.replace(/_/g, ' ')),
      kind: 'dataset',
      version: params.version ?? str(meta.version) ?? fileName,
    };
    const publisher = params.publisher ?? str(meta.publisher) ?? (everyPolitician ? 'EveryPolitician' : undefined);
    if (publisher) properties.publisher = publisher;
    const licence = params.licence ?? params.license ?? str(meta.license) ?? str(meta.licence);
    if (licence) properties.licence = licence;
    if (params.url) properties.url = params.url;
    if (params.retrieved) properties.retrieved = params.retrieved;
    if (metaSources.length > 0) properties.summary = `Compiled from: ${metaSources.join(', ')}`;
    return { id: sourceId, type: 'Source', properties };
  }

  function countUnknownKeys(kind: string, entity: Json, known: ReadonlySet<string>) {
    for (const key of Object.keys(entity)) if (!known.has(key)) tally.add(`${kind}.${key}`);
  }

  /** Keeps a parsed value or turns its problem into one of the record's. */
  function take<T>(parsed: Parsed<T>, problems: RecordProblem[]): T | undefined {
    if (!parsed) return undefined;
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      return undefined;
    }
    return parsed.value;
  }

  // Set by records(): the line each record starts on, the first pointer of each id per kind, and
  // the record keys given so far.
  let lineOf = new Map<string, number>();
  const firstOf = new Map<string, string>();
  const seenKeys = new Set<string>();

  function unit(
    kind: string,
    pointer: string,
    entity: unknown,
    nodes: FactNode[],
    relationships: FactRelationship[],
    problems: RecordProblem[],
    /** What the entry's text leaves out that tells it apart: the person of a membership nested in it. */
    scope?: string,
  ): RecordUnit {
    const raw = JSON.stringify(entity) ?? String(entity);
    const recordId = isObject(entity) ? str(entity.id) : undefined;
    // A record is its text: its id hashes the kind and Popolo id (unique per kind only: area "1"
    // and person "1" may both exist) with a hash of that text. The same file again gives the same
    // ids; a newer release adds a record for each entry it changed (both texts stay cited, as
    // nothing is lost), and a membership without an id keeps its record when the entries before it
    // change, where a pointer (/memberships/12) would name another membership in the new file and
    // its stored text be cited for it. A repeat of the very same text is told apart by its pointer.
    if (recordId) {
      const first = firstOf.get(`${kind}/${recordId}`);
      if (first === undefined) firstOf.set(`${kind}/${recordId}`, pointer);
      else if (first !== pointer) {
        const firstLine = lineOf.get(first);
        problems.push({
          rule: 'duplicate_id',
          severity: 'warning',
          field: 'id',
          value: recordId,
          message: `the same id as ${first}${firstLine ? ` (line ${firstLine})` : ''}: both are read into one ${kind === 'persons' ? 'person' : 'entity'}, whose differing values are kept as aliases and also-stated values`,
        });
      }
    }
    // A nested membership's text has no person_id ({"organization_id": "party-x"} under many
    // persons): its person is hashed with it, or the pointer would tell most of them apart again.
    let key = `${kind}/${recordId ?? ''}#${shortHash(scope === undefined ? raw : `${scope}\u0000${raw}`, 16)}`;
    if (seenKeys.has(key)) key = `${key}@${pointer}`;
    seenKeys.add(key);
    const id = recordNodeId(sourceId, { file: fileName, recordId: key });
    const record: SourceRecord = { id, source: sourceId, file: fileName, pointer, raw: raw.slice(0, RAW_RECORD_LIMIT) };
    const line = lineOf.get(pointer);
    if (line !== undefined) record.line = line;
    if (recordId) record.recordId = recordId;
    for (const n of nodes) n.records = [id, ...(n.records ?? [])];
    for (const r of relationships) r.records = [id, ...(r.records ?? [])];
    return { record, nodes, relationships, problems, raw };
  }

  /** A record that is not an object (a string, a number, null in a list of persons): rejected, with what it is. */
  function notAnObject(kind: string, pointer: string, entry: unknown): RecordUnit {
    const text = JSON.stringify(entry) ?? String(entry);
    return unit(
      kind,
      pointer,
      entry,
      [],
      [],
      [
        {
          rule: 'invalid_type',
          field: pointer,
          value: text.length > 200 ? `${text.slice(0, 197)}…` : text,
          message: `an entry of ${kind} must be an object, not ${typeName(entry)}`,
        },
      ],
    );
  }

  /**
   * Why an entity has no id or no name: missing, or there but not text (an id written as an
   * object, a name as a list), with the value as found.
   */
  function missingIdOrName(entity: Json, id: string | undefined, what: string): RecordProblem {
    const field = id ? 'name' : 'id';
    const found = entity[field];
    if (found === undefined || found === null || (typeof found === 'string' && found.trim() === ''))
      return { rule: 'missing_value', field, message: `${what} needs an id and a name` };
    const text = JSON.stringify(found);
    return {
      rule: 'invalid_type',
      field,
      value: text.length > 200 ? `${text.slice(0, 197)}…` : text,
      message: `${what}'s ${field} must be text${field === 'id' ? ' or a number' : ''}, not ${typeName(found)}`,
    };
  }

  /** Names from other_names, each once; their languages and dates stay in the record's raw JSON. */
  function otherNames(entity: Json, kind: string): Array<{ name: string; lang?: string; ended: boolean }> {
    const out: Array<{ name: string; lang?: string; ended: boolean }> = [];
    // other_names: "Ana" (text, not a list of objects) is read as nothing: counted so that it shows.
    if (entity.other_names != null && !Array.isArray(entity.other_names)) tally.add(`${kind}.other_names (not a list)`);
    for (const o of objects(entity.other_names)) {
      const name = nameText(o.name);
      if (!name) continue;
      const lang = str(o.lang);
      out.push({ name, ...(lang ? { lang } : {}), ended: str(o.end_date) !== undefined });
      for (const key of Object.keys(o)) if (key !== 'name') tally.add(`${kind}.other_names.${key}`);
    }
    return out;
  }

  function identifiers(entity: Json, kind: string, id: string | undefined): string[] {
    const list: string[] = [];
    if (id) pushUnique(list, popoloIdentifier(id));
    if (entity.identifiers != null && !Array.isArray(entity.identifiers)) tally.add(`${kind}.identifiers (not a list)`);
    for (const i of objects(entity.identifiers)) {
      const scheme = str(i.scheme);
      const value = str(i.identifier);
      if (scheme && value) pushUnique(list, identifierValue(scheme, value));
      else tally.add(`${kind}.identifiers (no scheme or value)`);
    }
    if (typeof entity.wikidata === 'string') pushUnique(list, identifierValue('wikidata', entity.wikidata));
    return list;
  }

  return {
    format: 'popolo',

    async sources() {
      const { doc } = await load();
      return [source(isObject(doc) && isObject(doc.meta) ? doc.meta : {})];
    },

    unmapped: () => tally.snapshot(),

    async *records() {
      const { doc, c, lines } = await load();
      lineOf = lines;
      firstOf.clear();
      seenKeys.clear();
      if (isObject(doc)) for (const key of Object.keys(doc)) if (!TOP_KEYS.has(key)) tally.add(`file.${key}`);

      const areaNames = new Map<string, { name: string; record: string }>();
      const periods = new Map<string, { name: string; organization?: string; record: string }>();
      const posts = new Map<string, { label?: string; organization?: string; area?: string; record: string }>();
      const orgKinds = new Map<string, OrganizationKind>();
      const independents = new Set<string>();
      const personIds = new Set<string>();

      for (const [i, area] of c.areas.entries()) {
        if (!isObject(area)) {
          yield notAnObject('areas', `/areas/${i}`, area);
          continue;
        }
        const problems: RecordProblem[] = [];
        const id = str(area.id);
        const name = nameText(area.name);
        countUnknownKeys('area', area, AREA_KEYS);
        const u = unit('areas', `/areas/${i}`, area, [], [], problems);
        if (id && name) areaNames.set(id, { name, record: u.record.id });
        else
          problems.push({
            rule: 'missing_value',
            severity: 'warning',
            field: id ? 'name' : 'id',
            message: 'an area needs an id and a name to be used',
          });
        yield u;
      }

      for (const [i, event] of c.events.entries()) {
        if (!isObject(event)) {
          yield notAnObject('events', `/events/${i}`, event);
          continue;
        }
        const problems: RecordProblem[] = [];
        const id = str(event.id);
        const classification = str(event.classification)?.toLowerCase();
        countUnknownKeys('event', event, EVENT_KEYS);
        const u = unit('events', `/events/${i}`, event, [], [], problems);
        // Legislative periods name the term of a membership; other events (elections) have no
        // place in the schema.
        if (
          id &&
          (classification === 'legislative period' ||
            classification === 'legislative_period' ||
            classification === 'term' ||
            id.startsWith('term/'))
        ) {
          const organization = str(event.organization_id);
          periods.set(id, { name: str(event.name) ?? id, ...(organization ? { organization } : {}), record: u.record.id });
          for (const key of ['start_date', 'end_date'])
            if (event[key] !== undefined) tally.add(`event.${key} (period dates are not copied onto memberships)`);
        } else tally.add(`event (classification ${classification ?? 'none'})`);
        yield u;
      }

      for (const [i, post] of c.posts.entries()) {
        if (!isObject(post)) {
          yield notAnObject('posts', `/posts/${i}`, post);
          continue;
        }
        const id = str(post.id);
        countUnknownKeys('post', post, POST_KEYS);
        const u = unit('posts', `/posts/${i}`, post, [], [], []);
        if (id) {
          const label = str(post.label) ?? str(post.role);
          const organization = str(post.organization_id);
          const area = str(post.area_id);
          posts.set(id, {
            ...(label ? { label } : {}),
            ...(organization ? { organization } : {}),
            ...(area ? { area } : {}),
            record: u.record.id,
          });
        }
        yield u;
      }

      for (const [i, org] of c.organizations.entries()) {
        if (!isObject(org)) {
          yield notAnObject('organizations', `/${c.organizationsKey}/${i}`, org);
          continue;
        }
        const problems: RecordProblem[] = [];
        const pointer = `/${c.organizationsKey}/${i}`;
        const id = str(org.id);
        const names = otherNames(org, 'organization');
        const name = nameText(org.name) ?? names[0]?.name;
        countUnknownKeys('organization', org, ORG_KEYS);
        const kind = organizationKind(str(org.classification));
        if (!keepIndependents && kind === 'party' && isIndependent(org)) {
          if (id) independents.add(id);
          tally.add('organization (Independent: no party, see memberships.on_behalf_of_id)');
          yield unit('organizations', pointer, org, [], [], problems);
          continue;
        }
        if (!id || !name) {
          problems.push(missingIdOrName(org, id, 'an organization'));
          yield unit('organizations', pointer, org, [], [], problems);
          continue;
        }
        orgKinds.set(id, kind);
        const properties: Json = { name, kind };
        const aliases: string[] = [];
        for (const n of names) if (n.name !== name) pushUnique(aliases, n.name);
        if (aliases.length > 0) properties.aliases = aliases;
        const ids = identifiers(org, 'organization', id);
        if (ids.length > 0) properties.identifiers = ids;
        const areaCountry = isObject(org.area) ? org.area.country : undefined;
        const country = take(countryValue(str(org.country) ?? str(areaCountry), 'country'), problems) ?? fileCountry;
        if (country) properties.country = country;
        yield unit('organizations', pointer, org, [{ id: nodeId(id), type: 'Organization', properties }], [], problems);
      }

      function person(entity: Json, pointer: string): RecordUnit {
        const problems: RecordProblem[] = [];
        const id = str(entity.id);
        const names = otherNames(entity, 'person');
        countUnknownKeys('person', entity, PERSON_KEYS);
        const popoloName = nameText(entity.name);
        const preferred = nameLanguage ? names.find((n) => n.lang === nameLanguage && !n.ended)?.name : undefined;
        const given = [str(entity.given_name), str(entity.family_name)].filter(Boolean).join(' ');
        const name = preferred ?? popoloName ?? names[0]?.name ?? (given || undefined);
        if (!id || !name) {
          problems.push(missingIdOrName(entity, id, 'a person'));
          return unit('persons', pointer, entity, [], [], problems);
        }
        personIds.add(id);
        const properties: Json = { name };
        const aliases: string[] = [];
        if (popoloName && popoloName !== name) pushUnique(aliases, popoloName);
        for (const n of names) if (n.name !== name) pushUnique(aliases, n.name);
        if (aliases.length > 0) properties.aliases = aliases;
        const ids = identifiers(entity, 'person', id);
        if (ids.length > 0) properties.identifiers = ids;
        const birthDate = take(fuzzyDateValue(entity.birth_date, 'birth_date'), problems);
        if (birthDate) properties.birthDate = birthDate;
        const deathDate = take(fuzzyDateValue(entity.death_date, 'death_date'), problems);
        if (deathDate) properties.deathDate = deathDate;
        const gender = take(genderValue(entity.gender, 'gender'), problems);
        if (gender) properties.gender = gender;
        const summary = str(entity.biography) ?? str(entity.summary);
        if (summary) properties.summary = summary;
        return unit('persons', pointer, entity, [{ id: nodeId(id), type: 'Person', properties }], [], problems);
      }

      // A bare list of persons is the file's top level: its pointers are /0, /1…
      const personPointer = (i: number) => (Array.isArray(doc) ? `/${i}` : `/persons/${i}`);
      for (const [i, p] of c.persons.entries())
        yield isObject(p) ? person(p, personPointer(i)) : notAnObject('persons', personPointer(i), p);

      function membership(m: Json, pointer: string, personFallback?: string): RecordUnit {
        const problems: RecordProblem[] = [];
        countUnknownKeys('membership', m, MEMBERSHIP_KEYS);
        const personId = str(m.person_id) ?? personFallback;
        const period = periods.get(str(m.legislative_period_id) ?? '');
        const post = posts.get(str(m.post_id) ?? '');
        const orgId = str(m.organization_id) ?? str(m.organisation_id) ?? post?.organization ?? period?.organization;
        const partyId = str(m.on_behalf_of_id);
        const extra: string[] = [];
        if (!personId) problems.push({ rule: 'missing_value', field: 'person_id', message: 'a membership needs a person' });
        if (!orgId && !partyId)
          problems.push({
            rule: 'missing_value',
            field: 'organization_id',
            message: 'a membership needs an organization (or a legislative period that names one)',
          });
        // A nested membership (no person_id of its own) is told apart by its person.
        const scope = str(m.person_id) === undefined ? personFallback : undefined;
        if (problems.length > 0 || !personId) return unit('memberships', pointer, m, [], [], problems, scope);
        if (!personIds.has(personId)) {
          problems.push({
            // A warning of its own rule: unknown_reference is the pipeline's error for what is in neither.
            rule: 'outside_file',
            severity: 'warning',
            field: 'person_id',
            value: personId,
            message: 'the person is not in this file; it must already be in the database',
          });
        }

        // An organisation the file does not define must be in the database: the pipeline checks that,
        // but names the node id; this names the field and the value as written.
        for (const [field, ref] of [
          ['organization_id', orgId],
          ['on_behalf_of_id', partyId],
        ] as const) {
          if (!ref || orgKinds.has(ref) || independents.has(ref)) continue;
          problems.push({
            rule: 'outside_file',
            severity: 'warning',
            field,
            value: ref,
            message: ref.startsWith('~')
              ? 'a Pupa pseudo id (a reference Pupa left unresolved), not an organization of this file; resolve it, or add the organization'
              : 'the organization is not in this file; it must already be in the database',
          });
        }
        const dates: Json = {};
        const start = take(fuzzyDateValue(m.start_date, 'start_date'), problems);
        if (start) dates.start = start;
        const end = take(fuzzyDateValue(m.end_date, 'end_date'), problems);
        if (end) dates.end = end;
        if (period) {
          dates.period = period.name;
          extra.push(period.record);
        } else if (str(m.legislative_period_id)) dates.period = str(m.legislative_period_id);
        if (post) extra.push(post.record);

        const areaId = str(m.area_id) ?? post?.area;
        const areaEntry = areaId ? areaNames.get(areaId) : undefined;
        const areaName = areaEntry?.name ?? (isObject(m.area) ? str(m.area.name) : undefined);
        if (areaEntry) extra.push(areaEntry.record);
        else if (areaId) tally.add('membership.area_id (area not in the file)');

        const relationships: FactRelationship[] = [];
        const person = nodeId(personId);
        const key =
          str(m.id) ??
          [personId, orgId, partyId, str(m.legislative_period_id), str(m.post_id), str(m.role), str(m.start_date)].join('\u0000');
        const base = str(m.id) ? foreignId(`popolo-${scope}-m`, key) : compositeId(`popolo-${scope}-m`, [key]);
        const role = str(m.role) ?? str(m.label);

        if (orgId && !independents.has(orgId)) {
          const kind = orgKinds.get(orgId);
          const isPost = kind ? POST_KINDS.has(kind) : Boolean(period || post || areaId);
          if (isPost) {
            const titleText = role ?? post?.label ?? 'Member';
            const properties: Json = { title: titleText.charAt(0).toUpperCase() + titleText.slice(1), ...dates };
            if (areaName) properties.area = areaName;
            relationships.push({ id: base, type: 'HOLDS_POST', source: person, target: nodeId(orgId), properties, records: [...extra] });
          } else {
            const properties: Json = { ...dates };
            if (role) properties.title = role;
            relationships.push({ id: base, type: 'MEMBER_OF', source: person, target: nodeId(orgId), properties, records: [...extra] });
          }
        } else if (orgId) tally.add('membership.organization_id (Independent)');
        if (partyId && partyId !== orgId) {
          if (independents.has(partyId)) tally.add('membership.on_behalf_of_id (Independent: no MEMBER_OF)');
          else {
            const properties: Json = { ...dates };
            delete properties.area;
            relationships.push({
              id: `${base}-party`,
              type: 'MEMBER_OF',
              source: person,
              target: nodeId(partyId),
              properties,
              records: [...extra],
            });
          }
        }
        return unit('memberships', pointer, m, [], relationships, problems, scope);
      }

      for (const [i, m] of c.memberships.entries())
        yield isObject(m) ? membership(m, `/memberships/${i}`) : notAnObject('memberships', `/memberships/${i}`, m);
      for (const [i, p] of c.persons.entries()) {
        if (!isObject(p) || !Array.isArray(p.memberships)) continue;
        for (const [j, m] of p.memberships.entries()) {
          const pointer = `${personPointer(i)}/memberships/${j}`;
          yield isObject(m) ? membership(m, pointer, str(p.id)) : notAnObject('memberships', pointer, m);
        }
      }
    },
  };
}
