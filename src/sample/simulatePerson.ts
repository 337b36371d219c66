import type { BuiltInEventType, EventData } from '../events/catalog/builtInEventTypes.js';
import type { SeededRandom } from './createSeededRandom.js';
import { sampleCategories, sampleProducts } from './sampleProducts.js';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/** The buy-till-you-die parameters the sample's repeat purchases follow (time unit: weeks). */
export interface SamplePurchaseModel {
  /** BG/NBD: purchase rates are Gamma(r, alpha) per week across customers. */
  readonly r: number;
  readonly alpha: number;
  /** BG/NBD: the dropout probability after each repeat purchase is Beta(a, b) across customers. */
  readonly a: number;
  readonly b: number;
  /** Gamma-Gamma: a purchase's amount is Gamma(p, nu) with nu ~ Gamma(q, gamma) per customer. */
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** One event of a person's simulated history, before ids are assigned. */
export interface DraftEvent {
  readonly type: BuiltInEventType;
  readonly at: number;
  readonly data: unknown;
}

/** What {@link simulatePerson} needs besides the person's own random stream. */
export interface PersonContext {
  readonly customerId: string;
  /** Another person this one may refer. */
  readonly referralTarget: string;
  readonly start: number;
  readonly end: number;
  readonly currency: string;
  readonly model: SamplePurchaseModel;
}

const CHANNELS = ['campaign', 'email', 'ad', 'visit', 'social', 'event', 'content'] as const;
const FEATURES = ['playlists', 'wishlist', 'recommendations', 'offline', 'sharing'] as const;
const TOPICS = ['delivery', 'billing', 'product', 'account'] as const;
const COLLABORATIONS = ['community', 'co-design', 'partnership', 'beta-test', 'content'] as const;
const PLANS = { basic: 9.99, plus: 19.99 } as const;

/**
 * Simulates one person's whole relationship with the sample business, in causal order: reach
 * (touchpoints), the sales funnel (lead statuses, opportunities won and lost) or a direct first
 * purchase, repeat purchases by the BG/NBD process with Gamma-Gamma spend, refunds, a
 * subscription with renewals and cancellation, product usage, support cases, surveys, reviews,
 * referrals and co-creation. Events after `end` are dropped.
 */
export function simulatePerson(random: SeededRandom, context: PersonContext): DraftEvent[] {
  const { start, end, currency, model, customerId } = context;
  const events: DraftEvent[] = [];
  const emit = <TType extends BuiltInEventType>(
    type: TType,
    at: number,
    data: EventData<TType>,
  ) => {
    if (at <= end) events.push({ type, at: Math.round(at), data });
  };
  const happiness = random.beta(5, 2);

  // Reach: one to a few touchpoints over the first month.
  const arrival = start + random.next() * 0.85 * (end - start);
  const campaign = `cmp-${new Date(arrival).getUTCFullYear()}-${random.integer(1, 6)}`;
  let time = arrival;
  const touches = 1 + random.poisson(1.2);
  const firstChannel = random.pick(CHANNELS);
  for (let touch = 0; touch < touches; touch++) {
    const channel = touch === 0 ? firstChannel : random.pick(CHANNELS);
    emit(
      'touchpoint',
      time,
      channel === 'campaign' ? { channel, campaignId: campaign } : { channel },
    );
    time += random.exponential(1 / (7 * DAY));
  }

  // Acquisition: the sales funnel, a direct purchase, or nothing (reach only).
  let firstPurchase: { at: number; amount: number } | undefined;
  const path = random.next();
  if (path < 0.55) {
    time += random.next() * 3 * DAY;
    emit('lead.captured', time, { source: firstChannel, leadId: `${customerId}-lead` });
    if (random.chance(0.8)) {
      time += (1 + random.next() * 6) * DAY;
      emit('lead.contacted', time, { channel: random.pick(['phone', 'email', 'meeting']) });
      const outcome = random.next();
      if (outcome < 0.55) {
        time += (1 + random.next() * 9) * DAY;
        emit('lead.qualified', time, { score: Math.round(50 + 50 * random.next()) });
        if (random.chance(0.9)) {
          const opportunityId = `${customerId}-opp`;
          const amount = roundMoney(Math.exp(random.normal(Math.log(120), 0.5)));
          time += (1 + random.next() * 9) * DAY;
          emit('opportunity.opened', time, { opportunityId, amount, currency });
          const close = random.next();
          time += (7 + random.next() * 53) * DAY;
          if (close < 0.45) {
            emit('opportunity.won', time, { opportunityId, amount, currency });
            firstPurchase = { at: time, amount };
          } else if (close < 0.85) {
            emit('opportunity.lost', time, {
              opportunityId,
              reason: random.pick(['price', 'competitor', 'timing', 'no budget']),
            });
          }
        }
      } else if (outcome < 0.85) {
        time += (1 + random.next() * 9) * DAY;
        emit('lead.disqualified', time, {
          reason: random.pick(['no fit', 'no budget', 'student']),
        });
        // Some unqualified leads come back by themselves months later.
        if (random.chance(0.15)) {
          time += (30 + random.next() * 150) * DAY;
          emit('touchpoint', time, { channel: random.pick(CHANNELS) });
          time += random.next() * 14 * DAY;
          firstPurchase = {
            at: time,
            amount: spendDraw(random, model, random.gamma(model.q, 1 / model.gamma)),
          };
        }
      }
    }
  } else if (path < 0.85) {
    time += random.next() * 14 * DAY;
    firstPurchase = { at: time, amount: 0 };
  }
  if (firstPurchase === undefined || firstPurchase.at > end) return events;

  // Ownership: repeat purchases by the BG/NBD process, spend by Gamma-Gamma.
  const rate = random.gamma(model.r, 1 / model.alpha);
  const dropout = random.beta(model.a, model.b);
  const nu = random.gamma(model.q, 1 / model.gamma);
  const favourite = random.pick(sampleCategories);
  const purchases: { at: number; productId: string }[] = [];
  let order = 0;
  const purchase = (at: number, fixedAmount?: number) => {
    order += 1;
    const amount = fixedAmount ?? spendDraw(random, model, nu);
    const category = random.chance(0.7) ? favourite : random.pick(sampleCategories);
    const items = buildItems(random, category, amount);
    const orderId = `${customerId}-o${order}`;
    emit('purchase', at, { orderId, amount, currency, items });
    purchases.push({ at, productId: items[0]?.productId ?? 'unknown' });
    if (random.chance(0.03)) {
      emit('refund', at + (3 + random.next() * 17) * DAY, {
        orderId,
        amount: roundMoney(Math.max(0.01, amount * (0.3 + 0.7 * random.next()))),
        currency,
        reason: random.pick(['damaged', 'not as described', 'changed mind']),
      });
    }
  };
  purchase(firstPurchase.at, firstPurchase.amount > 0 ? firstPurchase.amount : undefined);
  let alive = true;
  time = firstPurchase.at;
  while (alive) {
    time += random.exponential(rate) * WEEK;
    if (time > end) break;
    purchase(time);
    if (random.chance(dropout)) alive = false;
  }
  const activeUntil = Math.min(end, alive ? end : time + 60 * DAY);
  const since = firstPurchase.at;

  // Extension: a subscription for some, renewing monthly until it churns.
  if (random.chance(0.3)) subscribe(random, emit, customerId, since, end, currency);

  // Service: support cases while the relationship is active, some followed by a CSAT survey.
  let caseTime = since;
  let cases = 0;
  while (true) {
    caseTime += random.exponential(1 / (365 * DAY));
    if (caseTime > activeUntil) break;
    cases += 1;
    const caseId = `${customerId}-case${cases}`;
    emit('support.opened', caseTime, {
      caseId,
      priority: random.pick(['low', 'normal', 'normal', 'high', 'urgent']),
      topic: random.pick(TOPICS),
    });
    if (random.chance(0.92)) {
      const resolved = caseTime + (0.1 + random.next() * 5) * DAY;
      const satisfied = random.chance(0.4 + 0.5 * happiness);
      emit('support.resolved', resolved, { caseId, satisfied });
      if (random.chance(0.3)) {
        emit('survey.answered', resolved + DAY, {
          kind: 'csat',
          score: clamp(Math.round(1 + 4 * happiness + random.normal(0, 0.8)), 1, 5),
        });
      }
      if (random.chance(0.1)) {
        emit('survey.answered', resolved + DAY, {
          kind: 'ces',
          score: clamp(Math.round(1 + 6 * happiness + random.normal(0, 1)), 1, 7),
        });
      }
    }
  }

  // Engagement: NPS, reviews, referrals by promoters, co-creation by loyal fans.
  let promoterSince: number | undefined;
  if (random.chance(0.5)) {
    const asked = since + (30 + random.next() * 60) * DAY;
    const score = clamp(Math.round(10 * happiness + random.normal(0, 1.5)), 0, 10);
    emit('survey.answered', asked, { kind: 'nps', score });
    if (score >= 9) promoterSince = asked;
  }
  if (random.chance(0.2)) {
    const bought = random.pick(purchases);
    emit('review', bought.at + (5 + random.next() * 20) * DAY, {
      rating: clamp(Math.round(1 + 4 * happiness + random.normal(0, 0.7)), 1, 5),
      productId: bought.productId,
      channel: random.pick(['web', 'app', 'marketplace']),
    });
  }
  if (promoterSince !== undefined && random.chance(0.5)) {
    const referrals = random.integer(1, 2);
    for (let index = 0; index < referrals; index++) {
      promoterSince += (7 + random.next() * 60) * DAY;
      emit('referral', promoterSince, {
        ...(index === 0 ? { referredCustomerId: context.referralTarget } : {}),
        channel: random.pick(['word of mouth', 'social', 'referral link']),
      });
    }
  }
  if (purchases.length >= 3 && happiness > 0.7 && random.chance(0.5)) {
    let at = purchases[2]!.at;
    for (let index = random.integer(1, 2); index > 0; index--) {
      at += (14 + random.next() * 90) * DAY;
      emit('collaboration', at, { kind: random.pick(COLLABORATIONS) });
    }
  }
  return events;
}

type Emit = <TType extends BuiltInEventType>(
  type: TType,
  at: number,
  data: EventData<TType>,
) => void;

function subscribe(
  random: SeededRandom,
  emit: Emit,
  customerId: string,
  since: number,
  end: number,
  currency: string,
): void {
  const subscriptionId = `${customerId}-sub`;
  let plan: keyof typeof PLANS = random.chance(0.75) ? 'basic' : 'plus';
  let time = since + random.exponential(1 / (30 * DAY));
  emit('subscription.started', time, {
    subscriptionId,
    plan,
    amount: PLANS[plan],
    currency,
    interval: 'month',
  });
  // sBG: each customer's monthly churn probability is Beta(1, 12) across customers.
  const churn = random.beta(1, 12);
  const usage = 1 + random.gamma(2, 1.5);
  while (true) {
    const periodEnd = time + MONTH;
    for (let count = random.poisson(usage); count > 0; count--) {
      emit('usage.login', time + random.next() * MONTH, {
        device: random.pick(['web', 'ios', 'android']),
      });
    }
    if (random.chance(0.5)) {
      emit('usage.feature', time + random.next() * MONTH, {
        feature: random.pick(FEATURES),
        count: random.integer(1, 5),
      });
    }
    if (periodEnd > end) return;
    if (random.chance(churn)) {
      emit('subscription.cancelled', periodEnd, {
        subscriptionId,
        reason: random.pick(['too expensive', 'not using it', 'switched', 'other']),
      });
      return;
    }
    if (plan === 'basic' && random.chance(0.04)) {
      plan = 'plus';
      emit('subscription.changed', periodEnd, {
        subscriptionId,
        plan,
        change: 'upgrade',
        amount: PLANS.plus,
        currency,
      });
    }
    emit('subscription.renewed', periodEnd, { subscriptionId, amount: PLANS[plan], currency });
    time = periodEnd;
  }
}

function spendDraw(random: SeededRandom, model: SamplePurchaseModel, nu: number): number {
  return roundMoney(Math.max(1, random.gamma(model.p, 1 / nu)));
}

function buildItems(random: SeededRandom, category: string, amount: number) {
  const inCategory = sampleProducts.filter((product) => product.category === category);
  const count = Math.min(inCategory.length, random.integer(1, 3));
  const first = random.integer(0, inCategory.length - count);
  const chosen = inCategory.slice(first, first + count);
  // The order total is the modelled spend; lines share it in proportion to list prices.
  const list = chosen.reduce((sum, product) => sum + product.price, 0);
  let left = amount;
  return chosen.map((product, index) => {
    const price =
      index === chosen.length - 1 ? roundMoney(left) : roundMoney((amount * product.price) / list);
    left -= price;
    return {
      productId: product.productId,
      category: product.category,
      quantity: 1,
      price: Math.max(0, price),
    };
  });
}

function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
