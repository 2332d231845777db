// Saved views end to end, at 1440x900 and on a phone (390x844, touch): Patrushev's network opened
// and expanded, a node moved by a real mouse drag, the view saved through the "Save view…" dialog
// (on a phone, from the More panel), then /?view=<id> opened in a new browser context (no storage,
// no history): the same nodes at the same positions within a pixel, the same zoom and pan. A graph
// handed over by the console (sessionStorage) is saved by its element ids and rebuilt the same way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { pointOf } from '../support/canvas';
import { startE2E, stopE2E, type E2E } from '../support/e2e';

declare const window: any;
declare const sessionStorage: any;

const TOKEN = 'saved-views-e2e-token-0123456789';

let env: E2E;
const errors: string[] = [];

beforeAll(async () => {
  env = await startE2E({ config: { LIAISON_API_TOKEN: TOKEN } });
});
afterAll(async () => {
  await stopE2E(env ?? {});
});

type Viewport = { width: number; height: number };
type Picture = {
  positions: Record<string, { x: number; y: number }>;
  rendered: Record<string, { x: number; y: number }>;
  zoom: number;
  pan: { x: number; y: number };
};

/** A page in a fresh browser context: nothing in its storage or history from any other page. */
async function freshPage(viewport: Viewport, phone: boolean): Promise<Page> {
  const context = await env.browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.liaison?.idle && !window.liaison.cy.nodes().some((n: any) => n.animated()));
  await page.waitForTimeout(100);
}

/** Every node's model position and place on the page, and the viewport. */
const picture = (page: Page): Promise<Picture> =>
  page.evaluate(() => {
    const cy = window.liaison.cy;
    const positions: Record<string, { x: number; y: number }> = {};
    const rendered: Record<string, { x: number; y: number }> = {};
    for (const n of cy.nodes()) {
      positions[n.id()] = { ...n.position() };
      rendered[n.id()] = { ...n.renderedPosition() };
    }
    return { positions, rendered, zoom: cy.zoom(), pan: { ...cy.pan() } };
  });

function expectSamePicture(a: Picture, b: Picture): void {
  expect(Object.keys(b.positions).sort()).toEqual(Object.keys(a.positions).sort());
  for (const [id, p] of Object.entries(a.positions)) {
    const q = b.positions[id]!;
    expect({ id, dx: Math.abs(q.x - p.x) <= 1, dy: Math.abs(q.y - p.y) <= 1 }).toEqual({ id, dx: true, dy: true });
    const r = a.rendered[id]!;
    const s = b.rendered[id]!;
    expect({ id, dx: Math.abs(s.x - r.x) <= 1, dy: Math.abs(s.y - r.y) <= 1 }).toEqual({ id, dx: true, dy: true });
  }
  expect(b.zoom).toBeCloseTo(a.zoom, 6);
}

/** Opens the Save view dialog (from the More panel on a phone), fills it and saves; returns the view's id. */
async function saveThroughDialog(page: Page, phone: boolean, name: string): Promise<string> {
  if (phone) {
    await page.tap('#more-button');
    await page.tap('#save-view');
  } else await page.click('#save-view');
  await page.waitForSelector('#save-view-dialog[open]');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('save-view-name');
  await page.fill('#save-view-name', name);
  await page.fill('#save-view-description', 'Patrushev and the Baku talks');
  await page.fill('#save-view-author', 'E2E');
  // A wrong token first: the dialog says so and keeps the form.
  await page.fill('#save-view-token', 'not-the-right-token-at-all');
  await page.click('#save-view-dialog button[type=submit]');
  await page.waitForSelector('#save-view-dialog .views-error:not([hidden])');
  expect(await page.textContent('#save-view-dialog .views-error')).toMatch(/token/i);
  await page.fill('#save-view-token', TOKEN);
  await page.click('#save-view-dialog button[type=submit]');
  const link = await page.waitForSelector('#save-view-dialog .views-saved a[data-view-id]');
  const id = (await link.getAttribute('data-view-id'))!;
  expect(await link.getAttribute('href')).toMatch(new RegExp(`/\\?view=${id}$`));
  await page.click('#save-view-dialog button[value=cancel]');
  return id;
}

describe.each([
  ['desktop', { width: 1440, height: 900 }, false],
  ['phone', { width: 390, height: 844 }, true],
] as const)('saved views on %s', (label, viewport, phone) => {
  let saved: Picture;
  let id: string;

  it('saves Patrushev → Baku talks with a node dragged by the mouse', async () => {
    const page = await freshPage(viewport, phone);
    await page.goto(`${env.server.url}/?focus=person-patrushev`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction(() => window.liaison.cy.getElementById('meeting-2019-09-04-baku-aliyev').nonempty());
    await idle(page);
    await page.evaluate(() => void window.liaison.cy.getElementById('meeting-2019-09-04-baku-aliyev').emit('dbltap'));
    await page.waitForFunction(() => window.liaison.cy.getElementById('person-aliyev').nonempty());
    await idle(page);

    const before = await picture(page);
    const at = await pointOf(page, 'person-patrushev');
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 30, at.y + 20, { steps: 4 });
    await page.mouse.move(at.x + 60, at.y + 40, { steps: 4 });
    await page.mouse.up();
    await idle(page);
    saved = await picture(page);
    const moved = saved.positions['person-patrushev']!;
    const was = before.positions['person-patrushev']!;
    // Moved by the drag (60 px on screen, divided by the zoom); nothing else moved.
    expect(moved.x - was.x).toBeCloseTo(60 / saved.zoom, 0);
    expect(moved.y - was.y).toBeCloseTo(40 / saved.zoom, 0);
    expect(saved.positions['person-aliyev']).toEqual(before.positions['person-aliyev']);

    id = await saveThroughDialog(page, phone, `Baku talks (${label})`);
    // Saving changed nothing on the canvas.
    expectSamePicture(saved, await picture(page));
    await page.context().close();
  });

  it('opens /?view=<id> in a new browser context with the same nodes at the same places', async () => {
    const page = await freshPage(viewport, phone);
    await page.goto(`${env.server.url}/?view=${id}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction((n) => window.liaison.cy.nodes().length === n, Object.keys(saved.positions).length);
    await idle(page);
    expect(await page.getAttribute('body', 'data-saved-view')).toBe(id);
    expectSamePicture(saved, await picture(page));
    // Still the same a moment later: no layout ran behind it.
    await page.waitForTimeout(500);
    expectSamePicture(saved, await picture(page));
    // The view is the permalink's too: expanding works on from it.
    expect(await page.evaluate(() => window.liaison.view.focus)).toBe('person-patrushev');
    await page.context().close();
  });

  it('lists the view under "Saved views…", newest first, with a link that opens it', async () => {
    const page = await freshPage(viewport, phone);
    await page.goto(env.server.url);
    await page.waitForSelector('body[data-ready="true"]');
    if (phone) {
      await page.tap('#more-button');
      await page.tap('#saved-views');
    } else await page.click('#saved-views');
    await page.waitForSelector('#saved-views-dialog[open] .views-list li');
    const first = await page.$eval('#saved-views-dialog .views-list li a', (a) => ({ text: a.textContent, href: a.getAttribute('href') }));
    expect(first).toEqual({ text: `Baku talks (${label})`, href: `/?view=${id}` });
    await page.click('#saved-views-dialog .views-list li a');
    await page.waitForFunction((n) => window.liaison?.cy.nodes().length === n, Object.keys(saved.positions).length);
    await idle(page);
    expectSamePicture(saved, await picture(page));
    await page.context().close();
  });

  it('updates the opened view from the save dialog, renames it in the list, and deletes it after asking', async () => {
    const page = await freshPage(viewport, phone);
    const press = (selector: string) => (phone ? page.tap(selector) : page.click(selector));
    const stored = async () => {
      const res = await fetch(`${env.server.url}/api/views/${id}`);
      return res.status === 200
        ? ((await res.json()) as { view: { name: string; description: string; updatedAt: string; nodeCount: number } }).view
        : res.status;
    };
    await page.goto(`${env.server.url}/?view=${id}`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForFunction((n) => window.liaison.cy.nodes().length === n, Object.keys(saved.positions).length);
    await idle(page);

    // Without a key or a session the list refuses edits and says why, before anything is typed.
    if (phone) await page.tap('#more-button');
    await press('#saved-views');
    await page.waitForSelector(`#saved-views-dialog[open] li[data-view-id="${id}"]`);
    await press(`#saved-views-dialog li[data-view-id="${id}"] button[data-act="edit"]`);
    await page.waitForSelector('#saved-views-dialog > .views-error:not([hidden])');
    expect(await page.textContent('#saved-views-dialog > .views-error')).toMatch(/needs an editor/);
    await press('#saved-views-dialog form[method=dialog] button');
    await page.waitForSelector('#saved-views-dialog', { state: 'hidden' });

    // The save dialog of an opened view offers to update it, its name and description filled in.
    const before = await stored();
    if (phone) await page.tap('#more-button');
    await press('#save-view');
    await page.waitForSelector('#save-view-dialog[open] .views-update:not([hidden])');
    expect(await page.inputValue('#save-view-name')).toBe(`Baku talks (${label})`);
    expect(await page.textContent('#save-view-dialog button[type=submit]')).toBe('Save as new');
    await page.fill('#save-view-token', TOKEN);
    await page.fill('#save-view-description', 'Updated from the dialog');
    await press('#save-view-dialog .views-update');
    await page.waitForSelector('#save-view-dialog .views-saved:not([hidden])');
    expect(await page.textContent('#save-view-dialog .views-saved')).toMatch(/^Updated\./);
    const after = await stored();
    expect(typeof after === 'object' && typeof before === 'object').toBe(true);
    if (typeof after !== 'object' || typeof before !== 'object') return;
    expect(after.description).toBe('Updated from the dialog');
    expect(after.updatedAt > before.updatedAt).toBe(true);
    expect(after.nodeCount).toBe(before.nodeCount);
    await press('#save-view-dialog button[value=cancel]');

    // Renamed in the list (the tab now holds the token).
    if (phone) await page.tap('#more-button');
    await press('#saved-views');
    const item = `#saved-views-dialog li[data-view-id="${id}"]`;
    await page.waitForSelector(`${item} button[data-act="edit"]`);
    await press(`${item} button[data-act="edit"]`);
    await page.waitForSelector(`${item} form.views-edit`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('views-edit-name');
    await page.fill(`${item} input[name=name]`, `Renamed (${label})`);
    await press(`${item} button[type=submit]`);
    await page.waitForSelector(`${item} a:text-is("Renamed (${label})")`);
    const renamed = await stored();
    expect(typeof renamed === 'object' && renamed.name).toBe(`Renamed (${label})`);
    expect(typeof renamed === 'object' && renamed.description).toBe('Updated from the dialog');

    // Delete asks first; Keep keeps it, Delete removes it from the list and the server.
    await press(`${item} button[data-act="delete"]`);
    await page.waitForSelector(`${item}.views-confirm`);
    await press(`${item} button[data-act="keep"]`);
    await page.waitForSelector(`${item}:not(.views-confirm) button[data-act="delete"]`);
    expect(await stored()).not.toBe(404);
    await press(`${item} button[data-act="delete"]`);
    await press(`${item} button[data-act="confirm-delete"]`);
    await page.waitForSelector(item, { state: 'detached' });
    expect(await stored()).toBe(404);
    await page.context().close();
  });
});

describe('a graph handed over by the console', () => {
  it('is saved by its element ids and rebuilt in a new browser context', async () => {
    const viewport = { width: 1440, height: 900 };
    const page = await freshPage(viewport, false);
    await page.goto(env.server.url);
    await page.waitForSelector('body[data-ready="true"]');
    // What the console hands over: API nodes and edges under a fresh sessionStorage key.
    const graph = await page.evaluate(async () => {
      const hood = await (await fetch('/api/nodes/person-usubov/neighbors?limit=50')).json();
      const self = await (await fetch('/api/nodes/person-usubov')).json();
      const nodes = [self, ...hood.nodes].filter((n: any, i: number, all: any[]) => all.findIndex((m: any) => m.id === n.id) === i);
      sessionStorage.setItem('console-handover', JSON.stringify({ nodes, edges: hood.edges }));
      return { nodes: nodes.length, edges: hood.edges.length };
    });
    await page.goto(`${env.server.url}/?load=session:console-handover`);
    await page.waitForFunction((n) => window.liaison.cy.nodes().length === n, graph.nodes);
    await idle(page);
    const id = await saveThroughDialog(page, false, 'Usubov from the console');
    const saved = await picture(page);
    await page.context().close();

    const other = await freshPage(viewport, false);
    await other.goto(`${env.server.url}/?view=${id}`);
    await other.waitForFunction((n) => window.liaison?.cy.nodes().length === n, graph.nodes);
    await idle(other);
    expectSamePicture(saved, await picture(other));
    expect(await other.evaluate(() => window.liaison.cy.edges().length)).toBe(graph.edges);
    await other.context().close();
  });

  it('says so when the id names no saved view', async () => {
    const page = await freshPage({ width: 1440, height: 900 }, false);
    await page.goto(`${env.server.url}/?view=AAAAAAAAAAAA`);
    await page.waitForSelector('#banner:not([hidden])');
    expect(await page.textContent('#banner')).toMatch(/No saved view "AAAAAAAAAAAA"/);
    await page.context().close();
  });

  it('left no error in any page', () => {
    // The wrong token of the dialog test is a 401 Chromium logs, and the unknown view a 404.
    expect(errors.filter((e) => !/status of (401|404)/.test(e))).toEqual([]);
  });
});
