import { createHash } from 'node:crypto';
import { canonicalJson } from '../events/canonicalJson.js';
import type { EventInput } from '../events/TenureEvent.js';

/**
 * The id the importer gives a row that has none: a hash of the event the row maps to (its type,
 * customer, `at` in epoch ms, payload and meta, with `meta.source` when the import names one;
 * keys sorted) and of `occurrence`: 1 for the first row of the file with that event, 2 for the
 * second identical row, and so on. The line number is not part of it, so rows inserted into or
 * deleted from an export change no other row's id: re-importing a grown or overlapping export
 * appends only the new rows, while two identical rows of one file stay two events. A purchase's
 * default `orderId` (the event id itself) is not part of the content, nor are the `items` the
 * importer reads from an export of line items (an order's id is known from its first row, before
 * the rows of its further items): pass `data` as it is before those are filled in.
 *
 * @param event - the mapped event without `id`; `at` as epoch milliseconds, as the importer has it.
 * @param occurrence - 1 for the first row of a file with this content, 2 for the second, ... Default: 1.
 * @param prefix - put before the 24 hex digits. Default: `import-`.
 * @example
 * ```ts
 * const purchase = {
 *   type: 'purchase',
 *   customerId: 'c1',
 *   at: Date.UTC(2024, 0, 5),
 *   data: { amount: 10, currency: 'EUR' },
 * };
 * deriveEventId(purchase); // 'import-…' (24 hex digits), the id of its first row in a file
 * deriveEventId(purchase, 2); // another id: a second, identical row of the same file
 * ```
 */
export function deriveEventId(
  event: Omit<EventInput, 'id'>,
  occurrence = 1,
  prefix = 'import-',
): string {
  return deriveIdFromContent(canonicalJson(event), occurrence, prefix);
}

/**
 * `canonicalJson(event)`, written directly: the envelope's keys in their sorted order, `data` by
 * `JSON.stringify` when `flatSortedData` says its keys were set in sorted order with values that
 * are not objects (what the importer maps from columns), so that no key is sorted per row.
 */
export function contentJson(event: Omit<EventInput, 'id'>, flatSortedData: boolean): string {
  const data = flatSortedData ? JSON.stringify(event.data) : canonicalJson(event.data);
  const meta = event.meta === undefined ? '' : `,"meta":${canonicalJson(event.meta)}`;
  return `{"at":${canonicalJson(event.at)},"customerId":${JSON.stringify(event.customerId)},"data":${data}${meta},"type":${JSON.stringify(event.type)}}`;
}

/** {@link deriveEventId} of an event already written as canonical JSON. */
export function deriveIdFromContent(content: string, occurrence: number, prefix: string): string {
  return idFromHash(hashContent(content, occurrence), prefix);
}

/** The SHA-256, in hex, an id is cut from. */
export function hashContent(content: string, occurrence: number): string {
  return createHash('sha256').update(`${occurrence}\u0000${content}`).digest('hex');
}

/** The id of a {@link hashContent} hash: the prefix, then its first 24 hex digits. */
export function idFromHash(hash: string, prefix: string): string {
  return `${prefix}${hash.slice(0, 24)}`;
}
