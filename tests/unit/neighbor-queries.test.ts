// The neighbour queries against the schema: the counts read every relationship type from the
// degree store (one term per type, nothing checked on the far end), and a page's plan is chosen by
// the counts (the id index for hubs, the walk otherwise).
import { describe, expect, it } from '@jest/globals';

import { cypher } from '../../server/src/db/cypher-files';
import { pagePlan, SEEK_MIN_DEGREE } from '../../server/src/graph/service';
import { RELATIONSHIP_TYPE_NAMES } from '../../server/src/schema/model';

describe('queries/neighbor-counts', () => {
  const text = cypher('queries/neighbor-counts').text;

  it.each(RELATIONSHIP_TYPE_NAMES)('counts %s from the degree store and the count store', (type) => {
    expect(text).toContain(`${type}: COUNT { (n)-[:${type}]-() }`);
    expect(text).toContain(`${type}: COUNT { ()-[:${type}]->() }`);
  });

  it('names no type outside the schema', () => {
    const named = new Set([...text.matchAll(/\[:([A-Z_]+)\]/g)].map((m) => m[1]));
    expect([...named].sort()).toEqual([...RELATIONSHIP_TYPE_NAMES].sort());
  });
});

describe('pagePlan', () => {
  it('walks the relationships of an entity of small degree, whatever the type holds', () => {
    expect(pagePlan(20, 1_000_000, 51)).toBe('queries/neighbors');
    expect(pagePlan(SEEK_MIN_DEGREE - 1, SEEK_MIN_DEGREE, 51)).toBe('queries/neighbors');
  });

  it("reads the type's id index for a hub that holds a good share of the type", () => {
    expect(pagePlan(100_000, 160_000, 51)).toBe('queries/neighbors-seek');
    expect(pagePlan(SEEK_MIN_DEGREE, SEEK_MIN_DEGREE, 51)).toBe('queries/neighbors-seek');
  });

  it('walks a large degree when the type is so much larger that the index would read more', () => {
    expect(pagePlan(10_000, 10_000_000, 51)).toBe('queries/neighbors');
  });
});
