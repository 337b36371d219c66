import { MAX_TIME } from '../events/normalizeTime.js';

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
 * last day of February). Pure: no clock is read. A term ending past the last time a Date holds
 * (+275760-09-13) ends at that time.
 *
 * @example
 * ```ts
 * addInterval(Date.UTC(2026, 0, 15), 'month', 1) === Date.UTC(2026, 1, 15); // true
 * ```
 */
export function addInterval(at: number, interval: BillingInterval, count: number): number {
  const end = addIntervalUnbounded(at, interval, count);
  // A valid subscription may run for 1e6 years (its intervalCount has no upper bound): such a
  // term ends past the last time a Date holds, where `Date` gives NaN and a projection would
  // fail on every read of the log. It is paid until the end of time instead.
  return Math.abs(end) <= MAX_TIME ? end : count >= 0 ? MAX_TIME : -MAX_TIME;
}

function addIntervalUnbounded(at: number, interval: BillingInterval, count: number): number {
  switch (interval) {
    case 'day':
      return at + count * DAY_MS;
    case 'week':
      return at + count * 7 * DAY_MS;
    case 'month':
      return addMonths(at, count);
    case 'year':
      return addMonths(at, 12 * count);
  }
}

/** Times within +-2.5e14 ms (years -5952 to 9892) take the arithmetic path. */
const ARITHMETIC_RANGE = 2.5e14;

/**
 * `at` plus `months` calendar months, the day clamped to the target month's length. The
 * projection calls this on every subscription renewal, so integer times in a wide range use
 * civil-calendar arithmetic (H. Hinnant's days_from_civil / civil_from_days), which gives the
 * same result as `Date`'s UTC setters without allocating a Date; anything else goes to `Date`.
 */
function addMonths(at: number, months: number): number {
  if (
    !Number.isInteger(at) ||
    Math.abs(at) > ARITHMETIC_RANGE ||
    !Number.isInteger(months) ||
    Math.abs(months) > 12_000
  ) {
    return addMonthsByDate(at, months);
  }
  const days = Math.floor(at / DAY_MS);
  const timeOfDay = at - days * DAY_MS;
  // civil_from_days: the proleptic Gregorian date of `days` since 1970-01-01.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return daysFromCivil(targetYear, targetMonth, targetDay) * DAY_MS + timeOfDay;
}

/** days_from_civil: days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The month arithmetic with `Date`'s UTC setters: the definition the arithmetic path must match
 * (the tests compare the two), used for times and counts outside the arithmetic path.
 *
 * @example
 * ```ts
 * addMonthsByDate(Date.UTC(2026, 0, 31), 1) === Date.UTC(2026, 1, 28); // true
 * ```
 */
export function addMonthsByDate(at: number, months: number): number {
  const date = new Date(at);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.getTime();
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
