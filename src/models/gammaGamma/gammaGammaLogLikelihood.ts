import { logGamma } from '../numerics/logGamma.js';
import { checkSpendRows } from './checkSpendRows.js';
import { checkGammaGammaParams, type GammaGammaParams, type SpendRow } from './GammaGammaParams.js';
import { logGammaRatio } from './logGammaRatio.js';
import { type SpendColumns, toSpendColumns } from './SpendColumns.js';

/**
 * The Gamma-Gamma log-likelihood of customers' mean spend: Σ count · ln f(meanSpend | x), with
 * f(z̄ | p, q, γ, x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q x^(px) z̄^(px - 1) / (γ + x z̄)^(px + q).
 * Rows with x = 0 carry no spend and are skipped; a row with x >= 1 and meanSpend <= 0 throws
 * `ModelInputError` (`fitGammaGamma` can exclude such rows and report them instead).
 *
 * @example
 * ```ts
 * gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, [{ x: 2, meanSpend: 22.35 }]);
 * ```
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  rows: readonly SpendRow[],
): number {
  const api = 'gammaGammaLogLikelihood';
  checkGammaGammaParams(api, params);
  const { used } = checkSpendRows(api, rows, 'reject');
  return gammaGammaLogLikelihoodUnchecked(params.p, params.q, params.gamma, used);
}

/** The log-likelihood without input checks. */
export function gammaGammaLogLikelihoodUnchecked(
  p: number,
  q: number,
  gamma: number,
  rows: readonly SpendRow[],
): number {
  return gammaGammaLogLikelihoodOfColumns(p, q, gamma, toSpendColumns(rows));
}

/** The log-likelihood over rows laid out once per fit: the optimiser's inner loop. */
export function gammaGammaLogLikelihoodOfColumns(
  p: number,
  q: number,
  gamma: number,
  columns: SpendColumns,
): number {
  const { distinctX, xIndex, x, logX, logSpend, logTotalSpend, count } = columns;
  const ratios = new Float64Array(distinctX.length);
  for (let k = 0; k < distinctX.length; k++) {
    ratios[k] = logGammaRatio(p * (distinctX[k] as number), q);
  }
  const logGammaQ = logGamma(q);
  const logScale = Math.log(gamma);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const px = p * (x[i] as number);
    const logSpendI = logSpend[i] as number;
    // ln(γ + x z̄) without forming x z̄, which may overflow.
    const logTotal = logAddExp(logScale, logTotalSpend[i] as number);
    const value =
      (ratios[xIndex[i] as number] as number) -
      logGammaQ +
      q * logScale +
      (px - 1) * logSpendI +
      px * (logX[i] as number) -
      (px + q) * logTotal;
    total += (count[i] as number) * value;
  }
  return total;
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}
