/** Built-in types that record facts about the data, not the customer's behaviour. */
const BOOKKEEPING_TYPES: ReadonlySet<string> = new Set([
  'event.voided',
  'customer.profile',
  'customer.forgotten',
]);

/**
 * True for the built-in event types that keep the books rather than describe behaviour
 * (`event.voided`, `customer.profile`, `customer.forgotten`): projections, machines and models
 * never count them as activity.
 *
 * @example
 * ```ts
 * isBookkeepingEvent('customer.profile'); // true
 * isBookkeepingEvent('purchase'); // false
 * ```
 */
export function isBookkeepingEvent(type: string): boolean {
  return BOOKKEEPING_TYPES.has(type);
}
