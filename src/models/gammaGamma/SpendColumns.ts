import type { SpendRow } from './GammaGammaParams.js';

/**
 * Spend rows laid out once per fit for the Gamma-Gamma likelihood. Per row the likelihood is
 * R(px, q) - ln Γ(q) + q ln γ + (px - 1) ln z̄ + px ln x - (px + q) ln(γ + x z̄), with
 * R(a, q) = ln Γ(a + q) - ln Γ(a). Written with the total t = x z̄, everything but ln(γ + t) is
 * linear in p and q, so rows group by x (for R) and by t (for ln(γ + t)): each evaluation pays
 * one log-gamma ratio per distinct x and one logarithm per distinct total spend, however many
 * customers share them. Groups are sorted (x, then t ascending), so the sums, hence the fit, do
 * not depend on the order of the rows.
 */
export interface SpendColumns {
  /** The distinct repeat counts x, ascending. */
  readonly distinctX: Float64Array;
  /** Customers with each distinct x. */
  readonly xCount: Float64Array;
  /** The distinct totals t = x z̄, ascending; `Infinity` where x z̄ overflows. */
  readonly total: Float64Array;
  /** ln t (finite also where t overflows). */
  readonly logTotal: Float64Array;
  /** Customers with each total. */
  readonly count: Float64Array;
  /** Σ count · x over the customers with each total. */
  readonly xWeight: Float64Array;
  /** Σ count: the customers. */
  readonly customers: number;
  /** Σ count · ln x. */
  readonly logXSum: number;
  /** Σ count · ln t. */
  readonly logTotalSum: number;
  /** True when every row had the same mean spend (no estimate exists without a penalty). */
  readonly oneMeanSpend: boolean;
}

/** Collects rows (x >= 1, meanSpend > 0, count > 0) into {@link SpendColumns}. */
export interface SpendColumnsBuilder {
  add(x: number, meanSpend: number, count: number): void;
  finish(): SpendColumns;
}

/**
 * A builder of {@link SpendColumns}. Sums of integer counts are exact in any order; with
 * fractional counts, add rows in a canonical order for an order-independent fit.
 */
export function createSpendColumnsBuilder(): SpendColumnsBuilder {
  const xIndex = new Map<number, number>();
  const xs: number[] = [];
  const xCounts: number[] = [];
  // Rows with a finite total, grouped at the end by a native sort of the totals (cheaper than a
  // map keyed by millions of doubles); totals that overflow are keyed by their logarithm.
  const rowTotal: number[] = [];
  const rowX: number[] = [];
  const rowCount: number[] = [];
  const overflowIndex = new Map<number, number>();
  const overflow = { logTotal: [] as number[], count: [] as number[], xWeight: [] as number[] };
  let rows = 0;
  let firstSpend = Number.NaN;
  let oneMeanSpend = true;
  return {
    add(x, meanSpend, count) {
      if (rows++ === 0) firstSpend = meanSpend;
      else if (meanSpend !== firstSpend) oneMeanSpend = false;
      let k = xIndex.get(x);
      if (k === undefined) {
        k = xs.length;
        xIndex.set(x, k);
        xs.push(x);
        xCounts.push(0);
      }
      xCounts[k] = (xCounts[k] as number) + count;
      const total = x * meanSpend;
      if (Number.isFinite(total)) {
        rowTotal.push(total);
        rowX.push(x);
        rowCount.push(count);
        return;
      }
      const logTotal = Math.log(x) + Math.log(meanSpend);
      let g = overflowIndex.get(logTotal);
      if (g === undefined) {
        g = overflow.logTotal.length;
        overflowIndex.set(logTotal, g);
        overflow.logTotal.push(logTotal);
        overflow.count.push(0);
        overflow.xWeight.push(0);
      }
      overflow.count[g] = (overflow.count[g] as number) + count;
      overflow.xWeight[g] = (overflow.xWeight[g] as number) + count * x;
    },
    finish() {
      const xOrder = Array.from(xs, (_, i) => i).sort(
        (i, j) => (xs[i] as number) - (xs[j] as number),
      );
      const distinctX = new Float64Array(xs.length);
      const xCount = new Float64Array(xs.length);
      let customers = 0;
      let logXSum = 0;
      xOrder.forEach((k, i) => {
        distinctX[i] = xs[k] as number;
        xCount[i] = xCounts[k] as number;
        customers += xCount[i] as number;
        logXSum += (xCount[i] as number) * Math.log(distinctX[i] as number);
      });
      const distinct = distinctSorted(new Float64Array(rowTotal));
      const finite = distinct.length;
      const overflowOrder = Array.from(overflow.logTotal, (_, i) => i).sort(
        (i, j) => (overflow.logTotal[i] as number) - (overflow.logTotal[j] as number),
      );
      const n = finite + overflowOrder.length;
      const total = new Float64Array(n);
      const logTotal = new Float64Array(n);
      const count = new Float64Array(n);
      const xWeight = new Float64Array(n);
      total.set(distinct);
      for (let i = 0; i < rowTotal.length; i++) {
        const g = indexOfSorted(distinct, rowTotal[i] as number);
        const c = rowCount[i] as number;
        count[g] = (count[g] as number) + c;
        xWeight[g] = (xWeight[g] as number) + c * (rowX[i] as number);
      }
      let logTotalSum = 0;
      for (let g = 0; g < finite; g++) {
        logTotal[g] = Math.log(total[g] as number);
        logTotalSum += (count[g] as number) * (logTotal[g] as number);
      }
      overflowOrder.forEach((o, i) => {
        const g = finite + i;
        total[g] = Number.POSITIVE_INFINITY;
        logTotal[g] = overflow.logTotal[o] as number;
        count[g] = overflow.count[o] as number;
        xWeight[g] = overflow.xWeight[o] as number;
        logTotalSum += (count[g] as number) * (logTotal[g] as number);
      });
      return {
        distinctX,
        xCount,
        total,
        logTotal,
        count,
        xWeight,
        customers,
        logXSum,
        logTotalSum,
        oneMeanSpend,
      };
    },
  };
}

/** The distinct values, ascending (sorts `values` in place). */
function distinctSorted(values: Float64Array): Float64Array {
  values.sort();
  let length = 0;
  for (let i = 0; i < values.length; i++) {
    if (length === 0 || values[i] !== values[length - 1]) values[length++] = values[i] as number;
  }
  return values.subarray(0, length);
}

/** The position of `value` in the ascending, distinct `sorted`, which holds it. */
function indexOfSorted(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Lays out validated rows (x >= 1, meanSpend > 0) as {@link SpendColumns}. */
export function toSpendColumns(rows: readonly SpendRow[]): SpendColumns {
  const builder = createSpendColumnsBuilder();
  for (const row of rows) builder.add(row.x, row.meanSpend, row.count ?? 1);
  return builder.finish();
}
