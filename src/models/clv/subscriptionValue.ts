import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import type { SbgParams } from '../sbg/SbgParams.js';
import { sbgDiscountedExpectedResidualLifetime } from '../sbg/sbgDiscountedExpectedResidualLifetime.js';
import type { TimeUnit } from '../summary/timeUnit.js';
import { requireInteger } from './checkModelInput.js';
import { type Duration, wholePeriodsIn } from './durationIn.js';
import { type DiscountRate, ratePerUnit } from './ratePerUnit.js';

/** Options of {@link subscriptionValue}. */
export interface SubscriptionValueOptions {
  /** The sBG parameters of her cohort (fitted per renewal period). */
  readonly params: SbgParams;
  /** Renewals she has made so far: 0 while she is in her first period. */
  readonly renewals: number;
  /** The renewal period the parameters are fitted in, e.g. `{ days: 30.4375 }` for monthly plans. */
  readonly period: TimeUnit;
  /** What she pays per period, >= 0, in her currency units. */
  readonly paymentPerPeriod: number;
  /** The share of the payment that is profit, in [0, 1]. */
  readonly margin: number;
  /** The discount rate and its period, converted to the renewal period here. */
  readonly discount: DiscountRate;
  /**
   * How far ahead to count payments; the number of payments is the whole periods it spans.
   * Default: no limit (needs a positive discount rate unless alpha > 1).
   */
  readonly horizon?: Duration;
  /** What she has paid so far, >= 0. Default: `0`. */
  readonly realisedRevenue?: number;
}

const SUBSCRIPTION_VALUE_OPTIONS: readonly (keyof SubscriptionValueOptions)[] = [
  'params',
  'renewals',
  'period',
  'paymentPerPeriod',
  'margin',
  'discount',
  'horizon',
  'realisedRevenue',
];

/** A subscriber's value, in her currency units and in margin terms. */
export interface SubscriptionValue {
  /** margin · payment · DERL: the expected discounted margin of her future payments. */
  readonly residual: number;
  /** realisedRevenue · margin. */
  readonly historical: number;
  readonly total: number;
  /** The discounted expected residual lifetime, in payments (periods). */
  readonly discountedLifetime: number;
}

/**
 * A contractual customer's lifetime value under the sBG model: margin × payment per period ×
 * DERL (Fader & Hardie 2010), evaluated just before her next renewal, plus the margin already
 * realised. The discount rate is converted to the renewal period, and a finite horizon to whole
 * periods, so that a yearly rate on monthly plans is never applied per month.
 *
 * @example
 * ```ts
 * subscriptionValue({
 *   params: { alpha: 0.704, beta: 1.182 },
 *   renewals: 4,
 *   period: { days: 365.25 },
 *   paymentPerPeriod: 120,
 *   margin: 0.6,
 *   discount: { rate: 0.1, per: { days: 365.25 } },
 * }).residual; // 0.6 · 120 · 5.89
 * ```
 */
export function subscriptionValue(options: SubscriptionValueOptions): SubscriptionValue {
  const api = 'subscriptionValue';
  checkModelOptions(api, 'options', options, SUBSCRIPTION_VALUE_OPTIONS);
  requireInteger(api, 'renewals', options.renewals);
  const payment = options.paymentPerPeriod;
  if (typeof payment !== 'number' || !Number.isFinite(payment) || payment < 0) {
    throw new ModelInputError(api, 'paymentPerPeriod', 'a finite amount >= 0', payment);
  }
  const margin = options.margin;
  if (typeof margin !== 'number' || !(margin >= 0 && margin <= 1)) {
    throw new ModelInputError(api, 'margin', 'a share in [0, 1] (1 for revenue)', margin);
  }
  const realised = options.realisedRevenue ?? 0;
  if (typeof realised !== 'number' || !Number.isFinite(realised) || realised < 0) {
    throw new ModelInputError(api, 'realisedRevenue', 'a finite amount >= 0', realised);
  }
  const discountRate = ratePerUnit(options.discount, options.period);
  const periods =
    options.horizon === undefined
      ? Number.POSITIVE_INFINITY
      : wholePeriodsIn(options.horizon, options.period, api);
  const discountedLifetime = sbgDiscountedExpectedResidualLifetime(options.params, {
    renewals: options.renewals,
    discountRate,
    periods,
  });
  const residual = margin * payment * discountedLifetime;
  const historical = margin * realised;
  return { residual, historical, total: residual + historical, discountedLifetime };
}
