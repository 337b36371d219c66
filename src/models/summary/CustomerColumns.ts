import type { CustomerRfm } from './summarizeCustomers.js';

/**
 * A summary's customers as columns: the same fields as {@link CustomerRfm}, one typed array
 * each, position k for the k-th customer of `summary.customers`. Reading columns costs no object
 * per customer, which matters for millions of them (scoring, spend fits).
 */
export interface CustomerColumns {
  /** Number of customers. */
  readonly length: number;
  readonly customerId: readonly string[];
  readonly birth: Float64Array;
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly spend: Float64Array;
  readonly firstSpend: Float64Array;
  readonly holdoutX: Float64Array;
  readonly holdoutSpend: Float64Array;
  readonly row: Int32Array;
}

/** Columns with room for `capacity` customers, filled by the summary. */
export function allocateCustomerColumns(capacity: number): CustomerColumns & {
  customerId: string[];
  length: number;
} {
  return {
    length: 0,
    customerId: [],
    birth: new Float64Array(capacity),
    x: new Float64Array(capacity),
    tx: new Float64Array(capacity),
    T: new Float64Array(capacity),
    spend: new Float64Array(capacity),
    firstSpend: new Float64Array(capacity),
    holdoutX: new Float64Array(capacity),
    holdoutSpend: new Float64Array(capacity),
    row: new Int32Array(capacity),
  };
}

/** The filled part of columns allocated with room to spare (views, no copies). */
export function trimCustomerColumns(columns: CustomerColumns): CustomerColumns {
  const n = columns.length;
  return {
    length: n,
    customerId: columns.customerId,
    birth: columns.birth.subarray(0, n),
    x: columns.x.subarray(0, n),
    tx: columns.tx.subarray(0, n),
    T: columns.T.subarray(0, n),
    spend: columns.spend.subarray(0, n),
    firstSpend: columns.firstSpend.subarray(0, n),
    holdoutX: columns.holdoutX.subarray(0, n),
    holdoutSpend: columns.holdoutSpend.subarray(0, n),
    row: columns.row.subarray(0, n),
  };
}

/** One object per customer, from the columns (what `summary.customers` holds). */
export function customersFromColumns(columns: CustomerColumns): CustomerRfm[] {
  const customers = new Array<CustomerRfm>(columns.length);
  for (let k = 0; k < columns.length; k++) customers[k] = customerAt(columns, k);
  return customers;
}

/** The object of the k-th customer of the columns. */
export function customerAt(columns: CustomerColumns, k: number): CustomerRfm {
  return {
    customerId: columns.customerId[k] as string,
    birth: columns.birth[k] as number,
    x: columns.x[k] as number,
    tx: columns.tx[k] as number,
    T: columns.T[k] as number,
    spend: columns.spend[k] as number,
    firstSpend: columns.firstSpend[k] as number,
    holdoutX: columns.holdoutX[k] as number,
    holdoutSpend: columns.holdoutSpend[k] as number,
    row: columns.row[k] as number,
  };
}
