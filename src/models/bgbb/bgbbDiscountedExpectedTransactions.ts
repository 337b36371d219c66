import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { requireInteger } from '../clv/checkModelInput.js';
import { logBeta } from '../numerics/logBeta.js';
import { betaRatioSeries } from '../sbg/betaRatioSeries.js';
import { checkDiscountedHorizon } from '../sbg/checkDiscountedHorizon.js';
import {
  type BgBbHistory,
  type BgBbParams,
  checkBgBbHistory,
  checkBgBbParams,
} from './BgBbParams.js';
import { bgbbHistoryLogLikelihood } from './bgbbLogLikelihood.js';

/** Options of {@link bgbbDiscountedExpectedTransactions}. */
export interface BgBbDiscountOptions {
  /** Discount rate per opportunity (period), >= 0: 0.1 = 10 % per period. */
  readonly discountRate: number;
  /**
   * Future opportunities counted. Default `Infinity`, which needs a discount rate >= 1e-6, or
   * gamma > 1 when the rate is 0.
   */
  readonly periods?: number;
}

/**
 * DERT: the discounted expected residual transactions of a customer with this history, the
 * transaction at opportunity n + k discounted by 1 / (1 + d)^k (Fader, Hardie & Shang 2010,
 * eq. 14):
 *
 * B(α+x+1, β+n-x)/B(α,β) · B(γ, δ+n+1) / ((1+d) B(γ,δ)) · 2F1(1, δ+n+1; γ+δ+n+1; 1/(1+d)) / L.
 *
 * Multiply by expected spend and margin for the residual value (see `customerValue`).
 *
 * @example
 * ```ts
 * bgbbDiscountedExpectedTransactions(
 *   { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
 *   { x: 6, tx: 6, n: 6 },
 *   { discountRate: 0.1 },
 * );
 * ```
 */
export function bgbbDiscountedExpectedTransactions(
  params: BgBbParams,
  history: BgBbHistory,
  options: BgBbDiscountOptions,
): number {
  const api = 'bgbbDiscountedExpectedTransactions';
  checkBgBbParams(api, params);
  checkBgBbHistory(api, history);
  checkModelOptions(api, 'options', options, ['discountRate', 'periods']);
  const periods = options.periods ?? Number.POSITIVE_INFINITY;
  if (periods !== Number.POSITIVE_INFINITY) requireInteger(api, 'options.periods', periods);
  checkDiscountedHorizon(api, options.discountRate, periods, params.gamma, 'gamma');
  if (periods === 0) return 0;
  const { alpha, beta, gamma, delta } = params;
  const { x, n } = history;
  const z = 1 / (1 + options.discountRate);
  const logFactor =
    logBeta(alpha + x + 1, beta + n - x) -
    logBeta(alpha, beta) +
    logBeta(gamma, delta + n + 1) -
    logBeta(gamma, delta) -
    bgbbHistoryLogLikelihood(params, history);
  return (
    Math.exp(logFactor) * z * betaRatioSeries(delta + n + 1, gamma + delta + n + 1, z, periods)
  );
}
