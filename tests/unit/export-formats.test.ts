// Export formats without a database: a small hand-made subgraph with awkward text (markup, control
// characters, line breaks, a "/" in an id) written in every format and read back by readers we did
// not write: xmllint against the published GraphML XSD and GEXF RelaxNG grammar, graphology's
// GraphML and GEXF parsers, jszip and csv-parse, and Liaison's own importer for the CSV zip.
import { PassThrough } from 'node:stream';

import { describe, expect, it } from '@jest/globals';
import { DOMParser } from '@xmldom/xmldom';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import JSZip from 'jszip';
import { parse as parseCsv } from 'csv-parse/sync';

import { ValidationError } from '../../server/src/errors';
import { citationList, htmlEscape, mdEscape, writeCitationsHtml, writeCitationsMarkdown } from '../../server/src/export/citation-list';
import {
  EDGE_ATTRIBUTES,
  EDGE_PROPERTY_COLUMNS,
  NODE_ATTRIBUTES,
  NODE_PROPERTY_COLUMNS,
  SOURCE_PROPERTY_COLUMNS,
  cellText,
  parseCell,
} from '../../server/src/export/columns';
import { CITATION_CSV_COLUMNS, EDGE_CSV_COLUMNS, NODE_CSV_COLUMNS, sourceRows, writeCsvZip } from '../../server/src/export/csv';
import { cypherLiteral } from '../../server/src/export/cypher-script';
import { CYTOSCAPE_FORMAT, writeCytoscapeJson, type LiaisonCytoscapeDocument } from '../../server/src/export/cytoscape-json';
import { EXPORT_FORMATS, defaultTitle, describeFormats, exportFileName, type ExportMeta } from '../../server/src/export/formats';
import { ftmEntities } from '../../server/src/export/ftm';
import { writeGexf } from '../../server/src/export/gexf';
import { graphmlId, writeGraphml } from '../../server/src/export/graphml';
import { eventPeriod, fuzzyPeriod } from '../../server/src/export/intervals';
import { streamSink } from '../../server/src/export/sink';
import { EXPORT_FORMAT_NAMES, parseExportQuery, parseExportRequest } from '../../server/src/export/spec';
import type { ExportGraph } from '../../server/src/export/subgraph';
import type { ApiQuoteCitation } from '../../server/src/graph/serialize';
import { parseBundle, storedAlsoStated } from '../../server/src/import/bundle';
import { csvPath, csvZipToBundle } from '../../server/src/import/csv';
import neo4j from 'neo4j-driver';
import { NODE_TYPES, RELATIONSHIP_TYPES } from '../../server/src/schema/model';
import { validateGexf, validateGraphml } from '../fixtures/xsd/validate';

const cite = (sourceId: string, quote: string, extra: Partial<ApiQuoteCitation> = {}): ApiQuoteCitation => ({
  kind: 'quote',
  sourceId,
  title: 'Ein Artikel <über> "Dinge"',
  publisher: 'Outlet & Co',
  url: 'https://example.org/a?b=1&c=2',
  published: '2019-09',
  quote,
  status: 'reported',
  lang: 'de',
  note: null,
  ...extra,
});

const SOURCE = {
  id: 'src-1',
  type: 'Source',
  name: 'Ein Artikel <über> "Dinge"',
  properties: {
    title: 'Ein Artikel <über> "Dinge"',
    publisher: 'Outlet & Co',
    url: 'https://example.org/a?b=1&c=2',
    published: '2019-09',
    language: 'de',
  },
  citationStatus: null,
};

/** A subgraph with one of everything awkward. */
function sampleGraph(): ExportGraph {
  return {
    nodes: [
      {
        id: 'person-anna',
        type: 'Person',
        name: 'Anna <A> & "B"',
        properties: { name: 'Anna <A> & "B"', aliases: ['Анна', 'A|B, "C"'], nationality: 'RU', summary: 'line one\nline two\u0001 end' },
        citationStatus: 'reported',
        citations: [
          cite('src-1', 'Sie sagte: „<script>alert(1)</script>“ & *mehr* [1]'),
          cite('src-1', 'Vielleicht.', { status: 'speculative', note: 'n' }),
        ],
      },
      {
        id: 'person-boris',
        type: 'Person',
        name: 'Boris',
        properties: { name: 'Boris' },
        citationStatus: 'speculative',
        citations: [cite('src-1', 'Boris war da.', { status: 'speculative' })],
      },
      {
        id: 'org/ministry',
        type: 'Organization',
        name: 'Ministry of Things',
        properties: { name: 'Ministry of Things', kind: 'ministry', country: 'RU' },
        citationStatus: 'reported',
        citations: [cite('src-1', 'Das Ministerium.')],
      },
      {
        id: 'meeting-talks',
        type: 'Meeting',
        name: 'Talks',
        properties: { title: 'Talks', kind: 'talks', status: 'held', date: '2019-09', endDate: '2019-10', place: 'Baku', country: 'AZ' },
        citationStatus: 'reported',
        citations: [cite('src-1', 'Gespräche fanden statt.')],
      },
      { ...SOURCE, citations: [] },
    ],
    edges: [
      {
        id: 'rel-anna-holds',
        type: 'HOLDS_POST',
        source: 'person-anna',
        target: 'org/ministry',
        properties: { title: 'Minister', start: '2019-06' },
        citationStatus: 'reported',
        citations: [cite('src-1', 'Anna ist Ministerin.')],
      },
      {
        id: 'rel-anna-takes-part',
        type: 'TAKES_PART',
        source: 'person-anna',
        target: 'meeting-talks',
        properties: { role: 'host' },
        citationStatus: 'reported',
        citations: [cite('src-1', 'Anna empfing.')],
      },
      {
        id: 'rel-anna-knows-boris',
        type: 'KNOWS',
        source: 'person-anna',
        target: 'person-boris',
        properties: { context: 'from school' },
        citationStatus: 'speculative',
        citations: [cite('src-1', 'Sie kennen sich wohl.', { status: 'speculative' })],
      },
    ],
    sources: [SOURCE],
    stored: { nodes: new Map(), relationships: new Map() },
  };
}

const META: ExportMeta = { title: 'Test <export> & co', exportedAt: '2024-05-06', spec: { kind: 'elements', nodeIds: [], edgeIds: [] } };

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  out.end();
  return Buffer.concat(chunks);
}

const text = async (writer: (g: ExportGraph, sink: ReturnType<typeof streamSink>, m: ExportMeta) => Promise<void>, graph = sampleGraph()) =>
  (await collect((out) => writer(graph, streamSink(out), META))).toString('utf8');

describe('columns from the schema', () => {
  it('are the union of the node and relationship properties, each once, in schema order', () => {
    const nodeProps = [...new Set(Object.values(NODE_TYPES).flatMap((t) => Object.keys(t.properties)))];
    const edgeProps = [...new Set(Object.values(RELATIONSHIP_TYPES).flatMap((t) => Object.keys(t.properties)))];
    expect(NODE_PROPERTY_COLUMNS.map((c) => c.name)).toEqual(nodeProps);
    expect(EDGE_PROPERTY_COLUMNS.map((c) => c.name)).toEqual(edgeProps);
    expect(SOURCE_PROPERTY_COLUMNS.map((c) => c.name)).toEqual(Object.keys(NODE_TYPES.Source.properties));
    expect(NODE_PROPERTY_COLUMNS.find((c) => c.name === 'kind')?.declaredBy).toEqual(['Organization', 'Meeting', 'Source']);
  });

  it('give the CSV files their headers and the graph formats their attributes, without clashes', () => {
    expect(NODE_CSV_COLUMNS).toEqual(['id', 'type', 'label', 'citationStatus', 'also_stated', ...NODE_PROPERTY_COLUMNS.map((c) => c.name)]);
    expect(EDGE_CSV_COLUMNS.slice(-EDGE_PROPERTY_COLUMNS.length - 2)).toEqual([
      'citationStatus',
      'also_stated',
      ...EDGE_PROPERTY_COLUMNS.map((c) => c.name),
    ]);
    expect(CITATION_CSV_COLUMNS).toEqual(expect.arrayContaining(['factId', 'sourceId', 'quote', 'status', 'source_title', 'source_url']));
    for (const attrs of [NODE_ATTRIBUTES, EDGE_ATTRIBUTES]) {
      const names = attrs.map((a) => a.name);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) expect(n).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    }
    for (const cols of [NODE_CSV_COLUMNS, EDGE_CSV_COLUMNS, CITATION_CSV_COLUMNS]) expect(new Set(cols).size).toBe(cols.length);
  });

  it('write lists as JSON and read them back, and refuse a list that is not JSON', () => {
    expect(cellText('strings', ['a', 'b|c'])).toBe('["a","b|c"]');
    expect(parseCell('strings', '["a","b|c"]')).toEqual(['a', 'b|c']);
    expect(cellText('fuzzyDate', '2019-09')).toBe('2019-09');
    expect(cellText('string', null)).toBeNull();
    expect(parseCell('string', '')).toBeUndefined();
    expect(() => parseCell('strings', 'a; b')).toThrow();
    expect(() => parseCell('strings', '"a"')).toThrow(/JSON array/);
  });
});

describe('time spans', () => {
  it('cover the whole period of a fuzzy date', () => {
    expect(fuzzyPeriod('2019')).toEqual({ start: '2019-01-01', end: '2019-12-31' });
    expect(fuzzyPeriod('2020-02')).toEqual({ start: '2020-02-01', end: '2020-02-29' });
    expect(fuzzyPeriod('2019-02')).toEqual({ start: '2019-02-01', end: '2019-02-28' });
    expect(fuzzyPeriod('2019-09-04')).toEqual({ start: '2019-09-04', end: '2019-09-04' });
    expect(() => fuzzyPeriod('04.09.2019')).toThrow();
  });

  it('run a meeting from its date to its endDate, or not at all when undated', () => {
    expect(eventPeriod({ date: '2019-09', endDate: '2019-10' })).toEqual({ start: '2019-09-01', end: '2019-10-31' });
    expect(eventPeriod({ date: '2017' })).toEqual({ start: '2017-01-01', end: '2017-12-31' });
    expect(eventPeriod({ title: 'undated' })).toBeNull();
  });
});

describe('the export request', () => {
  it('takes elements or a neighbourhood, with defaults', () => {
    expect(parseExportRequest({ format: 'gexf', subgraph: { kind: 'elements', nodeIds: ['a'] } }).subgraph).toEqual({
      kind: 'elements',
      nodeIds: ['a'],
      edgeIds: [],
    });
    expect(parseExportRequest({ format: 'json', subgraph: { kind: 'neighborhood', node: 'person-a' } }).subgraph).toMatchObject({
      hops: 1,
    });
  });

  it('reports every problem with its path', () => {
    const error = (() => {
      try {
        parseExportRequest({ format: 'pdf', subgraph: { kind: 'neighborhood', node: 'a', hops: 5, from: '2019-13' } });
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['$.format', '$.subgraph.from', '$.subgraph.hops']);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() =>
      parseExportRequest({ format: 'csv', subgraph: { kind: 'neighborhood', node: 'a', from: '2019-10', to: '2019-09' } }),
    ).toThrow(ValidationError);
    expect(() =>
      parseExportRequest({ format: 'csv', subgraph: { kind: 'neighborhood', node: 'a', from: '2019-09-30', to: '2019-09' } }),
    ).not.toThrow();
  });

  it('reads the GET form and names problems after the query parameter', () => {
    expect(parseExportQuery({ format: 'graphml', node: 'person-a', hops: '2', from: '2019', to: '2019-09' })).toEqual({
      format: 'graphml',
      subgraph: { kind: 'neighborhood', node: 'person-a', hops: 2, from: '2019', to: '2019-09' },
    });
    try {
      parseExportQuery({ format: 'graphml', node: 'person-a', hops: '9' });
      throw new Error('no error');
    } catch (e) {
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual(['$.query.hops']);
    }
  });

  it('lists every format once, each with its description, extension and content type', () => {
    expect(describeFormats().map((f) => f.format)).toEqual([...EXPORT_FORMAT_NAMES]);
    for (const f of describeFormats()) {
      expect(Object.keys(f).sort()).toEqual(['contentType', 'description', 'extension', 'format', 'label']);
      expect(f.description.length).toBeGreaterThan(20);
    }
  });

  it('names the file liaison-<slug>-<date>.<ext>, in ASCII', () => {
    const csv = EXPORT_FORMATS.find((f) => f.format === 'csv')!;
    expect(exportFileName({ ...META, title: 'Николай Патрушев — Liaison' }, csv)).toBe(
      'liaison-nikolay-patrushev-liaison-2024-05-06.csv.zip',
    );
    expect(exportFileName({ ...META, title: '***' }, csv)).toBe('liaison-export-2024-05-06.csv.zip');
    const graph = sampleGraph();
    expect(defaultTitle({ kind: 'neighborhood', node: 'person-anna', hops: 2, from: '2019' }, graph)).toBe(
      'Anna <A> & "B", 2 hops, 2019 to …',
    );
  });
});

describe('GraphML', () => {
  it('escapes ids that are not XML name tokens, reversibly', () => {
    expect(graphmlId('person-patrushev')).toBe('person-patrushev');
    expect(graphmlId('org/ministry')).toBe('org_x002F_ministry');
    expect(graphmlId('Ölkonzern:1.2')).toBe('Ölkonzern:1.2');
  });

  it('validates against the GraphML 1.0 XSD and reads back with the same nodes, edges and attributes', async () => {
    const xml = await text(writeGraphml);
    const validation = validateGraphml(xml);
    expect(validation.output).toMatch(/validates$/);
    expect(validation.valid).toBe(true);

    const g = parseGraphml(MultiGraph, xml);
    const graph = sampleGraph();
    expect(g.order).toBe(graph.nodes.length);
    expect(g.size).toBe(graph.edges.length);
    const anna = g.getNodeAttributes('person-anna');
    expect(anna).toMatchObject({
      type: 'Person',
      label: 'Anna <A> & "B"',
      citationStatus: 'reported',
      citationCount: 2,
      nationality: 'RU',
    });
    expect(anna.summary).toBe('line one\nline two end');
    expect(JSON.parse(anna.aliases as string)).toEqual(['Анна', 'A|B, "C"']);
    expect(anna.citations).toContain('„<script>alert(1)</script>“');
    expect((anna.citations as string).split('\n')).toHaveLength(2);
    expect(g.hasNode('org_x002F_ministry')).toBe(true);
    // graphology-graphml reads only directed="true" on edges; the XML itself says KNOWS is undirected.
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const knows = Array.from(doc.getElementsByTagName('edge')).find((e) => e.getAttribute('id') === 'rel-anna-knows-boris')!;
    expect(knows.getAttribute('directed')).toBe('false');
    expect(Array.from(doc.getElementsByTagName('edge')).filter((e) => e.hasAttribute('directed'))).toHaveLength(1);
    expect(g.getEdgeAttributes(g.findEdge((_e, a) => a.type === 'HOLDS_POST')!)).toMatchObject({
      title: 'Minister',
      start: '2019-06',
      label: 'holds post at (Minister)',
    });
  });

  it('fails validation when an edge points at no node (the check can fail)', async () => {
    const xml = (await text(writeGraphml)).replace('target="person-boris"', 'target="nobody"');
    expect(validateGraphml(xml).valid).toBe(false);
  });
});

describe('GEXF', () => {
  it('validates against the GEXF 1.3 grammar and reads back with the same nodes, edges and attributes', async () => {
    const xml = await text(writeGexf);
    const validation = validateGexf(xml);
    expect(validation.output).toMatch(/validates$/);
    expect(validation.valid).toBe(true);

    const g = parseGexf(MultiGraph, xml);
    expect(g.order).toBe(5);
    expect(g.size).toBe(3);
    const anna = g.getNodeAttributes('person-anna');
    expect(anna).toMatchObject({ label: 'Anna <A> & "B"', type: 'Person', citationCount: 2, nationality: 'RU' });
    expect(anna.summary).toBe('line one\nline two end');
    expect((anna.citations as string).split('\n')).toHaveLength(2);
    expect(g.getNodeAttributes('org/ministry').kind).toBe('ministry');
  });

  it('is dynamic: meetings and the edges to them carry their dates, other elements none', async () => {
    const doc = new DOMParser().parseFromString(await text(writeGexf), 'application/xml');
    const graph = doc.getElementsByTagName('graph')[0]!;
    expect([graph.getAttribute('mode'), graph.getAttribute('timeformat')]).toEqual(['dynamic', 'date']);
    const byId = (tag: string, id: string) => Array.from(doc.getElementsByTagName(tag)).find((e) => e.getAttribute('id') === id)!;
    const span = (e: Element) => [
      e.hasAttribute('start') ? e.getAttribute('start') : null,
      e.hasAttribute('end') ? e.getAttribute('end') : null,
    ];
    expect(span(byId('node', 'meeting-talks'))).toEqual(['2019-09-01', '2019-10-31']);
    expect(span(byId('edge', 'rel-anna-takes-part'))).toEqual(['2019-09-01', '2019-10-31']);
    expect(span(byId('node', 'person-anna'))).toEqual([null, null]);
    expect(span(byId('edge', 'rel-anna-holds'))).toEqual([null, null]);
    expect(byId('edge', 'rel-anna-knows-boris').getAttribute('type')).toBe('undirected');
  });

  it('fails validation with an unknown graph mode (the check can fail)', async () => {
    expect(validateGexf((await text(writeGexf)).replace('mode="dynamic"', 'mode="sometimes"')).valid).toBe(false);
  });
});

describe('CSV zip', () => {
  const zipOf = async (graph = sampleGraph()) => collect((out) => writeCsvZip(graph, out, META));

  it('holds nodes.csv, edges.csv and citations.csv with schema columns, one citation row per fact and source', async () => {
    const zip = await JSZip.loadAsync(await zipOf());
    expect(Object.keys(zip.files).sort()).toEqual([
      'README.txt',
      'changes.csv',
      'citations.csv',
      'edges.csv',
      'judgements.csv',
      'nodes.csv',
    ]);
    const read = async (name: string) => (await zip.file(name)!.async('nodebuffer')).toString('utf8');
    const nodesCsv = await read('nodes.csv');
    expect(nodesCsv.charCodeAt(0)).toBe(0xfeff);
    const nodes = parseCsv(nodesCsv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(nodes[0]!)).toEqual(NODE_CSV_COLUMNS);
    expect(nodes.find((n) => n.id === 'person-anna')).toMatchObject({ label: 'Anna <A> & "B"', aliases: '["Анна","A|B, \\"C\\""]' });
    const citations = parseCsv(await read('citations.csv'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(citations).toHaveLength(sampleGraph().nodes.reduce((n, x) => n + x.citations.length, 0) + 3);
    expect(citations[0]).toMatchObject({ factId: 'person-anna', factKind: 'node', sourceId: 'src-1', source_publisher: 'Outlet & Co' });
  });

  it('reads back into a valid bundle with every property and citation', async () => {
    const { bundle } = await csvZipToBundle(await zipOf());
    const parsed = parseBundle(bundle);
    const graph = sampleGraph();
    expect(parsed.nodes.map((n) => n.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    for (const n of graph.nodes) {
      const back = parsed.nodes.find((b) => b.id === n.id)!;
      expect(back.properties).toEqual(n.properties);
      expect(back.citations.map((c) => ('quote' in c ? c.quote : null))).toEqual(
        n.citations.map((c) => (c.kind === 'quote' ? c.quote : null)),
      );
    }
    for (const e of graph.edges) {
      const back = parsed.relationships.find((b) => b.id === e.id)!;
      expect([back.type, back.source, back.target, back.properties]).toEqual([e.type, e.source, e.target, e.properties]);
      expect(back.citations).toEqual(
        e.citations.map((c) =>
          expect.objectContaining({ source: c.sourceId, quote: c.kind === 'quote' ? c.quote : null, status: c.status }),
        ),
      );
    }
  });

  it('rebuilds a Source that only citations.csv describes', async () => {
    const graph = sampleGraph();
    graph.nodes = graph.nodes.filter((n) => n.type !== 'Source');
    const { bundle } = await csvZipToBundle(await zipOf(graph));
    expect(parseBundle(bundle).nodes.find((n) => n.id === 'src-1')).toMatchObject({ type: 'Source', properties: SOURCE.properties });
  });

  /** The sample with merges behind it: Anna's nationality and the KNOWS context stated otherwise, by a register no fact cites. */
  function withAlsoStated(): ExportGraph {
    const graph = sampleGraph();
    const register = { id: 'src-register', title: 'Party register' };
    graph.nodes[0]!.alsoStated = [
      { property: 'nationality', value: 'AM', sources: [register] },
      { property: 'summary', value: 'line one, "quoted"\nline two', sources: [{ id: 'src-1', title: null }, register] },
    ];
    graph.edges.find((e) => e.type === 'KNOWS')!.alsoStated = [{ property: 'context', value: 'from work', sources: [register] }];
    graph.sources = [
      SOURCE,
      {
        id: 'src-register',
        type: 'Source',
        name: 'Party register',
        properties: { title: 'Party register', kind: 'register' },
        citationStatus: null,
      },
    ];
    return graph;
  }

  it('carries alsoStated in its own column, and the Sources only it names as rows of nodes.csv', async () => {
    const graph = withAlsoStated();
    expect(sourceRows(graph).map((s) => s.id)).toEqual(['src-register']);
    const zip = await JSZip.loadAsync(await zipOf(graph));
    const read = async (name: string) =>
      parseCsv(await zip.file(name)!.async('string'), { bom: true, columns: true }) as Array<Record<string, string>>;
    const nodes = await read('nodes.csv');
    expect(nodes.map((n) => n.id)).toEqual([...graph.nodes.map((n) => n.id), 'src-register']);
    expect(nodes[0]!.also_stated).toBe(
      '[{"property":"nationality","value":"AM","sources":["src-register"]},' +
        '{"property":"summary","value":"line one, \\"quoted\\"\\nline two","sources":["src-1","src-register"]}]',
    );
    expect(nodes.filter((n) => n.also_stated !== '').map((n) => n.id)).toEqual(['person-anna']);
    expect(nodes[nodes.length - 1]).toMatchObject({ type: 'Source', label: 'Party register', title: 'Party register', kind: 'register' });
    const edges = await read('edges.csv');
    expect(edges.map((e) => [e.id, e.also_stated])).toEqual(
      graph.edges.map((e) => [e.id, e.type === 'KNOWS' ? '[{"property":"context","value":"from work","sources":["src-register"]}]' : '']),
    );
    expect(await zip.file('README.txt')!.async('string')).toMatch(/also_stated: the values other sources stated differently/);
  });

  it('reads alsoStated back into the bundle as stored, entry for entry', async () => {
    const graph = withAlsoStated();
    const parsed = parseBundle((await csvZipToBundle(await zipOf(graph))).bundle);
    const ids = (entries: NonNullable<ExportGraph['nodes'][number]['alsoStated']>) =>
      entries.map((a) => ({ property: a.property, value: a.value, sources: a.sources.map((s) => s.id) }));
    const anna = parsed.nodes.find((n) => n.id === 'person-anna')!;
    expect(anna.alsoStated).toEqual(ids(graph.nodes[0]!.alsoStated!));
    expect(storedAlsoStated(anna.alsoStated)).toEqual([
      '{"property":"nationality","value":"AM","sources":["src-register"]}',
      '{"property":"summary","value":"line one, \\"quoted\\"\\nline two","sources":["src-1","src-register"]}',
    ]);
    expect(parsed.relationships.find((r) => r.type === 'KNOWS')!.alsoStated).toEqual([
      { property: 'context', value: 'from work', sources: ['src-register'] },
    ]);
    expect(parsed.nodes.find((n) => n.id === 'person-boris')!.alsoStated).toBeUndefined();
    expect(parsed.nodes.find((n) => n.id === 'src-register')).toMatchObject({ type: 'Source', properties: { title: 'Party register' } });
  });

  it('names the file, line and column of an also_stated cell that is not a JSON array', async () => {
    const zip = new JSZip();
    zip.file('nodes.csv', 'id,type,also_stated\nperson-x,Person,[]\nperson-y,Person,not json\n');
    zip.file('edges.csv', 'id,type,source,target,also_stated\nrel-1,KNOWS,person-x,person-y,"{""property"":""context""}"\n');
    zip.file('citations.csv', 'factId,factKind,sourceId,quote\n');
    const error = (await csvZipToBundle(await zip.generateAsync({ type: 'uint8array' })).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues.map((i) => [i.path, i.code])).toEqual([
      ['nodes.csv:3:also_stated', 'invalid_cell'],
      ['edges.csv:2:also_stated', 'invalid_cell'],
    ]);
  });

  it('names the file, line and column of each problem', async () => {
    const zip = new JSZip();
    zip.file('nodes.csv', 'id,type,label,aliases,colour\nperson-x,Person,X,not json,red\n');
    zip.file('edges.csv', 'id,type,source,target\n');
    zip.file('citations.csv', 'factId,factKind,sourceId,quote\nperson-y,node,src-1,Hi\n');
    const data = await zip.generateAsync({ type: 'uint8array' });
    const error = await csvZipToBundle(data).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['nodes.csv:1:colour']);

    zip.file('nodes.csv', 'id,type,label,aliases\nperson-x,Person,X,not json\n');
    const second = (await csvZipToBundle(await zip.generateAsync({ type: 'uint8array' })).catch((e: unknown) => e)) as ValidationError;
    expect(second.issues.map((i) => [i.path, i.code])).toEqual([
      ['nodes.csv:2:aliases', 'invalid_cell'],
      ['citations.csv:2:factId', 'unknown_reference'],
    ]);
  });

  it('refuses a file that is no zip, or a zip without the three files', async () => {
    await expect(csvZipToBundle(Buffer.from('id,type\n'))).rejects.toBeInstanceOf(ValidationError);
    const zip = new JSZip();
    zip.file('nodes.csv', 'id,type\n');
    const error = (await csvZipToBundle(await zip.generateAsync({ type: 'uint8array' })).catch((e: unknown) => e)) as ValidationError;
    expect(error.issues.map((i) => i.path)).toEqual(['edges.csv', 'citations.csv']);
  });

  it('maps bundle paths back to CSV cells', () => {
    const origins = {
      nodes: [
        { at: 'nodes.csv:2', columnPrefix: '' },
        { at: 'citations.csv:7', columnPrefix: 'source_' },
      ],
      relationships: ['edges.csv:3'],
      citations: new Map([['relationships[0].citations[1]', 'citations.csv:9']]),
    };
    expect(csvPath('$.nodes[0].properties.date', origins)).toBe('nodes.csv:2:date');
    expect(csvPath('$.nodes[1].properties.title', origins)).toBe('citations.csv:7:source_title');
    expect(csvPath('$.relationships[0].target', origins)).toBe('edges.csv:3:target');
    expect(csvPath('$.relationships[0].citations[1].source', origins)).toBe('citations.csv:9:sourceId');
    expect(csvPath('$.nodes[0].citations', origins)).toBe('nodes.csv:2:citations');
    expect(csvPath('$.nodes[0].alsoStated[1].sources[0]', origins)).toBe('nodes.csv:2:also_stated');
    expect(csvPath('$.nodes[0].alsoStated', origins)).toBe('nodes.csv:2:also_stated');
    expect(csvPath('$.relationships[0].alsoStated[0].value', origins)).toBe('edges.csv:3:also_stated');
    expect(csvPath('$.somewhere', origins)).toBe('$.somewhere');
  });
});

describe('Cytoscape JSON', () => {
  it('is one JSON document in the versioned shape, with API nodes and edges and their citations', async () => {
    const doc = JSON.parse(await text(writeCytoscapeJson)) as LiaisonCytoscapeDocument;
    expect([doc.format, doc.version, doc.title, doc.exportedAt]).toEqual([CYTOSCAPE_FORMAT, 1, META.title, META.exportedAt]);
    const graph = sampleGraph();
    expect(doc.elements.nodes.map((n) => n.data)).toEqual(graph.nodes);
    expect(doc.elements.edges.map((e) => e.data)).toEqual(graph.edges);
    expect(doc.sources).toEqual(graph.sources);
  });

  it('is valid JSON when empty too', async () => {
    const doc = JSON.parse(
      await text(writeCytoscapeJson, { ...sampleGraph(), nodes: [], edges: [], sources: [] }),
    ) as LiaisonCytoscapeDocument;
    expect(doc.elements).toEqual({ nodes: [], edges: [] });
  });
});

describe('citation lists', () => {
  it('number each source once and group the quotes by fact', () => {
    const list = citationList(sampleGraph());
    expect(list.sources.map((s) => [s.no, s.id])).toEqual([[1, 'src-1']]);
    expect(list.facts.map((f) => f.id)).toEqual([
      'person-anna',
      'person-boris',
      'org/ministry',
      'meeting-talks',
      'rel-anna-holds',
      'rel-anna-takes-part',
      'rel-anna-knows-boris',
    ]);
    expect(list.facts[0]!.citations).toHaveLength(2);
  });

  it('escape markup in Markdown', async () => {
    expect(mdEscape('*a* _b_ [c](d) <e> `f` #g |h|')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\`f\\` \\#g \\|h\\|');
    const md = await text(writeCitationsMarkdown);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).not.toContain('<script>');
    expect(md).toContain('## Sources');
    expect(md).toContain('### Anna \\<A\\> & "B"');
  });

  it('are a standalone HTML page with everything escaped', async () => {
    expect(htmlEscape(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = await text(writeCitationsHtml);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">');
    expect(html).toContain('<blockquote lang="de">');
    // Well-formed enough for an XML parser: every tag closed, every entity known.
    const doc = new DOMParser().parseFromString(html.replace('<!doctype html>', ''), 'text/html');
    expect(doc.getElementsByTagName('section')).toHaveLength(7);
  });
});

describe('FollowTheMoney mapping', () => {
  it('maps facts onto FtM schemata, countries to codes, citations to Documentation', () => {
    const entities = ftmEntities(sampleGraph());
    const by = (id: string) => entities.find((e) => e.id === id);
    expect(by('person-anna')).toMatchObject({ schema: 'Person', properties: { name: ['Anna <A> & "B"'], nationality: ['ru'] } });
    expect(by('org/ministry')?.schema).toBe('PublicBody');
    expect(by('meeting-talks')).toMatchObject({
      schema: 'Event',
      properties: { involved: ['person-anna'], organizer: ['person-anna'], date: ['2019-09'], endDate: ['2019-10'], country: ['az'] },
    });
    expect(by('rel-anna-holds')).toMatchObject({
      schema: 'Occupancy',
      properties: { holder: ['person-anna'], startDate: ['2019-06'], proof: ['src-1'] },
    });
    const post = by(by('rel-anna-holds')!.properties.post![0]!);
    expect(post).toMatchObject({
      schema: 'Position',
      properties: { name: ['Minister, Ministry of Things'], organization: ['org/ministry'] },
    });
    expect(by('rel-anna-knows-boris')?.schema).toBe('Associate');
    expect(by('src-1')).toMatchObject({
      schema: 'Article',
      properties: { language: ['deu'], sourceUrl: ['https://example.org/a?b=1&c=2'] },
    });
    const docs = entities.filter((e) => e.schema === 'Documentation');
    // 4 node facts with 5 citations, TAKES_PART with 1; intervals carry proof instead.
    expect(docs).toHaveLength(6);
    expect(docs.every((d) => d.properties.document?.[0] === 'src-1' && d.properties.summary?.length === 1)).toBe(true);
  });
});

describe('Cypher literals for the script', () => {
  it('quote and escape strings, keep Neo4j types, and never produce an unquoted value', () => {
    expect(cypherLiteral("O'Brien \\ \n\t\u0001")).toBe("'O\\'Brien \\\\ \\n\\t\\u0001'");
    expect(cypherLiteral({ a: 1.5, 'odd key': [true, null], n: neo4j.int(3) })).toBe('{a: 1.5, `odd key`: [true, null], n: 3}');
    expect(cypherLiteral(new neo4j.types.Date(2019, 9, 4))).toBe("date('2019-09-04')");
    expect(cypherLiteral(2)).toBe('2.0');
    expect(() => cypherLiteral(Number.NaN)).toThrow();
  });
});
