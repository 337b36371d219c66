import type { SpendRow } from './GammaGammaParams.js';

/**
 * Spend rows laid out once per fit as columns of the likelihood's per-row constants, so each of
 * the optimiser's evaluations pays one `log1p(exp(...))` per row and one log-gamma ratio per
 * distinct x, instead of three logarithms and two log-gammas per row.
 */
export interface SpendColumns {
  /** Index of each row's x in `distinctX`. */
  readonly xIndex: Uint32Array;
  /** The distinct repeat counts x. */
  readonly distinctX: Float64Array;
  readonly x: Float64Array;
  readonly logX: Float64Array;
  readonly logSpend: Float64Array;
  /** ln(x z̄), the log of the total repeat spend. */
  readonly logTotalSpend: Float64Array;
  readonly count: Float64Array;
}

/** Lays out rows (x >= 1, meanSpend > 0) as {@link SpendColumns}, keeping their order. */
export function toSpendColumns(rows: readonly SpendRow[]): SpendColumns {
  const length = rows.length;
  const columns = {
    xIndex: new Uint32Array(length),
    x: new Float64Array(length),
    logX: new Float64Array(length),
    logSpend: new Float64Array(length),
    logTotalSpend: new Float64Array(length),
    count: new Float64Array(length),
  };
  const positions = new Map<number, number>();
  for (let i = 0; i < length; i++) {
    const row = rows[i] as SpendRow;
    let position = positions.get(row.x);
    if (position === undefined) {
      position = positions.size;
      positions.set(row.x, position);
    }
    columns.xIndex[i] = position;
    columns.x[i] = row.x;
    const logX = Math.log(row.x);
    const logSpend = Math.log(row.meanSpend);
    columns.logX[i] = logX;
    columns.logSpend[i] = logSpend;
    columns.logTotalSpend[i] = logX + logSpend;
    columns.count[i] = row.count ?? 1;
  }
  return { ...columns, distinctX: Float64Array.from(positions.keys()) };
}
