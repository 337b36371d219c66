import { requireInteger } from '../clv/checkModelInput.js';
import { logBeta } from '../numerics/logBeta.js';
import { betaRatioSeries } from '../sbg/betaRatioSeries.js';
import {
  type BgBbHistory,
  type BgBbParams,
  checkBgBbHistory,
  checkBgBbParams,
} from './BgBbParams.js';
import { bgbbHistoryLogLikelihood } from './bgbbLogLikelihood.js';

/**
 * E[X(n, n + n*) | x, tx, n]: the expected transactions of a customer with this history in the
 * next `periods` (n*) opportunities (Fader, Hardie & Shang 2010, eq. 13), as
 *
 * B(α+x+1, β+n-x)/B(α,β) / L · Σ_{k=1}^{n*} B(γ, δ+n+k)/B(γ,δ).
 *
 * Non-decreasing in n*; `periods` may be `Infinity` when gamma > 1 (otherwise the sum diverges
 * and the result is `Infinity`: use `bgbbDiscountedExpectedTransactions`).
 *
 * @example
 * ```ts
 * // Expected donations 2002..2006 of a donor with x = 6, tx = 6 over 1996..2001
 * bgbbConditionalExpectedTransactions(
 *   { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
 *   { x: 6, tx: 6, n: 6 },
 *   5,
 * );
 * ```
 */
export function bgbbConditionalExpectedTransactions(
  params: BgBbParams,
  history: BgBbHistory,
  periods: number,
): number {
  const api = 'bgbbConditionalExpectedTransactions';
  checkBgBbParams(api, params);
  checkBgBbHistory(api, history);
  if (periods !== Number.POSITIVE_INFINITY) requireInteger(api, 'periods', periods);
  if (periods === 0) return 0;
  const { alpha, beta, gamma, delta } = params;
  const { x, n } = history;
  const logFactor =
    logBeta(alpha + x + 1, beta + n - x) -
    logBeta(alpha, beta) +
    logBeta(gamma, delta + n + 1) -
    logBeta(gamma, delta) -
    bgbbHistoryLogLikelihood(params, history);
  return Math.exp(logFactor) * betaRatioSeries(delta + n + 1, gamma + delta + n + 1, 1, periods);
}
