// Name keys for the forms real lists write names in (issue 10, item 5): titles and honorifics,
// initials, surname first with a comma, Greek, Arabic, Hebrew, Armenian and CJK script, and
// per-language transcriptions (Dutch, Polish, French, German, Czech, Turkish, Scandinavian). Each
// rule has its own test; `meets` mirrors the full-text index on exact terms (no fuzzy, no prefix),
// so a rule that stops working fails here, not only in the benchmark.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import {
  commaReversed,
  foldName,
  foldings,
  luceneQuery,
  nameKeys,
  phoneticKey,
  plainFold,
  queryTerms,
  skeletonKey,
  titleMask,
  withoutTitles,
} from '../../server/src/names/keys';
import { PARTICLES, TITLES } from '../../server/src/names/titles';

/** The index's tokens for a node with these names. */
const tokens = (names: string[]) => new Set(nameKeys(names).flatMap((k) => k.split(' ')));

/**
 * Does the query find the names on exact terms, as the index would: every word that is not a
 * title, a stop word or a later initial has one of its terms among the tokens; an initial begins one.
 */
function meets(query: string, names: string[]): boolean {
  const have = tokens(names);
  const terms = queryTerms(query);
  const onlyTitles = terms.every((t) => t.title);
  let initials = 0;
  return terms.every((t) => {
    if (t.title && !onlyTitles) return true;
    if (t.stop) return true;
    if (t.initial) return initials++ > 0 || [...have].some((w) => w.startsWith(t.folded));
    const alts = [t.folded, t.phonetic, ...(t.variants ?? []), ...(t.variants ?? []).map(phoneticKey), ...(t.skeletons ?? [])];
    return alts.some((a) => have.has(a));
  });
}

/** The AND-joined (required) groups of a Lucene query and the OR-appended (optional) ones. */
function groups(q: string): { required: string[]; optional: string[] } {
  const [req = '', ...opt] = q.split(' OR (');
  // The optional groups follow the last required one as " OR (…)"; inside a group alternatives are
  // joined by " OR " without a parenthesis after it.
  return { required: req.split(' AND '), optional: opt.map((o) => `(${o}`) };
}

describe('titles and honorifics', () => {
  it.each(Object.entries(TITLES).flatMap(([lang, titles]) => titles.map((t) => [lang, t])))(
    '%s "%s" before a name is optional in a query',
    (_lang, title) => {
      const q = luceneQuery(`${title} Putin`)!;
      const { required } = groups(q);
      expect(required.every((g) => g.includes('putin^4'))).toBe(true);
      expect(meets(`${title} Putin`, ['Vladimir Putin'])).toBe(true);
    },
  );

  it('marks title phrases as a whole and nothing else', () => {
    expect(titleMask(foldName('Prime Minister Boris Johnson MP').split(' '))).toEqual([true, true, false, false, true]);
    expect(titleMask(foldName('Г-н Путин').split(' '))).toEqual([true, true, false]);
    expect(titleMask(foldName('Premierminister Paschinjan').split(' '))).toEqual([true, false]);
    // "Prime" alone is no title, nor "Johnson".
    expect(titleMask(['prime', 'johnson'])).toEqual([false, false]);
  });

  it('matches a title in any of its spellings: Praesident, Президент and President are one', () => {
    for (const t of ['Praesident', 'Президент', 'Prezident', 'Präsident', 'Πρόεδρος'])
      expect([t, titleMask(foldName(t).split(' '))]).toEqual([t, [true]]);
  });

  it('requires the title when the query is nothing else, so "Lord" and "President" still find their names', () => {
    expect(luceneQuery('Lord')).toMatch(/^\(lord\^4/);
    expect(groups(luceneQuery('Prime Minister')!).required).toHaveLength(2);
    expect(meets('Lord', ['Lord Ahmad of Wimbledon'])).toBe(true);
    expect(meets('Lord', ['Tariq Ahmad'])).toBe(false);
  });

  it('never lets an optional title stand alone: one required group is repeated', () => {
    const q = luceneQuery('President Putin')!;
    const { required, optional } = groups(q);
    expect(required).toHaveLength(2);
    expect(required[0]).toBe(required[1]);
    expect(optional).toHaveLength(1);
    expect(optional[0]).toContain('president');
  });

  it('stores the name without the titles around it, and keeps the name as written', () => {
    expect(withoutTitles('Rt Hon Boris Johnson MP')).toBe('boris johnson');
    expect(withoutTitles('The Rt Hon Francis Maude MP')).toBe('francis maude');
    expect(withoutTitles('Lord')).toBe('lord');
    expect(nameKeys(['Rt Hon Boris Johnson MP'])).toEqual(expect.arrayContaining(['rt hon boris johnson mp', 'boris johnson']));
    // A surname that is also a title stays findable by the whole name.
    expect(nameKeys(['Frank Lord'])).toContain('frank lord');
    expect(meets('Frank Lord', ['Frank Lord'])).toBe(true);
  });

  it('treats name particles as optional (Bashar el-Assad finds Bashar al-Assad)', () => {
    expect(PARTICLES).toContain('al');
    expect(meets('Bachar el-Assad', ['Bashar al-Assad'])).toBe(true);
    expect(meets('Bashar Assad', ['Bashar al-Assad'])).toBe(true);
  });
});

describe('initials', () => {
  it('matches an initial to any word it begins; initials after the first are optional', () => {
    const q = luceneQuery('В. В. Путин')!;
    const { required, optional } = groups(q);
    expect(required).toEqual(['(v^2 OR v*)', expect.stringContaining('putin^4')]);
    expect(optional).toEqual(['(v^2 OR v*)']);
  });

  it.each([['В. В. Путин'], ['V. V. Putin'], ['Vladimir V. Putin'], ['Putin V.V.'], ['Путин В.В.']])('%s finds Vladimir Putin', (q) => {
    expect(meets(q, ['Vladimir Vladimirovich Putin'])).toBe(true);
    expect(meets(q, ['Vladimir Putin'])).toBe(true);
  });

  it('does not let a wrong initial through', () => {
    expect(meets('A. Putin', ['Vladimir Putin'])).toBe(false);
  });

  it('reads a lone letter as an initial only beside other words', () => {
    expect(queryTerms('V')[0]!.initial).toBeUndefined();
    expect(queryTerms('V Putin')[0]!.initial).toBe(true);
  });
});

describe('surname first with a comma', () => {
  it('stores "Putin, Vladimir" also as "vladimir putin"', () => {
    expect(commaReversed('Putin, Vladimir')).toBe('Vladimir Putin');
    expect(nameKeys(['Putin, Vladimir'])).toEqual(expect.arrayContaining(['putin vladimir', 'vladimir putin']));
  });

  it('turns round only a name with one comma and a short given part', () => {
    expect(commaReversed('Minister for the Cabinet Office, Paymaster General, The Rt Hon Francis Maude MP')).toBeNull();
    expect(commaReversed('Vladimir Putin')).toBeNull();
    expect(commaReversed('Room 101, 2 Marsham Street')).toBeNull();
  });

  it('takes the titles off a register\'s "post, title name" form', () => {
    expect(nameKeys(['Prime Minister, The Rt Hon David Cameron MP'])).toContain('david cameron');
  });

  it('finds a comma query in either order', () => {
    expect(meets('Putin, Vladimir', ['Vladimir Putin'])).toBe(true);
    expect(meets('Netanyahu, Benjamin', ['Benjamin Netanyahu'])).toBe(true);
  });
});

describe('Greek script', () => {
  it('reads the digraphs as English spellings do', () => {
    expect(foldName('Τσίπρας')).toBe('tsipras');
    expect(foldName('Παπανδρέου')).toBe('papandreou');
    expect(foldName('Ντόρα Μπακογιάννη')).toBe('dora bakogianni');
    expect(foldName('Χαμάς')).toBe('khamas');
    expect(foldName('Γκάζπρομ')).toBe('gazprom');
  });

  it('reads foreign names in Greek as a second folding (ντ = d, τζ = j, -εφ = -ev)', () => {
    expect(foldings('Μεντβέντεφ')).toEqual(['mentventef', 'medvedev']);
    expect(foldings('Ερντογάν')).toContain('erdogan');
    expect(foldings('Κωνσταντίνος')[0]).toBe('konstantinos');
  });

  it.each([
    ['Αλέξης Τσίπρας', 'Alexis Tsipras'],
    ['Βλαντιμίρ Πούτιν', 'Vladimir Putin'],
    ['Ντμίτρι Μεντβέντεφ', 'Dmitri Medvedev'],
    ['Χαμάς', 'Hamas'],
  ])('%s meets %s', (greek, latin) => {
    expect(meets(greek, [latin])).toBe(true);
  });
});

describe('Arabic and Hebrew script: consonant skeletons', () => {
  it('gives Latin spellings and the abjad the same skeleton', () => {
    for (const w of ['mohammed', 'muhammad', 'mohamed', 'mukhammad', 'mhmd']) expect([w, skeletonKey(w)]).toEqual([w, 'mhmd']);
    expect(skeletonKey(foldName('عباس'))).toBe(skeletonKey('abbas'));
    expect(skeletonKey(foldName('روحانی'))).toBe(skeletonKey('rouhani'));
    expect(skeletonKey(foldName('נתניהו'))).toBe(skeletonKey('netanyahu'));
  });

  it('leaves out the Arabic article and reads Hebrew ב, כ, ו as b, k, w', () => {
    expect(foldName('الأسد')).toBe('sd');
    expect(foldName('בנימין')).toBe('bnymyn');
    expect(foldName('כנסת')).toBe('knst');
  });

  it.each([
    ['محمود عباس', 'Mahmoud Abbas'],
    ['حسن روحانی', 'Hassan Rouhani'],
    ['بشار الأسد', 'Bashar al-Assad'],
    ['נתניהו', 'Benjamin Netanyahu'],
    ['בנימין נתניהו', 'Benjamin Netanyahu'],
    ['מחמוד עבאס', 'Mahmoud Abbas'],
    ['כנסת', 'Knesset'],
    ['حماس', 'Hamas'],
    ['فلاديمير بوتين', 'Vladimir Putin'],
    ['الجزيرة', 'Al Jazeera'],
  ])('%s meets %s', (abjad, latin) => {
    expect(meets(abjad, [latin])).toBe(true);
  });

  it('lets a Latin query meet a name stored in Arabic script', () => {
    expect(meets('Mohammed', ['محمد'])).toBe(true);
    expect(meets('Mahmud Abbas', ['محمود عباس'])).toBe(true);
  });

  it('never joins two Latin names, nor two abjad names, by skeleton', () => {
    expect(meets('Putin', ['Patane'])).toBe(false);
    expect(meets('الجزيرة', ['سورية'])).toBe(false);
    expect(meets('Jazeera', ['Syria'])).toBe(false);
  });

  it('keeps skeletons off long titles (meetings, articles)', () => {
    expect(nameKeys(['Talks on security cooperation in Baku in September']).some((k) => /^1/.test(k))).toBe(false);
    expect(nameKeys(['Mahmoud Abbas'])).toContain('1mhmd 1bs');
  });
});

describe('Armenian and CJK script', () => {
  it('reads Armenian ու as u', () => {
    expect(foldName('Պուտին')).toBe('putin');
  });

  it('makes an alias in Chinese, Japanese or Korean script findable by itself (as one folded term)', () => {
    expect(foldName('习近平')).toBe('xijinping');
    expect(foldName('習近平')).toBe('xijinping');
    expect(nameKeys(['Xi Jinping', '习近平'])).toContain('xijinping');
    expect(meets('习近平', ['Xi Jinping', '习近平'])).toBe(true);
    expect(meets('문재인', ['Moon Jae-in', '문재인'])).toBe(true);
    expect(meets('安倍晋三', ['Shinzo Abe', '安倍晋三'])).toBe(true);
  });
});

describe('per-language transcriptions', () => {
  it.each([
    ['Dutch oe', 'poetin', 'putin'],
    ['Dutch tsj', 'tsjernenko', 'chernenko'],
    ['Dutch and Scandinavian sj', 'pasjinjan', 'pashinyan'],
    ['Dutch sj + oe', 'sjojgoe', 'shoigu'],
    ['French ou', 'poutine', 'putin'],
    ['French tch', 'tchernenko', 'chernenko'],
    ['French ch', 'saakachvili', 'saakashvili'],
    ['French ch + ou', 'choigou', 'shoigu'],
    ['German sch + w', 'patruschew', 'patrushev'],
    ['German tsch', 'botscharnikow', 'bocharnikov'],
    ['German s for z', 'selenskyj', 'zelensky'],
    ['Polish sz', 'patruszew', 'patrushev'],
    ['Polish cz + ie', 'czernienko', 'chernenko'],
    ['Polish ie', 'miedwiediew', 'medvedev'],
    ['Polish ie', 'pieskow', 'peskov'],
    ['Polish sz + j', 'szojgu', 'shoigu'],
    ['Swedish tj', 'tjernenko', 'chernenko'],
    ['English -skyy', 'zelenskyy', 'zelensky'],
    ['ks for x', 'aleksis', 'alexis'],
  ])('%s: %s ~ %s', (_rule, a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });

  it('lets German ch stand for kh in a query (Michail ~ Mikhail), beside the English and French readings', () => {
    expect(queryTerms('Michail')[0]!.variants).toContain('mikhail');
    expect(meets('Michail Saakaschwili', ['Mikhail Saakashvili'])).toBe(true);
  });

  it('writes Czech and Polish háček and acute letters as English digraphs, and keeps the plain form', () => {
    expect(foldName('Babiš')).toBe('babish');
    expect(plainFold('Babiš')).toBe('babis');
    expect(foldName('Żeleński')).toBe('zhelenski');
    expect(nameKeys(['Andrej Babiš'])).toEqual(expect.arrayContaining(['andrej babish', 'andrej babis']));
    expect(meets('Andrej Babis', ['Andrej Babiš'])).toBe(true);
    expect(meets('Андрей Бабиш', ['Andrej Babiš'])).toBe(true);
  });

  it('keeps Turkish and Azerbaijani letters both ways (Erdoğan ~ Erdogan ~ Эрдоган)', () => {
    expect(nameKeys(['Recep Tayyip Erdoğan'])).toEqual(expect.arrayContaining(['recep tayyip erdoghan', 'recep tayyip erdogan']));
    expect(meets('Erdogan', ['Recep Tayyip Erdoğan'])).toBe(true);
    expect(meets('Эрдоган', ['Recep Tayyip Erdoğan'])).toBe(true);
    expect(queryTerms('Erdoğan')[0]!.variants).toContain('erdogan');
  });

  it('folds Scandinavian letters (Støre, Ålborg)', () => {
    expect(foldName('Jonas Gahr Støre')).toBe('jonas gahr store');
    expect(foldName('Ålborg')).toBe('alborg');
  });
});

describe('stop words', () => {
  it('searches a stop word of the analyzer only as itself, never as a prefix or fuzzy term', () => {
    const q = luceneQuery('Moon Jae-in')!;
    expect(q.split(' AND ').pop()).toBe('(in^4)');
    expect(queryTerms('Ahmad of Wimbledon')[1]!.stop).toBe(true);
  });
});

describe('the variants of tests/fixtures/names/variants.json', () => {
  interface Fixture {
    entities: Array<{ id: string; name: string; aliases: string[] }>;
    variants: Array<{ entity: string; q: string; script: string }>;
  }
  const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/names/variants.json'), 'utf8')) as Fixture;
  const byId = new Map(fixture.entities.map((e) => [e.id, [e.name, ...e.aliases]]));

  it('names an entity of the fixture in every variant', () => {
    expect(fixture.variants.filter((v) => !byId.has(v.entity))).toEqual([]);
    expect(fixture.variants.length).toBeGreaterThanOrEqual(150);
  });

  // Today's share of variants that meet their entity on exact terms (the benchmark adds fuzzy
  // terms, prefixes and ranking); a change to the rules that loses matches fails here.
  it('meets its entity on exact terms in at least 85 % of the variants, and in every Arabic and Hebrew one but two', () => {
    const met = fixture.variants.filter((v) => meets(v.q, byId.get(v.entity)!));
    expect(met.length / fixture.variants.length).toBeGreaterThanOrEqual(0.85);
    const abjad = fixture.variants.filter((v) => v.script === 'Arabic' || v.script === 'Hebrew');
    expect(abjad.length - abjad.filter((v) => met.includes(v)).length).toBeLessThanOrEqual(2);
  });
});
