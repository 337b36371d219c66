import type { BuiltInEvent, BuiltInEventType, EventData } from '../../src/events/index.js';

let sequence = 0;
const DAY = 86_400_000;

/** Epoch ms of day `n` after 2026-01-01 UTC: tests speak in days. */
export function day(n: number): number {
  return Date.UTC(2026, 0, 1) + n * DAY;
}

/** A built-in event of `type` for customer `c1` at `at`. */
export function event<TType extends BuiltInEventType>(
  type: TType,
  at: number,
  data: EventData<TType>,
): Extract<BuiltInEvent, { type: TType }> {
  sequence++;
  return { id: `e${sequence}`, type, customerId: 'c1', at, data } as Extract<
    BuiltInEvent,
    { type: TType }
  >;
}

export const touchpoint = (at: number) => event('touchpoint', at, { channel: 'email' });
export const leadCaptured = (at: number) => event('lead.captured', at, {});
export const leadContacted = (at: number) => event('lead.contacted', at, {});
export const leadQualified = (at: number) => event('lead.qualified', at, {});
export const leadDisqualified = (at: number) => event('lead.disqualified', at, {});
export const opportunityOpened = (at: number, opportunityId = 'o1') =>
  event('opportunity.opened', at, { opportunityId });
export const opportunityWon = (at: number, opportunityId = 'o1') =>
  event('opportunity.won', at, { opportunityId });
export const opportunityLost = (at: number, opportunityId = 'o1') =>
  event('opportunity.lost', at, { opportunityId });
export const purchase = (at: number, category?: string, productId = 'p1') =>
  event('purchase', at, {
    orderId: `o${at}`,
    amount: 10,
    currency: 'USD',
    ...(category === undefined ? {} : { items: [{ productId, category }] }),
  });
export const subscriptionStarted = (
  at: number,
  subscriptionId = 's1',
  interval: 'day' | 'week' | 'month' | 'year' = 'month',
) => event('subscription.started', at, { subscriptionId, plan: 'basic', interval });
export const subscriptionRenewed = (at: number, subscriptionId = 's1') =>
  event('subscription.renewed', at, { subscriptionId });
export const subscriptionChanged = (
  at: number,
  change: 'upgrade' | 'downgrade' | 'other',
  subscriptionId = 's1',
) => event('subscription.changed', at, { subscriptionId, plan: `plan-${change}`, change });
export const subscriptionCancelled = (at: number, subscriptionId = 's1') =>
  event('subscription.cancelled', at, { subscriptionId });
export const login = (at: number) => event('usage.login', at, {});
export const featureUsed = (at: number) => event('usage.feature', at, { feature: 'export' });
export const supportOpened = (at: number, caseId = 'k1') => event('support.opened', at, { caseId });
export const supportResolved = (at: number, caseId = 'k1') =>
  event('support.resolved', at, { caseId });
export const nps = (at: number, score: number) =>
  event('survey.answered', at, { kind: 'nps', score });
export const csat = (at: number, score: number) =>
  event('survey.answered', at, { kind: 'csat', score });
export const review = (at: number, rating: number) => event('review', at, { rating });
export const referral = (at: number) => event('referral', at, {});
export const collaboration = (at: number) => event('collaboration', at, { kind: 'co-design' });
export const clock = (at: number) => ({ type: 'clock' as const, at });
