// `npx tsx bench/parser-depth.ts [construct …]`: at what nesting depth or chain length does Neo4j's
// parser stop answering? For each construct, a fresh embedded Neo4j gets EXPLAIN of the construct at
// growing depths until one does not answer within 15 s (a lost Bolt thread) or takes over 8 s. Not
// part of `npm run bench` (it loses threads on purpose and takes minutes); the numbers behind the
// console's SHAPE_LIMITS (server/src/console/guard.ts) are in bench/results/parser-depth.md.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import neo4j from 'neo4j-driver';

import { startEmbedded } from '../server/src/db/embedded';
import { setLogLevel } from '../server/src/log';

const rep = (s: string, n: number) => s.repeat(n);
const CONSTRUCTS: Record<string, [(d: number) => string, number[]]> = {
  parens: [(d) => `RETURN ${rep('(', d)}1${rep(')', d)}`, [100, 200, 300, 350, 400, 450, 500]],
  brackets: [(d) => `RETURN ${rep('[', d)}1${rep(']', d)}`, [100, 150, 200, 225, 250, 275, 300]],
  nestedList: [(d) => `RETURN ${rep('[1,', d)}1${rep(']', d)}`, [50, 100, 125, 150, 175, 200]],
  maps: [(d) => `RETURN ${rep('{a:', d)}1${rep('}', d)}`, [50, 100, 125, 150, 175, 200]],
  listComp: [(d) => `RETURN ${rep('[x IN ', d)}[1]${rep(' | x]', d)}`, [50, 100, 125, 150, 175, 200]],
  caseNest: [(d) => `RETURN ${rep('CASE WHEN true THEN ', d)}1${rep(' END', d)}`, [50, 100, 125, 150, 175, 200]],
  fnNest: [(d) => `RETURN ${rep('abs(', d)}1${rep(')', d)}`, [50, 100, 125, 150, 175, 200]],
  propChain: [(d) => `WITH {a:1} AS m RETURN m${rep('.a', d)}`, [50, 100, 150, 200, 300, 500, 1000]],
  notChain: [(d) => `RETURN ${rep('NOT ', d)}true`, [100, 200, 300, 350, 400]],
  strConcat: [(d) => `RETURN 'a'${rep("+'a'", d)}`, [100, 200, 400, 800, 1600, 2400]],
  plusChain: [(d) => `RETURN 1${rep('+1', d)}`, [250, 500, 1000, 2000, 3000, 4900]],
  andChain: [(d) => `WITH true AS a RETURN a${rep(' AND a', d)}`, [100, 250, 500, 1000, 1600]],
  pattern: [(d) => `MATCH (a)${rep('--()', d)} RETURN 1 LIMIT 1`, [5, 10, 15, 20, 30, 40, 50]],
  callNest: [(d) => `${rep('CALL { ', d)}RETURN 1 AS x${rep(' } RETURN x', d)}`, [10, 25, 50, 75, 100]],
  withChain: [(d) => `WITH 1 AS x${rep(' WITH x', d)} RETURN x`, [100, 200, 400, 800, 1200]],
  union: [(d) => `RETURN 1 AS x${rep(' UNION RETURN 1 AS x', d)}`, [10, 25, 50, 100, 200, 450]],
  matchChain: [(d) => `${rep('MATCH (a) ', d)}RETURN 1 LIMIT 1`, [10, 25, 50, 100]],
  labelNot: [(d) => `MATCH (n:${rep('!', d)}Person) RETURN n LIMIT 1`, [50, 100, 200, 300, 400, 600, 1000]],
  labelAnd: [(d) => `MATCH (n:A${rep('&A', d)}) RETURN n LIMIT 1`, [100, 200, 400, 1000, 2000]],
  labelOr: [(d) => `MATCH (n:A${rep('|A', d)}) RETURN n LIMIT 1`, [100, 200, 400, 1000, 2000, 4000]],
};
const NO_ANSWER_MS = 15_000;

async function main(): Promise<void> {
  setLogLevel('silent');
  const only = process.argv.slice(2);
  for (const [name, [text, depths]] of Object.entries(CONSTRUCTS)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-parser-depth-'));
    const instance = await startEmbedded({ dataDir: dir, heap: '1g', pageCacheMb: 64 });
    const driver = neo4j.driver(instance.uri, neo4j.auth.basic(instance.user, instance.password));
    await driver.executeQuery('EXPLAIN RETURN 1', {}, { database: 'neo4j' });
    const out: string[] = [];
    for (const depth of depths) {
      const query = text(depth);
      if (query.length > 10_000) break;
      const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      const t0 = Date.now();
      let status: string;
      try {
        status = await Promise.race([
          session
            .run(`EXPLAIN ${query}`)
            .summary()
            .then(() => 'ok'),
          new Promise<string>((resolve) => setTimeout(() => resolve('NO ANSWER'), NO_ANSWER_MS)),
        ]);
      } catch (error) {
        status = `error ${(error as { code?: string }).code}`;
      }
      const ms = Date.now() - t0;
      out.push(`${depth} (${query.length} chars): ${status} ${ms} ms`);
      if (status !== 'NO ANSWER') await session.close().catch(() => undefined);
      if (status !== 'ok' || ms > 8_000) break;
    }
    console.log(`${name}: ${out.join(' · ')}`);
    await driver.close().catch(() => undefined);
    await instance.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
