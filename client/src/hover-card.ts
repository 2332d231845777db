// Hover cards on a desktop: the pointer resting on a node (or a link) shows a small card beside it
// with the few facts that tell what it is — without selecting it, so that looking around costs
// nothing. The content is a pure function of the data the client already holds (unit-tested); the
// rest places the card next to the element, inside the canvas, and takes it away again.
import type { Core, EdgeSingular, EventObject, NodeSingular } from 'cytoscape';

import type { GraphEdge, GraphNode, Schema } from './api';
import { formatDate, formatPeriod, propertyPeriod } from './dates';
import { esc } from './details';
import { intersects, type Box } from './labels';

/** What a card says: a title, the element's kind, a few labelled facts, its evidence and a hint. */
export interface CardContent {
  title: string;
  kind: string;
  facts: Array<{ label: string; value: string }>;
  /** reported, speculative or disputed (the element's citation status). */
  status: string;
  hint: string | null;
}

/** The canvas around an element: its links' data and the names of the nodes at their other ends. */
export interface CardContext {
  edges?: readonly GraphEdge[];
  nameOf?: (id: string) => string | null;
}

const HINT = 'click for details · double-click to expand';

let regions: Intl.DisplayNames | null | undefined;
/** "Russia (RU)" for a country code, the value itself when it is not one. */
export function countryName(code: unknown): string {
  const value = String(code ?? '');
  if (!/^[A-Z]{2}$/.test(value)) return value;
  if (regions === undefined) {
    try {
      regions = new Intl.DisplayNames(['en'], { type: 'region' });
    } catch {
      regions = null;
    }
  }
  const name = regions?.of(value);
  return name && name !== value ? `${name} (${value})` : value;
}

/** A date at the precision the sources give: "4 September 2019", or "2017 (known to the year)". */
function dateAtPrecision(props: Record<string, unknown>, name: string): string | null {
  const p = propertyPeriod(props, name);
  if (!p) return typeof props[name] === 'string' && props[name] ? String(props[name]) : null;
  return `${formatPeriod(p)}${p.precision !== 'day' ? ` (known to the ${p.precision})` : ''}`;
}

const citationCount = (citations: readonly unknown[] | undefined) =>
  citations ? { label: 'Sources', value: citations.length === 1 ? '1 citation' : `${citations.length} citations` } : null;

/**
 * A person's post held now, as far as the canvas knows: a HOLDS_POST link with no end ("absent:
 * still held, or unknown" in the schema), the latest taken up if there are several.
 */
function currentPost(node: GraphNode, ctx: CardContext): string | null {
  const own = typeof node.properties.post === 'string' ? node.properties.post : null;
  if (own) return own;
  const posts = (ctx.edges ?? [])
    .filter((e) => e.type === 'HOLDS_POST' && e.source === node.id && !e.properties.end)
    .sort(
      (a, b) => (propertyPeriod(b.properties, 'start')?.start ?? -Infinity) - (propertyPeriod(a.properties, 'start')?.start ?? -Infinity),
    );
  const post = posts[0];
  if (!post) return null;
  const org = ctx.nameOf?.(post.target) ?? null;
  const since = post.properties.start ? formatDate(post.properties.start, post.properties.startPrecision) : null;
  return [String(post.properties.title ?? 'post'), org].filter(Boolean).join(', ') + (since ? ` (since ${since})` : '');
}

const fact = (label: string, value: unknown) =>
  value === null || value === undefined || value === '' ? null : { label, value: String(value) };

/** The card for a node, from its data, the schema and (for a person's post) the links around it. */
export function nodeCard(node: GraphNode, schema: Schema, ctx: CardContext = {}): CardContent {
  const p = node.properties;
  const type = schema.nodeTypes.find((t) => t.label === node.type);
  const facts: Array<CardContent['facts'][number] | null> = [];
  if (node.type === 'Person') {
    facts.push(fact('Post', currentPost(node, ctx)));
    facts.push(fact('Country', p.nationality || p.country ? countryName(p.nationality ?? p.country) : null));
  } else if (node.type === 'Meeting') {
    facts.push(fact('Date', dateAtPrecision(p, 'date') ?? 'not reported'));
    if (p.endDate) facts.push(fact('Until', dateAtPrecision(p, 'endDate')));
    facts.push(fact('Place', [p.place, p.country ? countryName(p.country) : null].filter(Boolean).join(', ') || 'not reported'));
    facts.push(fact('Status', p.status));
  } else {
    // Any other type: the few properties that say what it is, when it has them.
    facts.push(fact('Kind', typeof p.kind === 'string' ? p.kind.replace(/_/g, ' ') : null));
    facts.push(fact('Country', p.country ? countryName(p.country) : null));
    facts.push(fact('Publisher', p.publisher));
    facts.push(fact('Published', p.published ? formatDate(p.published, p.publishedPrecision) : null));
  }
  facts.push(citationCount(node.citations));
  return {
    title: node.name,
    kind: type?.label ?? node.type,
    facts: facts.filter((f): f is NonNullable<typeof f> => f !== null),
    status: node.citationStatus ?? 'reported',
    hint: HINT,
  };
}

/** The card for a link: its type's caption, its two ends, its label property, dates and evidence. */
export function edgeCard(edge: GraphEdge, schema: Schema, ctx: CardContext = {}): CardContent {
  const p = edge.properties;
  const type = schema.relationshipTypes.find((t) => t.type === edge.type);
  const name = (id: string) => ctx.nameOf?.(id) ?? id;
  const facts: Array<CardContent['facts'][number] | null> = [fact('From', name(edge.source)), fact('To', name(edge.target))];
  const labelProperty = type?.labelProperty;
  if (labelProperty && p[labelProperty])
    facts.push(fact(labelProperty[0]!.toUpperCase() + labelProperty.slice(1), String(p[labelProperty]).replace(/_/g, ' ')));
  const from = p.start ? formatDate(p.start, p.startPrecision) : null;
  const to = p.end ? formatDate(p.end, p.endPrecision) : null;
  if (from || to) facts.push(fact('When', from && to ? `${from} – ${to}` : from ? `since ${from}` : `until ${to}`));
  for (const key of ['date', 'since'] as const) if (p[key]) facts.push(fact(key === 'date' ? 'Date' : 'Since', dateAtPrecision(p, key)));
  facts.push(citationCount(edge.citations));
  return {
    title: type?.caption ?? edge.type,
    kind: edge.type,
    facts: facts.filter((f): f is NonNullable<typeof f> => f !== null),
    status: edge.citationStatus ?? 'reported',
    hint: 'click for details',
  };
}

export function cardHtml(c: CardContent): string {
  return `<div class="hover-card-head"><span class="hover-card-title">${esc(c.title)}</span> <span class="hover-card-kind">${esc(c.kind)}</span></div>
    <dl class="hover-card-facts">${c.facts.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('')}<dt>Evidence</dt><dd><span class="badge badge-${esc(c.status)}">${esc(c.status)}</span></dd></dl>
    ${c.hint ? `<div class="hover-card-hint">${esc(c.hint)}</div>` : ''}`;
}

/**
 * Where a card of `w` × `h` goes beside `target` (canvas pixels) in a canvas of `width` × `height`:
 * right of it, else left, else below, else above, `gap` away, and moved along that side to stay
 * inside. Never on the target while some side has room.
 */
export function placeCard(target: Box, w: number, h: number, width: number, height: number, gap = 10): { x: number; y: number } {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));
  const y = clamp(target.y1, 0, height - h);
  const x = clamp(target.x1, 0, width - w);
  const candidates = [
    { x: target.x2 + gap, y },
    { x: target.x1 - gap - w, y },
    { x, y: target.y2 + gap },
    { x, y: target.y1 - gap - h },
  ];
  const inside = (c: { x: number; y: number }) => c.x >= 0 && c.y >= 0 && c.x + w <= width && c.y + h <= height;
  const free = candidates.find((c) => inside(c) && !intersects({ x1: c.x, y1: c.y, x2: c.x + w, y2: c.y + h }, target));
  return free ?? { x: clamp(candidates[0]!.x, 0, width - w), y };
}

export interface HoverCardOptions {
  /** How long the pointer rests before the card shows (ms). */
  delay?: number;
  /** No card while this holds (the node menu open, say). */
  suppressed?: () => boolean;
}

/** Who may see hover cards: a mouse or trackpad that hovers, not a finger. */
const HOVER_MEDIA = '(hover: hover) and (pointer: fine)';

export function setupHoverCards(cy: Core, schema: Schema, opts: HoverCardOptions = {}): { hide(): void } {
  const container = cy.container()!;
  const card = document.createElement('div');
  card.className = 'hover-card';
  card.id = 'hover-card';
  card.setAttribute('role', 'tooltip');
  // The same facts are in the details panel, which is what a screen reader gets.
  card.setAttribute('aria-hidden', 'true');
  card.hidden = true;
  container.append(card);
  const media = window.matchMedia(HOVER_MEDIA);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pointer = { x: 0, y: 0 };

  const hide = () => {
    clearTimeout(timer);
    timer = undefined;
    card.hidden = true;
    delete card.dataset.for;
  };
  const nameOf = (id: string) => {
    const n = cy.getElementById(id);
    return n.nonempty() ? ((n.data('label') as string | undefined) ?? null) : null;
  };
  const show = (el: NodeSingular | EdgeSingular) => {
    if (el.removed() || opts.suppressed?.()) return;
    const raw = el.data('raw') as GraphNode | GraphEdge | undefined;
    if (!raw) return;
    const content = el.isNode()
      ? nodeCard(raw as GraphNode, schema, {
          edges: el
            .connectedEdges()
            .map((e) => e.data('raw') as GraphEdge)
            .filter(Boolean),
          nameOf,
        })
      : edgeCard(raw as GraphEdge, schema, { nameOf });
    card.innerHTML = cardHtml(content);
    card.dataset.for = el.id();
    card.dataset.kind = el.isNode() ? 'node' : 'edge';
    card.hidden = false;
    // A node keeps its body and label clear; a link has no small box, so the card sits by the pointer.
    const bb = el.isNode() ? el.renderedBoundingBox({ includeLabels: true, includeOverlays: false }) : null;
    const target: Box = bb ? bb : { x1: pointer.x - 6, y1: pointer.y - 6, x2: pointer.x + 6, y2: pointer.y + 6 };
    const at = placeCard(target, card.offsetWidth, card.offsetHeight, container.clientWidth, container.clientHeight);
    card.style.left = `${Math.round(at.x)}px`;
    card.style.top = `${Math.round(at.y)}px`;
  };

  cy.on('mousemove', (e: EventObject) => {
    pointer = e.renderedPosition;
  });
  cy.on('mouseover', 'node, edge', (e: EventObject) => {
    const el = e.target as NodeSingular | EdgeSingular;
    if (!media.matches || el.hasClass('more') || el.hasClass('more-edge')) return;
    pointer = e.renderedPosition ?? pointer;
    hide();
    timer = setTimeout(() => show(el), opts.delay ?? 300);
  });
  cy.on('mouseout', 'node, edge', hide);
  // Anything that moves the picture or acts on it puts the card away.
  cy.on('viewport grab drag tapstart cxttapstart remove layoutstart', hide);
  container.addEventListener('mouseleave', hide);
  container.addEventListener('wheel', hide, { passive: true });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  return { hide };
}
