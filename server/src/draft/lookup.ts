// The graph as the drafter asks it: which stored entities a name-like span may be (through the
// full-text index, with the Lucene query /api/search builds from the name keys), and which
// institutions of a kind a country has. Each is one statement for all spans of an article.
import type { Executor } from '../db/executor';
import { spanQueries } from './draft';
import type { GraphLookup, IndexHit } from './types';

/** Spans per statement: an article has a few hundred. */
const BATCH = 500;

export function graphLookup(executor: Executor): GraphLookup {
  return {
    async names(spans) {
      const out = new Map<string, IndexHit[]>();
      const queries = spanQueries(spans);
      for (let i = 0; i < queries.length; i += BATCH) {
        const result = await executor.read('draft/match-names', { spans: queries.slice(i, i + BATCH), perSpan: 5 });
        for (const r of result.records) {
          const span = r.get('span') as string;
          const list = out.get(span) ?? [];
          list.push({
            id: r.get('id'),
            type: r.get('type'),
            name: r.get('name'),
            aliases: r.get('aliases'),
            keys: r.get('keys'),
            kind: r.get('kind') ?? null,
            country: r.get('country') ?? null,
            score: r.get('score'),
          });
          out.set(span, list);
        }
      }
      return out;
    },
    async institutions(wanted) {
      const unique = [...new Map(wanted.map((w) => [`${w.kind}:${w.country}`, w])).values()];
      const result = await executor.read('draft/organizations-by-kind', { wanted: unique });
      return result.records.map((r) => ({
        kind: r.get('kind'),
        country: r.get('country'),
        id: r.get('id'),
        name: r.get('name'),
        aliases: r.get('aliases'),
      }));
    },
    async meetings(people) {
      if (people.length === 0) return [];
      const result = await executor.read('draft/stored-meetings', { people: [...new Set(people)] });
      return result.records.map((r) => ({
        id: r.get('id'),
        title: r.get('title'),
        kind: r.get('kind'),
        status: r.get('status'),
        date: r.get('date') ?? null,
        precision: r.get('precision') ?? null,
        participants: r.get('participants'),
      }));
    },
    async links(pairs) {
      if (pairs.length === 0) return [];
      const result = await executor.read('draft/stored-links', { pairs });
      return result.records.map((r) => ({ source: r.get('source'), target: r.get('target'), type: r.get('type'), id: r.get('id') }));
    },
  };
}
