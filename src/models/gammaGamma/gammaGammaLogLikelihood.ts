import { digammaDifference } from '../numerics/digamma.js';
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

/**
 * The log-likelihood over rows laid out once per fit (see {@link SpendColumns}): the optimiser's
 * inner loop. When `gradient` is given, writes the gradient with respect to ln p, ln q, ln γ.
 */
export function gammaGammaLogLikelihoodOfColumns(
  p: number,
  q: number,
  gamma: number,
  columns: SpendColumns,
  gradient?: number[],
): number {
  const { distinctX, xCount, total, logTotal, count, xWeight, customers } = columns;
  // Per distinct x: Σ C_k R(p x_k, q) and, for the gradient, its derivatives in p and q.
  let ratios = 0;
  let dRatioP = 0;
  let dRatioQ = 0;
  for (let k = 0; k < distinctX.length; k++) {
    const x = distinctX[k] as number;
    const c = xCount[k] as number;
    ratios += c * logGammaRatio(p * x, q);
    if (gradient !== undefined) {
      dRatioP += c * x * digammaDifference(p * x, q);
      dRatioQ += c * digammaDifference(q, p * x);
    }
  }
  // Per distinct total t: (pV - W) ln t - (pV + qW) ln(γ + t), with W customers and V = Σ x.
  const logScale = Math.log(gamma);
  let sumP = 0; // Σ V (ln t - ln(γ + t))
  let sumQ = 0; // Σ W ln(γ + t)
  let sumScale = 0; // Σ (pV + qW) / (γ + t)
  for (let g = 0; g < total.length; g++) {
    const t = total[g] as number;
    const w = count[g] as number;
    const v = xWeight[g] as number;
    const logT = logTotal[g] as number;
    // ln(γ + t) and 1 / (γ + t); where t overflowed, from its logarithm.
    let logSum: number;
    let inverse: number;
    if (t < Number.POSITIVE_INFINITY) {
      const sum = gamma + t;
      logSum = Math.log(sum);
      inverse = 1 / sum;
    } else {
      logSum = logAddExp(logScale, logT);
      inverse = Math.exp(-logSum);
    }
    sumP += v * (logT - logSum);
    sumQ += w * logSum;
    sumScale += (p * v + q * w) * inverse;
  }
  if (gradient !== undefined) {
    gradient[0] = p * (dRatioP + sumP);
    gradient[1] = q * (dRatioQ + customers * logScale - sumQ);
    gradient[2] = customers * q - gamma * sumScale;
  }
  return (
    ratios +
    columns.logXSum -
    customers * logGamma(q) +
    customers * q * logScale +
    p * sumP -
    columns.logTotalSum -
    q * sumQ
  );
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}
