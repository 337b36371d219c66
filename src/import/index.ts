export { deriveEventId } from './deriveEventId.js';
export type { ColumnRef, ImportColumns, ImportOptions, RejectedRow } from './ImportOptions.js';
export { ImportOptionsError } from './ImportOptionsError.js';
export { type ImportBatch, importEvents, type SkippedRow } from './importEvents.js';
export {
  type ImportProgress,
  type ImportSummary,
  type ImportToLogOptions,
  importToLog,
} from './importToLog.js';
export {
  DATE_FORMATS,
  type DateFormat,
  type ParsedDate,
  parseImportDate,
} from './parseImportDate.js';
export type { ImportSource } from './readLines.js';
export { DEFAULT_SKIP_STATUSES } from './skipStatuses.js';
export { detectDelimiter, WHITESPACE } from './splitFields.js';
