// Writes the OpenAPI description served at GET /api/openapi.json to docs/openapi.json (npm run openapi:write),
// formatted as Prettier would, so that the checked-in copy passes `prettier --check`. A unit test fails when it is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { format, resolveConfig } from 'prettier';

import { openApiDocument } from '../api/openapi-routes';

export const OPENAPI_FILE = path.resolve(__dirname, '../../../docs/openapi.json');

async function main(): Promise<void> {
  const options = (await resolveConfig(OPENAPI_FILE)) ?? {};
  const text = await format(JSON.stringify(openApiDocument()), { ...options, parser: 'json', filepath: OPENAPI_FILE });
  writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)} (${Object.keys(openApiDocument().paths ?? {}).length} paths)`);
}

void main();
