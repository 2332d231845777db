// The Draft page in a real browser against the real server and the demo graph (issue 12, item 4):
// at 1440x900 the seed article is pasted, its proposals are marked in the text, the known names
// show as linked to the stored entities, one proposal is rejected and one edited, and the accepted
// ones go in as one import (checked through the read API); on a 390x844 touch phone the Reuters
// report is drafted, a few proposals are accepted by taps and imported, in a one-column layout
// with the import button on screen. Screenshots: draft.png, draft-phone.png.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { SCREENSHOT_DIR } from '../support/browser';
import { startE2E, stopE2E, type E2E } from '../support/e2e';

const TOKEN = 'draft-e2e-token-0123456789abcdef';
const SEED = path.resolve(__dirname, '../../../shared/seed/caucasus-watch-patrushev-azerbaijan-2019.de.txt');
const REUTERS = path.resolve(__dirname, '../fixtures/articles/reuters-2026-02-05-ukraine-russia-abu-dhabi-talks.en.json');

let env: E2E;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-e2e-draft-'));
  env = await startE2E({ config: { LIAISON_API_TOKEN: TOKEN, LIAISON_DATA_DIR: dataDir } });
});
afterAll(async () => {
  await stopE2E(env ?? {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function api(p: string): Promise<any> {
  const res = await fetch(`${env.server.url}${p}`);
  expect(res.status).toBe(200);
  return res.json();
}

async function openPage(viewport: { width: number; height: number }, phone: boolean, errors: string[]): Promise<Page> {
  const context = await env.browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('console', (m) => {
    // The missing title is answered 400 on purpose; the browser logs that load.
    if (m.type() === 'error' && !/status of 40[01]/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/draft.html`);
  return page;
}

async function draft(
  page: Page,
  text: string,
  source: { title: string; publisher: string; published?: string; language: string },
  phone: boolean,
): Promise<void> {
  await page.fill('#article-text', text);
  await page.fill('#source-title', source.title);
  await page.fill('#source-publisher', source.publisher);
  if (source.published) await page.fill('#source-published', source.published);
  await page.selectOption('#source-language', source.language);
  await page.locator('#key-box summary')[phone ? 'tap' : 'click']();
  await page.fill('#key-input', TOKEN);
  await page.locator('#draft-button')[phone ? 'tap' : 'click']();
  await page.waitForSelector('#review:not([hidden])');
}

/** The card whose summary starts with `text`. */
const cardOf = (page: Page, text: string) => page.locator('.proposal', { has: page.locator('.summary', { hasText: text }) }).first();

describe('Draft page', () => {
  it('desktop: the seed article, known names and meetings linked, one rejected, one edited, imported as one bundle', async () => {
    const errors: string[] = [];
    const page = await openPage({ width: 1440, height: 900 }, false, errors);
    // A field error shows at its field, from the server's problem+json.
    await page.click('#key-box summary');
    await page.fill('#key-input', TOKEN);
    await page.fill('#article-text', 'Patruschew traf Alijew.');
    await page.click('#draft-button');
    await page.waitForSelector('#err-source-title:not([hidden])');
    await expect(page.locator('#err-source-title').textContent()).resolves.toMatch(/title/);
    // The key box is open already: draft() opens it only when it is closed.
    await page.click('#key-box summary');
    await draft(
      page,
      readFileSync(SEED, 'utf8'),
      { title: 'Patruschews Mission im Südkaukasus', publisher: 'Caucasus Watch', language: 'de' },
      false,
    );
    // The proposals are marked in the article: names, meeting words, role words.
    const marks = page.locator('#article-view mark');
    expect(await marks.count()).toBeGreaterThan(30);
    await expect(page.locator('#article-view mark.kind-entity', { hasText: 'Nikolai Patruschew' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#article-view mark.kind-meeting', { hasText: 'Besuch' }).count()).resolves.toBeGreaterThan(0);
    // Known: linked to the stored Patrushev, under the stored name.
    const patrushev = cardOf(page, 'Person: Nikolai Patrushev');
    await expect(patrushev.locator('.link-now').textContent()).resolves.toMatch(
      /Linked to stored Person “Nikolai Patrushev” \(person-patrushev\)/,
    );
    await page.click('#accept-all');
    await expect(page.locator('#review-summary').textContent()).resolves.toMatch(/^\d+ accepted, 0 rejected, 0 to decide/);
    // Georgia is only in the page footer: rejected, and its mark is struck through.
    const georgia = cardOf(page, 'Country: Georgia');
    await georgia.locator('button.reject').click();
    await expect(georgia.getAttribute('class')).resolves.toMatch(/state-rejected/);
    await expect(page.locator('#article-view mark.state-rejected', { hasText: 'Georgien' }).count()).resolves.toBe(1);
    // The 2017 visit is the stored one (same person, same year): linked, not written again.
    const earlier = cardOf(page, 'Patrushev’s previous official visit to Baku, 2017');
    await expect(earlier.locator('.link-now').textContent()).resolves.toMatch(/\(meeting-2017-visit-baku\)/);
    // A topic gets a better name, typed in its card.
    const karabakh = cardOf(page, 'Bergkarabach-Konflikt');
    await karabakh.locator('details.edits summary').click();
    await karabakh.locator('[data-edit="name"]').fill('Nagorno-Karabakh conflict (drafted)');
    await karabakh.locator('[data-edit="name"]').press('Enter');
    await expect(cardOf(page, 'Nagorno-Karabakh conflict (drafted)').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'draft.png') });
    await page.click('#import-button');
    await page.waitForFunction(() => /^Imported:/.test(document.getElementById('import-status')?.textContent ?? ''));
    // In the graph: no Georgia, the edited meeting, Patrushev still one person, cited by the new Source.
    expect((await api('/api/search?q=Georgia&types=Country')).results).toEqual([]);
    const topics = (await api('/api/search?q=Nagorno%20Karabakh%20drafted&types=Topic')).results as Array<{ name: string }>;
    expect(topics.map((t) => t.name)).toEqual(['Nagorno-Karabakh conflict (drafted)']);
    const visits = (await api('/api/search?q=previous%20official%20visit%20Baku&types=Meeting')).results as Array<{ id: string }>;
    expect(visits.map((m) => m.id)).toEqual(['meeting-2017-visit-baku']);
    expect((await api('/api/search?q=Patruschew&types=Person')).results.map((r: { id: string }) => r.id)).toEqual(['person-patrushev']);
    expect(JSON.stringify((await api('/api/nodes/person-patrushev')).citations)).toContain('src-patruschews-mission-im-sudkaukasus');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('phone: the Reuters report, a few proposals accepted by taps, imported; one column, the button on screen', async () => {
    const errors: string[] = [];
    const page = await openPage({ width: 390, height: 844 }, true, errors);
    const fixture = JSON.parse(readFileSync(REUTERS, 'utf8')) as { text: string; header: { title: string; published: string } };
    await draft(
      page,
      fixture.text,
      { title: fixture.header.title, publisher: 'Reuters', published: fixture.header.published, language: 'en' },
      true,
    );
    // Vladimir Putin is in the demo graph: linked.
    await expect(cardOf(page, 'Person: Vladimir Putin').locator('.badge.known').count()).resolves.toBe(1);
    for (const text of ['Person: Volodymyr Zelenskiy', 'Person: Donald Tusk', 'Talks between Volodymyr Zelenskiy, Donald Tusk']) {
      const card = cardOf(page, text);
      await card.scrollIntoViewIfNeeded();
      await card.locator('button.accept').tap();
      await expect(card.getAttribute('class')).resolves.toMatch(/state-accepted/);
    }
    for (const who of ['Volodymyr Zelenskiy took part', 'Donald Tusk took part']) await cardOf(page, who).locator('button.accept').tap();
    await expect(page.locator('#import-button').textContent()).resolves.toBe('Import 5 accepted');
    // One column: the proposals under the article; nothing wider than the screen; the button in view.
    const article = (await page.locator('#article-view').boundingBox())!;
    const list = (await page.locator('#proposal-list').boundingBox())!;
    expect(list.y).toBeGreaterThan(article.y + article.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const button = (await page.locator('#import-button').boundingBox())!;
    expect(button.y + button.height).toBeLessThanOrEqual(844);
    expect(button.height).toBeGreaterThanOrEqual(36);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'draft-phone.png') });
    await page.locator('#import-button').tap();
    await page.waitForFunction(() => /^Imported:/.test(document.getElementById('import-status')?.textContent ?? ''));
    const tusk = (await api('/api/search?q=Donald%20Tusk&types=Person')).results as Array<{ id: string }>;
    expect(tusk).toHaveLength(1);
    const around = await api(`/api/nodes/${encodeURIComponent(tusk[0]!.id)}/neighbors?relTypes=TAKES_PART`);
    expect(JSON.stringify(around)).toContain('Zelenskiy');
    // Not accepted, not imported.
    expect((await api('/api/search?q=Scott%20Bessent&types=Person')).results).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
