import fc from 'fast-check';
import type {
  BuiltInEvent,
  BuiltInEventType,
  EventData,
} from '../events/catalog/builtInEventTypes.js';
import type { EventOf, EventType } from '../events/defineEventType.js';
import type { EventInputOf, TenureEvent } from '../events/TenureEvent.js';
import {
  checkCount,
  checkCountRange,
  checkDaysAround,
  checkId,
  checkTime,
  MAX_ID_LENGTH,
  refuseUnknown,
} from './checkConstraints.js';
import {
  type CheckedEventType,
  checkDrawnEventTypes,
  type DrawnEventTypes,
  drawnEventArbitrary,
} from './drawnEventTypes.js';

/**
 * A generated journey's event: an event written to a log whose time is epoch ms (to the day), so
 * that a property compares or sorts times without `normalizeTime`.
 *
 * @typeParam TEvent - the events drawn: the built-in ones, and with `eventTypes` your own
 *   (`JourneyEvent<BuiltInEvent | EventOf<typeof trialStarted>>`).
 */
export type JourneyEvent<TEvent extends TenureEvent = BuiltInEvent> =
  EventInputOf<TEvent> extends infer TInput
    ? TInput extends unknown
      ? Omit<TInput, 'at'> & { at: number }
      : never
    : never;

/** The journey events of the built-in types and of your own types `TOwn`. */
export type JourneyEventOf<TOwn extends readonly EventType[]> = JourneyEvent<
  BuiltInEvent | EventOf<TOwn[number]>
>;

const DAY = 86_400_000;
/** The default `start` of the journeys: 2020-01-01T00:00:00Z. Internal. */
export const DEFAULT_START = Date.UTC(2020, 0, 1);
/** The default `spanDays` of the journeys. Internal. */
export const DEFAULT_SPAN_DAYS = 730;

/**
 * Constraints of {@link lifecycleLogArbitrary}.
 *
 * @typeParam TOwn - your own event types drawn, as `eventTypes` gives them.
 */
export interface LifecycleLogConstraints<TOwn extends readonly EventType[] = []> {
  /** Fewest customers, an integer >= 0. Default: 0. */
  readonly minCustomers?: number;
  /**
   * Most customers, not fewer than `minCustomers`. A bound, as `fc.array`'s `maxLength` is:
   * fast-check's size decides how many (at most about 10 more than `minCustomers` at the default
   * size; `fc.configureGlobal({ baseSize: 'large' })` for more). Default: 8.
   */
  readonly maxCustomers?: number;
  /**
   * Earliest first event, integer epoch ms, with room after it for the journeys (up to
   * `spanDays` + 5,012 days) before the last time a `Date` holds. Default: 2020-01-01T00:00:00Z.
   */
  readonly start?: number;
  /** Span over which customers start, in whole days (>= 0). Default: 730. */
  readonly spanDays?: number;
  /**
   * Event types of your own in each customer's journey: up to three events per customer, each on
   * a day from the journey's first to 900 days after it (as its usage and support events), of a
   * type drawn by the weights (see `DrawnEventType`). Default: none.
   */
  readonly eventTypes?: DrawnEventTypes<TOwn>;
}

/** The names of {@link LifecycleLogConstraints}, to refuse others. Internal. */
export const LIFECYCLE_LOG_CONSTRAINTS: readonly (keyof LifecycleLogConstraints)[] = [
  'minCustomers',
  'maxCustomers',
  'start',
  'spanDays',
  'eventTypes',
];

/**
 * Constraints of {@link customerJourneyArbitrary}.
 *
 * @typeParam TOwn - your own event types drawn, as `eventTypes` gives them.
 */
export interface CustomerJourneyConstraints<TOwn extends readonly EventType[] = []> {
  /** The customer's id (non-empty); event ids are `${customerId}-${n}`. */
  readonly customerId: string;
  /** Earliest first event, integer epoch ms. Default: 2020-01-01T00:00:00Z. */
  readonly start?: number;
  /** Span over which the customer may start, in whole days (>= 0). Default: 730. */
  readonly spanDays?: number;
  /** Event types of your own in the journey, as {@link LifecycleLogConstraints} `eventTypes`. */
  readonly eventTypes?: DrawnEventTypes<TOwn>;
}

const MAX_GAP_DAYS = 500;
const MAX_TOUCHPOINTS = 3;
const MAX_PURCHASES = 6;
const MAX_EXTRA_DAYS = 900;
/** The most events of your own types in one journey. */
const MAX_OWN_EVENTS = 3;
/**
 * The most days a journey runs after its first day: every gap at its longest (touchpoints, the
 * lead, purchases), the lead's 11 days from capture to a won opportunity, and a refund's day.
 * The subscription (from the sale: one gap, 3 renewals of 30 days, 25 days) and the extras
 * (900 days) end sooner.
 */
export const MAX_JOURNEY_DAYS = (MAX_TOUCHPOINTS + 1 + MAX_PURCHASES) * MAX_GAP_DAYS + 11 + 1;
/** The longest journey customer id: its event ids add `-<n>`, a journey having under 100 events. */
const MAX_CUSTOMER_ID_LENGTH = MAX_ID_LENGTH - '-99'.length;

const gapDays = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 2, arbitrary: fc.integer({ min: 61, max: MAX_GAP_DAYS }) },
);

const money = fc.integer({ min: 1, max: 100_000 }).map((cents) => cents / 100);

const journeyPlan = fc.record({
  startDay: fc.nat(),
  touchpoints: fc.array(
    fc.record({
      gap: gapDays,
      channel: fc.constantFrom('campaign', 'email', 'ad', 'visit', 'social'),
    }),
    { maxLength: MAX_TOUCHPOINTS },
  ),
  lead: fc.option(
    fc.record({
      gap: gapDays,
      contacted: fc.boolean(),
      outcome: fc.constantFrom('qualified', 'disqualified', 'open'),
      opportunity: fc.constantFrom('won', 'lost', 'open', 'none'),
    }),
    { nil: undefined },
  ),
  purchases: fc.array(
    fc.record({ gap: gapDays, amount: money, refund: fc.boolean(), currency: fc.constant('EUR') }),
    { maxLength: MAX_PURCHASES },
  ),
  subscription: fc.option(
    fc.record({
      gap: gapDays,
      renewals: fc.integer({ min: 0, max: 3 }),
      upgrade: fc.boolean(),
      cancelled: fc.boolean(),
    }),
    { nil: undefined },
  ),
  extras: fc.array(
    fc.record({
      offsetDays: fc.integer({ min: 0, max: MAX_EXTRA_DAYS }),
      kind: fc.constantFrom(
        'usage.login',
        'usage.feature',
        'support',
        'survey.answered',
        'review',
        'referral',
        'collaboration',
      ),
    }),
    { maxLength: 4 },
  ),
});

type Plan = typeof journeyPlan extends fc.Arbitrary<infer T> ? T : never;

/** An event of your own in a journey: its type and data, and its day from the journey's first. */
interface OwnEventPlan {
  readonly offsetDays: number;
  readonly type: string;
  readonly data: unknown;
}

/** A journey's plan, with its events of your own types (none without them). */
interface FullPlan {
  readonly plan: Plan;
  readonly own: readonly OwnEventPlan[];
}

/**
 * The plan of one journey. Without types of your own, `journeyPlan` alone, so that a seed draws
 * the journeys it drew before `eventTypes` existed.
 */
function fullPlanArbitrary(own: readonly CheckedEventType[]): fc.Arbitrary<FullPlan> {
  if (own.length === 0) return journeyPlan.map((plan) => ({ plan, own: [] }));
  const ownEvent = fc
    .tuple(fc.integer({ min: 0, max: MAX_EXTRA_DAYS }), drawnEventArbitrary(own))
    .map(([offsetDays, { type, data }]) => ({ offsetDays, type, data }));
  return fc
    .tuple(journeyPlan, fc.array(ownEvent, { maxLength: MAX_OWN_EVENTS }))
    .map(([plan, ownEvents]) => ({ plan, own: ownEvents }));
}

/**
 * One customer walking a plausible life cycle: touchpoints, maybe a lead that is contacted,
 * qualified and turned into an opportunity, purchases (some refunded) at irregular gaps, maybe
 * a subscription with renewals, upgrades and a cancellation, and usage, support, surveys,
 * reviews, referrals and collaborations along the way, and events of your own types
 * (`eventTypes`). Events come in time order; several may share a time (gaps of 0 days), which
 * exercises tie-breaking by log position.
 *
 * @throws TypeError when called with a constraint it cannot meet; when drawing, when a data
 *   arbitrary of `eventTypes` draws data its type's schema refuses.
 * @example
 * ```ts
 * fc.assert(fc.property(customerJourneyArbitrary({ customerId: 'c1' }), (events) => {
 *   expect(events.every((event) => event.customerId === 'c1')).toBe(true);
 * }));
 * ```
 */
export function customerJourneyArbitrary<const TOwn extends readonly EventType[] = []>(
  constraints: CustomerJourneyConstraints<TOwn>,
): fc.Arbitrary<JourneyEventOf<TOwn>[]> {
  const api = 'customerJourneyArbitrary';
  refuseUnknown(api, constraints, ['customerId', 'start', 'spanDays', 'eventTypes']);
  const { customerId, start = DEFAULT_START, spanDays = DEFAULT_SPAN_DAYS } = constraints;
  checkId(api, 'customerId', customerId, MAX_CUSTOMER_ID_LENGTH);
  checkTime(api, 'start', start);
  checkCount(api, 'spanDays', spanDays);
  checkDaysAround(api, start, 0, spanDays + MAX_JOURNEY_DAYS);
  const own = checkDrawnEventTypes(api, constraints.eventTypes);
  return fullPlanArbitrary(own).map(
    (full) =>
      materialise(
        full,
        customerId,
        start + (full.plan.startDay % (spanDays + 1)) * DAY,
      ) as unknown as JourneyEventOf<TOwn>[],
  );
}

/**
 * A whole log's worth of customers ({@link customerJourneyArbitrary} each), merged in event
 * time order (ties keep customer order). For late, resent and voided events, see
 * `correctedLogArbitrary`: ties are folded by log position, so a plain shuffle may rightly change
 * a projection. With `eventTypes`, each customer's journey holds events of your own types too.
 *
 * @throws TypeError when called with a constraint it cannot meet; when drawing, when a data
 *   arbitrary of `eventTypes` draws data its type's schema refuses.
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(lifecycleLogArbitrary({ maxCustomers: 5 }), async (events) => {
 *   const log = createMemoryLog();
 *   await log.append(events);
 * }));
 * ```
 */
export function lifecycleLogArbitrary<const TOwn extends readonly EventType[] = []>(
  constraints: LifecycleLogConstraints<TOwn> = {},
): fc.Arbitrary<JourneyEventOf<TOwn>[]> {
  const api = 'lifecycleLogArbitrary';
  refuseUnknown(api, constraints, LIFECYCLE_LOG_CONSTRAINTS);
  const {
    minCustomers = 0,
    maxCustomers = 8,
    start = DEFAULT_START,
    spanDays = DEFAULT_SPAN_DAYS,
  } = constraints;
  checkCountRange(api, ['minCustomers', minCustomers], ['maxCustomers', maxCustomers]);
  checkTime(api, 'start', start);
  checkCount(api, 'spanDays', spanDays);
  checkDaysAround(api, start, 0, spanDays + MAX_JOURNEY_DAYS);
  const own = checkDrawnEventTypes(api, constraints.eventTypes);
  return fc
    .array(fullPlanArbitrary(own), { minLength: minCustomers, maxLength: maxCustomers })
    .map((plans) => {
      const all = plans.flatMap((full, index) => {
        const customerStart = start + (full.plan.startDay % (spanDays + 1)) * DAY;
        return materialise(full, `c${index + 1}`, customerStart);
      });
      // A stable sort: same-time events keep their order.
      return all.sort((a, b) => a.at - b.at) as unknown as JourneyEventOf<TOwn>[];
    });
}

function materialise({ plan, own }: FullPlan, customerId: string, startAt: number): JourneyEvent[] {
  const events: JourneyEvent[] = [];
  let at = startAt;
  // Typed by event type: a payload its schema would refuse does not compile.
  const add = <TType extends BuiltInEventType>(type: TType, data: EventData<TType>, when = at) => {
    const event = { id: '', type, customerId, at: when, data };
    events.push(event as JourneyEvent);
  };
  for (const touch of plan.touchpoints) {
    at += touch.gap * DAY;
    add('touchpoint', { channel: touch.channel });
  }
  const lead = plan.lead;
  let opportunityWon = false;
  if (lead !== undefined) {
    at += lead.gap * DAY;
    add('lead.captured', { source: 'web' });
    if (lead.contacted) {
      at += DAY;
      add('lead.contacted', { channel: 'phone' });
    }
    if (lead.outcome === 'disqualified') {
      at += DAY;
      add('lead.disqualified', {});
    } else if (lead.outcome === 'qualified') {
      at += DAY;
      add('lead.qualified', { score: 80 });
      if (lead.opportunity !== 'none') {
        const opportunityId = `${customerId}-o1`;
        at += 2 * DAY;
        add('opportunity.opened', { opportunityId, amount: 500, currency: 'EUR' });
        if (lead.opportunity === 'won') {
          at += 7 * DAY;
          add('opportunity.won', { opportunityId, amount: 500, currency: 'EUR' });
          opportunityWon = true;
        } else if (lead.opportunity === 'lost') {
          at += 7 * DAY;
          add('opportunity.lost', { opportunityId });
        }
      }
    }
  }
  const afterSale = at;
  plan.purchases.forEach((purchase, index) => {
    at += purchase.gap * DAY;
    const orderId = `${customerId}-p${index + 1}`;
    add('purchase', { orderId, amount: purchase.amount, currency: purchase.currency });
    if (purchase.refund) {
      // Half the price in whole cents (at least one): amount / 2 drew refunds of 0.005 EUR.
      const cents = Math.max(1, Math.floor(Math.round(purchase.amount * 100) / 2));
      add('refund', { orderId, amount: cents / 100, currency: purchase.currency }, at + DAY);
    }
  });
  const subscription = plan.subscription;
  if (subscription !== undefined && (opportunityWon || plan.purchases.length > 0 || !lead)) {
    const subscriptionId = `${customerId}-s1`;
    let subscriptionAt = afterSale + subscription.gap * DAY;
    add(
      'subscription.started',
      { subscriptionId, plan: 'basic', amount: 10, currency: 'EUR', interval: 'month' },
      subscriptionAt,
    );
    for (let renewal = 0; renewal < subscription.renewals; renewal++) {
      subscriptionAt += 30 * DAY;
      add('subscription.renewed', { subscriptionId, amount: 10, currency: 'EUR' }, subscriptionAt);
    }
    if (subscription.upgrade) {
      subscriptionAt += 5 * DAY;
      add(
        'subscription.changed',
        { subscriptionId, plan: 'pro', change: 'upgrade' },
        subscriptionAt,
      );
    }
    if (subscription.cancelled) {
      subscriptionAt += 20 * DAY;
      add('subscription.cancelled', { subscriptionId }, subscriptionAt);
    }
  }
  plan.extras.forEach((extra, index) => {
    const when = startAt + extra.offsetDays * DAY;
    switch (extra.kind) {
      case 'usage.login':
        add('usage.login', {}, when);
        break;
      case 'usage.feature':
        add('usage.feature', { feature: 'reports' }, when);
        break;
      case 'support':
        add('support.opened', { caseId: `${customerId}-k${index}` }, when);
        add('support.resolved', { caseId: `${customerId}-k${index}`, satisfied: true }, when + DAY);
        break;
      case 'survey.answered':
        add('survey.answered', { kind: 'nps', score: 9 }, when);
        break;
      case 'review':
        add('review', { rating: 5 }, when);
        break;
      case 'referral':
        add('referral', {}, when);
        break;
      case 'collaboration':
        add('collaboration', { kind: 'community' }, when);
        break;
    }
  });
  for (const { offsetDays, type, data } of own) {
    const event = { id: '', type, customerId, at: startAt + offsetDays * DAY, data };
    events.push(event as unknown as JourneyEvent);
  }
  // Numbered in time order, so that a counterexample reads c1-1, c1-2, ... from the first event.
  return events
    .sort((a, b) => a.at - b.at)
    .map((event, index) => ({ ...event, id: `${customerId}-${index + 1}` }));
}
