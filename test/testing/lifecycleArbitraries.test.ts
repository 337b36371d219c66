import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BuiltInEvent } from '../../src/events/catalog/builtInEventTypes.js';
import { defaultEventCatalog } from '../../src/events/createEventCatalog.js';
import { validateEvents } from '../../src/events/validateEvents.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import * as presets from '../../src/machines/presets/index.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { correctedLogArbitrary } from '../../src/testing/correctedLogArbitrary.js';
import {
  customerJourneyArbitrary,
  lifecycleLogArbitrary,
  MAX_JOURNEY_DAYS,
} from '../../src/testing/lifecycleArbitraries.js';

const DAY = 86_400_000;
/** The last time an event may have (and a `Date` hold). */
const MAX_TIME = 8.64e15;

describe('constraints of the lifecycle arbitraries that cannot be met', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a journey without a customer id',
      () => customerJourneyArbitrary({} as never),
      /^customerJourneyArbitrary: customerId must be a non-empty string .*received undefined/,
    ],
    [
      'a journey without constraints',
      () => customerJourneyArbitrary(undefined as never),
      /^customerJourneyArbitrary: constraints must be an object like \{ customerId, start, spanDays, eventTypes \}/,
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
      'a customer id too long for the ids of its events',
      () => customerJourneyArbitrary({ customerId: 'x'.repeat(254) }),
      /^customerJourneyArbitrary: customerId must be a non-empty string of at most 253 characters .*received a string of 254 characters/,
    ],
    [
      'a start whose journeys would run past the last time an event may have',
      () => lifecycleLogArbitrary({ start: MAX_TIME - 1000 * DAY }),
      /^lifecycleLogArbitrary: events run up to 5742 days after start \(\+275757-12-18T00:00:00.000Z\), past the last time an event may have/,
    ],
    [
      'a span that would run past the last time an event may have',
      () => customerJourneyArbitrary({ customerId: 'c1', spanDays: 1e9 }),
      /^customerJourneyArbitrary: events run up to \d+ days after start .*a smaller spanDays/,
    ],
    [
      'a start whose voids would be dated before the first time an event may have',
      () => correctedLogArbitrary({ start: -MAX_TIME }),
      /^correctedLogArbitrary: events run up to 7 days before start .*give a later start/,
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

describe('journeys at the ends of time', () => {
  it('are times an append accepts at the latest and earliest start allowed', async () => {
    const latest = MAX_TIME - (1 + MAX_JOURNEY_DAYS + 7) * DAY;
    const earliest = -MAX_TIME + 7 * DAY;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          customerJourneyArbitrary({ customerId: 'x'.repeat(253), start: latest, spanDays: 1 }),
          lifecycleLogArbitrary({ minCustomers: 1, start: latest, spanDays: 1 }),
          correctedLogArbitrary({ start: latest, spanDays: 1 }).map((c) => c.batches.flat()),
          correctedLogArbitrary({ start: earliest, spanDays: 1 }).map((c) => c.batches.flat()),
        ),
        async (events) => {
          const result = await validateEvents(events, defaultEventCatalog);
          expect(result.ok ? [] : result.issues.map((issue) => issue.message)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('the money of generated journeys', () => {
  it('is whole cents, and a refund returns at most what its purchase cost', () => {
    fc.assert(
      fc.property(lifecycleLogArbitrary({ minCustomers: 1 }), (events) => {
        const paid = new Map<string, number>();
        for (const event of events) {
          if (event.type !== 'purchase' && event.type !== 'refund') continue;
          const { amount } = event.data;
          const orderId = event.data.orderId ?? '';
          expect(Math.round(amount * 100) / 100, `the ${event.type} ${event.id}`).toBe(amount);
          if (event.type === 'purchase') paid.set(orderId, amount);
          else expect(amount).toBeLessThanOrEqual(paid.get(orderId) ?? 0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('the stages generated logs reach', () => {
  it('are every stage of the default lifecycle and of each preset, projected at the time of an event', async () => {
    // What the guide promises: the time-travel cut of its first property sees every stage.
    const cases = fc.sample(
      lifecycleLogArbitrary({ minCustomers: 1, maxCustomers: 5 })
        .filter((events) => events.length > 0)
        .chain((events) => fc.nat({ max: events.length - 1 }).map((cut) => ({ events, cut }))),
      { numRuns: 300, seed: 1 },
    );
    const definitions = [
      undefined,
      presets.crmCycleLifecycle,
      presets.fiveStageLifecycle,
      presets.fourProcessesLifecycle,
      presets.relationshipJourneyLifecycle,
      presets.threePartLifecycle,
    ];
    for (const definition of definitions) {
      const lifecycle = createLifecycle(definition === undefined ? {} : { definition });
      const reached = new Set<string>();
      for (const { events, cut } of cases) {
        const log = createMemoryLog();
        await log.append(events);
        const projection = await lifecycle.project(log, { asOf: events[cut]!.at });
        for (const customer of projection.customers) reached.add(customer.stage);
      }
      expect(
        lifecycle.stages.filter((stage) => !reached.has(stage)),
        `the stages of ${lifecycle.name} no customer reached`,
      ).toEqual([]);
    }
  });
});

describe('the size of generated logs', () => {
  const customers = (baseSize?: fc.Size) => {
    if (baseSize !== undefined) fc.configureGlobal({ baseSize });
    try {
      const logs = fc.sample(lifecycleLogArbitrary({ maxCustomers: 100 }), {
        numRuns: 30,
        seed: 1,
      });
      return Math.max(...logs.map((events) => new Set(events.map((e) => e.customerId)).size));
    } finally {
      fc.resetConfigureGlobal();
    }
  };

  it("follows fast-check's size, as the guide says: maxCustomers is a bound", () => {
    expect(customers()).toBeLessThanOrEqual(12);
    expect(customers('large')).toBeGreaterThan(20);
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
