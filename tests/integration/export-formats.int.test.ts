// Exports of the demo graph over HTTP, each read back by something we did not write: xmllint with
// the published GraphML XSD and GEXF grammar, graphology's parsers, a second (empty) Neo4j that runs
// the Cypher script, Liaison's importer on an empty database for the CSV zip, and OCCRP's
// followthemoney package for the FtM lines (when Python has it). Then the same with merges behind
// the facts: alsoStated travels, and an export imported where it came from changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DOMParser } from '@xmldom/xmldom';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import JSZip from 'jszip';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { Driver } from 'neo4j-driver';

import { ROOT_DIR } from '../../server/src/config';
import { createDriver } from '../../server/src/db/database';
import { startEmbedded, type EmbeddedNeo4j } from '../../server/src/db/embedded';
import { Executor } from '../../server/src/db/executor';
import type { LiaisonCytoscapeDocument } from '../../server/src/export/cytoscape-json';
import { NODE_PROPERTY_COLUMNS } from '../../server/src/export/columns';
import { cypherLiteral } from '../../server/src/export/cypher-script';
import { FTM_SCHEMATA } from '../../server/src/export/ftm';
import { importBundle } from '../../server/src/import/bundle';
import { DEMO_FILE, dumpGraph, openTestDb, type TestDb } from '../support/db';
import { serve } from '../support/http';
import { validateGexf, validateGraphml } from '../fixtures/xsd/validate';

const TOKEN = 'export-test-token-0123456789';
const COLUMNS = new Set(NODE_PROPERTY_COLUMNS.map((c) => c.name));
const PATRUSHEV = '/api/export?node=person-patrushev&hops=2&format=';

let db: TestDb;
let server: { url: string; close: () => Promise<void> };

async function get(format: string, query = PATRUSHEV): Promise<Response> {
  return fetch(`${server.url}${query}${format}`);
}

async function getText(format: string): Promise<string> {
  const res = await get(format);
  expect(res.status).toBe(200);
  return res.text();
}

async function json(): Promise<LiaisonCytoscapeDocument> {
  return JSON.parse(await getText('json')) as LiaisonCytoscapeDocument;
}

type Dump = {
  nodes: Array<{ id: string; labels: string[]; properties: Record<string, unknown> }>;
  relationships: Array<{ id: string | null; type: string; from: string; to: string }>;
};

/** The canonical dump restricted to an export: its nodes, their sources, citations and CITES links. */
function restrict(dump: string, doc: LiaisonCytoscapeDocument): string {
  const all = JSON.parse(dump) as Dump;
  const facts = new Set([...doc.elements.nodes.map((n) => n.data.id), ...doc.elements.edges.map((e) => e.data.id)]);
  const keep = new Set([...facts, ...doc.sources.map((s) => s.id)]);
  const citations = new Set(
    all.nodes.filter((n) => n.labels.includes('Citation') && facts.has(n.properties.factId as string)).map((n) => n.id),
  );
  const edges = new Set(doc.elements.edges.map((e) => e.data.id));
  return JSON.stringify({
    nodes: all.nodes.filter((n) => keep.has(n.id) || citations.has(n.id)),
    relationships: all.relationships.filter((r) => (r.id !== null && edges.has(r.id)) || (r.type === 'CITES' && citations.has(r.from))),
  });
}

beforeAll(async () => {
  db = await openTestDb();
  await db.reset();
  await db.loadDemo();
  server = await serve({
    executor: db.executor,
    config: { LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: '/nonexistent', LIAISON_IMPORT_MAX_BYTES: 10_000_000 },
  });
});

afterAll(async () => {
  await server.close();
  await db.close();
});

describe('GET /api/export/formats', () => {
  it('lists the formats the client can offer', async () => {
    const formats = (await (await fetch(`${server.url}/api/export/formats`)).json()) as Array<Record<string, string>>;
    expect(formats.map((f) => f.format)).toEqual(['graphml', 'gexf', 'csv', 'json', 'cypher', 'ftm', 'citations-md', 'citations-html']);
    expect(formats.find((f) => f.format === 'csv')).toMatchObject({ extension: 'csv.zip', contentType: 'application/zip' });
  });
});

describe('the exported subgraph', () => {
  it('is the 2-hop neighbourhood with every citation and source', async () => {
    const doc = await json();
    const ids = doc.elements.nodes.map((n) => n.data.id);
    expect(ids).toEqual(
      expect.arrayContaining(['person-patrushev', 'person-usubov', 'meeting-2019-09-04-baku-aliyev', 'person-aliyev', 'country-az']),
    );
    // Three hops away: Patrushev → the Baku talks → Aliyev → the postponed summit.
    expect(ids).toContain('person-aliyev');
    expect(ids).not.toContain('meeting-2019-08-14-putin-aliyev-rouhani');
    for (const e of doc.elements.edges) {
      expect(ids).toEqual(expect.arrayContaining([e.data.source, e.data.target]));
      expect(e.data.citations.length).toBeGreaterThan(0);
    }
    const knows = doc.elements.edges.find((e) => e.data.type === 'KNOWS')!.data;
    expect(knows.citationStatus).toBe('speculative');
    expect(knows.citations.map((c) => c.sourceId).sort()).toEqual(['src-azerdaily-analysis-2019-09', 'src-caucasus-watch-2019-09']);
    expect(doc.sources.map((s) => s.id)).toEqual(['src-azerdaily-analysis-2019-09', 'src-caucasus-watch-2019-09']);
  });

  it('keeps to the date window: meetings outside it and the links to them are left out', async () => {
    const res = await get('json', '/api/export?node=person-patrushev&hops=1&from=2019-09&to=2019-09&format=');
    const doc = (await res.json()) as LiaisonCytoscapeDocument;
    const ids = doc.elements.nodes.map((n) => n.data.id);
    expect(ids).toEqual(expect.arrayContaining(['meeting-2019-09-04-baku-aliyev', 'meeting-2019-09-04-visit-azerbaijan']));
    expect(ids).not.toContain('meeting-2019-08-12-visit-armenia');
    expect(ids).not.toContain('meeting-2017-visit-baku');
    expect(ids).toContain('person-usubov'); // KNOWS: not a meeting, no date to filter on
    expect(doc.elements.edges.some((e) => e.data.target === 'meeting-2019-08-12-visit-armenia')).toBe(false);
    // A window over the whole year includes the 2017 visit only when it reaches back to 2017.
    const wide = (await (
      await get('json', '/api/export?node=person-patrushev&hops=1&from=2017&format=')
    ).json()) as LiaisonCytoscapeDocument;
    expect(wide.elements.nodes.map((n) => n.data.id)).toContain('meeting-2017-visit-baku');
  });

  it('takes the elements on screen by POST, adding an edge’s missing end', async () => {
    const res = await fetch(`${server.url}/api/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        format: 'json',
        title: 'Baku talks',
        subgraph: {
          kind: 'elements',
          nodeIds: ['person-patrushev', 'person-usubov'],
          edgeIds: ['rel-patrushev-knows-usubov', 'rel-aliyev-takes-part-2019-09-04-baku-aliyev'],
        },
      }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((e) => e.path)).toEqual(['$.subgraph.edgeIds[1]']);

    const ok = await fetch(`${server.url}/api/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        format: 'json',
        title: 'Baku talks',
        subgraph: { kind: 'elements', nodeIds: ['person-patrushev'], edgeIds: ['rel-patrushev-knows-usubov'] },
      }),
    });
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="liaison-baku-talks-\d{4}-\d{2}-\d{2}\.json"$/);
    const doc = (await ok.json()) as LiaisonCytoscapeDocument;
    expect(doc.elements.nodes.map((n) => n.data.id).sort()).toEqual(['person-patrushev', 'person-usubov']);
    expect(doc.elements.edges.map((e) => e.data.id)).toEqual(['rel-patrushev-knows-usubov']);
  });

  it('answers problem+json for an unknown node, too many hops or an unknown format', async () => {
    const missing = await get('graphml', '/api/export?node=person-nobody&hops=1&format=');
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
    const hops = await get('graphml', '/api/export?node=person-patrushev&hops=5&format=');
    expect(hops.status).toBe(400);
    expect(((await hops.json()) as { errors: Array<{ path: string }> }).errors[0]!.path).toBe('$.query.hops');
    expect((await get('pdf')).status).toBe(400);
  });
});

describe('JSON (Cytoscape)', () => {
  it('holds the API shapes: a node as GET /api/nodes/:id gives it, edges with source, target and citations', async () => {
    const res = await get('json');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = (await res.json()) as LiaisonCytoscapeDocument;
    expect(Object.keys(doc).sort()).toEqual([
      'changes',
      'elements',
      'exportedAt',
      'format',
      'judgements',
      'mergedIds',
      'sources',
      'subgraph',
      'title',
      'version',
    ]);
    expect([doc.format, doc.version, doc.title]).toEqual(['liaison-cytoscape', 1, 'Nikolai Patrushev, 2 hops']);
    // No judgement touches the demo: the arrays are there and empty (export-judgements.int fills them).
    expect([doc.judgements, doc.mergedIds]).toEqual([[], []]);
    const api = (await (await fetch(`${server.url}/api/nodes/meeting-2019-09-04-baku-aliyev`)).json()) as Record<string, unknown>;
    const node = doc.elements.nodes.find((n) => n.data.id === 'meeting-2019-09-04-baku-aliyev')!.data;
    expect(node).toEqual(api);
    for (const { data } of doc.elements.nodes)
      expect(Object.keys(data).sort()).toEqual(['citationStatus', 'citations', 'id', 'name', 'properties', 'type']);
    for (const { data } of doc.elements.edges)
      expect(Object.keys(data).sort()).toEqual(['citationStatus', 'citations', 'id', 'properties', 'source', 'target', 'type']);
  });
});

describe('GraphML', () => {
  it('is a download that validates against the GraphML XSD and reads back with the same graph', async () => {
    const res = await get('graphml');
    expect(res.headers.get('content-type')).toBe('application/graphml+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="liaison-nikolai-patrushev-2-hops-\d{4}-\d{2}-\d{2}\.graphml"$/,
    );
    const xml = await res.text();
    const validation = validateGraphml(xml);
    expect(validation.output).toMatch(/validates$/);
    const doc = await json();
    const g = parseGraphml(MultiGraph, xml);
    expect([g.order, g.size]).toEqual([doc.elements.nodes.length, doc.elements.edges.length]);
    for (const { data } of doc.elements.nodes) {
      const attrs = g.getNodeAttributes(data.id);
      expect(attrs).toMatchObject({ type: data.type, label: data.name, citationCount: data.citations.length });
      for (const [key, value] of Object.entries(data.properties))
        if (COLUMNS.has(key)) expect(attrs[key]).toBe(Array.isArray(value) ? JSON.stringify(value) : value);
        // The API also shows how precise each date is; the date itself says so in every export ("2017").
        else expect(key).toMatch(/Precision$/);
    }
    for (const { data } of doc.elements.edges) {
      expect(g.hasEdge(data.id)).toBe(true);
      expect([g.source(data.id), g.target(data.id), g.getEdgeAttribute(data.id, 'type')]).toEqual([data.source, data.target, data.type]);
    }
  });
});

describe('GEXF', () => {
  it('validates against the GEXF 1.3 grammar, reads back with the same graph, and dates the meetings', async () => {
    const res = await get('gexf');
    expect(res.headers.get('content-type')).toBe('application/gexf+xml; charset=utf-8');
    const xml = await res.text();
    const validation = validateGexf(xml);
    expect(validation.output).toMatch(/validates$/);
    const doc = await json();
    const g = parseGexf(MultiGraph, xml);
    expect([g.order, g.size]).toEqual([doc.elements.nodes.length, doc.elements.edges.length]);
    for (const { data } of doc.elements.nodes)
      expect(g.getNodeAttributes(data.id)).toMatchObject({ label: data.name, type: data.type, citationStatus: data.citationStatus });
    const dom = new DOMParser().parseFromString(xml, 'application/xml');
    const node = (id: string) => Array.from(dom.getElementsByTagName('node')).find((n) => n.getAttribute('id') === id)!;
    expect([
      node('meeting-2019-09-04-baku-aliyev').getAttribute('start'),
      node('meeting-2019-09-04-baku-aliyev').getAttribute('end'),
    ]).toEqual(['2019-09-04', '2019-09-04']);
    expect(node('meeting-2017-visit-baku').getAttribute('end')).toBe('2017-12-31');
    expect(node('meeting-2019-pashinyan-karabakh-statement')).toBeUndefined(); // 3 hops away
    expect(node('person-patrushev').hasAttribute('start')).toBe(false);
  });
});

describe('Cypher script', () => {
  let second: EmbeddedNeo4j;
  let driver: Driver;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-script-neo4j-'));
    second = await startEmbedded({ dataDir, heap: '512m', pageCacheMb: 64, txTimeoutSeconds: 60 });
    driver = createDriver(second.uri, second.user, second.password);
  });

  afterAll(async () => {
    await driver?.close();
    await second?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** What cypher-shell does with the script: :param lines are evaluated and bound, statements run with them. */
  async function runScript(script: string): Promise<number> {
    const session = driver.session();
    const params: Record<string, unknown> = {};
    let statement: string[] = [];
    let count = 0;
    try {
      for (const line of script.split('\n')) {
        if (statement.length === 0 && (line.startsWith('//') || line.trim() === '')) continue;
        const param = /^:param\s+(\w+)\s*=>\s*(.+)$/.exec(line);
        if (param) {
          params[param[1]!] = (await session.run(`RETURN ${param[2]} AS value`)).records[0]!.get('value');
          continue;
        }
        statement.push(line);
        if (line.trimEnd().endsWith(';')) {
          await session.run(statement.join('\n').trimEnd().replace(/;$/, ''), params);
          statement = [];
          count++;
        }
      }
      expect(statement).toEqual([]);
    } finally {
      await session.close();
    }
    return count;
  }

  it('recreates the subgraph with its citations in an empty Neo4j, exactly as stored', async () => {
    const res = await get('cypher');
    expect(res.headers.get('content-disposition')).toMatch(/\.cypher"$/);
    const script = await res.text();
    // Values travel only as parameters: every statement line is from cypher/export/script-*.cypher or schema.cypher.
    for (const line of script.split('\n').filter((l) => l && !l.startsWith('//') && !l.startsWith(':param')))
      expect(line).toMatch(/^(CREATE (CONSTRAINT|INDEX|FULLTEXT INDEX) |UNWIND \$rows AS row|MERGE |MATCH |SET | {4}(c|rec)\.)/);
    expect(await runScript(script)).toBeGreaterThan(20);

    const fresh = new Executor(driver, { database: 'neo4j', readTimeoutMs: 60_000, writeTimeoutMs: 60_000 });
    // The import that wrote a claim, citation or record (importId, dumped as null) is the
    // journal's business, not the fact's: the script leaves it out, and so does the comparison.
    const withoutImportIds = (dump: string) => dump.replaceAll(',"importId":null', '');
    const expected = withoutImportIds(restrict(await dumpGraph(db.executor), await json()));
    expect(withoutImportIds(await dumpGraph(fresh))).toBe(expected);
    // Running it twice changes nothing.
    await runScript(script);
    expect(withoutImportIds(await dumpGraph(fresh))).toBe(expected);
  });
});

describe('CSV zip', () => {
  it('re-imported into an empty database gives the same subgraph', async () => {
    const res = await get('csv');
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/\.csv\.zip"$/);
    const zip = Buffer.from(await res.arrayBuffer());
    const doc = await json();
    const expected = restrict(await dumpGraph(db.executor), doc);

    await db.reset();
    try {
      const refused = await fetch(`${server.url}/api/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/zip' },
        body: zip,
      });
      expect(refused.status).toBe(401);
      const imported = await fetch(`${server.url}/api/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}` },
        body: zip,
      });
      expect(imported.status).toBe(200);
      const sources = doc.sources.filter((s) => !doc.elements.nodes.some((n) => n.data.id === s.id));
      expect(((await imported.json()) as { summary: { nodes: number } }).summary.nodes).toBe(doc.elements.nodes.length + sources.length);
      expect(await dumpGraph(db.executor)).toBe(expected);
    } finally {
      await db.reset();
      await db.loadDemo();
    }
  });

  it('is read back by `npm run import -- FILE.zip` too', async () => {
    const zip = Buffer.from(await (await get('csv')).arrayBuffer());
    const expected = restrict(await dumpGraph(db.executor), await json());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'liaison-csv-'));
    const file = path.join(dir, 'export.csv.zip');
    writeFileSync(file, zip);
    await db.reset();
    try {
      const tsx = path.join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'cli.mjs');
      const run = spawnSync(process.execPath, [tsx, path.join(ROOT_DIR, 'server/src/cli/import.ts'), file], {
        cwd: ROOT_DIR,
        encoding: 'utf8',
        env: { ...process.env, NEO4J_URI: db.uri, NEO4J_PASSWORD: db.password, LIAISON_DEMO: 'false', LOG_LEVEL: 'warn' },
        timeout: 120_000,
      });
      expect([run.status, run.stderr.includes('problem')]).toEqual([0, false]);
      expect(run.stdout).toContain('"relationships":39');
      expect(await dumpGraph(db.executor)).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await db.reset();
      await db.loadDemo();
    }
  });

  it('leaves JSON bundles to the same route, unchanged', async () => {
    const before = await dumpGraph(db.executor);
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: readFileSync(DEMO_FILE),
    });
    expect(res.status).toBe(200);
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('answers an upload that is not a zip with problem+json', async () => {
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}` },
      body: Buffer.from('not a zip'),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
});

describe('citation lists', () => {
  it('name every source and quote every citation, in Markdown and in HTML', async () => {
    const doc = await json();
    const md = await getText('citations-md');
    const html = await getText('citations-html');
    for (const s of doc.sources) {
      expect(md).toContain(s.id);
      expect(html).toContain(s.id);
    }
    const quotes = [...doc.elements.nodes, ...doc.elements.edges].flatMap((e) =>
      e.data.citations.flatMap((c) => (c.kind === 'quote' ? [c.quote] : [])),
    );
    for (const q of quotes) {
      expect(md.replace(/\\/g, '')).toContain(q);
      expect(html).toContain(
        q.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
      );
    }
    // libxml2 parses HTML 4, which has no <section>; anything else it finds wrong is ours.
    const lint = spawnSync('/usr/bin/xmllint', ['--html', '--noout', '-'], { input: html, encoding: 'utf8' });
    const complaints = lint.stderr.split('\n').filter((l) => /parser error/.test(l) && !/Tag section invalid/.test(l));
    expect(complaints).toEqual([]);
    expect(html.match(/<section /g)?.length).toBe(html.match(/<\/section>/g)?.length);
  });
});

// ----- FollowTheMoney, checked by OCCRP's own library when Python has it -----

/** Why the FtM check cannot run here, or null when it can. */
function ftmUnavailable(): string | null {
  const probe = spawnSync('python3', ['-c', 'import followthemoney; print(followthemoney.__version__)'], { encoding: 'utf8' });
  if (probe.error) return 'python3 is not installed';
  if (probe.status !== 0) return 'the Python package followthemoney is not installed (pip install followthemoney)';
  return null;
}

// Strict where `ftm validate` is lenient: unknown schemata or properties, missing required
// properties, values the property type rejects, and references to entities missing from the file
// or outside the property's range are all errors.
const FTM_CHECK = `
import json, sys
from followthemoney import model
entities = [json.loads(line) for line in sys.stdin if line.strip()]
ids = {e["id"]: e["schema"] for e in entities}
errors = []
for e in entities:
    schema = model.get(e.get("schema"))
    if schema is None or schema.abstract:
        errors.append(f"{e.get('id')}: schema {e.get('schema')!r} is not a concrete FtM schema"); continue
    if sorted(e.keys()) != ["id", "properties", "schema"]:
        errors.append(f"{e['id']}: keys {sorted(e.keys())}")
    for name, values in e["properties"].items():
        prop = schema.properties.get(name)
        if prop is None or prop.stub:
            errors.append(f"{e['id']}: {schema.name} has no property {name!r}"); continue
        for value in values:
            if not isinstance(value, str) or prop.type.clean_text(value, proxy=None) is None:
                errors.append(f"{e['id']}: {name}={value!r} is not a valid {prop.type.name}")
            elif prop.type.name == "entity":
                target = model.get(ids.get(value, ""))
                if target is None:
                    errors.append(f"{e['id']}: {name} points at {value!r}, which is not in the file")
                elif prop.range is not None and not target.is_a(prop.range):
                    errors.append(f"{e['id']}: {name} points at a {target.name}, not a {prop.range.name}")
    for name in schema.required:
        if not e["properties"].get(name):
            errors.append(f"{e['id']}: required {name!r} missing")
    proxy = model.get_proxy(e, cleaned=False)
    if proxy.schema.name != schema.name:
        errors.append(f"{e['id']}: read back as {proxy.schema.name}")
print(json.dumps({"count": len(entities), "schemata": sorted(set(ids.values())), "errors": errors}))
`;

describe('FollowTheMoney', () => {
  const reason = ftmUnavailable();
  if (reason) console.warn(`FtM validation skipped: ${reason}. CI installs it (.ci/run).`);
  const itFtm = reason ? it.skip : it;

  itFtm(`is accepted by the followthemoney library${reason ? ` (skipped: ${reason})` : ''}`, async () => {
    const res = await get('ftm');
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = await res.text();
    const check = spawnSync('python3', ['-c', FTM_CHECK], { input: lines, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    const result = JSON.parse(check.stdout) as { count: number; schemata: string[]; errors: string[] };
    expect(result.errors).toEqual([]);
    expect(result.count).toBe(lines.trim().split('\n').length);
    expect(FTM_SCHEMATA).toEqual(expect.arrayContaining(result.schemata));
    expect(result.schemata).toEqual(
      expect.arrayContaining(['Article', 'Person', 'PublicBody', 'Event', 'Occupancy', 'Position', 'Documentation', 'Associate']),
    );

    // And the library's own command line re-parses every entity.
    const ftm = spawnSync('python3', ['-m', 'followthemoney.cli', 'validate'], { input: lines, encoding: 'utf8' });
    const cli = ftm.status === 0 ? ftm : spawnSync('ftm', ['validate'], { input: lines, encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout.trim().split('\n')).toHaveLength(result.count);
  });
});

const REGISTER = 'src-test-register';
const POST = 'rel-patrushev-holds-secretary-security-council-ru';
/** The values the register states against the demo's, as the writer records them when it keeps the demo's. */
const NATIONALITY_AM = `{"property":"nationality","value":"AM","sources":["${REGISTER}"]}`;
const TITLE_SG = `{"property":"title","value":"Secretary General","sources":["${REGISTER}"]}`;

/** A register restating Patrushev and his post otherwise: the writer keeps the demo's values and records these. */
const RESTATED = {
  nodes: [
    { id: REGISTER, type: 'Source', properties: { title: 'A party register', kind: 'register' } },
    {
      id: 'person-patrushev',
      type: 'Person',
      properties: { name: 'Nikolai Patrushev', nationality: 'AM' },
      citations: [{ source: REGISTER, quote: 'Patrushev, Nikolai; citizenship AM.' }],
    },
  ],
  relationships: [
    {
      id: POST,
      type: 'HOLDS_POST',
      source: 'person-patrushev',
      target: 'org-security-council-ru',
      properties: { title: 'Secretary General' },
      citations: [{ source: REGISTER, quote: 'Secretary General of the Security Council.' }],
    },
  ],
};

async function importZip(zip: Uint8Array): Promise<Response> {
  return fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}` },
    body: Buffer.from(zip),
  });
}

describe('alsoStated', () => {
  beforeAll(async () => {
    const summary = await importBundle(db.executor, RESTATED);
    expect(summary.valuesAlsoStated).toBe(2);
  });
  afterAll(async () => {
    await db.reset();
    await db.loadDemo();
  });

  const csvZip = async () => Buffer.from(await (await get('csv')).arrayBuffer());
  const storedAlso = (dump: string, id: string) =>
    (JSON.parse(dump) as Dump).nodes.find((n) => n.id === id)?.properties.alsoStated ??
    (JSON.parse(dump) as { relationships: Array<{ id: string | null; properties?: Record<string, unknown> }> }).relationships.find(
      (r) => r.id === id,
    )?.properties?.alsoStated;

  it('travels in the also_stated column of nodes.csv and edges.csv; importing the zip where it came from changes nothing', async () => {
    const zip = await csvZip();
    const files = await JSZip.loadAsync(zip);
    const read = async (name: string) =>
      parseCsv(await files.file(name)!.async('string'), { bom: true, columns: true }) as Array<Record<string, string>>;
    const nodes = await read('nodes.csv');
    expect(nodes.find((n) => n.id === 'person-patrushev')).toMatchObject({ nationality: 'RU', also_stated: `[${NATIONALITY_AM}]` });
    expect(nodes.filter((n) => n.also_stated !== '').map((n) => n.id)).toEqual(['person-patrushev']);
    expect((await read('edges.csv')).filter((e) => e.also_stated !== '').map((e) => [e.id, e.title, e.also_stated])).toEqual([
      [POST, 'Secretary', `[${TITLE_SG}]`],
    ]);

    const before = await dumpGraph(db.executor);
    expect([storedAlso(before, 'person-patrushev'), storedAlso(before, POST)]).toEqual([[NATIONALITY_AM], [TITLE_SG]]);
    const res = await importZip(zip);
    expect(res.status).toBe(200);
    const { summary } = (await res.json()) as { summary: { nodesCreated: number; relationshipsCreated: number; valuesAlsoStated: number } };
    expect(summary).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0, valuesAlsoStated: 0 });
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it('imported into an empty database, the zip gives the same subgraph, alsoStated included', async () => {
    const zip = await csvZip();
    const doc = await json();
    expect(doc.sources.map((s) => s.id)).toContain(REGISTER);
    const expected = restrict(await dumpGraph(db.executor), doc);
    expect([storedAlso(expected, 'person-patrushev'), storedAlso(expected, POST)]).toEqual([[NATIONALITY_AM], [TITLE_SG]]);
    await db.reset();
    try {
      expect((await importZip(zip)).status).toBe(200);
      expect(await dumpGraph(db.executor)).toBe(expected);
      // And the new database exports the same zip's files.
      const again = await JSZip.loadAsync(await csvZip());
      const first = await JSZip.loadAsync(zip);
      for (const name of ['nodes.csv', 'edges.csv', 'citations.csv'])
        expect(await again.file(name)!.async('string')).toBe(await first.file(name)!.async('string'));
    } finally {
      await db.reset();
      await db.loadDemo();
      await importBundle(db.executor, RESTATED);
    }
  });

  it('travels in the Cypher script as stored, in JSON as the API gives it, in GraphML and GEXF as a string attribute', async () => {
    const script = await getText('cypher');
    expect(script).toContain(`alsoStated: ${cypherLiteral([NATIONALITY_AM])}`);
    expect(script).toContain(`alsoStated: ${cypherLiteral([TITLE_SG])}`);
    const doc = await json();
    const patrushev = doc.elements.nodes.find((n) => n.data.id === 'person-patrushev')!.data;
    expect([patrushev.properties.nationality, patrushev.alsoStated]).toEqual([
      'RU',
      [{ property: 'nationality', value: 'AM', sources: [{ id: REGISTER, title: 'A party register' }] }],
    ]);
    const parsedEntry = (text: unknown) => JSON.parse(String(text)) as unknown;
    for (const g of [parseGraphml(MultiGraph, await getText('graphml')), parseGexf(MultiGraph, await getText('gexf'))]) {
      // Beside the properties, not among them: the kept value stays what the property says.
      expect([
        g.getNodeAttribute('person-patrushev', 'nationality'),
        parsedEntry(g.getNodeAttribute('person-patrushev', 'alsoStated')),
      ]).toEqual(['RU', [JSON.parse(NATIONALITY_AM)]]);
      expect(parsedEntry(g.getEdgeAttribute(POST, 'alsoStated'))).toEqual([JSON.parse(TITLE_SG)]);
    }
  });

  /** The export with Patrushev's also_stated cell replaced, his row first (line 2 of nodes.csv). */
  async function withCell(text: string): Promise<Uint8Array> {
    const zip = await JSZip.loadAsync(await csvZip());
    const rows = parseCsv(await zip.file('nodes.csv')!.async('string'), { bom: true }) as string[][];
    const [header, ...body] = rows;
    const column = header!.indexOf('also_stated');
    const row = body.find((r) => r[0] === 'person-patrushev')!;
    row[column] = text;
    zip.file('nodes.csv', stringifyCsv([header!, row, ...body.filter((r) => r !== row)], { bom: true }));
    return zip.generateAsync({ type: 'uint8array' });
  }

  it('an also_stated cell that is malformed, or names an unknown source, is a 400 naming nodes.csv:2:also_stated; nothing is written', async () => {
    const before = await dumpGraph(db.executor);
    const cases: Array<[string, string, RegExp]> = [
      ['not json', 'invalid_cell', /JSON array/],
      [
        `[{"property":"nationality","value":"Armenia","sources":["${REGISTER}"]}]`,
        'invalid_also_stated',
        /"Armenia" is not a value of nationality/,
      ],
      ['[{"property":"aliases","value":"Patrushev","sources":["src-test-register"]}]', 'invalid_also_stated', /single-valued/],
      ['[{"property":"nationality","value":"AM"}]', 'invalid_type', /./],
      ['[{"property":"nationality","value":"AM","sources":["src-nowhere"]}]', 'unknown_reference', /no Source "src-nowhere"/],
      ['[{"property":"nationality","value":"AM","sources":["org-security-council-ru"]}]', 'wrong_reference_type', /not a Source/],
    ];
    for (const [cell, code, message] of cases) {
      const res = await importZip(await withCell(cell));
      const body = (await res.json()) as { errors?: Array<{ path: string; code: string; message: string }> };
      expect([cell, res.status, body.errors?.map((e) => [e.path, e.code])]).toEqual([cell, 400, [['nodes.csv:2:also_stated', code]]]);
      expect(body.errors![0]!.message).toMatch(message);
    }
    expect(await dumpGraph(db.executor)).toBe(before);
  });

  it("an import unites the entries it brings with the stored ones: stored first, in order, none twice, its own value's entry once", async () => {
    const own = `{"property":"nationality","value":"GE","sources":["${REGISTER}"]}`;
    const other = '{"property":"nationality","value":"UA","sources":["src-caucasus-watch-2019-09"]}';
    const deputy = '{"property":"title","value":"Deputy Secretary","sources":["src-caucasus-watch-2019-09"]}';
    const restated = {
      nodes: [
        {
          ...RESTATED.nodes[1],
          properties: { name: 'Nikolai Patrushev', nationality: 'GE' },
          citations: [{ source: REGISTER, quote: 'Patrushev, Nikolai; citizenship GE.' }],
          // The stored entry, the entry this import's own value makes, and one more.
          alsoStated: [NATIONALITY_AM, own, other].map((e) => JSON.parse(e) as unknown),
        },
      ],
      relationships: [{ ...RESTATED.relationships[0], alsoStated: [TITLE_SG, deputy].map((e) => JSON.parse(e) as unknown) }],
    };
    const summary = await importBundle(db.executor, restated);
    expect(summary.valuesAlsoStated).toBe(1);
    const after = await dumpGraph(db.executor);
    expect(storedAlso(after, 'person-patrushev')).toEqual([NATIONALITY_AM, own, other]);
    expect(storedAlso(after, POST)).toEqual([TITLE_SG, deputy]);
    expect((await importBundle(db.executor, restated)).valuesAlsoStated).toBe(0);
    expect(await dumpGraph(db.executor)).toBe(after);
  });
});
