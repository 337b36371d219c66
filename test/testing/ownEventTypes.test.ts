/**
 * The arbitraries draw events of a user's own types (`eventTypes`: the type, an arbitrary of its
 * data, a weight) beside the built-in ones, valid for a log created with those types, and their
 * results are typed by the types drawn. The type assertions are checked by `npx tsc --noEmit -p .`
 * (this file is in the TypeScript project); each `@ts-expect-error` fails it if its line compiles.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { setup } from 'xstate';
import {
  type BuiltInEvent,
  type ClockEvent,
  createLifecycle,
  createMemoryLog,
  defineEventType,
  defineLifecycle,
  type EventInput,
  type EventInputOf,
  type EventOf,
} from '../../src/index.js';
import {
  type BatchArbitraryConstraints,
  type CorrectedLog,
  type CorrectedLogConstraints,
  correctedLogArbitrary,
  customerJourneyArbitrary,
  type JourneyEvent,
  type LifecycleLogConstraints,
  lifecycleLogArbitrary,
  malformedEventArbitrary,
  validBatchArbitrary,
  validEventArbitrary,
} from '../../src/testing/index.js';

const trialStarted = defineEventType({
  type: 'acme.trial-started',
  schema: v.strictObject({ plan: v.picklist(['basic', 'pro']) }),
});
const seatsAdded = defineEventType({
  type: 'acme.seats-added',
  schema: v.strictObject({ seats: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
});
type AppEvent = BuiltInEvent | EventOf<typeof trialStarted> | EventOf<typeof seatsAdded>;

const trial = {
  type: trialStarted,
  data: fc.record({ plan: fc.constantFrom('basic', 'pro') }),
};
const seats = { type: seatsAdded, data: fc.record({ seats: fc.integer({ min: 1, max: 50 }) }) };
const appLog = () => createMemoryLog<AppEvent>({ eventTypes: [trialStarted, seatsAdded] });

/** Visitors start a trial (an event of their own) and pay on a purchase. */
const machine = setup({
  types: { events: {} as BuiltInEvent | EventOf<typeof trialStarted> | ClockEvent },
}).createMachine({
  id: 'trial',
  initial: 'visitor',
  states: {
    visitor: { on: { 'acme.trial-started': 'trialing', purchase: 'paying' } },
    trialing: { on: { purchase: 'paying' } },
    paying: {},
  },
});
const lifecycle = createLifecycle({
  definition: defineLifecycle({
    name: 'trials',
    machines: { trial: machine },
    stages: ['visitor', 'trialing', 'paying'],
    stageOf: (state) => state.machines.trial?.value ?? 'visitor',
  }),
});

describe('a lifecycle of your own, on generated logs holding your event types', () => {
  it('keeps its rule: a purchase makes anyone paying, a trial makes a visitor trialing', async () => {
    const stagesSeen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        lifecycleLogArbitrary({ minCustomers: 1, maxCustomers: 5, eventTypes: [trial] }),
        async (events) => {
          const log = createMemoryLog({ eventTypes: [trialStarted] });
          await log.append(events);
          for (const customer of (await lifecycle.project(log)).customers) {
            const own = events.filter((event) => event.customerId === customer.customerId);
            const expected = own.some((event) => event.type === 'purchase')
              ? 'paying'
              : own.some((event) => event.type === 'acme.trial-started')
                ? 'trialing'
                : 'visitor';
            expect(customer.stage, customer.customerId).toBe(expected);
            stagesSeen.add(customer.stage);
          }
        },
      ),
      { numRuns: 100, seed: 42 },
    );
    // Without the generated trials, no customer would ever be trialing.
    expect([...stagesSeen].sort()).toEqual(['paying', 'trialing', 'visitor']);
  });
});

describe('generated events of your own types', () => {
  it('are accepted, batch after batch, by a log created with those types', async () => {
    await fc.assert(
      fc.asyncProperty(
        validBatchArbitrary({ eventTypes: [trial, seats] }),
        validBatchArbitrary({ types: [], eventTypes: [trial, seats] }),
        customerJourneyArbitrary({ customerId: 'c9', eventTypes: [trial, seats] }),
        async (...drawn) => {
          // A log each: ids are unique within a batch, not across arbitraries.
          for (const events of drawn) {
            const log = appLog();
            await log.append(events);
            expect(await log.position()).toBe(events.length);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('are in corrected logs, which project as the log they must count as', async () => {
    await fc.assert(
      fc.asyncProperty(
        correctedLogArbitrary({ maxCustomers: 4, eventTypes: [trial, seats] }),
        async (corrected) => {
          const log = appLog();
          for (const batch of corrected.batches) await log.append(batch);
          const clean = appLog();
          await clean.append(corrected.expected);
          const { asOf } = corrected;
          expect(await lifecycle.project(log, { asOf })).toEqual(
            await lifecycle.project(clean, { asOf }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('are broken by malformedEventArbitrary into events a log with those types refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        malformedEventArbitrary({ types: [], eventTypes: [trial, seats] }),
        async (bad) => {
          await expect(appLog().append([bad as never])).rejects.toMatchObject({
            code: 'TENURE_INVALID_EVENT',
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('are drawn as often as their weight says, against 1 for each built-in type', () => {
    const sample = fc.sample(
      validEventArbitrary({
        types: ['purchase', 'refund'],
        eventTypes: [trial, { ...seats, weight: 6 }],
      }),
      { numRuns: 4000, seed: 7 },
    );
    const share = (type: string) => sample.filter((event) => event.type === type).length / 4000;
    // Weights 1 + 1 (built-in) + 1 (trial) + 6 (seats) = 9.
    expect(share('purchase')).toBeCloseTo(1 / 9, 1);
    expect(share('acme.trial-started')).toBeCloseTo(1 / 9, 1);
    expect(share('acme.seats-added')).toBeCloseTo(6 / 9, 1);
  });

  it('with types: [], are the only events drawn', () => {
    const sample = fc.sample(validEventArbitrary({ types: [], eventTypes: [trial] }), {
      numRuns: 200,
      seed: 1,
    });
    expect(new Set(sample.map((event) => event.type))).toEqual(new Set(['acme.trial-started']));
  });

  it('are in journeys, up to three per customer, from its first day on', () => {
    const logs = fc.sample(lifecycleLogArbitrary({ eventTypes: [trial] }), {
      numRuns: 200,
      seed: 3,
    });
    let trials = 0;
    for (const events of logs) {
      for (const customerId of new Set(events.map((event) => event.customerId))) {
        const own = events.filter((event) => event.customerId === customerId);
        const customerTrials = own.filter((event) => event.type === 'acme.trial-started');
        expect(customerTrials.length).toBeLessThanOrEqual(3);
        // Ids stay numbered in time order.
        expect(own.map((event) => event.id)).toEqual(own.map((_, n) => `${customerId}-${n + 1}`));
        trials += customerTrials.length;
      }
    }
    expect(trials).toBeGreaterThan(100);
  });

  it('are the same for the same seed', () => {
    const draw = () => ({
      batches: fc.sample(validBatchArbitrary({ eventTypes: [trial, seats] }), {
        numRuns: 20,
        seed: 11,
      }),
      logs: fc.sample(lifecycleLogArbitrary({ eventTypes: [trial, seats] }), {
        numRuns: 20,
        seed: 11,
      }),
      corrected: fc.sample(correctedLogArbitrary({ eventTypes: [trial] }), {
        numRuns: 20,
        seed: 11,
      }),
    });
    expect(draw()).toEqual(draw());
  });

  it('shrink to the smallest batch that fails: one event of your type', () => {
    const details = fc.check(
      fc.property(
        validBatchArbitrary({ eventTypes: [trial] }),
        (batch) => !batch.some((event) => event.type === 'acme.trial-started'),
      ),
      { seed: 5 },
    );
    expect(details.failed).toBe(true);
    const [batch] = details.counterexample as [EventInput[]];
    expect(batch).toHaveLength(1);
    expect(batch[0]).toMatchObject({ type: 'acme.trial-started', data: { plan: 'basic' } });
  });
});

describe('a data arbitrary that draws data a log refuses', () => {
  const enterprise = { type: trialStarted, data: fc.constant({ plan: 'enterprise' as 'pro' }) };

  it('is a TypeError naming the generator, the type, the data and the issue', () => {
    const draw = () => fc.sample(validEventArbitrary({ types: [], eventTypes: [enterprise] }), 1);
    expect(draw).toThrow(TypeError);
    expect(draw).toThrow(
      'validEventArbitrary: the data arbitrary of "acme.trial-started" drew {"plan":"enterprise"}, which a log refuses: data.plan must be "basic" or "pro", received "enterprise". Draw only data its schema accepts.',
    );
  });

  it('fails the property at once, in journeys too, rather than inside an append', () => {
    const run = () =>
      fc.assert(
        fc.property(
          lifecycleLogArbitrary({ minCustomers: 3, eventTypes: [enterprise] }),
          () => true,
        ),
        { seed: 1 },
      );
    expect(run).toThrow(
      /^lifecycleLogArbitrary: the data arbitrary of "acme.trial-started" drew .*data.plan must be "basic" or "pro"/,
    );
  });

  it('is refused when the schema accepts it but a log cannot store it as JSON', () => {
    const renewal = defineEventType({
      type: 'acme.renewal-due',
      schema: v.object({ due: v.date() }),
    });
    const dates = { type: renewal, data: fc.record({ due: fc.constant(new Date(0)) }) };
    expect(() => fc.sample(validEventArbitrary({ types: [], eventTypes: [dates] }), 1)).toThrow(
      /"acme.renewal-due" drew .*: data.due must be a JSON value/,
    );
  });
});

describe('eventTypes that cannot be drawn', () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      'an event type alone, as a log takes it',
      () => validEventArbitrary({ eventTypes: [trialStarted as never] }),
      /^validEventArbitrary: eventTypes\[0\] is the event type "acme.trial-started" alone; give \{ type: yourType, data: fc.record/,
    ],
    [
      'a data that is not an arbitrary',
      () =>
        validBatchArbitrary({
          eventTypes: [{ type: trialStarted, data: { plan: 'pro' } as never }],
        }),
      /^validBatchArbitrary: eventTypes\[0\].data must be a fast-check arbitrary of the data of "acme.trial-started"/,
    ],
    [
      'a weight of 0',
      () => lifecycleLogArbitrary({ eventTypes: [{ ...trial, weight: 0 }] }),
      /^lifecycleLogArbitrary: eventTypes\[0\].weight must be an integer >= 1, received 0/,
    ],
    [
      'a type given twice',
      () => customerJourneyArbitrary({ customerId: 'c1', eventTypes: [trial, trial] }),
      /^customerJourneyArbitrary: eventTypes\[1\].type "acme.trial-started" is given twice/,
    ],
    [
      "a type with a built-in type's name",
      () =>
        correctedLogArbitrary({
          eventTypes: [
            {
              type: defineEventType({ type: 'purchase', schema: v.object({}) }),
              data: fc.constant({}),
            },
          ],
        }),
      /^correctedLogArbitrary: eventTypes\[0\].type is "purchase", a built-in type's name/,
    ],
    [
      'a misspelt key of an entry',
      () => malformedEventArbitrary({ eventTypes: [{ ...trial, wieght: 2 } as never] }),
      /^malformedEventArbitrary \(eventTypes\[0\]\): unknown option "wieght" \(did you mean "weight"\?\)/,
    ],
    [
      'no type at all',
      () => validEventArbitrary({ types: [], eventTypes: [] }),
      /^validEventArbitrary: types must name at least one event type/,
    ],
  ];
  it.each(cases)('%s is refused when the generator is called', (_name, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });
});

describe('the types of what is drawn', () => {
  it('narrow to the built-in types named in types', () => {
    expectTypeOf(validEventArbitrary({ types: ['purchase'] })).toEqualTypeOf<
      fc.Arbitrary<EventInputOf<Extract<BuiltInEvent, { type: 'purchase' }>>>
    >();
    const [purchase] = fc.sample(validEventArbitrary({ types: ['purchase'] }), 1);
    expectTypeOf(purchase!.data.amount).toEqualTypeOf<number>();
    expectTypeOf(validBatchArbitrary({ types: ['refund', 'purchase'] })).toEqualTypeOf<
      fc.Arbitrary<EventInputOf<Extract<BuiltInEvent, { type: 'refund' | 'purchase' }>>[]>
    >();
    // @ts-expect-error: only purchases are drawn
    expect(purchase!.type === 'refund').toBe(false);
  });

  it('stay every built-in event without types, as before', () => {
    expectTypeOf(validEventArbitrary()).toEqualTypeOf<fc.Arbitrary<EventInputOf<BuiltInEvent>>>();
    expectTypeOf(validBatchArbitrary({ maxLength: 3 })).toEqualTypeOf<
      fc.Arbitrary<EventInputOf<BuiltInEvent>[]>
    >();
    expectTypeOf(lifecycleLogArbitrary()).toEqualTypeOf<fc.Arbitrary<JourneyEvent[]>>();
    // Constraints kept in a variable of the constraints' type, as before.
    const log: LifecycleLogConstraints = { maxCustomers: 5 };
    expectTypeOf(lifecycleLogArbitrary(log)).toEqualTypeOf<fc.Arbitrary<JourneyEvent[]>>();
    const batch: BatchArbitraryConstraints = { maxLength: 5 };
    expectTypeOf(validBatchArbitrary(batch)).toEqualTypeOf<
      fc.Arbitrary<EventInputOf<BuiltInEvent>[]>
    >();
    const corrections: CorrectedLogConstraints = { maxLate: 1 };
    expectTypeOf(correctedLogArbitrary(corrections)).toEqualTypeOf<fc.Arbitrary<CorrectedLog>>();
  });

  it('include your own types, with their data typed', () => {
    expectTypeOf(validEventArbitrary({ types: ['purchase'], eventTypes: [trial] })).toEqualTypeOf<
      fc.Arbitrary<
        EventInputOf<Extract<BuiltInEvent, { type: 'purchase' }> | EventOf<typeof trialStarted>>
      >
    >();
    expectTypeOf(lifecycleLogArbitrary({ eventTypes: [trial, seats] })).toEqualTypeOf<
      fc.Arbitrary<JourneyEvent<AppEvent>[]>
    >();
    const [event] = fc.sample(validEventArbitrary({ types: [], eventTypes: [trial] }), 1);
    expectTypeOf(event!.data.plan).toEqualTypeOf<'basic' | 'pro'>();
  });

  it('refuse at compile time a data arbitrary of the wrong shape', () => {
    expect(() =>
      validEventArbitrary({
        // @ts-expect-error: a plan is 'basic' or 'pro', not any string
        eventTypes: [{ type: trialStarted, data: fc.record({ plan: fc.string() }) }],
      }),
    ).not.toThrow();
  });
});
