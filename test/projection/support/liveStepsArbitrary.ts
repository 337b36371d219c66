import fc from 'fast-check';
import type { StoredEvent } from '../../../src/events/TenureEvent.js';
import { lifecycleLogArbitrary } from '../../../src/testing/lifecycleArbitraries.js';
import { storedCorrectedLogArbitrary } from './storedCorrectedLogArbitrary.js';
import { storeEvents } from './storeEvents.js';
import { DAY } from './toyLifecycle.js';

/** A step of a catch-up: a batch of events, or a clock moved between batches. */
export type Step = { readonly batch: readonly StoredEvent[] } | { readonly advanceTo: number };

/**
 * A log in time order (a catch-up: the clock advances at most events) or a corrected one (late
 * events, voids, profiles), with some events stored twice, cut into batches at random, with
 * clocks moved between some of them (within and after the log).
 */
export const stepsArbitrary = fc
  .oneof(
    lifecycleLogArbitrary({ maxCustomers: 8 }).map(storeEvents),
    storedCorrectedLogArbitrary(6),
  )
  .chain((events) =>
    fc
      .tuple(
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -30 * DAY, max: 200 * DAY })), {
          maxLength: 3,
        }),
      )
      .map(([repeats, cuts, clocks]) => {
        const stream = events.slice();
        for (const [pick, at] of repeats) {
          if (events.length === 0) break;
          stream.splice(at % (stream.length + 1), 0, events[pick % events.length]!);
        }
        const bounds = [
          ...new Set([0, stream.length, ...cuts.map((cut) => cut % (stream.length + 1))]),
        ];
        bounds.sort((a, b) => a - b);
        const steps: Step[] = [];
        for (let index = 1; index < bounds.length; index++) {
          steps.push({ batch: stream.slice(bounds[index - 1], bounds[index]) });
        }
        const base = events[0]?.at ?? 0;
        for (const [pick, offset] of clocks) {
          const at = stream[pick % Math.max(stream.length, 1)]?.at ?? base;
          steps.splice(pick % (steps.length + 1), 0, { advanceTo: at + offset });
        }
        return steps;
      }),
  );
