// History (issue 12, item 3) against a real Neo4j: every import (bundle, HTTP), edit, retraction,
// creation, merge and split is a (:Change) listed with who and when, per fact and over the API;
// a revert gives back the exact graph of before (dumps compared), is itself a change, is refused
// (409, naming the later change) when a fact changed since, and a change is reverted once; an
// import is reverted (its new facts deleted, the facts it changed restored) unless a later import
// touched them; the console reads (:Change).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import JSZip from 'jszip';

import type { Actor } from '../../server/src/auth/types';
import type { NamedTx } from '../../server/src/db/executor';
import { importBundle } from '../../server/src/import/bundle';
import { recordChange } from '../../server/src/history/record';
import { decodeSnapshot, readSnapshots } from '../../server/src/history/snapshot';
import type { FactSnapshot } from '../../server/src/history/types';
import { withActor } from '../../server/src/request-context';
import { dumpGraph, openTestDb, type TestDb } from '../support/db';
import { getJson, serve, testConfig } from '../support/http';

const TOKEN = 'history-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const EDITOR: Actor = { userId: 'u-ana', name: 'Ana Analyst', role: 'editor', via: 'session' };

const MEETING = 'meeting-2019-09-04-visit-azerbaijan';
const TAKES_PART = 'rel-patrushev-takes-part-2019-09-04-visit-azerbaijan';
const SRC = 'src-caucasus-watch-2019-09';

/** A second source restating Patrushev (a changed fact: aliases grow) and adding a person and a link. */
const restating = (suffix: string) => ({
  format: 'liaison-bundle',
  version: 1,
  description: `Test: a register ${suffix}`,
  nodes: [
    { id: `src-register-${suffix}`, type: 'Source', properties: { title: `Register ${suffix}`, kind: 'dataset' } },
    {
      id: 'person-patrushev',
      type: 'Person',
      properties: { name: 'Nikolai Patrushev', aliases: [`Patrushev ${suffix}`] },
      citations: [{ source: `src-register-${suffix}`, quote: `Patrushev in register ${suffix}`, status: 'reported', lang: 'en' }],
    },
    {
      id: `person-new-${suffix}`,
      type: 'Person',
      properties: { name: `New Person ${suffix}` },
      citations: [{ source: `src-register-${suffix}`, quote: `New Person ${suffix}, a deputy`, status: 'reported', lang: 'en' }],
    },
  ],
  relationships: [
    {
      id: `rel-new-${suffix}-knows-patrushev`,
      type: 'KNOWS',
      source: `person-new-${suffix}`,
      target: 'person-patrushev',
      properties: {},
      citations: [{ source: `src-register-${suffix}`, quote: `they know each other (${suffix})`, status: 'reported', lang: 'en' }],
    },
  ],
});

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  db = await openTestDb();
  server = await serve({ executor: db.executor, config: testConfig({ LIAISON_API_TOKEN: TOKEN }) });
});
afterAll(async () => {
  await server.close();
  await db.close();
});
beforeEach(async () => {
  await db.reset();
  await db.loadDemo();
});

const get = (path: string) => getJson(server.url, path);

/** What differs between two dumps, element by element (empty when they are the same). */
function dumpDiff(a: string, b: string): string[] {
  const items = (d: string) => {
    const g = JSON.parse(d) as { nodes: unknown[]; relationships: unknown[] };
    return new Set([...g.nodes, ...g.relationships].map((x) => JSON.stringify(x)));
  };
  const [x, y] = [items(a), items(b)];
  return [...[...x].filter((e) => !y.has(e)).map((e) => `+ ${e}`), ...[...y].filter((e) => !x.has(e)).map((e) => `- ${e}`)];
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

/**
 * An edit as the edit API makes one: in one transaction, the fact's snapshot before, a change of
 * it (written with history's own restore statement), the snapshot after, and recordChange.
 */
async function edit(id: string, change: (props: Record<string, unknown>) => Record<string, unknown>, reason = 'a correction') {
  return withActor(EDITOR, () =>
    db.executor.transaction('write', async (tx: NamedTx) => {
      const [before] = await readSnapshots(tx, [id]);
      const node = decodeSnapshot(before as FactSnapshot) as FactSnapshot & { kind: 'node' };
      const label = node.labels.find((l) => l !== 'Entity')!;
      await tx.run('history/restore-node', { id, props: change({ ...node.props }) }, { LABEL: label });
      const after = await readSnapshots(tx, [id]);
      return recordChange(tx, { kind: 'edit', reason, subjects: [id], before: [before!], after });
    }),
  );
}

describe('imports', () => {
  it('record a Change with who and when, on every path; the console reads them', async () => {
    const list = await get('/api/changes');
    expect(list.status).toBe(200);
    expect(list.body.changes).toEqual([
      expect.objectContaining({ kind: 'import', by: { userId: 'system', name: 'Liaison' }, revertible: true, revertedBy: null }),
    ]);
    expect(list.body.changes[0].summary).toMatch(/^Imported .*: 106 new facts/);
    expect(Date.parse(list.body.changes[0].at)).toBeGreaterThan(Date.now() - 600_000);

    // Over HTTP with the operator token: the operator (an admin) imported it.
    const posted = await send('POST', '/api/import', restating('a'));
    expect(posted.status).toBeLessThan(300);
    const after = await get('/api/changes?kind=import');
    expect(after.body.changes).toHaveLength(2);
    expect(after.body.changes[0]).toMatchObject({ kind: 'import', by: { name: 'operator' } });
    // In the importer's own code (a job, the CLI): the actor it runs as.
    await withActor({ userId: 'cli:tester', name: 'cli:tester', role: 'admin', via: 'cli' }, () =>
      importBundle(db.executor, restating('b'), { mode: 'batched' }),
    );
    const third = await get('/api/changes?kind=import&limit=1');
    expect(third.body.changes[0].by).toEqual({ userId: 'cli:tester', name: 'cli:tester' });
    expect(third.body.nextCursor).toEqual(expect.any(String));
    const next = await get(`/api/changes?kind=import&limit=1&cursor=${third.body.nextCursor as string}`);
    expect(next.body.changes[0].by.name).toBe('operator');

    const consoled = await send('POST', '/api/cypher', { query: 'MATCH (c:Change) RETURN c.kind AS kind, c.byName AS by ORDER BY c.at' });
    expect(consoled.status).toBe(200);
    expect(JSON.stringify(consoled.body)).toContain('cli:tester');

    // A node's history names the imports that created it and that changed it.
    const history = await get('/api/nodes/person-patrushev/history');
    expect(history.body.changes.map((c: { by: { name: string } }) => c.by.name)).toEqual(['cli:tester', 'operator', 'Liaison']);
  });

  it('is reverted: its new facts deleted, the facts it changed restored (dump as before); refused when a later import touched them', async () => {
    const before = await dumpGraph(db.executor);
    await send('POST', '/api/import', restating('a'));
    const a = (await get('/api/changes?kind=import&limit=1')).body.changes[0];
    const afterA = await dumpGraph(db.executor);
    await send('POST', '/api/import', restating('b'));
    const b = (await get('/api/changes?kind=import&limit=1')).body.changes[0];
    expect(b.id).not.toBe(a.id);

    const refused = await send('POST', `/api/changes/${a.id as string}/revert`, { reason: 'wrong register' });
    expect(refused.status).toBe(409);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.laterChange).toBe(b.id);
    expect((await get(`/api/changes/${a.id as string}`)).body).toMatchObject({ revertible: false });

    const undoB = await send('POST', `/api/changes/${b.id as string}/revert`, { reason: 'duplicate' });
    expect(undoB.status).toBe(201);
    expect(undoB.body).toMatchObject({ kind: 'revert', reverts: b.id, reason: 'duplicate', by: { name: 'operator' } });
    expect(await dumpGraph(db.executor)).toBe(afterA);
    const undoA = await send('POST', `/api/changes/${a.id as string}/revert`, {});
    expect(undoA.status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(before);
    expect((await get(`/api/changes/${a.id as string}`)).body).toMatchObject({ revertedBy: undoA.body.id, revertible: false });
    // Once only.
    const again = await send('POST', `/api/changes/${a.id as string}/revert`, {});
    expect(again.status).toBe(409);
    expect(again.body.rule).toBe('already-reverted');
  });
});

describe('edits', () => {
  it('are listed in the fact history with who, when and why, and a revert restores the exact graph', async () => {
    const before = await dumpGraph(db.executor);
    const id = await edit(MEETING, (p) => ({ ...p, place: 'Ganja', summary: 'corrected' }), 'the article says Ganja');
    expect(await dumpGraph(db.executor)).not.toBe(before);
    const history = await get(`/api/nodes/${MEETING}/history`);
    expect(history.body.changes[0]).toMatchObject({
      id,
      kind: 'edit',
      by: { userId: 'u-ana', name: 'Ana Analyst' },
      reason: 'the article says Ganja',
      revertible: true,
    });
    const one = await get(`/api/changes/${id}`);
    expect(one.body.before[0].props).toMatchObject({ place: 'Baku', date: '2019-09-04' });
    expect(one.body.after[0].props).toMatchObject({ place: 'Ganja' });

    const reverted = await send('POST', `/api/changes/${id}/revert`, { reason: 'undo' });
    expect(reverted.status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(before);
    expect((await get(`/api/nodes/${MEETING}/history`)).body.changes[0]).toMatchObject({ kind: 'revert', reverts: id });
  });

  it('a revert is refused (409) naming the later change; reverted latest first, the graph is back', async () => {
    const before = await dumpGraph(db.executor);
    const first = await edit(MEETING, (p) => ({ ...p, place: 'Ganja' }));
    const second = await edit(MEETING, (p) => ({ ...p, place: 'Sumgait' }));
    const refused = await send('POST', `/api/changes/${first}/revert`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.laterChange).toBe(second);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: '$.params.id', code: 'changed_since' })]);
    expect(refused.body.detail).toContain(second);
    expect((await send('POST', `/api/changes/${second}/revert`, {})).status).toBe(201);
    expect((await send('POST', `/api/changes/${first}/revert`, {})).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('a retraction is reverted whole (the link and its citations back), and a creation by deleting what it made', async () => {
    const before = await dumpGraph(db.executor);
    const retraction = await withActor(EDITOR, () =>
      db.executor.transaction('write', async (tx) => {
        const snaps = await readSnapshots(tx, [TAKES_PART]);
        expect(snaps[0]?.citations?.length).toBeGreaterThan(0);
        await tx.run('history/delete-fact', { id: TAKES_PART });
        return recordChange(tx, { kind: 'retract', reason: 'not in the article', subjects: [TAKES_PART], before: snaps, after: [null] });
      }),
    );
    expect(await dumpGraph(db.executor)).not.toBe(before);
    expect((await get(`/api/relationships/${TAKES_PART}/history`)).body.changes[0]).toMatchObject({ id: retraction, kind: 'retract' });
    expect((await send('POST', `/api/changes/${retraction}/revert`, {})).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(before);

    // A creation: a new link between two demo people with a quote (as POST /api/facts records it).
    const creation = await withActor(EDITOR, () =>
      importBundle(db.executor, {
        format: 'liaison-bundle',
        version: 1,
        description: 'a link added in the app',
        nodes: [],
        relationships: [
          {
            id: 'rel-test-knows',
            type: 'KNOWS',
            source: 'person-patrushev',
            target: 'person-usubov',
            properties: {},
            citations: [{ source: SRC, quote: 'Patruschew … Usubow', status: 'reported', lang: 'de' }],
          },
        ],
      }),
    );
    expect(creation).toBeTruthy();
    const made = (await get('/api/relationships/rel-test-knows/history')).body.changes[0];
    expect(made).toMatchObject({ kind: 'import', by: { name: 'Ana Analyst' } });
    expect((await send('POST', `/api/changes/${made.id as string}/revert`, {})).status).toBe(201);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('the edit API', () => {
  it('adds, corrects, changes a status and retracts, each a Change; reverted latest first, each step gives back the graph before it', async () => {
    const dumps = [await dumpGraph(db.executor)];
    const ids: string[] = [];
    const step = async (method: string, path: string, body: unknown) => {
      const r = await send(method, path, body);
      expect(r.status).toBeLessThan(300);
      ids.push(r.body.changeId as string);
      dumps.push(await dumpGraph(db.executor));
      return r;
    };
    await step('POST', '/api/facts', {
      reason: 'Reported by Caucasus Watch',
      nodes: [
        {
          id: 'meeting-h-moscow',
          type: 'Meeting',
          properties: { title: 'Patrushev and Usubov in Moscow', kind: 'talks', status: 'held', date: '2019-10' },
        },
      ],
      relationships: [
        { id: 'rel-h-patrushev', type: 'TAKES_PART', source: 'person-patrushev', target: 'meeting-h-moscow', properties: { role: 'host' } },
        { id: 'rel-h-usubov', type: 'TAKES_PART', source: 'person-usubov', target: 'meeting-h-moscow', properties: { role: 'guest' } },
      ],
      citations: [{ source: SRC, quote: 'Patruschew traf Usubow erneut in Moskau.' }],
    });
    await step('PATCH', '/api/nodes/meeting-h-moscow', {
      set: { date: '2019-10-15' },
      evidence: { source: SRC, quote: 'Das Treffen fand am 15. Oktober statt.' },
      reason: 'the day is known',
    });
    const fact = await get('/api/facts/rel-h-usubov');
    await step('PATCH', `/api/citations/${fact.body.fact.citations[0].id as string}`, {
      status: 'disputed',
      reason: 'Azerdaily denies it',
    });
    await step('POST', '/api/nodes/meeting-h-moscow/retract', { reason: 'it was another meeting' });

    const history = (await get('/api/nodes/meeting-h-moscow/history')).body.changes as Array<Record<string, any>>;
    expect(history.map((c) => c.kind)).toEqual(['retract', 'edit', 'create']);
    expect(history.every((c) => c.by.name === 'operator' && Date.parse(c.at) > 0)).toBe(true);
    expect(history.map((c) => c.revertible)).toEqual([true, false, false]);
    // The status change was of a citation of one link: in that link's history, not the meeting's.
    const link = (await get('/api/relationships/rel-h-usubov/history')).body.changes as Array<Record<string, any>>;
    expect(link.map((c) => c.kind)).toEqual(['retract', 'status', 'create']);
    expect(link[1]).toMatchObject({ reason: 'Azerdaily denies it' });
    for (let i = ids.length - 1; i >= 0; i--) {
      const r = await send('POST', `/api/changes/${ids[i]!}/revert`, { reason: `undo ${i}` });
      expect(r.status).toBe(201);
      expect(dumpDiff(await dumpGraph(db.executor), dumps[i]!)).toEqual([]);
    }
  });
});

describe('merges and splits', () => {
  it('are listed with who and when; reverting a merge splits it back exactly, reverting that merges again', async () => {
    await importBundle(db.executor, restating('a'));
    const before = await dumpGraph(db.executor);
    const judged = await send('POST', '/api/judgements', { a: 'person-patrushev', b: 'person-new-a', judgement: 'same', keep: 'a' });
    expect(judged.status).toBe(201);
    const merge = (await get('/api/changes?kind=merge')).body.changes[0];
    expect(merge).toMatchObject({ kind: 'merge', by: { name: 'operator' }, revertible: true });
    expect(merge.subjects).toEqual(expect.arrayContaining(['person-patrushev', 'person-new-a', judged.body.id]));
    expect((await get('/api/nodes/person-new-a/history')).body.changes[0].id).toBe(merge.id);
    const full = (await get(`/api/changes/${merge.id as string}`)).body;
    expect(full.after[1]).toBeNull();
    const merged = await dumpGraph(db.executor);

    const split = await send('POST', `/api/changes/${merge.id as string}/revert`, { reason: 'two people' });
    expect(split.status).toBe(201);
    expect(split.body).toMatchObject({ kind: 'revert', reverts: merge.id, reason: 'two people' });
    expect(await dumpGraph(db.executor)).toBe(before);

    const again = await send('POST', `/api/changes/${split.body.id as string}/revert`, {});
    expect(again.status).toBe(201);
    // Merged again by a new judgement: the same graph, the merged id now naming that judgement.
    const noJudgement = (dump: string) => dump.replace(/jdg-[\w-]+/g, 'jdg');
    expect(noJudgement(await dumpGraph(db.executor))).toBe(noJudgement(merged));
    expect(await dumpGraph(db.executor)).not.toBe(merged);

    // A split through the judgements API is a Change too.
    const second = (await get('/api/judgements?entity=person-new-a')).body.judgements.find((j: { undoneAt: unknown }) => !j.undoneAt);
    expect((await send('DELETE', `/api/judgements/${second.id as string}`)).status).toBe(200);
    const splits = (await get('/api/changes?kind=split')).body.changes;
    expect(splits).toEqual([expect.objectContaining({ kind: 'split', by: { userId: 'operator', name: 'operator' } })]);
    expect(await dumpGraph(db.executor)).toBe(before);
  });
});

describe('exports', () => {
  it('carry the changes of the exported facts: JSON changes, the Cypher script (:Change) nodes, the CSV zip changes.csv', async () => {
    const editId = await edit(MEETING, (p) => ({ ...p, place: 'Ganja' }), 'the article says Ganja');
    const query = `/api/export?node=${MEETING}&hops=1&format=`;
    const doc = (await (await fetch(`${server.url}${query}json`)).json()) as { changes: Array<Record<string, any>> };
    expect(doc.changes.map((c) => c.kind)).toEqual(['import', 'edit']);
    expect(doc.changes[1]).toMatchObject({ id: editId, by: { name: 'Ana Analyst' }, reason: 'the article says Ganja' });
    expect(doc.changes[1]!.before[0].props.place).toBe('Baku');

    const script = await (await fetch(`${server.url}${query}cypher`)).text();
    expect(script).toContain('MERGE (c:Change {id: row.id})');
    expect(script).toContain(editId);

    const zip = await JSZip.loadAsync(Buffer.from(await (await fetch(`${server.url}${query}csv`)).arrayBuffer()));
    const rows = parseCsv((await zip.file('changes.csv')!.async('string')).replace(/^\uFEFF/, ''), { columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => [r.kind, r.byName])).toEqual([
      ['import', 'Liaison'],
      ['edit', 'Ana Analyst'],
    ]);
    expect(JSON.parse(rows[1]!.after!)[0].props.place).toBe('Ganja');
    expect(await await zip.file('README.txt')!.async('string')).toContain('changes.csv');
  });
});

describe('the API', () => {
  it('filters by kind, actor, subject and time, and refuses bad input at its field', async () => {
    await edit(MEETING, (p) => ({ ...p, place: 'Ganja' }));
    expect((await get('/api/changes?by=Ana%20Analyst')).body.changes).toEqual([expect.objectContaining({ kind: 'edit' })]);
    expect((await get(`/api/changes?subject=${MEETING}`)).body.changes).toHaveLength(1);
    expect((await get('/api/changes?since=2999-01-01')).body.changes).toEqual([]);
    expect((await get('/api/changes?until=2000-01-01')).body.changes).toEqual([]);
    const bad = await get('/api/changes?kind=nonsense&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['$.query.kind', '$.query.limit']);
    expect((await get('/api/changes?cursor=abc')).status).toBe(400);
    expect((await get('/api/changes/chg-nope')).status).toBe(404);
    expect((await send('POST', '/api/changes/chg-nope/revert', {})).status).toBe(404);
    const viewer = await send('POST', '/api/changes/chg-nope/revert', {}, {});
    expect([401, 403]).toContain(viewer.status);
    const badBody = await send('POST', '/api/changes/chg-nope/revert', { reason: 5 });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors[0].path).toBe('$.reason');
  });
});
