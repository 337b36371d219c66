/** The stream must not exist yet (version 0). */
export const NO_STREAM = 'no-stream' as const;
/** The stream must exist (version >= 1), whatever its version. */
export const STREAM_EXISTS = 'stream-exists' as const;
/** No check (the default). */
export const ANY_VERSION = 'any' as const;

/**
 * What a writer expects a customer stream's version to be before its append: an exact version
 * (the number of events stored for that customer) or a sentinel.
 */
export type ExpectedVersion = number | typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY_VERSION;

/** True when a stream at version `actual` satisfies `expected`. */
export function matchesExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  switch (expected) {
    case ANY_VERSION:
      return true;
    case NO_STREAM:
      return actual === 0;
    case STREAM_EXISTS:
      return actual > 0;
    default:
      return expected === actual;
  }
}
