// Shared by the tabular tests: run a reader to the end, and check its facts as the pipeline would.
import path from 'node:path';

import type { ImportReader, RecordUnit } from '../../../server/src/import/pipeline/types';
import { nodeInput, relationshipInput } from '../../../server/src/schema/validators';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/tabular');
export const UK_DIR = path.resolve(__dirname, '../../../../shared/data/uk-ministers-meetings');

export async function collect(reader: ImportReader): Promise<RecordUnit[]> {
  const out: RecordUnit[] = [];
  for await (const u of reader.records()) out.push(u);
  return out;
}

/** Schema problems of a unit's facts, as "id: path message" lines (the pipeline rejects such records). */
export function schemaProblems(u: RecordUnit): string[] {
  const out: string[] = [];
  for (const n of u.nodes) {
    const r = nodeInput.safeParse({ id: n.id, type: n.type, properties: n.properties, citations: [] });
    if (!r.success) out.push(...r.error.issues.map((i) => `${n.id}: ${i.path.join('.')} ${i.message}`));
  }
  for (const rel of u.relationships) {
    const r = relationshipInput.safeParse({
      id: rel.id,
      type: rel.type,
      source: rel.source,
      target: rel.target,
      properties: rel.properties,
      citations: [],
    });
    if (!r.success) out.push(...r.error.issues.map((i) => `${rel.id}: ${i.path.join('.')} ${i.message}`));
  }
  return out;
}
