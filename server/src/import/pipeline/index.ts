// The import pipeline's public door: runImport and its report, format detection, mapping choice.
export { detectFormat, formatList } from './detect';
export { filePatternMatches, resolveMapping } from './mapping';
export { registerImportModules, tabularModule, type MappingSummary } from './modules';
export { EXAMPLES_SHOWN, renderReportText, reportPaths, shownReport, writeReportFiles } from './report';
export { DEFAULT_BATCH_RECORDS, runImport, type RunImportOptions } from './run';
export * from './types';
