// GET /api/nodes/:id/neighbors with q against the real database: a search among an entity's
// neighbours through one relationship type, as /api/search matches names (case, diacritics,
// transliteration, other scripts, typing ahead), page by page with the keyset cursor. An entity of
// 30 meetings (the walk) and a hub of 3,000 (the full-text index for a rare name, the walk for a
// word every meeting has): pages that concatenate to exactly the matches, never repeating or
// skipping; only neighbours through the type asked; both plans giving the same rows; bad q → 400.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Node, Relationship } from 'neo4j-driver';

import { toJson } from '../../server/src/db/values';
import { neighborSearchTest, neighbors, searchPlan, SEEK_MIN_DEGREE } from '../../server/src/graph/service';
import { importBundle } from '../../server/src/import/bundle';
import { foldName, phoneticKey } from '../../server/src/names/keys';
import { openTestDb, type TestDb } from '../support/db';
import { hubBundle } from '../support/hub-bundle';
import { getJson, serve, testConfig } from '../support/http';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

const HUB_DEGREE = 3_000;
/** Renames the meeting with index i of a generated hub. */
const rename = (b: ReturnType<typeof hubBundle>, i: number, title: string) => {
  const m = b.bundle.nodes.find((n) => n.id === b.meetings[i]!.id) as { properties: { title: string } };
  m.properties.title = title;
  (b.meetings[i]!.properties as { title: string }).title = title;
};

// The small entity: 30 meetings, four of them named in other spellings and scripts, and an
// acquaintance called Aliyev (KNOWS), who must not come with a search of its meetings.
const small = hubBundle({ prefix: 'nss-', count: 30 });
rename(small, 4, 'Talks with Əliyev in Baku');
rename(small, 7, 'Visit of Recep Tayyip Erdoğan');
rename(small, 12, 'Talks with Αλέξης Τσίπρας');
rename(small, 21, 'Встреча: Николай Патрушев');
small.bundle.nodes.push({
  id: 'nss-aliyev',
  type: 'Person',
  properties: { name: 'Ilham Aliyev' } as never,
  citations: [{ source: 'nss-src', quote: 'A sentence written for this test.' }],
});
small.bundle.relationships.push({
  id: `${small.hub}--nss-aliyev`,
  type: 'KNOWS',
  source: small.hub,
  target: 'nss-aliyev',
  properties: {} as never,
  citations: [{ source: 'nss-src', quote: 'A sentence written for this test.' }],
});
// The hub: 3,000 meetings, two named beyond the first pages.
const hub = hubBundle({ prefix: 'nsh-', count: HUB_DEGREE });
rename(hub, 2_500, 'Talks with Əliyev in Baku');
rename(hub, 2_900, 'Встреча: Николай Патрушев');
// Someone else's meetings with the same names: the index finds them, the hub's search must not.
const other = hubBundle({ prefix: 'nso-', count: 3 });
rename(other, 0, 'Talks with Əliyev in Baku');
rename(other, 1, 'Встреча: Николай Патрушев');

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  for (const b of [small, other, hub]) await importBundle(db.executor, b.bundle);
  server = await serve({ executor: db.executor, config: testConfig() });
}, 300_000);
afterAll(async () => {
  await server?.close();
  await db?.close();
});

const get = (path: string) => getJson(server.url, path);

/** Every page of a search over HTTP, in order. */
async function allPages(id: string, q: string, limit: number, relTypes = 'TAKES_PART'): Promise<Array<Record<string, any>>> {
  const pages: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await get(
      `/api/nodes/${id}/neighbors?relTypes=${relTypes}&limit=${limit}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(status).toBe(200);
    pages.push(body);
    cursor = body.nextCursor;
  } while (cursor && pages.length < 500);
  return pages;
}

/** The names of the far ends of a search's edges, over all its pages. */
async function found(id: string, q: string, relTypes = 'TAKES_PART', limit = 100): Promise<string[]> {
  const pages = await allPages(id, q, limit, relTypes);
  return pages.flatMap((p) => {
    const names = new Map(p.nodes.map((n: { id: string; name: string }) => [n.id, n.name]));
    return p.edges.map((e: { source: string; target: string }) => names.get(e.source === id ? e.target : e.source));
  });
}

const edgeIds = (pages: Array<Record<string, any>>) => pages.flatMap((p) => p.edges.map((e: { id: string }) => e.id as string));

describe('a search among the neighbours of an entity of small degree (the walk)', () => {
  it.each([
    ['Aliyev', 'Talks with Əliyev in Baku'],
    ['Алиев', 'Talks with Əliyev in Baku'],
    ['alijew', 'Talks with Əliyev in Baku'],
    ['ERDOGAN', 'Visit of Recep Tayyip Erdoğan'],
    ['Эрдоган', 'Visit of Recep Tayyip Erdoğan'],
    ['erdo', 'Visit of Recep Tayyip Erdoğan'],
    ['Tsipras', 'Talks with Αλέξης Τσίπρας'],
    ['Patruschew', 'Встреча: Николай Патрушев'],
    ['nikolai patrushev', 'Встреча: Николай Патрушев'],
  ])('%s finds %s, and nothing else', async (q, name) => {
    expect(await found(small.hub, q)).toEqual([name]);
  });

  it('only the neighbours through the type asked: the acquaintance Aliyev through KNOWS, the meeting through TAKES_PART', async () => {
    expect(await found(small.hub, 'aliyev', 'KNOWS')).toEqual(['Ilham Aliyev']);
    const both = await allPages(small.hub, 'aliyev', 100, 'HOLDS_POST,TAKES_PART,KNOWS');
    expect(both).toHaveLength(1);
    expect(both[0]!.search).toEqual({ q: 'aliyev', matched: 2 });
    expect(both[0]!.edges.map((e: { type: string }) => e.type).sort()).toEqual(['KNOWS', 'TAKES_PART']);
    // The counts stay the entity's own.
    expect(both[0]!.counts).toEqual({ byRelType: { HOLDS_POST: 1, TAKES_PART: 30, KNOWS: 1 }, total: 32 });
  });

  it('pages of one match each concatenate to the matches, with the count on every page', async () => {
    // Every fifth meeting is in Minsk (none of the four renamed was).
    const minsk = small.meetings.filter((m) => (m.properties.title as string).includes('Minsk')).map((m) => `${small.hub}--${m.id}`);
    const pages = await allPages(small.hub, 'minsk', 1);
    expect(edgeIds(pages)).toEqual([...minsk].sort());
    expect(pages).toHaveLength(minsk.length);
    for (const p of pages) expect(p.search).toEqual({ q: 'minsk', matched: minsk.length });
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('a text with nothing to match answers no neighbours, not an error', async () => {
    for (const q of ['!!!', 'the', 'zzzzqqq']) {
      const [page] = await allPages(small.hub, q, 10);
      expect([q, page!.edges, page!.search.matched, page!.nextCursor]).toEqual([q, [], 0, null]);
    }
  });
});

describe('a search among the 3,000 meetings of a hub', () => {
  const degree = async (q: string) => {
    const test = neighborSearchTest(q)!;
    const hits = await db.executor.read<{ hits: unknown }>('queries/neighbors-search-hits', { lucene: test.lucene, cap: HUB_DEGREE });
    return Number(toJson(hits.records[0]!.get('hits')));
  };

  it('takes the full-text index for a rare name and the walk for a word every meeting has', async () => {
    expect(HUB_DEGREE).toBeGreaterThanOrEqual(SEEK_MIN_DEGREE);
    expect(searchPlan(HUB_DEGREE, await degree('Алиев'))).toBe('queries/neighbors-search-index');
    expect(searchPlan(HUB_DEGREE, await degree('minsk'))).toBe('queries/neighbors-search-index');
    expect(searchPlan(HUB_DEGREE, await degree('talks'))).toBe('queries/neighbors-search');
    expect(searchPlan(30, 1)).toBe('queries/neighbors-search');
  });

  it('finds a name beyond the first pages in another script, and not the same name elsewhere in the graph', async () => {
    expect(await found(hub.hub, 'Алиев')).toEqual(['Talks with Əliyev in Baku']);
    expect(await found(hub.hub, 'Patrushev')).toEqual(['Встреча: Николай Патрушев']);
    const [page] = await allPages(hub.hub, 'aliyev', 100);
    expect(page!.edges.map((e: { id: string }) => e.id)).toEqual([`${hub.hub}--nsh-m2500`]);
    expect(page!.search.matched).toBe(1);
  });

  it.each([
    ['minsk', 50],
    ['talks', 500],
    ['talks in yerevan no 13', 7],
  ])('pages of "%s" (limit %i) concatenate to exactly the matches, never repeating or skipping', async (q, limit) => {
    const words = q.split(' ').filter((w) => !['in', 'no'].includes(w));
    const last = words.at(-1)!;
    const expected = hub.meetings
      .filter((m) => {
        // The words of the title and their phonetic skeletons (doubled letters and digits are one: 1113 is 13).
        const folded = foldName(m.properties.title as string).split(' ');
        const tokens = [...folded, ...folded.map(phoneticKey)];
        return words.slice(0, -1).every((w) => tokens.includes(w)) && tokens.some((t) => t.startsWith(last));
      })
      .map((m) => `${hub.hub}--${m.id}`)
      .sort();
    expect(expected.length).toBeGreaterThan(limit);
    const pages = await allPages(hub.hub, q, limit);
    const ids = edgeIds(pages);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    for (const page of pages.slice(0, -1)) expect(page.edges).toHaveLength(limit);
    for (const page of pages) expect(page.search.matched).toBe(expected.length);
    // Each page holds the meetings its edges reach, with their citations.
    expect(pages[0]!.edges.every((e: { citations?: unknown[] }) => (e.citations ?? []).length > 0)).toBe(true);
  });

  it('both plans give the same count and the same pages', async () => {
    const run = (plan: string, q: string, after: string, limit: number) => {
      const test = neighborSearchTest(q)!;
      return db.executor.transaction('read', async (tx) => {
        const r = (
          await tx.run<{ matched: unknown; page: Array<{ r: Relationship; m: Node }> }>(
            plan,
            { id: hub.hub, lucene: test.lucene, groups: test.groups, stop: test.stop, after, asOf: null, limit },
            { REL: 'TAKES_PART' },
          )
        ).records[0];
        return r ? { matched: Number(toJson(r.get('matched'))), page: r.get('page').map((h) => String(h.r.properties.id)) } : null;
      });
    };
    for (const q of ['minsk', 'talks', 'Алиев', 'tbilisi 12', 'astana no 29']) {
      for (const after of ['', `${hub.hub}--nsh-m1500`]) {
        const walk = await run('queries/neighbors-search', q, after, 40);
        const index = await run('queries/neighbors-search-index', q, after, 40);
        expect([q, after, index]).toEqual([q, after, walk]);
      }
    }
  });

  it('a cursor of a search continues it, and the service agrees with HTTP', async () => {
    // 600 meetings in Baku, and the one renamed "Talks with Əliyev in Baku".
    const first = await neighbors(db.executor, hub.hub, ['TAKES_PART'], 10, undefined, { search: 'baku' });
    expect(first.search).toEqual({ q: 'baku', matched: 601 });
    const second = await neighbors(db.executor, hub.hub, ['TAKES_PART'], 10, first.nextCursor!, { search: 'baku' });
    const pages = await allPages(hub.hub, 'baku', 20);
    expect([...first.edges, ...second.edges].map((e) => e.id)).toEqual(pages[0]!.edges.map((e: { id: string }) => e.id));
  });
});

describe('bad q', () => {
  it.each([
    ['empty', ''],
    ['blank', '%20%20'],
    ['too long', 'a'.repeat(201)],
  ])('%s: 400 problem+json naming q', async (_, q) => {
    const { status, type, body } = await get(`/api/nodes/${small.hub}/neighbors?relTypes=TAKES_PART&q=${q}`);
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(body.errors ?? body)).toContain('q');
  });

  it('a repeated q is refused too, and an unknown entity is still 404', async () => {
    const twice = await get(`/api/nodes/${small.hub}/neighbors?q=a&q=b`);
    expect([twice.status, twice.type.split(';')[0]]).toEqual([400, 'application/problem+json']);
    expect((await get('/api/nodes/nss-nobody/neighbors?q=aliyev')).status).toBe(404);
  });
});
