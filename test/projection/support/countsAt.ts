import type { EventInput, StoredEvent } from '../../../src/events/TenureEvent.js';
import type { CorrectedLog } from '../../../src/testing/index.js';
import { storeEvents } from './storeEvents.js';

const DAY = 86_400_000;

/**
 * The log as it counts at `asOf` (a void applies from its own time on, so time travel sees the
 * log as it was): every event stored once, in time order (events of one time in log order),
 * less the voids and the events voided at or before `asOf`. At `corrected.asOf` it is
 * `corrected.expected`.
 */
export function countsAt(corrected: CorrectedLog, asOf: number): StoredEvent[] {
  const seen = new Set<string>();
  const events: EventInput[] = [];
  const voidedBy = new Map<string, number>();
  for (const event of corrected.batches.flat()) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    if (event.type === 'event.voided') voidedBy.set(event.data.eventId, event.at);
    else events.push(event);
  }
  const counted = events.filter((event) => {
    const voidAt = voidedBy.get(event.id);
    return voidAt === undefined || voidAt > asOf;
  });
  // A stable sort: events of one time keep their log order.
  return storeEvents(counted.sort((a, b) => (a.at as number) - (b.at as number)));
}

/**
 * A time at or before `corrected.asOf` to travel to, from `pick`: half the time just at, before
 * or after one of the delivered events or voids (where a void dated after what it voids, or a
 * clock, makes the past differ from the present), else any time from a day before the first event.
 */
export function earlier(corrected: CorrectedLog, pick: number): number {
  const times = corrected.batches.flat().map((event) => event.at);
  if (pick % 2 === 0 && times.length > 0) {
    const near = times[(pick >> 1) % times.length]! + [-1, 0, 1][(pick >> 4) % 3]!;
    return Math.min(near, corrected.asOf);
  }
  const first = corrected.expected[0]?.at ?? corrected.asOf;
  const span = corrected.asOf - first + DAY;
  return first - DAY + (pick % span);
}

/**
 * The times to compare projections at: `corrected.asOf`, `earlier(corrected, pick)`, and just
 * before each void (where the event it voids still counts, when dated before it).
 */
export function travelTimes(corrected: CorrectedLog, pick: number): number[] {
  const voids = corrected.batches.flat().filter((event) => event.type === 'event.voided');
  const beforeVoids = voids.map((event) => Math.min(event.at - 1, corrected.asOf));
  return [corrected.asOf, earlier(corrected, pick), ...beforeVoids];
}
