// Name keys: spellings of one name across scripts and transliteration schemes must meet on a shared
// key, different names must not, and the Lucene query built from user input must be safe to send.
import { describe, expect, it } from '@jest/globals';

import { foldName, luceneQuery, nameKeys, phoneticKey, phoneticName } from '../../server/src/names/keys';

/** Keys two spellings have in common. */
function sharedKeys(a: string, b: string): string[] {
  const keysOfB = new Set(nameKeys([b]));
  return nameKeys([a]).filter((k) => keysOfB.has(k));
}

const SAME_NAME: Record<string, string[]> = {
  Patrushev: ['Patruschew', 'Patrushev', 'Патрушев'],
  Aliyev: ['Alijew', 'Aliyev', 'Əliyev', 'Aliev', 'Алиев'],
  Pashinyan: ['Paschinjan', 'Pashinyan', 'Pashinian', 'Пашинян'],
  Nurgaliyev: ['Nurgalijew', 'Nurgaliyev', 'Nurgaliev'],
  Bocharnikov: ['Bocharnikow', 'Bocharnikov', 'Бочарников'],
  Grigoryan: ['Grigorjan', 'Grigoryan', 'Григорян'],
  Usubov: ['Usubow', 'Usubov'],
};

describe('foldName', () => {
  it('folds any script to lower-case ASCII words', () => {
    expect(foldName('Патрушев')).toBe('patrushev');
    expect(foldName('Рашид Нургалиев')).toBe('rashid nurgaliev');
    expect(foldName('Бочарников')).toBe('bocharnikov');
  });

  it('writes Azerbaijani ə as a, as English does (Əliyev → aliyev)', () => {
    expect(foldName('Əliyev')).toBe('aliyev');
    expect(foldName('Azərbaycan')).toBe('azarbaycan');
  });

  it('splits on punctuation and collapses runs of separators, trimming the ends', () => {
    expect(foldName('  Rouhani,  Hassan!! ')).toBe('rouhani hassan');
    expect(foldName('Military-technical')).toBe('military technical');
    expect(foldName('...')).toBe('');
  });

  it('keeps digits', () => {
    expect(foldName('G20 Summit 2019')).toBe('g20 summit 2019');
  });
});

describe('phoneticKey / phoneticName', () => {
  it('maps German, English and scholarly transliterations to one skeleton', () => {
    expect(phoneticKey('patruschew')).toBe(phoneticKey('patrushev'));
    expect(phoneticKey('alijew')).toBe(phoneticKey('aliev'));
    expect(phoneticKey('tschernenko')).toBe(phoneticKey('chernenko'));
    expect(phoneticKey('dschabarow')).toBe(phoneticKey('dzhabarov'));
    expect(phoneticKey('hassan')).toBe(phoneticKey('hasan'));
    expect(phoneticKey('rouhani')).toBe(phoneticKey('ruhani'));
  });

  it('keys each word of a name separately and keeps their order', () => {
    expect(phoneticName('Nikolai Patruschew')).toBe(`${phoneticKey('nikolai')} ${phoneticKey('patruschew')}`);
    expect(phoneticName('Patruschew Nikolai')).not.toBe(phoneticName('Nikolai Patruschew'));
  });

  it('gives the same skeleton for every spelling of a name', () => {
    for (const [canonical, spellings] of Object.entries(SAME_NAME)) {
      const skeletons = new Set(spellings.map(phoneticName));
      expect([canonical, [...skeletons]]).toEqual([canonical, [phoneticName(canonical)]]);
    }
  });
});

describe('nameKeys', () => {
  it.each(Object.entries(SAME_NAME))('lets every spelling of %s meet every other on a shared key', (_canonical, spellings) => {
    for (const a of spellings)
      for (const b of spellings) {
        expect([a, b, sharedKeys(a, b).length > 0]).toEqual([a, b, true]);
      }
  });

  it.each([
    ['Patrushev', 'Putin'],
    ['Патрушев', 'Путин'],
    ['Aliyev', 'Usubov'],
    ['Alijew', 'Usubow'],
    ['Pashinyan', 'Grigoryan'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(sharedKeys(a, b)).toEqual([]);
  });

  it('holds the folded form and the skeleton of the name and of every alias, without duplicates', () => {
    const keys = nameKeys(['Nikolai Patrushev', 'Patruschew', 'Николай Патрушев', undefined, '']);
    expect(keys).toEqual(expect.arrayContaining(['nikolai patrushev', 'patruschew', 'patrushev', 'nikolay patrushev']));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('');
  });

  it('gives no keys for nothing and for punctuation only', () => {
    expect(nameKeys([])).toEqual([]);
    expect(nameKeys([undefined, '', ' - '])).toEqual([]);
  });
});

describe('luceneQuery', () => {
  /** Lucene syntax in the query other than the operators this module writes itself. */
  const foreignSyntax = (q: string) => q.replace(/\b(AND|OR)\b/g, '').replace(/[a-z0-9 ~^*()]/g, '');

  it.each(['', '   ', '!!!', '"" () :'])('is null when the input has no word (%j)', (input) => {
    expect(luceneQuery(input)).toBeNull();
  });

  it('requires every word: one group per word, joined by AND', () => {
    const q = luceneQuery('Nikolai Patrushev');
    expect(q).not.toBeNull();
    const groups = q!.split(' AND ');
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatch(/^\(.*\bnikolai\^4\b.*\)$/);
    expect(groups[1]).toMatch(/^\(.*\bpatrushev\^4\b.*\)$/);
    expect(q).not.toMatch(/\)\s+OR\s+\(/);
  });

  it('searches each word also by its skeleton', () => {
    const q = luceneQuery('Patruschew')!;
    expect(q).toContain('patruschew');
    expect(q).toContain('patrushev');
  });

  it('adds a prefix term for the last word only (typing ahead)', () => {
    const q = luceneQuery('Nikolai Patru')!;
    const [first, last] = q.split(' AND ');
    expect(first).not.toContain('*');
    expect(last).toMatch(/\bpatru\*/);
  });

  it('folds the words of the query as names are folded', () => {
    expect(luceneQuery('Патрушев')).toContain('patrushev');
    expect(luceneQuery('Əliyev')).toContain('aliyev');
  });

  it.each(['a:b "c" (d) OR* \\', 'title:"x" AND NOT y', 'foo~2^10 [a TO z] {b} /re/ +must -not && || !', 'Patrushev* ?'])(
    'lets no Lucene syntax through from %j',
    (input) => {
      const q = luceneQuery(input);
      expect(q).not.toBeNull();
      expect(foreignSyntax(q!)).toBe('');
      expect(q).not.toMatch(/["\\:[\]{}/+\-!?&|]/);
    },
  );

  it('turns operator words of the input into plain lower-case terms', () => {
    const q = luceneQuery('Putin OR NOT Aliyev')!;
    expect(q.split(' AND ')).toHaveLength(4);
    expect(q).toContain('or^4');
    expect(q).toContain('not^4');
    expect(q).not.toMatch(/\bNOT\b/);
  });
});

describe('Cyrillic soft and hard signs', () => {
  it('lets Ильхам Алиев meet Ilham Aliyev, and Васильев meet Vasilyev', () => {
    const shared = (a: string, b: string) => nameKeys([a]).filter((k) => nameKeys([b]).includes(k));
    expect(foldName('Ильхам')).toBe('ilkham');
    expect(shared('Ильхам Алиев', 'Ilham Aliyev')).not.toEqual([]);
    expect(shared('Васильев', 'Vasilyev')).not.toEqual([]);
  });
});

describe('nameKeys over several names, remembered per name', () => {
  it('gives the union of each name’s keys in order, the same on every call, in an array the caller may change', () => {
    const names = ['Патрушев, Николай Платонович', 'Nikolai Patrushev', 'Nikolay Patrushev'];
    const each = names.map((n) => nameKeys([n]));
    const together = nameKeys(names);
    expect(together).toEqual([...new Set(each.flat())]);
    expect(together.length).toBeLessThan(each.flat().length); // the spellings share keys, kept once
    const first = nameKeys([names[1]]);
    first.push('changed');
    expect(nameKeys([names[1]])).toEqual(each[1]);
    expect(nameKeys([undefined, names[2]])).toEqual(each[2]);
  });
});
