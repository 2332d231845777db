// `npx tsx bench/name-recall.ts` (part of `npm run bench`): search recall on real name variants
// (tests/fixtures/names/variants.json: titles, initials, comma forms, Dutch/Polish/French/German
// transcriptions, Cyrillic, Greek, Arabic, Hebrew, Armenian, Georgian, CJK), before and after the
// name keys of issue 10 item 5, on one embedded Neo4j. The entities go in with the keys of before
// (bench/name-keys-before.ts, today's keys.ts of then) among a background of real names (the demo,
// EveryPolitician's Azerbaijani assembly); every variant is searched with the query of before; then
// the name-keys migration step recomputes the stored keys and every variant is searched again
// through the search function the API uses. Writes its section of BENCHMARKS.md.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Node } from 'neo4j-driver';

import { schemaStatements } from '../server/src/db/cypher-files';
import { createDriver } from '../server/src/db/database';
import { startEmbedded } from '../server/src/db/embedded';
import { Executor } from '../server/src/db/executor';
import { search } from '../server/src/graph/service';
import { setLogLevel } from '../server/src/log';
import { nameKeysStep } from '../server/src/names/migration';
import { NODE_TYPES, type NodeLabel } from '../server/src/schema/model';
import { luceneQuery as luceneQueryBefore, nameKeys as nameKeysBefore } from './name-keys-before';
import { runLine, writeSection } from './report';

const ROOT = path.resolve(__dirname, '..');
const FIXTURE = path.join(ROOT, 'tests/fixtures/names/variants.json');
const DEMO = path.join(ROOT, 'data/demo/patrushev-2019.json');
const POPOLO = path.resolve(ROOT, '../shared/data/popolo/Azerbaijan_National_Assembly.ep-popolo-v1.0.json');
const LIMIT = 10;

export interface VariantsFixture {
  entities: Array<{ id: string; type: NodeLabel; name: string; aliases: string[]; distractor?: boolean; replaces?: string }>;
  variants: Array<{ entity: string; q: string; script: string; form: string; lang?: string }>;
}

interface Stored {
  id: string;
  type: NodeLabel;
  caption: string;
  aliases: string[];
}

/** The background: every searchable node of the demo (but those a fixture entity stands for) and every person of the Popolo file. */
function background(replaced: ReadonlySet<string>): Stored[] {
  const out: Stored[] = [];
  const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as {
    nodes: Array<{ id: string; type: NodeLabel; properties: Record<string, unknown> }>;
  };
  for (const n of demo.nodes) {
    const spec = NODE_TYPES[n.type];
    if (!spec?.searchable || replaced.has(n.id)) continue;
    const caption = n.properties[spec.caption];
    if (typeof caption !== 'string') continue;
    out.push({ id: `demo:${n.id}`, type: n.type, caption, aliases: (n.properties.aliases as string[] | undefined) ?? [] });
  }
  if (existsSync(POPOLO)) {
    const popolo = JSON.parse(readFileSync(POPOLO, 'utf8')) as {
      persons: Array<{ id: string; name: string; other_names?: Array<{ name: string }> }>;
    };
    for (const p of popolo.persons)
      out.push({ id: `popolo:${p.id}`, type: 'Person', caption: p.name, aliases: [...new Set((p.other_names ?? []).map((o) => o.name))] });
  }
  return out;
}

async function write(executor: Executor, entities: Stored[]): Promise<void> {
  const byType = new Map<NodeLabel, Stored[]>();
  for (const e of entities) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  for (const [type, items] of byType) {
    const caption = NODE_TYPES[type].caption;
    const rows = items.map((e) => ({
      props: { id: e.id, [caption]: e.caption, aliases: e.aliases, searchKeys: nameKeysBefore([e.caption, ...e.aliases]) },
    }));
    await executor.transaction('write', (tx) => tx.run('bench/names-entities', { rows }, { LABEL: type }));
  }
}

interface Outcome {
  /** 1-based rank of the right entity among the first LIMIT hits, or null. */
  rank: number | null;
  /** Wrong entities above the right one (all hits when it is missing). */
  above: number;
  top: string | null;
}

function outcome(ids: string[], target: string): Outcome {
  const i = ids.indexOf(target);
  return { rank: i >= 0 ? i + 1 : null, above: i >= 0 ? i : ids.length, top: ids[0] ?? null };
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(0)} %`);

async function main(): Promise<void> {
  setLogLevel('warn');
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as VariantsFixture;
  const targets = fixture.entities.map((e) => ({ id: `v:${e.id}`, type: e.type, caption: e.name, aliases: e.aliases }));
  const bg = background(new Set(fixture.entities.flatMap((e) => (e.replaces ? [e.replaces] : []))));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-names-'));
  const instance = await startEmbedded({ dataDir, heap: '512m', pageCacheMb: 128 });
  const driver = createDriver(instance.uri, instance.user, instance.password);
  const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 60_000, writeTimeoutMs: 600_000 });
  const before: Outcome[] = [];
  const after: Outcome[] = [];
  let migrationMs = 0;
  let searchMsBefore = 0;
  let searchMsAfter = 0;
  try {
    await executor.applySchema(schemaStatements());
    await write(executor, [...targets, ...bg]);
    await executor.autoCommit('system/await-indexes');

    let t0 = performance.now();
    for (const v of fixture.variants) {
      const q = luceneQueryBefore(v.q);
      const ids = q
        ? (await executor.read<{ node: Node }>('queries/search-entities', { q, types: null, limit: LIMIT })).records.map(
            (r) => r.get('node').properties.id as string,
          )
        : [];
      before.push(outcome(ids, `v:${v.entity}`));
    }
    searchMsBefore = performance.now() - t0;

    t0 = performance.now();
    await nameKeysStep.run(executor);
    migrationMs = performance.now() - t0;
    await executor.autoCommit('system/await-indexes');

    t0 = performance.now();
    for (const v of fixture.variants) {
      const hits = await search(executor, v.q, null, LIMIT);
      after.push(
        outcome(
          hits.map((h) => h.id),
          `v:${v.entity}`,
        ),
      );
    }
    searchMsAfter = performance.now() - t0;
  } finally {
    await driver.close();
    await instance.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const groups = (key: (v: VariantsFixture['variants'][number]) => string) => {
    const map = new Map<string, number[]>();
    fixture.variants.forEach((v, i) => map.set(key(v), [...(map.get(key(v)) ?? []), i]));
    return [...map.entries()].sort((a, b) => b[1].length - a[1].length);
  };
  const row = (label: string, idx: number[]) => {
    const r1 = (o: Outcome[]) => idx.filter((i) => o[i]!.rank === 1).length;
    const r10 = (o: Outcome[]) => idx.filter((i) => o[i]!.rank !== null).length;
    return `| ${label} | ${idx.length} | ${pct(r1(before), idx.length)} | ${pct(r10(before), idx.length)} | **${pct(r1(after), idx.length)}** | **${pct(r10(after), idx.length)}** |`;
  };
  const all = fixture.variants.map((_, i) => i);
  const found = (o: Outcome[]) => all.filter((i) => o[i]!.rank !== null);
  const wrongAbove = (o: Outcome[]) => found(o).reduce((s, i) => s + o[i]!.above, 0);
  const wrongTop = (o: Outcome[]) => found(o).filter((i) => o[i]!.rank! > 1).length;
  const misses = all.filter((i) => after[i]!.rank !== 1);
  const lost = all.filter((i) => before[i]!.rank === 1 && after[i]!.rank !== 1);
  const header = [
    '| | variants | recall@1 before | recall@10 before | recall@1 after | recall@10 after |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  const report = [
    '## Name search recall by script',
    '',
    'Written by `npx tsx bench/name-recall.ts`: the variants of `tests/fixtures/names/variants.json` (real spellings of',
    `${fixture.entities.length} people and organisations, ${fixture.entities.filter((e) => e.distractor).length} of them distractors sharing a surname) searched among`,
    `${(targets.length + bg.length).toLocaleString('en')} entities (with the demo and EveryPolitician's Azerbaijani assembly, ${bg.length} real names, as background),`,
    'first with the name keys and query of before (`bench/name-keys-before.ts`), then after the `name-keys` migration',
    'step recomputed the stored keys, through `search()` as `GET /api/search` runs it (first 10 hits).',
    '',
    runLine(),
    '',
    '**By script of the query:**',
    '',
    ...header,
    ...groups((v) => v.script).map(([k, idx]) => row(k, idx)),
    row('**all**', all),
    '',
    '**By form:**',
    '',
    ...header,
    ...groups((v) => v.form).map(([k, idx]) => row(k, idx)),
    '',
    `**Precision:** wrong entities ranked above the right one, summed over the variants where it is among the first 10: ` +
      `${wrongAbove(before)} before (${wrongTop(before)} variants not first), **${wrongAbove(after)} after** (${wrongTop(after)} variants not first). ` +
      `Recomputing the keys of ${(targets.length + bg.length).toLocaleString('en')} entities took ${(migrationMs / 1000).toFixed(2)} s; ` +
      `${fixture.variants.length} searches ${(searchMsBefore / fixture.variants.length).toFixed(1)} ms each before, ${(searchMsAfter / fixture.variants.length).toFixed(1)} ms after.`,
    '',
    `**Not first after** (${misses.length}): ` +
      (misses.length === 0
        ? 'none.'
        : misses
            .map((i) => {
              const v = fixture.variants[i]!;
              const o = after[i]!;
              return `“${v.q}” (${v.script}) → ${o.rank === null ? 'not in 10' : `rank ${o.rank}`}${o.top ? `, first: ${o.top}` : ''}`;
            })
            .join('; ') + '.'),
    ...(lost.length > 0
      ? ['', `**First before, not after** (${lost.length}): ${lost.map((i) => `“${fixture.variants[i]!.q}”`).join('; ')}.`]
      : []),
  ].join('\n');
  writeSection('names', report);
  console.log(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
