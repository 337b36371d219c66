import type { EventInput, StoredEvent } from '../../../src/events/TenureEvent.js';

/**
 * Gives events the positions and versions a log would (in array order). For the engine's pure
 * tests; the arbitraries produce valid events with numeric times.
 */
export function storeEvents(inputs: readonly EventInput[]): StoredEvent[] {
  const versions = new Map<string, number>();
  return inputs.map((input, index) => {
    const version = (versions.get(input.customerId) ?? 0) + 1;
    versions.set(input.customerId, version);
    return { ...input, at: input.at as number, position: index + 1, version } as StoredEvent;
  });
}

let next = 0;

/** A stored event for hand-written scenarios: `event('c1', 'purchase', day(3), { ... })`. */
export function event(
  customerId: string,
  type: string,
  at: number,
  data: unknown = {},
  position = ++next,
): StoredEvent {
  return { id: `e${position}`, type, customerId, at, data, position, version: 1 };
}

export function purchase(
  customerId: string,
  at: number,
  amount = 10,
  position?: number,
): StoredEvent {
  return event(
    customerId,
    'purchase',
    at,
    { orderId: `o${at}`, amount, currency: 'EUR' },
    position,
  );
}
