import type { StoredEvent } from '../events/TenureEvent.js';

/**
 * Event-time order, ties broken by log position: the order a customer's events are folded in.
 *
 * @example
 * ```ts
 * const inFoldOrder = [...events].sort(compareEvents);
 * ```
 */
export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return a.at - b.at || a.position - b.position;
}

/** Sorts a customer's events into fold order, in place; skips the sort when already in order. */
export function sortForFold(events: StoredEvent[]): StoredEvent[] {
  for (let index = 1; index < events.length; index++) {
    if (compareEvents(events[index - 1] as StoredEvent, events[index] as StoredEvent) > 0) {
      return events.sort(compareEvents);
    }
  }
  return events;
}
