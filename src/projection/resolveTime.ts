import { formatTime, normalizeTime } from '../events/normalizeTime.js';
import { ProjectionError } from './ProjectionError.js';

/**
 * `value` (the option `name` of `api`: a projection's `asOf`, a portfolio view's time) as epoch
 * ms: what `normalizeTime` takes, else `TENURE_INVALID_PROJECTION_INPUT` naming the option and
 * the value as written. With `asOf`, a later time is refused too: a projection holds nothing
 * after its `asOf`, so a later time would silently read as `asOf`. Internal.
 */
export function resolveTime(
  api: string,
  name: string,
  value: unknown,
  asOf: number | undefined,
  holder = "the projection's asOf",
): number {
  const time = normalizeTime(value);
  if (time === undefined) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: ${name} ${describeTime(value)} is not a time; pass epoch milliseconds, an ISO-8601 string with a zone (e.g. "2024-12-31T23:59:59Z") or a Date.`,
    );
  }
  if (asOf !== undefined && time > asOf) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: ${name} ${formatTime(time)} is after ${holder} ${formatTime(asOf)}, and the projection knows nothing later; set ${name} to ${formatTime(asOf)} or earlier, or project with a later asOf.`,
    );
  }
  return time;
}

/** The value as the user wrote it, in a message: strings quoted once, invalid Dates named. */
function describeTime(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return 'Invalid Date';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}
