// `npm run candidates -- --type Organization --limit 50 [--json]`: candidate pairs of entities that
// may be one, best first, with the reasons for each score. Against the data directory's own
// database, or, when a Liaison server holds it, through that server's GET /api/candidates.
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { LiaisonError } from '../errors';
import { runningServer } from '../import/pipeline/instance';
import { CANDIDATE_TYPES, DEFAULT_MIN_SCORE, generateCandidates, type GenerateStats } from '../resolve/candidates';
import type { Candidate } from '../resolve/types';

const USAGE = `usage: npm run candidates -- [options]
  --type TYPE          one of ${CANDIDATE_TYPES.join(', ')} (default: each of them)
  --limit N            most pairs shown, best first (default 50)
  --min-score X        lowest score shown, 0..1 (default ${DEFAULT_MIN_SCORE})
  --import ID          only pairs of which one side was written by this import
  --entity ID[,ID…]    only pairs with one of these entities
  --server URL         ask a running Liaison (default: the one holding the data directory, if any)
  --json               print {candidates: […]} as JSON
exit status: 0 done, 64 usage, 65 invalid input, 69 unavailable, 70 internal error
`;

export const EXIT = { ok: 0, usage: 64, invalid: 65, unavailable: 69, software: 70 } as const;

export interface CandidatesCliOptions {
  type?: string;
  limit: number;
  minScore: number;
  importId?: string;
  entityIds?: string[];
  server?: string;
  json: boolean;
  help: boolean;
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): CandidatesCliOptions {
  const o: CandidatesCliOptions = { limit: 50, minScore: DEFAULT_MIN_SCORE, json: false, help: false };
  const args = argv.flatMap((a) =>
    a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a],
  );
  const value = (i: number, flag: string) => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case '--type': {
        const t = value(i++, a);
        if (!(CANDIDATE_TYPES as string[]).includes(t))
          throw new UsageError(`--type must be one of ${CANDIDATE_TYPES.join(', ')}, not ${t}`);
        o.type = t;
        break;
      }
      case '--limit': {
        const n = Number(value(i++, a));
        if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new UsageError('--limit takes a whole number from 1 to 100000');
        o.limit = n;
        break;
      }
      case '--min-score': {
        const n = Number(value(i++, a));
        if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError('--min-score takes a number from 0 to 1');
        o.minScore = n;
        break;
      }
      case '--import':
        o.importId = value(i++, a);
        break;
      case '--entity':
        o.entityIds = value(i++, a)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--server':
        o.server = value(i++, a);
        break;
      case '--json':
        o.json = true;
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${a}`);
    }
  }
  return o;
}

/** One pair as a few lines of text: score, the two ids, then each reason with its weight. */
export function renderCandidate(c: Candidate, rank: number): string {
  const lines = [`${String(rank).padStart(3)}. ${c.score.toFixed(3)}  ${c.type}  ${c.a}  ${c.b}`];
  for (const r of c.reasons) lines.push(`       ${r.weight >= 0 ? '+' : '−'}${Math.abs(r.weight).toFixed(2)} ${r.code}: ${r.detail}`);
  return lines.join('\n');
}

function print(candidates: Candidate[], o: CandidatesCliOptions, stats?: GenerateStats): void {
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ candidates }, null, 2)}\n`);
    return;
  }
  if (candidates.length === 0) process.stdout.write('No candidate pairs.\n');
  candidates.forEach((c, i) => process.stdout.write(`${renderCandidate(c, i + 1)}\n`));
  if (stats)
    process.stderr.write(
      `${stats.entities} entities, ${stats.pairsCompared} pairs compared in ${(stats.ms / 1000).toFixed(1)} s ` +
        `(${stats.skippedKeys} keys shared by too many entities skipped)\n`,
    );
}

async function runRemote(o: CandidatesCliOptions, server: string): Promise<number> {
  const url = new URL('/api/candidates', server);
  url.searchParams.set('limit', String(Math.min(o.limit, 500)));
  url.searchParams.set('minScore', String(o.minScore));
  if (o.type) url.searchParams.set('type', o.type);
  if (o.importId) url.searchParams.set('importId', o.importId);
  if (o.entityIds) url.searchParams.set('entity', o.entityIds.join(','));
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as { candidates?: Candidate[]; detail?: string };
  if (!res.ok) {
    process.stderr.write(`${server} answered ${res.status}: ${body.detail ?? res.statusText}\n`);
    return res.status === 503 || res.status === 504 ? EXIT.unavailable : res.status < 500 ? EXIT.invalid : EXIT.software;
  }
  print(body.candidates ?? [], o);
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  let o: CandidatesCliOptions;
  try {
    o = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const config = loadConfig();
  // The embedded database of a data directory is held by one process: ask the server when it runs.
  const server = o.server ?? config.LIAISON_SERVER_URL ?? (config.NEO4J_URI ? undefined : runningServer(config.LIAISON_DATA_DIR)?.url);
  if (server) return runRemote(o, server);
  const db = await openDatabase(config);
  try {
    const stats: GenerateStats = { entities: 0, keys: 0, skippedKeys: 0, pairsCompared: 0, ms: 0 };
    const candidates = await generateCandidates(
      db.executor,
      {
        limit: o.limit,
        minScore: o.minScore,
        ...(o.type ? { type: o.type } : {}),
        ...(o.importId ? { importId: o.importId } : {}),
        ...(o.entityIds ? { entityIds: o.entityIds } : {}),
      },
      stats,
    );
    print(candidates, o, stats);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof LiaisonError) {
      process.stderr.write(`${error.message}\n`);
      return error.status === 503 || error.status === 504 ? EXIT.unavailable : error.status < 500 ? EXIT.invalid : EXIT.software;
    }
    throw error;
  } finally {
    await db.close();
  }
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`candidates failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(EXIT.software);
    },
  );
