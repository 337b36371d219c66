import type { TenureEvent } from '../events/TenureEvent.js';
import { addInterval, type BillingInterval, DAY_MS } from '../machines/time.js';

/** One subscription as seen at `asOf`, built from its `subscription.*` events. */
export interface SubscriptionRecord {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly startedAt: number;
  /** The billing period, e.g. `'1 month'`: subscriptions are fitted per period. */
  readonly period: string;
  readonly interval: BillingInterval;
  readonly intervalCount: number;
  /** Periods paid for: the start plus every renewal. */
  readonly payments: number;
  /** Sum of the payments' amounts. */
  readonly paid: number;
  /** The current price per period (the last payment or plan change with an amount). */
  readonly price: number;
  readonly currency: string | undefined;
  /** End of the last paid period. */
  readonly paidUntil: number;
  /** Cancelled, or lapsed (not renewed within `graceDays` after `paidUntil`) by `asOf`. */
  readonly churned: boolean;
  /** When it was cancelled, or `undefined`. */
  readonly cancelledAt: number | undefined;
}

/** A subscription while its events are applied: a {@link SubscriptionRecord} in the making. */
export interface SubscriptionDraft {
  subscriptionId: string;
  customerId: string;
  startedAt: number;
  interval: BillingInterval;
  intervalCount: number;
  payments: number;
  paid: number;
  price: number;
  currency: string | undefined;
  paidUntil: number;
  cancelledAt: number | undefined;
}

/** Days after the paid period before an unrenewed subscription counts as lapsed (as the retention machine's default `graceDays`). */
export const SUBSCRIPTION_GRACE_DAYS = 7;

/**
 * The subscriptions of a log at `asOf`, from `subscription.started`, `.renewed`, `.changed` and
 * `.cancelled` events at or before `asOf` (in time order per subscription, whatever the input
 * order). Renewals or changes of a subscription whose start is not in the events are ignored:
 * without the start there is no cohort.
 */
export function collectSubscriptions(
  events: readonly TenureEvent[],
  asOf: number,
): SubscriptionRecord[] {
  const relevant = events.filter(
    (event) => event.type.startsWith('subscription.') && event.at <= asOf,
  );
  // (at, position): the fold's order, so that the result does not depend on the read order.
  relevant.sort(byTimeAndPosition);
  const drafts = new Map<string, SubscriptionDraft>();
  for (const event of relevant) applySubscriptionEvent(drafts, event);
  return [...drafts.values()].map((draft) => subscriptionRecord(draft, asOf));
}

/** The records of each subscriber, in the order of `records`. */
export function subscriptionsByCustomer(
  records: readonly SubscriptionRecord[],
): Map<string, SubscriptionRecord[]> {
  const subscribers = new Map<string, SubscriptionRecord[]>();
  for (const record of records) {
    const list = subscribers.get(record.customerId);
    if (list === undefined) subscribers.set(record.customerId, [record]);
    else list.push(record);
  }
  return subscribers;
}

/** The key of a subscription's draft: its customer and its id. */
export function subscriptionKey(customerId: string, subscriptionId: string): string {
  return `${customerId}\u0000${subscriptionId}`;
}

/**
 * Applies one `subscription.*` event to the drafts, events coming in (at, position) order per
 * subscription: a start opens a draft (a second start is ignored), a renewal, change or
 * cancellation changes the open draft of its subscription, and events without a start before
 * them, after a cancellation or without a `subscriptionId` are ignored (drafts are keyed by
 * {@link subscriptionKey}). Internal: the step of {@link collectSubscriptions}.
 */
export function applySubscriptionEvent(
  drafts: Map<string, SubscriptionDraft>,
  event: TenureEvent,
): void {
  const data = event.data as {
    subscriptionId?: unknown;
    amount?: unknown;
    currency?: unknown;
    interval?: unknown;
    intervalCount?: unknown;
  };
  if (typeof data?.subscriptionId !== 'string') return;
  const key = subscriptionKey(event.customerId, data.subscriptionId);
  const amount = typeof data.amount === 'number' && Number.isFinite(data.amount) ? data.amount : 0;
  const currency = typeof data.currency === 'string' ? data.currency : undefined;
  const draft = drafts.get(key);
  if (event.type === 'subscription.started') {
    if (draft !== undefined) return;
    const interval = (data.interval ?? 'month') as BillingInterval;
    const intervalCount = typeof data.intervalCount === 'number' ? data.intervalCount : 1;
    drafts.set(key, {
      subscriptionId: data.subscriptionId,
      customerId: event.customerId,
      startedAt: event.at,
      interval,
      intervalCount,
      payments: 1,
      paid: amount,
      price: amount,
      currency,
      paidUntil: addInterval(event.at, interval, intervalCount),
      cancelledAt: undefined,
    });
    return;
  }
  if (draft === undefined || draft.cancelledAt !== undefined) return;
  if (event.type === 'subscription.renewed') {
    draft.payments++;
    draft.paid += amount;
    if (amount > 0) draft.price = amount;
    draft.currency ??= currency;
    draft.paidUntil = addInterval(
      Math.max(event.at, draft.paidUntil),
      draft.interval,
      draft.intervalCount,
    );
  } else if (event.type === 'subscription.changed') {
    if (amount > 0) draft.price = amount;
  } else if (event.type === 'subscription.cancelled') {
    draft.cancelledAt = event.at;
  }
}

const GRACE_MS = SUBSCRIPTION_GRACE_DAYS * DAY_MS;

/** The record of a draft at `asOf`: its billing period, and whether it has churned by then. */
export function subscriptionRecord(draft: SubscriptionDraft, asOf: number): SubscriptionRecord {
  return {
    subscriptionId: draft.subscriptionId,
    customerId: draft.customerId,
    startedAt: draft.startedAt,
    interval: draft.interval,
    intervalCount: draft.intervalCount,
    payments: draft.payments,
    paid: draft.paid,
    price: draft.price,
    currency: draft.currency,
    paidUntil: draft.paidUntil,
    cancelledAt: draft.cancelledAt,
    period: `${draft.intervalCount} ${draft.interval}`,
    churned: draft.cancelledAt !== undefined || draft.paidUntil + GRACE_MS < asOf,
  };
}

/** Orders events by (at, position), as the fold does; events without a position come first. */
export function byTimeAndPosition(a: TenureEvent, b: TenureEvent): number {
  return a.at - b.at || positionOf(a) - positionOf(b);
}

/** An event's position, or 0 for an event that has none. */
export function positionOf(event: TenureEvent): number {
  const position = (event as { position?: unknown }).position;
  return typeof position === 'number' ? position : 0;
}
