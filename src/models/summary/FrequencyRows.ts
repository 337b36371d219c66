import { ModelInputError } from '../../errors/ModelInputError.js';

/**
 * Frequency/recency data as the model fits read it: one row per distinct (x, t_x, T) with the
 * number of customers sharing it, sorted by x, as parallel typed arrays. Fitting cost grows with
 * the number of distinct rows, not with the number of customers.
 */
export interface FrequencyRows {
  /** Repeat purchases in the calibration period. */
  readonly x: Float64Array;
  /** Time of the last repeat purchase since birth (0 when x = 0). */
  readonly tx: Float64Array;
  /** Time from birth to the end of the calibration period. */
  readonly T: Float64Array;
  /** Customers with this (x, t_x, T). */
  readonly weight: Float64Array;
  /** Number of rows. */
  readonly length: number;
  /** Sum of the weights: the number of customers. */
  readonly customers: number;
}

/** One customer's (or one group's) frequency and recency, as users pass them to the models. */
export interface FrequencyRow {
  /** Repeat purchases (an integer >= 0; the first purchase is not a repeat). */
  readonly x: number;
  /** Time of the last repeat purchase since birth, 0 <= t_x <= T; 0 when x = 0. */
  readonly tx: number;
  /** Time since birth (the first purchase) to the end of the calibration period. */
  readonly T: number;
  /** How many customers this row stands for. Default: 1. */
  readonly weight?: number;
}

/** Anything the fits accept: a summary, grouped rows, or plain rows. */
export type FrequencyInput =
  | FrequencyRows
  | { readonly rows: FrequencyRows }
  | Iterable<FrequencyRow>;

/**
 * Groups customers with identical (x, t_x, T) into weighted rows, validating each row.
 *
 * @param api - the function to name in errors (a fit passes its own name).
 * @throws ModelInputError naming `api` and the field (e.g. `rows.3.x`) when x is not a
 *   non-negative integer, t_x is outside [0, T], T is negative, or the weight is not positive.
 * @example
 * ```ts
 * const rows = groupFrequencyRows([
 *   { x: 2, tx: 30.43, T: 38.86 },
 *   { x: 0, tx: 0, T: 38.86 },
 *   { x: 0, tx: 0, T: 38.86 },
 * ]);
 * rows.length; // 2
 * rows.customers; // 3
 * ```
 */
export function groupFrequencyRows(
  customers: Iterable<FrequencyRow>,
  api = 'groupFrequencyRows',
): FrequencyRows {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const T: number[] = [];
  const weight: number[] = [];
  let position = 0;
  for (const row of customers) {
    checkRow(row, position, api);
    const w = row.weight ?? 1;
    const key = `${row.x}|${row.tx}|${row.T}`;
    const found = index.get(key);
    if (found === undefined) {
      index.set(key, x.length);
      x.push(row.x);
      tx.push(row.tx);
      T.push(row.T);
      weight.push(w);
    } else {
      weight[found] = (weight[found] as number) + w;
    }
    position++;
  }
  return sortRows(x, tx, T, weight);
}

/**
 * Turns any {@link FrequencyInput} into {@link FrequencyRows}, naming `api` (the calling
 * function, e.g. `fitBgNbd`) in its errors.
 *
 * @example
 * ```ts
 * toFrequencyRows(summary) === summary.rows; // true
 * toFrequencyRows([{ x: 1, tx: 2, T: 5 }]).length; // 1
 * ```
 */
export function toFrequencyRows(input: FrequencyInput, api = 'toFrequencyRows'): FrequencyRows {
  if (isFrequencyRows(input)) return input;
  if (
    typeof input === 'object' &&
    input !== null &&
    'rows' in input &&
    isFrequencyRows(input.rows)
  ) {
    return input.rows;
  }
  if (typeof input === 'object' && input !== null && Symbol.iterator in input) {
    return groupFrequencyRows(input as Iterable<FrequencyRow>, api);
  }
  throw new ModelInputError(
    api,
    'input',
    'a customer summary (from summarizeCustomers), grouped FrequencyRows or an array of { x, tx, T } rows',
    input,
  );
}

function isFrequencyRows(value: unknown): value is FrequencyRows {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as FrequencyRows).x instanceof Float64Array
  );
}

/**
 * Sorts parallel arrays by x (then T, t_x) into typed arrays. When `rank` is given it receives,
 * for each input position, the row's position after sorting.
 */
export function sortRows(
  x: readonly number[],
  tx: readonly number[],
  T: readonly number[],
  weight: readonly number[],
  rank?: Int32Array,
): FrequencyRows {
  const order = x.map((_, i) => i);
  order.sort(
    (i, j) =>
      (x[i] as number) - (x[j] as number) ||
      (T[i] as number) - (T[j] as number) ||
      (tx[i] as number) - (tx[j] as number),
  );
  const length = order.length;
  const rows = {
    x: new Float64Array(length),
    tx: new Float64Array(length),
    T: new Float64Array(length),
    weight: new Float64Array(length),
    length,
    customers: 0,
  };
  let customers = 0;
  for (let k = 0; k < length; k++) {
    const i = order[k] as number;
    if (rank !== undefined) rank[i] = k;
    rows.x[k] = x[i] as number;
    rows.tx[k] = tx[i] as number;
    rows.T[k] = T[i] as number;
    rows.weight[k] = weight[i] as number;
    customers += weight[i] as number;
  }
  rows.customers = customers;
  return rows;
}

function checkRow(row: FrequencyRow, position: number, api: string): void {
  const { x, tx, T } = row;
  const weight = row.weight ?? 1;
  const at = `rows.${position}`;
  if (!(Number.isInteger(x) && x >= 0)) {
    throw new ModelInputError(api, `${at}.x`, 'an integer >= 0 (repeat purchases)', x);
  }
  if (!(Number.isFinite(T) && T >= 0)) {
    throw new ModelInputError(api, `${at}.T`, 'a finite number >= 0', T);
  }
  if (!(Number.isFinite(tx) && tx >= 0 && tx <= T)) {
    throw new ModelInputError(api, `${at}.tx`, `a number from 0 to T = ${T}`, tx);
  }
  if (!(Number.isFinite(weight) && weight > 0)) {
    throw new ModelInputError(api, `${at}.weight`, 'a number > 0', weight);
  }
}
