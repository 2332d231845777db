// What every end-to-end test starts with: the test database holding the demo graph, the real app
// serving the built client on a free port, and headless Debian Chromium; and how it stops them.
import path from 'node:path';

import { afterAll, beforeAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';

import type { AppDeps } from '../../server/src/api/app';
import { ROOT_DIR } from '../../server/src/config';
import { launchBrowser } from './browser';
import { openTestDb, type TestDb } from './db';
import { serve, testConfig } from './http';

export interface E2E {
  db: TestDb;
  server: { url: string; close: () => Promise<void> };
  browser: Browser;
}

/**
 * `config` overrides the test configuration (tests/support/http.ts testConfig): the Import page's test
 * sets a write token and a data directory for uploads; the other tests keep the defaults.
 */
export async function startE2E(options: { demo?: boolean; config?: Partial<AppDeps['config']> } = {}): Promise<E2E> {
  // What was started is stopped again when a later step fails (no Chromium, a database that is
  // down): a half-started file left its server and driver open and Jest never exited.
  const env: Partial<E2E> = {};
  try {
    env.browser = await launchBrowser();
    env.db = await openTestDb();
    if (options.demo ?? true) {
      await env.db.reset();
      await env.db.loadDemo();
    }
    env.server = await serve({
      executor: env.db.executor,
      config: testConfig(options.config),
      clientDir: path.join(ROOT_DIR, 'dist', 'client'),
    });
    return env as E2E;
  } catch (error) {
    await stopE2E(env).catch(() => undefined);
    throw error;
  }
}

export async function stopE2E(env: Partial<E2E>): Promise<void> {
  await env.browser?.close();
  await env.server?.close();
  await env.db?.close();
}

/**
 * startE2E before the file's tests and stopE2E after them, for files that need nothing else around
 * them: the returned object is filled in by the time the first test runs.
 */
export function useE2E(options: Parameters<typeof startE2E>[0] = {}): E2E {
  const env = {} as E2E;
  beforeAll(async () => {
    Object.assign(env, await startE2E(options));
  });
  afterAll(async () => {
    await stopE2E(env);
  });
  return env;
}

/**
 * Waits until the explorer has settled: no request or layout running (window.liaison.idle) and
 * nothing animating, so that what a test measures next is the picture the user sees.
 */
export function viewIdle(page: Page): Promise<unknown> {
  return page.waitForFunction(() => {
    // Runs in the page, where window is the explorer's.
    const liaison = (
      globalThis as {
        liaison?: { idle: boolean; cy: { animated(): boolean; nodes(): { some(f: (n: { animated(): boolean }) => boolean): boolean } } };
      }
    ).liaison;
    return Boolean(liaison?.idle && !liaison.cy.animated() && !liaison.cy.nodes().some((n) => n.animated()));
  });
}
