import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BuiltInEvent } from '../../src/events/catalog/builtInEventTypes.js';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import {
  customerJourneyArbitrary,
  lifecycleLogArbitrary,
} from '../../src/testing/lifecycleArbitraries.js';

describe('constraints of the lifecycle arbitraries that cannot be met', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a journey without a customer id',
      () => customerJourneyArbitrary({} as never),
      /^customerJourneyArbitrary: customerId must be a non-empty string, received undefined/,
    ],
    [
      'a journey without constraints',
      () => customerJourneyArbitrary(undefined as never),
      /^customerJourneyArbitrary: constraints must be an object like \{ customerId, start, spanDays \}/,
    ],
    [
      'a negative span',
      () => lifecycleLogArbitrary({ spanDays: -1 }),
      /^lifecycleLogArbitrary: spanDays must be an integer >= 0, received -1/,
    ],
    [
      'a start that is not epoch milliseconds',
      () => customerJourneyArbitrary({ customerId: 'c1', start: '2024-01-01' as never }),
      /^customerJourneyArbitrary: start must be integer epoch milliseconds .*received 2024-01-01/,
    ],
    [
      'more customers at least than at most',
      () => lifecycleLogArbitrary({ minCustomers: 9 }),
      /^lifecycleLogArbitrary: minCustomers \(9\) is greater than maxCustomers \(8\)/,
    ],
  ];
  it.each(cases)(
    '%s is refused with a TypeError naming the API and option',
    (_name, call, message) => {
      expect(call).toThrow(TypeError);
      expect(call).toThrow(message);
    },
  );

  it('draws valid journeys at the edges of what is allowed', async () => {
    const start = Date.UTC(2024, 0, 1);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          customerJourneyArbitrary({ customerId: 'c1', start, spanDays: 0 }),
          lifecycleLogArbitrary({ minCustomers: 2, maxCustomers: 2, start, spanDays: 0 }),
        ),
        async (events) => {
          const result = await validateEvents(events, defaultEventCatalog);
          expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([]);
          expect(events.every((event) => (event.at as number) >= start)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('counterexamples a user can read', () => {
  it('number a journey in time order: c1-1 is the first event, c1-2 the next', () => {
    fc.assert(
      fc.property(customerJourneyArbitrary({ customerId: 'ada' }), (events) => {
        expect(events.map((event) => event.id)).toEqual(events.map((_, i) => `ada-${i + 1}`));
      }),
      { numRuns: 100 },
    );
  });
});

describe('the types of generated journeys', () => {
  it('say that times are epoch milliseconds, so that a property can compare them', async () => {
    const [events = []] = fc.sample(lifecycleLogArbitrary({ minCustomers: 1 }), {
      numRuns: 1,
      seed: 1,
    });
    expectTypeOf(events[0]!.at).toEqualTypeOf<number>();
    expectTypeOf(
      fc.sample(customerJourneyArbitrary({ customerId: 'c1' }), 1)[0]![0]!.at,
    ).toEqualTypeOf<number>();
    // Still a union to narrow on `type`, and events a typed log takes.
    for (const event of events) {
      if (event.type === 'purchase') expectTypeOf(event.data.amount).toEqualTypeOf<number>();
    }
    const sorted = [...events].sort((a, b) => a.at - b.at);
    expect(sorted).toEqual(events);
    await createMemoryLog<BuiltInEvent>().append(events);
  });
});
