// The pipeline's collaborators, looked up when first needed: the readers (tabular, Popolo, FtM) and
// the writer are built alongside the pipeline, so a missing one makes its format unavailable with a
// clear message instead of breaking every import. Tests may register their own.
import type { Executor } from '../../db/executor';
import { ValidationError } from '../../errors';
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

export interface WriteCountsShape {
  nodesCreated: number;
  nodesMerged: number;
  relationshipsCreated: number;
  relationshipsMerged: number;
  recordsCreated: number;
  citationsCreated: number;
  valuesAlsoStated: number;
}

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

function load<T>(specifier: string, what: string, exportName: string): T {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(specifier) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ValidationError(`The ${what} is not part of this build of Liaison.`, [
      { path: 'format', message: `the ${what} (${specifier}) is not available`, code: 'unavailable_format' },
    ]);
  }
  if (typeof mod[exportName] !== 'function') throw new Error(`${specifier} does not export ${exportName}`);
  return mod as T;
}

export function tabularModule(): TabularModule {
  return overrides.tabular ?? load<TabularModule>('../tabular', 'spreadsheet (CSV) reader', 'createTabularReader');
}

export function writerModule(): WriterModule {
  return overrides.writer ?? load<WriterModule>('../write', 'import writer', 'beginImport');
}

/** A reader for one file of a record format (csv, popolo, ftm). */
export async function createReader(format: ImportFormat, input: ReaderInput, mapping?: unknown): Promise<ImportReader> {
  const own = overrides.readers[format];
  if (own) return own(input, mapping);
  switch (format) {
    case 'csv':
      return tabularModule().createTabularReader(input, mapping);
    case 'popolo':
      return load<{ createPopoloReader: ReaderFactory }>('../popolo', 'Popolo reader', 'createPopoloReader').createPopoloReader(input);
    case 'ftm':
      return load<{ createFtmReader: ReaderFactory }>('../ftm', 'FollowTheMoney reader', 'createFtmReader').createFtmReader(input);
    default:
      throw new Error(`${format} has no record reader (it is imported whole)`);
  }
}
