/**
 * One day in milliseconds.
 *
 * @example
 * ```ts
 * const week = 7 * DAY_MS;
 * ```
 */
export const DAY_MS = 86_400_000;

/** A subscription billing interval, as in the `subscription.*` events. */
export type BillingInterval = 'day' | 'week' | 'month' | 'year';

/**
 * `at` plus `count` billing intervals, in UTC calendar arithmetic (a month from Jan 31 is the
 * last day of February). Pure: no clock is read.
 *
 * @example
 * ```ts
 * addInterval(Date.UTC(2026, 0, 15), 'month', 1) === Date.UTC(2026, 1, 15); // true
 * ```
 */
export function addInterval(at: number, interval: BillingInterval, count: number): number {
  switch (interval) {
    case 'day':
      return at + count * DAY_MS;
    case 'week':
      return at + count * 7 * DAY_MS;
    case 'month':
    case 'year': {
      const months = interval === 'year' ? 12 * count : count;
      const date = new Date(at);
      const day = date.getUTCDate();
      date.setUTCDate(1);
      date.setUTCMonth(date.getUTCMonth() + months);
      const lastDay = new Date(
        Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
      ).getUTCDate();
      date.setUTCDate(Math.min(day, lastDay));
      return date.getTime();
    }
  }
}

/** Reads a positive finite number of an input object, or the default; throws a TypeError naming the field. */
export function positiveOption(
  machine: string,
  input: Readonly<Record<string, unknown>> | undefined,
  key: string,
  fallback: number,
): number {
  const value = input?.[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(
      `${machine} machine: input.${key} must be a finite number > 0, received ${JSON.stringify(value)}.`,
    );
  }
  return value;
}
