// Configuration from the environment, validated once at start-up. README "Configuration" lists
// the same variables; defaults suit a laptop with the embedded Neo4j.
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { ValidationError, jsonPath } from './errors';
import { DEFAULT_AUTO_MERGE, autoMergeRules } from './import/pipeline/match-rules';

export const ROOT_DIR = path.resolve(__dirname, '../..');

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'must be a bolt:// or neo4j:// URI')
    .optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().default('neo4j'),
  LIAISON_DATA_DIR: z.string().default(path.join(ROOT_DIR, '.liaison')),
  LIAISON_NEO4J_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LIAISON_NEO4J_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, 'must look like 512m or 2g')
    .default('2g'),
  LIAISON_NEO4J_PAGECACHE_MB: z.coerce.number().int().min(16).default(512),
  LIAISON_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  LIAISON_DEMO: bool.default(true),
  LIAISON_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  LIAISON_IMPORT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(600_000),
  LIAISON_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(50 * 1024 * 1024),
  // Files uploaded for import (POST /api/import/uploads, and non-JSON bodies of POST /api/import):
  // streamed to <data>/import-tmp, at most this many bytes after decompression, deleted after the TTL.
  LIAISON_IMPORT_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(2 * 1024 ** 3),
  LIAISON_IMPORT_UPLOAD_TTL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
  // Records per validation and write batch of the import pipeline (server/src/import/pipeline/run.ts).
  LIAISON_IMPORT_BATCH_RECORDS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  // `npm run import` sends its files to the Liaison at this URL (like --server) instead of opening
  // the data directory; unset, it does so only when a server holds the data directory (<data>/server.json).
  LIAISON_SERVER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  // The researchers' Cypher console (POST /api/cypher, POST /api/queries/:name); its queries share
  // LIAISON_QUERY_TIMEOUT_MS with the rest of the read API.
  LIAISON_CYPHER_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  LIAISON_CYPHER_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  LIAISON_CYPHER_MAX_LENGTH: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  // The console's and the library's own connections to Neo4j (a pool apart from the explorer's): how
  // many queries run at once, how long one waits for a free connection before a 503 with
  // Retry-After, and how many one client address may have running at once (more: 429). By default
  // the console may keep half the cores busy (1 on 2 cores): bench/console-load.ts measured the
  // explorer's p95 under a burst of slow queries at 1.9× idle with 1 connection, 3–7× with 2 or 4.
  LIAISON_CONSOLE_CONNECTIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(Math.max(1, Math.floor(os.availableParallelism() / 2))),
  LIAISON_CONSOLE_QUEUE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  LIAISON_CONSOLE_PER_CLIENT: z.coerce.number().int().min(1).max(1_000).default(2),
  // Host names (optionally host:port, comma-separated) the server answers for; `*` accepts any Host.
  // Unset: the names of HOST (loopback names for 127.0.0.1, also the machine's names for 0.0.0.0).
  LIAISON_ALLOWED_HOSTS: z.string().optional(),
  // On SIGTERM/SIGINT, how long requests in flight may take to finish before they are cut; then
  // the driver and the embedded database are closed.
  LIAISON_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  // Users and sessions (server/src/auth): whether visitors who are not signed in may read (writes
  // never are anonymous); how long a browser session lives without a request, and at most.
  LIAISON_ANONYMOUS_READ: bool.default(true),
  LIAISON_SESSION_IDLE_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(8 * 3_600_000),
  LIAISON_SESSION_MAX_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(7 * 24 * 3_600_000),
  // Express's "trust proxy" (e.g. 1, loopback, 10.0.0.0/8): set it behind a TLS-terminating proxy,
  // so that X-Forwarded-Proto: https marks the session cookie Secure and X-Forwarded-For counts
  // failed sign-ins per real client. Unset: forwarded headers are ignored.
  LIAISON_TRUST_PROXY: z.string().optional(),
  // Import-time matching with `--match auto` (import/pipeline/match-rules.ts): the rules, as JSON,
  // for the pairs an import may merge on its own, e.g. [{"identifierScheme":"wikidata"},
  // {"minScore":0.97,"type":"Organization"}]. Unset: a shared identifier of one scheme.
  LIAISON_AUTO_MERGE: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON list of rules' });
        return z.NEVER;
      }
    })
    .pipe(autoMergeRules)
    .default(DEFAULT_AUTO_MERGE),
});

export type Config = z.infer<typeof envSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings mean "unset", as in most shells' `VAR= npm start`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success)
    throw new ValidationError(
      'The configuration in the environment is invalid.',
      result.error.issues.map((i) => ({ path: jsonPath(i.path).replace(/^\$\./, 'env.'), message: i.message })),
    );
  return result.data;
}

/** The settings of the Cypher console; what a caller (a test's app) leaves out takes the defaults above. */
const consoleSchema = envSchema.pick({
  LIAISON_QUERY_TIMEOUT_MS: true,
  LIAISON_CYPHER_MAX_ROWS: true,
  LIAISON_CYPHER_RATE_PER_MINUTE: true,
  LIAISON_CYPHER_MAX_LENGTH: true,
  LIAISON_CONSOLE_PER_CLIENT: true,
});
export type ConsoleConfig = z.infer<typeof consoleSchema>;

export function consoleConfig(config: Partial<ConsoleConfig>): ConsoleConfig {
  const out = consoleSchema.parse({});
  for (const key of Object.keys(out) as Array<keyof ConsoleConfig>) {
    const value = config[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
