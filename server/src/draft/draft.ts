// Drafting from an article: reads a German, English or Russian text sentence by sentence and
// proposes the people, institutions and countries it names (known ones matched to the graph by the
// same name keys the graph stores, new ones from role words and name-like spans), the posts the
// role words state, the meetings that the sentence patterns report (with participants, date,
// place, status), the topics discussed, and acquaintance; speculation markers make a sentence's
// proposals speculative. Rules and word lists (lexicon.ts), no model: each proposal carries the
// sentence it came from, for the analyst to accept, edit or reject.
import { foldName, luceneQuery, phoneticKey } from '../names/keys';
import { formatFuzzyDate, type DatePrecision } from '../schema/fuzzy-date';
import type { CitationStatus } from '../schema/model';
import { countryAdjective, countryMention, countryName, countryNames, englishName, stem } from './countries';
import { findDates, referenceFor, type DateReference, type FoundDate } from './dates';
import {
  AGENT_WORDS,
  BETWEEN_WORDS,
  BYLINE,
  EARLIER_WORDS,
  INSTITUTION_HEADS,
  SAID_WORDS,
  CITIES,
  DEFINITE_WORDS,
  DETERMINERS,
  GERMAN_NOUN_ENDINGS,
  HE_WORDS,
  IN_WORDS,
  KNOWS,
  MEETING_WORDS,
  NOT_NAMES,
  OUTLET_WORDS,
  PARTICIPATION_WORDS,
  ROLE_PHRASES,
  ROLES,
  SPECULATION,
  STATUS_WORDS,
  THIS_COUNTRY,
  TOPIC_HEADS,
  WHERE_WORDS,
  WITH_WORDS,
  type MeetingKind,
  type RoleSpec,
} from './lexicon';
import { splitSentences, tokenize, type Token } from './text';
import type {
  Draft,
  DraftInput,
  DraftLanguage,
  EntityMatch,
  EntityProposal,
  GraphLookup,
  IndexHit,
  MeetingProposal,
  Proposal,
  Sentence,
  Span,
} from './types';

/** Longest span of words looked up in the graph as one name. */
const MAX_NAME_WORDS = 4;
/** Words a role phrase's complement may run to before the name in apposition ("…, Nikolai Patruschew,"). */
const ROLE_REACH = 9;
/** Words after a comma that open another clause (its dates and people are not the meeting's). */
const RELATIVE = /^(wo|where|где|dass|that|which|who|der|die|das|который|которая|которые|что|während|while)$/i;

type EntityType = EntityProposal['type'];

interface EntityRecord {
  key: string;
  type: EntityType;
  name: string;
  aliases: Set<string>;
  properties: Record<string, string>;
  match: EntityMatch | null;
  candidates: EntityMatch[];
  basis: EntityProposal['basis'];
  sentence: number;
  spans: Span[];
  status: CitationStatus;
  countryKey?: string;
  /** The posts this person holds as the article states them, for "his counterpart". */
  posts: Array<{ title: string; institution: RoleSpec['institution'] }>;
}

interface Mention {
  sentence: number;
  at: number;
  length: number;
  key: string;
  /** German genitive ("Patruschews Besuch"): the name before a noun it qualifies. */
  genitive?: boolean;
}

interface MeetingRecord {
  key: string;
  kind: MeetingKind;
  sentence: number;
  alsoIn: Set<number>;
  date?: FoundDate;
  place?: string;
  country?: string;
  status: MeetingProposal['meetingStatus'];
  partOf?: string;
  participants: Map<string, { role: 'host' | 'guest' | 'participant' | 'delegation_member'; sentence: number; span: Span }>;
  spans: Span[];
  speculative: boolean;
  /** "earlier talks", "the previous rounds": before the narrative, so not the date it is at. */
  earlier: boolean;
}

interface PostRecord {
  person: string;
  organization: string;
  title: string;
  sentence: number;
  span: Span;
  start?: FoundDate;
}

interface Context {
  text: string;
  language: DraftLanguage;
  sentences: Sentence[];
  tokens: Token[][];
  speculative: boolean[];
  entities: Map<string, EntityRecord>;
  mentions: Mention[][];
  /** Tokens already read as part of a name, a role phrase or a country, per sentence. */
  used: Set<number>[];
  posts: PostRecord[];
  meetings: MeetingRecord[];
  ref: DateReference;
  dates: FoundDate[][];
  publisher?: string;
  notes: Set<string>;
}

const span = (tokens: Token[], at: number, length: number, text: string): Span => {
  const start = tokens[at]!.start;
  const end = tokens[at + length - 1]!.end;
  return { start, end, text: text.slice(start, end) };
};

function words(value: string): string[] {
  return foldName(value).split(' ').filter(Boolean);
}

/** Does a name written in the text fit one of the keys a stored entity is indexed under? */
export function fitsKeys(written: string, type: string, keys: readonly string[]): 'exact' | 'phonetic' | null {
  const w = words(written);
  if (w.length === 0) return null;
  const p = w.map(phoneticKey);
  let best: 'exact' | 'phonetic' | null = null;
  for (const key of keys) {
    if (/^[01]/.test(key)) continue; // consonant skeletons: too loose to confirm a name in running text
    const k = key.split(' ');
    const kp = k.map(phoneticKey);
    const within = (needle: string[], hay: string[]) => {
      if (needle.length === 1 && hay.length > 1)
        // One word: a person's surname, or the whole name of anything else.
        return type === 'Person' ? hay[hay.length - 1] === needle[0] : false;
      if (type !== 'Person') return needle.length === hay.length && needle.every((x, i) => hay[i] === x);
      for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((x, j) => hay[i + j] === x)) return true;
      return false;
    };
    if (within(w, k)) return 'exact';
    if (!best && within(p, kp)) best = 'phonetic';
  }
  return best;
}

/** The forms of a span looked up: as written, and without the case ending a name takes there. */
function variants(value: string, language: DraftLanguage): string[] {
  const out = [value];
  if (language === 'de' && /\p{L}{3,}s$/u.test(value) && !/ss$/.test(value)) out.push(value.slice(0, -1));
  if (language === 'ru') {
    const stemmed = value
      .split(' ')
      .map((w) => (w.length > 4 ? w.replace(/(ом|ым|ем|ой|ей|ого|ому|а|у|е|ы|ю|я)$/, '') : w))
      .join(' ');
    if (stemmed !== value) out.push(stemmed);
    const withA = value.replace(/(ой|ую|ы|е)$/, 'а');
    if (withA !== value) out.push(withA);
  }
  return out;
}

function isNameToken(t: Token | undefined, language: DraftLanguage): boolean {
  return !!t && t.word && t.capital && !NOT_NAMES[language].test(t.lower);
}

function roleAt(tokens: Token[], i: number, language: DraftLanguage): { spec: RoleSpec; length: number } | null {
  const lowerFrom = tokens
    .slice(i, i + 4)
    .map((t) => t.lower)
    .join(' ');
  for (const { pattern, spec } of ROLE_PHRASES[language]) {
    const m = new RegExp(`^${pattern.source}`).exec(lowerFrom);
    if (m) return { spec, length: m[0].split(' ').length };
  }
  const t = tokens[i];
  if (!t?.word) return null;
  for (const spec of ROLES[language]) if (spec.pattern.test(t.lower)) return { spec, length: 1 };
  return null;
}

function meetingWordAt(tokens: Token[], i: number, language: DraftLanguage): MeetingKind | null {
  const t = tokens[i];
  if (!t?.word) return null;
  for (const { pattern, kind } of MEETING_WORDS[language]) if (pattern.test(t.lower)) return kind;
  return null;
}

class Drafter {
  constructor(
    private readonly c: Context,
    private readonly graph: GraphLookup,
  ) {}

  private entity(
    key: string,
    init: Omit<EntityRecord, 'key' | 'aliases' | 'spans' | 'posts' | 'candidates' | 'status'> & { candidates?: EntityMatch[] },
  ): EntityRecord {
    let e = this.c.entities.get(key);
    if (!e) {
      e = {
        key,
        ...init,
        candidates: init.candidates ?? [],
        aliases: new Set(),
        spans: [],
        posts: [],
        // That a person exists or holds a post is reported even in a sentence that speculates
        // about what they did: speculation markers set the status of events, not of names.
        status: 'reported',
      };
      this.c.entities.set(key, e);
    }
    return e;
  }

  private mention(s: number, at: number, length: number, e: EntityRecord, written?: string): Mention {
    const tokens = this.c.tokens[s]!;
    const sp = span(tokens, at, length, this.c.text);
    const alias = written ?? sp.text;
    if (alias !== e.name) e.aliases.add(alias);
    if (!e.spans.some((x) => x.start === sp.start)) e.spans.push(sp);
    for (let k = at; k < at + length; k++) this.c.used[s]!.add(k);
    const m: Mention = { sentence: s, at, length, key: e.key };
    const next = tokens[at + length];
    if (this.c.language === 'de' && /s$/.test(tokens[at + length - 1]!.text) && next?.capital && written && written !== sp.text)
      m.genitive = true;
    const list = this.c.mentions[s]!;
    if (!list.some((x) => x.at === at)) list.push(m);
    list.sort((a, b) => a.at - b.at);
    return m;
  }

  /** A person met by name: an entity already read (same surname, or the same full name), or a new one. */
  private person(s: number, at: number, length: number, basis: EntityProposal['basis']): EntityRecord {
    const tokens = this.c.tokens[s]!;
    let written = tokens
      .slice(at, at + length)
      .map((t) => t.text)
      .join(' ');
    if (this.c.language === 'de' && /\p{L}{3,}s$/u.test(written) && tokens[at + length]?.capital) written = written.slice(0, -1);
    const w = words(written).map(phoneticKey);
    for (const e of this.c.entities.values()) {
      if (e.type !== 'Person') continue;
      for (const form of [e.name, ...e.aliases]) {
        const f = words(form).map(phoneticKey);
        const sameSurname = f[f.length - 1] === w[w.length - 1];
        const sameGiven = w.length === 1 || f.length === 1 || f[0] === w[0];
        if (sameSurname && sameGiven) {
          // The longer form is the name to store.
          if (!e.match && w.length > words(e.name).length) {
            e.aliases.add(e.name);
            e.name = written;
          }
          this.mention(s, at, length, e, written);
          return e;
        }
      }
    }
    const e = this.entity(`person:${w.join(' ')}`, { type: 'Person', name: written, properties: {}, match: null, basis, sentence: s });
    this.mention(s, at, length, e, written);
    return e;
  }

  private country(code: string, s: number, at: number, length: number, written: boolean): EntityRecord {
    let e = [...this.c.entities.values()].find((x) => x.type === 'Country' && x.properties.code === code);
    if (!e)
      e = this.entity(`country:${code}`, {
        type: 'Country',
        name: englishName(code).replace(/^the /, ''),
        properties: { code },
        match: null,
        basis: 'country',
        sentence: s,
      });
    if (written) this.mention(s, at, length, e);
    return e;
  }

  /** Step 1: names the graph knows, in any spelling its keys cover. */
  async knownNames(): Promise<void> {
    const { language } = this.c;
    const wanted = new Map<string, Array<{ s: number; at: number; length: number }>>();
    this.c.tokens.forEach((tokens, s) => {
      for (let i = 0; i < tokens.length; i++) {
        if (!isNameToken(tokens[i], language)) continue;
        for (let n = 1; n <= MAX_NAME_WORDS && i + n <= tokens.length; n++) {
          if (!isNameToken(tokens[i + n - 1], language)) break;
          const text = tokens
            .slice(i, i + n)
            .map((t) => t.text)
            .join(' ');
          for (const v of variants(text, language)) {
            const list = wanted.get(v) ?? [];
            list.push({ s, at: i, length: n });
            wanted.set(v, list);
          }
        }
      }
    });
    const hits = await this.graph.names([...wanted.keys()]);
    // Longest spans first, so "Ilham Alijew" is read before "Alijew" alone.
    const found: Array<{
      s: number;
      at: number;
      length: number;
      written: string;
      verified: Array<{ hit: IndexHit; fit: 'exact' | 'phonetic' }>;
    }> = [];
    for (const [written, places] of wanted) {
      const verified = (hits.get(written) ?? [])
        .filter((h) => h.type === 'Person' || h.type === 'Organization' || h.type === 'Country')
        .map((hit) => ({ hit, fit: fitsKeys(written, hit.type, hit.keys) }))
        .filter((v): v is { hit: IndexHit; fit: 'exact' | 'phonetic' } => v.fit !== null);
      if (verified.length > 0) for (const p of places) found.push({ ...p, written, verified });
    }
    found.sort((a, b) => b.length - a.length || a.s - b.s || a.at - b.at);
    for (const f of found) {
      const used = this.c.used[f.s]!;
      let free = true;
      for (let k = f.at; k < f.at + f.length; k++) if (used.has(k)) free = false;
      if (!free) continue;
      const ranked = [...f.verified].sort((a, b) => Number(b.fit === 'exact') - Number(a.fit === 'exact') || b.hit.score - a.hit.score);
      const distinct = [...new Map(ranked.map((v) => [v.hit.id, v])).values()];
      const best = distinct[0]!;
      // Several entities answer to the name: the analyst picks, unless one fits exactly and the others only by sound.
      const sure = distinct.length === 1 || (best.fit === 'exact' && distinct.filter((d) => d.fit === 'exact').length === 1);
      const candidates = distinct.map((d) => ({ id: d.hit.id, name: d.hit.name, type: d.hit.type, score: d.hit.score }));
      const type = best.hit.type as EntityType;
      const key = sure ? `id:${best.hit.id}` : `${type.toLowerCase()}:${words(f.written).map(phoneticKey).join(' ')}`;
      const properties: Record<string, string> = {};
      if (type === 'Country' && best.hit.country) properties.code = best.hit.country;
      if (type === 'Organization' && best.hit.kind) properties.kind = best.hit.kind;
      if (type === 'Organization' && best.hit.country) properties.country = best.hit.country;
      const e = this.entity(key, {
        type,
        name: sure ? best.hit.name : f.written,
        properties,
        match: sure ? candidates[0]! : null,
        candidates,
        basis: 'known',
        sentence: f.s,
      });
      this.mention(f.s, f.at, f.length, e, f.written);
    }
  }

  /** Step 2: countries by name, outlets by the word that introduces them, the source's publisher. */
  countriesAndOutlets(): void {
    const { language } = this.c;
    this.c.tokens.forEach((tokens, s) => {
      for (let i = 0; i < tokens.length; i++) {
        if (this.c.used[s]!.has(i)) continue;
        const cm = countryName(tokens, i, language);
        if (cm) {
          this.country(cm.code, s, i, cm.length, true);
          i += cm.length - 1;
          continue;
        }
        const t = tokens[i]!;
        const outlet = OUTLET_WORDS[language].find((o) => o.pattern.test(t.lower));
        if (outlet) {
          let j = i + 1;
          if (tokens[j]?.text === '"' || tokens[j]?.text === '„' || tokens[j]?.text === '«') j++;
          let n = 0;
          while (isNameToken(tokens[j + n], language) && n < 4) n++;
          if (n > 0 && !this.c.used[s]!.has(j)) {
            const name = tokens
              .slice(j, j + n)
              .map((x) => x.text)
              .join(' ');
            const e = this.entity(`org:${foldName(name)}`, {
              type: 'Organization',
              name,
              properties: { kind: outlet.kind },
              match: null,
              basis: 'outlet',
              sentence: s,
            });
            this.mention(s, j, n, e);
          }
        }
      }
      const pub = this.c.publisher;
      if (pub) {
        const at = tokens.findIndex(
          (t, i) =>
            tokens
              .slice(i, i + pub.split(' ').length)
              .map((x) => x.text)
              .join(' ') === pub,
        );
        if (at >= 0 && !this.c.used[s]!.has(at)) {
          const e = this.entity(`org:${foldName(pub)}`, {
            type: 'Organization',
            name: pub,
            properties: { kind: 'media_outlet' },
            match: null,
            basis: 'outlet',
            sentence: s,
          });
          this.mention(s, at, pub.split(' ').length, e);
        }
      }
    });
  }

  /** The last country named before token i of sentence s (what "des Landes" refers to). */
  private lastCountry(s: number, i: number): string | null {
    for (let k = s; k >= 0; k--) {
      const list = this.c.mentions[k]!.filter((m) => (k < s || m.at < i) && this.c.entities.get(m.key)?.type === 'Country');
      const last = list[list.length - 1];
      if (last) return this.c.entities.get(last.key)!.properties.code ?? null;
    }
    return null;
  }

  /** A person named at token i (a mention already read, or a name-like run of capitalised words). */
  private personAt(s: number, i: number, maxWords = 3): { e: EntityRecord; length: number } | null {
    const { language } = this.c;
    const tokens = this.c.tokens[s]!;
    const m = this.c.mentions[s]!.find((x) => x.at === i);
    if (m) {
      const e = this.c.entities.get(m.key)!;
      return e.type === 'Person' ? { e, length: m.length } : null;
    }
    let n = 0;
    while (
      n < maxWords &&
      isNameToken(tokens[i + n], language) &&
      !this.c.used[s]!.has(i + n) &&
      !roleAt(tokens, i + n, language) &&
      !countryMention(tokens, i + n, language)
    )
      n++;
    if (n === 0) return null;
    return { e: this.person(s, i, n, 'role'), length: n };
  }

  /**
   * Step 3: role words, the person they name and the institution of the post. Run twice: first for
   * the names role words introduce; again, once surnames are read (step 4), for the posts that hang
   * on another person of the sentence ("seinem Amtskollegen", "Usubow, der … zum Sekretär … ernannt").
   */
  roles(second = false): void {
    const { language } = this.c;
    this.c.tokens.forEach((tokens, s) => {
      for (let i = 0; i < tokens.length; i++) {
        const role = roleAt(tokens, i, language);
        if (!role) continue;
        const { spec } = role;
        const after = i + role.length;
        // The complement: up to the next comma (the institution: "des Sicherheitsrates der Russischen Föderation").
        let end = after;
        while (end < tokens.length && end < after + ROLE_REACH && tokens[end]!.text !== ',' && tokens[end]!.text !== '.') {
          if (
            isNameToken(tokens[end], language) &&
            !countryMention(tokens, end, language) &&
            !spec.needs?.test(tokens[end]!.lower) &&
            !THIS_COUNTRY[language].test(tokens[end]!.lower) &&
            end === after
          )
            break;
          end++;
        }
        const complement = tokens.slice(after, end);
        const around = language === 'en' ? [...tokens.slice(Math.max(0, i - 3), i), ...complement.slice(0, 4)] : complement.slice(0, 4);
        if (spec.needs && !around.some((t) => spec.needs!.test(t.lower))) {
          if (spec.institution) continue;
        }
        // Who: right after the role word ("Premierminister Paschinjan"), inside the complement
        // ("секретарь Совета безопасности России Николай Патрушев"), or in apposition after it.
        const institutionWord = (k: number) =>
          !!spec.needs?.test(tokens[k]?.lower ?? '') || THIS_COUNTRY[language].test(tokens[k]?.lower ?? '');
        let who = institutionWord(after) ? null : this.personAt(s, after);
        for (let k = after + 1; !who && k < end; k++) {
          if (institutionWord(k) || !isNameToken(tokens[k], language) || countryMention(tokens, k, language)) continue;
          if (language === 'de') break; // German capitalises every noun: only the apposition after the comma is a name
          if (isNameToken(tokens[k + 1], language) && !countryMention(tokens, k + 1, language)) who = this.personAt(s, k);
        }
        if (!who && tokens[end]?.text === ',') {
          const cand = this.personAt(s, end + 1);
          const closing = tokens[end + 1 + (cand?.length ?? 0)];
          if (cand && (!closing || closing.text === ',' || closing.text === '.' || /^(und|and|и)$/.test(closing.lower) || !closing.word))
            who = cand;
        }
        // "Usubow, der … zum Sekretär … ernannt wurde": the person the relative clause hangs on.
        let appointed: FoundDate | undefined;
        const appointment =
          !who && /^(zum|zur|as|на)$/.test(tokens[i - 1]?.lower ?? '') && /(ernannt|appointed|назначен)/i.test(this.c.sentences[s]!.text);
        if (second !== (appointment || !!spec.counterpart)) {
          for (let k = i; k < after; k++) this.c.used[s]!.add(k);
          continue;
        }
        if (appointment) {
          const before = this.c.mentions[s]!.filter((m) => m.at < i && this.c.entities.get(m.key)?.type === 'Person');
          const last = before[before.length - 1];
          if (last) {
            who = { e: this.c.entities.get(last.key)!, length: last.length };
            const from = tokens[last.at]!.start - this.c.sentences[s]!.start;
            const to = tokens[i]!.start - this.c.sentences[s]!.start;
            appointed = this.c.dates[s]!.find((d) => d.index > from && d.index < to);
          }
        }
        for (let k = i; k < after; k++) this.c.used[s]!.add(k);
        // The institution's words ("Совета безопасности") are not a topic.
        if (spec.needs)
          for (let k = after; k < end; k++) if (!this.c.mentions[s]!.some((m) => k >= m.at && k < m.at + m.length)) this.c.used[s]!.add(k);
        if (!who) continue;
        // Which country: an adjective or name just before the role word, or one in the complement.
        let code: string | null = null;
        let host: string | null = null;
        for (let k = Math.max(0, i - 3); k < i; k++) {
          const cm = countryMention(tokens, k, language);
          if (cm) code = cm.code;
        }
        for (let k = 0; k < complement.length; k++) {
          const idx = after + k;
          const cm = countryMention(tokens, idx, language);
          if (cm) {
            if (spec.institution?.kind === 'embassy' && code && IN_WORDS[language].test(tokens[idx - 1]?.lower ?? '')) host = cm.code;
            else if (!code) code = cm.code;
          } else if (!code && THIS_COUNTRY[language].test(tokens[idx]!.lower)) code = this.lastCountry(s, idx);
        }
        let title = spec.title;
        let institution = spec.institution;
        if (spec.counterpart) {
          // "seinem Amtskollegen": the post of the sentence's subject, in the adjective's country.
          const subject = this.c.mentions[s]!.find(
            (m) => m.at < i && this.c.entities.get(m.key)?.type === 'Person' && m.key !== who!.e.key,
          );
          const post = subject ? this.c.entities.get(subject.key)!.posts[0] : undefined;
          if (!post) continue;
          title = post.title;
          institution = post.institution;
        }
        if (spec.deputy && tokens.slice(Math.max(0, i - 2), i).some((t) => spec.deputy!.test(t.lower))) title = `Deputy ${title}`;
        const person = who.e;
        person.basis = person.basis === 'known' ? 'known' : 'role';
        person.posts.push({ title, institution });
        if (!institution || !code || (institution.kind === 'embassy' && !host)) continue;
        const name = institution.name.replace('{C}', englishName(code)).replace('{H}', host ? englishName(host) : '');
        const countryEntity = this.country(code, s, i, 1, false);
        const org = this.entity(`org:${institution.kind}:${code}:${name}`, {
          type: 'Organization',
          name,
          properties: { kind: institution.kind, country: code },
          match: null,
          basis: 'institution',
          sentence: s,
        });
        org.countryKey = countryEntity.key;
        const roleSpan = span(tokens, i, Math.max(1, Math.min(end, tokens.length) - i), this.c.text);
        if (!org.spans.some((x) => x.start === roleSpan.start)) org.spans.push(roleSpan);
        if (!this.c.posts.some((p) => p.person === person.key && p.organization === org.key && p.title === title))
          this.c.posts.push({
            person: person.key,
            organization: org.key,
            title,
            sentence: s,
            span: span(tokens, i, role.length, this.c.text),
            ...(appointed ? { start: appointed } : {}),
          });
        else if (appointed) {
          const p = this.c.posts.find((x) => x.person === person.key && x.organization === org.key)!;
          p.start ??= appointed;
        }
      }
    });
  }

  /** Step 4: people named without a role word: runs of capitalised words that look like names, and surnames already met. */
  nameLike(): void {
    const { language } = this.c;
    this.c.tokens.forEach((tokens, s) => {
      if (BYLINE[language].test(this.c.sentences[s]!.text)) return;
      for (let i = 0; i < tokens.length; i++) {
        if (this.c.used[s]!.has(i) || !isNameToken(tokens[i], language)) continue;
        let n = 0;
        while (
          i + n < tokens.length &&
          n < 3 &&
          isNameToken(tokens[i + n], language) &&
          !this.c.used[s]!.has(i + n) &&
          !countryMention(tokens, i + n, language) &&
          !roleAt(tokens, i + n, language)
        )
          n++;
        if (n === 0) continue;
        const run = tokens.slice(i, i + n);
        const prev = tokens[i - 1];
        const lone = n === 1;
        const known = this.surnameOf(run.map((t) => t.text).join(' '));
        let accept = known !== null;
        if (!accept && !lone && n <= 3) {
          accept = true;
          if (language === 'de') {
            if (prev && DETERMINERS.de.test(prev.lower)) accept = false;
            if (run.some((t) => GERMAN_NOUN_ENDINGS.test(t.lower) || t.text.includes('-'))) accept = false;
          }
          if (
            language === 'en' &&
            run.some((t) =>
              /^(ministry|council|service|center|centre|agency|staff|bank|party|parliament|committee|commission|corporation|institute|union|press|security|general|trust|principles|standards|world|war|two|europe|video|item|handout|licensing|rights)$/i.test(
                t.text,
              ),
            )
          )
            accept = false;
          if (language === 'ru' && run.some((t) => /^(министерств|совет|служб|партия|агентств)/i.test(t.lower))) accept = false;
          if (prev?.text === '"' || prev?.text === '„' || prev?.text === '«') accept = false;
          // Places, things and models are capitalised too: a city, a sea, "MiG-29".
          if (CITIES[run.map((t) => t.lower).join(' ')] || run.some((t) => /\d/.test(t.text) || /-\p{Ll}/u.test(t.text))) accept = false;
          if (language === 'en' && run.some((t) => /^(sea|ocean|river|studies|region|mountains|plant|missiles?|forces)$/i.test(t.text)))
            accept = false;
          if (this.c.publisher && run.map((t) => t.text).join(' ') === this.c.publisher) accept = false;
        }
        if (!accept) {
          // A surname already read inside a run of capitalised nouns ("Patruschews Besuch").
          for (let k = 0; k < n; k++) if (this.surnameOf(run[k]!.text)) this.person(s, i + k, 1, 'name-like');
          i += n - 1;
          continue;
        }
        this.person(s, i, n, 'name-like');
        i += n - 1;
      }
    });
  }

  /**
   * Institutions by name: a run of capitalised words (joined by "of", "for", "and") with a word that
   * makes it one ("Security Service of Ukraine", "Russian Defense Ministry", "Center for Strategic
   * and International Studies"); its country from a country word in it or just before it.
   */
  institutionsByName(): void {
    const { language } = this.c;
    const joiner = language === 'en' ? /^(of|for|and|the)$/ : language === 'de' ? /^(der|des|für|und)$/ : /^(и|по)$/;
    this.c.tokens.forEach((tokens, s) => {
      for (let i = 0; i < tokens.length; i++) {
        if (this.c.used[s]!.has(i) || !tokens[i]!.capital) continue;
        let j = i;
        if (roleAt(tokens, i, language)) continue;
        while (
          j + 1 < tokens.length &&
          !this.c.used[s]!.has(j + 1) &&
          !roleAt(tokens, j + 1, language) &&
          (tokens[j + 1]!.capital || (joiner.test(tokens[j + 1]!.lower) && tokens[j + 2]?.capital))
        )
          j++;
        const run = tokens.slice(i, j + 1);
        const head = run.map((t) => INSTITUTION_HEADS[language].find((h) => h.pattern.test(t.text))).find(Boolean);
        if (!head || run.length < 2 || NOT_NAMES[language].test(run[0]!.lower)) {
          continue;
        }
        let code: string | null = null;
        for (let k = Math.max(0, i - 1); k <= j; k++) {
          const cm = countryMention(tokens, k, language);
          if (cm) code = cm.code;
        }
        const name = run.map((t) => t.text).join(' ');
        const e = this.entity(`org:${foldName(name)}`, {
          type: 'Organization',
          name,
          properties: { kind: head.kind, ...(code ? { country: code } : {}) },
          match: null,
          basis: 'institution',
          sentence: s,
        });
        if (code) e.countryKey = this.country(code, s, i, 1, false).key;
        this.mention(s, i, run.length, e);
        i = j;
      }
    });
  }

  /** The person already read whose surname (or full name) this is. */
  private surnameOf(written: string): EntityRecord | null {
    const base =
      this.c.language === 'de' && /\p{L}{3,}s$/u.test(written) ? [written, written.slice(0, -1)] : variants(written, this.c.language);
    for (const form of base) {
      const w = words(form).map(phoneticKey);
      for (const e of this.c.entities.values()) {
        if (e.type !== 'Person') continue;
        for (const f of [e.name, ...e.aliases].map((x) => words(x).map(phoneticKey))) {
          if (f.length >= 1 && f[f.length - 1] === w[w.length - 1] && (w.length === 1 || f[0] === w[0])) return e;
        }
      }
    }
    return null;
  }

  /** Step 5: meetings, their participants, date, place and status, sentence by sentence. */
  meetingsIn(s: number): void {
    const { language } = this.c;
    const tokens = this.c.tokens[s]!;
    const sentenceText = this.c.sentences[s]!.text;
    const lower = sentenceText.toLowerCase();
    const people = () => this.c.mentions[s]!.filter((m) => this.c.entities.get(m.key)?.type === 'Person');
    const boundary = (k: number) => {
      const t = tokens[k];
      if (!t) return true;
      if (t.text === ';' || t.text === '—' || t.text === '–') return true;
      return t.text === ',' && RELATIVE.test(tokens[k + 1]?.lower ?? '');
    };
    const clauseOf = (t: number) => {
      let a = t;
      while (a > 0 && !boundary(a - 1)) a--;
      let b = t;
      while (b < tokens.length - 1 && !boundary(b + 1)) b++;
      return [a, b] as const;
    };
    let visitInSentence: MeetingRecord | null = null;
    const triggers: number[] = [];
    for (let i = 0; i < tokens.length; i++) if (meetingWordAt(tokens, i, language)) triggers.push(i);
    const participation = tokens.some((t) => PARTICIPATION_WORDS[language].test(t.lower));
    for (const t of triggers) {
      const kind = meetingWordAt(tokens, t, language)!;
      const [a, b] = clauseOf(t);
      const nextTrigger = triggers.find((x) => x > t) ?? tokens.length;
      const inRange = (from: number, to: number) => people().filter((m) => m.at >= from && m.at < to);
      const counterparts: Mention[] = [];
      let agent: Mention | undefined;
      const withAfter = [t + 1, t + 2, t + 3].find((k) => k <= b && WITH_WORDS[language].test(tokens[k]?.lower ?? ''));
      const between = [t + 1, t + 2].find((k) => k <= b && BETWEEN_WORDS[language].test(tokens[k]?.lower ?? ''));
      if (withAfter !== undefined || between !== undefined)
        counterparts.push(...inRange((withAfter ?? between)!, Math.min(b + 1, nextTrigger)));
      else {
        // Verb last ("wo er mit Premierminister Paschinjan … zusammentraf"): the "mit" before the meeting word.
        const withBefore = [...Array(t - a).keys()].map((k) => a + k).find((k) => WITH_WORDS[language].test(tokens[k]!.lower));
        if (withBefore !== undefined && (kind === 'talks' || kind === 'call')) counterparts.push(...inRange(withBefore, t));
      }
      const agentWord = [...Array(Math.max(0, b - t)).keys()]
        .map((k) => t + 1 + k)
        .find((k) => AGENT_WORDS[language].test(tokens[k]?.lower ?? ''));
      if (agentWord !== undefined) agent = people().find((m) => m.at === agentWord + 1);
      // Whose visit or talks: the nearest person before the meeting word (or the one "er" stands for).
      let subject: Mention | undefined;
      if (!agent) {
        const before = people().filter((m) => m.at < t && !counterparts.includes(m) && !(m.genitive && m.at + m.length !== t));
        const pronoun = [...Array(t).keys()]
          .reverse()
          .find((k) => HE_WORDS[language].test(tokens[k]!.lower) || /^(sein|seinem|seiner|his|her|его|её)$/.test(tokens[k]!.lower));
        const nearest = before[before.length - 1];
        if (pronoun !== undefined && (!nearest || nearest.at < pronoun)) {
          subject = people().find((m) => !counterparts.includes(m)) ?? this.discourseSubject(s);
          // "He said the next round of talks…": the one who says it, not one who takes part.
          if (counterparts.length === 0 && SAID_WORDS[language].test(tokens[pronoun + 1]?.lower ?? '')) subject = undefined;
        } else subject = nearest;
        if (subject && subject.sentence === s && counterparts.length === 0) {
          const afterName = tokens[subject.at + subject.length];
          const afterComma = afterName?.text === ',' ? undefined : afterName;
          if (afterComma && SAID_WORDS[language].test(afterComma.lower)) subject = undefined;
        }
      }
      const earlier = tokens.slice(Math.max(a, t - 3), t).some((x) => EARLIER_WORDS[language].test(x.lower));
      const definite =
        DEFINITE_WORDS[language].test(tokens[t - 1]?.lower ?? '') || DEFINITE_WORDS[language].test(tokens[t - 2]?.lower ?? '');
      // "…haben alle an dem Treffen teilgenommen": the meeting told before, and everyone named took part.
      const joined = participation && definite;
      const named = joined ? [] : [...(subject ? [subject] : []), ...counterparts, ...(agent ? [agent] : [])];
      // The meeting's date is in its clause, or in a relative clause on the meeting word itself
      // ("des Treffens …, das für den 14. August vorgesehen war"), not in one about a person.
      const sStart = this.c.sentences[s]!.start;
      let until = b;
      if (tokens[b + 1]?.text === ',' && /^(der|die|das|which|that|который|которая|которое)$/i.test(tokens[b + 2]?.lower ?? '')) {
        // "das" and "which" cannot stand for a person.
        const onPerson = !/^(das|which|которое)$/i.test(tokens[b + 2]!.lower) && people().some((m) => m.at + m.length - 1 === b);
        if (!onPerson) until = clauseOf(b + 2)[1];
      }
      const from = tokens[a]!.start - sStart;
      const to = tokens[until]!.end - sStart;
      const stated = this.c.dates[s]!.filter((d) => d.index >= from && d.index < to);
      const tokenOffset = tokens[t]!.start - sStart;
      let ownDate = [...stated].sort((x, y) => Math.abs(x.index - tokenOffset) - Math.abs(y.index - tokenOffset))[0];
      // "ahead of the talks" on Tuesday: the date is the sentence's, not the meeting's.
      if (definite && named.length === 0) ownDate = undefined;
      let status: MeetingProposal['meetingStatus'] = 'held';
      for (const st of STATUS_WORDS[language])
        if (st.pattern.test(lower)) {
          status = st.status;
          break;
        }
      // Place: "in Aserbaidschan", "in Baku", "in Abu Dhabi".
      let place: string | undefined;
      let country: string | undefined;
      for (let k = t + 1; k <= Math.min(b, t + 8); k++) {
        if (!IN_WORDS[language].test(tokens[k]!.lower)) continue;
        const cm = countryName(tokens, k + 1, language) ?? (tokens[k + 1]?.lower === 'the' ? countryName(tokens, k + 2, language) : null);
        const two = `${tokens[k + 1]?.lower ?? ''} ${tokens[k + 2]?.lower ?? ''}`;
        if (cm) {
          country = cm.code;
          break;
        }
        if (CITIES[two]) {
          place = `${tokens[k + 1]!.text} ${tokens[k + 2]!.text}`;
          country = CITIES[two];
          break;
        }
        const city = tokens[k + 1];
        if (city?.capital && CITIES[city.lower]) {
          place = city.text;
          country = CITIES[city.lower];
          break;
        }
      }
      // "посетил Азербайджан", "visited Armenia": the country a visit verb takes as its object.
      if (!country && kind === 'visit') {
        const cm = countryName(tokens, t + 1, language);
        if (cm) country = cm.code;
      }
      // A meeting already told: "bei dem Treffen", "the talks", or the same people on a compatible date.
      const previous = this.findMeeting(kind, named, definite, ownDate, place, country, s);
      const trigSpan = span(tokens, t, 1, this.c.text);
      let meeting: MeetingRecord;
      if (previous) {
        meeting = previous;
        if (meeting.sentence !== s) meeting.alsoIn.add(s);
        if (!meeting.spans.some((x) => x.start === trigSpan.start)) meeting.spans.push(trigSpan);
        meeting.place ??= place;
        meeting.country ??= country;
        if (!meeting.date && ownDate) meeting.date = ownDate;
      } else {
        // Nobody named and nothing that tells it apart: not a meeting to propose ("resume negotiations
        // soon"), unless it is the sentence's first, placed or dated, or planned, or consultations.
        const first = triggers[0] === t;
        if (named.length === 0 && kind !== 'consultation' && status === 'held' && !(first && (place || country || ownDate || definite)))
          continue;
        const narrative = this.narrativeDate(s);
        meeting = {
          key: `meeting:${this.c.meetings.length}`,
          kind,
          sentence: s,
          alsoIn: new Set(),
          ...(ownDate ? { date: ownDate } : status === 'held' && narrative && !earlier ? { date: narrative } : {}),
          ...(place ? { place } : {}),
          ...(country ? { country } : {}),
          status,
          participants: new Map(),
          spans: [trigSpan],
          speculative: this.c.speculative[s]!,
          earlier,
        };
        // A meeting in a clause hanging on a visit ("…, wo er Gespräche führte") is part of that visit.
        if (visitInSentence && tokens.slice(visitInSentence ? 0 : a, t).some((x) => WHERE_WORDS[language].test(x.lower))) {
          meeting.partOf = visitInSentence.key;
          meeting.date ??= visitInSentence.date;
          meeting.place ??= visitInSentence.place;
          meeting.country ??= visitInSentence.country;
        }
        if (!meeting.country && meeting.partOf) meeting.country = this.c.meetings.find((m) => m.key === meeting.partOf)?.country;
        this.c.meetings.push(meeting);
      }
      if (kind === 'visit' && !visitInSentence) visitInSentence = meeting;
      const isVisit = meeting.kind === 'visit' || !!meeting.partOf;
      const add = (m: Mention, role: 'host' | 'guest' | 'participant' | 'delegation_member') => {
        if (meeting.participants.has(m.key)) return;
        meeting.participants.set(m.key, { role, sentence: s, span: span(tokens, m.at, m.length, this.c.text) });
      };
      if (joined) {
        for (const m of people()) add(m, 'delegation_member');
        continue;
      }
      if (subject) add(subject, isVisit ? 'guest' : 'participant');
      for (const m of counterparts) add(m, isVisit ? 'host' : 'participant');
      if (agent) add(agent, 'participant');
    }
  }

  private discourseSubject(s: number): Mention | undefined {
    for (let k = s - 1; k >= 0 && k >= s - 3; k--) {
      const first = this.c.mentions[k]!.find((m) => this.c.entities.get(m.key)?.type === 'Person');
      if (first) return first;
    }
    return undefined;
  }

  /** The date the narrative is at: that of the last meeting told with a date of its own. */
  private narrativeDate(s: number): FoundDate | undefined {
    for (let k = this.c.meetings.length - 1; k >= 0; k--) {
      const m = this.c.meetings[k]!;
      if (m.sentence <= s && m.date && m.status === 'held' && !m.earlier) return m.date;
    }
    return undefined;
  }

  private findMeeting(
    kind: MeetingKind,
    named: Mention[],
    definite: boolean,
    date: FoundDate | undefined,
    place: string | undefined,
    country: string | undefined,
    s: number,
  ): MeetingRecord | null {
    const keys = new Set(named.map((m) => m.key));
    const compatible = (m: MeetingRecord) =>
      (!date || !m.date || m.date.value.startsWith(date.value) || date.value.startsWith(m.date.value)) &&
      (!country || !m.country || m.country === country || (place !== undefined && CITIES[place.toLowerCase()] === m.country));
    const recent = [...this.c.meetings].reverse().filter((m) => m.sentence >= s - (definite ? 30 : 8));
    if (keys.size === 0)
      return definite ? (recent.find((m) => compatible(m) && m.status === 'held') ?? recent.find((m) => compatible(m)) ?? null) : null;
    // The same kind and people, or (for talks) a meeting with these people among others.
    const same = recent.find((m) => m.kind === kind && compatible(m) && [...keys].every((k) => m.participants.has(k)));
    if (same) return same;
    if (kind === 'talks' || definite)
      return (
        recent.find(
          (m) =>
            m.kind !== 'visit' &&
            compatible(m) &&
            [...keys].filter((k) => m.participants.has(k)).length >= Math.min(keys.size, definite ? 1 : 2),
        ) ?? null
      );
    return null;
  }

  /** Step 6: topics ("die Zusammenarbeit im Bereich der Informationssicherheit") of the meetings in the sentence or the last one. */
  topicsIn(s: number, out: Array<{ name: string; sentence: number; span: Span; meetings: string[] }>): void {
    const { language } = this.c;
    const tokens = this.c.tokens[s]!;
    const discussion =
      /(besproch|diskutier|erörter|thema|themen|betont|hervorgehoben|augenmerk|verwies|spekul|discuss|covered|focus|topic|agenda|обсуд|обсужд|тем[аы])/i.test(
        this.c.sentences[s]!.text,
      );
    const here = this.c.meetings.filter((m) => m.sentence === s || m.alsoIn.has(s));
    const meetings = here.length > 0 ? here : discussion ? this.c.meetings.filter((m) => m.sentence < s).slice(-1) : [];
    if (meetings.length === 0) return;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!t.word || !TOPIC_HEADS[language].test(t.lower) || this.c.used[s]!.has(i)) continue;
      let a = i;
      while (a > 0) {
        const p = tokens[a - 1]!;
        if (
          !p.word ||
          DETERMINERS[language].test(p.lower) ||
          (p.capital && language !== 'en' && !countryAdjective(tokens, a - 1, language))
        ) {
          // "wirtschaftlichen und humanitären Zusammenarbeit": "und" between two adjectives stays.
          if (
            /^(und|and|и)$/.test(p.lower) &&
            a >= 2 &&
            !tokens[a - 2]!.capital &&
            tokens[a - 2]!.word &&
            !DETERMINERS[language].test(tokens[a - 2]!.lower)
          ) {
            a--;
            continue;
          }
          break;
        }
        if (p.capital && language === 'en' && !countryAdjective(tokens, a - 1, language)) break;
        if (
          language === 'en' &&
          /^(must|receive|to|be|is|are|was|were|has|have|had|will|would|could|should|can|may|said|says|conducting|agreeing|including|over|from)$/.test(
            p.lower,
          )
        )
          break;
        a--;
      }
      let b = i;
      const joiners =
        language === 'de'
          ? /^(der|des|zwischen|im|an|in|von|gegen|für)$/
          : language === 'en'
            ? /^(of|between|with|on|in|for)$/
            : /^(в|с|между|по|на)$/;
      while (b + 1 < tokens.length && b - i < 8) {
        const n = tokens[b + 1]!;
        const cur = tokens[b]!;
        if (!n.word || meetingWordAt(tokens, b + 1, language)) break;
        if (TOPIC_HEADS[language].test(n.lower)) {
          b++;
          continue;
        }
        if (b === i && !joiners.test(n.lower) && language !== 'ru') break;
        // "zwischen den russischen und armenischen …": "und" between two adjectives stays.
        if (/^(und|and|и)$/.test(n.lower)) {
          const after = tokens[b + 2];
          if (!(cur.word && !cur.capital && after?.word && !after.capital)) break;
        } else if (/^(sowie|aber|but|gelegt|wurde|war|were|was|bei)$/.test(n.lower)) break;
        // A lower-case word after a noun that is not a joiner is the verb: the phrase ends.
        else if (b > i && cur.capital && !n.capital && !joiners.test(n.lower) && !DETERMINERS[language].test(n.lower) && language === 'de')
          break;
        else if (
          b > i &&
          !n.capital &&
          language === 'en' &&
          !joiners.test(n.lower) &&
          !DETERMINERS.en.test(n.lower) &&
          !/^[a-z-]+(al|ic|an|ive|ary|ing)$/.test(n.lower)
        )
          break;
        b++;
      }
      // A trailing joiner or article is not part of the topic.
      while (b > i && (DETERMINERS[language].test(tokens[b]!.lower) || joiners.test(tokens[b]!.lower))) b--;
      const sp = span(tokens, a, b - a + 1, this.c.text);
      const name = sp.text;
      if (name.split(' ').length < 2 && language !== 'de') continue;
      for (let k = a; k <= b; k++) this.c.used[s]!.add(k);
      const same = out.find((x) => foldName(x.name) === foldName(name));
      if (same) for (const m of meetings) if (!same.meetings.includes(m.key)) same.meetings.push(m.key);
      if (!same) out.push({ name, sentence: s, span: sp, meetings: meetings.map((m) => m.key) });
      i = b;
    }
  }

  /** Everything, in text order, as proposals. */
  async run(): Promise<Proposal[]> {
    await this.knownNames();
    this.institutionsByName();
    this.countriesAndOutlets();
    this.roles();
    this.nameLike();
    this.roles(true);
    // Institutions the graph knows by kind and country (the security council of Azerbaijan).
    const institutions = [...this.c.entities.values()].filter(
      (e) => e.basis === 'institution' && e.properties.country && e.properties.kind,
    );
    if (institutions.length > 0) {
      const found = await this.graph.institutions(institutions.map((e) => ({ kind: e.properties.kind!, country: e.properties.country! })));
      for (const e of institutions) {
        const head = words(e.name)[0]!;
        const fits = found.filter(
          (f) =>
            f.kind === e.properties.kind &&
            f.country === e.properties.country &&
            (e.properties.kind !== 'state_body' || [f.name, ...f.aliases].some((n) => words(n)[0] === head)),
        );
        if (fits.length > 0) {
          e.candidates = fits.map((f) => ({ id: f.id, name: f.name, type: 'Organization', score: 1 }));
          if (fits.length === 1) {
            e.match = e.candidates[0]!;
            e.aliases.add(e.name);
            e.name = fits[0]!.name;
          }
        }
      }
    }
    const topics: Array<{ name: string; sentence: number; span: Span; meetings: string[] }> = [];
    const acquaintances: Array<{ a: string; b: string; sentence: number }> = [];
    for (let s = 0; s < this.c.sentences.length; s++) {
      this.meetingsIn(s);
      this.topicsIn(s, topics);
      if (KNOWS[this.c.language].test(this.c.sentences[s]!.text)) {
        const persons = [...new Set(this.c.mentions[s]!.map((m) => m.key))].filter((k) => this.c.entities.get(k)?.type === 'Person');
        if (persons.length >= 2) acquaintances.push({ a: persons[0]!, b: persons[1]!, sentence: s });
      }
    }
    // A meeting told without anyone or any date ("Der Besuch in Aserbaidschan" in a headline) is
    // the one the article tells in full, when there is one of its kind and place.
    const folded = new Map<string, string>();
    for (const m of [...this.c.meetings]) {
      if (m.participants.size > 0 || m.date || m.status !== 'held' || !m.country) continue;
      const into = this.c.meetings.find(
        (o) =>
          o !== m && !folded.has(o.key) && o.kind === m.kind && o.participants.size > 0 && o.status === 'held' && o.country === m.country,
      );
      if (!into) continue;
      folded.set(m.key, into.key);
      into.alsoIn.add(m.sentence);
      for (const x of m.alsoIn) into.alsoIn.add(x);
      into.spans.push(...m.spans);
      into.place ??= m.place;
      into.country ??= m.country;
    }
    this.c.meetings = this.c.meetings.filter((m) => !folded.has(m.key));
    for (const m of this.c.meetings) if (m.partOf && folded.has(m.partOf)) m.partOf = folded.get(m.partOf);
    for (const t of topics) t.meetings = [...new Set(t.meetings.map((k) => folded.get(k) ?? k))];
    const out = this.proposals(topics, acquaintances);
    await this.linkStored(out);
    return out;
  }

  /**
   * Meetings and links the graph already holds: a drafted meeting whose stored people meet at a
   * stored meeting of an agreeing date and kind is that meeting; a post, participation or
   * acquaintance between stored ends that is stored already carries the stored id, so that
   * accepting it cites the stored fact rather than writing it twice.
   */
  private async linkStored(out: Proposal[]): Promise<void> {
    const byId = new Map(out.map((p) => [p.id, p]));
    const stored = (id: string) => {
      const p = byId.get(id);
      return p && (p.kind === 'entity' || p.kind === 'meeting') ? (p.match?.id ?? null) : null;
    };
    const people = out.flatMap((p) => (p.kind === 'entity' && p.type === 'Person' && p.match ? [p.match.id] : []));
    const found = people.length > 0 && this.graph.meetings ? await this.graph.meetings(people) : [];
    for (const m of out) {
      if (m.kind !== 'meeting') continue;
      const ids = new Set(m.participants.map(stored).filter((x): x is string => !!x));
      const ranked = found
        .map((f) => {
          const date = f.date ? formatFuzzyDate(f.date, f.precision) : null;
          const agrees = !m.date || !date || m.date.startsWith(date) || date.startsWith(m.date);
          const shared = f.participants.filter((x) => ids.has(x)).length;
          const sameKind = f.kind === m.meetingKind || (f.kind === 'summit' && m.meetingKind === 'talks');
          return {
            f,
            ok: agrees && shared > 0 && sameKind && (!!m.date || shared >= 2),
            score: shared * 2 + Number(!!m.date && m.date === date),
          };
        })
        .filter((x) => x.ok)
        .sort((a, b) => b.score - a.score);
      m.candidates = ranked.map(({ f, score }) => ({
        id: f.id,
        name: f.title,
        type: 'Meeting',
        score,
        properties: { kind: f.kind, status: f.status },
      }));
      if (ranked.length > 0 && (ranked.length === 1 || ranked[0]!.score > ranked[1]!.score)) m.match = m.candidates[0]!;
    }
    const pairs: Array<{ p: Proposal & { existing?: string }; source: string; target: string; type: string }> = [];
    for (const p of out) {
      const pair = (a: string | null, b: string | null, type: string) => {
        if (a && b) pairs.push({ p, source: a, target: b, type });
      };
      if (p.kind === 'post') pair(stored(p.person), stored(p.organization), 'HOLDS_POST');
      if (p.kind === 'participation') pair(stored(p.person), stored(p.meeting), 'TAKES_PART');
      if (p.kind === 'acquaintance') {
        pair(stored(p.people[0]), stored(p.people[1]), 'KNOWS');
        pair(stored(p.people[1]), stored(p.people[0]), 'KNOWS');
      }
    }
    const links =
      pairs.length > 0 && this.graph.links
        ? await this.graph.links(pairs.map(({ source, target, type }) => ({ source, target, type })))
        : [];
    for (const { p, source, target, type } of pairs) {
      const l = links.find((x) => x.type === type && x.source === source && x.target === target);
      if (!l || p.existing) continue;
      p.existing = l.id;
      // The stored acquaintance runs the other way: the proposal takes its direction, so that the id keeps its ends.
      if (p.kind === 'acquaintance' && stored(p.people[0]) !== source) p.people = [p.people[1], p.people[0]];
    }
  }

  private proposals(
    topics: Array<{ name: string; sentence: number; span: Span; meetings: string[] }>,
    acquaintances: Array<{ a: string; b: string; sentence: number }>,
  ): Proposal[] {
    const { sentences, entities } = this.c;
    const ids = new Map<string, string>();
    let n = 0;
    const nextId = () => `p${++n}`;
    const status = (s: number): CitationStatus => (this.c.speculative[s] ? 'speculative' : 'reported');
    const base = (s: number, spans: Span[], names: string[], alsoIn: number[] = []) => ({
      quote: sentences[s]!.text,
      sentence: s,
      alsoIn,
      status: status(s),
      names,
      spans,
    });
    const out: Proposal[] = [];
    // Countries and institutions that nothing else needs are still proposed: the text names them.
    const ordered = [...entities.values()].sort((x, y) => x.sentence - y.sentence || (x.spans[0]?.start ?? 0) - (y.spans[0]?.start ?? 0));
    for (const e of ordered) ids.set(e.key, nextId());
    for (const e of ordered) {
      const aliases = [...e.aliases].filter((a) => a !== e.name && words(a).join(' ') !== words(e.name).join(' '));
      if (e.type === 'Country')
        for (const alias of countryNames(e.properties.code ?? '')) if (alias !== e.name && e.aliases.has(alias)) aliases.push(alias);
      out.push({
        id: ids.get(e.key)!,
        kind: 'entity',
        ...base(e.sentence, e.spans, [e.name]),
        status: e.status,
        type: e.type,
        name: e.name,
        aliases: [...new Set(aliases)],
        properties: e.properties,
        match: e.match,
        candidates: e.candidates,
        basis: e.basis,
        ...(e.countryKey && ids.has(e.countryKey) ? { countryEntity: ids.get(e.countryKey)! } : {}),
      });
    }
    const nameOf = (key: string) => entities.get(key)?.name ?? key;
    for (const p of this.c.posts) {
      out.push({
        id: nextId(),
        kind: 'post',
        ...base(p.sentence, [p.span], [nameOf(p.person), nameOf(p.organization)]),
        status: 'reported',
        person: ids.get(p.person)!,
        organization: ids.get(p.organization)!,
        title: p.title,
        ...(p.start ? { start: p.start.value, startPrecision: p.start.precision } : {}),
      });
    }
    for (const m of this.c.meetings) ids.set(m.key, nextId());
    for (const m of this.c.meetings) {
      const who = [...m.participants.keys()].map(nameOf);
      const countryKey = m.country
        ? [...entities.values()].find((e) => e.type === 'Country' && e.properties.code === m.country)?.key
        : undefined;
      const title = meetingTitle(m.kind, who, m.place ?? (m.country ? englishName(m.country).replace(/^the /, '') : undefined));
      const meetingProposal: MeetingProposal = {
        id: ids.get(m.key)!,
        kind: 'meeting',
        ...base(
          m.sentence,
          m.spans,
          who,
          [...m.alsoIn].sort((a, b) => a - b),
        ),
        status: m.speculative ? 'speculative' : 'reported',
        meetingKind: m.kind,
        title,
        ...(m.date ? { date: m.date.value, datePrecision: m.date.precision as DatePrecision } : {}),
        ...(m.date?.yearInferred ? { dateNote: 'the article gives no year here: taken from the latest year it writes out' } : {}),
        ...(m.place ? { place: m.place } : {}),
        ...(m.country ? { country: m.country } : {}),
        ...(countryKey && ids.has(countryKey) ? { countryEntity: ids.get(countryKey)! } : {}),
        meetingStatus: m.status,
        ...(m.partOf ? { partOf: ids.get(m.partOf)! } : {}),
        participants: [...m.participants.keys()].map((k) => ids.get(k)!),
        match: null,
        candidates: [],
      };
      out.push(meetingProposal);
    }
    for (const m of this.c.meetings)
      for (const [person, p] of m.participants)
        out.push({
          id: nextId(),
          kind: 'participation',
          ...base(p.sentence, [p.span], [nameOf(person), meetingTitle(m.kind, [...m.participants.keys()].map(nameOf), m.place)]),
          person: ids.get(person)!,
          meeting: ids.get(m.key)!,
          role: p.role,
        });
    for (const t of topics)
      out.push({
        id: nextId(),
        kind: 'topic',
        ...base(t.sentence, [t.span], [t.name]),
        name: t.name,
        meetings: t.meetings.map((k) => ids.get(k)!),
      });
    for (const a of acquaintances)
      out.push({
        id: nextId(),
        kind: 'acquaintance',
        ...base(
          a.sentence,
          this.c.mentions[a.sentence]!.filter((m) => m.key === a.a || m.key === a.b).map((m) =>
            span(this.c.tokens[a.sentence]!, m.at, m.length, this.c.text),
          ),
          [nameOf(a.a), nameOf(a.b)],
        ),
        people: [ids.get(a.a)!, ids.get(a.b)!],
      });
    return out;
  }
}

const KIND_WORDS: Record<MeetingKind, string> = {
  visit: 'Visit',
  talks: 'Talks',
  consultation: 'Consultations',
  summit: 'Summit',
  call: 'Call',
};

/** A title for a meeting from what the text says of it ("Talks: Patrushev, Aliyev"). */
export function meetingTitle(kind: MeetingKind, people: string[], place: string | undefined): string {
  const who = people.length > 0 ? ` ${kind === 'visit' ? 'of' : 'between'} ${people.slice(0, 4).join(', ')}` : '';
  const where = place ? ` ${kind === 'visit' ? 'to' : 'in'} ${place}` : '';
  return `${KIND_WORDS[kind]}${who}${where}`;
}

/** Drafts proposals from an article. `graph` answers name lookups (draft/lookup.ts, or EMPTY_GRAPH). */
export async function draftArticle(input: DraftInput, graph: GraphLookup): Promise<Draft> {
  const language = input.source.language as DraftLanguage;
  const sentences = splitSentences(input.text, language);
  const tokens = sentences.map(tokenize);
  const ref = referenceFor(input.text, input.source.published);
  const notes = new Set<string>();
  if (!input.source.published) notes.add('No publication date: dates without a year take the latest year the article writes out.');
  const context: Context = {
    text: input.text,
    language,
    sentences,
    tokens,
    speculative: sentences.map((s) => SPECULATION[language].test(s.text)),
    entities: new Map(),
    mentions: sentences.map(() => []),
    used: sentences.map(() => new Set<number>()),
    posts: [],
    meetings: [],
    ref,
    dates: sentences.map((s) => findDates(s.text, language, ref)),
    ...(input.source.publisher ? { publisher: input.source.publisher } : {}),
    notes,
  };
  const proposals = await new Drafter(context, graph).run();
  return { language, sentences, proposals, notes: [...notes] };
}

/** The Lucene queries for the spans (empty ones dropped), as draft/match-names takes them. */
export function spanQueries(spans: string[]): Array<{ span: string; q: string }> {
  return spans.flatMap((span) => {
    const q = luceneQuery(span);
    return q ? [{ span, q }] : [];
  });
}

export { stem };
