import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBookkeepingEvent } from '../../src/events/isBookkeepingEvent.js';
import type { StoredEvent } from '../../src/events/TenureEvent.js';
import { createLifecycle, type StageChange } from '../../src/projection/index.js';
import { storedCorrectedLogArbitrary } from './support/storedCorrectedLogArbitrary.js';
import { DAY, toyLifecycle } from './support/toyLifecycle.js';

// Lifecycles whose machines ask to be woken whenever a clock can change them, so that every
// change is heard (see StageChange.cause).
const lifecycles = [createLifecycle(), createLifecycle({ definition: toyLifecycle })];

/**
 * A corrected log (late events, voids, profiles, shuffled) in which some customers have every
 * behaviour event voided, each void up to a week before or after what it voids: the customers
 * who leave the projection. Stored after the log, then delivered in any order.
 */
const wipedLogArbitrary = storedCorrectedLogArbitrary(4)
  .chain((log) => {
    const customers = [...new Set(log.map((each) => each.customerId))];
    return fc.tuple(
      fc.constant(log),
      fc.subarray(customers),
      fc.array(fc.integer({ min: -7 * DAY, max: 7 * DAY }), {
        minLength: log.length,
        maxLength: log.length,
      }),
    );
  })
  .map(([log, wiped, delays]) => {
    let position = log.reduce((highest, each) => Math.max(highest, each.position), 0);
    const voids = log.flatMap((each, index): StoredEvent[] =>
      wiped.includes(each.customerId) && !isBookkeepingEvent(each.type)
        ? [
            {
              id: `wipe-${each.id}`,
              type: 'event.voided',
              customerId: each.customerId,
              at: each.at + delays[index]!,
              data: { eventId: each.id },
              position: ++position,
              version: 1000 + position,
            },
          ]
        : [],
    );
    return [...log, ...voids];
  })
  .chain((events) =>
    fc.tuple(
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
      fc.array(fc.nat(), { maxLength: 4 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 120 * DAY })), { maxLength: 2 }),
    ),
  );

describe("a listener's view of a live projection", () => {
  it('is a table of stages equal to state(), for any corrected log, in any order and batches', () => {
    fc.assert(
      fc.property(wipedLogArbitrary, ([delivery, cuts, clocks]) => {
        const bounds = [
          ...new Set([0, delivery.length, ...cuts.map((cut) => cut % (delivery.length + 1))]),
        ];
        bounds.sort((a, b) => a - b);
        for (const lifecycle of lifecycles) {
          const live = lifecycle.createProjection();
          // What a listener keeps from the changes alone: the stage of each customer.
          const stages = new Map<string, string>();
          live.onStageChange((change: StageChange) => {
            expect(change.from).toBe(stages.get(change.customerId));
            if (change.to === undefined) stages.delete(change.customerId);
            else stages.set(change.customerId, change.to);
            // A late change carries the re-folded history, ending in `to` at `at` (empty: left).
            if (change.cause === 'late-event') {
              const last = change.history?.at(-1);
              if (change.to === undefined) expect(change.history).toEqual([]);
              else expect(last).toEqual({ stage: change.to, at: change.at });
            } else expect(change.history).toBeUndefined();
          });
          const check = () => {
            const expected = live.state().customers.map((each) => [each.customerId, each.stage]);
            expect([...stages].sort()).toEqual(expected.sort());
          };
          for (let index = 1; index < bounds.length; index++) {
            live.applyAll(delivery.slice(bounds[index - 1], bounds[index]));
            check();
            const clock = clocks[index - 1];
            if (clock !== undefined && live.now !== undefined) {
              live.advanceTo(live.now + clock[1]);
              check();
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
