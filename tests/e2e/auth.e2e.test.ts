// Signing in end to end, at 1440x900 and on a phone (390x844, touch): the account widget in the top
// bar refuses a wrong password in words, signs an admin in, links to the Users page, where the admin
// creates an editor (the generated password shown once) and an API key of their own (shown once);
// the editor, signed in, finds the Import page open without any token; signing out ends it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';

import { UserStore } from '../../server/src/auth';
import { SCREENSHOT_DIR } from '../support/browser';
import { startE2E, stopE2E, type E2E } from '../support/e2e';

declare const document: any;

const ADMIN_PASSWORD = 'e2e-admin-password-01';

let env: E2E;
let dataDir: string;
const errors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'liaison-auth-e2e-'));
  await new UserStore(dataDir).create({ name: 'ada', role: 'admin', password: ADMIN_PASSWORD });
  env = await startE2E({ config: { LIAISON_DATA_DIR: dataDir } });
});
afterAll(async () => {
  await stopE2E(env ?? {});
});

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, phone: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true },
] as const;

async function freshPage(viewport: { width: number; height: number }, phone: boolean): Promise<Page> {
  const context = await env.browser.newContext({ viewport, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('console', (m) => {
    // The wrong password answers 401 on purpose; the browser logs that load.
    if (m.type() === 'error' && !/401/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

const press = (page: Page, phone: boolean, selector: string) => (phone ? page.tap(selector) : page.click(selector));

async function signIn(page: Page, phone: boolean, name: string, password: string): Promise<void> {
  await page.waitForSelector('.account-button');
  await press(page, phone, '.account-button');
  await page.waitForSelector('#account-name');
  await page.fill('#account-name', name);
  await page.fill('#account-password', password);
  await page.press('#account-password', 'Enter');
}

describe.each(VIEWPORTS)('signing in ($name)', ({ name, viewport, phone }) => {
  let editorPassword = '';
  const editorName = `ed-${name}`;

  it('refuses a wrong password in words, then signs the admin in from the top bar', async () => {
    const page = await freshPage(viewport, phone);
    await page.goto(`${env.server.url}/`);
    await signIn(page, phone, 'ada', 'not-the-password');
    await page.waitForSelector('#account-error:not([hidden])');
    expect(await page.textContent('#account-error')).toMatch(/name or the password is wrong/);
    await page.fill('#account-password', ADMIN_PASSWORD);
    await page.press('#account-password', 'Enter');
    await page.waitForFunction(() => document.querySelector('.account-button')?.textContent === 'ada');
    // The panel closed; the session cookie is HttpOnly, out of the page's reach.
    expect(await page.isHidden('#account-panel')).toBe(true);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    // The button fits in the explorer's full top bar: nothing sticks out sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `auth-signed-in-${name}.png`) });
    await page.context().close();
  });

  it('the admin creates an editor and an API key on the Users page; each secret is shown once', async () => {
    const page = await freshPage(viewport, phone);
    await page.goto(`${env.server.url}/`);
    await signIn(page, phone, 'ada', ADMIN_PASSWORD);
    await page.waitForFunction(() => document.querySelector('.account-button')?.textContent === 'ada');
    await press(page, phone, '.account-button');
    await press(page, phone, '.account-link');
    await page.waitForURL(/\/admin\.html$/);
    await page.waitForSelector('#users:not([hidden]) #users-body tr');
    expect(await page.textContent('#users-body')).toContain('ada (you)');

    await page.fill('#create-name', editorName);
    await page.selectOption('#create-role', 'editor');
    await press(page, phone, '#create-form button[type=submit]');
    await page.waitForSelector('#create-ok:not([hidden])');
    const created = (await page.textContent('#create-ok')) ?? '';
    editorPassword = /shown this once: (\S+)/.exec(created)![1]!;
    expect(editorPassword).toHaveLength(20);
    await page.waitForSelector(`#users-body tr:has-text("${editorName}")`);
    expect(await page.inputValue(`#users-body tr:has-text("${editorName}") select`)).toBe('editor');

    await page.fill('#key-label', `script ${name}`);
    await press(page, phone, '#key-form button[type=submit]');
    await page.waitForSelector('#key-secret:not([hidden])');
    expect(await page.textContent('#key-secret-value')).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
    await page.waitForSelector(`#keys-list li:has-text("script ${name}")`);

    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `auth-users-${name}.png`), fullPage: true });
    await page.context().close();
  });

  it('the editor, signed in, finds the Import page open without a token; signing out ends the session', async () => {
    const page = await freshPage(viewport, phone);
    await page.goto(`${env.server.url}/import.html`);
    await page.waitForSelector('#token-form:not([hidden])');
    await signIn(page, phone, editorName, editorPassword);
    await page.waitForSelector('#token-ok:not([hidden])');
    expect(await page.isVisible('#step-file')).toBe(true);
    expect(await page.textContent('.account-button')).toBe(editorName);

    await press(page, phone, '.account-button');
    await press(page, phone, '.account-signout');
    await page.waitForFunction(() => document.querySelector('.account-button')?.textContent === 'Sign in');
    const state = await page.evaluate(() => fetch('/api/session').then((r) => r.json()));
    expect(state).toMatchObject({ user: null, via: 'anonymous' });
    await page.context().close();
  });
});

describe('the browser', () => {
  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
