import type { DuplicateEventError } from '../errors/DuplicateEventError.js';
import { isAbortSignal } from '../errors/isAbortSignal.js';
import { isTenureError } from '../errors/TenureError.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import type { AppendResult, EventLog } from '../log/EventLog.js';
import { checkImportOptions, IMPORT_OPTIONS } from './checkImportOptions.js';
import { checkImportSource } from './checkImportSource.js';
import type { ImportOptions, RejectedRow } from './ImportOptions.js';
import { ImportOptionsError } from './ImportOptionsError.js';
import { type ImportBatch, importEvents, type SkippedRow } from './importEvents.js';
import type { ImportSource } from './readLines.js';

/** Options of {@link importToLog}: the import options plus what to do with bad rows. */
export interface ImportToLogOptions extends ImportOptions {
  /**
   * Stop at the first bad row: its batch is not appended (batches before it are, whole), and the
   * summary's `stoppedAt` names the row. Default: false (bad rows are skipped and counted).
   */
  readonly strict?: boolean;
  /**
   * Called for each bad row (skipped, or the one that stopped a strict import), a batch at a time
   * in line order, once the batch is appended.
   */
  readonly onRejected?: (row: RejectedRow) => void;
  /** Called after each batch, e.g. to draw a progress bar. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** How many rejected rows the summary keeps in `rejections` (all are counted). Default: 100. */
  readonly keepRejections?: number;
  /**
   * Stops the import when aborted (e.g. on Ctrl-C): an append under way finishes, a batch still
   * being read is abandoned, and the summary comes back with `aborted: true`. The log holds whole
   * batches only; the same import again appends the rest (rows already in are skipped). The
   * source is not closed: close a stream of your own if nothing else reads it. Default: none.
   */
  readonly signal?: AbortSignal;
}

const IMPORT_TO_LOG_OPTIONS: readonly (keyof ImportToLogOptions)[] = [
  ...IMPORT_OPTIONS,
  'strict',
  'onRejected',
  'onProgress',
  'keepRejections',
  'signal',
];

/** Running totals, passed to `onProgress` after each batch. */
export interface ImportProgress {
  readonly rowsRead: number;
  readonly bytesRead: number;
  readonly appended: number;
}

/** What an import did. */
export interface ImportSummary {
  /**
   * Data rows read (blank lines, CSV rows of separators alone and the header are not rows). In a
   * strict import that stopped, the rows up to and including the one in `stoppedAt`.
   */
  readonly rowsRead: number;
  /** Events newly written to the log. */
  readonly appended: number;
  /** Rows whose event was already in the log, or repeated earlier in the file: skipped. */
  readonly duplicates: number;
  /** Rows not imported because they are not valid events (or reuse an id for other content). */
  readonly rejected: number;
  /**
   * Rows that are further items of the order on the row before them, whose total that row gave
   * (an export of one row per line item, as Shopify's orders export): part of its purchase, no
   * events of their own, and not rejected. See {@link ImportBatch.items}.
   */
  readonly items: number;
  /**
   * Purchase rows left out by their status (`skipStatuses`: failed, voided, ... payments), with
   * the further item rows of such orders: neither imported nor rejected. See `skippedByStatus`.
   */
  readonly skipped: number;
  /** Those `skipped` rows by status, as matched (lower case, `_` between words), e.g. `{ failed: 10, voided: 2 }`. */
  readonly skippedByStatus: Readonly<Record<string, number>>;
  /** The first `keepRejections` rejected rows, in file order. */
  readonly rejections: readonly RejectedRow[];
  /** In a strict import, the bad row that stopped it; nothing from its batch was written. */
  readonly stoppedAt?: RejectedRow;
  /**
   * `true` when `signal` stopped the import: the counts are those of the batches that went in
   * (a batch still being read was not written, and its rows are not counted).
   */
  readonly aborted?: true;
}

/**
 * Imports a CSV or JSON-lines file into a log, one atomic append per batch: a batch is written
 * whole or not at all, so a failure never leaves half a batch behind. Re-importing the same file
 * appends nothing, and a grown or overlapping export only its new rows (derived ids come from
 * each row's content, not its line; the log skips identical events). Purchases whose status
 * says no payment was made (see `skipStatuses`) are left out and counted by status. Bad rows
 * are skipped and counted, or with `strict` stop the import. A `signal` stops it between batches (Ctrl-C):
 * the summary says `aborted`, and the same import again appends the rest.
 *
 * @example
 * ```ts
 * const summary = await importToLog(log, createReadStream('orders.csv'), {
 *   columns: { customer: 'client', amount: 'total' },
 *   defaultCurrency: 'EUR',
 *   onRejected: (row) => console.warn(`line ${row.line}: ${row.reason}`),
 *   signal: AbortSignal.timeout(60_000),
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
  const { strict, onRejected, onProgress, keepRejections, signal, ...importOptions } = options;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new ImportOptionsError(
      'importToLog',
      'signal',
      'signal must be an AbortSignal, such as the signal of an AbortController (controller.signal).',
    );
  }
  const keep = keepRejections ?? 100;
  const rejections: RejectedRow[] = [];
  let rowsRead = 0;
  let appended = 0;
  let duplicates = 0;
  let rejected = 0;
  let items = 0;
  // A Map: a status is the user's word, and `constructor` or `__proto__` must count as any other.
  const skippedByStatus = new Map<string, number>();
  let skipped = 0;
  const countSkipped = (rows: readonly SkippedRow[]): void => {
    for (const row of rows)
      skippedByStatus.set(row.status, (skippedByStatus.get(row.status) ?? 0) + 1);
    skipped += rows.length;
  };
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
    items,
    skipped,
    skippedByStatus: Object.fromEntries(skippedByStatus),
    rejections,
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
  });
  // A strict import stops at a row: the rows of its batch after it are not counted as read.
  const stopAt = (batch: ImportBatch, row: RejectedRow): ImportSummary => {
    rowsRead += rowsThrough(batch, row.line);
    items += batch.itemLines.filter((line) => line < row.line).length;
    countSkipped(batch.skippedRows.filter((skippedRow) => skippedRow.line < row.line));
    note(row);
    return summary(row);
  };
  const batches = importEvents(source, importOptions);
  try {
    while (signal?.aborted !== true) {
      const next = await unlessAborted(batches.next(), signal);
      if (next === ABORTED) break;
      if (next.done === true) return summary();
      const batch = next.value;
      if (strict === true && batch.rejected.length > 0) return stopAt(batch, batch.rejected[0]!);
      const outcome = await appendBatch(log, batch, strict === true);
      if (strict === true && outcome.rejected.length > 0)
        return stopAt(batch, outcome.rejected[0]!);
      rowsRead += batch.rows;
      duplicates += batch.duplicates + outcome.skipped;
      items += batch.items;
      countSkipped(batch.skippedRows);
      appended += outcome.appended;
      // The rows the log refused are reported with the batch's others, in line order.
      const refused = [...batch.rejected, ...outcome.rejected].sort((a, b) => a.line - b.line);
      for (const row of refused) note(row);
      onProgress?.({ rowsRead, bytesRead: batch.bytesRead, appended });
    }
  } finally {
    // Stopped early: let the reader close the source's stream, once its pending read is done.
    batches.return(undefined).catch(() => undefined);
  }
  return { ...summary(), aborted: true };
}

const ABORTED = Symbol('aborted');

/**
 * `promise`, or ABORTED as soon as `signal` aborts: a read that waits on a quiet source (a pipe
 * whose writer went idle) must not hold a stop. A later failure of the read is moot then.
 */
function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
): Promise<T | typeof ABORTED> {
  if (signal === undefined) return promise;
  return new Promise((resolve, reject) => {
    const stop = () => resolve(ABORTED);
    signal.addEventListener('abort', stop, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', stop);
        reject(error);
      },
    );
  });
}

/** The rows of a batch on lines up to `line`, whatever became of them. */
function rowsThrough(batch: ImportBatch, line: number): number {
  const upTo = (lines: readonly number[]) => lines.filter((at) => at <= line).length;
  return (
    upTo(batch.lines) +
    upTo(batch.rejected.map((row) => row.line)) +
    upTo(batch.duplicateLines) +
    upTo(batch.itemLines) +
    upTo(batch.skippedRows.map((row) => row.line))
  );
}

/**
 * Appends a batch; when the log refuses events that passed the importer's checks (their ids are
 * stored with other content), drops those rows and appends the rest, still as one append. The
 * refused rows come back in the order found (the caller sorts them with the batch's others).
 */
async function appendBatch(
  log: EventLog,
  batch: ImportBatch,
  strict: boolean,
): Promise<{ appended: number; skipped: number; rejected: RejectedRow[] }> {
  let rows: BatchRow[] = batch.events.map((event, index) => ({
    event,
    line: batch.lines[index] as number,
  }));
  const rejected: RejectedRow[] = [];
  const refuse = (row: BatchRow): void => {
    rejected.push({
      line: row.line,
      reason: `id ${JSON.stringify(row.event.id)} is already in the log with different content; give the event a new id, or import the original row unchanged`,
      text: '',
    });
  };
  while (rows.length > 0) {
    const attempt = await tryAppend(log, rows);
    if (attempt.ok) {
      return {
        appended: attempt.result.appended.length,
        skipped: attempt.result.skipped.length,
        rejected,
      };
    }
    const refused = rows[attempt.index] as BatchRow;
    refuse(refused);
    if (strict) return { appended: 0, skipped: 0, rejected };
    rows = await withoutRefused(
      log,
      rows.filter((_, position) => position !== attempt.index),
      refused,
      refuse,
    );
  }
  return { appended: 0, skipped: 0, rejected };
}

/** An event of a batch and the line it came from. */
interface BatchRow {
  readonly event: TenureEvent;
  readonly line: number;
}

/**
 * The rows the log does not refuse, found without writing: a batch that ends with `refused` is
 * never written, so offering parts of the rows with it shows whether they hold a refused row.
 * Halving the parts around each one found offers the log about n log n events for n rows; the
 * whole rest once per refused row was n^2 / 2 (minutes for a re-import of 20,000 changed rows).
 * A log that names another refused event than the first one costs another round, no more: the
 * final append checks again.
 */
async function withoutRefused(
  log: EventLog,
  rows: readonly BatchRow[],
  refused: BatchRow,
  refuse: (row: BatchRow) => void,
): Promise<BatchRow[]> {
  if (rows.length === 0) return [];
  const probe = await tryAppend(log, [...rows, refused]);
  if (probe.ok) {
    throw new Error(
      `importToLog: the log stored event ${JSON.stringify(refused.event.id)} after refusing it; check the log adapter`,
    );
  }
  if (probe.index === rows.length) return [...rows];
  refuse(rows[probe.index] as BatchRow);
  const rest = rows.filter((_, position) => position !== probe.index);
  const half = Math.ceil(rest.length / 2);
  return [
    ...(await withoutRefused(log, rest.slice(0, half), refused, refuse)),
    ...(await withoutRefused(log, rest.slice(half), refused, refuse)),
  ];
}

/** Appends the rows, or says which one the log refused for reusing a stored id. */
async function tryAppend(
  log: EventLog,
  rows: readonly BatchRow[],
): Promise<{ ok: true; result: AppendResult } | { ok: false; index: number }> {
  try {
    return { ok: true, result: await log.append(rows.map((row) => row.event)) };
  } catch (error) {
    if (!isTenureError(error, 'TENURE_DUPLICATE_EVENT_ID')) throw error;
    const { index } = error as DuplicateEventError;
    if (rows[index] === undefined) throw error;
    return { ok: false, index };
  }
}
