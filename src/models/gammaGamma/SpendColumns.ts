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
  // Totals that overflow are keyed by their logarithm instead.
  const totalIndex = new Map<number, number>();
  const overflowIndex = new Map<number, number>();
  const totals: number[] = [];
  const logTotals: number[] = [];
  const counts: number[] = [];
  const xWeights: number[] = [];
  let firstSpend = Number.NaN;
  let oneMeanSpend = true;
  return {
    add(x, meanSpend, count) {
      if (totals.length === 0 && xs.length === 0) firstSpend = meanSpend;
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
      const finite = Number.isFinite(total);
      const logTotal = finite ? Math.log(total) : Math.log(x) + Math.log(meanSpend);
      const index = finite ? totalIndex : overflowIndex;
      const key = finite ? total : logTotal;
      let g = index.get(key);
      if (g === undefined) {
        g = totals.length;
        index.set(key, g);
        totals.push(total);
        logTotals.push(logTotal);
        counts.push(0);
        xWeights.push(0);
      }
      counts[g] = (counts[g] as number) + count;
      xWeights[g] = (xWeights[g] as number) + count * x;
    },
    finish() {
      const xOrder = sortedOrder(xs, xs);
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
      const tOrder = sortedOrder(totals, logTotals);
      const n = totals.length;
      const columns = {
        total: new Float64Array(n),
        logTotal: new Float64Array(n),
        count: new Float64Array(n),
        xWeight: new Float64Array(n),
      };
      let logTotalSum = 0;
      tOrder.forEach((g, i) => {
        columns.total[i] = totals[g] as number;
        columns.logTotal[i] = logTotals[g] as number;
        columns.count[i] = counts[g] as number;
        columns.xWeight[i] = xWeights[g] as number;
        logTotalSum += (counts[g] as number) * (logTotals[g] as number);
      });
      return { distinctX, xCount, ...columns, customers, logXSum, logTotalSum, oneMeanSpend };
    },
  };
}

/** Lays out validated rows (x >= 1, meanSpend > 0) as {@link SpendColumns}. */
export function toSpendColumns(rows: readonly SpendRow[]): SpendColumns {
  const builder = createSpendColumnsBuilder();
  for (const row of rows) builder.add(row.x, row.meanSpend, row.count ?? 1);
  return builder.finish();
}

/** Indices sorted by `key`, ties by `tie` (the logarithm orders totals that overflowed). */
function sortedOrder(key: readonly number[], tie: readonly number[]): number[] {
  const order = Array.from(key, (_, i) => i);
  return order.sort(
    (i, j) => (key[i] as number) - (key[j] as number) || (tie[i] as number) - (tie[j] as number),
  );
}
