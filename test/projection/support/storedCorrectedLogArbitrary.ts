import fc from 'fast-check';
import type { EventInput, StoredEvent } from '../../../src/events/TenureEvent.js';
import { lifecycleLogArbitrary } from '../../../src/testing/lifecycleArbitraries.js';
import { storeEvents } from './storeEvents.js';

const DAY = 86_400_000;

/**
 * A stored log as real logs get them: lifecycle-shaped customers stored out of time order (late
 * events), some events voided by an `event.voided` stored after them (up to a week later), and
 * bookkeeping a projection does not fold: profiles of some customers, and of a customer with
 * nothing else, at times up to after the last behaviour. Stored events, shuffled whole: for
 * properties that compare two reads of one log (the public `correctedLogArbitrary` of
 * `tenure/testing` draws batches to append, with the log they must count as).
 */
export function storedCorrectedLogArbitrary(maxCustomers: number): fc.Arbitrary<StoredEvent[]> {
  return lifecycleLogArbitrary({ maxCustomers })
    .map(storeEvents)
    .chain((events) =>
      fc.tuple(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 * DAY })), { maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -7 * DAY, max: 7 * DAY })), {
          maxLength: 3,
        }),
      ),
    )
    .map(([shuffled, voids, profiles]) => {
      const inputs: EventInput[] = shuffled.map(({ position: _p, version: _v, ...input }) => input);
      const count = inputs.length;
      for (const [pick, delay] of voids) {
        if (count === 0) break;
        inputs.push(voidOf(inputs[pick % count] as EventInput, delay));
      }
      for (const [index, [pick, delay]] of profiles.entries()) {
        if (count === 0) break;
        const of = inputs[pick % count] as EventInput;
        const customerId = index === 0 ? 'profile-only' : of.customerId;
        inputs.push(profile(`profile-${index}`, customerId, (of.at as number) + delay));
      }
      return storeEvents(
        inputs.filter(
          (input, index) => inputs.findIndex((other) => other.id === input.id) === index,
        ),
      );
    });
}

/** The `event.voided` of `voided`, `delay` ms after it, with the id `void-<its id>`. */
export function voidOf(voided: EventInput, delay: number): EventInput {
  return {
    id: `void-${voided.id}`,
    type: 'event.voided',
    customerId: voided.customerId,
    at: (voided.at as number) + delay,
    data: { eventId: voided.id },
  } as EventInput;
}

function profile(id: string, customerId: string, at: number): EventInput {
  return { id, type: 'customer.profile', customerId, at, data: { name: `Name ${customerId}` } };
}
