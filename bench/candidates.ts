// `npx tsx bench/candidates.ts` (part of `npm run bench`): candidate generation over more than
// 20,000 organisations on one embedded Neo4j. The names are the UK ministers' meetings files'
// organisations (imported with the shipped mapping) and organisations made from their words,
// with planted duplicates written the ways registers write one body twice: case, punctuation,
// "&"/"and", "The", legal suffixes, a bracketed acronym, a typo. Measures the time, the pairs
// compared per second and the recall of the planted pairs; writes its section of BENCHMARKS.md.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { ROOT_DIR } from '../server/src/config';
import { createDriver, prepareDatabase } from '../server/src/db/database';
import { startEmbedded } from '../server/src/db/embedded';
import { Executor } from '../server/src/db/executor';
import { runImport } from '../server/src/import/pipeline/run';
import { setLogLevel } from '../server/src/log';
import { MAX_BLOCK, candidatesFor, entityFeatures, generateCandidates, type GenerateStats } from '../server/src/resolve/candidates';
import { orgName } from '../server/src/resolve/org-names';
import { pairKey } from '../server/src/resolve/types';
import { prng } from '../tests/support/prng';
import { runLine, writeSection } from './report';

const UK_DIR = path.resolve(ROOT_DIR, '../shared/data/uk-ministers-meetings');
const BASES = Number(process.env.BENCH_CANDIDATE_BASES ?? 16_000);
const DUPLICATES = Number(process.env.BENCH_CANDIDATE_DUPLICATES ?? 5_000);
const INCOMING = 1_000;
const rand = prng(20261202);

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const PLACES = ['Bristol', 'Leeds', 'Cornwall', 'Norfolk', 'Kent', 'Salford', 'Ealing', 'Lambeth', 'Cardiff', 'Glasgow', 'Belfast', 'York'];
const SUFFIXES = [' Ltd', ' Limited', ' plc', ' PLC', ' UK Ltd', ' LLP', ' Group plc'];

/** A typo in one word of five letters or more: two letters swapped, one dropped or one doubled. */
function typo(name: string): string {
  const words = name.split(' ');
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 5);
  if (long.length === 0) return name;
  const [w, i] = pick(long);
  const at = 1 + Math.floor(rand() * (w.length - 2));
  const kind = rand();
  const changed =
    kind < 0.4
      ? w.slice(0, at) + w[at + 1]! + w[at]! + w.slice(at + 2)
      : kind < 0.7
        ? w.slice(0, at) + w.slice(at + 1)
        : w.slice(0, at) + w[at]! + w.slice(at);
  words[i] = changed;
  return words.join(' ');
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((w) => /^[A-Z]/.test(w) && !['And', 'The', 'Of', 'For'].includes(w))
    .map((w) => w[0])
    .join('');

/** One way a register writes the same body again. */
const VARIANTS: Array<{ name: string; apply: (n: string) => string }> = [
  { name: 'upper case', apply: (n) => n.toUpperCase() },
  { name: 'lower case', apply: (n) => n.toLowerCase() },
  { name: '"&" for "and"', apply: (n) => (/ and /.test(n) ? n.replace(/ and /, ' & ') : n.replace(/ & /, ' and ')) },
  { name: '"The" added or dropped', apply: (n) => (n.startsWith('The ') ? n.slice(4) : `The ${n}`) },
  { name: 'legal suffix', apply: (n) => n + pick(SUFFIXES) },
  { name: 'bracketed acronym', apply: (n) => (initials(n).length >= 2 ? `${n} (${initials(n)})` : `${n} Ltd`) },
  { name: 'punctuation', apply: (n) => (n.includes('-') ? n.replace(/-/g, ' ') : n.replace(/ /, '-')) },
  { name: 'typo', apply: typo },
  { name: 'typo and suffix', apply: (n) => typo(n) + pick(SUFFIXES) },
];

interface Org {
  id: string;
  name: string;
}

async function ukNames(executor: Executor): Promise<string[]> {
  const files = readdirSync(UK_DIR)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((name) => ({ path: path.join(UK_DIR, name), name }));
  const report = await runImport(executor, files, { params: { retrieved: '2026-12-01' } });
  if (report.status !== 'imported') throw new Error(`the UK files did not import: ${report.status}`);
  const names: string[] = [];
  let after = '';
  for (;;) {
    const r = await executor.transaction('read', (tx) =>
      tx.run('resolve/candidates-page', { after, limit: 5_000 }, { LABEL: 'Organization' }),
    );
    for (const rec of r.records) names.push(String((rec.get('props') as { name: string }).name));
    if (r.records.length < 5_000) return names;
    after = String((r.records[r.records.length - 1]!.get('props') as { id: string }).id);
  }
}

/** Distinct bodies: the UK names, then names made from their words (a first part of one, the rest of another, a place). */
function bases(uk: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (n: string) => {
    const key = orgName(n).key;
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push(n);
  };
  for (const n of uk) add(n);
  const words = uk.map((n) => n.split(/\s+/).filter(Boolean)).filter((w) => w.length >= 2);
  while (out.length < BASES) {
    const a = pick(words);
    const b = pick(words);
    const head = a.slice(0, 1 + Math.floor(rand() * Math.min(2, a.length - 1)));
    const tail = b.slice(Math.max(1, b.length - 1 - Math.floor(rand() * 3)));
    const made = [...(rand() < 0.3 ? [pick(PLACES)] : []), ...head, ...tail].join(' ');
    add(made);
  }
  return out;
}

async function main(): Promise<void> {
  setLogLevel('warn');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-bench-candidates-'));
  const instance = await startEmbedded({ dataDir, heap: '1g', pageCacheMb: 512 });
  const driver = createDriver(instance.uri, instance.user, instance.password);
  const executor = new Executor(driver, { database: 'neo4j', readTimeoutMs: 600_000, writeTimeoutMs: 600_000 });
  try {
    await prepareDatabase(executor);
    const uk = await ukNames(executor);
    const made = bases(uk).slice(uk.length);
    const orgs: Org[] = made.map((name, i) => ({ id: `bench-org-${i}`, name }));
    const planted: Array<{ a: string; b: string; variant: string }> = [];
    const byVariant = new Map<string, { planted: number; found: number }>();
    for (let i = 0; i < DUPLICATES; i++) {
      const base = orgs[Math.floor(rand() * made.length)]!;
      const variant = pick(VARIANTS);
      const name = variant.apply(base.name);
      if (name === base.name) continue;
      const id = `bench-dup-${i}`;
      orgs.push({ id, name });
      planted.push({ a: base.id, b: id, variant: variant.name });
    }
    for (let i = 0; i < orgs.length; i += 5_000) await executor.write('bench/candidates-orgs', { rows: orgs.slice(i, i + 5_000) });
    const total = uk.length + orgs.length;

    const stats: GenerateStats = { entities: 0, keys: 0, skippedKeys: 0, pairsCompared: 0, ms: 0 };
    const t0 = performance.now();
    const candidates = await generateCandidates(executor, { type: 'Organization', limit: 1_000_000, minScore: 0.5 }, stats);
    const seconds = (performance.now() - t0) / 1000;
    const found = new Map(candidates.map((c) => [pairKey(c.a, c.b), c.score]));
    let recall50 = 0;
    let recall70 = 0;
    for (const p of planted) {
      const score = found.get(pairKey(p.a, p.b));
      const v = byVariant.get(p.variant) ?? { planted: 0, found: 0 };
      v.planted++;
      if (score !== undefined) {
        recall50++;
        v.found++;
        if (score >= 0.7) recall70++;
      }
      byVariant.set(p.variant, v);
    }

    // The import's dry run: incoming organisations (variants of stored ones) against the store, through the indexes.
    const incoming = Array.from({ length: INCOMING }, (_, i) => {
      const base = orgs[Math.floor(rand() * made.length)]!;
      return { base: base.id, f: entityFeatures({ id: `incoming-${i}`, name: pick(VARIANTS).apply(base.name) }, 'Organization') };
    });
    const t1 = performance.now();
    const matched = await candidatesFor(
      executor,
      incoming.map((x) => x.f),
    );
    const incomingSeconds = (performance.now() - t1) / 1000;
    const hit = new Set(matched.map((c) => `${c.incoming}|${c.stored}`));
    const incomingRecall = incoming.filter((x) => hit.has(`${x.f.id}|${x.base}`)).length / INCOMING;

    const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)} %`;
    const lines = [
      '## Candidate pairs (bench/candidates.ts)',
      '',
      runLine(),
      '',
      `${total.toLocaleString('en')} organisations in one embedded Neo4j (heap 1 GiB): the ${uk.length} of the UK ministers' meetings files ` +
        `(imported with the shipped mapping), ${made.length.toLocaleString('en')} made from their words (seeded PRNG), and ` +
        `${planted.length.toLocaleString('en')} planted duplicates of those, each written one way a register writes a body twice.`,
      '',
      '| | |',
      '|---|---:|',
      `| generateCandidates, whole type, minScore 0.5 | ${seconds.toFixed(1)} s |`,
      `| entities read | ${stats.entities.toLocaleString('en')} |`,
      `| blocking keys / skipped as too common (> ${MAX_BLOCK} entities) | ${stats.keys.toLocaleString('en')} / ${stats.skippedKeys.toLocaleString('en')} |`,
      `| pairs compared (scored) | ${stats.pairsCompared.toLocaleString('en')} |`,
      `| pairs compared per second (whole run, reads included) | ${Math.round(stats.pairsCompared / seconds).toLocaleString('en')} |`,
      `| candidates at 0.5+ | ${candidates.length.toLocaleString('en')} |`,
      `| recall of the planted pairs at 0.5+ / 0.7+ | ${pct(recall50, planted.length)} / ${pct(recall70, planted.length)} |`,
      `| candidatesFor: ${INCOMING} incoming variants against the store (full-text index) | ${incomingSeconds.toFixed(1)} s, recall ${pct(incomingRecall * INCOMING, INCOMING)} |`,
      '',
      '| planted as | pairs | found at 0.5+ |',
      '|---|---:|---:|',
      ...[...byVariant].map(([name, v]) => `| ${name} | ${v.planted} | ${pct(v.found, v.planted)} |`),
      '',
      'Recall counts a planted pair found when it is among the candidates at all; precision is measured on',
      "real data instead (the UK ministers' meetings, tests/fixtures/resolve/uk-orgs-top100.json), since",
      'the made-up names can be true duplicates of one another by chance. What the keys miss are typos in',
      'short words (no four letters left as they were at either end), more often with a suffix that stays',
      'a word of the name ("UK Ltd", "Group plc").',
    ];
    const md = lines.join('\n');
    console.log(md);
    writeSection('candidates', md);
  } finally {
    await driver.close();
    await instance.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
