// Regenerates docs/mapping.schema.json from the mapping language's zod schema
// (npx tsx server/src/cli/write-mapping-schema.ts); a unit test fails when the file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { mappingJsonSchema } from '../import/tabular/mapping';

export const MAPPING_SCHEMA_FILE = path.resolve(__dirname, '../../../docs/mapping.schema.json');

/** The file's text, formatted as `npm run lint` (prettier) wants it. */
export async function mappingSchemaText(): Promise<string> {
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(MAPPING_SCHEMA_FILE)) ?? {};
  return prettier.format(JSON.stringify(mappingJsonSchema(), null, 2), { ...config, parser: 'json' });
}

if (require.main === module) {
  void mappingSchemaText().then((text) => {
    writeFileSync(MAPPING_SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), MAPPING_SCHEMA_FILE)}`);
  });
}
