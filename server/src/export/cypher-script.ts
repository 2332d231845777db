// The Cypher script export: recreates the subgraph, its Sources, its quotes and the records of
// datasets behind it in an empty Neo4j 5, exactly as Liaison stores them (facts keep their
// `records` and `alsoStated` properties). Values travel as parameters: each statement (from
// cypher/export/script-*.cypher, labels and types from the schema's allow-list) follows a
// `:param rows => [...]` line, which cypher-shell and Neo4j Browser evaluate before running it.
// No value is ever pasted into a statement. The judgements about the exported entities and the ids
// merged into them come last, as (:Judgement) and (:MergedId) nodes, then their history, as (:Change) nodes.
import neo4j, {
  isDate,
  isDateTime,
  isDuration,
  isLocalDateTime,
  isLocalTime,
  isPoint,
  isTime,
  type Node,
  type Relationship,
} from 'neo4j-driver';

import { cypher, renderTemplate, schemaStatements, type TemplateKind } from '../db/cypher-files';
import { domainLabel } from '../graph/serialize';
import { citationId } from '../import/bundle';
import { NODE_LABELS, RELATIONSHIP_TYPE_NAMES, isNodeLabel, isRelationshipType } from '../schema/model';
import type { ExportMeta } from './formats';
import type { TextSink } from './sink';
import type { ExportGraph } from './subgraph';

/** Rows per :param line: long enough to be quick, short enough for an editor to open. */
const ROWS_PER_STATEMENT = 200;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quote(text: string): string {
  let out = "'";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A value as a Cypher literal (for :param lines only): temporal values keep their Neo4j types. */
export function cypherLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    // The driver gives integers as Integer objects; a JavaScript number here is a Cypher float.
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Cypher literal`);
    return Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (neo4j.isInt(value)) return value.toString();
  if (isDate(value)) return `date(${quote(value.toString())})`;
  if (isDateTime(value)) return `datetime(${quote(value.toString())})`;
  if (isLocalDateTime(value)) return `localdatetime(${quote(value.toString())})`;
  if (isTime(value)) return `time(${quote(value.toString())})`;
  if (isLocalTime(value)) return `localtime(${quote(value.toString())})`;
  if (isDuration(value)) return `duration(${quote(value.toString())})`;
  if (isPoint(value)) {
    const p = value as { srid: unknown; x: number; y: number; z?: number };
    return `point(${cypherLiteral({ srid: p.srid, x: p.x, y: p.y, ...(p.z !== undefined ? { z: p.z } : {}) })})`;
  }
  if (Array.isArray(value)) return `[${value.map(cypherLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : `\`${k.replaceAll('`', '``')}\``}: ${cypherLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`cannot write a ${typeof value} as a Cypher literal`);
}

const inSchema = (kind: TemplateKind, value: string) => (kind === 'nodeLabel' ? isNodeLabel(value) : isRelationshipType(value));

function withoutId(properties: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, ...rest } = properties;
  return rest;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i++) if (i % size === 0) out.push(items.slice(i, i + size));
  return out;
}

export async function writeCypherScript(graph: ExportGraph, sink: TextSink, meta: ExportMeta): Promise<void> {
  const nodes = [...graph.stored.nodes.values()];
  const relationships = [...graph.stored.relationships.values()];
  const ids = new Map(nodes.map((n) => [n.elementId, String((n.properties as Record<string, unknown>).id)]));
  const citations = [
    ...graph.nodes.map((n) => ({ factId: n.id, factKind: 'node', citations: n.citations })),
    ...graph.edges.map((e) => ({ factId: e.id, factKind: 'relationship', citations: e.citations })),
  ];
  const quotes = citations.flatMap(({ factId, factKind, citations: cs }) =>
    cs.flatMap((c) =>
      c.kind === 'quote'
        ? [
            {
              id: citationId(factId, c.sourceId, c.quote),
              factId,
              factKind,
              source: c.sourceId,
              quote: c.quote,
              status: c.status,
              lang: c.lang,
              note: c.note,
            },
          ]
        : [],
    ),
  );
  // One row per record, however many facts list it. Line and row are integers in the store.
  const records = new Map<string, Record<string, unknown>>();
  for (const { citations: cs } of citations)
    for (const c of cs)
      if (c.kind === 'record' && !records.has(c.record))
        records.set(c.record, {
          id: c.record,
          source: c.sourceId,
          file: c.file,
          line: c.line === null ? null : neo4j.int(c.line),
          row: c.row === null ? null : neo4j.int(c.row),
          recordId: c.recordId,
          pointer: c.pointer,
          raw: c.raw,
        });

  const block = async (heading: string, statement: string, rows: unknown[]) => {
    for (const [i, batch] of chunks(rows, ROWS_PER_STATEMENT).entries()) {
      await sink.write(`\n// ${heading}${rows.length > ROWS_PER_STATEMENT ? `, part ${i + 1}` : ''} (${batch.length})\n`);
      await sink.write(`:param rows => ${cypherLiteral(batch)}\n${statement};\n`);
    }
  };

  await sink.write(
    [
      `// ${meta.title.replaceAll('\n', ' ')}`,
      `// A Liaison export of ${meta.exportedAt}: ${graph.nodes.length} nodes and ${graph.edges.length} relationships with`,
      `// ${quotes.length} quotes, ${records.size} records of datasets and the ${graph.sources.length} sources they cite, as Liaison stores them,`,
      `// and ${graph.stored.judgements?.length ?? 0} judgements and ${graph.mergedIds?.length ?? 0} merged ids about these entities,`,
      `// and the ${graph.changes?.length ?? 0} changes of their history.`,
      '// Run it in an empty Neo4j 5: cypher-shell -f FILE.cypher (or paste it into Neo4j Browser).',
      '// Values travel as parameters (the :param lines); every statement merges on ids, so running it twice changes nothing.',
      '',
      "// Liaison's constraints and indexes (cypher/schema.cypher)",
      ...schemaStatements().map((s) => `${s};`),
      '',
    ].join('\n'),
  );
  const byLabel = new Map<string, Node[]>();
  for (const n of nodes) {
    const label = domainLabel(n.labels);
    byLabel.set(label, [...(byLabel.get(label) ?? []), n]);
  }
  // Sources first, so that the citations find them; then the schema's order.
  for (const label of ['Source', ...NODE_LABELS.filter((l) => l !== 'Source')]) {
    const group = byLabel.get(label);
    if (!group) continue;
    const statement = renderTemplate(cypher('export/script-merge-nodes'), { LABEL: label }, inSchema);
    await block(
      `${label} nodes`,
      statement,
      group.map((n) => ({ id: ids.get(n.elementId), props: withoutId(n.properties as Record<string, unknown>) })),
    );
  }
  const byType = new Map<string, Relationship[]>();
  for (const r of relationships) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  for (const type of RELATIONSHIP_TYPE_NAMES) {
    const group = byType.get(type);
    if (!group) continue;
    const statement = renderTemplate(cypher('export/script-merge-relationships'), { TYPE: type }, inSchema);
    await block(
      `${type} relationships`,
      statement,
      group.map((r) => {
        const props = r.properties as Record<string, unknown>;
        return { id: props.id, source: ids.get(r.startNodeElementId), target: ids.get(r.endNodeElementId), props: withoutId(props) };
      }),
    );
  }
  await block('Citations: the sentence behind each fact, and its source', cypher('export/script-merge-citations').text, quotes);
  await block(
    'Records: the rows of datasets the facts were read from (listed in their `records`)',
    cypher('export/script-merge-records').text,
    [...records.values()],
  );
  // A merge's snapshot describes the graph around the two entities before it, beyond the export.
  const judgements = (graph.stored.judgements ?? []).map((j) => {
    const { snapshot: _snapshot, ...props } = withoutId(j.properties as Record<string, unknown>);
    return { id: (j.properties as Record<string, unknown>).id, props };
  });
  await block('Judgements on these entities, live and undone', cypher('export/script-merge-judgements').text, judgements);
  await block(
    'Ids merged into these entities, each naming its entity',
    cypher('export/script-merge-merged-ids').text,
    graph.mergedIds ?? [],
  );
  // History travels as stored: before and after stay JSON text, as the console reads them in Liaison.
  const changes = (graph.changes ?? []).map((c) => ({
    id: c.id,
    at: c.at,
    props: {
      kind: c.kind,
      byId: c.byId,
      byName: c.byName,
      reason: c.reason,
      subjects: c.subjects,
      before: JSON.stringify(c.before),
      after: JSON.stringify(c.after),
      summary: c.summary,
      importId: c.importId,
      reverts: c.reverts,
      revertedBy: c.revertedBy,
    },
  }));
  await block('Changes of these facts: who changed what, when and why (the history)', cypher('export/script-merge-changes').text, changes);
}
