// Regenerates docs/mapping.schema.json from the mapping language's zod schema
// (npx tsx server/src/cli/write-mapping-schema.ts); a unit test fails when the file is stale.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { mappingJsonSchema } from '../import/tabular/mapping';

export const MAPPING_SCHEMA_FILE = path.resolve(__dirname, '../../../docs/mapping.schema.json');
const PRINT_WIDTH = 140; // .prettierrc.json

/**
 * JSON laid out as prettier lays it out (so `npm run lint` passes without running prettier here):
 * objects one key per line, an array of plain values on one line when it fits.
 */
function layout(value: unknown, indent: string, prefix: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const flat = value.every((v) => v === null || typeof v !== 'object');
    const inline = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    if (flat && prefix + inline.length <= PRINT_WIDTH) return inline;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + layout(v, inner, inner.length)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = entries.map(([k, v]) => {
      const key = `${JSON.stringify(k)}: `;
      return inner + key + layout(v, inner, inner.length + key.length);
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export function mappingSchemaText(): string {
  return `${layout(mappingJsonSchema(), '', 0)}\n`;
}

if (require.main === module) {
  writeFileSync(MAPPING_SCHEMA_FILE, mappingSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), MAPPING_SCHEMA_FILE)}`);
}
