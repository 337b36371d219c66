import type { EventInput } from '../../src/events/TenureEvent.js';

/** A valid purchase event for the PostgreSQL tests. */
export function purchase(
  id: string,
  customerId: string,
  at: number | string,
  amount = 10,
): EventInput {
  return {
    id,
    type: 'purchase',
    customerId,
    at,
    data: { orderId: `o-${id}`, amount, currency: 'EUR' },
  };
}

/** Collects an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
