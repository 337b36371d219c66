import { voidTarget } from '../../events/dropVoided.js';
import type { StoredEvent } from '../../events/TenureEvent.js';

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
