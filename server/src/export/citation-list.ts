// The citation list of an export, as Markdown or as a standalone HTML page: every source behind
// the exported facts, numbered, then every fact with the sentences that state it (in the source's
// language) and each source's verdict: reported, speculative or disputed, and the records of
// datasets it was read from (file and line, record id, the record as read). For a footnote, a fact
// check, or an editor who asks "who says so?".
import type { ApiCitation, ApiNode } from '../graph/serialize';
import { NODE_LABELS, RELATIONSHIP_TYPE_NAMES } from '../schema/model';
import { edgeLabel, recordLocation } from './columns';
import type { ExportMeta } from './formats';
import type { TextSink } from './sink';
import type { ExportGraph } from './subgraph';

interface ListedSource {
  no: number;
  id: string;
  title: string;
  publisher: string | null;
  published: string | null;
  url: string | null;
  language: string | null;
  /** A dataset's release, retrieval date and licence. */
  version: string | null;
  retrieved: string | null;
  licence: string | null;
}

interface ListedFact {
  id: string;
  heading: string;
  kind: string;
  status: string | null;
  citations: Array<ApiCitation & { no: number }>;
}

interface CitationList {
  sources: ListedSource[];
  facts: ListedFact[];
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** Sources numbered in order of first citation; facts in schema order, then by name. */
export function citationList(graph: ExportGraph): CitationList {
  const sourceNodes = new Map<string, ApiNode>(graph.sources.map((s) => [s.id, s]));
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const rank = (list: readonly string[], t: string) => (list.includes(t) ? list.indexOf(t) : list.length);
  const facts: Array<Omit<ListedFact, 'citations'> & { citations: ApiCitation[]; order: [number, number, string] }> = [
    ...graph.nodes.map((n) => ({
      id: n.id,
      heading: n.name,
      kind: n.type,
      status: n.citationStatus,
      citations: n.citations,
      order: [0, rank(NODE_LABELS, n.type), n.name] as [number, number, string],
    })),
    ...graph.edges.map((e) => ({
      id: e.id,
      heading: `${names.get(e.source) ?? e.source} ${edgeLabel(e.type, e.properties)} ${names.get(e.target) ?? e.target}`,
      kind: e.type,
      status: e.citationStatus,
      citations: e.citations,
      order: [1, rank(RELATIONSHIP_TYPE_NAMES, e.type), names.get(e.source) ?? e.source] as [number, number, string],
    })),
  ]
    .filter((f) => f.citations.length > 0)
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2].localeCompare(b.order[2]) || a.id.localeCompare(b.id));

  const numbers = new Map<string, number>();
  for (const f of facts) for (const c of f.citations) if (!numbers.has(c.sourceId)) numbers.set(c.sourceId, numbers.size + 1);
  const sources: ListedSource[] = [...numbers].map(([id, no]) => {
    const p = sourceNodes.get(id)?.properties ?? {};
    const cited = facts.flatMap((f) => f.citations).find((c) => c.sourceId === id);
    return {
      no,
      id,
      title: str(p.title) ?? cited?.title ?? id,
      publisher: str(p.publisher) ?? cited?.publisher ?? null,
      published: str(p.published) ?? cited?.published ?? null,
      url: str(p.url) ?? cited?.url ?? null,
      language: str(p.language),
      version: str(p.version),
      retrieved: str(p.retrieved),
      licence: str(p.licence),
    };
  });
  return {
    sources,
    facts: facts.map(({ order: _order, ...f }) => ({ ...f, citations: f.citations.map((c) => ({ ...c, no: numbers.get(c.sourceId)! })) })),
  };
}

// ----- Markdown -----

/** Escapes what Markdown would read as markup; quotes are text, not formatting. */
export function mdEscape(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}

/** "version 2014-Q1, retrieved 2024-05, licence OGL-UK-3.0": what identifies a dataset's release. */
const release = (s: ListedSource) =>
  [s.version ? `version ${s.version}` : null, s.retrieved ? `retrieved ${s.retrieved}` : null, s.licence ? `licence ${s.licence}` : null]
    .filter(Boolean)
    .join(', ');

const mdSource = (s: ListedSource) =>
  `${s.no}. **${mdEscape(s.title)}**${s.publisher ? ` — ${mdEscape(s.publisher)}` : ''}${s.published ? `, ${s.published}` : ''}` +
  `${s.language ? ` (${s.language})` : ''}${release(s) ? `; ${mdEscape(release(s))}` : ''}${s.url ? `  \n   <${s.url}>` : ''}  \n   id: \`${s.id}\``;

const mdCitation = (c: ApiCitation & { no: number }) => {
  const source = `[${c.no}] ${mdEscape([c.publisher, c.title].filter(Boolean).join(': '))}`;
  if (c.kind === 'record')
    return `- Record ${mdEscape(recordLocation(c))} — ${source} (${c.status})${c.raw ? `  \n  As read: ${mdEscape(c.raw)}` : ''}\n`;
  return (
    `- “${mdEscape(c.quote)}” — ${source}` +
    ` (${c.status}${c.lang ? `, ${c.lang}` : ''})${c.note ? `  \n  Note: ${mdEscape(c.note)}` : ''}\n`
  );
};

export async function writeCitationsMarkdown(graph: ExportGraph, sink: TextSink, meta: ExportMeta): Promise<void> {
  const list = citationList(graph);
  const count = list.facts.reduce((n, f) => n + f.citations.length, 0);
  await sink.write(
    `# ${mdEscape(meta.title)}: sources and quotes\n\n` +
      `Exported from Liaison on ${meta.exportedAt}: ${list.facts.length} facts, ${count} citations, ${list.sources.length} sources. ` +
      'Each fact lists the sentences that state it, in the language of the source, and whether the source reports it, ' +
      'speculates about it or disputes it, and the records of datasets it was read from.\n\n## Sources\n\n',
  );
  for (const s of list.sources) await sink.write(`${mdSource(s)}\n`);
  await sink.write('\n## Facts\n');
  for (const f of list.facts) {
    let text = `\n### ${mdEscape(f.heading)}\n\n${f.kind}${f.status ? `, ${f.status}` : ''} · id: \`${f.id}\`\n\n`;
    for (const c of f.citations) text += mdCitation(c);
    await sink.write(text);
  }
}

// ----- HTML -----

export function htmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only http(s) links become anchors; anything else stays text. */
const link = (url: string) =>
  /^https?:\/\//i.test(url) ? `<a href="${htmlEscape(url)}" rel="noopener noreferrer">${htmlEscape(url)}</a>` : htmlEscape(url);
const langAttr = (lang: string | null) => (lang && /^[a-z]{2,3}$/.test(lang) ? ` lang="${lang}"` : '');

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111827}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #e5e7eb}h3{font-size:1.05rem;margin:1.5rem 0 .25rem}
.meta{color:#6b7280;font-size:.875rem}blockquote{margin:.5rem 0 .25rem;padding:.25rem .75rem;border-left:3px solid #2563eb;background:#f9fafb}
.speculative blockquote{border-left-style:dashed;border-left-color:#d97706}.disputed blockquote{border-left-color:#dc2626}
ol.sources li{margin:.5rem 0}code{font-size:.85em}.record p:first-child{margin:.5rem 0 .25rem;padding:.25rem .75rem;border-left:3px solid #475569}
pre{white-space:pre-wrap;font-size:.85em;background:#f9fafb;padding:.5rem}`;

export async function writeCitationsHtml(graph: ExportGraph, sink: TextSink, meta: ExportMeta): Promise<void> {
  const list = citationList(graph);
  const count = list.facts.reduce((n, f) => n + f.citations.length, 0);
  const title = htmlEscape(`${meta.title}: sources and quotes`);
  await sink.write(
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
      `<title>${title}</title>\n<style>\n${STYLE}\n</style>\n</head>\n<body>\n<h1>${title}</h1>\n` +
      `<p class="meta">Exported from Liaison on ${htmlEscape(meta.exportedAt)}: ${list.facts.length} facts, ${count} citations, ` +
      `${list.sources.length} sources. Each fact lists the sentences that state it, in the language of the source, and whether ` +
      'the source reports it, speculates about it or disputes it, and the records of datasets it was read from.</p>\n' +
      '<h2>Sources</h2>\n<ol class="sources">\n',
  );
  for (const s of list.sources)
    await sink.write(
      `<li id="source-${s.no}"><strong${langAttr(s.language)}>${htmlEscape(s.title)}</strong>` +
        `${s.publisher ? ` — ${htmlEscape(s.publisher)}` : ''}${s.published ? `, ${htmlEscape(s.published)}` : ''}` +
        `${s.language ? ` (${htmlEscape(s.language)})` : ''}${release(s) ? `; ${htmlEscape(release(s))}` : ''}` +
        `${s.url ? `<br>${link(s.url)}` : ''}` +
        `<br><span class="meta">id: <code>${htmlEscape(s.id)}</code></span></li>\n`,
    );
  await sink.write('</ol>\n<h2>Facts</h2>\n');
  for (const f of list.facts) {
    let html =
      `<section class="fact" id="fact-${htmlEscape(f.id)}">\n<h3>${htmlEscape(f.heading)}</h3>\n` +
      `<p class="meta">${htmlEscape(f.kind)}${f.status ? `, ${htmlEscape(f.status)}` : ''} · id: <code>${htmlEscape(f.id)}</code></p>\n`;
    for (const c of f.citations) {
      const source = `<a href="#source-${c.no}">[${c.no}]</a> ${htmlEscape([c.publisher, c.title].filter(Boolean).join(': '))}`;
      html +=
        c.kind === 'record'
          ? `<div class="citation record ${htmlEscape(c.status)}"><p>Record ${htmlEscape(recordLocation(c))}</p>` +
            `${c.raw ? `<details><summary>The record as read</summary><pre>${htmlEscape(c.raw)}</pre></details>` : ''}` +
            `<p class="meta">${source} · ${htmlEscape(c.status)}</p></div>\n`
          : `<div class="citation ${htmlEscape(c.status)}"><blockquote${langAttr(c.lang)}>${htmlEscape(c.quote)}</blockquote>` +
            `<p class="meta">${source} · ` +
            `${htmlEscape(c.status)}${c.lang ? ` · ${htmlEscape(c.lang)}` : ''}${c.note ? `<br>Note: ${htmlEscape(c.note)}` : ''}</p></div>\n`;
    }
    await sink.write(`${html}</section>\n`);
  }
  await sink.write('</body>\n</html>\n');
}
