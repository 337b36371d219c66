/**
 * `projectCustomers` with `churn` and `clv` hands out each customer with the valuation
 * `project(log, { asOf, churn, clv })` gives it, and to `onValuation` the model report `project`
 * gives, to the byte, from every kind of source and pass count, with late events, voids and
 * refunds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog, ReadOptions } from '../../src/log/EventLog.js';
import type {
  CustomerState,
  ProjectCustomersOptions,
  ProjectionSource,
} from '../../src/projection/index.js';
import { createLifecycle } from '../../src/projection/index.js';
import type { ValuationReport } from '../../src/valuation/ValuationReport.js';
import { sampleEvents } from '../valuation/support.js';
import { storedCorrectedLogArbitrary, voidOf } from './support/storedCorrectedLogArbitrary.js';
import { storeEvents } from './support/storeEvents.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);
const DAY = 86_400_000;
const AS_OF = Date.parse('2024-08-23T00:00:00Z');

/** `log` as a log that streams its events (read anew from storage each time). */
const streaming = (log: EventLog): EventLog =>
  ({ read: (options?: ReadOptions) => log.read(options) }) as unknown as EventLog;

/** `events` as an iterable that can be read once only. */
function* once(events: readonly StoredEvent[]): Generator<StoredEvent> {
  yield* events;
}

async function memoryLogOf(events: readonly StoredEvent[]): Promise<EventLog> {
  const log = createMemoryLog();
  await log.append(events.map(({ position: _p, version: _v, ...input }) => input));
  return log;
}

/** The customers handed out (sorted by id), and every report `onValuation` was given. */
async function stream(
  source: ProjectionSource,
  options: ProjectCustomersOptions,
): Promise<{ customers: CustomerState[]; reports: ValuationReport[] }> {
  const customers: CustomerState[] = [];
  const reports: ValuationReport[] = [];
  const onValuation = (report: ValuationReport): void => {
    reports.push(report);
  };
  for await (const customer of lifecycle.projectCustomers(source, { ...options, onValuation })) {
    customers.push(customer);
  }
  customers.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  return { customers, reports };
}

/** Every object and array in `value` is frozen. */
function frozenThroughout(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(frozenThroughout);
}

/** Checks that `reports` is `project`'s `valuation` once (none when it has none), frozen. */
function expectProjectReport(
  reports: readonly ValuationReport[],
  valuation: ValuationReport | undefined,
): void {
  expect(json(reports)).toBe(json(valuation === undefined ? [] : [valuation]));
  expect(reports).toEqual(valuation === undefined ? [] : [valuation]);
  for (const report of reports) expect(frozenThroughout(report)).toBe(true);
}

/** Checks every source and pass count against `project` of the memory log; returns `project`'s. */
async function expectSameAsProject(
  events: readonly StoredEvent[],
  options: ProjectCustomersOptions,
): Promise<readonly CustomerState[]> {
  const log = await memoryLogOf(events);
  const { passes: _passes, ...projectOptions } = options;
  const { customers: projected, valuation } = await lifecycle.project(log, projectOptions);
  const expected = json(projected);
  for (const passes of [1, 2, 3]) {
    for (const source of [events, log, streaming(log)]) {
      const { customers: streamed, reports } = await stream(source, { ...options, passes });
      expect(json(streamed)).toBe(expected);
      expectProjectReport(reports, valuation);
      for (const customer of streamed) {
        expect(Object.isFrozen(customer)).toBe(true);
        if (customer.churnRisk !== undefined)
          expect(Object.isFrozen(customer.churnRisk)).toBe(true);
        if (customer.clv !== undefined) expect(Object.isFrozen(customer.clv)).toBe(true);
      }
    }
  }
  const { customers: streamed, reports } = await stream(once(events), options);
  expect(json(streamed)).toBe(expected);
  expectProjectReport(reports, valuation);
  return projected;
}

/**
 * A generated business stored as logs get it: every fifth event stored at the end (late), a
 * void after every ninth purchase or subscription event, a second purchase on the day of every
 * fourth purchase, and a purchase in another currency.
 */
function corrected(events: readonly StoredEvent[]): StoredEvent[] {
  const inputs: EventInput[] = events.map(({ position: _p, version: _v, ...input }) => input);
  const late = inputs.filter((_, index) => index % 5 === 3);
  const onTime = inputs.filter((_, index) => index % 5 !== 3);
  const voids: EventInput[] = [];
  let count = 0;
  for (const input of inputs) {
    if (input.type !== 'purchase' && !input.type.startsWith('subscription.')) continue;
    if (count++ % 9 !== 4) continue;
    voids.push(voidOf(input, DAY));
  }
  const sameDay = inputs
    .filter((input) => input.type === 'purchase')
    .filter((_, index) => index % 4 === 1)
    .map((input) => ({
      ...input,
      id: `again-${input.id}`,
      at: (input.at as number) + 60_000,
      data: { ...(input.data as object), orderId: `again-${input.id}`, amount: 3.3 },
    }));
  const buyer = inputs.find((input) => input.type === 'purchase') as EventInput;
  const other = {
    id: 'other-currency',
    type: 'purchase',
    customerId: buyer.customerId,
    at: buyer.at,
    data: { orderId: 'usd-1', amount: 12.5, currency: 'USD' },
  } as EventInput;
  return storeEvents([...onTime, other, ...sameDay, ...late, ...voids]);
}

describe('lifecycle.projectCustomers with churn and clv', () => {
  it('values each customer as project does, to the byte, from any source and pass count', async () => {
    // A business whose models converge at AS_OF, and generated customers stored as logs get
    // them (late events, voids, refunds, profiles) from half a year before it.
    const base = sampleEvents(2, 120).map(({ position: _p, version: _v, ...input }) => input);
    const shift = Date.UTC(2024, 0, 1) - Date.UTC(2020, 0, 1);
    const options = [
      { churn: true, clv: true },
      { churn: { model: 'bgnbd' as const } },
      { clv: { margin: 0.3, currency: 'EUR' } },
    ];
    await fc.assert(
      fc.asyncProperty(
        storedCorrectedLogArbitrary(12),
        fc.nat(),
        fc.constantFrom(...options),
        async (generated, cut, valuation) => {
          const added = generated.map(({ position: _p, version: _v, ...input }) => ({
            ...input,
            at: input.at + shift,
          }));
          const events = storeEvents([...base, ...added]);
          const times = added.map((event) => event.at).sort((a, b) => a - b);
          const middle = times.length === 0 ? undefined : times[cut % times.length];
          for (const asOf of [AS_OF, middle]) {
            await expectSameAsProject(events, { asOf, ...valuation });
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it('values a business whose models converge, with late events, voids and refunds', async () => {
    const events = corrected(sampleEvents(2, 400));
    const asOf = AS_OF;
    const projection = await lifecycle.project(events, { asOf, churn: true, clv: true });
    expect(projection.valuation?.purchases.converged).toBe(true);
    expect(projection.valuation?.spend.converged).toBe(true);
    expect(events.some((event) => event.type === 'refund')).toBe(true);
    for (const valuation of [
      { churn: true, clv: true },
      {
        churn: { model: 'bgnbd' as const },
        clv: { horizon: { length: 730, unit: 'day' as const } },
      },
    ]) {
      const projected = await expectSameAsProject(events, { asOf, ...valuation });
      expect(projected.filter((customer) => customer.clv !== undefined).length).toBeGreaterThan(50);
    }
  });

  it('values subscribers as project does when their events come late, before their start or voided', async () => {
    const start = Date.UTC(2023, 0, 1);
    let seed = 11;
    const draw = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const inputs: EventInput[] = [];
    const add = (customerId: string, type: string, at: number, data: object): void => {
      inputs.push({
        id: `${customerId}-${inputs.length}`,
        type,
        customerId,
        at,
        data,
      } as EventInput);
    };
    for (let c = 0; c < 120; c++) {
      const customerId = `s${String(c).padStart(2, '0')}`;
      const subscriptionId = `${customerId}-plan`;
      const startedAt = start + ((c * 37) % 300) * DAY;
      // Churn of 10% or 40% a month (two kinds of subscriber), drawn from a fixed sequence.
      let renewals = 0;
      while (renewals < 12 && draw() >= (c % 2 === 0 ? 0.1 : 0.4)) renewals++;
      const currency = c % 9 === 0 ? 'USD' : 'EUR';
      add(customerId, 'subscription.started', startedAt, {
        subscriptionId,
        plan: 'basic',
        amount: 10 + (c % 4),
        currency,
        interval: 'month',
      });
      for (let r = 1; r <= renewals; r++) {
        add(customerId, 'subscription.renewed', startedAt + r * 30 * DAY, {
          subscriptionId,
          amount: r % 5 === 0 ? 12.5 : 10 + (c % 4),
          currency,
        });
      }
      if (renewals < 12 && c % 3 === 0) {
        add(customerId, 'subscription.cancelled', startedAt + (renewals * 30 + 12) * DAY, {
          subscriptionId,
        });
      }
      if (c % 5 === 0) {
        add(customerId, 'subscription.started', startedAt + 3 * DAY, {
          subscriptionId: `${customerId}-extra`,
          plan: 'pro',
          amount: 25,
          currency,
          interval: 'month',
        });
        for (let r = 1; r <= 14; r++) {
          add(customerId, 'subscription.renewed', startedAt + (3 + r * 30) * DAY, {
            subscriptionId: `${customerId}-extra`,
            amount: 25,
            currency,
          });
        }
      }
      if (c % 5 === 0) {
        add(customerId, 'purchase', startedAt + DAY, {
          orderId: `${customerId}-o`,
          amount: 20,
          currency,
        });
      }
    }
    // Stored as logs get them: a quarter of the customers newest first, a quarter with two
    // renewals swapped, a quarter with the first renewal before the start; every seventh renewal
    // voided a day later.
    const byCustomer = new Map<string, EventInput[]>();
    for (const input of inputs) {
      byCustomer.set(input.customerId, [...(byCustomer.get(input.customerId) ?? []), input]);
    }
    const scrambled: EventInput[] = [];
    for (const [customerId, own] of byCustomer) {
      const kind = Number(customerId.slice(1)) % 4;
      const [first, second, third, ...rest] = own;
      if (kind === 1) scrambled.push(...[...own].reverse());
      else if (kind === 2 && first && second && third)
        scrambled.push(first, third, second, ...rest);
      else if (kind === 3 && first && second) scrambled.push(second, first, ...own.slice(2));
      else scrambled.push(...own);
    }
    scrambled.push(
      ...inputs
        .filter((input, index) => input.type === 'subscription.renewed' && index % 7 === 0)
        .map((input) => voidOf(input, DAY)),
    );
    const events = storeEvents(scrambled);
    const asOf = start + 420 * DAY;
    const projection = await lifecycle.project(events, { asOf, churn: true, clv: true });
    expect(projection.valuation?.subscriptions['1 month']?.converged).toBe(true);
    await expectSameAsProject(events, { asOf, churn: true, clv: true });
  });

  it('matches project at the edges: no event, no purchase, no currency, a refund alone, a bad amount', async () => {
    const purchase = (id: string, customerId: string, at: number, data: object): EventInput =>
      ({ id, type: 'purchase', customerId, at, data: { orderId: id, ...data } }) as EventInput;
    const cases: EventInput[][] = [
      [],
      [
        {
          id: 's',
          type: 'subscription.started',
          customerId: 'c1',
          at: 0,
          data: { subscriptionId: 's1', plan: 'basic', amount: 10, currency: 'EUR' },
        } as EventInput,
      ],
      [purchase('a', 'c1', 0, { amount: 10 }), purchase('b', 'c1', 5 * DAY, { amount: 4 })],
      [
        { ...purchase('a', 'c1', 0, { amount: 10, currency: 'EUR' }), type: 'refund' },
        { id: 'b', type: 'lead.captured', customerId: 'c2', at: DAY, data: {} } as EventInput,
      ],
      [
        purchase('a', 'c1', 0, { amount: 10, currency: 'EUR' }),
        purchase('b', 'c2', DAY, { amount: 'ten', currency: 'EUR' }),
      ],
    ];
    const outcome = async (run: () => Promise<unknown>): Promise<string> => {
      try {
        return json(await run());
      } catch (error) {
        return `${(error as { code?: string }).code}: ${(error as Error).message}`;
      }
    };
    // Without asOf and events, project gives no report (and onValuation is not called); with
    // asOf, a report of nothing valued.
    for (const [inputs, asOf] of cases.flatMap((inputs) => [
      [inputs, undefined] as const,
      [inputs, 3 * DAY] as const,
    ])) {
      const events = storeEvents(inputs);
      const options = { asOf, churn: true, clv: true };
      const expected = await outcome(async () => {
        const { customers, valuation } = await lifecycle.project(events, options);
        return { customers, reports: valuation === undefined ? [] : [valuation] };
      });
      for (const source of [events, once(events)]) {
        expect(await outcome(() => stream(source, options))).toBe(expected);
      }
    }
  });

  it('rejects bad valuation options at the call, with the typed error project gives', async () => {
    const bad = [
      { clv: { margin: 2 } },
      { churn: { bands: { medium: 0.8, high: 0.2 } } },
      { clv: { discount: { rate: -1, per: 'week' } } },
    ] as ProjectCustomersOptions[];
    for (const options of bad) {
      let expected: unknown;
      await lifecycle.project([], options).catch((error: unknown) => {
        expected = error;
      });
      let thrown: unknown;
      try {
        lifecycle.projectCustomers([], options);
      } catch (error) {
        thrown = error;
      }
      expect(isTenureError(expected)).toBe(true);
      expect(isTenureError(thrown, (expected as { code: string }).code)).toBe(true);
      expect((thrown as Error).message).toMatch(/^lifecycle\.projectCustomers/);
    }
  });
});

describe('lifecycle.projectCustomers onValuation', () => {
  const events = sampleEvents(3, 60);
  const options = { asOf: AS_OF, churn: true, clv: true };

  it('is called once, after the last customer, before the loop ends, with every customer counted', async () => {
    const projection = await lifecycle.project(events, options);
    for (const passes of [1, 2, 3]) {
      const seen: string[] = [];
      let report: ValuationReport | undefined;
      const onValuation = (given: ValuationReport): void => {
        seen.push('report');
        report = given;
      };
      for await (const customer of lifecycle.projectCustomers(events, {
        ...options,
        passes,
        onValuation,
      })) {
        seen.push(customer.customerId);
      }
      seen.push('end');
      const customers = projection.customers.length;
      expect(seen.length).toBe(customers + 2);
      expect(seen.slice(customers)).toEqual(['report', 'end']);
      expect(json(report)).toBe(json(projection.valuation));
      const valued = report?.valued;
      const notValued = Object.values(valued?.notValued ?? {}).reduce((a, b) => a + b, 0);
      expect((valued?.churnRisk ?? 0) + notValued).toBe(customers);
    }
  });

  it('is not called when the loop is left early, even at the last customer', async () => {
    const count = (await lifecycle.project(events, options)).customers.length;
    for (const leaveAt of [1, count]) {
      let calls = 0;
      let seen = 0;
      for await (const _customer of lifecycle.projectCustomers(events, {
        ...options,
        passes: 2,
        onValuation: () => calls++,
      })) {
        if (++seen === leaveAt) break;
      }
      expect(seen).toBe(leaveAt);
      expect(calls).toBe(0);
    }
  });

  it('ends the loop with the error it throws', async () => {
    const failure = new Error('the report table is gone');
    let customers = 0;
    const loop = async (): Promise<void> => {
      for await (const _customer of lifecycle.projectCustomers(events, {
        ...options,
        onValuation: () => {
          throw failure;
        },
      })) {
        customers++;
      }
    };
    await expect(loop()).rejects.toBe(failure);
    expect(customers).toBe((await lifecycle.project(events, options)).customers.length);
  });

  it('is not called without churn or clv', async () => {
    for (const valuation of [{}, { churn: false }, { churn: false, clv: false }]) {
      let calls = 0;
      let customers = 0;
      for await (const _customer of lifecycle.projectCustomers(events, {
        asOf: AS_OF,
        ...valuation,
        onValuation: () => calls++,
      })) {
        customers++;
      }
      expect(customers).toBeGreaterThan(0);
      expect(calls).toBe(0);
    }
  });

  it('rejects an onValuation that is not a function at the call, saying what to pass', () => {
    for (const [given, kind] of [
      ['report', 'a string'],
      [42, 'a number'],
      [null, 'null'],
      [{}, 'an object'],
    ] as const) {
      let thrown: unknown;
      try {
        lifecycle.projectCustomers(events, {
          ...options,
          onValuation: given as unknown as ProjectCustomersOptions['onValuation'],
        });
      } catch (error) {
        thrown = error;
      }
      expect(isTenureError(thrown, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      expect((thrown as Error).message).toBe(
        `lifecycle.projectCustomers: onValuation is ${kind}, not a function; pass a function that takes the valuation report (called once, after the last customer), or leave it out.`,
      );
    }
  });
});
