// The one list of pages: each page's nav is rendered from it, the current page marked, and every
// HTML page of the build asks for it under its own name.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { PAGES, fillPagesNav, pagesNav } from '../../client/src/shared/pages';

const CLIENT = path.resolve(__dirname, '..', '..', 'client');

describe('the pages nav', () => {
  it('links every page in order, marks the current one and hides role-only pages elsewhere', () => {
    const html = pagesNav('draft');
    expect([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual(PAGES.map((p) => p.path));
    expect(html).toContain('<a href="/draft.html" aria-current="page">Draft</a>');
    expect(html.match(/aria-current/g)).toHaveLength(1);
    expect(html).toContain('<a href="/admin.html" data-role="admin" hidden>Users</a>');
    expect(pagesNav('admin')).toContain('<a href="/admin.html" aria-current="page">Users</a>');
    expect(html).toContain('<a href="/" id="explorer-link">Explorer</a>');
  });

  it('refuses a page name it does not know, so that a typo fails the build', () => {
    expect(() => pagesNav('imports')).toThrow(/No page "imports"/);
    expect(() => fillPagesNav('<nav class="pages" data-current="nope"></nav>')).toThrow(/No page "nope"/);
  });

  it('is asked for by every HTML page but the explorer, under that page’s own name', () => {
    const pages = readdirSync(CLIENT).filter((f) => f.endsWith('.html') && f !== 'index.html');
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const file of pages) {
      const html = readFileSync(path.join(CLIENT, file), 'utf8');
      const asks = [...html.matchAll(/<nav class="pages" data-current="([a-z-]+)"><\/nav>/g)].map((m) => m[1]);
      expect({ file, asks }).toEqual({ file, asks: [file.replace(/\.html$/, '')] });
      const filled = fillPagesNav(html);
      expect(filled).not.toContain('data-current=');
      expect(filled).toContain(`href="/${file}" aria-current="page"`);
    }
  });
});
