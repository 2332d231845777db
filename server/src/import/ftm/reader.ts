// Reads FollowTheMoney entities — JSON lines as Aleph and OpenSanctions publish them, or one JSON
// array — into records, one per entity. The FtM model (@alephdata/followthemoney) decides what an
// entity is: anything that isA Person becomes a Person, any other LegalEntity an Organization
// (Company → company, PublicBody → state_body, else by `classification`), a Document (Article…) a
// Source, an Event a Meeting with TAKES_PART for involved and organizer entities; Occupancy (via its
// Position), Directorship and Employment become HOLDS_POST, Membership MEMBER_OF, Associate and
// Family KNOWS, an UnknownLink "part of" between two Events PART_OF (read after the Events); a
// Documentation with a quote (summary) becomes a citation on the entity it documents. Everything else is counted per "Schema" and "Schema.property" in unmapped(), never dropped unseen.
//
// Order and memory: FtM files interleave entities and the links between them, and the contract
// wants a link's endpoints first. The file is read up to three times, streamed line by line: a scan
// (ids and schemata of every entity, the Positions' names and organisations, the Documentations'
// quotes), then every entity that becomes a node or is not mapped, in file order, then every
// link-like entity (Occupancy, Membership, Directorship, Employment, Associate, Family, Event,
// Documentation), in file order. So links come at the end of the stream; memory is one id and
// schema per entity plus the Positions and quotes, never the entities themselves. An entity in
// several fragments (the same id on several lines, as Aleph streams have) costs one more read, and
// its fragments' names and endpoints are held so that a fragment lacking them takes them from
// another. Lines are split and decoded here, not by readline, so that a line that
// is not UTF-8 is rejected rather than stored mangled.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';

import { Model, defaultModel, type Schema } from '@alephdata/followthemoney';

import { ValidationError } from '../../errors';

import { CITATION_STATUSES, MEETING_KINDS, MEETING_STATUSES, type ORGANIZATION_KINDS } from '../../schema/model';
import type { CitationInput } from '../../schema/validators';
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
import { parseJsonDocument } from '../popolo/locate';
import {
  Tally,
  compositeId,
  countryValue,
  foreignId,
  fuzzyDateValue,
  genderValue,
  identifierValue,
  pushUnique,
  slug,
  type Parsed,
} from '../popolo/values';

type Json = Record<string, unknown>;
type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ftmModel = new Model(defaultModel);

/** Our id for an FtM id: `ftm-<id>` when the id is already a valid id of ours, else a slug with a hash. */
export function ftmNodeId(id: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(id) && id.length <= 190 ? `ftm-${id}` : foreignId('ftm', id);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a name is written in Latin letters (with digits, punctuation and accents). */
const isLatin = (name: string) => /\p{Script=Latin}/u.test(name) && !/[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u.test(name);

/** What a JSON value is, in words, for messages. */
const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'an object'
        : typeof v === 'number'
          ? 'a number'
          : `a ${typeof v}`;

/** The string values of a property; nested entities (OpenSanctions' nested format) stand for their id. */
function values(props: Json, name: string): string[] {
  const raw = props[name];
  const list = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  const out: string[] = [];
  for (const v of list) {
    const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : isObject(v) && typeof v.id === 'string' ? v.id : undefined;
    const t = s?.trim();
    if (t) out.push(t);
  }
  return out;
}

/** FtM classification words → organisation kinds (for Organization and LegalEntity, whose schema says little). */
const CLASSIFICATION_KINDS: ReadonlyArray<[RegExp, OrganizationKind]> = [
  [/\bpart(y|ies)\b/i, 'party'],
  [/parliamentary group|faction|caucus/i, 'parliamentary_group'],
  [/parliament|legislat|assembly|senate|congress/i, 'parliament'],
  [/ministry|ministries|department of/i, 'ministry'],
  [/embass/i, 'embassy'],
  [/municipal|local (authority|government)|city council|county/i, 'local_authority'],
  [/trade union|labou?r union/i, 'trade_union'],
  [/trade association|business association|chamber of commerce|industry association/i, 'trade_association'],
  [/think.?tank/i, 'think_tank'],
  [/universit|college|academy/i, 'university'],
  [/charit|foundation/i, 'charity'],
  [/\bngo\b|non-?governmental|non-?profit|civil society/i, 'ngo'],
  [/media|newspaper|broadcast|news agency/i, 'media_outlet'],
  [/church|religio|mosque|diocese/i, 'religious_body'],
  [/international organi[sz]ation|intergovernmental/i, 'international_body'],
  [/consultan|lobby/i, 'consultancy'],
  [/compan|corporat|\bltd\b|\bllc\b|\bplc\b|enterprise/i, 'company'],
  [/government|state (body|agency)|agency|authority|public body/i, 'state_body'],
];

function kindFromText(texts: string[]): OrganizationKind | undefined {
  for (const text of texts) for (const [pattern, kind] of CLASSIFICATION_KINDS) if (pattern.test(text)) return kind;
  return undefined;
}

/** OpenSanctions' position topics → the kind of institution a Position without an organisation stands for. */
function kindFromTopics(topics: string[]): OrganizationKind {
  if (topics.includes('gov.legislative')) return 'parliament';
  if (topics.includes('gov.muni')) return 'local_authority';
  if (topics.includes('gov.igo')) return 'international_body';
  if (topics.includes('gov.soe')) return 'company';
  if (topics.includes('pol.party')) return 'party';
  if (topics.some((t) => t.startsWith('gov.'))) return 'state_body';
  return 'other';
}

// ISO 639-3 (FtM's language type) → ISO 639-1 (ours), found through the language names ICU knows,
// so that no list is copied by hand: "aze" and "az" are both "Azerbaijani".
const LANGUAGES_639_1 = (() => {
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const byName = new Map<string, string>();
  for (let a = 97; a <= 122; a++)
    for (let b = 97; b <= 122; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name && !byName.has(name)) byName.set(name, code);
    }
  return (code: string): string | undefined => {
    const c = code.toLowerCase();
    if (/^[a-z]{2}$/.test(c)) return byName.has(names.of(c) ?? '') ? c : undefined;
    const name = /^[a-z]{3}$/.test(c) ? names.of(c) : undefined;
    return name ? byName.get(name) : undefined;
  };
})();

/** The properties of FtM's identifier type of a schema (with its parents'), computed once per schema. */
const IDENTIFIER_PROPERTIES = new Map<string, string[]>();
function identifierProperties(schema: Schema): string[] {
  let list = IDENTIFIER_PROPERTIES.get(schema.name);
  if (!list) {
    list = [...schema.getProperties()].filter(([, p]) => p.type.name === 'identifier').map(([name]) => name);
    IDENTIFIER_PROPERTIES.set(schema.name, list);
  }
  return list;
}

/** How an entity of a schema is handled: 'node' (second pass), 'link' (third pass), or not mapped. */
type Role = 'person' | 'organization' | 'position' | 'document' | 'link' | 'unmapped';

const LINK_SCHEMATA = [
  'Occupancy',
  'Membership',
  'Directorship',
  'Employment',
  'Associate',
  'Family',
  'Event',
  'Documentation',
  'UnknownLink',
];

const ROLES = new Map<string, Role>();
function roleOf(schema: Schema): Role {
  let role = ROLES.get(schema.name);
  if (!role) ROLES.set(schema.name, (role = computeRole(schema)));
  return role;
}

function computeRole(schema: Schema): Role {
  if (LINK_SCHEMATA.includes(schema.name)) return 'link';
  if (schema.isA('Person')) return 'person';
  if (schema.isA('LegalEntity')) return 'organization';
  if (schema.isA('Position')) return 'position';
  if (schema.isA('Document')) return 'document';
  return 'unmapped';
}

/** Our node label for a role, for checking a link's endpoints. */
const LABEL: Partial<Record<Role, string>> = {
  person: 'Person',
  organization: 'Organization',
  position: 'Organization',
  document: 'Source',
};

/** Top-level keys of an entity line that carry no facts of their own (OpenSanctions' metadata). */
const META_KEYS = new Set([
  'id',
  'schema',
  'properties',
  'caption',
  'datasets',
  'referents',
  'first_seen',
  'last_seen',
  'last_change',
  'target',
]);

interface Entry {
  /** 1-based line (JSON lines) or entry number (JSON array). */
  line: number;
  text: string;
  arrayFile: boolean;
  /** The 1-based byte of the line where it stops being UTF-8, if it does. */
  badByte?: number;
  /** The file's last line, with no line end after it (a cut-off download ends so). */
  unterminated?: boolean;
}

/** The properties an entity cannot be mapped without (its name, a link's endpoints, a post's
 * organisation): only these are held for the fragments of an entity, so a stream of fragments
 * costs a few strings per entity, not the entities. */
const NEEDED_PROPERTIES = new Set([
  'name',
  'holder',
  'post',
  'organization',
  'director',
  'employee',
  'employer',
  'member',
  'person',
  'associate',
  'relative',
  // An UnknownLink's ends (PART_OF between Events).
  'subject',
  'object',
]);

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The first byte of a buffer that is not part of a UTF-8 sequence (0-based), if any. */
function firstBadByte(b: Buffer): number | undefined {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file's lines (split at LF, a CR before it dropped), decoded as UTF-8. A line that is not UTF-8
 * (a Latin-1 export) is decoded with replacement characters and says where it went wrong: read as
 * text by Node it would be silently mangled ("José" stored as "Jos\uFFFD").
 */
async function* byteLines(file: string): AsyncGenerator<{ text: string; badByte?: number; unterminated?: boolean }> {
  const decode = (parts: Buffer[]) => {
    let b = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    if (b.length > 0 && b[b.length - 1] === 0x0d) b = b.subarray(0, b.length - 1);
    try {
      return { text: strictUtf8.decode(b) };
    } catch {
      return { text: b.toString('utf8'), badByte: (firstBadByte(b) ?? 0) + 1 };
    }
  };
  const stream = createReadStream(file);
  let parts: Buffer[] = [];
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        parts.push(chunk.subarray(start, nl));
        yield decode(parts);
        parts = [];
        start = nl + 1;
      }
      if (start < chunk.length) parts.push(chunk.subarray(start));
    }
    if (parts.length > 0) yield { ...decode(parts), unterminated: true };
  } finally {
    stream.destroy();
  }
}

interface PositionInfo {
  name?: string;
  organization?: string;
  record: string;
}

const truncate = (value: string) => (value.length > 200 ? `${value.slice(0, 197)}…` : value);

/** Reads one FtM file. Params: dataset (opensanctions), source, title, publisher, version, licence, url, retrieved. */
export function createFtmReader(input: ReaderInput): ImportReader {
  const fileName = path.basename(input.name);
  const params = input.params;
  const sourceId = params.source ?? `dataset-${slug(fileName.replace(/\.(jsonl?|ftm|ndjson)$/i, '')) || 'ftm'}`;
  const tally = new Tally();

  let arrayFile: boolean | undefined;
  let openSanctions = params.dataset?.toLowerCase() === 'opensanctions' || /opensanctions/i.test(fileName);

  /** Whether the file is one JSON array (else JSON lines), and whether its first entity is OpenSanctions'. */
  async function sniff(): Promise<boolean> {
    if (arrayFile !== undefined) return arrayFile;
    const handle = await open(input.path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      // A compressed file read as text would be a screen of "not JSON" lines.
      const packed =
        buf[0] === 0x1f && buf[1] === 0x8b ? 'gzip-compressed' : buf.subarray(0, 4).equals(ZIP_MAGIC) ? 'a zip archive' : undefined;
      if (packed)
        throw new ValidationError(`${fileName}: the file is ${packed}, not FtM JSON lines; unpack it and import the .json inside.`, [
          { path: fileName, message: `${packed} file`, code: 'compressed_file' },
        ]);
      const head = buf
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
      const first = head.trimStart().split(/\r?\n/, 1)[0] ?? '';
      // A file opening with "[" is one JSON array, unless its first line is a whole JSON value and
      // more lines follow: JSON lines whose first line is bad ("[1,2]").
      const more = head.trimStart().slice(first.length).trim() !== '';
      arrayFile = first.startsWith('[') && !(more && parse(first, true) !== undefined);
      if (!arrayFile && /"(datasets|first_seen|referents)"\s*:/.test(first)) openSanctions = true;
    } finally {
      await handle.close();
    }
    return arrayFile;
  }

  async function* entries(): AsyncGenerator<Entry> {
    if (await sniff()) {
      // A JSON array cannot be split into lines, so it is parsed whole (JSON lines are streamed).
      const text = (await readFile(input.path, 'utf8')).replace(/^\uFEFF/, '');
      // The array is one value, so a syntax error (a truncated download) spoils the whole file:
      // it is refused, naming the line and column people look for.
      const doc = parseJsonDocument(text, fileName, 'a JSON array of FtM entities');
      const list = Array.isArray(doc) ? doc : [];
      for (const [i, value] of list.slice(0, input.previewEntries ?? list.length).entries())
        yield { line: i + 1, text: JSON.stringify(value), arrayFile: true };
      return;
    }
    let line = 0;
    let read = 0;
    for await (const { text, badByte, unterminated } of byteLines(input.path)) {
      line++;
      const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (t.trim() === '') continue;
      if (++read > (input.previewEntries ?? Infinity)) return;
      yield { line, text: t, arrayFile: false, ...(badByte !== undefined ? { badByte } : {}), ...(unterminated ? { unterminated } : {}) };
    }
  }

  // Aleph's streams may hold one entity in several fragments (lines with the same id). Each line is
  // its own record: the second and later fragments' record ids also hash their ordinal.
  const fragments = new Map<number, number>();
  /** The union of the fragments' NEEDED_PROPERTIES, for entities with more than one: a fragment may
   * lack what its entity needs to be mapped at all (a name, a link's endpoint), which another
   * fragment has. */
  const fragmentProps = new Map<string, Json>();
  const fragmentKey = (line: number, id: string) => {
    const n = fragments.get(line);
    return n === undefined ? id : `${id}\u0000${n}`;
  };

  const locatorOf = (e: Entry, id?: string): SourceRecord => {
    const record: SourceRecord = {
      id: recordNodeId(sourceId, id ? { file: fileName, recordId: fragmentKey(e.line, id) } : { file: fileName, line: e.line }),
      source: sourceId,
      file: fileName,
      raw: e.text.slice(0, RAW_RECORD_LIMIT),
    };
    if (e.arrayFile) {
      record.row = e.line;
      record.pointer = `/${e.line - 1}`;
    } else record.line = e.line;
    if (id) record.recordId = id;
    return record;
  };

  // Filled by the scan.
  const schemaOf = new Map<string, string>();
  const positions = new Map<string, PositionInfo>();
  /** Quotes of Documentations, by the FtM id of the entity they document, with the FtM id of the document. */
  const quotes = new Map<string, Array<{ document: string; citation: CitationInput }>>();
  let unknownLinks = false;
  /** Per line (entry): 1 = read in the node pass, 2 = in the link pass, 3 = after it (UnknownLink). */
  let passOf = new Uint8Array(1024);
  const setPass = (line: number, pass: number) => {
    if (line >= passOf.length) {
      const grown = new Uint8Array(Math.max(passOf.length * 2, line + 1));
      grown.set(passOf);
      passOf = grown;
    }
    passOf[line] = pass;
  };

  function parse(text: string, anyValue = false): Json | undefined {
    try {
      const v = JSON.parse(text) as unknown;
      return isObject(v) || (anyValue && v !== undefined) ? (v as Json) : undefined;
    } catch {
      return undefined;
    }
  }

  const schemaNamed = (name: unknown): Schema | undefined => (typeof name === 'string' ? ftmModel.schemata[name] : undefined);

  async function scan(): Promise<void> {
    /** Fragments seen so far of entities that have more than one. */
    const seen = new Map<string, number>();
    for await (const e of entries()) {
      const entity = parse(e.text);
      const schema = entity ? schemaNamed(entity.schema) : undefined;
      const id = entity && typeof entity.id === 'string' ? entity.id : undefined;
      if (!entity || !schema || !id || e.badByte !== undefined) {
        setPass(e.line, 1);
        continue;
      }
      if (schemaOf.has(id)) {
        seen.set(id, (seen.get(id) ?? 1) + 1);
        fragments.set(e.line, seen.get(id)!);
        fragmentProps.set(id, {});
      }
      schemaOf.set(id, schema.name);
      const role = roleOf(schema);
      // An UnknownLink may join two Events, which become Meetings in the link pass: it comes after.
      if (schema.name === 'UnknownLink') unknownLinks = true;
      setPass(e.line, schema.name === 'UnknownLink' ? 3 : role === 'link' ? 2 : 1);
      const props = isObject(entity.properties) ? entity.properties : {};
      if (role === 'position') {
        // A later fragment of the Position keeps what an earlier one said and it does not.
        const before = positions.get(id);
        const name = values(props, 'name')[0] ?? before?.name;
        const organization = values(props, 'organization')[0] ?? before?.organization;
        positions.set(id, {
          ...(name ? { name } : {}),
          ...(organization ? { organization } : {}),
          record: before?.record ?? locatorOf(e, id).id,
        });
      } else if (schema.name === 'Documentation') {
        const target = values(props, 'entity')[0];
        const document = values(props, 'document')[0];
        const quote = values(props, 'summary')[0];
        if (target && document && quote) {
          const status = values(props, 'status')[0]?.toLowerCase();
          const note = [values(props, 'role')[0], values(props, 'description')[0]].filter(Boolean).join(': ');
          const citation: CitationInput = {
            source: ftmNodeId(document),
            quote: quote.slice(0, 5_000),
            status: (CITATION_STATUSES as readonly string[]).includes(status ?? '') ? (status as CitationInput['status']) : 'reported',
          };
          if (note) citation.note = note.slice(0, 2_000);
          const list = quotes.get(target) ?? [];
          list.push({ document, citation });
          quotes.set(target, list);
        }
      }
    }
    if (fragmentProps.size > 0)
      for await (const e of entries()) {
        // A line rejected on its own (not UTF-8) lends nothing to its entity's other fragments.
        if (e.badByte !== undefined) continue;
        const entity = parse(e.text);
        const merged = entity && typeof entity.id === 'string' ? fragmentProps.get(entity.id) : undefined;
        if (!merged || !isObject(entity!.properties)) continue;
        for (const key of Object.keys(entity!.properties)) {
          if (!NEEDED_PROPERTIES.has(key)) continue;
          const list = (merged[key] as string[] | undefined) ?? [];
          for (const v of values(entity!.properties, key)) pushUnique(list, v);
          merged[key] = list;
        }
      }
    // A quote can only cite a document of this file that became a Source (a citation's source must
    // exist); the others are counted.
    for (const [target, list] of quotes) {
      const kept = list.filter((c) => {
        const schemaName = schemaOf.get(c.document);
        return schemaName !== undefined && roleOf(ftmModel.getSchema(schemaName)) === 'document';
      });
      if (kept.length < list.length) tally.add('Documentation (document not in the file: nothing to cite)', list.length - kept.length);
      if (kept.length > 0) quotes.set(target, kept);
      else quotes.delete(target);
    }
  }

  /** One entity's mapping: its properties consumed one by one, so the rest can be counted. */
  class Reading {
    readonly problems: RecordProblem[] = [];
    readonly used = new Set<string>();
    readonly props: Json;
    constructor(
      readonly entity: Json,
      readonly schema: Schema,
    ) {
      this.props = isObject(entity.properties) ? entity.properties : {};
      if (entity.properties !== undefined && !isObject(entity.properties))
        this.problems.push({
          rule: 'invalid_value',
          field: 'properties',
          value: truncate(JSON.stringify(entity.properties)),
          message: `an FtM entity's properties are an object of value lists ({"name": ["…"]}); this is ${typeName(entity.properties)}`,
        });
    }
    all(name: string): string[] {
      if (!this.used.has(name)) this.checkValues(name);
      this.used.add(name);
      return values(this.props, name);
    }
    /** Values that are neither text, a number nor a nested entity are left out, saying so. */
    private checkValues(name: string): void {
      const raw = this.props[name];
      const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      list.forEach((v, i) => {
        if (typeof v === 'string' || typeof v === 'number' || (isObject(v) && typeof v.id === 'string')) return;
        this.problems.push({
          rule: 'invalid_value',
          severity: 'warning',
          field: Array.isArray(raw) ? `properties.${name}[${i}]` : `properties.${name}`,
          value: truncate(JSON.stringify(v) ?? String(v)),
          message: `an FtM value is a string; this is ${typeName(v)}, left out`,
        });
      });
    }
    first(name: string): string | undefined {
      return this.all(name)[0];
    }
    /** A value the mapping cannot do without: this fragment's, else another fragment's of the entity. */
    needed(name: string): string | undefined {
      const own = this.first(name);
      if (own !== undefined) return own;
      const merged = typeof this.entity.id === 'string' ? fragmentProps.get(this.entity.id) : undefined;
      return merged ? values(merged, name)[0] : undefined;
    }
    /** One value for a single-valued property of ours; further distinct values are counted as unmapped. */
    one<T>(name: string, parse: (raw: string, field: string) => Parsed<T>): T | undefined {
      const list = this.all(name);
      let kept: T | undefined;
      for (const raw of list) {
        const parsed = parse(raw, `properties.${name}`);
        if (!parsed) continue;
        if ('problem' in parsed) {
          this.problems.push(parsed.problem);
          continue;
        }
        if (kept === undefined) kept = parsed.value;
        else if (parsed.value !== kept) tally.add(`${this.schema.name}.${name} (further values)`);
      }
      return kept;
    }
    /** Counts what was not consumed: per "Schema.property", and unknown top-level keys (not for a rejected record). */
    finish(): void {
      if (this.problems.some((p) => (p.severity ?? 'error') === 'error')) return;
      for (const key of Object.keys(this.props))
        if (!this.used.has(key) && values(this.props, key).length > 0)
          tally.add(
            this.schema.hasProperty(key)
              ? `${this.schema.name}.${key}`
              : `${this.schema.name}.${key} (not a property of ${this.schema.name})`,
          );
      for (const key of Object.keys(this.entity)) if (!META_KEYS.has(key)) tally.add(`(entity).${key}`);
    }
  }

  function names(r: Reading, properties: Json, captionKey: 'name' | 'title'): string | undefined {
    const list = r.all('name');
    // Our names are English transliterations, other spellings aliases. FtM's name is a set in any
    // script; OpenSanctions' caption is the one it shows (a Latin one when there is), so that is
    // taken when it is a name, else the first name in Latin script, else the first.
    // An entity in fragments chooses among the names of all its fragments, so that every fragment
    // writes the one name (and its own other spellings as aliases) whatever the order of the lines.
    const merged = typeof r.entity.id === 'string' ? fragmentProps.get(r.entity.id) : undefined;
    const all = merged && values(merged, 'name').length > 0 ? values(merged, 'name') : list;
    const shown = typeof r.entity.caption === 'string' ? r.entity.caption.trim() : undefined;
    let caption = (shown && all.includes(shown) ? shown : undefined) ?? all.find(isLatin) ?? all[0];
    if (!caption && r.schema.isA('Person')) {
      const parts = [r.first('firstName'), r.first('middleName'), r.first('lastName')].filter(Boolean);
      if (parts.length > 0) caption = parts.join(' ');
    }
    caption ??= r.needed('name');
    if (!caption) return undefined;
    properties[captionKey] = caption;
    const aliases: string[] = [];
    for (const n of [...list, ...r.all('alias'), ...r.all('weakAlias'), ...r.all('previousName')]) {
      if (n === caption) continue;
      // The schema's limits (an alias of 500 characters, 200 of them): what is beyond is said, not cut unseen.
      if (n.length > 500)
        r.problems.push({
          rule: 'too_long',
          severity: 'warning',
          field: 'properties.alias',
          value: truncate(n),
          message: 'a name of more than 500 characters cannot be an alias; left out',
        });
      else pushUnique(aliases, n);
    }
    if (aliases.length > 200) tally.add(`${r.schema.name}.alias (beyond the 200 names an entity keeps)`, aliases.length - 200);
    if (aliases.length > 0) properties.aliases = aliases.slice(0, 200);
    return caption;
  }

  const IDENTIFIER_SCHEMES: Record<string, string> = {
    wikidataId: 'wikidata',
    leiCode: 'lei',
    isinCode: 'isin',
    innCode: 'inn',
    ogrnCode: 'ogrn',
    dunsCode: 'duns',
    swiftBic: 'bic',
    imoNumber: 'imo',
    permId: 'permid',
    bvdId: 'bvd',
    icijId: 'icij',
    uniqueEntityId: 'uei',
    npiCode: 'npi',
    okpoCode: 'okpo',
    vatCode: 'vat',
  };

  /** ftm:<id>, opensanctions:<id>, and every property of FtM's identifier type as scheme:value. */
  function identifiers(r: Reading, id: string): string[] {
    const list: string[] = [];
    pushUnique(list, identifierValue('ftm', id));
    if (openSanctions) pushUnique(list, identifierValue('opensanctions', id));
    for (const name of identifierProperties(r.schema)) {
      if (values(r.props, name).length === 0) continue;
      const scheme = IDENTIFIER_SCHEMES[name] ?? name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
      for (const v of r.all(name)) pushUnique(list, identifierValue(scheme, v));
    }
    if (list.length > 200) tally.add(`${r.schema.name} identifiers (beyond the 200 an entity keeps)`, list.length - 200);
    return list.slice(0, 200);
  }

  function summaryOf(r: Reading): string | undefined {
    const summary = r.first('summary') ?? r.first('description');
    if (summary && summary.length > 20_000) tally.add(`${r.schema.name}.summary (cut at 20,000 characters)`);
    return summary?.slice(0, 20_000);
  }

  const countryOf = (r: Reading, ...props: string[]) => {
    for (const p of props) {
      if (values(r.props, p).length === 0) continue;
      const code = r.one(p, countryValue);
      if (code) return code;
    }
    return undefined;
  };

  function missingName(r: Reading): RecordProblem {
    return { rule: 'missing_value', field: 'properties.name', message: `a ${r.schema.name} needs a name to become a node` };
  }

  function withQuotes(id: string): CitationInput[] | undefined {
    const list = quotes.get(id);
    return list && list.length > 0 ? list.map((q) => q.citation) : undefined;
  }

  function node(id: string, type: string, properties: Json): FactNode {
    const n: FactNode = { id: ftmNodeId(id), type, properties };
    const citations = withQuotes(id);
    if (citations) n.citations = citations;
    return n;
  }

  /** A node entity (or an unmapped or broken line) as its record unit. */
  function nodeUnit(e: Entry): RecordUnit {
    if (e.badByte !== undefined)
      return {
        record: locatorOf(e),
        nodes: [],
        relationships: [],
        raw: e.text,
        problems: [
          {
            rule: 'invalid_encoding',
            value: truncate(e.text),
            message: `the line is not UTF-8 from its byte ${e.badByte} on (FtM files are UTF-8; a Latin-1 or Windows-1252 export must be converted first)`,
          },
        ],
      };
    const entity = parse(e.text);
    if (!entity) {
      return {
        record: locatorOf(e),
        nodes: [],
        relationships: [],
        raw: e.text,
        problems: [
          {
            rule: 'invalid_json',
            value: truncate(e.text),
            message: e.unterminated
              ? 'the line is not one JSON object (an FtM entity); it is the last and has no line end, so the file may be cut off'
              : 'the line is not one JSON object (an FtM entity)',
          },
        ],
      };
    }
    const id = typeof entity.id === 'string' && entity.id.trim() !== '' ? entity.id : undefined;
    const schema = schemaNamed(entity.schema);
    const record = locatorOf(e, id);
    const base = { record, nodes: [] as FactNode[], relationships: [] as FactRelationship[], raw: e.text };
    if (!id) {
      const given = entity.id !== undefined && entity.id !== null && entity.id !== '';
      return {
        ...base,
        problems: [
          given
            ? {
                rule: 'invalid_value',
                field: 'id',
                value: truncate(JSON.stringify(entity.id)),
                message: `an FtM id is a string; this is ${typeName(entity.id)}`,
              }
            : { rule: 'missing_value', field: 'id', message: 'an FtM entity needs an id' },
        ],
      };
    }
    if (!schema) {
      if (entity.schema === undefined || entity.schema === null || entity.schema === '') {
        tally.add('(entity without a schema)');
        return {
          ...base,
          problems: [{ rule: 'missing_value', field: 'schema', message: 'an FtM entity needs a schema (Person, Company, Occupancy…)' }],
        };
      }
      const given = typeof entity.schema === 'string' ? entity.schema : JSON.stringify(entity.schema);
      tally.add(`${truncate(given)} (not an FtM schema)`);
      // Schema names are case-sensitive; a file written by hand often gets that wrong.
      const near = Object.keys(ftmModel.schemata).find((name) => name.toLowerCase() === given.toLowerCase());
      return {
        ...base,
        problems: [
          {
            rule: 'unknown_schema',
            field: 'schema',
            value: truncate(given),
            message: near
              ? `not a schema of the FollowTheMoney model (names are case-sensitive: did you mean ${near}?)`
              : 'not a schema of the FollowTheMoney model',
          },
        ],
      };
    }
    const role = roleOf(schema);
    if (role === 'unmapped') {
      tally.add(schema.name);
      return { ...base, problems: [], skipped: `FtM schema ${schema.name} has no place in Liaison's schema (counted in unmapped)` };
    }
    const r = new Reading(entity, schema);
    const properties: Json = {};
    const out: FactNode[] = [];

    if (role === 'person' || role === 'organization') {
      if (!names(r, properties, 'name')) r.problems.push(missingName(r));
      properties.identifiers = identifiers(r, id);
      const summary = summaryOf(r);
      if (summary) properties.summary = summary;
      if (role === 'person') {
        const birthDate = r.one('birthDate', fuzzyDateValue);
        if (birthDate) properties.birthDate = birthDate;
        const deathDate = r.one('deathDate', fuzzyDateValue);
        if (deathDate) properties.deathDate = deathDate;
        const gender = r.one('gender', genderValue);
        if (gender) properties.gender = gender;
        const nationality = countryOf(r, 'nationality', 'citizenship');
        if (nationality) properties.nationality = nationality;
        if (properties.name) out.push(node(id, 'Person', properties));
      } else {
        const classification = r.all('classification');
        properties.kind = schema.isA('Company')
          ? 'company'
          : schema.isA('PublicBody')
            ? 'state_body'
            : (kindFromText(classification) ?? 'other');
        const country = countryOf(r, 'country', 'jurisdiction', 'mainCountry');
        if (country) properties.country = country;
        if (properties.name) out.push(node(id, 'Organization', properties));
      }
    } else if (role === 'position') {
      // A Position with an organisation is the post at it: its name titles the Occupancies' HOLDS_POST.
      // Without one, the Position itself stands for the institution.
      r.all('name');
      if (r.needed('organization') === undefined) {
        if (!names(r, properties, 'name')) r.problems.push(missingName(r));
        properties.kind = kindFromTopics(r.all('topics'));
        properties.identifiers = identifiers(r, id);
        const summary = summaryOf(r);
        if (summary) properties.summary = summary;
        const country = countryOf(r, 'country');
        if (country) properties.country = country;
        if (properties.name) out.push(node(id, 'Organization', properties));
      }
    } else if (role === 'document') {
      const title = r.first('title') ?? r.first('name') ?? r.first('fileName');
      if (!title)
        r.problems.push({
          rule: 'missing_value',
          field: 'properties.title',
          message: `a ${schema.name} needs a title (or name) to become a Source`,
        });
      else properties.title = title.replace(/[\r\n]+/g, ' ').slice(0, 500);
      properties.kind = schema.isA('Article') ? 'article' : 'document';
      const publisher = r.first('publisher');
      if (publisher) properties.publisher = publisher;
      const url = r.all('sourceUrl').find((u) => /^https?:\/\//i.test(u));
      if (url) properties.url = url;
      const published = r.one('publishedAt', fuzzyDateValue) ?? r.one('date', fuzzyDateValue) ?? r.one('authoredAt', fuzzyDateValue);
      if (published) properties.published = published;
      const language = r.all('language').map(LANGUAGES_639_1).find(Boolean);
      if (language) properties.language = language;
      else if (values(r.props, 'language').length > 0) tally.add(`${schema.name}.language (no ISO 639-1 code)`);
      const summary = summaryOf(r);
      if (summary) properties.summary = summary;
      properties.identifiers = identifiers(r, id);
      if (properties.title) out.push(node(id, 'Source', properties));
    }
    r.finish();
    return { ...base, nodes: out, problems: r.problems };
  }

  /** Checks that a link's endpoint, when the file defines it, maps to one of the labels the relationship allows. */
  function endpoint(r: Reading, prop: string, allowed: string[]): string | undefined {
    const ref = r.needed(prop);
    if (!ref) {
      r.problems.push({ rule: 'missing_value', field: `properties.${prop}`, message: `a ${r.schema.name} needs its ${prop}` });
      return undefined;
    }
    const schemaName = schemaOf.get(ref);
    if (schemaName !== undefined) {
      const label = LABEL[roleOf(ftmModel.getSchema(schemaName))];
      if (!label || !allowed.includes(label)) {
        // Not an error of the data but a limit of our schema (a company as director): the link is
        // left out with a warning, so an atomic import of the rest still goes through.
        r.problems.push({
          rule: 'unmapped_reference',
          severity: 'warning',
          field: `properties.${prop}`,
          value: ref,
          message: `the ${prop} is a ${schemaName}, which does not become a ${allowed.join(' or ')} here; the link is left out`,
        });
        tally.add(`${r.schema.name} (${prop} is a ${schemaName})`);
        return undefined;
      }
    }
    return ftmNodeId(ref);
  }

  function dates(r: Reading, startProp = 'startDate', endProp = 'endDate'): Json {
    const out: Json = {};
    const start = r.one(startProp, fuzzyDateValue) ?? (values(r.props, 'date').length > 0 ? r.one('date', fuzzyDateValue) : undefined);
    if (start) out.start = start;
    const end = r.one(endProp, fuzzyDateValue);
    if (end) out.end = end;
    return out;
  }

  function relationship(
    id: string,
    type: string,
    source: string,
    target: string,
    properties: Json,
    records: string[] = [],
  ): FactRelationship {
    const rel: FactRelationship = { id: ftmNodeId(id), type, source, target, properties };
    if (records.length > 0) rel.records = records;
    const citations = withQuotes(id);
    if (citations) rel.citations = citations;
    return rel;
  }

  /** A link-like entity (third pass) as its record unit. */
  function linkUnit(e: Entry): RecordUnit {
    const entity = parse(e.text)!;
    const id = entity.id as string;
    const schema = ftmModel.getSchema(entity.schema as string);
    const r = new Reading(entity, schema);
    const record = locatorOf(e, id);
    const nodes: FactNode[] = [];
    const relationships: FactRelationship[] = [];
    const title = (fallback: string) => {
      const role = r.first('role');
      return (role ?? fallback).replace(/[\r\n]+/g, ' ').slice(0, 500);
    };

    switch (schema.name) {
      case 'Occupancy': {
        const holder = endpoint(r, 'holder', ['Person']);
        const postId = r.needed('post');
        const position = postId ? positions.get(postId) : undefined;
        if (postId && !position) {
          r.problems.push({
            rule: 'unknown_reference',
            field: 'properties.post',
            value: postId,
            message: 'the Position is not in this file; its name is the title of the post, so the Occupancy cannot be read without it',
          });
        } else if (postId && position && !position.name) {
          r.problems.push({
            rule: 'missing_value',
            field: 'properties.post',
            value: postId,
            message: 'the Position has no name to title the post',
          });
        } else if (!postId) r.problems.push({ rule: 'missing_value', field: 'properties.post', message: 'an Occupancy needs its post' });
        if (holder && position?.name) {
          const target = ftmNodeId(position.organization ?? postId!);
          relationships.push(
            relationship(id, 'HOLDS_POST', holder, target, { title: position.name.slice(0, 500), ...dates(r) }, [position.record]),
          );
        }
        break;
      }
      case 'Directorship':
      case 'Employment': {
        const [from, to, fallback] =
          schema.name === 'Directorship' ? ['director', 'organization', 'Director'] : ['employee', 'employer', 'Employee'];
        const person = endpoint(r, from!, ['Person']);
        const org = endpoint(r, to!, ['Organization']);
        if (person && org) relationships.push(relationship(id, 'HOLDS_POST', person, org, { title: title(fallback!), ...dates(r) }));
        break;
      }
      case 'Membership': {
        const member = endpoint(r, 'member', ['Person', 'Organization']);
        const org = endpoint(r, 'organization', ['Organization']);
        const properties: Json = dates(r);
        const role = r.first('role');
        if (role) properties.title = role.slice(0, 500);
        if (member && org) relationships.push(relationship(id, 'MEMBER_OF', member, org, properties));
        break;
      }
      case 'Associate':
      case 'Family': {
        const other = schema.name === 'Family' ? 'relative' : 'associate';
        const a = endpoint(r, 'person', ['Person']);
        const b = endpoint(r, other, ['Person']);
        const properties: Json = { context: (r.first('relationship') ?? schema.name.toLowerCase()).slice(0, 20_000) };
        const since = r.one('startDate', fuzzyDateValue);
        if (since) properties.since = since;
        if (a && b) relationships.push(relationship(id, 'KNOWS', a, b, properties));
        break;
      }
      case 'Event': {
        const properties: Json = {};
        if (!names(r, properties, 'title')) r.problems.push(missingName(r));
        const keywords = r.all('keywords').map((k) => k.toLowerCase());
        properties.kind = keywords.find((k) => (MEETING_KINDS as readonly string[]).includes(k)) ?? 'other';
        // An FtM Event records something that happened unless its keywords (as our export writes
        // them) say it was planned, postponed or cancelled.
        properties.status = keywords.find((k) => (MEETING_STATUSES as readonly string[]).includes(k)) ?? 'held';
        const date = r.one('date', fuzzyDateValue) ?? r.one('startDate', fuzzyDateValue);
        if (date) properties.date = date;
        const endDate = r.one('endDate', fuzzyDateValue);
        if (endDate) properties.endDate = endDate;
        const place = r.first('location');
        if (place) properties.place = place.replace(/[\r\n]+/g, ' ').slice(0, 500);
        const country = countryOf(r, 'country');
        if (country) properties.country = country;
        const summary = summaryOf(r);
        if (summary) properties.summary = summary;
        properties.identifiers = identifiers(r, id);
        if (!properties.title) break;
        const meeting = node(id, 'Meeting', properties);
        nodes.push(meeting);
        const organizers = new Set(r.all('organizer'));
        const participants = [...new Set([...r.all('involved'), ...organizers])];
        for (const ref of participants) {
          const schemaName = schemaOf.get(ref);
          const label = schemaName ? LABEL[roleOf(ftmModel.getSchema(schemaName))] : undefined;
          if (schemaName && label !== 'Person' && label !== 'Organization') {
            r.problems.push({
              rule: 'unmapped_reference',
              severity: 'warning',
              field: 'properties.involved',
              value: ref,
              message: `a ${schemaName} cannot take part in a meeting here; left out`,
            });
            tally.add(`Event.involved (a ${schemaName})`);
            continue;
          }
          relationships.push({
            id: compositeId(`${meeting.id}-tp`, [ref]),
            type: 'TAKES_PART',
            source: ftmNodeId(ref),
            target: meeting.id,
            properties: { role: organizers.has(ref) ? 'organizer' : 'participant' },
          });
        }
        break;
      }
      case 'UnknownLink': {
        // Our FtM export writes a talk within a visit (PART_OF between meetings) so; any other
        // UnknownLink says too little for one of our relationships, and is counted.
        const ends = [r.needed('subject'), r.needed('object')];
        const events = ends
          .map((ref) => (ref ? schemaOf.get(ref) : undefined))
          .map((name) => name !== undefined && ftmModel.getSchema(name).isA('Event'));
        const role = r.first('role');
        if (ends[0] && ends[1] && events[0] && events[1] && (role === undefined || /^part of$/i.test(role))) {
          r.all('subject');
          r.all('object');
          relationships.push(relationship(id, 'PART_OF', ftmNodeId(ends[0]), ftmNodeId(ends[1]), {}));
          break;
        }
        const what = ends.map((ref) => (ref ? (schemaOf.get(ref) ?? 'an entity not in this file') : 'nothing'));
        tally.add(`UnknownLink (${what[0]} to ${what[1]})`);
        return {
          record,
          nodes: [],
          relationships: [],
          problems: r.problems,
          raw: e.text,
          skipped: "an UnknownLink other than an event's part of another has no place in Liaison's schema (counted in unmapped)",
        };
      }
      case 'Documentation': {
        // Read in the scan: its quote is a citation on the entity it documents.
        r.all('entity');
        r.all('document');
        if (r.first('summary') !== undefined) {
          r.all('role');
          r.all('status');
          r.all('description');
        } else tally.add('Documentation (no summary to quote: nothing to cite)');
        break;
      }
    }
    r.finish();
    for (const n of nodes) n.records = [record.id, ...(n.records ?? [])];
    for (const rel of relationships) rel.records = [record.id, ...(rel.records ?? [])];
    return { record, nodes, relationships, problems: r.problems, raw: e.text };
  }

  return {
    format: 'ftm',

    async sources() {
      await sniff();
      const properties: Json = {
        title: params.title ?? fileName.replace(/\.(jsonl?|ftm|ndjson)$/i, ''),
        kind: 'dataset',
        version: params.version ?? fileName,
      };
      const publisher = params.publisher ?? (openSanctions ? 'OpenSanctions' : undefined);
      if (publisher) properties.publisher = publisher;
      const licence = params.licence ?? params.license;
      if (licence) properties.licence = licence;
      if (params.url) properties.url = params.url;
      if (params.retrieved) properties.retrieved = params.retrieved;
      return [{ id: sourceId, type: 'Source', properties }];
    },

    unmapped: () => tally.snapshot(),

    async *records() {
      await scan();
      for await (const e of entries()) {
        if (passOf[e.line] !== 1) continue;
        const u = nodeUnit(e);
        for (const n of u.nodes) n.records = [u.record.id, ...(n.records ?? [])];
        yield u;
      }
      for await (const e of entries()) if (passOf[e.line] === 2) yield linkUnit(e);
      if (unknownLinks) for await (const e of entries()) if (passOf[e.line] === 3) yield linkUnit(e);
    },
  };
}
