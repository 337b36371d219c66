import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import {
  customerJourneyArbitrary,
  lifecycleLogArbitrary,
} from '../../src/testing/lifecycleArbitraries.js';

describe('lifecycle arbitraries', () => {
  it('produce valid events with unique ids, in event-time order', async () => {
    await fc.assert(
      fc.asyncProperty(lifecycleLogArbitrary({ maxCustomers: 5 }), async (events) => {
        const result = await validateEvents(events, defaultEventCatalog);
        expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([]);
        expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
        const times = events.map((event) => event.at as number);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      { numRuns: 50 },
    );
  });

  it('walk one customer through the life cycle, never before the start', () => {
    const start = Date.UTC(2022, 0, 1);
    fc.assert(
      fc.property(customerJourneyArbitrary({ customerId: 'c9', start, spanDays: 10 }), (events) => {
        expect(events.every((event) => event.customerId === 'c9')).toBe(true);
        if (events.length > 0) {
          expect(events[0]!.at as number).toBeGreaterThanOrEqual(start);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('reach the stages of the default lifecycle across many logs', () => {
    const types = new Set<string>();
    fc.assert(
      fc.property(lifecycleLogArbitrary({ minCustomers: 3 }), (events) => {
        for (const event of events) types.add(event.type);
      }),
      { numRuns: 30, seed: 7 },
    );
    for (const type of [
      'touchpoint',
      'lead.qualified',
      'opportunity.won',
      'purchase',
      'refund',
      'subscription.cancelled',
      'referral',
    ]) {
      expect(types).toContain(type);
    }
  });
});
