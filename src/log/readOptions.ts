import { unknownOption } from '../errors/unknownOption.js';
import { normalizeTime } from '../events/normalizeTime.js';
import type { ReadOptions } from './EventLog.js';

const READ_OPTIONS: readonly (keyof ReadOptions)[] = ['customerId', 'from', 'until'];

/** {@link ReadOptions} checked and normalised, as adapters use them. */
export interface ResolvedReadOptions {
  readonly customerId: string | undefined;
  /** First global position to return, >= 1. */
  readonly from: number;
  /** Latest event time to return, epoch ms (`Infinity` when there is no limit). */
  readonly until: number;
}

/**
 * Checks a read's options and normalises them (`until` to epoch ms).
 *
 * @throws TypeError naming the option and what it must be.
 * @example
 * ```ts
 * resolveReadOptions('log.read', { until: '2024-01-01' }).until; // 1704067200000
 * ```
 */
export function resolveReadOptions(api: string, options: ReadOptions = {}): ResolvedReadOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${api}: options must be an object like { customerId, from, until }.`);
  }
  const unknown = unknownOption(api, options, READ_OPTIONS);
  if (unknown !== undefined) throw new TypeError(unknown);
  const { customerId, from = 1, until } = options;
  if (customerId !== undefined && typeof customerId !== 'string') {
    throw new TypeError(`${api}: customerId must be a string, received ${typeof customerId}.`);
  }
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 1) {
    throw new TypeError(
      `${api}: from must be a global position (an integer >= 1), received ${String(from)}.`,
    );
  }
  let limit = Number.POSITIVE_INFINITY;
  if (until !== undefined) {
    const time = normalizeTime(until);
    if (time === undefined) {
      throw new TypeError(
        `${api}: until must be an ISO-8601 time with a zone, a date, integer epoch milliseconds or a valid Date, received ${String(until)}.`,
      );
    }
    limit = time;
  }
  return { customerId, from, until: limit };
}
