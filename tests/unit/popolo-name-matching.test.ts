// Name matching measured on real data: EveryPolitician's Azerbaijani National Assembly file gives
// each deputy's name in English, Azerbaijani, Russian and other languages. A search for the English
// surname must find the others; the floors below are today's recall, so a change to the name keys
// that loses matches fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { foldName, phoneticKey } from '../../server/src/names/keys';

const POPOLO = path.resolve(__dirname, '../../../shared/data/popolo/Azerbaijan_National_Assembly.ep-popolo-v1.0.json');

interface PopoloPerson {
  other_names?: Array<{ lang?: string; name: string }>;
}

const words = (name: string) =>
  foldName(name)
    .split(' ')
    .filter((w) => w.length > 2)
    .map(phoneticKey);

/** Edit distance, to mirror the full-text index's fuzzy terms (~1, or ~2 from 8 letters). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function recall(lang: string): { pairs: number; exact: number; fuzzy: number } {
  const persons = (JSON.parse(readFileSync(POPOLO, 'utf8')) as { persons: PopoloPerson[] }).persons;
  let pairs = 0;
  let exact = 0;
  let fuzzy = 0;
  for (const p of persons) {
    const en = p.other_names?.find((o) => o.lang === 'en')?.name;
    const other = p.other_names?.find((o) => o.lang === lang)?.name;
    if (!en || !other) continue;
    const surname = words(en).at(-1)!;
    const candidates = words(other);
    pairs += 1;
    if (candidates.includes(surname)) exact += 1;
    if (candidates.some((w) => distance(w, surname) <= (surname.length >= 8 ? 2 : 1))) fuzzy += 1;
  }
  return { pairs, exact: exact / pairs, fuzzy: fuzzy / pairs };
}

describe('surname matching on the EveryPolitician Azerbaijan file', () => {
  it('finds Azerbaijani spellings (Məsimli, Paşayeva, Quliyev) from the English ones', () => {
    const r = recall('az');
    expect(r.pairs).toBeGreaterThan(20);
    expect(r.exact).toBeGreaterThanOrEqual(0.85);
    expect(r.fuzzy).toBeGreaterThanOrEqual(0.95);
  });

  it('finds Russian Cyrillic spellings (Пашаева, Гулиев) from the English ones', () => {
    const r = recall('ru');
    expect(r.pairs).toBeGreaterThan(10);
    expect(r.exact).toBeGreaterThanOrEqual(0.7);
    expect(r.fuzzy).toBeGreaterThanOrEqual(0.85);
  });

  it('finds French and German spellings', () => {
    expect(recall('fr').exact).toBeGreaterThanOrEqual(0.95);
    expect(recall('de').fuzzy).toBeGreaterThanOrEqual(0.95);
  });
});
