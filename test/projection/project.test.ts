import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { createLifecycle, findCustomer } from '../../src/projection/index.js';
import { event, purchase } from './support/storeEvents.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

const lifecycle = createLifecycle({ definition: toyLifecycle });
const T0 = Date.UTC(2024, 0, 1);
const day = (n: number) => T0 + n * DAY;

describe('lifecycle.project', () => {
  it('gives each customer a stage, the machines, a dated history, time in stage and RFM facts', () => {
    const projection = lifecycle.projectEvents([
      event('c1', 'lead.captured', day(0)),
      purchase('c1', day(2), 30),
      purchase('c1', day(10), 20),
      event('c1', 'refund', day(11), { amount: 5, currency: 'EUR' }),
    ]);
    expect(projection.asOf).toBe(day(11));
    const c1 = findCustomer(projection, 'c1')!;
    expect(c1.stage).toBe('active');
    expect(c1.machines.status?.value).toBe('active');
    expect(c1.history).toEqual([
      { stage: 'lead', at: day(0) },
      { stage: 'active', at: day(2) },
    ]);
    expect(c1.stageEnteredAt).toBe(day(2));
    expect(c1.timeInStage).toBe(9 * DAY);
    expect(c1.facts).toEqual({
      firstActivityAt: day(0),
      lastActivityAt: day(11),
      firstPurchaseAt: day(2),
      lastPurchaseAt: day(10),
      purchases: 2,
      revenue: 50,
      refundCount: 1,
      refunds: 5,
      currencies: ['EUR'],
      events: 4,
    });
  });

  it('moves customers by the passage of time, dated when the clock fell due, not when it ran', () => {
    const events = [purchase('c1', day(0)), event('c2', 'lead.captured', day(100))];
    const projection = lifecycle.projectEvents(events);
    const c1 = findCustomer(projection, 'c1')!;
    expect(c1.stage).toBe('lost');
    expect(c1.history.map(({ stage, at }) => [stage, (at - T0) / DAY])).toEqual([
      ['active', 0],
      ['at-risk', 30],
      ['lost', 60],
    ]);
    expect(c1.timeInStage).toBe(40 * DAY);
  });

  it('travels in time: an earlier asOf counts only the events up to it', () => {
    const events = [
      purchase('c1', day(0)),
      purchase('c1', day(40)),
      event('c2', 'lead.captured', day(50)),
    ];
    const atDay35 = lifecycle.projectEvents(events, { asOf: day(35) });
    expect(atDay35.asOf).toBe(day(35));
    expect(atDay35.customers.map((customer) => customer.customerId)).toEqual(['c1']);
    expect(atDay35.customers[0]?.stage).toBe('at-risk');
    expect(atDay35.customers[0]?.facts.purchases).toBe(1);
    expect(atDay35.events).toBe(1);
    const atDay45 = lifecycle.projectEvents(events, { asOf: new Date(day(45)) });
    expect(findCustomer(atDay45, 'c1')?.stage).toBe('active');
    expect(findCustomer(atDay45, 'c1')?.history.map((entry) => entry.stage)).toEqual([
      'active',
      'at-risk',
      'active',
    ]);
  });

  it('folds a late event as if it had arrived on time', () => {
    const onTime = [
      purchase('c1', day(0), 10, 1),
      purchase('c1', day(20), 10, 2),
      purchase('c1', day(70), 10, 3),
    ];
    const late = [
      purchase('c1', day(0), 10, 1),
      purchase('c1', day(70), 10, 2),
      purchase('c1', day(20), 10, 3),
    ];
    const expected = lifecycle.projectEvents(onTime).customers[0]!;
    const actual = lifecycle.projectEvents(late).customers[0]!;
    // Without the late purchase at day 20 the customer would have been at risk at day 30.
    expect(actual.history).toEqual(expected.history);
    expect(actual.history.map((entry) => entry.stage)).toEqual(['active', 'at-risk', 'active']);
    expect(actual.stage).toBe(expected.stage);
  });

  it('breaks ties in event time by log position', () => {
    const projection = lifecycle.projectEvents([
      purchase('c1', day(0), 10, 2),
      event('c1', 'lead.captured', day(0), {}, 1),
    ]);
    // lead.captured (position 1) first, then the purchase: lead, then active.
    expect(projection.customers[0]?.history.map((entry) => entry.stage)).toEqual([
      'lead',
      'active',
    ]);
  });

  it('sorts customers by id and finds them by id', () => {
    const projection = lifecycle.projectEvents([
      purchase('b', day(1)),
      purchase('c', day(2)),
      purchase('a', day(3)),
    ]);
    expect(projection.customers.map((customer) => customer.customerId)).toEqual(['a', 'b', 'c']);
    expect(findCustomer(projection, 'b')?.customerId).toBe('b');
    expect(findCustomer(projection, 'z')).toBeUndefined();
  });

  it('returns an empty projection for an empty log', async () => {
    const projection = await lifecycle.project(createMemoryLog());
    expect(projection).toMatchObject({
      lifecycle: 'toy',
      asOf: undefined,
      events: 0,
      customers: [],
    });
    expect(projection.stages).toEqual(['visitor', 'lead', 'active', 'at-risk', 'lost']);
  });

  it('returns a deeply frozen result', () => {
    const projection = lifecycle.projectEvents([purchase('c1', day(0))]);
    const c1 = projection.customers[0]!;
    expect(() => {
      (projection.customers as unknown[]).push(c1);
    }).toThrow(TypeError);
    expect(() => {
      (c1 as { stage: string }).stage = 'lost';
    }).toThrow(TypeError);
    expect(() => {
      (c1.history[0] as { at: number }).at = 0;
    }).toThrow(TypeError);
    expect(() => {
      (c1.machines.status as { value: string }).value = 'lost';
    }).toThrow(TypeError);
    expect(Object.isFrozen(c1.machines.status?.context)).toBe(true);
    expect(() => {
      (c1.facts as { revenue: number }).revenue = 0;
    }).toThrow(TypeError);
    expect(() => {
      (c1.facts.currencies as string[]).push('USD');
    }).toThrow(TypeError);
    expect(() => {
      (c1.history as unknown[]).pop();
    }).toThrow(TypeError);
  });

  it('keeps results frozen when customers share parts, and later results unchanged by earlier ones', () => {
    // Same machine states and currency lists are shared between customers and projections.
    const events = [purchase('c1', day(0)), purchase('c2', day(0)), purchase('c1', day(5))];
    const first = lifecycle.projectEvents(events);
    const again = lifecycle.projectEvents(events);
    expect(again).toEqual(first);
    for (const customer of again.customers) {
      expect(Object.isFrozen(customer.facts.currencies)).toBe(true);
      expect(() => {
        (customer.machines.status as { value: string }).value = 'lost';
      }).toThrow(TypeError);
    }
    const live = lifecycle.createProjection();
    live.applyAll(events);
    const state = live.state();
    expect(state).toEqual(first);
    expect(() => {
      (state.customers[0]!.history[0] as { stage: string }).stage = 'lost';
    }).toThrow(TypeError);
    live.apply(purchase('c1', day(40)));
    // The live projection moved on; the state it returned before did not.
    expect(state).toEqual(first);
  });

  it('reads a log, passing asOf down to it', async () => {
    const log = createMemoryLog();
    await log.append([
      {
        id: 'e1',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-01-01',
        data: { orderId: 'o1', amount: 20, currency: 'EUR' },
      },
      { id: 'e2', type: 'lead.captured', customerId: 'c2', at: '2024-03-01', data: {} },
    ]);
    const all = await lifecycle.project(log);
    expect(all.customers.map((customer) => [customer.customerId, customer.stage])).toEqual([
      ['c1', 'lost'],
      ['c2', 'lead'],
    ]);
    const early = await lifecycle.project(log, { asOf: '2024-01-15' });
    expect(early.customers.map((customer) => [customer.customerId, customer.stage])).toEqual([
      ['c1', 'active'],
    ]);
  });

  it('rejects an asOf that is not a time with a typed error', async () => {
    const error = await lifecycle.project([], { asOf: 'yesterday' }).catch((caught) => caught);
    expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
    expect(error.message).toMatch(/lifecycle\.project: asOf "yesterday" is not a time/);
  });

  it('rejects a misspelt option instead of ignoring it, naming the option it resembles', async () => {
    // { asof } would otherwise project at the last event's time, without a word.
    const misspelt = { asof: '2024-01-01T00:00:00Z' } as never;
    for (const call of [
      () => lifecycle.project([], misspelt),
      async () => lifecycle.projectEvents([], misspelt),
      async () => lifecycle.projectCustomers([], misspelt),
    ]) {
      const error = await call().catch((caught: unknown) => caught);
      expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      expect((error as Error).message).toMatch(
        /^lifecycle\.project(Events|Customers)?: unknown option "asof" \(did you mean "asOf"\?\); the options are asOf, /,
      );
    }
    await expect(lifecycle.project([], { passes: 2 } as never)).rejects.toThrow(
      /unknown option "passes"; the options are asOf, churn, clv, signal\./,
    );
  });
});

describe('the source of a projection', () => {
  const message = async (call: () => unknown) => {
    try {
      await call();
    } catch (error) {
      expect(isTenureError(error, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      return (error as Error).message;
    }
    throw new Error('not refused');
  };
  const log = createMemoryLog();

  it('refuses a log that was not awaited, saying to await it', async () => {
    // It failed with 'TypeError: source is not iterable'.
    const pending = Promise.resolve(log);
    const fix =
      'the source is a Promise, not an event log; await it first (const log = await createFileLog(path)).';
    expect(await message(() => lifecycle.project(pending as never))).toBe(
      `lifecycle.project: ${fix}`,
    );
    expect(await message(() => lifecycle.projectCustomers(pending as never))).toBe(
      `lifecycle.projectCustomers: ${fix}`,
    );
    expect(await message(() => lifecycle.projectEvents(pending as never))).toBe(
      `lifecycle.projectEvents: ${fix}`,
    );
  });

  it('refuses a file path, saying to open the log', async () => {
    // projectEvents read its characters as events and gave one customer.
    const fix =
      'the source is the string "events.jsonl", not an event log; open it first (const log = await createFileLog("events.jsonl")).';
    expect(await message(() => lifecycle.project('events.jsonl' as never))).toBe(
      `lifecycle.project: ${fix}`,
    );
    expect(await message(() => lifecycle.projectEvents('events.jsonl' as never))).toBe(
      `lifecycle.projectEvents: ${fix}`,
    );
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['{}', {}],
    ['an object', new (class Orders {})()],
  ])('refuses %s, naming what it takes', async (received, source) => {
    expect(await message(() => lifecycle.project(source as never))).toBe(
      `lifecycle.project: the source must be an event log (createMemoryLog(), await createFileLog(path)) or an iterable of stored events, received ${received}.`,
    );
  });

  it('still reads a log, an array and a generator', async () => {
    await log.append([
      {
        id: 'p1',
        type: 'purchase',
        customerId: 'c1',
        at: day(1),
        data: { orderId: 'o1', amount: 5, currency: 'EUR' },
      },
    ]);
    const events = [purchase('c1', day(1), 5)];
    expect((await lifecycle.project(log)).customers).toHaveLength(1);
    expect((await lifecycle.project(events)).customers).toHaveLength(1);
    expect(
      lifecycle.projectEvents(
        (function* () {
          yield* events;
        })(),
      ).customers,
    ).toHaveLength(1);
  });
});

describe('createLifecycle', () => {
  it('rejects a definition that is not one (a preset name, say), naming what it got and what to pass', () => {
    expect(() => createLifecycle({ definition: 'four-processes' as never })).toThrow(
      /^createLifecycle: options\.definition is the string "four-processes", not a lifecycle definition; pass a definition object: defaultLifecycle, a preset such as fourProcessesLifecycle/,
    );
    const error = (() => {
      try {
        createLifecycle({ definition: { name: 'half', stages: [] } as never });
      } catch (caught) {
        return caught;
      }
    })();
    expect(isTenureError(error, 'TENURE_INVALID_LIFECYCLE')).toBe(true);
    expect((error as Error).message).toMatch(/is an object without machines, stageOf, wakeAt, not/);
  });

  it('rejects a lifecycle definition passed as the options, saying to wrap it', () => {
    // It said 'unknown option "name"', about a key the caller never wrote.
    expect(() => createLifecycle(toyLifecycle as never)).toThrow(
      `createLifecycle: the options are the lifecycle definition "${toyLifecycle.name}" itself; pass it as { definition }: createLifecycle({ definition: yourLifecycle }).`,
    );
  });

  it('rejects a misspelt option', () => {
    expect(() => createLifecycle({ defintion: toyLifecycle } as never)).toThrow(
      'createLifecycle: unknown option "defintion" (did you mean "definition"?); the options are definition, input, activeStages.',
    );
  });
});
