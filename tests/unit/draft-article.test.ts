// The drafting logic without a database: sentences, dates with precision, name keys, and the
// proposals drafted from the seed article (German), the Reuters fixture (English) and Russian text,
// with a graph that knows nothing and with an in-memory graph of the demo's names and keys.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { findDates, referenceFor } from '../../server/src/draft/dates';
import { draftArticle, fitsKeys } from '../../server/src/draft/draft';
import { splitSentences } from '../../server/src/draft/text';
import {
  EMPTY_GRAPH,
  type Draft,
  type EntityProposal,
  type GraphLookup,
  type IndexHit,
  type MeetingProposal,
  type PostProposal,
  type Proposal,
} from '../../server/src/draft/types';
import { nameKeys } from '../../server/src/names/keys';

const SEED = path.resolve(__dirname, '../../../shared/seed/caucasus-watch-patrushev-azerbaijan-2019.de.txt');
const DEMO = path.resolve(__dirname, '../../data/demo/patrushev-2019.json');
const REUTERS = path.resolve(__dirname, '../fixtures/articles/reuters-2026-02-05-ukraine-russia-abu-dhabi-talks.en.json');

const seedText = readFileSync(SEED, 'utf8');
const seed = (graph: GraphLookup = EMPTY_GRAPH) =>
  draftArticle(
    { text: seedText, source: { title: 'Patruschews Mission im Südkaukasus', publisher: 'Caucasus Watch', language: 'de' } },
    graph,
  );

const entities = (d: Draft) => d.proposals.filter((p): p is EntityProposal => p.kind === 'entity');
const meetings = (d: Draft) => d.proposals.filter((p): p is MeetingProposal => p.kind === 'meeting');
const posts = (d: Draft) => d.proposals.filter((p): p is PostProposal => p.kind === 'post');
const named = (d: Draft, name: string) => entities(d).find((e) => e.name === name || e.aliases.includes(name));
const nameOf = (d: Draft, id: string) => (d.proposals.find((p) => p.id === id) as EntityProposal | undefined)?.name;
const participants = (d: Draft, m: MeetingProposal) => m.participants.map((id) => nameOf(d, id)).sort();

/** The demo's people, institutions and countries as an in-memory index: hits where the keys share a word. */
function demoGraph(): GraphLookup {
  const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as {
    nodes: Array<{ id: string; type: string; properties: Record<string, unknown> }>;
  };
  const stored: IndexHit[] = demo.nodes
    .filter((n) => ['Person', 'Organization', 'Country'].includes(n.type))
    .map((n) => {
      const aliases = (n.properties.aliases as string[] | undefined) ?? [];
      const name = n.properties.name as string;
      return {
        id: n.id,
        type: n.type,
        name,
        aliases,
        keys: nameKeys([name, ...aliases]),
        kind: (n.properties.kind as string | undefined) ?? null,
        country: ((n.properties.country ?? n.properties.code) as string | undefined) ?? null,
        score: 1,
      };
    });
  return {
    names: async (spans) =>
      new Map(
        spans.map((s) => {
          const words = new Set(nameKeys([s]).flatMap((k) => k.split(' ')));
          return [s, stored.filter((h) => h.keys.some((k) => k.split(' ').some((w) => words.has(w))))];
        }),
      ),
    institutions: async (wanted) =>
      demo.nodes
        .filter((n) => n.type === 'Organization' && wanted.some((w) => w.kind === n.properties.kind && w.country === n.properties.country))
        .map((n) => ({
          kind: n.properties.kind as string,
          country: n.properties.country as string,
          id: n.id,
          name: n.properties.name as string,
          aliases: (n.properties.aliases as string[] | undefined) ?? [],
        })),
  };
}

describe('sentences', () => {
  it('keeps "am 4. September" and "U.S. President" inside their sentences and numbers paragraphs', () => {
    const text = 'Am 4. September führte er einen Besuch durch. Dann ging er.\n\nU.S. President Donald Trump met Dr. Smith.';
    const de = splitSentences(text, 'de');
    expect(de.map((s) => s.text)).toEqual([
      'Am 4. September führte er einen Besuch durch.',
      'Dann ging er.',
      'U.S. President Donald Trump met Dr. Smith.',
    ]);
    expect(de.map((s) => s.paragraph)).toEqual([0, 0, 1]);
    // Offsets point into the text as sent.
    for (const s of de) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('dates', () => {
  it('reads day and month against the publication date, with the precision written', () => {
    const ref = referenceFor('', '2019-09-10');
    expect(findDates('Am 4. September führte Patruschew einen Besuch durch.', 'de', ref)).toEqual([
      expect.objectContaining({ value: '2019-09-04', precision: 'day', yearInferred: false }),
    ]);
    expect(findDates('Das war im Jahr 2017.', 'de', ref)).toEqual([expect.objectContaining({ value: '2017', precision: 'year' })]);
    expect(findDates('Er wurde im Juni dieses Jahres ernannt.', 'de', ref)).toEqual([
      expect.objectContaining({ value: '2019-06', precision: 'month' }),
    ]);
    expect(findDates('Переговоры прошли 4 сентября.', 'ru', ref)).toEqual([
      expect.objectContaining({ value: '2019-09-04', precision: 'day' }),
    ]);
    expect(findDates('The talks were held last year in Turkey.', 'en', referenceFor('', '2026-02-05'))).toEqual([
      expect.objectContaining({ value: '2025', precision: 'year' }),
    ]);
    expect(findDates('They met on Thursday.', 'en', referenceFor('', '2026-02-05'))).toEqual([
      expect.objectContaining({ value: '2026-02-05', precision: 'day' }),
    ]);
  });

  it('without a publication date takes the latest year the article writes and says it inferred it', () => {
    const ref = referenceFor('… für den 14. August 2019 vorgesehen … im Jahr 2017 …', undefined);
    expect(findDates('Am 12. August traf er Paschinjan.', 'de', ref)).toEqual([
      expect.objectContaining({ value: '2019-08-12', precision: 'day', yearInferred: true }),
    ]);
    // A weekday cannot be placed without the article's date.
    expect(findDates('They met on Thursday.', 'en', ref)).toEqual([]);
  });
});

describe('name keys', () => {
  it('confirms a surname or a full name in another spelling, not a given name alone or part of an institution', () => {
    const patrushev = nameKeys(['Nikolai Patrushev', 'Николай Патрушев']);
    expect(fitsKeys('Patruschew', 'Person', patrushev)).toBe('phonetic');
    expect(fitsKeys('Nikolai Patruschew', 'Person', patrushev)).toBe('phonetic');
    expect(fitsKeys('Nikolai Patrushev', 'Person', patrushev)).toBe('exact');
    expect(fitsKeys('Nikolai', 'Person', patrushev)).toBeNull();
    expect(fitsKeys('Security Council', 'Organization', nameKeys(['Security Council of Azerbaijan']))).toBeNull();
    expect(fitsKeys('Aserbaidschan', 'Country', nameKeys(['Azerbaijan', 'Aserbaidschan']))).toBe('exact');
  });
});

describe('the seed article (German), nothing known', () => {
  it('proposes the people with their posts at institutions named after their kind and country', async () => {
    const d = await seed();
    const post = (person: string) => posts(d).find((p) => nameOf(d, p.person) === person);
    expect(post('Nikolai Patruschew')).toMatchObject({ title: 'Secretary' });
    expect(nameOf(d, post('Nikolai Patruschew')!.organization)).toBe('Security Council of Russia');
    expect(post('Rashid Nurgalijew')).toMatchObject({ title: 'Deputy Secretary' });
    expect(nameOf(d, post('Mikhail Bocharnikow')!.organization)).toBe('Embassy of Russia in Azerbaijan');
    // "des Landes" is the country the visit is to.
    expect(nameOf(d, post('Ilham Alijew')!.organization)).toBe('Presidency of Azerbaijan');
    // "seinem armenischen Amtskollegen": Patrushev's post, in Armenia.
    expect(nameOf(d, post('Armen Grigorjan')!.organization)).toBe('Security Council of Armenia');
    // "Usubow, der im Juni dieses Jahres zum Sekretär … ernannt wurde": since 2019-06.
    expect(post('Ramil Usubow')).toMatchObject({ title: 'Secretary', start: '2019-06', startPrecision: 'month' });
    expect(named(d, 'Patruschew')?.name).toBe('Nikolai Patruschew');
    expect(named(d, 'Azerdaily')?.properties.kind).toBe('media_outlet');
    expect(entities(d).every((e) => e.match === null)).toBe(true);
  });

  it('proposes the visit with its date (year taken from the article), place and the talks that were part of it', async () => {
    const d = await seed();
    const visit = meetings(d).find((m) => m.meetingKind === 'visit' && m.date === '2019-09-04')!;
    expect(visit).toMatchObject({ datePrecision: 'day', place: 'Baku', country: 'AZ', meetingStatus: 'held' });
    expect(visit.dateNote).toBeDefined();
    expect(participants(d, visit)).toEqual(['Nikolai Patruschew']);
    const talks = meetings(d).find((m) => m.partOf === visit.id)!;
    expect(participants(d, talks)).toEqual([
      'Ilham Alijew',
      'Mikhail Bocharnikow',
      'Nikolai Patruschew',
      'Ramil Usubow',
      'Rashid Nurgalijew',
    ]);
    // Told again in later sentences ("Bei dem Treffen mit Alijew", "… haben alle an dem Treffen teilgenommen").
    expect(talks.alsoIn.length).toBeGreaterThanOrEqual(3);
    const earlier = meetings(d).find((m) => m.date === '2017')!;
    expect(earlier).toMatchObject({ meetingKind: 'visit', datePrecision: 'year', place: 'Baku' });
  });

  it('marks what Azerdaily speculated: the postponed summit and the acquaintance', async () => {
    const d = await seed();
    const postponed = meetings(d).find((m) => m.meetingStatus === 'postponed')!;
    expect(postponed).toMatchObject({ date: '2019-08-14', datePrecision: 'day', status: 'speculative' });
    expect(participants(d, postponed)).toEqual(['Hasan Rouhani', 'Ilham Alijew', 'Wladimir Putin']);
    const knows = d.proposals.find((p): p is Extract<Proposal, { kind: 'acquaintance' }> => p.kind === 'acquaintance')!;
    expect(knows.status).toBe('speculative');
    expect(knows.people.map((id) => nameOf(d, id)).sort()).toEqual(['Nikolai Patruschew', 'Ramil Usubow']);
    // Every proposal quotes a sentence of the article, and its spans are in that text.
    for (const p of d.proposals) {
      expect(seedText).toContain(p.quote);
      for (const s of p.spans) expect(seedText.slice(s.start, s.end)).toBe(s.text);
    }
  });
});

describe('the seed article against the demo graph', () => {
  it('matches the names it knows in the spelling of the text to the stored entities', async () => {
    const d = await seed(demoGraph());
    expect(named(d, 'Patruschew')?.match?.id).toBe('person-patrushev');
    expect(named(d, 'Alijew')?.match?.id).toBe('person-aliyev');
    expect(named(d, 'Wladimir Putin')?.match?.id).toBe('person-putin');
    expect(named(d, 'Aserbaidschan')?.match?.id).toBe('country-az');
    // Institutions by kind and country: one stored security council of Azerbaijan.
    expect(entities(d).find((e) => e.match?.id === 'org-security-council-az')?.name).toBe('Security Council of Azerbaijan');
    // The name to store is the stored one; the text's spelling stays as an alias.
    expect(named(d, 'Ramil Usubow')).toMatchObject({ name: 'Ramil Usubov', basis: 'known' });
  });
});

describe('English and Russian', () => {
  it('reads the Reuters report: roles before names, institutions by name, planned and earlier meetings', async () => {
    const fixture = JSON.parse(readFileSync(REUTERS, 'utf8')) as { text: string; header: { title: string; published: string } };
    const d = await draftArticle(
      {
        text: fixture.text,
        source: { title: fixture.header.title, publisher: 'Reuters', published: fixture.header.published, language: 'en' },
      },
      EMPTY_GRAPH,
    );
    expect(nameOf(d, posts(d).find((p) => nameOf(d, p.person) === 'Donald Tusk')!.organization)).toBe('Government of Poland');
    expect(named(d, 'Security Service of Ukraine')?.properties).toMatchObject({ kind: 'state_body', country: 'UA' });
    const abuDhabi = meetings(d).find((m) => m.place === 'Abu Dhabi')!;
    expect(abuDhabi).toMatchObject({ date: '2026-02-05', country: 'AE', meetingStatus: 'held' });
    expect(meetings(d).find((m) => m.meetingStatus === 'planned')).toMatchObject({ country: 'US', participants: [] });
    const bessent = meetings(d).find((m) => participants(d, m).includes('Scott Bessent'))!;
    expect(participants(d, bessent)).toEqual(['Scott Bessent', 'Steve Witkoff']);
    expect(bessent.date).toBeUndefined();
    // The byline's names are not proposed.
    expect(named(d, 'Olena Harmash')).toBeUndefined();
  });

  it('reads Russian: role words in the genitive, the visit verb with its country, speculation markers', async () => {
    const text =
      '4 сентября секретарь Совета безопасности России Николай Патрушев посетил Азербайджан, где провел переговоры с президентом Ильхамом Алиевым. ' +
      'По некоторым данным, Патрушев также встретился с секретарем Совета безопасности Азербайджана Рамилем Усубовым.';
    const d = await draftArticle({ text, source: { title: 'Визит', published: '2019-09-05', language: 'ru' } }, EMPTY_GRAPH);
    expect(nameOf(d, posts(d).find((p) => nameOf(d, p.person) === 'Николай Патрушев')!.organization)).toBe('Security Council of Russia');
    const visit = meetings(d).find((m) => m.meetingKind === 'visit')!;
    expect(visit).toMatchObject({ date: '2019-09-04', country: 'AZ' });
    const speculated = meetings(d).find((m) => m.status === 'speculative')!;
    expect(participants(d, speculated)).toEqual(['Николай Патрушев', 'Рамилем Усубовым']);
  });
});
