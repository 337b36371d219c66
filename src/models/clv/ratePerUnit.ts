import { ModelInputError } from '../../errors/ModelInputError.js';
import { type TimeUnit, unitDays } from '../summary/timeUnit.js';

/**
 * A discount rate with its period, compounded: `{ rate: 0.1, per: { days: 365.25 } }` is 10 % a
 * year. The period is explicit because the models' time units differ (weeks for CDNOW, years for
 * donations, renewal periods for subscriptions) and a silent "month = 30 units" is how weekly
 * data ends up discounted over 30 weeks (REFERENCES.md, the time-unit trap).
 */
export interface DiscountRate {
  /** The rate per `per`, >= 0 (0.1 = 10 %). */
  readonly rate: number;
  /** The period the rate is quoted for: `'day'`, `'week'` or `{ days: n }`. */
  readonly per: TimeUnit;
}

/**
 * The equivalent compounded rate per `unit`: (1 + rate)^(days(unit) / days(per)) - 1.
 *
 * @example
 * ```ts
 * // 10 % a year, for a model fitted in weeks: ≈ 0.001828 per week
 * ratePerUnit({ rate: 0.1, per: { days: 365.25 } }, 'week');
 * ```
 */
export function ratePerUnit(discount: DiscountRate, unit: TimeUnit): number {
  return Math.expm1(continuousRate(discount, unit, 'ratePerUnit'));
}

/**
 * The continuous discount rate (force of interest) per `unit`: δ = ln(1 + rate) · days(unit) /
 * days(per), so that a value t units ahead is worth e^(-δt) now.
 *
 * @example
 * ```ts
 * continuousRate({ rate: 0.1, per: { days: 365.25 } }, { days: 365.25 }); // ln 1.1 ≈ 0.09531
 * ```
 */
export function continuousRate(
  discount: DiscountRate,
  unit: TimeUnit,
  api = 'continuousRate',
): number {
  const rate = discount?.rate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
    throw new ModelInputError(
      api,
      'discount.rate',
      'a finite rate >= 0 (0.1 = 10 % per `per`)',
      rate,
    );
  }
  return (Math.log1p(rate) * unitDays(unit)) / unitDays(discount.per);
}
