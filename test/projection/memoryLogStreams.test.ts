import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog, ReadOptions } from '../../src/log/EventLog.js';
import { createLifecycle } from '../../src/projection/index.js';
import { storedCorrectedLogArbitrary } from './support/storedCorrectedLogArbitrary.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);
const DAY = 86_400_000;

async function memoryLogOf(events: readonly StoredEvent[]): Promise<EventLog> {
  const log = createMemoryLog();
  await log.append(events.map(({ position: _p, version: _v, ...input }) => input));
  return log;
}

/** `log` as a log that streams its events (read anew from storage each time). */
const streaming = (log: EventLog): EventLog =>
  ({ read: (options?: ReadOptions) => log.read(options) }) as unknown as EventLog;

describe("project(memoryLog): the log's own customer streams", () => {
  it('give what the events give from an array and from a streamed log, late events, voids, profiles and asOf included', async () => {
    await fc.assert(
      fc.asyncProperty(storedCorrectedLogArbitrary(6), fc.nat(), async (events, pick) => {
        const log = await memoryLogOf(events);
        const cut =
          events.length === 0 ? undefined : (events[pick % events.length] as StoredEvent).at;
        for (const asOf of [undefined, cut]) {
          const expected = json(lifecycle.projectEvents(events, { asOf }));
          expect(json(await lifecycle.project(log, { asOf }))).toBe(expected);
          expect(json(await lifecycle.project(streaming(log), { asOf }))).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('take the default asOf from behaviour, not from a later profile', async () => {
    const log = createMemoryLog();
    await log.append([
      {
        id: 'p',
        type: 'purchase',
        customerId: 'c1',
        at: 10 * DAY,
        data: { orderId: 'o1', amount: 5, currency: 'EUR' },
      },
      { id: 'n', type: 'customer.profile', customerId: 'c2', at: 30 * DAY, data: { name: 'Ann' } },
    ]);
    const projection = await lifecycle.project(log);
    expect(projection.asOf).toBe(10 * DAY);
    expect(projection.customers.map((customer) => customer.customerId)).toEqual(['c1']);
  });

  it('leave out events appended while projectCustomers hands customers out', async () => {
    const log = createMemoryLog();
    const login = (id: string, customerId: string, day: number) =>
      ({ id, type: 'usage.login', customerId, at: day * DAY, data: {} }) as const;
    await log.append([login('a1', 'a', 1), login('b1', 'b', 2)]);
    const handedOut = [];
    for await (const customer of lifecycle.projectCustomers(log)) {
      handedOut.push(customer);
      if (handedOut.length === 1) await log.append([login('b2', 'b', 3), login('c1', 'c', 4)]);
    }
    expect(handedOut.map((customer) => [customer.customerId, customer.facts.events])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });
});
