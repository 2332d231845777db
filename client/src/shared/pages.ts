// The app's pages, listed once: every page's header nav is rendered from this list when Vite builds
// the HTML (vite.config.mts, pagesNavPlugin), so a new page shows up in all of them, in one order.
// The explorer keeps its own toolbar (tool links beside search) and links the same paths.

export interface AppPage {
  /** The name a page's `<nav class="pages" data-current="…">` gives. */
  id: string;
  path: string;
  label: string;
  /** Shown only to a signed-in user of this role (account.ts reveals it); on its own page always. */
  role?: 'admin';
}

export const PAGES: readonly AppPage[] = [
  { id: 'explorer', path: '/', label: 'Explorer' },
  { id: 'console', path: '/console.html', label: 'Console' },
  { id: 'import', path: '/import.html', label: 'Import' },
  { id: 'review', path: '/review.html', label: 'Review' },
  { id: 'draft', path: '/draft.html', label: 'Draft' },
  { id: 'admin', path: '/admin.html', label: 'Users', role: 'admin' },
];

/** The nav of the page `current`, as HTML; throws for a name not in PAGES (a typo fails the build). */
export function pagesNav(current: string): string {
  if (!PAGES.some((p) => p.id === current)) throw new Error(`No page "${current}" in client/src/shared/pages.ts`);
  const links = PAGES.map((p) => {
    const attrs = [
      `href="${p.path}"`,
      // The console's and import page's code and tests find the way back by this id.
      p.id === 'explorer' ? 'id="explorer-link"' : '',
      p.id === current ? 'aria-current="page"' : '',
      p.role && p.id !== current ? `data-role="${p.role}" hidden` : '',
    ].filter(Boolean);
    return `<a ${attrs.join(' ')}>${p.label}</a>`;
  });
  return `<nav class="pages" aria-label="Pages">\n        ${links.join('\n        ')}\n      </nav>`;
}

/** Every `<nav class="pages" data-current="…"></nav>` of a page's HTML, filled in. */
export function fillPagesNav(html: string): string {
  return html.replace(/<nav class="pages" data-current="([a-z-]+)"><\/nav>/g, (_m, current: string) => pagesNav(current));
}
