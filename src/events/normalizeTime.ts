// RFC 3339 lets "T" and "Z" be written in lower case ("2024-05-01t12:00:00z"); some exports do.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?))?$/;

/** Largest |epoch ms| a JavaScript `Date` can hold (+275760-09-13): the last time an event may have. */
export const MAX_TIME = 8.64e15;

/**
 * Turns an ISO-8601 string (with a zone, or a plain date meaning UTC midnight), epoch
 * milliseconds or a `Date` into epoch milliseconds. Returns `undefined` for anything else,
 * including local times without a zone (they would depend on the machine's time zone).
 *
 * @example
 * ```ts
 * normalizeTime('1997-01-01'); // 852076800000
 * normalizeTime('1997-01-01T10:00:00+02:00'); // 852105600000
 * ```
 */
export function normalizeTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) <= MAX_TIME ? value : undefined;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  if (typeof value !== 'string' || value.length > 40) return undefined;
  const match = ISO_8601.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, , zone] = match;
  if (!isValidCalendarDate(Number(year), Number(month), Number(day))) return undefined;
  if (
    hour !== undefined &&
    (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? 0) > 59)
  ) {
    return undefined;
  }
  // ISO 8601 allows an offset of hours alone ("+01", as PostgreSQL writes it); Date.parse does not.
  const written = zone?.length === 3 ? `${value}:00` : value;
  const time = Date.parse(hour === undefined ? `${value}T00:00:00Z` : written.replace(' ', 'T'));
  return Number.isNaN(time) ? undefined : time;
}

/** Formats epoch milliseconds as an ISO-8601 UTC string. */
export function formatTime(time: number): string {
  return new Date(time).toISOString();
}

function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
