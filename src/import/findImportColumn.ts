import { headerKey } from './headerKey.js';
import type { ColumnRef, ImportColumns } from './ImportOptions.js';
import { ImportOptionsError } from './ImportOptionsError.js';

const API = 'importEvents';

/** The parts of an event a column can hold. */
export type ImportField = keyof ImportColumns;

/** Every part of an event a column can hold, in the order the mapper reads them. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  'customer',
  'date',
  'amount',
  'currency',
  'type',
  'id',
  'orderId',
  'data',
  'itemCategory',
  'status',
];

/** Usual header names of each field, lower case, tried in order. */
export const ALIASES: Readonly<Record<ImportField, readonly string[]>> = {
  // An e-mail address last: an export with an id column (Stripe's Customer ID) is read by the id.
  customer: [
    'customerid',
    'customer_id',
    'customer',
    'client_id',
    'clientid',
    'user_id',
    'userid',
    'customer_email',
    'email',
  ],
  // `created`: Stripe's, as `Created (UTC)` or `Created date (UTC)` in its exports, and as epoch
  // seconds in its API's JSON.
  date: [
    'at',
    'date',
    'timestamp',
    'time',
    'order_date',
    'created_at',
    'createdat',
    'created',
    'created_date',
  ],
  amount: ['amount', 'total', 'sales', 'revenue', 'value', 'price'],
  currency: ['currency', 'currency_code'],
  type: ['type', 'event_type', 'eventtype'],
  id: ['id', 'event_id', 'eventid'],
  orderId: ['orderid', 'order_id', 'order'],
  data: ['data'],
  // Never guessed: no export names a category column for its items (Shopify's `Vendor` is the brand).
  itemCategory: [],
  // Stripe's `Status` (Paid, Failed, ...), Shopify's `Financial Status` (paid, voided, ...). Not
  // `order_status`: WooCommerce's writes `processing` for paid orders.
  status: ['status', 'financial_status', 'payment_status'],
};

/** What a header has, for messages: `the header has "a", "b"`, or that there is none. */
export function headerHas(header: readonly string[] | undefined): string {
  return header === undefined
    ? 'the file has no header'
    : `the header has ${header.map((name) => JSON.stringify(name)).join(', ')}`;
}

/**
 * In an export of one row per line item (`Lineitem name`, `Lineitem quantity`, ... as Shopify
 * writes its orders), the column `Name` is the order's name (`#1001`), shared by the rows of its
 * items: the order id. Elsewhere a `Name` is anyone's name, and is not taken for one.
 */
export function orderNameOfLineItems(
  header: readonly string[] | undefined,
  taken: ReadonlySet<number>,
): number | undefined {
  if (header === undefined) return undefined;
  const keys = header.map(headerKey);
  if (!keys.some((key) => /^line_?item_/.test(key))) return undefined;
  const index = keys.indexOf('name');
  return index === -1 || taken.has(index) ? undefined : index;
}

/**
 * The column of a field found by its usual names, in their order (a customer id before an
 * e-mail), each written as it is (any case) or as exports write it for people (`Customer ID`,
 * `Created (UTC)`; see headerKey). Of two columns with the same name, the one written as it is.
 */
export function findAlias(
  header: readonly string[] | undefined,
  field: ImportField,
  taken: ReadonlySet<number> = new Set(),
): number | undefined {
  if (header === undefined) return undefined;
  const lower = header.map((name) => name.toLowerCase());
  const keys = header.map(headerKey);
  for (const alias of ALIASES[field]) {
    for (const names of [lower, keys]) {
      const index = names.findIndex((name, at) => name === alias && !taken.has(at));
      if (index !== -1) return index;
    }
  }
  return undefined;
}

/**
 * The column `ref` names (a header name, exact or in any case, or a position from 1), or an
 * {@link ImportOptionsError} naming the columns the file has.
 */
export function resolveRef(
  ref: ColumnRef,
  header: readonly string[] | undefined,
  field: ImportField,
): number {
  if (typeof ref === 'string' && header !== undefined) {
    const exact = header.indexOf(ref);
    if (exact !== -1) return exact;
    const loose = header.findIndex((name) => name.toLowerCase() === ref.toLowerCase());
    if (loose !== -1) return loose;
  }
  const position = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : Number.NaN;
  if (Number.isInteger(position) && position >= 1) return position - 1;
  const has =
    header === undefined
      ? 'the file has no header: refer to columns by number (1 = first) or name them with columnNames (CLI: --columns a,b,c)'
      : `the header has ${header.map((name) => JSON.stringify(name)).join(', ')}`;
  throw new ImportOptionsError(
    API,
    `columns.${field}`,
    `columns.${field} is ${JSON.stringify(ref)}, which is not a column of this file (${has}).`,
  );
}
