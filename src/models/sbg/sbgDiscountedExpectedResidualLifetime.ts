import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { requireInteger } from '../clv/checkModelInput.js';
import { betaRatioSeries } from './betaRatioSeries.js';
import { checkDiscountedHorizon } from './checkDiscountedHorizon.js';
import { checkSbgParams, type SbgParams } from './SbgParams.js';

/** Options of {@link sbgDiscountedExpectedResidualLifetime}. */
export interface SbgResidualLifetimeOptions {
  /** Renewals the customer has made so far: 0 while she is in her first period. */
  readonly renewals: number;
  /** Discount rate per period, >= 0 (0.1 = 10 % per period). */
  readonly discountRate: number;
  /**
   * Payments counted, the upcoming renewal included. Default `Infinity`, which needs a discount
   * rate >= 1e-6, or alpha > 1 when the rate is 0.
   */
  readonly periods?: number;
}

/**
 * DERL: the discounted expected residual lifetime of an active customer who has made
 * `renewals` renewals, evaluated just before her next renewal decision, in periods
 * (Fader & Hardie 2010, "Customer-Base Valuation in a Contractual Setting"):
 *
 * DERL = (beta + n - 1) / (alpha + beta + n - 1) · 2F1(1, beta + n; alpha + beta + n; 1 / (1 + d))
 * with n - 1 = `renewals`. The upcoming renewal's payment counts undiscounted, the one after it
 * is discounted by 1 / (1 + d), and so on. Multiply by the margin per period for her residual
 * value (see `subscriptionValue`).
 *
 * @example
 * ```ts
 * sbgDiscountedExpectedResidualLifetime({ alpha: 0.704, beta: 1.182 }, { renewals: 4, discountRate: 0.1 });
 * ```
 */
export function sbgDiscountedExpectedResidualLifetime(
  params: SbgParams,
  options: SbgResidualLifetimeOptions,
): number {
  const api = 'sbgDiscountedExpectedResidualLifetime';
  checkSbgParams(api, params);
  checkModelOptions(api, 'options', options, ['renewals', 'discountRate', 'periods']);
  requireInteger(api, 'options.renewals', options.renewals);
  const periods = options.periods ?? Number.POSITIVE_INFINITY;
  const { alpha, beta } = params;
  const n = options.renewals + 1;
  checkDiscountedHorizon(api, options.discountRate, periods, alpha, 'alpha');
  if (periods === 0) return 0;
  const renewNext = (beta + n - 1) / (alpha + beta + n - 1);
  return (
    renewNext * betaRatioSeries(beta + n, alpha + beta + n, 1 / (1 + options.discountRate), periods)
  );
}

/** Options of {@link sbgDiscountedExpectedLifetime}. */
export interface SbgLifetimeOptions {
  /** Discount rate per period, >= 0. */
  readonly discountRate: number;
  /** Payments counted, the first (at acquisition) included. Default `Infinity`. */
  readonly periods?: number;
}

/**
 * DEL: the discounted expected lifetime of a customer about to be acquired, in periods:
 * Σ_t S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1 / (1 + d)) (Fader & Hardie 2010). The
 * first payment, at acquisition, counts undiscounted.
 *
 * @example
 * ```ts
 * sbgDiscountedExpectedLifetime({ alpha: 0.668, beta: 3.806 }, { discountRate: 0.1 });
 * ```
 */
export function sbgDiscountedExpectedLifetime(
  params: SbgParams,
  options: SbgLifetimeOptions,
): number {
  const api = 'sbgDiscountedExpectedLifetime';
  checkSbgParams(api, params);
  checkModelOptions(api, 'options', options, ['discountRate', 'periods']);
  const periods = options.periods ?? Number.POSITIVE_INFINITY;
  checkDiscountedHorizon(api, options.discountRate, periods, params.alpha, 'alpha');
  return betaRatioSeries(
    params.beta,
    params.alpha + params.beta,
    1 / (1 + options.discountRate),
    periods,
  );
}
