// POST /api/facts: entities and links added in the app, each with its evidence. The request is
// made into an import bundle — the Sources it creates, the nodes and relationships, each citing the
// request's evidence unless it gives its own — validated and checked like any import (parseBundle,
// checkBundle: the same validators, the same rules) and written by the import writer, so that its
// merge rules hold; its Change (kind 'create', with the import's id) is recorded in the writer's
// own transaction, just before it commits.
import { z } from 'zod';

import type { Executor } from '../db/executor';
import { ConflictError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import { checkBundle, citationId, parseBundle, storedForBundle, writeFacts } from '../import/bundle';
import { beginImport } from '../import/write';
import { currentActor } from '../request-context';
import { NODE_TYPES, isNodeLabel } from '../schema/model';
import { bundleCitationInput, type BundleInput } from '../schema/validators';
import { newFactId } from './facts';
import { bundlePath, editProblem, remap } from './paths';
import { readSnapshots, snapshotList } from './snapshot';

const MAX = { sources: 20, nodes: 200, relationships: 500, citations: 50 } as const;

export const createBody = z.strictObject({
  reason: z.string().trim().max(2_000).optional(),
  /** New Sources, as bundle nodes without a type: {id?, properties: {title, publisher?, url?, published?, …}}. */
  sources: z.array(z.unknown()).max(MAX.sources).default([]),
  /** Bundle nodes; `id` may be left out (one is made from the type and the caption). */
  nodes: z.array(z.unknown()).max(MAX.nodes).default([]),
  relationships: z.array(z.unknown()).max(MAX.relationships).default([]),
  /** The evidence of every fact that gives no citations of its own: quotes of a Source, or record references. */
  citations: z.array(z.unknown()).max(MAX.citations).default([]),
});
export type CreateBody = z.infer<typeof createBody>;

export interface CreateResult {
  changeId: string | null;
  importId: string;
  nodes: string[];
  relationships: string[];
  sources: string[];
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A raw fact with an id: the one it gives, or one made from its type and caption. */
function withId(raw: unknown, type: string | undefined): unknown {
  if (!isObject(raw) || raw.id !== undefined) return raw;
  const t = type ?? (typeof raw.type === 'string' ? raw.type : 'fact');
  const props = isObject(raw.properties) ? raw.properties : {};
  const caption = isNodeLabel(t) ? props[NODE_TYPES[t].caption] : undefined;
  return { ...raw, id: newFactId(t, caption) };
}

interface Built {
  bundle: unknown;
  sources: number;
  /** Which bundle facts took the request's citations ("nodes:3"). */
  inherited: Set<string>;
}

/** The request as a bundle: its Sources first, then its nodes, then its relationships. */
function build(body: CreateBody): Built {
  const inherited = new Set<string>();
  const cite = (raw: unknown, key: string) => {
    if (!isObject(raw) || raw.citations !== undefined) return raw;
    inherited.add(key);
    return { ...raw, citations: body.citations };
  };
  const sources = body.sources.map((s) => {
    const raw = withId(s, 'Source');
    return isObject(raw) ? { type: 'Source', citations: [], ...raw } : raw;
  });
  const nodes = body.nodes.map((n, i) => cite(withId(n, undefined), `nodes:${sources.length + i}`));
  const relationships = body.relationships.map((r, i) => cite(withId(r, undefined), `relationships:${i}`));
  return { bundle: { description: 'Added in the app', nodes: [...sources, ...nodes], relationships }, sources: sources.length, inherited };
}

/** A bundle path as a path into the request. */
function requestPath(path: string, built: Built): string | null {
  const at = bundlePath(path);
  if (!at) return null;
  if (built.inherited.has(`${at.list}:${at.index}`) && at.rest.startsWith('.citations'))
    return `$.citations${at.rest.slice('.citations'.length)}`;
  if (at.list === 'relationships') return `$.relationships[${at.index}]${at.rest}`;
  return at.index < built.sources ? `$.sources[${at.index}]${at.rest}` : `$.nodes[${at.index - built.sources}]${at.rest}`;
}

/** The writer's issues name facts by id in `path`: as paths into the request. */
function writerPath(path: string, bundle: BundleInput, built: Built): string | null {
  const n = bundle.nodes.findIndex((x) => x.id === path);
  if (n >= 0) return requestPath(jsonPath(['nodes', n]), built);
  const r = bundle.relationships.findIndex((x) => x.id === path);
  return r >= 0 ? requestPath(jsonPath(['relationships', r]), built) : null;
}

/** Validates the request as an import bundle; throws the problem with the request's own paths. */
async function validate(executor: Executor, body: CreateBody): Promise<{ bundle: BundleInput; built: Built }> {
  const issues: FieldIssue[] = [];
  const cited = z.array(bundleCitationInput).safeParse(body.citations);
  if (!cited.success)
    for (const i of cited.error.issues) {
      const carried = (i as unknown as { params?: { code?: unknown } }).params?.code;
      issues.push({ path: jsonPath(['citations', ...i.path]), message: i.message, code: typeof carried === 'string' ? carried : i.code });
    }
  if (body.nodes.length + body.relationships.length + body.sources.length === 0)
    issues.push({ path: '$.nodes', message: 'add at least one node, relationship or source', code: 'empty' });
  const built = build(body);
  let bundle: BundleInput;
  try {
    bundle = parseBundle(built.bundle);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // The request's citations are given to each fact that takes them: report each problem once.
    const mapped = remap(error.issues, (p) => requestPath(p, built));
    const seen = new Set(issues.map((i) => `${i.path}\u0000${i.message}`));
    for (const i of mapped) {
      const key = `${i.path}\u0000${i.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(i);
    }
    throw editProblem(issues, 'The new facts');
  }
  if (issues.length > 0) throw editProblem(issues, 'The new facts');
  const { types, claims, merged } = await storedForBundle(executor, bundle);
  const checked = remap(checkBundle(bundle, types, claims, merged), (p) => requestPath(p, built));
  const unique = [...new Map(checked.map((i) => [`${i.path}\u0000${i.message}`, i])).values()];
  if (unique.length > 0) throw editProblem(unique, 'The new facts');
  return { bundle, built };
}

/** Adds the facts of `input` (see createBody) and records the Change; returns its id and the facts' ids. */
export async function createFacts(executor: Executor, input: CreateBody): Promise<CreateResult> {
  const { bundle, built } = await validate(executor, input);
  const { nodes, relationships, records } = writeFacts(bundle);
  const ids = [...nodes.map((n) => n.id), ...relationships.map((r) => r.id)];
  const citationIds = [...nodes, ...relationships].flatMap((f) => f.citations.map((c) => citationId(f.id, c.source, c.quote)));
  // Facts the request restates (the writer merges them): as they were, read under the import lock
  // below but in a transaction of its own (the writer's is not open to callers before it writes).
  let before: Awaited<ReturnType<typeof snapshotList>> = [];
  const actor = currentActor();
  const session = await beginImport(executor, {
    mode: 'atomic',
    description: input.reason ? `Added in the app: ${input.reason}` : 'Added in the app',
    expectedFacts: ids.length,
    change: async (tx, importId) => ({
      kind: 'create',
      reason: input.reason ?? null,
      subjects: [...ids, ...citationIds],
      before,
      after: await snapshotList(tx, ids),
      importId,
      actor,
    }),
  });
  try {
    before = await executor.transaction('read', async (tx) => {
      const found = await readSnapshots(tx, ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    const ordered = [...nodes].sort((a, b) => Number(b.type === 'Source') - Number(a.type === 'Source'));
    await session.write({ nodes: ordered, relationships, records: [...records.values()] });
    await session.commit();
  } catch (error) {
    await session.rollback().catch(() => undefined);
    if (error instanceof ValidationError || error instanceof ConflictError)
      throw editProblem(
        remap(error.issues ?? [], (p) => writerPath(p, bundle, built)),
        'The new facts',
      );
    throw error;
  }
  const change = await executor.read('edit/change-of-import', { importId: session.id }).catch(() => null);
  const sources = bundle.nodes.slice(0, built.sources).map((n) => n.id);
  return {
    changeId: (change?.records[0]?.get('id') as string | undefined) ?? null,
    importId: session.id,
    nodes: bundle.nodes.slice(built.sources).map((n) => n.id),
    relationships: bundle.relationships.map((r) => r.id),
    sources,
  };
}
