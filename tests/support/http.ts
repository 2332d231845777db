// Serves the real Express app on a free loopback port for HTTP-level tests.
import type { Server } from 'node:http';

import { createApp, type AppDeps } from '../../server/src/api/app';

export async function serve(deps: AppDeps): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The app configuration tests use unless they say otherwise: no write token, no data directory. */
export function testConfig(overrides: Partial<AppDeps['config']> = {}): AppDeps['config'] {
  return { LIAISON_API_TOKEN: undefined, LIAISON_DATA_DIR: '/nonexistent', LIAISON_IMPORT_MAX_BYTES: 1e6, ...overrides };
}

/** GET a path of the served app: status, content type and the JSON body, loosely typed for assertions. */
export async function getJson(baseUrl: string, path: string): Promise<{ status: number; type: string; body: Record<string, any> }> {
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Record<string, any> };
}
