// The pipeline's collaborators: the readers (tabular, Popolo, FtM) and the writer, behind small
// interfaces so that tests (and embedders) may register their own.
import type { Executor } from '../../db/executor';
import { createFtmReader } from '../ftm';
import { createPopoloReader } from '../popolo';
import * as tabular from '../tabular';
import * as writer from '../write';
import type { WriteCounts } from '../write/types';
import type { ImportFormat, ImportReader, ReaderInput, SourceRecord } from './types';

/** A shipped mapping as GET /api/import/mappings lists it. */
export interface MappingSummary {
  name: string;
  title?: string;
  description?: string;
  format?: string;
  files?: string[];
  params?: unknown;
}

export interface TabularModule {
  createTabularReader(input: ReaderInput, mapping: unknown): ImportReader | Promise<ImportReader>;
  loadMapping(nameOrPath: string | object): unknown;
  listMappings(): MappingSummary[] | Promise<MappingSummary[]>;
}

export interface WriteFact {
  id: string;
  type: string;
  source?: string;
  target?: string;
  properties: Record<string, unknown>;
  citations: unknown[];
  records: string[];
}

export interface WriteBatchShape {
  nodes: WriteFact[];
  relationships: WriteFact[];
  records: SourceRecord[];
}

/** The writer's counts, as it returns them. */
export type WriteCountsShape = WriteCounts;

export interface ImportSessionShape {
  readonly id: string;
  readonly mode: 'atomic' | 'batched';
  write(batch: WriteBatchShape): Promise<WriteCountsShape>;
  commit(): Promise<WriteCountsShape>;
  rollback(): Promise<void>;
}

export interface StoredFact {
  kind: 'node' | 'relationship';
  type: string | null;
  source: string | null;
  target: string | null;
}

export interface WriterModule {
  beginImport(
    executor: Executor,
    o: { mode?: 'auto' | 'atomic' | 'batched'; description: string; expectedFacts?: number },
  ): Promise<ImportSessionShape>;
  lookupFacts(executor: Executor, ids: string[]): Promise<Map<string, StoredFact>>;
}

type ReaderFactory = (input: ReaderInput, mapping?: unknown) => ImportReader | Promise<ImportReader>;

const overrides: { tabular?: TabularModule; writer?: WriterModule; readers: Partial<Record<ImportFormat, ReaderFactory>> } = {
  readers: {},
};

/** For tests and embedders: use these instead of the modules of the tree. */
export function registerImportModules(o: {
  tabular?: TabularModule;
  writer?: WriterModule;
  readers?: Partial<Record<ImportFormat, ReaderFactory>>;
}) {
  if (o.tabular) overrides.tabular = o.tabular;
  if (o.writer) overrides.writer = o.writer;
  Object.assign(overrides.readers, o.readers ?? {});
}

export function tabularModule(): TabularModule {
  return overrides.tabular ?? tabular;
}

export function writerModule(): WriterModule {
  return overrides.writer ?? (writer as unknown as WriterModule);
}

/** A reader for one file of a record format (csv, popolo, ftm). */
export async function createReader(format: ImportFormat, input: ReaderInput, mapping?: unknown): Promise<ImportReader> {
  const own = overrides.readers[format];
  if (own) return own(input, mapping);
  switch (format) {
    case 'csv':
      return tabularModule().createTabularReader(input, mapping);
    case 'popolo':
      return createPopoloReader(input);
    case 'ftm':
      return createFtmReader(input);
    default:
      throw new Error(`${format} has no record reader (it is imported whole)`);
  }
}
