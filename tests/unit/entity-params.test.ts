// How a named query's entity parameter is resolved, without a database: the rules that turn a name
// and the search's hits into one entity, a choice or none; which parameters name entities; and the
// keyset cursor of a Source's facts.
import { describe, expect, it } from '@jest/globals';

import { ENTITY_PARAMS, chooseEntity, libraryFiles, type EntityCandidate } from '../../server/src/console/named-queries';
import { ValidationError } from '../../server/src/errors';
import type { SearchHit } from '../../server/src/graph/api-types';
import { decodeFactCursor, encodeFactCursor } from '../../server/src/graph/service';
import { NODE_LABELS } from '../../server/src/schema/model';

const hit = (id: string, name: string, aliases: string[] = [], type = 'Person'): SearchHit => ({
  id,
  type,
  name,
  aliases,
  score: 1,
  posts: [],
  country: null,
  date: null,
});

const PATRUSHEV = hit('person-patrushev', 'Nikolai Patrushev', ['Patruschew', 'Николай Патрушев']);
const DMITRY = hit('person-dmitry-patrushev', 'Dmitry Patrushev', ['Дмитрий Патрушев']);
const USUBOV = hit('person-usubov', 'Ramil Usubov', ['Рамиль Усубов']);
// Without the short alias (Patruschew) that makes "Patrushev" his whole name.
const NIKOLAI = hit('person-patrushev', 'Nikolai Patrushev');
const ALIYEV = hit('person-aliyev', 'Ilham Aliyev', ['Ilham Alijew']);
const ALIYEVA = hit('person-aliyeva', 'Mehriban Aliyeva');

const chosen = (value: string, hits: SearchHit[], byId: EntityCandidate | null = null) => {
  const r = chooseEntity(value, hits, byId);
  return r.kind === 'match'
    ? { match: r.entity.id, how: r.how }
    : r.kind === 'ambiguous'
      ? { choose: r.candidates.map((c) => c.id) }
      : 'none';
};

describe('chooseEntity', () => {
  it('takes an id for its entity, before any name', () => {
    const byId = { id: 'person-usubov', name: 'Ramil Usubov', type: 'Person', posts: [], country: 'AZ' };
    expect(chosen('person-usubov', [PATRUSHEV], byId)).toEqual({ match: 'person-usubov', how: 'id' });
  });

  it('takes the one entity whose name or alias is the whole name, in any script or transliteration', () => {
    for (const name of ['Nikolai Patrushev', 'nikolai patrushev', 'Николай Патрушев', 'Nikolai Patruschew', 'Patruschew'])
      expect([name, chosen(name, [PATRUSHEV, DMITRY])]).toEqual([name, { match: 'person-patrushev', how: 'name' }]);
  });

  it('takes the one entity whose name contains every word given', () => {
    expect(chosen('Usubov', [USUBOV])).toEqual({ match: 'person-usubov', how: 'words' });
    expect(chosen('Усубов', [USUBOV])).toEqual({ match: 'person-usubov', how: 'words' });
    // A prefix hit (Aliyeva for "Aliyev") is not a word of the name: Ilham Aliyev is meant.
    expect(chosen('Aliyev', [ALIYEV, ALIYEVA])).toEqual({ match: 'person-aliyev', how: 'words' });
  });

  it('offers a choice when several entities answer to the name as well', () => {
    expect(chosen('Patrushev', [NIKOLAI, DMITRY])).toEqual({ choose: ['person-patrushev', 'person-dmitry-patrushev'] });
    // An alias that is the whole name decides: Patruschew is Nikolai's.
    expect(chosen('Patrushev', [PATRUSHEV, DMITRY])).toEqual({ match: 'person-patrushev', how: 'name' });
    const twins = [hit('person-a', 'Ivan Petrov'), hit('person-b', 'Ivan Petrov')];
    expect(chosen('Ivan Petrov', twins)).toEqual({ choose: ['person-a', 'person-b'] });
  });

  it('offers fuzzy and prefix hits as a choice, even a single one, rather than running on a guess', () => {
    expect(chosen('Patrushv', [PATRUSHEV])).toEqual({ choose: ['person-patrushev'] });
    expect(chosen('Aliy', [ALIYEV, ALIYEVA])).toEqual({ choose: ['person-aliyev', 'person-aliyeva'] });
  });

  it('finds none without hits, or for a name of no letters', () => {
    expect(chosen('Zzyzx', [])).toBe('none');
    expect(chosen(' -- ', [PATRUSHEV])).toBe('none');
  });
});

describe('ENTITY_PARAMS', () => {
  const library = libraryFiles();

  it('names exactly the library parameters described as "id, name or alias"', () => {
    const described = [...library].flatMap(([name, file]) =>
      file.params.filter((p) => /\bid, name or alias\b/.test(p.description)).map((p) => `${name}.${p.name}`),
    );
    const declared = Object.entries(ENTITY_PARAMS).flatMap(([name, params]) => Object.keys(params).map((p) => `${name}.${p}`));
    expect(declared.sort()).toEqual(described.sort());
    expect(declared.length).toBeGreaterThanOrEqual(7);
  });

  it('are string parameters, each limited to types of the schema that its query matches', () => {
    for (const [name, params] of Object.entries(ENTITY_PARAMS))
      for (const [param, types] of Object.entries(params)) {
        const file = library.get(name)!;
        expect([name, param, file.params.find((p) => p.name === param)?.type]).toEqual([name, param, 'string']);
        for (const t of types) {
          expect((NODE_LABELS as readonly string[]).includes(t)).toBe(true);
          expect([name, t, file.text.includes(t)]).toEqual([name, t, true]);
        }
      }
  });
});

describe('the cursor of a Source’s facts', () => {
  it('round-trips the last fact of a page', () => {
    const key = { rank: 1, type: 'TAKES_PART', id: 'rel-usubov-takes-part-2019-09-04-baku-aliyev' };
    expect(decodeFactCursor(encodeFactCursor(key))).toEqual(key);
    expect(decodeFactCursor(undefined)).toBeNull();
  });

  it('refuses one this server did not issue, at the cursor’s path', () => {
    for (const bad of ['nonsense', Buffer.from('[2,"a","b"]').toString('base64url'), Buffer.from('{"o":1}').toString('base64url')]) {
      let error: unknown;
      try {
        decodeFactCursor(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['$.query.cursor']);
    }
  });
});
