import { unknownOption } from '../errors/unknownOption.js';
import { MAX_TIME } from '../events/normalizeTime.js';
import { DAY_MS } from '../machines/time.js';

/**
 * Checks of the arbitraries' constraints. A constraint that cannot be met is refused with a
 * TypeError naming the API and the option: fast-check's own errors ("fc.integer maximum value
 * should be equal or greater than the minimum one") name neither, and a bad `spanDays` would
 * draw invalid events without any error.
 */

/** The longest id or customer id an append accepts. */
export const MAX_ID_LENGTH = 256;

/** Throws a TypeError for a constraint `api` does not have: `{ maxLenght }` drew batches of 10. */
export function refuseUnknown(api: string, constraints: object, known: readonly string[]): void {
  if (typeof constraints !== 'object' || constraints === null) {
    throw new TypeError(`${api}: constraints must be an object like { ${known.join(', ')} }.`);
  }
  const unknown = unknownOption(api, constraints, known);
  if (unknown !== undefined) throw new TypeError(unknown);
}

/** `value` as a time in messages: ISO-8601 where it has one. */
function shown(time: number): string {
  return Number.isFinite(new Date(time).getTime()) ? new Date(time).toISOString() : String(time);
}

/** Checks that `time` is integer epoch ms a `Date` holds. */
export function checkTime(api: string, name: string, time: unknown): void {
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || Math.abs(time) > MAX_TIME) {
    throw new TypeError(
      `${api}: ${name} must be integer epoch milliseconds between -8.64e15 and 8.64e15 (e.g. Date.UTC(2024, 0, 1)), received ${String(time)}.`,
    );
  }
}

/**
 * Checks that events drawn from `daysBefore` days before `start` to `daysAfter` days after it
 * are times an append accepts: a `start` near the end of time would draw refused events.
 */
export function checkDaysAround(
  api: string,
  start: number,
  daysBefore: number,
  daysAfter: number,
): void {
  if (start + daysAfter * DAY_MS > MAX_TIME) {
    throw new TypeError(
      `${api}: events run up to ${daysAfter} days after start (${shown(start)}), past the last time an event may have (${shown(MAX_TIME)}); give an earlier start or a smaller spanDays.`,
    );
  }
  if (start - daysBefore * DAY_MS < -MAX_TIME) {
    throw new TypeError(
      `${api}: events run up to ${daysBefore} days before start (${shown(start)}), before the first time an event may have (${shown(-MAX_TIME)}); give a later start.`,
    );
  }
}

/** Checks that `count` is an integer >= 0. */
export function checkCount(api: string, name: string, count: unknown): void {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new TypeError(`${api}: ${name} must be an integer >= 0, received ${String(count)}.`);
  }
}

/** Checks `[minTime, maxTime]`: integer epoch ms a `Date` holds, in order. */
export function checkTimeRange(api: string, minTime: number, maxTime: number): void {
  checkTime(api, 'minTime', minTime);
  checkTime(api, 'maxTime', maxTime);
  if (minTime > maxTime) {
    throw new TypeError(
      `${api}: minTime (${shown(minTime)}) is after maxTime (${shown(maxTime)}); give a range that ends after it starts.`,
    );
  }
}

/** Checks that `value`, when given, is a boolean (`'no'` would turn a flag on). */
export function checkBoolean(api: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(
      `${api}: ${name} must be true or false, received ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
}

/**
 * Checks that `id` is a non-empty string of at most `maxLength` characters: what an append
 * accepts as a customer id, less the room the generator's own suffixes need.
 */
export function checkId(api: string, name: string, id: unknown, maxLength = MAX_ID_LENGTH): void {
  if (typeof id !== 'string' || id === '' || id.length > maxLength) {
    const received =
      typeof id === 'string' && id.length > maxLength
        ? `a string of ${id.length} characters`
        : (JSON.stringify(id) ?? String(id));
    throw new TypeError(
      `${api}: ${name} must be a non-empty string of at most ${maxLength} characters (an append refuses others), received ${received}.`,
    );
  }
}

/** Checks that a list to draw from has at least one entry. */
export function checkNotEmpty(
  api: string,
  name: string,
  list: readonly unknown[],
  what: string,
): void {
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      `${api}: ${name} must name at least one ${what}, received ${JSON.stringify(list)}.`,
    );
  }
}

/** Checks a count range (`minLength`/`maxLength`, `minCustomers`/`maxCustomers`). */
export function checkCountRange(
  api: string,
  [minName, min]: readonly [string, number],
  [maxName, max]: readonly [string, number],
): void {
  checkCount(api, minName, min);
  checkCount(api, maxName, max);
  if (min > max) {
    throw new TypeError(
      `${api}: ${minName} (${min}) is greater than ${maxName} (${max}); raise ${maxName} or lower ${minName}.`,
    );
  }
}
