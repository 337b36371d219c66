import type { EventCatalog } from '../events/createEventCatalog.js';
import type { DateFormat } from './parseImportDate.js';

/**
 * A column of the file: its header name, or its 1-based position (`3` = third column). A string of
 * digits that is not a header name counts as a position too, so CLI flags can say `--date 3`.
 * In JSON lines, the key of the field. Names match exactly, else in any case (`customer_id`
 * finds `Customer_ID`).
 */
export type ColumnRef = string | number;

/**
 * Which column holds which part of the event. A field left out is looked up by its usual names
 * in the header (case-insensitive): `customer` as customerId, customer_id, customer, client_id,
 * user_id, then customer_email, email; `date` as at, date, timestamp, time, order_date,
 * created_at, created, created_date; `amount` as amount, total, sales, revenue, value, price (price is refused
 * beside a quantity column: it is per unit, map the total); `currency`, `type`, `id`, `orderId`
 * (order_id, order), `data` and `status` (status, financial_status, payment_status) under their own
 * names, tried in that order. A header written for
 * people is read as these names: words in any case, spaced or hyphenated (`Customer ID` is
 * customer_id, `Created at` is created_at), and a `(UTC)` after the name (`Created (UTC)`, as
 * Stripe writes it) makes the date-times without a zone UTC, as `assumeUtc` would. In an export
 * of line items (`Lineitem ...` columns, Shopify's orders), `Name` is the order id.
 */
export interface ImportColumns {
  /** The customer (or prospect) id. Required: mapped or found by name. */
  readonly customer?: ColumnRef;
  /** When it happened, in the file's {@link DateFormat}. Required: mapped or found by name. */
  readonly date?: ColumnRef;
  /** The money amount (purchases, refunds, opportunities, subscriptions). */
  readonly amount?: ColumnRef;
  /** ISO 4217 code per row, in any case (`usd` is read as `USD`); rows without one use `defaultCurrency`. */
  readonly currency?: ColumnRef;
  /** The event type per row; rows without one use `defaultType`. */
  readonly type?: ColumnRef;
  /**
   * The event id. Default: derived from the row's event and how many identical rows came before
   * it in the file (`deriveEventId`), so re-importing a file, or an export that overlaps
   * it, appends only the rows not imported yet.
   */
  readonly id?: ColumnRef;
  /** The order id of purchases and refunds. Default: the event id. */
  readonly orderId?: ColumnRef;
  /** A JSON object with the rest of the payload (in CSV, a JSON string). */
  readonly data?: ColumnRef;
  /**
   * The category of each line item, in a CSV export of one row per line item (`Lineitem name`,
   * `Lineitem sku`, ...: Shopify's orders export). Such a file fills each purchase's `items` from
   * the rows of its order: the product is the SKU, else the name; `Lineitem quantity` and
   * `Lineitem price` (per unit) when filled. A category comes only from this column: Shopify's
   * export has none (its `Vendor` is the brand; map it here if your vendors are your categories).
   * The extension stage needs categories to see a cross-sell. Default: items without category.
   */
  readonly itemCategory?: ColumnRef;
  /**
   * The payment's or order's status per row (Stripe's `Status`, Shopify's `Financial Status`):
   * purchase rows whose status is one of `skipStatuses` are left out and counted, not imported.
   * In an export of line items, an order's further item rows are left out with it.
   */
  readonly status?: ColumnRef;
}

/** Options of {@link importEvents} and {@link importToLog}. */
export interface ImportOptions {
  /** `csv` (any separator), `jsonl` (one JSON object a line) or `auto`: JSON lines when the first line starts with `{`. Default: `auto`. */
  readonly format?: 'auto' | 'csv' | 'jsonl';
  /** Column mapping; see {@link ImportColumns}. */
  readonly columns?: ImportColumns;
  /** CSV separator: one character, `'whitespace'` (runs of spaces/tabs) or `'auto'` (from the first line). Default: `auto`. */
  readonly delimiter?: string;
  /** Whether the first CSV line is a header. `auto`: yes when none of its fields is a number or a date. Default: `auto`. */
  readonly header?: boolean | 'auto';
  /**
   * Names for the columns of a file without a header, e.g. `['masterid', 'sampleid', 'date',
   * 'cds', 'sales']`; with a header, they replace its names (to rename a column, such as a
   * `type` that holds no event types).
   */
  readonly columnNames?: readonly string[];
  /** How dates are written. Default: `auto`. */
  readonly dateFormat?: DateFormat;
  /** Read ISO date-times without a zone as UTC instead of rejecting the row. Default: false. */
  readonly assumeUtc?: boolean;
  /**
   * Read amounts written with a decimal comma (`49,90`, `1.234,50`), as European spreadsheets
   * export them. Only the unambiguous forms are read: digits with one comma, or "." grouping
   * thousands before a comma; `1.234` (1234 or 1.234?) and `12.5` are rejected. Default: false
   * (a decimal point, no grouping).
   */
  readonly decimalComma?: boolean;
  /**
   * How the bytes of the file are decoded: a WHATWG encoding label such as `windows-1252` (Excel
   * on Windows), `iso-8859-15` or `shift_jis`. Default: UTF-8, or UTF-16 when the file starts with
   * its byte-order mark. Bytes that are not in the encoding stop the import with
   * {@link ImportOptionsError} naming the line; they are never replaced. Text sources are not
   * decoded.
   */
  readonly encoding?: string;
  /** Event type of rows without a type column or value. Default: `purchase`. */
  readonly defaultType?: string;
  /** Currency of rows without a currency column or value: an ISO 4217 code in any case, e.g. `USD` (`eur` is read as `EUR`). Default: none (such rows need one). */
  readonly defaultCurrency?: string;
  /** Prefix of derived event ids. Default: `import-`. */
  readonly idPrefix?: string;
  /** `meta.source` stamped on every event, e.g. `shopify-export`. Default: none. */
  readonly source?: string;
  /**
   * Rows per batch (a batch is what gets appended atomically). A batch never ends inside an order
   * of an export of line items: it takes the rest of the order's item rows with it. Default: 1000.
   */
  readonly batchSize?: number;
  /** Catalogue the events are validated against. Default: the built-in types. */
  readonly catalog?: EventCatalog;
  /**
   * Statuses of purchase rows to leave out (see `columns.status`): payments that failed or were
   * voided did not happen, and counting them would add revenue no customer paid. Matched in any
   * case, words spaced, hyphenated or joined by `_` (`Failed`, `requires_payment_method`). Rows
   * left out are counted by status (`skipped`, `skippedByStatus`), neither imported nor
   * rejected. Rows of other event types are imported whatever their status (in a subscriptions
   * export, `canceled` says what became of the subscription). `[]` imports every row.
   * Default: {@link DEFAULT_SKIP_STATUSES}.
   */
  readonly skipStatuses?: readonly string[];
}

/** A row the importer could not turn into a valid event. */
export interface RejectedRow {
  /** 1-based line number in the file (the first line of a multi-line CSV record). */
  readonly line: number;
  /** What is wrong and what was expected, e.g. `amount (column "sales"): expected a number, received "abc"`. */
  readonly reason: string;
  /** The row as written (at most 200 characters); empty when the log refused the event. */
  readonly text: string;
}
