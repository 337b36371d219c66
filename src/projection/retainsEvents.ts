import type { EventLog } from '../log/EventLog.js';

/**
 * The mark of an event log that holds every event it stores in memory and reads out those same
 * objects (the memory log): projecting it may keep references to the events it reads, since
 * that costs a pointer per event, not a copy. A registered symbol, so a log sets it without
 * importing the projection. Internal.
 */
export const RETAINS_EVENTS: unique symbol = Symbol.for('tenure.log.retainsEvents') as never;

/**
 * True when `log` is marked with {@link RETAINS_EVENTS}: the batch projection then groups its
 * events by customer as it does for arrays, instead of folding them as they stream.
 *
 * @example
 * ```ts
 * retainsEvents(createMemoryLog()); // true once the memory log carries the mark
 * ```
 */
export function retainsEvents(log: EventLog): boolean {
  return (
    (log as unknown as Partial<Record<typeof RETAINS_EVENTS, unknown>>)[RETAINS_EVENTS] === true
  );
}
