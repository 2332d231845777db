// The run's index of fact ids (pass 1): what it answers must be what a Map of the ids would answer,
// across growth, near-identical ids and type changes, in a fraction of a Map's memory.
import { IdIndex } from '../../server/src/import/pipeline/validate';

describe('IdIndex', () => {
  it('answers like a Map of the ids, across several growths of its table', () => {
    const index = new IdIndex();
    const reference = new Map<string, string>();
    const types = ['Person', 'Meeting', '~TAKES_PART', 'Organization'];
    for (let i = 0; i < 60_000; i++) {
      const id = i % 3 === 0 ? `m${i}` : i % 3 === 1 ? `person-${i}-Ὀδυσσεύς` : `${i}m`;
      const type = types[i % types.length]!;
      index.set(id, type);
      reference.set(id, type);
    }
    expect(index.size).toBe(reference.size);
    const wrong = [...reference].filter(([id, type]) => index.get(id) !== type || !index.has(id));
    expect(wrong).toEqual([]);
    // Ids never set, including ones that differ from set ones only by order or one code unit.
    for (const id of ['m1', '0m', 'person-1-Ὀδυσσεύσ', 'M0', '', 'm 0', 'm60000'])
      expect([id, index.has(id), index.get(id)]).toEqual([id, reference.has(id), reference.get(id)]);
  });

  it('keeps one entry per id and the type last set', () => {
    const index = new IdIndex().set('a', 'Person').set('a', 'Topic').set('b', 'Person');
    expect(index.size).toBe(2);
    expect(index.get('a')).toBe('Topic');
    expect(index.has('ab')).toBe(false);
  });

  it('holds three million ids in well under a Map of strings (~70 bytes an id)', () => {
    const index = new IdIndex();
    for (let i = 0; i < 3_000_000; i++) index.set(`meeting-${i}`, 'Meeting');
    // The table itself: 13 bytes a slot, at most 4/3 slots an id after the last doubling, times 2.
    const bytes =
      (index as unknown as { keys: Uint32Array; slots: Uint8Array }).keys.byteLength +
      (index as unknown as { slots: Uint8Array }).slots.byteLength;
    expect(bytes / index.size).toBeLessThan(36);
    expect(index.get('meeting-2999999')).toBe('Meeting');
    expect(index.has('meeting-3000000')).toBe(false);
  });

  it('refuses a 256th type rather than confusing two', () => {
    const index = new IdIndex();
    for (let t = 0; t < 255; t++) index.set(`id${t}`, `T${t}`);
    expect(() => index.set('one-more', 'T255')).toThrow(/255 fact types/);
    expect(index.get('id254')).toBe('T254');
  });
});
