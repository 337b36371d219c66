import { ModelInputError } from '../../errors/ModelInputError.js';

/**
 * The time unit of a summary and of every model parameter fitted on it: `'day'`, `'week'`, or
 * an explicit length in days (`{ days: 30.4375 }` for an average month, `{ days: 365.25 }` for a
 * year). Months and years have no implicit length in tenure: say which one you mean.
 */
export type TimeUnit = 'day' | 'week' | { readonly days: number };

/**
 * The length of a {@link TimeUnit} in days.
 *
 * @param api - The API named by the error for an invalid unit. Default: `'unitDays'`.
 * @param path - The option named by that error, e.g. `clv.horizon.unit`. Default: `'unit'`.
 * @throws ModelInputError `TENURE_INVALID_MODEL_INPUT` for anything but `'day'`, `'week'` or
 *   `{ days: n }` with a finite n > 0.
 *
 * @example
 * ```ts
 * unitDays('week'); // 7
 * unitDays({ days: 30.4375 }); // 30.4375
 * ```
 */
export function unitDays(unit: TimeUnit, api = 'unitDays', path = 'unit'): number {
  if (unit === 'day') return 1;
  if (unit === 'week') return 7;
  if (typeof unit === 'object' && unit !== null && Number.isFinite(unit.days) && unit.days > 0) {
    return unit.days;
  }
  throw new ModelInputError(
    api,
    path,
    "'day', 'week' or { days: n } with n > 0 (e.g. { days: 30.4375 } for a month)",
    unit,
  );
}
