// Hover cards with the real mouse at 1440×900: resting on a meeting shows its date and place in a
// card beside the node (never on it, always inside the canvas), moving off takes it away, a link
// gets a card with its type's caption, and a wheel zoom puts the card away. On a 390×844 touch
// phone no card ever shows: a tap still selects and opens the details sheet.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { pointOf } from '../support/canvas';
import { useE2E } from '../support/e2e';

// Code passed to page.evaluate runs in the browser, where window and document are the page's.
declare const window: any;
declare const document: any;

const env = useE2E();

const FOCUS = 'person-patrushev';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

async function open(page: Page): Promise<void> {
  page.setDefaultTimeout(30_000);
  await page.goto(`${env.server.url}/?focus=${FOCUS}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.waitForFunction((id: string) => window.liaison?.cy.getElementById(id).neighborhood().nodes().length > 2, FOCUS);
  await page.waitForFunction(
    () => window.liaison.idle && !window.liaison.cy.animated() && !window.liaison.cy.nodes().some((n: any) => n.animated()),
  );
  await page.waitForTimeout(150);
}

/** A meeting on the canvas with a place, whose centre the canvas itself receives (no overlay on it). */
const meetingInSight = (page: Page) =>
  page.evaluate(() => {
    const cy = window.liaison.cy;
    const box = cy.container().getBoundingClientRect();
    const m = cy.nodes('[type = "Meeting"]').filter((n: any) => {
      if (!n.data('raw')?.properties.place) return false;
      const p = n.renderedPosition();
      const hit = document.elementFromPoint(box.left + p.x, box.top + p.y);
      return hit && cy.container().contains(hit) && !hit.closest('.legend');
    })[0];
    if (!m) throw new Error('no meeting with a place in sight');
    return { id: m.id() as string, date: m.data('raw').properties.date as string, place: m.data('raw').properties.place as string };
  });

/** The card's box and the element's rendered box, both in page pixels, and the canvas box. */
const boxes = (page: Page, id: string) =>
  page.evaluate((elementId: string) => {
    const cy = window.liaison.cy;
    const c = cy.container().getBoundingClientRect();
    const bb = cy.getElementById(elementId).renderedBoundingBox({ includeLabels: false, includeOverlays: false });
    const r = document.getElementById('hover-card').getBoundingClientRect();
    return {
      card: { x1: r.left, y1: r.top, x2: r.right, y2: r.bottom },
      node: { x1: c.left + bb.x1, y1: c.top + bb.y1, x2: c.left + bb.x2, y2: c.top + bb.y2 },
      canvas: { x1: c.left, y1: c.top, x2: c.right, y2: c.bottom },
    };
  }, id);

const cardShown = (page: Page) => page.evaluate(() => !document.getElementById('hover-card')?.hidden);

describe('hover cards, desktop 1440×900', () => {
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await open(page);
  });

  afterAll(async () => {
    await page.close();
  });

  it('shows a meeting its date and place beside the node, inside the canvas, and hides it when the pointer leaves', async () => {
    expect(await page.evaluate(() => window.matchMedia('(hover: hover) and (pointer: fine)').matches)).toBe(true);
    const meeting = await meetingInSight(page);
    const at = await pointOf(page, meeting.id);
    const selectedBefore = await page.evaluate(() => window.liaison.cy.$(':selected').map((e: any) => e.id()));
    await page.mouse.move(at.x - 200, at.y - 200);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    await page.waitForFunction(
      (id: string) => document.getElementById('hover-card')?.dataset.for === id && !document.getElementById('hover-card').hidden,
      meeting.id,
    );
    const text = await page.textContent('#hover-card');
    const [y, mo, d] = meeting.date.split('-');
    const date = d ? `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}` : mo ? `${MONTHS[Number(mo) - 1]} ${y}` : y;
    expect(text).toContain(date!);
    expect(text).toContain(meeting.place);
    expect(text).toContain('Meeting');
    expect(text).toMatch(/reported|speculative|disputed/);
    expect(text).toContain('click for details · double-click to expand');
    expect(await page.getAttribute('#hover-card', 'role')).toBe('tooltip');
    const b = await boxes(page, meeting.id);
    const overlaps = b.card.x1 < b.node.x2 && b.node.x1 < b.card.x2 && b.card.y1 < b.node.y2 && b.node.y1 < b.card.y2;
    expect(overlaps).toBe(false);
    expect(b.card.x1).toBeGreaterThanOrEqual(b.canvas.x1 - 0.5);
    expect(b.card.y1).toBeGreaterThanOrEqual(b.canvas.y1 - 0.5);
    expect(b.card.x2).toBeLessThanOrEqual(b.canvas.x2 + 0.5);
    expect(b.card.y2).toBeLessThanOrEqual(b.canvas.y2 + 0.5);
    // Hovering selects nothing.
    expect(await page.evaluate(() => window.liaison.cy.$(':selected').map((e: any) => e.id()))).toEqual(selectedBefore);

    // Off the node, onto empty canvas: the card goes.
    const empty = await page.evaluate(() => {
      const cy = window.liaison.cy;
      const c = cy.container().getBoundingClientRect();
      const r = cy.renderer();
      for (let y = 20; y < c.height - 20; y += 25)
        for (let x = c.width - 20; x > 20; x -= 25) {
          const m = { x: (x - cy.pan().x) / cy.zoom(), y: (y - cy.pan().y) / cy.zoom() };
          const hit = document.elementFromPoint(c.left + x, c.top + y);
          if (hit && cy.container().contains(hit) && !r.findNearestElement(m.x, m.y, true, false)) return { x: c.left + x, y: c.top + y };
        }
      throw new Error('no empty point on the canvas');
    });
    await page.mouse.move(empty.x, empty.y, { steps: 4 });
    await page.waitForFunction(() => document.getElementById('hover-card').hidden);
    await page.waitForTimeout(500);
    expect(await cardShown(page)).toBe(false);
  });

  it('gives a link a card with its type caption and ends; a wheel zoom takes the card away', async () => {
    const link = await page.evaluate(() => {
      const cy = window.liaison.cy;
      const e = cy.edges().not('.more-edge')[0];
      const schema = e.data('type');
      return {
        id: e.id() as string,
        type: schema as string,
        source: e.source().data('label') as string,
        target: e.target().data('label') as string,
      };
    });
    const captions: Record<string, string> = await page.evaluate(() =>
      fetch('/api/schema')
        .then((r: any) => r.json())
        .then((s: any) => Object.fromEntries(s.relationshipTypes.map((t: any) => [t.type, t.caption]))),
    );
    const at = await pointOf(page, link.id);
    await page.mouse.move(at.x, at.y, { steps: 4 });
    await page.waitForFunction(
      (id: string) => document.getElementById('hover-card')?.dataset.for === id && !document.getElementById('hover-card').hidden,
      link.id,
    );
    const text = await page.textContent('#hover-card');
    expect(text).toContain(captions[link.type]);
    expect(text).toContain(link.source);
    expect(text).toContain(link.target);

    await page.mouse.wheel(0, -240);
    await page.waitForFunction(() => document.getElementById('hover-card').hidden);
    expect(errors).toEqual([]);
  });
});

describe('hover cards, phone 390×844', () => {
  let page: Page;

  beforeAll(async () => {
    page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await open(page);
  });

  afterAll(async () => {
    await page.close();
  });

  it('never shows a card: a tap on a node opens its details sheet as before', async () => {
    expect(await page.evaluate(() => window.matchMedia('(hover: hover) and (pointer: fine)').matches)).toBe(false);
    await page.evaluate(() => {
      window.hoverCardSeen = false;
      const card = document.getElementById('hover-card');
      new window.MutationObserver(() => {
        if (!card.hidden) window.hoverCardSeen = true;
      }).observe(card, { attributes: true });
    });
    const at = await pointOf(page, FOCUS);
    await page.touchscreen.tap(at.x, at.y);
    await page.waitForFunction(() => document.body.classList.contains('sheet-open'));
    await page.waitForSelector('#details[data-id="person-patrushev"]', { state: 'attached' });
    await page.waitForTimeout(800);
    expect(await page.evaluate(() => window.hoverCardSeen)).toBe(false);
    expect(await cardShown(page)).toBe(false);
  });
});
