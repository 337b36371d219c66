import { canonicalJson } from '../../events/canonicalJson.js';
import type { TenureEvent } from '../../events/TenureEvent.js';

/** What {@link eventJson} serialises. */
export interface EventJson {
  /** `eventFingerprint(event)`: the canonical JSON of the envelope, which the hash chain hashes. */
  readonly fingerprint: string;
  /** The canonical JSON of `event.data`, or undefined when it has none. */
  readonly data: string | undefined;
  /** The canonical JSON of `event.meta`, or undefined when it has none. */
  readonly meta: string | undefined;
}

/**
 * An event's fingerprint and its payloads' JSON from one serialisation: the fingerprint is the
 * canonical JSON of `{ id, type, customerId, at, data, meta }` (`eventFingerprint`), whose keys
 * sort as `at, customerId, data, id, meta, type`, so it is assembled from the canonical JSON of
 * `data` and `meta`, which an append also stores (JSONB keeps no key order, so canonical JSON
 * serves as well as any). Saves serialising every payload twice; a test checks the fingerprint
 * against `eventFingerprint` for any event.
 *
 * @example
 * ```ts
 * eventJson(event).fingerprint === eventFingerprint(event); // true
 * ```
 */
export function eventJson(event: TenureEvent): EventJson {
  const { id, type, customerId, at } = event;
  const data = event.data === undefined ? undefined : canonicalJson(event.data);
  const meta = event.meta === undefined ? undefined : canonicalJson(event.meta);
  const fingerprint =
    `{"at":${canonicalJson(at)},"customerId":${canonicalJson(customerId)}` +
    (data === undefined ? '' : `,"data":${data}`) +
    `,"id":${canonicalJson(id)}` +
    (meta === undefined ? '' : `,"meta":${meta}`) +
    `,"type":${canonicalJson(type)}}`;
  return { fingerprint, data, meta };
}
