import { VOIDED_EVENT_TYPE } from '../../events/dropVoided.js';
import type { StoredEvent } from '../../events/TenureEvent.js';

/** The id a void names (as `dropVoided` matches it), undefined for any other event. Internal. */
export function voidTarget(event: StoredEvent): string | undefined {
  if (event.type !== VOIDED_EVENT_TYPE) return undefined;
  const target = (event.data as { eventId?: unknown } | null)?.eventId;
  return typeof target === 'string' ? target : undefined;
}

/** The ids the voids among `events` name, undefined when there are none. Internal. */
export function voidedIds(events: readonly StoredEvent[]): Set<string> | undefined {
  let ids: Set<string> | undefined;
  for (const event of events) {
    const target = voidTarget(event);
    if (target === undefined) continue;
    ids ??= new Set();
    ids.add(target);
  }
  return ids;
}
