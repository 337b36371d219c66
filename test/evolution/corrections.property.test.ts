import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropVoided } from '../../src/events/dropVoided.js';
import type { EventInput, StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import { summarizeCustomers } from '../../src/models/summary/summarizeCustomers.js';
import { createLifecycle } from '../../src/projection/createLifecycle.js';
import { eventDataArbitrary } from '../../src/testing/eventArbitraries.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const ASOF = START + 400 * DAY;
const lifecycle = createLifecycle();

const behaviour = fc.constantFrom(
  'purchase',
  'purchase',
  'refund',
  'usage.login',
  'review',
  'subscription.started',
  'touchpoint',
) as fc.Arbitrary<
  'purchase' | 'refund' | 'usage.login' | 'review' | 'subscription.started' | 'touchpoint'
>;

/** A log of a few customers' events (unique ids) and the indexes of those to void. */
const scenario = fc
  .array(
    fc.record({
      customerId: fc.constantFrom('c1', 'c2', 'c3'),
      day: fc.integer({ min: 0, max: 360 }),
      type: behaviour,
    }),
    { minLength: 1, maxLength: 25 },
  )
  .chain((rows) =>
    fc.record({
      events: fc.tuple(
        ...rows.map((row, index) =>
          eventDataArbitrary(row.type).map(
            (data): EventInput => ({
              id: `e${index}`,
              type: row.type,
              customerId: row.customerId,
              at: START + row.day * DAY,
              data:
                row.type === 'purchase' || row.type === 'refund'
                  ? { ...(data as object), currency: 'EUR' }
                  : data,
            }),
          ),
        ),
      ),
      voided: fc.uniqueArray(fc.nat({ max: rows.length - 1 }), { maxLength: rows.length }),
      voidDay: fc.integer({ min: 0, max: 399 }),
    }),
  );

async function stored(events: readonly EventInput[]): Promise<StoredEvent[]> {
  const log = createMemoryLog();
  await log.append(events);
  const out: StoredEvent[] = [];
  for await (const event of log.read()) out.push(event);
  return out;
}

function voids(
  events: readonly EventInput[],
  voided: readonly number[],
  day: number,
): EventInput[] {
  return voided.map((index) => ({
    id: `void-${index}`,
    type: 'event.voided',
    customerId: events[index]!.customerId,
    at: START + day * DAY,
    data: { eventId: events[index]!.id, reason: 'entered twice' },
  }));
}

describe('event.voided: a log plus void(e) projects like the log without e', () => {
  it('gives the same stages, histories and facts, from a log and from memory', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ events, voided, voidDay }) => {
        const dropped = new Set(voided);
        const withVoids = await stored([...events, ...voids(events, voided, voidDay)]);
        const without = events.filter((_, index) => !dropped.has(index));
        const expected = lifecycle.projectEvents(await stored(without), { asOf: ASOF }).customers;
        const log = createMemoryLog();
        await log.append([...events, ...voids(events, voided, voidDay)]);
        expect((await lifecycle.project(log, { asOf: ASOF })).customers).toEqual(expected);
        expect(lifecycle.projectEvents(withVoids, { asOf: ASOF }).customers).toEqual(expected);
        const live = lifecycle.createProjection();
        live.applyAll(withVoids);
        const liveState = live
          .state({ asOf: ASOF })
          .customers.filter((state) => state.facts.events > 0);
        expect(liveState.map((state) => [state.customerId, state.stage, state.facts])).toEqual(
          expected.map((state) => [state.customerId, state.stage, state.facts]),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same RFM summary rows', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ events, voided, voidDay }) => {
        const dropped = new Set(voided);
        const withVoids = await stored([...events, ...voids(events, voided, voidDay)]);
        const without = await stored(events.filter((_, index) => !dropped.has(index)));
        const options = { calibrationEnd: ASOF, currency: 'EUR' } as const;
        const a = summarizeCustomers(withVoids, options);
        const b = summarizeCustomers(without, options);
        // Rows keep the order of first appearance, which a voided first event may change.
        const byId = (rows: typeof a.customers) =>
          [...rows].sort((x, y) => x.customerId.localeCompare(y.customerId));
        expect(byId(a.customers)).toEqual(byId(b.customers));
        expect(a.nonPositiveSpend).toEqual(b.nonPositiveSpend);
      }),
      { numRuns: 80 },
    );
  });

  it('applies a void only from its own time on (time travel sees the log as it was)', async () => {
    const purchase: EventInput = {
      id: 'p1',
      type: 'purchase',
      customerId: 'c1',
      at: '2024-01-10',
      data: { orderId: 'o1', amount: 40, currency: 'EUR' },
    };
    const log = createMemoryLog();
    await log.append([
      purchase,
      {
        ...purchase,
        id: 'p2',
        at: '2024-01-20',
        data: { ...(purchase.data as object), orderId: 'o2' },
      },
      {
        id: 'v1',
        type: 'event.voided',
        customerId: 'c1',
        at: '2024-02-01',
        data: { eventId: 'p2' },
      },
    ]);
    const before = await lifecycle.project(log, { asOf: '2024-01-31' });
    const after = await lifecycle.project(log, { asOf: '2024-02-02' });
    expect(before.customers[0]?.facts.revenue).toBe(80);
    expect(after.customers[0]?.facts.revenue).toBe(40);
    expect(after.customers[0]?.facts.purchases).toBe(1);
  });

  it('ignores a void naming another customer’s event, an unknown id or another void', async () => {
    const events = await stored([
      {
        id: 'p1',
        type: 'purchase',
        customerId: 'c1',
        at: '2024-01-10',
        data: { orderId: 'o1', amount: 40, currency: 'EUR' },
      },
      {
        id: 'v1',
        type: 'event.voided',
        customerId: 'c2',
        at: '2024-01-11',
        data: { eventId: 'p1' },
      },
      {
        id: 'v2',
        type: 'event.voided',
        customerId: 'c1',
        at: '2024-01-11',
        data: { eventId: 'nope' },
      },
      {
        id: 'v3',
        type: 'event.voided',
        customerId: 'c1',
        at: '2024-01-12',
        data: { eventId: 'v2' },
      },
    ]);
    expect(dropVoided(events).map((event) => event.id)).toEqual(['p1']);
    const projection = lifecycle.projectEvents(events, { asOf: '2024-02-01' });
    expect(projection.customers.map((state) => [state.customerId, state.facts.revenue])).toEqual([
      ['c1', 40],
    ]);
  });
});
