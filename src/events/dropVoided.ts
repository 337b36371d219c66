import type { TenureEvent } from './TenureEvent.js';

/** The type of the built-in correction event (see `eventVoided`). */
export const VOIDED_EVENT_TYPE = 'event.voided';

/**
 * The events that still count after corrections: every `event.voided` event is removed, and so
 * is each event it voids (matched by id and customer). A void naming an unknown id, an event of
 * another customer or another void has no effect. Order is kept; the input is not changed.
 * Returns the input itself when it holds no void.
 *
 * @example
 * ```ts
 * const counting = dropVoided(events); // fold these, not `events`
 * ```
 */
export function dropVoided<TEvent extends TenureEvent>(
  events: readonly TEvent[],
): readonly TEvent[] {
  let voided: Set<string> | undefined;
  for (const event of events) {
    if (event.type !== VOIDED_EVENT_TYPE) continue;
    voided ??= new Set();
    const target = voidTarget(event);
    if (target !== undefined) voided.add(voidKey(event.customerId, target));
  }
  if (voided === undefined) return events;
  const keys = voided;
  return events.filter(
    (event) => event.type !== VOIDED_EVENT_TYPE && !keys.has(voidKey(event.customerId, event.id)),
  );
}

/** The key a void matches events by: customer and event id. */
export function voidKey(customerId: string, eventId: string): string {
  return `${customerId}\u0000${eventId}`;
}

/**
 * The id of the event a void names (its `data.eventId`), undefined for any other event or a void
 * without one. Internal: every reader of voids matches them by it.
 */
export function voidTarget(event: TenureEvent): string | undefined {
  if (event.type !== VOIDED_EVENT_TYPE) return undefined;
  const target = (event.data as { eventId?: unknown } | null)?.eventId;
  return typeof target === 'string' ? target : undefined;
}
