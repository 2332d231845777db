// POST /api/articles/draft over real HTTP against a real database holding the demo graph: the seed
// article's names matched to the stored entities through the full-text index and the name keys
// (Patruschew → person-patrushev), institutions by kind and country; editors only; bad input as
// problem+json at the field; and the accepted proposals, built into one bundle as the Draft page
// builds it, imported through POST /api/import without a duplicate of anyone the graph knew.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { buildBundle, type Decisions } from '../../client/src/draft/bundle';
import type { Draft, DraftSource, EntityProposal, MeetingProposal } from '../../server/src/draft/types';
import { openTestDb, type TestDb } from '../support/db';
import { serve, testConfig } from '../support/http';

const TOKEN = 'draft-int-token-0123456789abcdef';
const SEED = path.resolve(__dirname, '../../../shared/seed/caucasus-watch-patrushev-azerbaijan-2019.de.txt');
const source: DraftSource = {
  title: 'Patruschews Mission im Südkaukasus: Der Besuch in Aserbaidschan',
  publisher: 'Caucasus Watch',
  language: 'de',
};

let db: TestDb;
let server: { url: string; close: () => Promise<void> };
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-draft-int-'));
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir }) });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const post = (
  p: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
  type = 'application/json',
) =>
  fetch(`${server.url}${p}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function draftSeed(): Promise<{ draft: Draft; ms: number }> {
  const t0 = Date.now();
  const res = await post('/api/articles/draft', { text: readFileSync(SEED, 'utf8'), source });
  expect(res.status).toBe(200);
  return { draft: (await res.json()) as Draft, ms: Date.now() - t0 };
}

describe('POST /api/articles/draft', () => {
  it('is for editors: nobody signed in gets a problem, not a draft', async () => {
    const res = await post('/api/articles/draft', { text: 'Putin traf Alijew.', source: { title: 't', language: 'de' } }, {});
    expect([401, 403]).toContain(res.status);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('answers bad input with problem+json at the field paths', async () => {
    const res = await post('/api/articles/draft', {
      text: '   ',
      source: { title: 'x', language: 'fr', published: '2019-13-01', url: 'ftp://x' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['$.source.language', '$.source.published', '$.source.url', '$.text']);
    const extra = await post('/api/articles/draft', { text: 'x', source: { title: 'x', language: 'de' }, more: 1 });
    expect(extra.status).toBe(400);
    expect(((await extra.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe('$');
    expect((await post('/api/articles/draft', 'text=x', undefined, 'text/plain')).status).toBe(415);
  });

  it('matches the names of the seed article to the stored entities in the spelling of the text', async () => {
    const { draft, ms } = await draftSeed();
    const entities = draft.proposals.filter((p): p is EntityProposal => p.kind === 'entity');
    const matched = (written: string) => entities.find((e) => e.aliases.includes(written) || e.name === written)?.match?.id;
    expect(matched('Nikolai Patruschew')).toBe('person-patrushev');
    expect(matched('Ilham Alijew')).toBe('person-aliyev');
    expect(matched('Mikhail Bocharnikow')).toBe('person-bocharnikov');
    expect(matched('Wladimir Putin')).toBe('person-putin');
    expect(matched('Paschinjan')).toBe('person-pashinyan');
    expect(matched('Aserbaidschan')).toBe('country-az');
    expect(matched('Azerdaily')).toBe('org-azerdaily');
    // Institutions the text names by role words, found by kind and country.
    expect(entities.find((e) => e.match?.id === 'org-security-council-az')).toBeDefined();
    expect(entities.find((e) => e.match?.id === 'org-embassy-ru-az')).toBeDefined();
    const known = entities.filter((e) => e.match).length;
    expect(known).toBeGreaterThanOrEqual(18);
    // Georgia (named in the footer) is not in the demo: proposed as new.
    expect(entities.find((e) => e.name === 'Georgia')?.match).toBeNull();
    const visit = draft.proposals.find(
      (p): p is MeetingProposal => p.kind === 'meeting' && p.meetingKind === 'visit' && p.date === '2019-09-04',
    );
    expect(visit).toMatchObject({ datePrecision: 'day', country: 'AZ', match: { id: 'meeting-2019-09-04-visit-azerbaijan' } });
    // A stored post between matched ends carries the stored relationship's id.
    const post = draft.proposals.find((p) => p.kind === 'post' && p.names[0] === 'Nikolai Patrushev');
    expect(post).toMatchObject({ existing: 'rel-patrushev-holds-secretary-security-council-ru' });
    // One round trip per kind of question for the whole article.
    expect(ms).toBeLessThan(20_000);
  });

  it('imports the accepted proposals as one bundle, citing a new Source, without duplicating known people', async () => {
    const { draft } = await draftSeed();
    const decisions: Decisions = Object.fromEntries(draft.proposals.map((p) => [p.id, { state: 'accepted' as const, edits: {} }]));
    const { bundle, skipped } = buildBundle(draft, source, decisions);
    expect(skipped).toEqual([]);
    const res = await post('/api/import', bundle);
    const body = (await res.json()) as { status: string; summary: { nodesCreated: number; relationshipsCreated: number } };
    expect({ status: res.status, body: body.status }).toEqual({ status: 200, body: 'imported' });
    // Links the graph holds already (posts, participations, the acquaintance) keep their ids: cited, not created again.
    const reused = bundle.relationships.filter((r) => draft.proposals.some((p) => 'existing' in p && p.existing === r.id)).length;
    expect(reused).toBeGreaterThanOrEqual(15);
    expect(body.summary.relationshipsCreated).toBe(bundle.relationships.length - reused);
    // Patrushev is the stored one, now also cited by the drafted Source.
    const node = (await (await fetch(`${server.url}/api/nodes/person-patrushev`)).json()) as { citations: unknown[] };
    const sourceId = bundle.nodes.find((n) => n.type === 'Source')!.id;
    const people = (await (await fetch(`${server.url}/api/search?q=Patrushev&types=Person`)).json()) as { results: Array<{ id: string }> };
    expect(people.results.map((r) => r.id)).toEqual(['person-patrushev']);
    expect(JSON.stringify(node.citations)).toContain(sourceId);
    // The stored visit is cited by the new Source, not written again.
    const visits = (await (await fetch(`${server.url}/api/search?q=visit%20Azerbaijan&types=Meeting`)).json()) as {
      results: Array<{ id: string }>;
    };
    expect(visits.results.map((r) => r.id)).toEqual(['meeting-2019-09-04-visit-azerbaijan']);
    const visit = (await (await fetch(`${server.url}/api/nodes/meeting-2019-09-04-visit-azerbaijan`)).json()) as { citations: unknown[] };
    expect(JSON.stringify(visit.citations)).toContain(sourceId);
    // The drafted Source is stored and states facts.
    const facts = await fetch(`${server.url}/api/sources/${encodeURIComponent(sourceId)}/facts`);
    expect(facts.status).toBe(200);
    expect(JSON.stringify(await facts.json())).toContain('person-patrushev');
  });
});
