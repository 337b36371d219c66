import { normalizeTime } from '../events/normalizeTime.js';

/**
 * How dates are written in an import file:
 * - `auto` (default): ISO-8601, `YYYYMMDD` (8 digits), epoch seconds (9-11 digits) or epoch
 *   milliseconds (12-13 digits), told apart per value; a number of other digits is rejected;
 * - `iso`: ISO-8601 with a zone (also after a space: `2024-03-05 14:22:10 +0100`, `... UTC`;
 *   or hours alone, `+01`, as PostgreSQL writes it), or a plain date (UTC midnight);
 * - `yyyymmdd`: 8 digits, UTC midnight;
 * - `epoch-s` / `epoch-ms`: seconds or milliseconds since 1970-01-01 UTC.
 */
export type DateFormat = 'auto' | 'iso' | 'yyyymmdd' | 'epoch-s' | 'epoch-ms';

/** Every {@link DateFormat}, for option parsing. */
export const DATE_FORMATS: readonly DateFormat[] = [
  'auto',
  'iso',
  'yyyymmdd',
  'epoch-s',
  'epoch-ms',
];

/** A parsed date, or why it could not be parsed. */
export type ParsedDate =
  | { readonly ok: true; readonly at: number }
  | { readonly ok: false; readonly reason: string };

const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;
/**
 * A date-time, then a space and its zone: `2024-03-05 14:22:10 +0100` (Shopify's exports),
 * `2024-03-05 14:22:10.123456 UTC` (BigQuery's). The zone is as explicit as without the space.
 */
const ZONE_AFTER_SPACE =
  /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?) (Z|UTC|[+-]\d{2}(?::?\d{2})?)$/;
/** A date-time whose zone is hours alone (`+01`), as PostgreSQL writes timestamptz. */
const ZONE_HOURS = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)([+-]\d{2})$/;

/**
 * Parses one date value of an import file to epoch milliseconds UTC.
 *
 * @param assumeUtc - read ISO date-times without a zone (`2024-05-01 10:00`) as UTC instead of
 *   rejecting them. Default: false.
 * @example
 * ```ts
 * parseImportDate('19970101', 'yyyymmdd'); // { ok: true, at: 852076800000 }
 * parseImportDate('852076800', 'auto'); // { ok: true, at: 852076800000 }
 * ```
 */
export function parseImportDate(value: unknown, format: DateFormat, assumeUtc = false): ParsedDate {
  if (typeof value === 'number') return fromNumber(value, format);
  if (typeof value !== 'string') return fail(`expected a date, received ${typeof value}`);
  const text = value.trim();
  if (text === '') return fail('the date is empty');
  // Epoch numbers may carry a fraction (float seconds from pandas or Spark), as JSON numbers do.
  const numeric = /^-?\d+(\.\d+)?$/.test(text);
  switch (format) {
    case 'yyyymmdd':
      return /^\d{8}$/.test(text)
        ? fromCompact(text)
        : fail(`expected a date as YYYYMMDD, received ${quote(text)}`);
    case 'epoch-s':
    case 'epoch-ms':
      return numeric
        ? fromNumber(Number(text), format)
        : fail(
            `expected ${format === 'epoch-s' ? 'epoch seconds' : 'epoch milliseconds'}, received ${quote(text)}`,
          );
    case 'iso':
      return fromIso(text, assumeUtc);
    default:
      if (/^\d{8}$/.test(text)) return fromCompact(text);
      if (numeric) return fromNumber(Number(text), 'auto');
      return fromIso(text, assumeUtc);
  }
}

function fromNumber(value: number, format: DateFormat): ParsedDate {
  if (!Number.isFinite(value)) return fail(`expected a date, received ${value}`);
  let millis: number;
  if (format === 'epoch-s') millis = value * 1000;
  else if (format === 'epoch-ms') millis = value;
  else if (format === 'yyyymmdd') return fromCompact(String(value));
  else {
    // auto: 8 digits are a calendar date, 9 to 11 seconds, 12 or 13 milliseconds. Fewer or more
    // digits are something else (an Excel serial day, a year, YYYYMMDDhhmmss, microseconds):
    // read as seconds or milliseconds they would land in 1970 or centuries ahead.
    const abs = Math.abs(value);
    if (Number.isInteger(value) && abs >= 1e7 && abs < 1e8) return fromCompact(String(value));
    if (abs < 1e8 || abs >= 1e13) {
      return fail(
        `expected a date; a number is read as YYYYMMDD (8 digits), epoch seconds (9 to 11) or epoch milliseconds (12 or 13), received ${value}; convert it to ISO-8601 ("2024-05-01T10:00:00Z"), or name the format if it is one (CLI: --date-format epoch-s)`,
      );
    }
    millis = abs < 1e11 ? value * 1000 : value;
  }
  const at = normalizeTime(Math.round(millis));
  return at === undefined ? fail(`the date ${value} is out of range`) : { ok: true, at };
}

function fromCompact(text: string): ParsedDate {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(4, 6));
  const day = Number(text.slice(6, 8));
  const at = Date.UTC(year, month - 1, day);
  // Date.UTC rolls over (Feb 30 -> Mar 2): a real calendar date survives the round trip.
  const date = new Date(at);
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return fail(`${quote(text)} is not a calendar date (YYYYMMDD)`);
  }
  return { ok: true, at };
}

function fromIso(text: string, assumeUtc: boolean): ParsedDate {
  const spaced = ZONE_AFTER_SPACE.exec(text);
  const joined = spaced === null ? text : `${spaced[1]}${spaced[2] === 'UTC' ? 'Z' : spaced[2]}`;
  // ISO 8601 allows "+01" for "+01:00"; Date.parse does not read it.
  const hours = ZONE_HOURS.exec(joined);
  const at = normalizeTime(hours === null ? joined : `${hours[1]}${hours[2]}:00`);
  if (at !== undefined) return { ok: true, at };
  if (ISO_LOCAL.test(text)) {
    if (assumeUtc) {
      const utc = normalizeTime(`${text}Z`);
      if (utc !== undefined) return { ok: true, at: utc };
    } else {
      return fail(
        `${quote(text)} has no time zone; add one (e.g. "Z") or import with assumeUtc (CLI: --utc)`,
      );
    }
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
  if (day !== null && !isCalendarDate(Number(day[1]), Number(day[2]), Number(day[3]))) {
    return fail(`${quote(text)} is not a calendar date (YYYY-MM-DD)`);
  }
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:$|[T ,])/.test(text)) {
    return fail(
      `${quote(text)} is day/month/year or month/day/year, which is never guessed (is 03/04/2024 March or April?); convert the dates to ISO-8601 (YYYY-MM-DD) first`,
    );
  }
  return fail(
    `expected an ISO-8601 date such as "2024-05-01" or "2024-05-01T10:00:00Z", received ${quote(text)}`,
  );
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  // Date.UTC rolls over (Feb 30 -> Mar 1): a real calendar date survives the round trip.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fail(reason: string): ParsedDate {
  return { ok: false, reason };
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}
