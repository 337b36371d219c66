import { canonicalJson } from '../events/canonicalJson.js';
import type { TenureEvent } from '../events/TenureEvent.js';

/**
 * The canonical JSON of an event's envelope (`id`, `type`, `customerId`, `at`, `data`, `meta`),
 * without where a log stored it. Two events are the same event exactly when their fingerprints
 * are equal: this is what idempotent appends compare.
 *
 * @example
 * ```ts
 * eventFingerprint(storedEvent) === eventFingerprint(normalisedInput); // true for a resend
 * ```
 */
export function eventFingerprint(event: TenureEvent): string {
  const { id, type, customerId, at, data, meta } = event;
  return canonicalJson({ id, type, customerId, at, data, meta });
}
