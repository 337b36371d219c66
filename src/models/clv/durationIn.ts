import { ModelInputError } from '../../errors/ModelInputError.js';
import { type TimeUnit, unitDays } from '../summary/timeUnit.js';

/** A length of time with its unit: `{ length: 3, unit: { days: 365.25 } }` is three years. */
export interface Duration {
  /** How many units, >= 0 (`Infinity` where a function says it accepts an infinite horizon). */
  readonly length: number;
  readonly unit: TimeUnit;
}

/**
 * The duration expressed in `unit`: length · days(duration.unit) / days(unit).
 *
 * @example
 * ```ts
 * durationIn({ length: 12, unit: { days: 30.4375 } }, 'week'); // ≈ 52.18 weeks, not 360
 * ```
 */
export function durationIn(duration: Duration, unit: TimeUnit, api = 'durationIn'): number {
  const length = duration?.length;
  if (typeof length !== 'number' || Number.isNaN(length) || length < 0) {
    throw new ModelInputError(api, 'horizon.length', 'a number >= 0', length);
  }
  if (length === Number.POSITIVE_INFINITY) return length;
  return (length * unitDays(duration.unit)) / unitDays(unit);
}

/**
 * Whole periods of length `period` in `duration` (rounded down, with a tolerance of 1e-9 period
 * for lengths that are whole up to rounding): the number of renewals or opportunities a horizon
 * spans. `Infinity` for an infinite duration.
 *
 * @example
 * ```ts
 * wholePeriodsIn({ length: 2, unit: { days: 365.25 } }, { days: 30.4375 }); // 24 monthly periods
 * ```
 */
export function wholePeriodsIn(
  duration: Duration,
  period: TimeUnit,
  api = 'wholePeriodsIn',
): number {
  const periods = durationIn(duration, period, api);
  return periods === Number.POSITIVE_INFINITY ? periods : Math.floor(periods + 1e-9);
}
