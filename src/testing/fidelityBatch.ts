import fc from 'fast-check';
import { builtInEventTypes } from '../events/catalog/builtInEventTypes.js';
import { isBookkeepingEvent } from '../events/isBookkeepingEvent.js';
import type { EventInput } from '../events/TenureEvent.js';
import { validEventArbitrary } from './eventArbitraries.js';

const T0 = Date.UTC(2024, 0, 1);

/**
 * Events a log must store exactly as given, for the contract suite: the values a storage layer
 * tends to drop or change (`false`, `0`, `''`, `[]`, non-ASCII text, a time to the millisecond,
 * `meta`), and two events of each built-in type with their optional fields drawn under a fixed
 * seed. Random runs meet an empty `items` too rarely to be relied on. Internal.
 */
export function fidelityBatch(customerIds: readonly string[]): EventInput[] {
  const crafted = [
    { type: 'purchase', data: { orderId: 'o-0', amount: 0, currency: 'EUR', items: [] } },
    {
      type: 'purchase',
      data: {
        orderId: 'o-1',
        amount: 0.01,
        currency: 'JPY',
        items: [{ productId: 'p-1', category: '', quantity: 1, price: 0 }],
      },
    },
    { type: 'support.resolved', data: { caseId: 'k-1', satisfied: false } },
    { type: 'lead.qualified', data: { score: 0, by: '' } },
    { type: 'touchpoint', data: { channel: 'other', name: '', url: 'https://例え.jp/ü?q=«»' } },
    { type: 'survey.answered', data: { kind: 'nps', score: 0, comment: 'très bien 👍' } },
    { type: 'review', data: { rating: 1, text: '' }, meta: { source: '', correlationId: 'r' } },
  ].map((event, index) => ({
    id: `fidelity-${index}`,
    customerId: customerIds[index % customerIds.length] as string,
    at: new Date(T0 + index * 1001).toISOString(),
    ...event,
  }));
  const drawn = builtInEventTypes
    .map((definition) => definition.type)
    .filter((type) => !isBookkeepingEvent(type))
    .flatMap((type, index) =>
      fc.sample(validEventArbitrary({ types: [type], customerIds }), {
        numRuns: 2,
        seed: index + 1,
      }),
    )
    .map((event, index) => ({ ...event, id: `fidelity-drawn-${index}` }));
  return [...crafted, ...drawn];
}
