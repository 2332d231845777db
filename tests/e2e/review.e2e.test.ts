// The Review page in a real browser against the real server and database (issue 10, item 2): the
// demo graph plus a bundle of planted duplicates (tests/fixtures/resolve/duplicates.bundle.json,
// imported through POST /api/import), then the pair queue walked by keyboard at 1440x900 — same,
// not same, unsure, then undo three times — and by taps on a 390x844 phone, with the server's state
// asserted after every decision (GET /api/judgements, the merged-away id answering with the
// survivor, the undo giving both back); and the cluster view merging three spellings of one
// organisation in one step. Screenshots for the README: review.png, review-phone.png, review-clusters.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import { SCREENSHOT_DIR } from '../support/browser';
import { startE2E, stopE2E, type E2E } from '../support/e2e';

const TOKEN = 'review-e2e-token-0123456789abcdef';
const FIXTURE = path.resolve(__dirname, '../fixtures/resolve/duplicates.bundle.json');
const AXE = path.join(ROOT_DIR, 'node_modules', 'axe-core', 'axe.min.js');
const GP = [
  'org-reg-greenpeace-european-unit',
  'org-reg-greenpeace-european-unit-gp-eu',
  'org-press-greenpeace-european-unit-aisbl',
] as const;
const TE = ['org-reg-transport-environment', 'org-reg-transport-and-environment', 'org-press-transport-environment-te'];

let env: E2E;
let dataDir: string;

interface JudgementJson {
  id: string;
  a: string;
  b: string;
  judgement: string;
  canonicalId: string | null;
  absorbedId: string | null;
  undoneAt: string | null;
  note: string | null;
  score: number | null;
  reasons: unknown[];
}

async function api(p: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${env.server.url}${p}`, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function judgements(): Promise<JudgementJson[]> {
  const r = await api('/api/judgements?limit=100');
  expect(r.status).toBe(200);
  return r.body.judgements as JudgementJson[];
}

const live = (js: JudgementJson[]) => js.filter((j) => !j.undoneAt);
const samePair = (j: { a: string; b: string }, p: { a: string; b: string }) => (j.a === p.a && j.b === p.b) || (j.a === p.b && j.b === p.a);

/** The id the read API answers for `id`: the entity itself, or the one that absorbed it. */
async function nodeId(id: string): Promise<string> {
  const r = await api(`/api/nodes/${encodeURIComponent(id)}`);
  expect(r.status).toBe(200);
  return r.body.id as string;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-review-'));
  env = await startE2E({ config: { LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir } });
  // The real import path: the one-shot bundle import, as a script would send it.
  const res = await api('/api/import', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: readFileSync(FIXTURE, 'utf8'),
  });
  expect({ status: res.status, body: res.body?.status }).toEqual({ status: 200, body: 'imported' });
  expect(await nodeId('person-reg-pashinian')).toBe('person-reg-pashinian');
});

afterAll(async () => {
  await stopE2E(env ?? {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function openPage(viewport: { width: number; height: number }, phone: boolean, errors: string[], bypassCSP = false): Promise<Page> {
  const context = await env.browser.newContext({ viewport, bypassCSP, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('console', (m) => {
    // The wrong-token check answers 401 on purpose; the browser logs that load.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

async function shownPair(page: Page): Promise<{ a: string; b: string; index: string }> {
  await page.waitForSelector('#pair:not([hidden])');
  return page.evaluate(() => {
    const el = document.getElementById('pair')!;
    return { a: el.dataset.a!, b: el.dataset.b!, index: el.dataset.index! };
  });
}

async function waitStatus(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction((src) => new RegExp(src).test(document.getElementById('review-status')?.textContent ?? ''), pattern.source);
  return (await page.textContent('#review-status'))!;
}

/** Waits until the pair on screen is no longer `before` (the next one, drawn from the prefetch). */
async function nextPair(page: Page, before: { index: string }): Promise<{ a: string; b: string; index: string }> {
  await page.waitForFunction((i) => {
    const el = document.getElementById('pair')!;
    return !el.hidden && el.dataset.index !== i;
  }, before.index);
  return shownPair(page);
}

/** Enters the token through the page's own form, after a decision without it is refused in words. */
async function unlock(page: Page, phone: boolean, decide: () => Promise<void>): Promise<void> {
  expect(await page.isVisible('#token-box')).toBe(true);
  await decide();
  await page.waitForSelector('#token-error:not([hidden])');
  expect(await page.textContent('#token-error')).toMatch(/write token first/);
  expect(await page.textContent('#review-status')).toMatch(/Nothing was written/);
  expect(live(await judgements())).toHaveLength(0);
  // A wrong token is refused with the server's reason.
  await page.fill('#token-input', 'not-the-token-at-all-000000');
  if (phone) await page.tap('#token-submit');
  else await page.press('#token-input', 'Enter');
  await page.waitForFunction(() => /did not accept/.test(document.getElementById('token-error')?.textContent ?? ''));
  await page.fill('#token-input', TOKEN);
  if (phone) await page.tap('#token-submit');
  else await page.press('#token-input', 'Enter');
  await page.waitForSelector('#token-ok:not([hidden])');
  expect(await page.isHidden('#token-box')).toBe(true);
}

type Press = (action: 'same' | 'not_same' | 'unsure' | 'skip' | 'undo') => Promise<void>;

/**
 * Same, not same, unsure, then undo three times, asserting after each step what the server holds.
 * Ends where it started: no live judgement, every entity back.
 */
async function walk(page: Page, press: Press): Promise<JudgementJson> {
  const before = live(await judgements()).length;
  expect(before).toBe(0);

  // 1. Same: the pair becomes one entity; the merged-away id answers with the survivor.
  const first = await shownPair(page);
  await press('same');
  const merged = await waitStatus(page, /^Merged /);
  let js = live(await judgements());
  expect(js).toHaveLength(1);
  const same = js[0]!;
  expect(same.judgement).toBe('same');
  expect(samePair(same, first)).toBe(true);
  expect([first.a, first.b].sort()).toEqual([same.canonicalId, same.absorbedId].sort());
  expect(await nodeId(same.absorbedId!)).toBe(same.canonicalId);
  expect(await nodeId(same.canonicalId!)).toBe(same.canonicalId);
  expect(merged).toContain(same.absorbedId!);
  expect(merged).toContain(same.canonicalId!);
  // The score and reasons the pair was proposed with are kept with the judgement.
  expect(typeof same.score).toBe('number');
  expect(same.reasons.length).toBeGreaterThan(0);

  // 2. Not same, on the next pair, shown at once and never with the merged-away id.
  const second = await nextPair(page, first);
  expect([second.a, second.b]).not.toContain(same.absorbedId);
  await press('not_same');
  await waitStatus(page, /^Marked not the same/);
  js = live(await judgements());
  expect(js.map((j) => j.judgement).sort()).toEqual(['not_same', 'same']);
  expect(
    samePair(
      js.find((j) => j.judgement === 'not_same')!,
      second,
    ),
  ).toBe(true);
  expect(await nodeId(second.a)).toBe(second.a);
  expect(await nodeId(second.b)).toBe(second.b);

  // 3. Unsure.
  const third = await nextPair(page, second);
  await press('unsure');
  await waitStatus(page, /^Marked unsure/);
  js = live(await judgements());
  expect(js).toHaveLength(3);
  expect(
    samePair(
      js.find((j) => j.judgement === 'unsure')!,
      third,
    ),
  ).toBe(true);

  // 4. Undo, three times: each takes back the last decision on the server and shows its pair again.
  await press('undo');
  await waitStatus(page, /^Undone: .* no longer marked unsure/);
  expect((await shownPair(page)).index).toBe(third.index);
  expect(
    live(await judgements())
      .map((j) => j.judgement)
      .sort(),
  ).toEqual(['not_same', 'same']);

  await press('undo');
  await waitStatus(page, /^Undone: .* no longer marked not the same/);
  expect((await shownPair(page)).index).toBe(second.index);
  expect(live(await judgements()).map((j) => j.judgement)).toEqual(['same']);

  await press('undo');
  await waitStatus(page, /^Undone: the merge .* is split/);
  const back = await shownPair(page);
  expect(back.index).toBe(first.index);
  expect([back.a, back.b].sort()).toEqual([first.a, first.b].sort());
  expect(live(await judgements())).toHaveLength(0);
  expect(await nodeId(same.absorbedId!)).toBe(same.absorbedId);
  expect(await nodeId(same.canonicalId!)).toBe(same.canonicalId);
  const undone = (await judgements()).find((j) => j.id === same.id)!;
  expect(undone.undoneAt).not.toBeNull();

  // Skip moves on without writing anything.
  await press('skip');
  await waitStatus(page, /^Skipped/);
  expect((await shownPair(page)).index).not.toBe(first.index);
  expect(live(await judgements())).toHaveLength(0);
  return same;
}

describe('the Review page at 1440x900, by keyboard', () => {
  const errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    page = await openPage({ width: 1440, height: 900 }, false, errors);
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('shows a Person pair side by side with its score, reasons and marked differences', async () => {
    await page.goto(`${env.server.url}/review?type=Person`);
    await page.waitForSelector('body[data-ready="true"]');
    const pair = await shownPair(page);
    expect(pair.a).not.toBe(pair.b);
    // Every pair on the queue joins a planted duplicate to its demo original.
    const ids = [pair.a, pair.b];
    expect(ids.some((id) => id.startsWith('person-reg-'))).toBe(true);
    expect(await page.textContent('#pair .score-value')).toMatch(/^\d+ %$/);
    expect(await page.$$eval('#pair .reasons li', (li) => li.length)).toBeGreaterThan(0);
    for (const side of ['a', 'b'])
      expect(await page.getAttribute(`#pair .side[data-side="${side}"] .explorer-link`, 'href')).toBe(
        `/?focus=${encodeURIComponent(side === 'a' ? pair.a : pair.b)}`,
      );
    // The two come from different sources; at least one property or name is marked as differing.
    expect(await page.$$eval('#pair .side .sources li', (li) => li.length)).toBeGreaterThan(1);
    expect(await page.$$eval('#pair .mark-differs, #pair .mark-only', (els) => els.length)).toBeGreaterThan(0);
    // Side by side: the right one starts to the right of the left one, at the same height.
    const boxes = await page.$$eval('#pair .side', (els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    expect(boxes[1].left).toBeGreaterThanOrEqual(boxes[0].right);
    expect(Math.abs(boxes[1].top - boxes[0].top)).toBeLessThan(2);
  });

  it('shows the keys on ?, and asks for the token before a decision', async () => {
    await page.keyboard.press('?');
    await page.waitForSelector('#keys-dialog[open]');
    const keys = (await page.textContent('#keys-table'))!;
    for (const word of ['same', 'not the same', 'unsure', 'skip', 'undo']) expect(keys).toContain(word);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !(document.getElementById('keys-dialog') as HTMLDialogElement).open);
    await unlock(page, false, () => page.keyboard.press('s'));
    // Back to the pair: the decision keys act again once focus leaves the token field.
    await page.focus('#pair');
    // For the README: the page as a reviewer sees it once unlocked.
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'review.png') });
  });

  it('walks same, not same, unsure and undo by keyboard, the server agreeing at each step', async () => {
    const keyOf = { same: 's', not_same: 'n', unsure: 'u', skip: 'k', undo: 'z' } as const;
    let undos = 0;
    // A note goes with the next decision; Enter hands the keys back to the pair.
    await page.fill('#decision-note', 'same birth date and post in both sources');
    await page.press('#decision-note', 'Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pair');
    const same = await walk(page, async (action) => {
      // The second undo by Ctrl+Z, the others by z; skip by Space.
      if (action === 'undo' && ++undos === 2) await page.keyboard.press('Control+z');
      else if (action === 'skip') await page.keyboard.press('Space');
      else await page.keyboard.press(keyOf[action]);
    });
    expect(same.note).toBe('same birth date and post in both sources');
    expect((await judgements()).filter((j) => j.note).map((j) => j.id)).toEqual([same.id]);
    // Keyboard focus stays visible on the pair.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pair');
    expect(await page.evaluate(() => document.activeElement?.matches(':focus-visible'))).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('the Review page on a phone (390x844), by taps', () => {
  const errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    page = await openPage({ width: 390, height: 844 }, true, errors);
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('stacks the pair, keeps large decision buttons on screen, and walks the same decisions by tapping', async () => {
    await page.goto(`${env.server.url}/review?type=Person`);
    await page.waitForSelector('body[data-ready="true"]');
    await shownPair(page);
    const layout = await page.evaluate(() => {
      const [a, b] = Array.from(document.querySelectorAll('#pair .side')).map((e) => e.getBoundingClientRect());
      const buttons = Array.from(document.querySelectorAll<HTMLElement>('#decisions button')).map((e) => {
        const r = e.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return { id: e.id, h: r.height, w: r.width, bottom: r.bottom, onTop: Boolean(top && e.contains(top)) };
      });
      return { stacked: b!.top >= a!.bottom, scrollX: document.documentElement.scrollWidth - innerWidth, buttons, vh: innerHeight };
    });
    expect(layout.stacked).toBe(true);
    expect(layout.scrollX).toBeLessThanOrEqual(0);
    for (const b of layout.buttons) {
      expect({ id: b.id, tall: b.h >= 44, wide: b.w >= 44, onScreen: b.bottom <= layout.vh, onTop: b.onTop }).toEqual({
        id: b.id,
        tall: true,
        wide: true,
        onScreen: true,
        onTop: true,
      });
    }
    await unlock(page, true, () => page.tap('#decide-same'));
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'review-phone.png') });
    const buttonOf = {
      same: '#decide-same',
      not_same: '#decide-not-same',
      unsure: '#decide-unsure',
      skip: '#decide-skip',
      undo: '#decide-undo',
    };
    await walk(page, (action) => page.tap(buttonOf[action]));
    expect(errors).toEqual([]);
  });
});

describe('the cluster view', () => {
  const errors: string[] = [];
  let page: Page;

  beforeAll(async () => {
    page = await openPage({ width: 1440, height: 900 }, false, errors);
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('merges three spellings of Transport & Environment in one step, with progress, into the one picked to stay', async () => {
    await page.goto(`${env.server.url}/review`);
    await page.waitForSelector('body[data-ready="true"]');
    // The token is in this tab's storage only: a fresh context asks for it again.
    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#token-ok:not([hidden])');
    await page.click('#tab-clusters');
    await page.waitForSelector('#panel-clusters fieldset.cluster');
    expect(await page.inputValue('#type-select')).toBe('Organization');
    const cluster = await page.evaluate((te) => {
      const box = Array.from(document.querySelectorAll<HTMLElement>('fieldset.cluster')).find((f: HTMLElement) =>
        te.every((id) => f.querySelector(`li.member[data-id="${id}"]`)),
      );
      return box
        ? {
            index: box.dataset.cluster!,
            members: Array.from(box.querySelectorAll<HTMLElement>('li.member')).map((li: HTMLElement) => li.dataset.id!),
          }
        : null;
    }, TE);
    expect(cluster).not.toBeNull();
    const box = `fieldset.cluster[data-cluster="${cluster!.index}"]`;
    // Only the three spellings are one organisation: any other member is unticked.
    for (const id of cluster!.members) if (!TE.includes(id)) await page.uncheck(`${box} li.member[data-id="${id}"] input.pick`);
    // The one to keep is the register's first spelling, whichever the list put first.
    await page.check(`${box} li.member[data-id="${TE[0]}"] input[type=radio]`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'review-clusters.png') });
    await page.click(`${box} button.merge-selected`);
    await page.waitForFunction((sel) => /^Merged 2 into/.test(document.querySelector(`${sel} .cluster-status`)?.textContent ?? ''), box);
    expect(await page.textContent(`${box} .cluster-status`)).toContain(TE[0]);

    // On the server: two "same" judgements into the survivor, both old ids answering with it.
    const js = live(await judgements()).filter((j) => j.judgement === 'same');
    expect(js).toHaveLength(2);
    for (const j of js) expect(j.canonicalId).toBe(TE[0]);
    expect(js.map((j) => j.absorbedId).sort()).toEqual([TE[1], TE[2]].sort());
    for (const id of TE) expect(await nodeId(id)).toBe(TE[0]);
    // The survivor keeps every spelling and the citations of all three.
    const survivor = (await api(`/api/nodes/${TE[0]}`)).body;
    const names = [survivor.name, ...(survivor.properties.aliases ?? [])];
    for (const n of ['Transport & Environment', 'Transport and Environment', 'Transport & Environment (T&E)']) expect(names).toContain(n);
    expect(new Set(survivor.citations.map((c: { sourceId: string }) => c.sourceId))).toEqual(
      new Set(['src-dup-visits-register', 'src-dup-press-digest']),
    );

    // The pairs of organisations no longer offer an id merged away.
    await page.click('#tab-pairs');
    await page.waitForFunction(() => ['pair', 'empty'].includes(document.body.dataset.pairState ?? ''));
    if ((await page.getAttribute('body', 'data-pair-state')) === 'pair') {
      const p = await shownPair(page);
      expect([p.a, p.b]).not.toContain(TE[1]);
      expect([p.a, p.b]).not.toContain(TE[2]);
    }
    expect(errors).toEqual([]);
  });
});

describe('a cluster merge that fails half way', () => {
  it('stops at the failing pair, names it, and undoes what it merged', async () => {
    const errors: string[] = [];
    const page = await openPage({ width: 1440, height: 900 }, false, errors);
    await page.goto(`${env.server.url}/review?mode=clusters`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#token-ok:not([hidden])');
    await page.waitForSelector('#panel-clusters fieldset.cluster');
    const index = await page.evaluate(
      (gp) =>
        Array.from(document.querySelectorAll<HTMLElement>('fieldset.cluster')).find((f: HTMLElement) =>
          gp.every((id) => f.querySelector(`li.member[data-id="${id}"]`)),
        )?.dataset.cluster ?? null,
      GP,
    );
    expect(index).not.toBeNull();
    const box = `fieldset.cluster[data-cluster="${index}"]`;
    await page.check(`${box} li.member[data-id="${GP[0]}"] input[type=radio]`);
    // Meanwhile someone merges the other two: after the first of the page's merges, the second pair is already one entity.
    const other = await api('/api/judgements', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ a: GP[1], b: GP[2], judgement: 'same', keep: 'a' }),
    });
    expect(other.status).toBe(201);
    const before = live(await judgements()).length;
    await page.click(`${box} button.merge-selected`);
    await page.waitForFunction((sel) => /^Stopped:/.test(document.querySelector(`${sel} .cluster-status`)?.textContent ?? ''), box);
    const said = (await page.textContent(`${box} .cluster-status`))!;
    expect(said).toMatch(
      /^Stopped: merging .+ into .+\(org-reg-greenpeace-european-unit\) failed: .*already one entity.*1 of 2 merged before it/,
    );
    expect(live(await judgements())).toHaveLength(before + 1);
    for (const id of GP) expect(await nodeId(id)).toBe(GP[0]);
    // Undo this merge takes back the one the page made; the other reviewer's stays.
    await page.click(`${box} button.undo-cluster`);
    await page.waitForFunction((sel) => /^Undone/.test(document.querySelector(`${sel} .cluster-status`)?.textContent ?? ''), box);
    expect(live(await judgements())).toHaveLength(before);
    expect(await nodeId(GP[0])).toBe(GP[0]);
    expect(await nodeId(GP[2])).toBe(GP[1]);
    expect(
      (await api(`/api/judgements/${other.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    expect(await nodeId(GP[2])).toBe(GP[2]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('when the graph changes under the page', () => {
  it('answers a 409 in words and reads the pair again, passing it over once it is one entity', async () => {
    const errors: string[] = [];
    const page = await openPage({ width: 1440, height: 900 }, false, errors);
    await page.goto(`${env.server.url}/review?type=Person`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.fill('#token-input', TOKEN);
    await page.press('#token-input', 'Enter');
    await page.waitForSelector('#token-ok:not([hidden])');
    const shown = await shownPair(page);
    // Another reviewer merges the pair first.
    const other = await api('/api/judgements', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ a: shown.a, b: shown.b, judgement: 'same' }),
    });
    expect(other.status).toBe(201);
    await page.focus('#pair');
    await page.keyboard.press('s');
    const said = await waitStatus(page, /^Nothing was decided/);
    expect(said).toMatch(/graph changed or is busy/);
    expect(said).toMatch(/already one entity/);
    const next = await nextPair(page, shown);
    expect([next.a, next.b]).not.toContain(other.body.absorbedId);
    expect(live(await judgements()).filter((j) => j.judgement === 'same' && j.id !== other.body.id && j.a.startsWith('person'))).toEqual(
      [],
    );
    // Put it back for what follows.
    expect(
      (await api(`/api/judgements/${other.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    expect(await nodeId(other.body.absorbedId)).toBe(other.body.absorbedId);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('empty and accessible', () => {
  it('says when a type has no candidates, and how to find some', async () => {
    const errors: string[] = [];
    const page = await openPage({ width: 1440, height: 900 }, false, errors);
    await page.goto(`${env.server.url}/review?type=Topic`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#pair-empty:not([hidden])');
    const text = (await page.textContent('#pair-empty'))!;
    expect(text).toMatch(/No candidate pairs for topics/);
    expect(text).toMatch(/Import page/);
    expect(await page.isHidden('#pair')).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['desktop', { width: 1440, height: 900 }, false],
    ['phone', { width: 390, height: 844 }, true],
  ] as const)(
    'has no serious or critical axe-core violations on a %s, with a pair and with the keys dialog',
    async (_label, viewport, phone) => {
      const errors: string[] = [];
      // axe is injected: the context bypasses the CSP for that one file.
      const page = await openPage(viewport, phone, errors, true);
      await page.goto(`${env.server.url}/review?type=Person`);
      await page.waitForSelector('body[data-ready="true"]');
      await shownPair(page);
      await page.addScriptTag({ path: AXE });
      const audit = () =>
        page.evaluate(async () => {
          const w = globalThis as unknown as { axe: { run: (d: unknown, o: unknown) => Promise<{ violations: any[] }> } };
          const r = await w.axe.run(document, { resultTypes: ['violations'] });
          return r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .flatMap((v) => v.nodes.map((n: any) => `${v.id}: ${n.target.join(' ')}`)) as string[];
        });
      expect(await audit()).toEqual([]);
      await page.click('#help-button');
      await page.waitForSelector('#keys-dialog[open]');
      expect(await audit()).toEqual([]);
      await page.keyboard.press('Escape');
      await page.click('#tab-clusters');
      await page.waitForSelector('#panel-clusters fieldset.cluster, #cluster-empty:not([hidden])');
      expect(await audit()).toEqual([]);
      await page.context().close();
    },
  );
});
