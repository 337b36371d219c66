import type { DuplicateEventError } from '../errors/DuplicateEventError.js';
import { isTenureError } from '../errors/TenureError.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import type { EventLog } from '../log/EventLog.js';
import { checkImportOptions, IMPORT_OPTIONS } from './checkImportOptions.js';
import { checkImportSource } from './checkImportSource.js';
import type { ImportOptions, RejectedRow } from './ImportOptions.js';
import { type ImportBatch, importEvents } from './importEvents.js';
import type { ImportSource } from './readLines.js';

/** Options of {@link importToLog}: the import options plus what to do with bad rows. */
export interface ImportToLogOptions extends ImportOptions {
  /**
   * Stop at the first bad row: its batch is not appended (batches before it are, whole), and the
   * summary's `stoppedAt` names the row. Default: false (bad rows are skipped and counted).
   */
  readonly strict?: boolean;
  /** Called for each bad row as it is found (skipped, or the one that stopped a strict import). */
  readonly onRejected?: (row: RejectedRow) => void;
  /** Called after each batch, e.g. to draw a progress bar. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** How many rejected rows the summary keeps in `rejections` (all are counted). Default: 100. */
  readonly keepRejections?: number;
}

const IMPORT_TO_LOG_OPTIONS: readonly (keyof ImportToLogOptions)[] = [
  ...IMPORT_OPTIONS,
  'strict',
  'onRejected',
  'onProgress',
  'keepRejections',
];

/** Running totals, passed to `onProgress` after each batch. */
export interface ImportProgress {
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly appended: number;
}

/** What an import did. */
export interface ImportSummary {
  /** Data rows read (blank lines, CSV rows of separators alone and the header are not rows). */
  readonly rowsRead: number;
  /** Events newly written to the log. */
  readonly appended: number;
  /** Rows whose event was already in the log, or repeated earlier in the file: skipped. */
  readonly duplicates: number;
  /** Rows not imported because they are not valid events (or reuse an id for other content). */
  readonly rejected: number;
  /** The first `keepRejections` rejected rows, in file order. */
  readonly rejections: readonly RejectedRow[];
  /** In a strict import, the bad row that stopped it; nothing from its batch was written. */
  readonly stoppedAt?: RejectedRow;
}

/**
 * Imports a CSV or JSON-lines file into a log, one atomic append per batch: a batch is written
 * whole or not at all, so a failure never leaves half a batch behind. Re-importing the same file
 * appends nothing, and a grown or overlapping export only its new rows (derived ids come from
 * each row's content, not its line; the log skips identical events). Bad rows are skipped
 * and counted, or with `strict` stop the import.
 *
 * @example
 * ```ts
 * const summary = await importToLog(log, createReadStream('orders.csv'), {
 *   columns: { customer: 'client', amount: 'total' },
 *   defaultCurrency: 'EUR',
 *   onRejected: (row) => console.warn(`line ${row.line}: ${row.reason}`),
 * });
 * console.log(`${summary.appended} appended, ${summary.rejected} rejected`);
 * ```
 */
export async function importToLog(
  log: EventLog,
  source: ImportSource,
  options: ImportToLogOptions = {},
): Promise<ImportSummary> {
  checkImportOptions('importToLog', options, IMPORT_TO_LOG_OPTIONS);
  checkImportSource('importToLog', source);
  const { strict, onRejected, onProgress, keepRejections, ...importOptions } = options;
  const keep = keepRejections ?? 100;
  const rejections: RejectedRow[] = [];
  let rowsRead = 0;
  let appended = 0;
  let duplicates = 0;
  let rejected = 0;
  const note = (row: RejectedRow): void => {
    rejected += 1;
    if (rejections.length < keep) rejections.push(row);
    onRejected?.(row);
  };
  const summary = (stoppedAt?: RejectedRow): ImportSummary => ({
    rowsRead,
    appended,
    duplicates,
    rejected,
    rejections,
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
  });
  for await (const batch of importEvents(source, importOptions)) {
    if (strict === true && batch.rejected.length > 0) {
      const first = batch.rejected[0]!;
      rowsRead += batch.rows;
      note(first);
      return summary(first);
    }
    rowsRead += batch.rows;
    duplicates += batch.duplicates;
    for (const row of batch.rejected) note(row);
    const outcome = await appendBatch(log, batch, strict === true);
    appended += outcome.appended;
    duplicates += outcome.skipped;
    for (const row of outcome.rejected) note(row);
    if (strict === true && outcome.rejected.length > 0) return summary(outcome.rejected[0]);
    onProgress?.({ rowsRead, bytesRead: batch.bytesRead, appended });
  }
  return summary();
}

/**
 * Appends a batch; when the log refuses an event that passed the importer's checks (its id is
 * stored with other content), drops that row and appends the rest, still as one batch.
 */
async function appendBatch(
  log: EventLog,
  batch: ImportBatch,
  strict: boolean,
): Promise<{ appended: number; skipped: number; rejected: RejectedRow[] }> {
  let events: TenureEvent[] = [...batch.events];
  let lines: number[] = [...batch.lines];
  const rejected: RejectedRow[] = [];
  while (events.length > 0) {
    try {
      const result = await log.append(events);
      return { appended: result.appended.length, skipped: result.skipped.length, rejected };
    } catch (error) {
      if (!isTenureError(error, 'TENURE_DUPLICATE_EVENT_ID')) throw error;
      const { index, eventId } = error as DuplicateEventError;
      const line = lines[index];
      if (line === undefined) throw error;
      rejected.push({
        line,
        reason: `id ${JSON.stringify(eventId)} is already in the log with different content; give the event a new id, or import the original row unchanged`,
        text: '',
      });
      if (strict) return { appended: 0, skipped: 0, rejected };
      events = events.filter((_, position) => position !== index);
      lines = lines.filter((_, position) => position !== index);
    }
  }
  return { appended: 0, skipped: 0, rejected };
}
