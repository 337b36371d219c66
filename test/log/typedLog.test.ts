/**
 * Typed logs: `EventLog<BuiltInEvent>` checks appended events at compile time and reads a union
 * that narrows on `type`. The type assertions are checked by `npm run typecheck` (this file is in
 * the TypeScript project); the run-time assertions show that what the compiler refuses, the log
 * refuses too.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type BuiltInEvent,
  createFileKeyStore,
  createFileLog,
  createLifecycle,
  createMemoryLog,
  createPrivateLog,
  defineEventType,
  type EventInput,
  type EventLog,
  type EventOf,
  EventValidationError,
  type PrivateLog,
  type StoredEvent,
} from '../../src/index.js';
import {
  eventDataArbitrary,
  lifecycleLogArbitrary,
  validBatchArbitrary,
} from '../../src/testing/index.js';

const purchase = {
  id: 'e1',
  type: 'purchase',
  customerId: 'c1',
  at: '2024-05-01',
  data: { orderId: 'o1', amount: 20, currency: 'EUR' },
} as const;

const trialStarted = defineEventType({
  type: 'acme.trial-started',
  schema: v.strictObject({ plan: v.picklist(['basic', 'pro']), days: v.number() }),
});

describe('a log typed with BuiltInEvent', () => {
  it('takes built-in events with their data, and reads a union narrowed by type', async () => {
    const log = createMemoryLog<BuiltInEvent>();
    const { appended } = await log.append([
      purchase,
      {
        id: 'e2',
        type: 'refund',
        customerId: 'c1',
        at: Date.UTC(2024, 4, 3),
        data: { amount: 5, currency: 'EUR' },
      },
    ]);
    expectTypeOf(appended).toEqualTypeOf<
      readonly import('../../src/index.js').StoredEventOf<BuiltInEvent>[]
    >();
    const amounts: number[] = [];
    for await (const event of log.read()) {
      expectTypeOf(event.position).toEqualTypeOf<number>();
      if (event.type === 'purchase') {
        expectTypeOf(event.data.amount).toEqualTypeOf<number>();
        expectTypeOf(event.data.orderId).toEqualTypeOf<string>();
        amounts.push(event.data.amount);
      } else if (event.type === 'refund') {
        amounts.push(-event.data.amount);
      }
    }
    expect(amounts).toEqual([20, -5]);
  });

  it('refuses at compile time what it refuses at run time: an unknown type, a wrong or missing field', async () => {
    const log = createMemoryLog<BuiltInEvent>();
    const attempts = [
      // @ts-expect-error: 'purchse' is not a built-in type
      () => log.append([{ ...purchase, type: 'purchse' }]),
      // @ts-expect-error: amount is a number
      () => log.append([{ ...purchase, data: { ...purchase.data, amount: '20' } }]),
      // @ts-expect-error: currency is required
      () => log.append([{ ...purchase, data: { orderId: 'o1', amount: 20 } }]),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(EventValidationError);
    expect(await log.position()).toBe(0);
  });

  it('is a log like any other: projected, wrapped by a private log that keeps its type', async () => {
    const log = createMemoryLog<BuiltInEvent>();
    await log.append([purchase]);
    const projection = await createLifecycle().project(log);
    expect(projection.customers.map((customer) => customer.customerId)).toEqual(['c1']);
    const keyStore = createFileKeyStore('unused-keys.json');
    expectTypeOf(createPrivateLog(log, { keyStore })).toEqualTypeOf<PrivateLog<BuiltInEvent>>();
    expectTypeOf(createFileLog<BuiltInEvent>).returns.resolves.toEqualTypeOf<
      EventLog<BuiltInEvent>
    >();
  });
});

describe('a log typed with your own event types', () => {
  it('takes them beside the built-in ones, typed by their schema', async () => {
    type Events = BuiltInEvent | EventOf<typeof trialStarted>;
    const log = createMemoryLog<Events>({ eventTypes: [trialStarted] });
    await log.append([
      {
        id: 't1',
        type: 'acme.trial-started',
        customerId: 'c1',
        at: '2024-05-01',
        data: { plan: 'pro', days: 14 },
      },
      purchase,
    ]);
    const wrong = () =>
      log.append([
        {
          id: 't2',
          type: 'acme.trial-started',
          customerId: 'c2',
          at: 1,
          // @ts-expect-error: 'team' is not a plan
          data: { plan: 'team', days: 14 },
        },
      ]);
    await expect(wrong()).rejects.toThrow(EventValidationError);
    const plans: string[] = [];
    for await (const event of log.read()) {
      if (event.type === 'acme.trial-started') {
        expectTypeOf(event.data.plan).toEqualTypeOf<'basic' | 'pro'>();
        plans.push(event.data.plan);
      }
    }
    expect(plans).toEqual(['pro']);
  });
});

describe('an untyped log (no type argument)', () => {
  it('takes any type and reads data as unknown, as before', async () => {
    const log = createMemoryLog();
    expectTypeOf(log).toEqualTypeOf<EventLog>();
    const input: EventInput = purchase;
    await log.append([input]);
    for await (const event of log.read()) {
      expectTypeOf(event).toEqualTypeOf<StoredEvent>();
      expectTypeOf(event.data).toBeUnknown();
    }
  });
});

describe("tenure/testing's arbitraries", () => {
  it('draw typed built-in events, which a typed log takes', async () => {
    fc.assert(
      fc.property(eventDataArbitrary('purchase'), (data) => {
        expectTypeOf(data.amount).toEqualTypeOf<number>();
        return Number.isFinite(data.amount);
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        validBatchArbitrary({ maxLength: 5 }),
        lifecycleLogArbitrary({ maxCustomers: 2 }),
        async (batch, journeys) => {
          for (const events of [batch, journeys]) {
            const log = createMemoryLog<BuiltInEvent>();
            await log.append(events);
            expect(await log.position()).toBe(events.length);
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});
