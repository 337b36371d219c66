import fc from 'fast-check';
import type { BuiltInEvent } from '../events/catalog/builtInEventTypes.js';
import type { EventOf, EventType } from '../events/defineEventType.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { checkCount, checkDaysAround, checkTime, refuseUnknown } from './checkConstraints.js';
import { checkDrawnEventTypes } from './drawnEventTypes.js';
import {
  DEFAULT_SPAN_DAYS,
  DEFAULT_START,
  type JourneyEvent,
  LIFECYCLE_LOG_CONSTRAINTS,
  type LifecycleLogConstraints,
  lifecycleLogArbitrary,
  MAX_JOURNEY_DAYS,
} from './lifecycleArbitraries.js';

/**
 * Constraints of {@link correctedLogArbitrary}: those of the log, and how much to correct.
 *
 * @typeParam TOwn - your own event types drawn, as `eventTypes` gives them.
 */
export interface CorrectedLogConstraints<TOwn extends readonly EventType[] = []>
  extends LifecycleLogConstraints<TOwn> {
  /** Most events delivered late, after events that happened after them. Default: 3. */
  readonly maxLate?: number;
  /** Most events sent again, unchanged, in a later batch (a retry). Default: 2. */
  readonly maxResent?: number;
  /**
   * Most events voided by an `event.voided`, dated up to a week before or after the event (a
   * correction's booking date, another system's clock). Default: 3.
   */
  readonly maxVoided?: number;
}

/**
 * A log as it arrives, with its corrections, and the log it must count as.
 *
 * @typeParam TEvent - the events drawn: the built-in ones, and with `eventTypes` your own.
 */
export interface CorrectedLog<TEvent extends TenureEvent = BuiltInEvent> {
  /**
   * What to append, batch after batch: the customers' events, some of them late, each void
   * after the event it voids, and the resent events in a last batch of their own.
   */
  readonly batches: readonly (readonly JourneyEvent<TEvent>[])[];
  /**
   * The log the batches must count as: every event not voided, once, in time order (what
   * `lifecycleLogArbitrary` drew, less the voided events).
   */
  readonly expected: readonly JourneyEvent<TEvent>[];
  /** The ids of the voided events. */
  readonly voided: readonly string[];
  /**
   * A time at or after every event and every void: project both logs at it (without an `asOf`,
   * each runs to its own last event, and a void may be dated after every event of the log).
   */
  readonly asOf: number;
}

const DAY = 86_400_000;
/** How far a void may be dated from the event it voids, in days. */
const VOID_SHIFT_DAYS = 7;
const DEFAULTS = { maxLate: 3, maxResent: 2, maxVoided: 3 } as const;
const CONSTRAINTS = [...LIFECYCLE_LOG_CONSTRAINTS, ...Object.keys(DEFAULTS)];

/** Where each correction goes: indexes into the log in time order, and how far each moves. */
interface CorrectionPlan {
  readonly late: readonly (readonly [index: number, delay: number])[];
  readonly resent: readonly number[];
  readonly voided: readonly (readonly [index: number, delayMs: number])[];
  readonly cuts: readonly number[];
}

/**
 * A log of several customers' journeys ({@link lifecycleLogArbitrary}) as it might really arrive,
 * with the log it must count as: some events late (appended after events that happened after
 * them), some sent again unchanged (a retried batch: the log skips them), and some voided by an
 * `event.voided`, spread over a few batches. A projection of the batches must equal the
 * projection of `expected` at `asOf`: that is the property to check of a lifecycle, a log adapter
 * or code that feeds a live projection. An event is delivered late only when no other event of
 * its customer has its time, since events of one time are folded in log order.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(correctedLogArbitrary({ maxCustomers: 4 }), async (corrected) => {
 *   const log = createMemoryLog();
 *   for (const batch of corrected.batches) await log.append(batch);
 *   const clean = createMemoryLog();
 *   await clean.append(corrected.expected);
 *   const { asOf } = corrected;
 *   expect(await lifecycle.project(log, { asOf })).toEqual(await lifecycle.project(clean, { asOf }));
 * }));
 * ```
 */
export function correctedLogArbitrary<const TOwn extends readonly EventType[] = []>(
  constraints: CorrectedLogConstraints<TOwn> = {},
): fc.Arbitrary<CorrectedLog<BuiltInEvent | EventOf<TOwn[number]>>> {
  const api = 'correctedLogArbitrary';
  refuseUnknown(api, constraints, CONSTRAINTS);
  const { maxLate, maxResent, maxVoided, ...logConstraints } = { ...DEFAULTS, ...constraints };
  checkCount(api, 'maxLate', maxLate);
  checkCount(api, 'maxResent', maxResent);
  checkCount(api, 'maxVoided', maxVoided);
  const { start = DEFAULT_START, spanDays = DEFAULT_SPAN_DAYS } = logConstraints;
  checkTime(api, 'start', start);
  checkCount(api, 'spanDays', spanDays);
  checkDaysAround(api, start, VOID_SHIFT_DAYS, spanDays + MAX_JOURNEY_DAYS + VOID_SHIFT_DAYS);
  // Here too, so that a bad entry is refused in this generator's name.
  checkDrawnEventTypes(api, logConstraints.eventTypes);
  const logs = lifecycleLogArbitrary(logConstraints) as unknown as fc.Arbitrary<AnyJourneyEvent[]>;
  const corrected = logs.chain((events): fc.Arbitrary<CorrectedLog<TenureEvent>> => {
    if (events.length === 0) {
      const asOf = constraints.start ?? DEFAULT_START;
      return fc.constant({ batches: [], expected: [], voided: [], asOf });
    }
    const index = fc.nat({ max: events.length - 1 });
    const plan: fc.Arbitrary<CorrectionPlan> = fc.record({
      late: fc.uniqueArray(fc.tuple(index, fc.nat()), {
        maxLength: maxLate,
        selector: ([at]) => at,
      }),
      resent: fc.uniqueArray(index, { maxLength: maxResent }),
      voided: fc.uniqueArray(
        fc.tuple(index, fc.integer({ min: -VOID_SHIFT_DAYS * DAY, max: VOID_SHIFT_DAYS * DAY })),
        {
          maxLength: maxVoided,
          selector: ([at]) => at,
        },
      ),
      cuts: fc.uniqueArray(fc.nat({ max: 2 * events.length }), { maxLength: 3 }),
    });
    return plan.map((corrections) => correct(events, corrections));
  });
  return corrected as unknown as fc.Arbitrary<CorrectedLog<BuiltInEvent | EventOf<TOwn[number]>>>;
}

/** A drawn event of any type, built-in or your own: what the corrections move about. */
type AnyJourneyEvent = JourneyEvent<TenureEvent>;

/** One delivered event, and where it goes in the delivery order. */
interface Delivery {
  readonly event: AnyJourneyEvent;
  readonly key: number;
}

function correct(
  events: readonly AnyJourneyEvent[],
  plan: CorrectionPlan,
): CorrectedLog<TenureEvent> {
  const count = events.length;
  const keys = events.map((_, index) => index);
  for (const [index, delay] of plan.late) {
    if (sharesItsTime(events, index)) continue;
    // After the event `1 + delay % (count - index)` places on in time order (or last).
    keys[index] = index + 1 + (delay % (count - index)) + 0.5;
  }
  const deliveries: Delivery[] = events.map((event, index) => ({
    event,
    key: keys[index] as number,
  }));
  const voids: AnyJourneyEvent[] = plan.voided.map(([index, delayMs]) => {
    const event = events[index] as AnyJourneyEvent;
    const voidEvent = {
      id: `void-${event.id}`,
      type: 'event.voided',
      customerId: event.customerId,
      at: event.at + delayMs,
      data: { eventId: event.id },
    } as AnyJourneyEvent;
    // Right after the event it voids: the void names an event the log holds.
    deliveries.push({ event: voidEvent, key: (keys[index] as number) + 0.25 });
    return voidEvent;
  });
  deliveries.sort((a, b) => a.key - b.key);
  const delivered = deliveries.map((delivery) => delivery.event);
  const batches = splitAt(delivered, plan.cuts);
  // A resend in the batch of its first send would be a duplicate id within one batch.
  const resent = plan.resent.map((index) => events[index] as AnyJourneyEvent);
  if (resent.length > 0) batches.push(resent);
  const voidedIds = new Set(plan.voided.map(([index]) => (events[index] as AnyJourneyEvent).id));
  const times = [...events, ...voids].map((event) => event.at);
  return {
    batches,
    expected: events.filter((event) => !voidedIds.has(event.id)),
    voided: [...voidedIds],
    asOf: Math.max(...times),
  };
}

/** True when another event of the customer of `events[index]` has its time. */
function sharesItsTime(events: readonly AnyJourneyEvent[], index: number): boolean {
  const { customerId, at } = events[index] as AnyJourneyEvent;
  return events.some(
    (other, otherIndex) =>
      otherIndex !== index && other.customerId === customerId && other.at === at,
  );
}

/** `events` in consecutive non-empty batches, cut before each position `cuts` names. */
function splitAt(events: readonly AnyJourneyEvent[], cuts: readonly number[]): AnyJourneyEvent[][] {
  const ends = [...new Set(cuts.map((cut) => cut % events.length))]
    .filter((cut) => cut > 0)
    .sort((a, b) => a - b);
  const batches: AnyJourneyEvent[][] = [];
  let start = 0;
  for (const end of [...ends, events.length]) {
    batches.push(events.slice(start, end));
    start = end;
  }
  return batches;
}
