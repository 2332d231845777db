// Curating in the explorer end to end, at 1440x900 and on a phone (390x844, touch): an editor made
// through the admin API signs in with the account widget, opens Patrushev, adds a meeting with
// Usubov through "Add meeting…" — first submitted without a quote, which the form shows at the
// quote field — with a quote of the Caucasus Watch article picked by its title, sees the meeting
// and both links on the canvas and the change in the meeting's History, undoes it (Ctrl+Z on the
// desktop, the toast's Undo on the phone), and the graph is as before: the dump of every node,
// relationship and citation is the same before and after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { ROOT_DIR } from '../../server/src/config';
import { dumpGraph } from '../support/db';
import { startE2E, stopE2E, type E2E } from '../support/e2e';

declare const window: any;

const TOKEN = 'curate-e2e-operator-token-0123456789';
const EDITOR = { name: 'editor-e2e', password: 'curate-e2e-password-9876' };
const TITLE = 'Patrushev and Usubov in Moscow';
const QUOTE = 'Patruschew traf Usubow im Oktober erneut in Moskau.';

const AXE = path.join(ROOT_DIR, 'node_modules', 'axe-core', 'axe.min.js');

let env: E2E;
let dataDir: string;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'liaison-curate-e2e-'));
  env = await startE2E({ config: { LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir } });
  const res = await fetch(`${env.server.url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ ...EDITOR, role: 'editor' }),
  });
  expect(res.status).toBe(201);
});
afterAll(async () => {
  await stopE2E(env ?? {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.liaison?.idle && !window.liaison.cy.nodes().some((n: any) => n.animated()));
  await page.waitForTimeout(100);
}

/** axe-core's serious and critical violations inside `selector` (the edit dialog), as short lines. */
async function axeSerious(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (sel) => {
    const result = await window.axe.run(sel, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v: any) => v.nodes.map((n: any) => `${v.impact} ${v.id}: ${v.help} — ${n.target.join(' ')}`));
  }, selector);
}

const press = (page: Page, phone: boolean, selector: string) => (phone ? page.tap(selector) : page.click(selector));

/** Opens the bottom sheet on a phone (the details panel lives in it). */
async function sheet(page: Page, phone: boolean): Promise<void> {
  if (phone && !(await page.evaluate(() => document.body.classList.contains('sheet-open')))) await page.tap('#sheet-toggle');
}

describe.each([
  ['desktop', { width: 1440, height: 900 }, false],
  ['phone', { width: 390, height: 844 }, true],
] as const)('curating on %s', (label, viewport, phone) => {
  it('adds a meeting between Patrushev and Usubov with a quote, sees it, undoes it, and the graph is as before', async () => {
    const title = `${TITLE} (${label})`;
    const before = await dumpGraph(env.db.executor);
    // The CSP is bypassed for the one injected axe-core script.
    const context = await env.browser.newContext({ viewport, bypassCSP: true, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.server.url}/?focus=person-patrushev`);
    await page.waitForSelector('body[data-ready="true"]');
    await idle(page);

    // Signed out, the panel offers no editing.
    await sheet(page, phone);
    await page.waitForSelector('#details[data-state="ready"][data-id="person-patrushev"]');
    expect(await page.$('#details .edit-section')).toBeNull();

    await press(page, phone, '#account .account-button');
    await page.fill('#account-name', EDITOR.name);
    await page.fill('#account-password', EDITOR.password);
    await page.press('#account-password', 'Enter');
    await page.waitForSelector('#details .edit-section [data-edit="add-meeting"]');
    await sheet(page, phone);
    if (!phone) {
      // Esc closes the dialog and gives the focus back to the button that opened it.
      await page.focus('#details [data-edit="add-meeting"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#edit-dialog[open]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('#edit-dialog:not([open])', { state: 'attached' });
      expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.edit)).toBe('add-meeting');
    }
    await press(page, phone, '#details [data-edit="add-meeting"]');
    await page.waitForSelector('#edit-dialog[open]');
    // The focus starts in the first field.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('title');

    const form = '#edit-dialog form';
    await page.fill(`${form} .meeting-props [name="title"]`, title);
    await page.selectOption(`${form} .meeting-props [name="kind"]`, 'talks');
    await page.fill(`${form} .meeting-props [name="date"]`, '2019-10');
    await page.fill(`${form} .meeting-props [name="place"]`, 'Moscow');
    // The second participant, found by a spelling of his name.
    const pick = `${form} .participants .entity-pick input`;
    await page.fill(pick, 'Usubow');
    await page.waitForSelector(`${form} .participants li[data-hit="person-usubov"]`);
    if (phone) await page.tap(`${form} .participants li[data-hit="person-usubov"]`);
    else {
      // Keyboard: the first hit is active; Enter takes it.
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.getAttribute('aria-selected') === 'true',
        `${form} .participants li[data-hit="person-usubov"]`,
      );
      await page.press(pick, 'Enter');
    }
    await page.waitForSelector(`${form} .participant[data-participant="person-usubov"]`);
    // The evidence: the Source picked by words of its title.
    await page.fill(`${form} .evidence .ev-q`, 'mission im südkaukasus');
    const option = `${form} .evidence li[data-source="src-caucasus-watch-2019-09"]`;
    await page.waitForSelector(option);
    // Only the Caucasus Watch article has these words in its title; it is the active option.
    expect(await page.$$eval(`${form} .evidence li[data-source]`, (lis) => lis.map((li) => li.getAttribute('data-source')))).toEqual([
      'src-caucasus-watch-2019-09',
    ]);
    expect(await page.getAttribute(option, 'aria-selected')).toBe('true');
    if (phone) await page.tap(option);
    else await page.press(`${form} .evidence .ev-q`, 'Enter');
    await page.waitForFunction((sel) => /Chosen: /.test(document.querySelector(sel)?.textContent ?? ''), `${form} .ev-chosen`);

    // Submitted without the quote: the server's problem is shown at the quote field, nothing is written.
    if (phone) await page.tap(`${form} button[type=submit]`);
    else await page.press(`${form} .meeting-props [name="place"]`, 'Enter');
    await page.waitForSelector(`${form} .ev-quote[aria-invalid="true"]`);
    expect(await page.textContent(`${form} .field:has(.ev-quote) .field-error`)).toMatch(/quote/i);
    expect(await dumpGraph(env.db.executor)).toBe(before);
    // The form with its problem shown: labelled fields, the error tied to its field (axe-core).
    expect(await axeSerious(page, '#edit-dialog')).toEqual([]);
    expect(await page.getAttribute(`${form} .ev-quote`, 'aria-describedby')).toMatch(/err-/);

    await page.fill(`${form} .ev-quote`, QUOTE);
    if (phone) await page.tap(`${form} button[type=submit]`);
    else await page.press(`${form} .meeting-props [name="place"]`, 'Enter');
    await page.waitForSelector('#edit-dialog:not([open])', { state: 'attached' });
    await page.waitForSelector('#edit-toast:not([hidden]) .toast-undo');

    // On the canvas: the meeting and its two links.
    const meetingId = (await page
      .waitForFunction(
        (title) =>
          window.liaison.cy
            .nodes()
            .filter((n: any) => n.data('label') === title)
            .map((n: any) => n.id())[0],
        title,
      )
      .then((h) => h.jsonValue())) as string;
    await idle(page);
    const ends = await page.evaluate(
      (id) =>
        window.liaison.cy
          .getElementById(id)
          .connectedEdges()
          .map((e: any) => `${e.data('type')} ${e.source().id()}`)
          .sort(),
      meetingId,
    );
    expect(ends).toEqual(['TAKES_PART person-patrushev', 'TAKES_PART person-usubov']);
    const stored = await (await fetch(`${env.server.url}/api/nodes/${meetingId}`)).json();
    expect(stored.properties).toMatchObject({ title, date: '2019-10', datePrecision: 'month', place: 'Moscow' });
    expect(stored.citations).toEqual([expect.objectContaining({ quote: QUOTE, sourceId: 'src-caucasus-watch-2019-09' })]);

    // In the meeting's history (the new meeting is selected), with who made it.
    await sheet(page, phone);
    await page.waitForSelector(`#details[data-state="ready"][data-id="${meetingId}"] .history-section`);
    await page.waitForFunction((name) => {
      const text = document.querySelector('#details .history-section')?.textContent ?? '';
      return text.includes(name) && /Added/.test(text);
    }, EDITOR.name);

    // Undo: Ctrl+Z on the desktop, the toast's button on the phone.
    if (phone) await page.tap('#edit-toast .toast-undo');
    else {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Control+z');
    }
    await page.waitForFunction(() => /Undone/.test(document.querySelector('#edit-toast')?.textContent ?? ''));
    await page.waitForFunction((id) => window.liaison.cy.getElementById(id).empty(), meetingId);
    expect((await fetch(`${env.server.url}/api/nodes/${meetingId}`)).status).toBe(404);
    expect(await dumpGraph(env.db.executor)).toBe(before);
    await context.close();
  });
});

describe('curating', () => {
  it('left no error in any page but the refused first submit', () => {
    expect(errors.filter((e) => !/status of (400|401)/.test(e))).toEqual([]);
  });
});
