import type { EventIssue } from '../errors/EventValidationError.js';
import { canonicalJson } from '../events/canonicalJson.js';
import { defaultEventCatalog } from '../events/createEventCatalog.js';
import type { EventInput, TenureEvent } from '../events/TenureEvent.js';
import { validateEvents } from '../events/validateEvents.js';
import { checkImportOptions, IMPORT_OPTIONS } from './checkImportOptions.js';
import { checkImportSource } from './checkImportSource.js';
import {
  createCsvMapper,
  createJsonMapper,
  type FieldLabels,
  type MapperSettings,
  type RowMapper,
} from './createRowMapper.js';
import { currencyCode } from './currencyCode.js';
import type { ImportField } from './findImportColumn.js';
import type { ImportOptions, RejectedRow } from './ImportOptions.js';
import { ImportOptionsError } from './ImportOptionsError.js';
import { DATE_FORMATS } from './parseImportDate.js';
import { DEFAULT_ENCODING, type ImportSource } from './readLines.js';
import { readRecords } from './readRecords.js';
import { resolveSkipStatuses } from './skipStatuses.js';
import { WHITESPACE } from './splitFields.js';

const API = 'importEvents';

/** One batch of an import: the valid events of up to `batchSize` rows, and the rows rejected. */
export interface ImportBatch {
  /** Valid, normalised events (`at` in epoch ms), in file order. Append them as one batch. */
  readonly events: readonly TenureEvent[];
  /** The line number of each event, parallel to `events`. */
  readonly lines: readonly number[];
  /** Rows of this batch that are not valid events, in file order. */
  readonly rejected: readonly RejectedRow[];
  /** Rows dropped because an earlier row of the same batch gave the identical event. */
  readonly duplicates: number;
  /** The line number of each of those `duplicates` rows, in file order. */
  readonly duplicateLines: readonly number[];
  /**
   * Rows that are further items of the order on the row before them, which gave its total (an
   * export of one row per line item, as Shopify's orders export): no events of their own, and
   * not rejected. A row without an amount that names no order given just before is rejected.
   */
  readonly items: number;
  /** The line number of each of those `items` rows, in file order. */
  readonly itemLines: readonly number[];
  /**
   * Purchase rows left out by their status (see `skipStatuses`), with the further item rows of
   * such an order: no events, and not rejected.
   */
  readonly skipped: number;
  /** Each of those `skipped` rows: its line and its status as a key (`failed`), in file order. */
  readonly skippedRows: readonly SkippedRow[];
  /** Data rows read in this batch (events + rejected + duplicates + items + skipped). */
  readonly rows: number;
  /** Bytes (characters, for string sources) read from the source so far. */
  readonly bytesRead: number;
}

/** A row left out by its status: no event, and not rejected. */
export interface SkippedRow {
  /** 1-based line number in the file. */
  readonly line: number;
  /** Its status as the skip list matched it: lower case, words joined by `_` (`failed`). */
  readonly status: string;
}

/**
 * Reads a CSV file (any separator, auto-detected; whitespace-aligned files too) or JSON lines and
 * turns its rows into tenure events, a batch at a time, so memory stays bounded whatever the
 * file's size. Rows without a type become purchases with an id derived from the row, so
 * importing the same file twice appends nothing new. In an export of one row per line item
 * (Shopify's orders), each purchase's `items` come from its order's rows (see
 * `columns.itemCategory`). Purchases whose status says no payment was made (`Failed`,
 * `voided`, ...; see `skipStatuses`) are left out, in `skippedRows`. Each bad row comes back in
 * `rejected` with
 * its line number and the reason; misuse (a mapped column the file does not have) throws an
 * {@link ImportOptionsError} before any batch.
 *
 * @param source - the file's text or bytes, or chunks of them (a `fs.createReadStream(path)` works).
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * for await (const batch of importEvents(createReadStream('cdnowElog.csv'), {
 *   columns: { customer: 'sampleid', date: 'date', amount: 'sales' },
 *   dateFormat: 'yyyymmdd',
 *   defaultCurrency: 'USD',
 * })) {
 *   await log.append(batch.events);
 *   for (const row of batch.rejected) console.warn(`line ${row.line}: ${row.reason}`);
 * }
 * ```
 */
export async function* importEvents(
  source: ImportSource,
  options: ImportOptions = {},
): AsyncGenerator<ImportBatch> {
  checkImportOptions(API, options, IMPORT_OPTIONS);
  checkImportSource(API, source);
  const settings = resolveSettings(options);
  const batchSize = options.batchSize ?? 1000;
  let mapper: RowMapper | undefined;
  let candidates: Candidate[] = [];
  let rejected: RejectedRow[] = [];
  let itemLines: number[] = [];
  let skippedRows: SkippedRow[] = [];
  let rows = 0;
  let bytesRead = 0;
  /** The batch of the rows read so far; the next rows start a new one. */
  const endBatch = (): Promise<ImportBatch> => {
    const batch = finishBatch(
      candidates,
      rejected,
      { itemLines, skippedRows, rows, bytesRead },
      settings,
      mapper,
    );
    candidates = [];
    rejected = [];
    itemLines = [];
    skippedRows = [];
    rows = 0;
    return batch;
  };
  for await (const record of readRecords(source, {
    format: options.format ?? 'auto',
    delimiter: options.delimiter ?? 'auto',
    header: options.header ?? 'auto',
    encoding: options.encoding ?? DEFAULT_ENCODING,
  })) {
    if (record.kind === 'header') {
      mapper = createCsvMapper(options.columnNames ?? record.fields, settings);
      continue;
    }
    let mapped: ReturnType<RowMapper> | undefined;
    if (record.kind === 'bad') mapper?.skip();
    else {
      mapper ??= Array.isArray(record.value)
        ? createCsvMapper(options.columnNames, settings)
        : createJsonMapper(settings);
      mapped = mapper(record.value);
    }
    // A batch kept open for the items of its last purchase ends at the first row not one of them.
    if (rows >= batchSize && !(mapped !== undefined && 'itemOf' in mapped)) {
      yield await endBatch();
    }
    rows += 1;
    bytesRead = record.offset;
    if (record.kind === 'bad') {
      rejected.push(reject(record.line, record.reason, record.text));
    } else if (mapped !== undefined) {
      if (!mapped.ok) rejected.push(reject(record.line, mapped.reason, record.text));
      else if (mapped.skipped !== undefined)
        skippedRows.push({ line: record.line, status: mapped.skipped });
      else if (mapped.event === undefined) itemLines.push(record.line);
      else
        candidates.push({
          event: mapped.event,
          line: record.line,
          text: record.text,
          labels: mapped.labels,
        });
    }
    // A purchase whose items may follow on the next rows is not complete: its batch waits.
    if (rows >= batchSize && mapper?.takesItems() !== true) {
      yield await endBatch();
    }
  }
  if (rows > 0) yield await endBatch();
}

interface Candidate {
  readonly event: EventInput;
  readonly line: number;
  readonly text: string;
  /** The keys this row's fields came from, when they differ per row (JSON lines). */
  readonly labels?: FieldLabels | undefined;
}

/** What a batch passes on as read: its rows that gave no event, and how far the reading got. */
interface BatchRest {
  readonly itemLines: readonly number[];
  readonly skippedRows: readonly SkippedRow[];
  readonly rows: number;
  readonly bytesRead: number;
}

async function finishBatch(
  candidates: readonly Candidate[],
  rejected: RejectedRow[],
  rest: BatchRest,
  settings: MapperSettings,
  mapper: RowMapper | undefined,
): Promise<ImportBatch> {
  const { itemLines, skippedRows, rows, bytesRead } = rest;
  const labels = mapper?.labels ?? {};
  // Identical rows within a batch collapse to one event; the log does the same across batches.
  const seen = new Map<string, Candidate>();
  let kept: Candidate[] = [];
  const duplicateLines: number[] = [];
  for (const candidate of candidates) {
    const previous = seen.get(candidate.event.id);
    if (previous === undefined) {
      seen.set(candidate.event.id, candidate);
      kept.push(candidate);
    } else if (canonicalJson(previous.event) === canonicalJson(candidate.event)) {
      duplicateLines.push(candidate.line);
    } else {
      rejected.push(
        reject(
          candidate.line,
          `id ${JSON.stringify(candidate.event.id)} is already used by line ${previous.line} with different content; give each event its own id`,
          candidate.text,
        ),
      );
    }
  }
  let result = await validateEvents(
    kept.map((candidate) => candidate.event),
    settings.catalog,
  );
  if (!result.ok) {
    const reasons = new Map<number, string[]>();
    for (const issue of result.issues) {
      const list = reasons.get(issue.index) ?? [];
      const candidate = kept[issue.index];
      const reason = describeIssue(issue, candidate?.labels ?? labels, candidate?.event.type);
      list.push(
        issue.path === 'type' && mapper?.typeByName !== undefined
          ? `${reason}; ${mapper.typeByName}`
          : reason,
      );
      reasons.set(issue.index, list);
    }
    const survivors: Candidate[] = [];
    kept.forEach((candidate, index) => {
      const list = reasons.get(index);
      if (list === undefined) survivors.push(candidate);
      else rejected.push(reject(candidate.line, list.join('; '), candidate.text));
    });
    kept = survivors;
    result = await validateEvents(
      kept.map((candidate) => candidate.event),
      settings.catalog,
    );
    if (!result.ok) throw new Error(`${API}: events valid one by one failed as a batch`);
  }
  // Rows are refused as read, at the id check and by the schema: reported in file order.
  rejected.sort((a, b) => a.line - b.line);
  return {
    events: result.events,
    lines: kept.map((candidate) => candidate.line),
    rejected,
    duplicates: duplicateLines.length,
    duplicateLines,
    items: itemLines.length,
    itemLines,
    skipped: skippedRows.length,
    skippedRows,
    rows,
    bytesRead,
  };
}

/** The import field behind each path of the envelope a column fills. */
const FIELDS: Readonly<Record<string, ImportField>> = {
  customerId: 'customer',
  at: 'date',
  'data.amount': 'amount',
  'data.currency': 'currency',
  'data.orderId': 'orderId',
};

const FIELD_NAMES: Readonly<Record<ImportField, string>> = {
  customer: 'customer',
  date: 'date',
  amount: 'amount',
  currency: 'currency',
  type: 'type',
  id: 'id',
  orderId: 'order id',
  data: 'data',
  itemCategory: 'item category',
  status: 'status',
};

function describeIssue(issue: EventIssue, labels: FieldLabels, type: string | undefined): string {
  const field = FIELDS[issue.path];
  const label = field === undefined ? undefined : labels[field];
  const name =
    field !== undefined
      ? `${FIELD_NAMES[field]}${label === undefined ? '' : ` (${label})`}`
      : issue.path === ''
        ? 'the event'
        : issue.path;
  const reason = `${name}: expected ${issue.expected}, received ${issue.received}`;
  if (field !== 'amount' || !issue.received.startsWith('-')) return reason;
  // The schema allows no negative amount: the row is a refund, or a refund written as one.
  if (type === 'refund') {
    return `${reason}; a refund's amount is the money returned: write it without the minus sign`;
  }
  return `${reason}; money returned is a refund, its own event: give such rows the type refund and a positive amount (map a type column, CLI: --type <col>)`;
}

function reject(line: number, reason: string, text: string): RejectedRow {
  return { line, reason, text: text.length > 200 ? `${text.slice(0, 197)}...` : text };
}

function resolveSettings(options: ImportOptions): MapperSettings {
  const catalog = options.catalog ?? defaultEventCatalog;
  const defaultType = options.defaultType ?? 'purchase';
  if (catalog.get(defaultType) === undefined) {
    throw new ImportOptionsError(
      API,
      'defaultType',
      `defaultType ${JSON.stringify(defaultType)} is not a known event type; use one of ${catalog.types.map((type) => type.type).join(', ')}.`,
    );
  }
  const given = options.defaultCurrency;
  // In any case, as a currency column is read: "eur" refused while a column's "usd" is read
  // would send users to upper-case one and not the other.
  const currency = typeof given === 'string' ? currencyCode(given) : undefined;
  if (given !== undefined && currency === undefined) {
    throw new ImportOptionsError(
      API,
      'defaultCurrency',
      `defaultCurrency ${JSON.stringify(given)} is not an ISO 4217 code; use its three letters, such as "USD" or "eur".`,
    );
  }
  const dateFormat = options.dateFormat ?? 'auto';
  if (!DATE_FORMATS.includes(dateFormat)) {
    throw new ImportOptionsError(
      API,
      'dateFormat',
      `dateFormat ${JSON.stringify(dateFormat)} is not supported; use one of ${DATE_FORMATS.join(', ')}.`,
    );
  }
  if (options.decimalComma !== undefined && typeof options.decimalComma !== 'boolean') {
    throw new ImportOptionsError(
      API,
      'decimalComma',
      `decimalComma must be true or false, got ${JSON.stringify(options.decimalComma)}.`,
    );
  }
  if (options.encoding !== undefined && !isEncoding(options.encoding)) {
    throw new ImportOptionsError(
      API,
      'encoding',
      `encoding ${JSON.stringify(options.encoding)} is not an encoding this runtime decodes; use a WHATWG label such as "utf-8", "windows-1252", "iso-8859-15" or "shift_jis".`,
    );
  }
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ImportOptionsError(
      API,
      'batchSize',
      `batchSize must be an integer >= 1, got ${batchSize}.`,
    );
  }
  const skipStatuses = resolveSkipStatuses(API, options.skipStatuses);
  const delimiter = options.delimiter ?? 'auto';
  if (
    delimiter !== 'auto' &&
    delimiter !== WHITESPACE &&
    (delimiter.length !== 1 || delimiter === '"')
  ) {
    throw new ImportOptionsError(
      API,
      'delimiter',
      `delimiter ${JSON.stringify(delimiter)} is not usable; pass one character (",", ";", "\\t", "|"), "whitespace" or "auto".`,
    );
  }
  return {
    columns: options.columns ?? {},
    dateFormat,
    assumeUtc: options.assumeUtc ?? false,
    decimalComma: options.decimalComma ?? false,
    defaultType,
    defaultCurrency: currency,
    idPrefix: options.idPrefix ?? 'import-',
    source: options.source,
    catalog,
    skipStatuses,
    statusRequired: options.skipStatuses !== undefined && skipStatuses.size > 0,
  };
}

function isEncoding(label: unknown): boolean {
  if (typeof label !== 'string') return false;
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
