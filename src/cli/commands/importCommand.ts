import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { isTenureError } from '../../errors/TenureError.js';
import { createEventCatalog } from '../../events/createEventCatalog.js';
import { currencyCode } from '../../import/currencyCode.js';
import type { ImportColumns, ImportOptions, RejectedRow } from '../../import/ImportOptions.js';
import { importToLog } from '../../import/importToLog.js';
import { DATE_FORMATS, type DateFormat } from '../../import/parseImportDate.js';
import type { ImportSource } from '../../import/readLines.js';
import { CliError, commandErrorOf, EXIT_BAD_INPUT, EXIT_OK, usageError } from '../CliError.js';
import type { CliCommand, CliIO } from '../CliIO.js';
import { createProgressBar } from '../createProgressBar.js';
import { formatCount, integerFlag } from '../parseCommandArgs.js';
import { eventTypesFlag } from './eventTypesFlag.js';
import { lockedLogError, openLogForWriting } from './openLogForWriting.js';
import { exitStatusOfSignal, stopOnSignals } from './stopOnSignals.js';

const NAME = 'import';
/** How a row of a type the catalogue lacks is rejected (validateEvents). */
const UNKNOWN_TYPE = 'expected a known event type';
/** Bad rows printed one by one; the rest are counted. */
const SHOWN_REJECTIONS = 20;

const help = `Usage: tenure import <file> --log <path> [options]

Appends the rows of a CSV file (any separator) or a JSON-lines file to an event log file
("-" reads standard input).
Rows without a type become purchases; their ids come from the row's content, so importing the
same file again appends nothing new, and a later export that overlaps it only its new rows. Each bad row is reported with its line number and reason.

Columns (a header name, or a position: 1 = first column; usual names are found by themselves,
in any case, spaced or not: "Customer ID" is customer_id):
  --customer <col>        customer id (customerId, customer_id, customer, ..., email)
  --date <col>            when it happened (at, date, timestamp, ..., created); a header
                          ending in "(UTC)" reads times without a zone as UTC
  --amount <col>          money amount (amount, total, sales, revenue, ...)
  --type <col>            event type per row (default: every row is --default-type)
  --id <col>              event id (id, event_id; without one: derived from the row)
  --order-id <col>        order id of purchases and refunds (order_id, order; "Name" in a file
                          of one row per line item; default: the event id)
  --currency-column <col> currency per row (ISO 4217 code, any case: usd is USD)
  --data <col>            JSON object with the rest of the payload
  --item-category <col>   category of each line item, in a file of one row per item
                          ("Lineitem name", "Lineitem sku", ... as Shopify's orders export);
                          such a file fills each purchase's items (product: SKU, else name)
  --status <col>          payment or order status (status, financial_status, payment_status:
                          Stripe's Status, Shopify's Financial Status); see --skip-status
  --columns <a,b,...>     names for the columns: of a file without a header, or instead of
                          the header's (to rename a column, e.g. a "type" that is no event type)

Format:
  --currency <code>       currency of rows without one, e.g. USD (any case: eur is EUR)
  --date-format <fmt>     ${DATE_FORMATS.join(' | ')} (default: auto)
  --utc                   read date-times without a zone as UTC
  --decimal-comma         amounts are written 12,50 or 1.234,50 (European spreadsheets)
  --encoding <name>       how the file's bytes are written, e.g. windows-1252 (default:
                          UTF-8, or UTF-16 after its byte-order mark)
  --delimiter <sep>       , ; | tab whitespace auto (default: auto, from the first line)
  --header / --no-header  whether the first line names the columns (default: guessed)
  --format <fmt>          csv | jsonl | auto (default: auto; .jsonl/.ndjson files are jsonl)
  --default-type <type>   event type of rows without one (default: purchase)
  --skip-status <list>    statuses of purchase rows to leave out, comma-separated, in any
                          case, or none to import every row; refunded rows are imported
                          (the purchase happened). Default: failed, declined, canceled,
                          cancelled, voided, void, expired, incomplete,
                          requires_payment_method, requires_confirmation, requires_action
                          (no payment made); pending, authorized, uncaptured,
                          requires_capture (not paid yet: a later export brings them)
  --source <name>         meta.source stamped on every event
  --event-types <module>  your own event types: a .js/.mjs/.cjs module exporting an array of
                          them (defineEventType) as eventTypes or as its default export

Behaviour:
  --log <path>            the event log file (created when missing). Required.
  --strict                stop at the first bad row (its batch is not written)
  --batch-size <n>        rows per atomic append (default: 1000; a batch does not end inside
                          an order's item rows, so it may hold more)
  --json                  print the summary as JSON
  -h, --help              show this help

Rows without an amount that continue the order of the row before them (the further items of
an order, as Shopify's orders export writes them) are counted as order items, not rejected.
Purchases whose status says no payment was made (failed, voided, ...; see --skip-status) are
left out with their item rows, and counted by status.

Exit status: 0 every row imported, already in the log, an order item, or left out by its
status; 1 rows rejected, or a file that cannot be read; 2 wrong options; 130 stopped by Ctrl-C
(SIGINT), 143 by SIGTERM.

Ctrl-C (or SIGTERM) stops the import after the batch in progress: the log keeps whole batches
only, the summary says how far it got, and running the same command again appends the rest.
A second Ctrl-C stops at once (an append cut short is removed when the log is next opened).

Examples:
  tenure import orders.csv --log events.jsonl --currency EUR
  tenure import cdnowElog.csv --log cdnow.jsonl --customer sampleid --amount sales \\
    --date-format yyyymmdd --currency USD
  tenure import CDNOW_sample.txt --log cdnow-sample.jsonl --customer 2 --date 3 --amount 5 --currency USD`;

/** `tenure import`: a file into a log, thin over {@link importToLog}. */
export const importCommand: CliCommand = {
  name: NAME,
  summary: 'append the rows of a CSV or JSON-lines file to an event log',
  help,
  options: {
    log: { type: 'string' },
    customer: { type: 'string' },
    date: { type: 'string' },
    amount: { type: 'string' },
    type: { type: 'string' },
    id: { type: 'string' },
    'order-id': { type: 'string' },
    'currency-column': { type: 'string' },
    data: { type: 'string' },
    'item-category': { type: 'string' },
    status: { type: 'string' },
    'skip-status': { type: 'string' },
    columns: { type: 'string' },
    currency: { type: 'string' },
    'date-format': { type: 'string' },
    utc: { type: 'boolean' },
    'decimal-comma': { type: 'boolean' },
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
    header: { type: 'boolean' },
    'no-header': { type: 'boolean' },
    format: { type: 'string' },
    'default-type': { type: 'string' },
    source: { type: 'string' },
    'event-types': { type: 'string' },
    strict: { type: 'boolean' },
    'batch-size': { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: 1,
  async run({ values, positionals }, io) {
    const file = positionals[0];
    if (file === undefined)
      throw usageError(
        NAME,
        'which file? Give the file to import, e.g. `tenure import orders.csv --log events.jsonl`.',
      );
    const logPath = values.log;
    if (typeof logPath !== 'string')
      throw usageError(
        NAME,
        '--log <path> is required: the event log file to append to, e.g. --log events.jsonl.',
      );
    const eventTypes = await eventTypesFlag(NAME, values['event-types']);
    const options = {
      ...importOptions(values, file),
      ...(eventTypes === undefined ? {} : { catalog: createEventCatalog(eventTypes) }),
    };
    const { source, size } = await openSource(file, io);

    const created = await stat(logPath).then(
      () => false,
      (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
    );
    const log = await openLogForWriting(NAME, logPath, eventTypes).catch((error: unknown) => {
      throw withSwapHint(error, logPath);
    });
    const bar =
      values.json === true ? createProgressBar({ write: () => 0 }) : createProgressBar(io.stderr);
    let shown = 0;
    let unknownTypes = false;
    const printRejection = (row: RejectedRow) => {
      if (row.reason.includes(UNKNOWN_TYPE)) unknownTypes = true;
      if (values.json === true) return;
      bar.stop();
      if (shown < SHOWN_REJECTIONS) io.stderr.write(`line ${row.line}: ${row.reason}\n`);
      shown += 1;
    };
    // Ctrl-C ends the import between batches, reported, rather than the process mid-way.
    const stop = stopOnSignals(io.signals, (name) => {
      bar.stop();
      io.stderr.write(
        `\ntenure import: ${name} received; stopping after the batch in progress (Ctrl-C again stops at once).\n`,
      );
    });
    let summary: Awaited<ReturnType<typeof importToLog>>;
    let appendedSoFar = 0;
    try {
      summary = await importToLog(log, source, {
        ...options,
        signal: stop.signal,
        strict: values.strict === true,
        onRejected: printRejection,
        onProgress: ({ rowsRead, bytesRead, appended }) => {
          appendedSoFar = appended;
          bar.update(bytesRead, size, `${formatCount(rowsRead)} rows`);
        },
      });
    } catch (error) {
      stop.dispose();
      bar.stop();
      const empty = await log.position().then(
        (position) => position === 0,
        () => false,
      );
      // A failed import leaves things as they were: no empty log file under a name the user may
      // have mistyped, only one that holds what went in before the failure. Removed while the
      // lock is held, so no other writer can have opened it in between.
      if (created && empty) await rm(logPath, { force: true }).catch(() => undefined);
      await log.close();
      // Another writer changed the file under this import: the advice is the command line's.
      const failure = isTenureError(error, 'TENURE_LOG_LOCKED')
        ? lockedLogError(NAME, error)
        : commandErrorOf(NAME, error, 'TENURE_IMPORT_OPTIONS');
      throw withAppended(failure, appendedSoFar);
    }
    bar.stop();
    await log.close();
    stop.dispose();
    const stoppedBy = summary.aborted === true ? stop.stoppedBy() : undefined;
    // The rest of the source is not read: an open standard input must not keep the process.
    if (summary.aborted === true) destroy(source);
    if (values.json === true) {
      io.stdout.write(
        `${JSON.stringify({ file, log: logPath, ...summary, ...(stoppedBy === undefined ? {} : { stoppedBy }) })}\n`,
      );
    } else {
      if (shown > SHOWN_REJECTIONS)
        io.stderr.write(
          `... and ${formatCount(shown - SHOWN_REJECTIONS)} more bad rows (use --json to list the first 100)\n`,
        );
      const lines = [
        `${summary.stoppedAt === undefined && summary.aborted !== true ? 'Imported' : 'Stopped importing'} ${file === '-' ? 'standard input' : file} into ${logPath}${summary.aborted === true ? ` (${stoppedBy ?? 'stopped'})` : ''}`,
        `  rows read          ${formatCount(summary.rowsRead).padStart(10)}`,
        `  events appended    ${formatCount(summary.appended).padStart(10)}`,
        `  duplicates skipped ${formatCount(summary.duplicates).padStart(10)}`,
        `  rows rejected      ${formatCount(summary.rejected).padStart(10)}`,
      ];
      if (summary.items > 0) {
        lines.splice(3, 0, `  order items        ${formatCount(summary.items).padStart(10)}`);
        lines.push(
          `${formatCount(summary.items)} ${summary.items === 1 ? 'row is a further item' : 'rows are further items'} of the order on the row before, whose total that row gives: part of its purchase, not purchases of their own.`,
        );
      }
      if (summary.skipped > 0) {
        lines.push(`  left out by status ${formatCount(summary.skipped).padStart(10)}`);
        lines.push(skippedSentence(summary.skipped, summary.skippedByStatus));
      }
      if (summary.aborted === true) {
        lines.push(
          `Stopped by ${stoppedBy ?? 'a signal'} after ${formatCount(summary.rowsRead)} rows: the log is intact, it holds whole batches only, none half-written (\`tenure verify --log ${logPath}\` checks it).`,
          'Run the same command again to append the rest: rows already imported are skipped.',
        );
      } else if (summary.stoppedAt !== undefined) {
        lines.push(
          `Stopped at line ${summary.stoppedAt.line} (--strict); nothing of its batch was written. Fix the row and run the same command again: rows already imported are skipped.`,
        );
      } else if (summary.rejected > 0) {
        lines.push(
          'Fix the rejected rows and run the same command again: rows already imported are skipped.',
        );
      }
      if (unknownTypes && eventTypes === undefined) {
        lines.push(
          'Rows of event types of your own need their definitions: --event-types <module> (see --help).',
        );
      }
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    if (stoppedBy !== undefined) return exitStatusOfSignal(stoppedBy);
    return summary.rejected > 0 ? EXIT_BAD_INPUT : EXIT_OK;
  },
};

/**
 * What the rows left out by their status were, the most frequent status first:
 * `12 rows left out by their status: failed 10, voided 2. ...`.
 */
function skippedSentence(skipped: number, byStatus: Readonly<Record<string, number>>): string {
  const counts = Object.entries(byStatus)
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
    .map(([status, count]) => `${status} ${formatCount(count)}`)
    .join(', ');
  const rows = skipped === 1 ? 'row left out by its status' : 'rows left out by their status';
  return `${formatCount(skipped)} ${rows}: ${counts}. These statuses say no payment was made, or not yet; --skip-status changes which are left out, --skip-status none imports every row.`;
}

/** Closes a source stream (a file, standard input) that will not be read to its end. */
function destroy(source: ImportSource): void {
  const stream = source as { destroy?: unknown };
  if (typeof stream.destroy === 'function') (stream.destroy as () => void).call(source);
}

/**
 * A --log whose first line is no log record is most often an export given in the wrong place
 * (the file and the log swapped): say so beside the corrupt-log advice, which assumes a log.
 */
function withSwapHint(error: unknown, logPath: string): unknown {
  if (!(error instanceof CliError) || !/ is corrupt at line 1:/.test(error.message)) return error;
  return new CliError(
    error.exitCode,
    `${error.message}\nIf ${logPath} is a file to import, not a log that tenure wrote, put it before --log: tenure import ${logPath} --log events.jsonl`,
  );
}

/**
 * A failure part-way through (a line not in the file's encoding) comes after whole batches went
 * in: the message says how many, so the log's state is known before the same command is rerun.
 */
function withAppended(error: unknown, appended: number): unknown {
  if (!(error instanceof CliError) || appended === 0) return error;
  const count = `${formatCount(appended)} ${appended === 1 ? 'event was' : 'events were'}`;
  const [problem, ...rest] = error.message.split('\n');
  return new CliError(
    error.exitCode,
    [`${problem} ${count} appended before it stopped.`, ...rest].join('\n'),
  );
}

type Values = Readonly<Record<string, string | boolean | undefined>>;

function importOptions(values: Values, file: string): ImportOptions {
  const text = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const columns: Record<keyof ImportColumns, string | undefined> = {
    customer: text('customer'),
    date: text('date'),
    amount: text('amount'),
    type: text('type'),
    id: text('id'),
    orderId: text('order-id'),
    currency: text('currency-column'),
    data: text('data'),
    itemCategory: text('item-category'),
    status: text('status'),
  };
  const dateFormat = text('date-format');
  if (dateFormat !== undefined && !DATE_FORMATS.includes(dateFormat as DateFormat)) {
    throw usageError(
      NAME,
      `--date-format ${JSON.stringify(dateFormat)} is not supported; use one of ${DATE_FORMATS.join(', ')}.`,
    );
  }
  const format = text('format') ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'auto');
  if (!['auto', 'csv', 'jsonl'].includes(format))
    throw usageError(
      NAME,
      `--format ${JSON.stringify(format)} is not supported; use csv, jsonl or auto.`,
    );
  if (values.header === true && values['no-header'] === true)
    throw usageError(NAME, '--header and --no-header contradict each other; give one.');
  const given = text('currency');
  const currency = given === undefined ? undefined : currencyCode(given);
  if (given !== undefined && currency === undefined) {
    throw usageError(
      NAME,
      `--currency ${JSON.stringify(given)} is not an ISO 4217 code; use its three letters, such as USD or eur (for a column, use --currency-column).`,
    );
  }
  const names = text('columns');
  return {
    columns: Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)),
    format: format as ImportOptions['format'],
    delimiter: delimiterOf(text('delimiter')),
    header: values.header === true ? true : values['no-header'] === true ? false : 'auto',
    ...(names === undefined ? {} : { columnNames: names.split(',').map((name) => name.trim()) }),
    ...(dateFormat === undefined ? {} : { dateFormat: dateFormat as DateFormat }),
    assumeUtc: values.utc === true,
    ...(values['decimal-comma'] === true ? { decimalComma: true } : {}),
    ...(text('encoding') === undefined ? {} : { encoding: text('encoding') }),
    ...(text('default-type') === undefined ? {} : { defaultType: text('default-type') }),
    ...(currency === undefined ? {} : { defaultCurrency: currency }),
    ...(text('source') === undefined ? {} : { source: text('source') }),
    ...skipStatusesFlag(text('skip-status')),
    batchSize: integerFlag(NAME, 'batch-size', values['batch-size'], 1000),
  };
}

/** `--skip-status failed,voided` as `skipStatuses`; `none` keeps every row. */
function skipStatusesFlag(value: string | undefined): Pick<ImportOptions, 'skipStatuses'> {
  if (value === undefined) return {};
  if (value.trim().toLowerCase() === 'none') return { skipStatuses: [] };
  const statuses = value.split(',').map((status) => status.trim());
  if (statuses.some((status) => status === '')) {
    throw usageError(
      NAME,
      `--skip-status ${JSON.stringify(value)} has an empty status; list statuses separated by commas (--skip-status failed,voided), or none to import every row.`,
    );
  }
  return { skipStatuses: statuses };
}

function delimiterOf(value: string | undefined): string {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'tab' || value === '\\t') return '\t';
  if (value === 'whitespace' || value === 'space') return 'whitespace';
  if (value.length === 1 && value !== '"') return value;
  throw usageError(
    NAME,
    `--delimiter ${JSON.stringify(value)} is not usable; use one character (, ; |), tab, whitespace or auto.`,
  );
}

async function openSource(
  file: string,
  io: CliIO,
): Promise<{ source: ImportSource; size: number }> {
  if (file === '-') {
    if (io.stdin === undefined)
      throw usageError(NAME, 'no standard input to read from; give a file name.');
    return { source: io.stdin, size: 0 };
  }
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure import: cannot read ${file} (${error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message)}); check the path.`,
    );
  });
  if (!info.isFile())
    throw new CliError(
      EXIT_BAD_INPUT,
      `tenure import: ${file} is not a file; give the path of a CSV or JSON-lines file.`,
    );
  return { source: createReadStream(file), size: info.size };
}
