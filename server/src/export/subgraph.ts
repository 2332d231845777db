// Fetches the subgraph an export spec names, in one read transaction: its nodes and edges in the
// API's shapes, each with its citations, the Source nodes behind them, and the nodes and
// relationships as Neo4j stores them (the Cypher script recreates those exactly), and the
// judgements about the exported entities with the ids merged into them.
import type { Node, Relationship } from 'neo4j-driver';

import type { Executor, NamedTx } from '../db/executor';
import { BadRequestError, NotFoundError, ValidationError, jsonPath, type FieldIssue } from '../errors';
import { citationsFor, withSourceTitles } from '../graph/service';
import { apiEdge, apiNode, idMap, type ApiCitation, type ApiEdge, type ApiNode } from '../graph/serialize';
import { parseFuzzyDate } from '../schema/fuzzy-date';
import { canonicalIds } from '../resolve/canonical';
import { judgementFromNode } from '../resolve/judgements';
import type { Judgement } from '../resolve/types';
import { storedChange, type StoredChange } from '../history/stored';
import { toJson } from '../db/values';
import { RELATIONSHIP_TYPE_NAMES } from '../schema/model';
import { fuzzyPeriod } from './intervals';
import type { SubgraphSpec } from './spec';

/** Largest subgraph one export writes: beyond it, narrow the hops or the date window. */
export const MAX_EXPORT_NODES = 5_000;

export interface ExportNode extends ApiNode {
  citations: ApiCitation[];
}

export interface ExportEdge extends ApiEdge {
  citations: ApiCitation[];
}

export interface ExportGraph {
  nodes: ExportNode[];
  edges: ExportEdge[];
  /**
   * Every Source behind a citation of the subgraph, every Source node in it, and every Source its
   * alsoStated entries name (an import of the export needs them), by id.
   */
  sources: ApiNode[];
  /** The same nodes (Sources included) and relationships as stored, by Liaison id; the judgements as stored, in their order. */
  stored: { nodes: Map<string, Node>; relationships: Map<string, Relationship>; judgements?: Node[] };
  /**
   * The judgements, live and undone, naming an exported entity or an id merged into one (as a, b,
   * canonicalId or absorbedId), in the order they were made. Absent (none) in a graph built by hand.
   */
  judgements?: Judgement[];
  /** The ids merged into exported entities, by id: each names its entity and the judgement that merged it. */
  mergedIds?: ExportMergedId[];
  /**
   * The history of the exported facts (server/src/history): the changes naming one of them and the
   * imports that wrote one, oldest first, before and after as stored. Absent (none) in a graph built by hand.
   */
  changes?: StoredChange[];
}

/** The changes about `ids` (nodes and relationships), one statement per batch of ids, oldest first. */
async function changesOf(executor: Executor, ids: string[]): Promise<StoredChange[]> {
  const found = new Map<string, StoredChange>();
  for (let i = 0; i < ids.length; i += JUDGEMENT_BATCH) {
    const [record] = (await executor.read('export/changes-of', { ids: ids.slice(i, i + JUDGEMENT_BATCH) })).records;
    for (const raw of (record?.get('changes') ?? []) as unknown[]) {
      const c = storedChange(raw);
      found.set(c.id, c);
    }
  }
  return [...found.values()].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : Date.parse(a.at) - Date.parse(b.at)));
}

export interface ExportMergedId {
  id: string;
  canonicalId: string;
  judgementId: string | null;
}

/** Entity ids per judgements-of statement: the statement scans the judgements once per batch. */
const JUDGEMENT_BATCH = 1_000;

/** The judgements about `ids` and the ids merged into them, one statement per batch of ids. */
async function judgementsOf(executor: Executor, ids: string[]): Promise<{ nodes: Node[]; mergedIds: ExportMergedId[] }> {
  const nodes = new Map<string, Node>();
  const merged = new Map<string, ExportMergedId>();
  for (let i = 0; i < ids.length; i += JUDGEMENT_BATCH) {
    const [record] = (
      await executor.read<{ merged: ExportMergedId[]; judgements: Node[] }>('export/judgements-of', {
        ids: ids.slice(i, i + JUDGEMENT_BATCH),
      })
    ).records;
    if (!record) continue;
    for (const m of record.get('merged')) merged.set(m.id, { id: m.id, canonicalId: m.canonicalId, judgementId: m.judgementId ?? null });
    for (const j of record.get('judgements')) nodes.set(String(j.properties.id), j);
  }
  const seq = (n: Node) => Number(toJson(n.properties.seq));
  return {
    nodes: [...nodes.values()].sort((x, y) => seq(x) - seq(y)),
    mergedIds: [...merged.values()].sort(byId),
  };
}

interface Fetched {
  nodes: Node[];
  relationships: Relationship[];
}

async function nodesById(tx: NamedTx, ids: string[]): Promise<Node[]> {
  if (ids.length === 0) return [];
  const result = await tx.run<{ n: Node }>('export/nodes-by-id', { ids });
  return result.records.map((r) => r.get('n'));
}

const idOf = (n: Node) => String((n.properties as Record<string, unknown>).id);

async function fetchElements(tx: NamedTx, spec: Extract<SubgraphSpec, { kind: 'elements' }>): Promise<Fetched> {
  const nodeIds = [...new Set(spec.nodeIds)];
  const edgeIds = [...new Set(spec.edgeIds)];
  const nodes = await nodesById(tx, nodeIds);
  const found = new Set(nodes.map(idOf));
  const issues: FieldIssue[] = [];
  spec.nodeIds.forEach((id, i) => {
    if (!found.has(id))
      issues.push({ path: jsonPath(['subgraph', 'nodeIds', i]), message: `no entity "${id}"`, code: 'unknown_reference' });
  });
  const relationships: Relationship[] = [];
  const byElementId = new Map(nodes.map((n) => [n.elementId, n]));
  if (edgeIds.length > 0 && nodes.length > 0) {
    const result = await tx.run<{ r: Relationship; source: Node; target: Node }>('export/relationships-by-id', {
      nodeIds: [...found],
      edgeIds,
      relTypes: RELATIONSHIP_TYPE_NAMES,
    });
    for (const record of result.records) {
      relationships.push(record.get('r'));
      // An edge needs both its ends: one the view left out comes along with it.
      for (const end of [record.get('source'), record.get('target')]) byElementId.set(end.elementId, end);
    }
  }
  const foundEdges = new Set(relationships.map((r) => String((r.properties as Record<string, unknown>).id)));
  spec.edgeIds.forEach((id, i) => {
    if (!foundEdges.has(id))
      issues.push({
        path: jsonPath(['subgraph', 'edgeIds', i]),
        message: `no relationship "${id}" at any of the given nodes`,
        code: 'unknown_reference',
      });
  });
  if (issues.length > 0)
    throw new ValidationError(
      `${issues.length} of the ids to export name nothing in the graph; nothing was exported.`,
      issues.slice(0, 100),
      issues.length > 100 ? { more: issues.length - 100 } : {},
    );
  return { nodes: [...byElementId.values()], relationships };
}

async function fetchNeighborhood(tx: NamedTx, spec: Extract<SubgraphSpec, { kind: 'neighborhood' }>): Promise<Fetched> {
  const [start] = await nodesById(tx, [spec.node]);
  if (!start) throw new NotFoundError(`No entity with id "${spec.node}".`, { id: spec.node });
  const window = {
    from: spec.from ? parseFuzzyDate(fuzzyPeriod(spec.from).start).date : null,
    to: spec.to ? parseFuzzyDate(fuzzyPeriod(spec.to).end).date : null,
  };
  // Breadth first, one statement per hop: variable-length bounds cannot be parameters, and a
  // meeting outside the window must stop the walk, not only be hidden at the end.
  const reached = new Set([spec.node]);
  let frontier = [spec.node];
  for (let hop = 0; hop < spec.hops && frontier.length > 0; hop++) {
    const result = await tx.run<{ id: string }>('export/neighborhood-step', {
      ids: frontier,
      relTypes: RELATIONSHIP_TYPE_NAMES,
      ...window,
    });
    frontier = result.records.map((r) => r.get('id')).filter((id) => !reached.has(id));
    for (const id of frontier) reached.add(id);
    if (reached.size > MAX_EXPORT_NODES)
      throw new BadRequestError(
        `The neighbourhood of "${spec.node}" grows past ${MAX_EXPORT_NODES} entities at ${hop + 1} hop${hop ? 's' : ''}; ` +
          'export fewer hops or a narrower date window.',
        { limit: MAX_EXPORT_NODES },
      );
  }
  const ids = [...reached];
  const nodes = await nodesById(tx, ids);
  const result = await tx.run<{ r: Relationship }>('export/relationships-among', { ids, relTypes: RELATIONSHIP_TYPE_NAMES });
  return { nodes, relationships: result.records.map((r) => r.get('r')) };
}

/** The spec with node ids merged away by a "same" judgement replaced by their entities' ids (old links and views keep working). */
async function canonicalSpec(tx: NamedTx, spec: SubgraphSpec): Promise<SubgraphSpec> {
  const ids = spec.kind === 'elements' ? spec.nodeIds : [spec.node];
  const canonical = await canonicalIds(tx, ids);
  const now = (id: string) => canonical.get(id) ?? id;
  return spec.kind === 'elements' ? { ...spec, nodeIds: spec.nodeIds.map(now) } : { ...spec, node: now(spec.node) };
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads the subgraph of a spec, with citations and sources. Throws NotFound/Validation/BadRequest errors. */
export async function fetchSubgraph(executor: Executor, spec: SubgraphSpec): Promise<ExportGraph> {
  const fetched = await executor.transaction(
    'read',
    async (tx) => {
      const resolved = await canonicalSpec(tx, spec);
      const found = resolved.kind === 'elements' ? await fetchElements(tx, resolved) : await fetchNeighborhood(tx, resolved);
      if (found.nodes.length > MAX_EXPORT_NODES)
        throw new BadRequestError(`An export holds at most ${MAX_EXPORT_NODES} entities; this one has ${found.nodes.length}.`, {
          limit: MAX_EXPORT_NODES,
        });
      return found;
    },
    { context: 'export' },
  );
  const ids = idMap(fetched.nodes);
  // alsoStated names its sources by id; the titles come in one look-up, as in the API's answers.
  const nodes = (await withSourceTitles(executor, fetched.nodes.map(apiNode))).sort(byId);
  const edges = (
    await withSourceTitles(
      executor,
      fetched.relationships.map((r) => apiEdge(r, ids)),
    )
  ).sort(byId);
  const citations = await citationsFor(executor, [...nodes.map((n) => n.id), ...edges.map((e) => e.id)]);
  const cited = (id: string) => citations.get(id) ?? [];

  const stored: ExportGraph['stored'] = {
    nodes: new Map(fetched.nodes.map((n) => [idOf(n), n])),
    relationships: new Map<string, Relationship>(),
  };
  for (const r of fetched.relationships) stored.relationships.set(String((r.properties as Record<string, unknown>).id), r);
  const sourceIds = new Set([...citations.values()].flat().map((c) => c.sourceId));
  const alsoStatedSources = (facts: Array<ApiNode | ApiEdge>) => facts.flatMap((f) => f.alsoStated ?? []).flatMap((a) => a.sources);
  for (const n of nodes) if (n.type === 'Source') sourceIds.add(n.id);
  for (const s of alsoStatedSources([...nodes, ...edges])) sourceIds.add(s.id);
  // A Source fetched here may have alsoStated entries of its own, naming further Sources: each id is asked for once.
  const asked = new Set<string>();
  for (let missing = [...sourceIds].filter((id) => !stored.nodes.has(id)); missing.length > 0;) {
    for (const id of missing) asked.add(id);
    const sourceNodes = await executor.read<{ n: Node }>('export/nodes-by-id', { ids: missing });
    const fetchedNodes = sourceNodes.records.map((r) => r.get('n'));
    for (const n of fetchedNodes) stored.nodes.set(idOf(n), n);
    for (const s of alsoStatedSources(fetchedNodes.map(apiNode))) sourceIds.add(s.id);
    missing = [...sourceIds].filter((id) => !stored.nodes.has(id) && !asked.has(id));
  }
  const sources = (
    await withSourceTitles(
      executor,
      [...sourceIds]
        .map((id) => stored.nodes.get(id))
        // An alsoStated entry naming an id that is not a Source (a hand-written store) names no source.
        .filter((n): n is Node => n !== undefined && n.labels.includes('Source'))
        .map(apiNode),
    )
  ).sort(byId);

  const judged = await judgementsOf(
    executor,
    nodes.map((n) => n.id),
  );
  stored.judgements = judged.nodes;
  const changes = await changesOf(executor, [...nodes.map((n) => n.id), ...edges.map((e) => e.id)]);

  return {
    nodes: nodes.map((n) => ({ ...n, citations: cited(n.id) })),
    edges: edges.map((e) => ({ ...e, citations: cited(e.id) })),
    sources,
    stored,
    judgements: judged.nodes.map(judgementFromNode),
    mergedIds: judged.mergedIds,
    changes,
  };
}
