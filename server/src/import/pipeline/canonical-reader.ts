// A record reader whose facts name canonical entities: ids a "same" judgement merged away are
// replaced, in node ids and relationship endpoints, by the id of the entity that absorbed them,
// looked up once per batch of records. Both passes of a run read through it, so that validation
// (types, claims, references), the dry run's counts ("merged" rather than "created") and the write
// batches all see the entity the import will restate; the writer maps again inside its own
// transactions (write/session.ts), which is what holds if a judgement lands while the import runs.
import type { Executor } from '../../db/executor';
import { mapFacts, mappableIds, mergedIds } from '../write/canonical';
import type { ImportReader, RecordUnit } from './types';

/** Records per look-up: one statement for up to ~3,000 ids on typical registers. */
export const CANONICAL_BATCH_RECORDS = 1_000;

export function canonicalReader(reader: ImportReader, executor: Executor, batchRecords = CANONICAL_BATCH_RECORDS): ImportReader {
  async function* mapped(units: RecordUnit[]): AsyncGenerator<RecordUnit> {
    const ids: string[] = [];
    for (const u of units) ids.push(...mappableIds(u.nodes, u.relationships));
    const merged = await mergedIds(executor, ids);
    for (const u of units) {
      if (merged.size === 0) {
        yield u;
        continue;
      }
      const { nodes, relationships } = mapFacts(merged, u.nodes, u.relationships);
      yield { ...u, nodes, relationships };
    }
  }
  const wrapped: ImportReader = {
    format: reader.format,
    sources: () => reader.sources(),
    unmapped: () => reader.unmapped(),
    async *records() {
      let buffer: RecordUnit[] = [];
      for await (const unit of reader.records()) {
        buffer.push(unit);
        if (buffer.length >= batchRecords) {
          const units = buffer;
          buffer = [];
          yield* mapped(units);
        }
      }
      if (buffer.length > 0) yield* mapped(buffer);
    },
  };
  if (reader.quarantineHeader) wrapped.quarantineHeader = () => reader.quarantineHeader?.();
  return wrapped;
}
