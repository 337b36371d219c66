import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createMemoryLog } from '../../src/log/createMemoryLog.js';
import type { EventLog, ReadOptions } from '../../src/log/EventLog.js';
import { createLifecycle, findCustomer, stageAt } from '../../src/projection/index.js';
import { lifecycleLogArbitrary } from '../../src/testing/lifecycleArbitraries.js';
import { storeEvents } from './support/storeEvents.js';

const lifecycle = createLifecycle();
const json = (value: unknown) => JSON.stringify(value);
const runs = { numRuns: 60 };

/** A valid log: lifecycle-shaped customers, stored in event-time order. */
const logArbitrary = lifecycleLogArbitrary({ maxCustomers: 6 }).map(storeEvents);

/**
 * The same events stored in another order (late events), positions reassigned by the new
 * order. Events of one customer at the same instant keep their relative order, since ties in
 * time are broken by position.
 */
const reorderedArbitrary = logArbitrary.chain((events) =>
  fc.tuple(
    fc.constant(events),
    fc
      .shuffledSubarray(events, { minLength: events.length, maxLength: events.length })
      .map((shuffled) => restore(keepTieOrder(events, shuffled))),
  ),
);

/** `log` as a log that streams its events (read anew from storage each time). */
const streaming = (log: EventLog): EventLog =>
  ({ read: (options?: ReadOptions) => log.read(options) }) as unknown as EventLog;

describe('projection properties (default lifecycle)', () => {
  it('replays deterministically, from memory or from a log', async () => {
    await fc.assert(
      fc.asyncProperty(logArbitrary, async (events) => {
        const first = json(lifecycle.projectEvents(events));
        expect(json(lifecycle.projectEvents(events))).toBe(first);
        const log = createMemoryLog();
        await log.append(events.map(({ position: _p, version: _v, ...input }) => input));
        expect(json(await lifecycle.project(log))).toBe(first);
      }),
      { numRuns: 25 },
    );
  });

  it('gives the same result for late events as for events on time', () => {
    fc.assert(
      fc.property(reorderedArbitrary, ([onTime, late]) => {
        expect(json(lifecycle.projectEvents(late))).toBe(json(lifecycle.projectEvents(onTime)));
      }),
      runs,
    );
  });

  it('gives the same result for late events read from a log (re-read per customer)', async () => {
    await fc.assert(
      fc.asyncProperty(reorderedArbitrary, async ([onTime, late]) => {
        const log = createMemoryLog();
        await log.append(late.map(({ position: _p, version: _v, ...input }) => input));
        const middle = onTime[onTime.length >> 1]?.at;
        for (const asOf of [undefined, middle]) {
          const expected = json(lifecycle.projectEvents(onTime, { asOf }));
          // The memory log's own customer streams, and folded as it streams (late customers read again).
          expect(json(await lifecycle.project(log, { asOf }))).toBe(expected);
          expect(json(await lifecycle.project(streaming(log), { asOf }))).toBe(expected);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('keeps a live projection equal to the batch projection, whatever the arrival order', () => {
    fc.assert(
      fc.property(reorderedArbitrary, ([onTime, late]) => {
        const live = lifecycle.createProjection();
        live.applyAll(late);
        expect(json(live.state())).toBe(json(lifecycle.projectEvents(onTime)));
      }),
      runs,
    );
  });

  it('resumes a JSON snapshot to the same state as a full replay, byte for byte', () => {
    fc.assert(
      fc.property(reorderedArbitrary, fc.nat(), ([, late], cut) => {
        const split = late.length === 0 ? 0 : cut % (late.length + 1);
        const full = lifecycle.createProjection();
        full.applyAll(late);
        const first = lifecycle.createProjection();
        first.applyAll(late.slice(0, split));
        const resumed = lifecycle.resume(JSON.parse(JSON.stringify(first.snapshot())));
        resumed.applyAll(late.slice(split));
        expect(json(resumed.state())).toBe(json(full.state()));
        expect(json(resumed.snapshot())).toBe(json(full.snapshot()));
      }),
      runs,
    );
  });

  it('leaves states and snapshots it handed out as they were while it folds on', () => {
    fc.assert(
      fc.property(reorderedArbitrary, fc.nat(), ([, late], cut) => {
        const split = late.length === 0 ? 0 : cut % (late.length + 1);
        const live = lifecycle.createProjection();
        live.applyAll(late.slice(0, split));
        const [next, ...rest] = late.slice(split);
        const snapshot = live.snapshot();
        const savedSnapshot = json(snapshot);
        if (next !== undefined) live.apply(next);
        expect(json(snapshot)).toBe(savedSnapshot);
        const state = live.state();
        const savedState = json(state);
        // Folding on after the hand-out, one event at a time, with views in between.
        for (const event of rest) {
          live.apply(event);
          live.customer(event.customerId);
        }
        expect([json(state), json(snapshot)]).toEqual([savedState, savedSnapshot]);
      }),
      runs,
    );
  });

  it('keeps history monotonic in asOf: the history at an earlier time is a prefix of a later one', () => {
    fc.assert(
      fc.property(logArbitrary, fc.nat(), fc.nat(), (events, a, b) => {
        fc.pre(events.length > 0);
        const first = events[0]!.at;
        const span = events[events.length - 1]!.at - first + 400 * 86_400_000;
        const [early, later] = [first + (a % span), first + (b % span)].sort((x, y) => x - y);
        const before = lifecycle.projectEvents(events, { asOf: early });
        const after = lifecycle.projectEvents(events, { asOf: later });
        for (const customer of before.customers) {
          const future = findCustomer(after, customer.customerId)!;
          expect(future.history.slice(0, customer.history.length)).toEqual(customer.history);
          expect(stageAt(future, early!)).toBe(customer.stage);
        }
      }),
      runs,
    );
  });

  it('answers time travel on a live projection as a projection run at that time', () => {
    fc.assert(
      fc.property(reorderedArbitrary, fc.nat(), ([onTime, late], pick) => {
        fc.pre(onTime.length > 0);
        const asOf = onTime[pick % onTime.length]!.at + (pick % 3) * 43_200_000;
        const live = lifecycle.createProjection();
        live.applyAll(late);
        expect(json(live.state({ asOf }))).toBe(json(lifecycle.projectEvents(onTime, { asOf })));
      }),
      runs,
    );
  });

  it('never throws on a valid log, at any asOf', () => {
    fc.assert(
      fc.property(
        logArbitrary,
        fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2026, 0, 1) }),
        (events, asOf) => {
          const projection = lifecycle.projectEvents(events, { asOf });
          for (const customer of projection.customers) {
            expect(lifecycle.stages).toContain(customer.stage);
            expect(customer.timeInStage).toBeGreaterThanOrEqual(0);
            expect(customer.history.at(-1)?.stage).toBe(customer.stage);
          }
        },
      ),
      runs,
    );
  });
});

/** `shuffled` with each (customer, time) group's events put back in their original order. */
function keepTieOrder(
  original: readonly StoredEvent[],
  shuffled: readonly StoredEvent[],
): StoredEvent[] {
  const key = (event: StoredEvent) => `${event.customerId}\u0000${event.at}`;
  const queues = new Map<string, StoredEvent[]>();
  for (const event of original) {
    const queue = queues.get(key(event));
    if (queue === undefined) queues.set(key(event), [event]);
    else queue.push(event);
  }
  return shuffled.map((event) => queues.get(key(event))!.shift()!);
}

/** Positions and versions as a log storing `events` in this order would give. */
function restore(events: readonly StoredEvent[]): StoredEvent[] {
  return storeEvents(events.map(({ position: _p, version: _v, ...input }) => input));
}
