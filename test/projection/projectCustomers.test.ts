import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTenureError } from '../../src/errors/TenureError.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog, ReadOptions } from '../../src/log/EventLog.js';
import { customerPass } from '../../src/projection/customerPass.js';
import type { CustomerState, ProjectionSource } from '../../src/projection/index.js';
import { createLifecycle } from '../../src/projection/index.js';
import { storedCorrectedLogArbitrary } from './support/storedCorrectedLogArbitrary.js';
import { storeEvents } from './support/storeEvents.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);
const DAY = 86_400_000;

/** A log with late events, voids and profiles. */
const logArbitrary = storedCorrectedLogArbitrary(8);

/** `log` as a log that streams its events (read anew from storage each time). */
const streaming = (log: EventLog): EventLog =>
  ({ read: (options?: ReadOptions) => log.read(options) }) as unknown as EventLog;

async function collect(
  source: ProjectionSource,
  options?: { asOf?: number; passes?: number },
): Promise<CustomerState[]> {
  const customers: CustomerState[] = [];
  for await (const customer of lifecycle.projectCustomers(source, options))
    customers.push(customer);
  return customers;
}

/** Pass by pass (the id's hash), then by customerId within a pass. */
function inDocumentedOrder(customers: readonly CustomerState[], passes: number): boolean {
  for (let index = 1; index < customers.length; index++) {
    const previous = customers[index - 1] as CustomerState;
    const customer = customers[index] as CustomerState;
    const a = customerPass(previous.customerId, passes);
    const b = customerPass(customer.customerId, passes);
    if (a > b || (a === b && previous.customerId >= customer.customerId)) return false;
  }
  return true;
}

async function memoryLogOf(events: readonly StoredEvent[]): Promise<EventLog> {
  const log = createMemoryLog();
  await log.append(events.map(({ position: _p, version: _v, ...input }) => input));
  return log;
}

describe('lifecycle.projectCustomers', () => {
  it('hands out every customer as project gives them, pass by pass and by id, from any source', async () => {
    await fc.assert(
      fc.asyncProperty(logArbitrary, fc.nat(), async (events, cut) => {
        const log = await memoryLogOf(events);
        const times = events.map((event) => event.at).sort((a, b) => a - b);
        const middle = times.length === 0 ? undefined : times[cut % times.length];
        for (const asOf of [undefined, middle]) {
          const projected = (await lifecycle.project(log, { asOf })).customers;
          const expected = json(projected);
          for (const passes of [1, 2, 3]) {
            for (const source of [events, log, streaming(log)]) {
              const streamed = await collect(source, { asOf, passes });
              expect(inDocumentedOrder(streamed, passes)).toBe(true);
              const byId = [...streamed].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
              expect(json(byId)).toBe(expected);
              expect(byId).toEqual(projected);
              for (const customer of streamed) expect(Object.isFrozen(customer.facts)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('assigns each customer the same pass on every run (FNV-1a of the id)', () => {
    // The published FNV-1a test vectors, read whole through a modulus above 2^32.
    expect(customerPass('', 2 ** 33)).toBe(0x811c9dc5);
    expect(customerPass('a', 2 ** 33)).toBe(0xe40c292c);
    expect(customerPass('foobar', 2 ** 33)).toBe(0xbf9cf968);
  });

  it('takes the default asOf from the whole log, whichever customers a pass folds', async () => {
    const events = storeEvents([
      {
        id: 'a',
        type: 'purchase',
        customerId: 'c1',
        at: 0,
        data: { orderId: 'o1', amount: 10, currency: 'EUR' },
      },
      { id: 'b', type: 'lead.captured', customerId: 'c2', at: 400 * DAY, data: {} },
      { id: 'c', type: 'lead.captured', customerId: 'c3', at: 500 * DAY, data: {} },
    ] as EventInput[]);
    const expected = (await lifecycle.project(events)).customers;
    for (const passes of [1, 2, 3]) {
      const streamed = await collect(events, { passes });
      expect(streamed.map((customer) => customer.timeInStage).sort()).toEqual(
        expected.map((customer) => customer.timeInStage).sort(),
      );
      expect(
        streamed.every((customer) => customer.stageEnteredAt + customer.timeInStage === 500 * DAY),
      ).toBe(true);
    }
  });

  it('cuts at asOf: later events do not count, later customers are not handed out', async () => {
    const events = storeEvents([
      {
        id: 'a',
        type: 'purchase',
        customerId: 'c1',
        at: 0,
        data: { orderId: 'o1', amount: 10, currency: 'EUR' },
      },
      {
        id: 'b',
        type: 'purchase',
        customerId: 'c1',
        at: 20 * DAY,
        data: { orderId: 'o2', amount: 5, currency: 'EUR' },
      },
      { id: 'c', type: 'lead.captured', customerId: 'c2', at: 30 * DAY, data: {} },
    ] as EventInput[]);
    const log = await memoryLogOf(events);
    for (const passes of [1, 2]) {
      const streamed = await collect(streaming(log), { asOf: 10 * DAY, passes });
      expect(streamed.map((customer) => [customer.customerId, customer.facts.purchases])).toEqual([
        ['c1', 1],
      ]);
      expect(streamed[0]?.timeInStage).toBe(10 * DAY);
    }
  });

  it('hands out nothing for an empty log', async () => {
    for (const passes of [1, 3]) {
      expect(await collect([], { passes })).toEqual([]);
      expect(await collect(createMemoryLog(), { passes })).toEqual([]);
      expect(await collect(streaming(createMemoryLog()), { passes })).toEqual([]);
    }
  });

  it('rejects passes that is not an integer >= 1, and several passes over a once-only iterable, at the call', () => {
    function* once(): Generator<StoredEvent> {}
    const calls: (() => unknown)[] = [
      () => lifecycle.projectCustomers([], { passes: 0 }),
      () => lifecycle.projectCustomers([], { passes: 1.5 }),
      () => lifecycle.projectCustomers([], { passes: Number.NaN }),
      () => lifecycle.projectCustomers(once(), { passes: 2 }),
      () => lifecycle.projectCustomers([], { asOf: 'yesterday' }),
    ];
    for (const call of calls) {
      let thrown: unknown;
      try {
        call();
      } catch (error) {
        thrown = error;
      }
      expect(isTenureError(thrown, 'TENURE_INVALID_PROJECTION_INPUT')).toBe(true);
      expect((thrown as Error).message).toMatch(/^lifecycle\.projectCustomers: /);
    }
    expect(() => lifecycle.projectCustomers(once(), { passes: 2 })).toThrow(
      /passes 2 .*pass an EventLog or an array of events, or passes: 1/,
    );
    // One pass over a once-only iterable is fine.
    expect(() => lifecycle.projectCustomers(once())).not.toThrow();
  });

  it('lets go of each customer it handed out while it goes on', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const events = storeEvents(
      Array.from({ length: 50 }, (_, index) => ({
        id: `e${index}`,
        type: 'lead.captured',
        customerId: `c${String(index).padStart(2, '0')}`,
        at: index * DAY,
        data: {},
      })) as EventInput[],
    );
    const log = await memoryLogOf(events);
    for (const source of [events, streaming(log)]) {
      const iterator = lifecycle.projectCustomers(source)[Symbol.asyncIterator]();
      const first = await weakNext(iterator);
      await iterator.next();
      // A new task: WeakRef targets are kept alive until the microtasks run out.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      expect(first.deref()).toBeUndefined();
      let rest = 0;
      while (!(await iterator.next()).done) rest++;
      expect(rest).toBe(48);
    }
  });
});

/** The next customer, held only weakly (a function of its own, so no local keeps it). */
async function weakNext(iterator: AsyncIterator<CustomerState>): Promise<WeakRef<CustomerState>> {
  const { value } = await iterator.next();
  return new WeakRef(value as CustomerState);
}
