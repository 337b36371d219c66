import type { StoredEvent } from '../events/TenureEvent.js';
import type { PersonalFields } from '../privacy/personalFields.js';
import { ERASED } from '../privacy/sealValue.js';

/** The type of the record a private log's `forget` appends. */
export const FORGOTTEN_EVENT_TYPE = 'customer.forgotten';

/**
 * `event` with its personal fields (by `personalFields`) reading `'[erased]'`, as a private
 * log reads them after `forget`; undefined when it holds none still readable. Internal.
 */
export function erasedEvent(
  event: StoredEvent,
  personalFields: PersonalFields,
): StoredEvent | undefined {
  const fields = personalFields[event.type];
  if (fields === undefined || typeof event.data !== 'object' || event.data === null) {
    return undefined;
  }
  const data = event.data as Record<string, unknown>;
  let erased: Record<string, unknown> | undefined;
  for (const field of fields) {
    const value = data[field];
    if (value === undefined || value === ERASED) continue;
    erased ??= { ...data };
    erased[field] = ERASED;
  }
  return erased === undefined
    ? undefined
    : Object.freeze({ ...event, data: Object.freeze(erased) });
}
