import { bgNbdConditionalExpectedPurchases } from '../models/bgnbd/bgNbdConditionalExpectedPurchases.js';
import { bgNbdDert } from '../models/bgnbd/bgNbdDert.js';
import { bgNbdPAlive } from '../models/bgnbd/bgNbdPAlive.js';
import { discountExpectedTransactions } from '../models/clv/discountExpectedTransactions.js';
import { durationIn, wholePeriodsIn } from '../models/clv/durationIn.js';
import { ratePerUnit } from '../models/clv/ratePerUnit.js';
import { subscriptionValue } from '../models/clv/subscriptionValue.js';
import { gammaGammaExpectedSpend } from '../models/gammaGamma/gammaGammaExpectedSpend.js';
import { paretoNbdDert } from '../models/paretoNbd/paretoNbdDert.js';
import { paretoNbdConditionalExpectedPurchases } from '../models/paretoNbd/paretoNbdExpectedPurchases.js';
import { paretoNbdPAlive } from '../models/paretoNbd/paretoNbdPAlive.js';
import { MIN_DISCOUNT_RATE_FOR_INFINITE_HORIZON } from '../models/sbg/checkDiscountedHorizon.js';
import type { CustomerRfm, RfmSummary } from '../models/summary/summarizeCustomers.js';
import type { TimeUnit } from '../models/summary/timeUnit.js';
import type { CustomerFacts } from '../projection/CustomerState.js';
import { bandOf, type ChurnRisk, type CustomerValuation } from './CustomerValuation.js';
import { type SubscriptionRecord, subscriptionsByCustomer } from './collectSubscriptions.js';
import type { PurchaseParams } from './fitPurchaseModels.js';
import type { ValuationModels } from './fitValuationModels.js';
import type { ValuationSettings } from './ValuationOptions.js';

const DAY_MS = 86_400_000;

/**
 * The reason of the people left unvalued for having bought nothing (leads, prospects): no one
 * expects a value of them, unlike customers a model could not value. Internal.
 */
export const NO_PURCHASE_REASON = 'no purchase or subscription';
/** Why a subscriber is not valued when neither purchases nor payments name a currency. */
const NO_CURRENCY_REASON = 'no currency to value payments in';
const MAX_RENEWALS_AHEAD = 100_000;

/** A customer to value: the id and the projection's facts (for realised refunds and purchases). */
export interface CustomerToValue {
  readonly customerId: string;
  readonly facts: CustomerFacts;
}

/**
 * The models {@link valueCustomers} scores with: of the summary, only the customers to value
 * are read (a summary of just them will do).
 */
export type ModelsToValueWith = Omit<ValuationModels, 'summary'> & {
  readonly summary: Pick<RfmSummary, 'customers'> | undefined;
};

/** Valuations in the order of `customers`, and the count of customers left unvalued, by reason. */
export interface ValuedCustomers {
  readonly valuations: readonly CustomerValuation[];
  readonly notValued: Record<string, number>;
}

/**
 * Scores of the purchase model by (x, t_x, T) row, shared by customers in the same row: pass one
 * map to several {@link valueCustomers} calls with the same models and settings.
 */
export type RowScores = Map<string, RowScore>;

interface RowScore {
  readonly pAlive: number;
  readonly expected: number;
  readonly discounted: number;
}

/**
 * Scores every customer with the fitted models: subscribers with an active subscription by sBG,
 * buyers by the purchase model and Gamma-Gamma, customers whose subscriptions all ended as
 * churned. Quantities that need a model that did not converge stay `undefined`. Customers with
 * the same (x, t_x, T) share one evaluation of the purchase model (kept in `scores`).
 */
export function valueCustomers(
  customers: readonly CustomerToValue[],
  models: ModelsToValueWith,
  settings: ValuationSettings,
  asOf: number,
  scores: RowScores = new Map(),
): ValuedCustomers {
  const rfm = new Map<string, CustomerRfm>();
  for (const customer of models.summary?.customers ?? []) rfm.set(customer.customerId, customer);
  const subscriptions = subscriptionsByCustomer(models.subscriptions);
  const notValued: Record<string, number> = {};
  const note = (reason: string): void => {
    notValued[reason] = (notValued[reason] ?? 0) + 1;
  };
  const skip = (reason: string): CustomerValuation => {
    note(reason);
    return EMPTY;
  };
  const valuations = customers.map((customer): CustomerValuation => {
    const subs = subscriptions.get(customer.customerId) ?? [];
    const active = subs.filter((record) => !record.churned);
    const history = rfm.get(customer.customerId);
    // A subscriber with nothing in the valued currency (no purchase in it, every subscription
    // paid in another) has no value in it: clv undefined, as for a buyer in another currency,
    // rather than a value of 0.
    const foreign =
      history === undefined &&
      models.currency !== undefined &&
      subs.every((record) => record.currency !== undefined && record.currency !== models.currency);
    const unvalued = (valuation: CustomerValuation): CustomerValuation => {
      if (!foreign || valuation.clv === undefined) return valuation;
      // Churn alone is valued for them: the reason concerns the value only.
      if (settings.clv) note(`pays in another currency than ${models.currency}`);
      return { ...valuation, clv: undefined };
    };
    if (active.length > 0) {
      return unvalued(valueSubscriber(active, subs, history, models, settings, skip, note));
    }
    if (history !== undefined) {
      return valueBuyer(history, subs, models, settings, asOf, scores, skip, note);
    }
    if (subs.length > 0) return unvalued(valueLapsed(subs, models, settings, note));
    const other = customer.facts.currencies.some((currency) => currency !== models.currency);
    return skip(
      customer.facts.purchases > 0 && other
        ? `buys in another currency than ${models.currency}`
        : NO_PURCHASE_REASON,
    );
  });
  return { valuations, notValued };
}

const EMPTY: CustomerValuation = Object.freeze({
  churnRisk: undefined,
  pAlive: undefined,
  clv: undefined,
  expectedPurchases: undefined,
});

type Skip = (reason: string) => CustomerValuation;

function valueBuyer(
  history: CustomerRfm,
  subs: readonly SubscriptionRecord[],
  models: ModelsToValueWith,
  settings: ValuationSettings,
  asOf: number,
  scores: Map<string, RowScore>,
  skip: Skip,
  note: (reason: string) => void,
): CustomerValuation {
  const purchases = models.purchases;
  if (purchases === undefined) return skip(`purchase model: ${models.purchasesReport.reason}`);
  const key = `${history.x}|${history.tx}|${history.T}`;
  let score = scores.get(key);
  if (score === undefined) {
    score = scoreRow(purchases, history, settings);
    scores.set(key, score);
  }
  const probability = 1 - score.pAlive;
  const churnRisk: ChurnRisk = {
    probability,
    band: bandOf(probability, settings.bands),
    model: purchases.model,
    drivers: buyerDrivers(history, purchases.model, score.pAlive, settings, asOf),
  };
  let clv: CustomerValuation['clv'];
  if (models.spend !== undefined && models.currency !== undefined) {
    const repeat = history.x > 0 && history.spend > 0;
    const expectedSpend = gammaGammaExpectedSpend(models.spend, {
      x: repeat ? history.x : 0,
      meanSpend: repeat ? history.spend : 0,
    });
    const residual = score.discounted * expectedSpend * settings.margin;
    const historical = settings.margin * Math.max(0, realised(history) + paidFor(subs, models));
    clv = {
      historical,
      residual,
      total: historical + residual,
      currency: models.currency,
      model: purchases.model,
    };
  } else if (settings.clv) {
    // Her churn risk stands; the value needs the spend model, and the report says why it has none.
    note(`spend model: ${models.spendReport.reason}`);
  }
  return { churnRisk, pAlive: score.pAlive, clv, expectedPurchases: score.expected };
}

/** Net spend of every purchase day (refunds deducted). */
function realised(history: CustomerRfm): number {
  return history.firstSpend + history.x * history.spend;
}

function paidFor(subs: readonly SubscriptionRecord[], models: ModelsToValueWith): number {
  let paid = 0;
  for (const record of subs) {
    if (record.currency === undefined || record.currency === models.currency) paid += record.paid;
  }
  return paid;
}

function scoreRow(
  purchases: PurchaseParams,
  history: CustomerRfm,
  settings: ValuationSettings,
): RowScore {
  const customer = { x: history.x, tx: history.tx, T: history.T };
  const period = durationIn(settings.period, settings.unit);
  const finite = durationIn(settings.horizon, 'day') !== Number.POSITIVE_INFINITY;
  const rate = ratePerUnit(settings.discount, settings.unit);
  const curve = (t: number): number =>
    purchases.model === 'bg/nbd'
      ? bgNbdConditionalExpectedPurchases(purchases.params, customer, t)
      : paretoNbdConditionalExpectedPurchases(purchases.params, customer, t);
  const pAlive =
    purchases.model === 'bg/nbd'
      ? bgNbdPAlive(purchases.params, customer)
      : paretoNbdPAlive(purchases.params, customer);
  const discounted = finite
    ? discountExpectedTransactions({
        expectedTransactions: curve,
        timeUnit: settings.unit,
        horizon: settings.horizon,
        discount: settings.discount,
      })
    : purchases.model === 'bg/nbd'
      ? bgNbdDert(purchases.params, customer, { discountRate: rate })
      : paretoNbdDert(purchases.params, customer, { discountRate: rate });
  return { pAlive: clamp01(pAlive), expected: curve(period), discounted };
}

function buyerDrivers(
  history: CustomerRfm,
  model: 'bg/nbd' | 'pareto/nbd',
  pAlive: number,
  settings: ValuationSettings,
  asOf: number,
): string[] {
  const unit = settings.unitDays;
  const lastDay = history.birth + history.tx * unit * DAY_MS;
  const idle = Math.max(0, Math.floor((asOf - lastDay) / DAY_MS));
  const name = model === 'bg/nbd' ? 'BG/NBD' : 'Pareto/NBD';
  if (history.x === 0) {
    const drivers = [`one purchase, ${days(idle)} ago; no repeat purchase yet`];
    if (model === 'bg/nbd') {
      drivers.push(
        'BG/NBD counts a customer without a repeat purchase as alive (drop-out happens only after a purchase); use the Pareto/NBD model to weigh the silence',
      );
    } else drivers.push(`P(alive) ${pAlive.toFixed(2)} under ${name}`);
    return drivers;
  }
  const gap = Math.round((history.tx * unit) / history.x);
  const age = Math.round(history.T * unit);
  return [
    `no purchase for ${days(idle)}; usual gap ${days(gap)}`,
    `${history.x} repeat purchase${history.x === 1 ? '' : 's'} in ${days(age)} as a customer`,
    `P(alive) ${pAlive.toFixed(2)} under ${name}`,
  ];
}

function valueSubscriber(
  active: readonly SubscriptionRecord[],
  subs: readonly SubscriptionRecord[],
  history: CustomerRfm | undefined,
  models: ModelsToValueWith,
  settings: ValuationSettings,
  skip: Skip,
  note: (reason: string) => void,
): CustomerValuation {
  let churn = 1;
  let residual = 0;
  let expected = 0;
  let tooSmallRate: string | undefined;
  const drivers: string[] = [];
  const unlimited = durationIn(settings.horizon, 'day') === Number.POSITIVE_INFINITY;
  for (const record of active) {
    const params = models.sbg.get(record.period);
    if (params === undefined) {
      return skip(`subscriptions (${record.period}): ${models.sbgReports[record.period]?.reason}`);
    }
    const { alpha, beta } = params;
    const n = record.payments;
    // P(no renewal into period n | active in period n - 1) = alpha / (alpha + beta + n - 1).
    const churnNext = alpha / (alpha + beta + n - 1);
    churn *= churnNext;
    const period = periodUnit(record);
    // The unlimited sum of renewals cannot be cut below this rate per period: the subscriber
    // keeps her churn risk, and her value is left undefined with the reason, rather than the
    // whole projection failing on an option of sbgDiscountedExpectedResidualLifetime.
    const perPeriod = ratePerUnit(settings.discount, period);
    if (unlimited && perPeriod > 0 && perPeriod < MIN_DISCOUNT_RATE_FOR_INFINITE_HORIZON) {
      tooSmallRate = `subscriptions (${record.period}): a discount rate of ${perPeriod.toPrecision(2)} per period is below ${MIN_DISCOUNT_RATE_FOR_INFINITE_HORIZON.toExponential()}, too small to sum renewals over an unlimited horizon; pass clv.horizon or a larger clv.discount.rate`;
    } else if (record.currency === undefined || record.currency === models.currency) {
      residual += subscriptionValue({
        params,
        renewals: n - 1,
        period,
        paymentPerPeriod: Math.max(0, record.price),
        margin: settings.margin,
        discount: settings.discount,
        ...(unlimited ? {} : { horizon: settings.horizon }),
      }).residual;
    }
    expected += expectedRenewals(alpha, beta, n, wholePeriodsIn(settings.period, period));
    drivers.push(
      `${record.period} subscription since ${isoDay(record.startedAt)}: ${n - 1} renewal${n === 2 ? '' : 's'} so far, paid until ${isoDay(record.paidUntil)}`,
      `${Math.round(churnNext * 100)}% of subscribers at this tenure do not renew (sBG)`,
    );
  }
  const probability = clamp01(churn);
  const currency = models.currency;
  const spent = history === undefined ? 0 : realised(history);
  const historical = settings.margin * Math.max(0, spent + paidFor(subs, models));
  const unvaluedBecause = currency === undefined ? NO_CURRENCY_REASON : tooSmallRate;
  if (unvaluedBecause !== undefined && settings.clv) note(unvaluedBecause);
  return {
    churnRisk: {
      probability,
      band: bandOf(probability, settings.bands),
      model: 'sbg',
      drivers,
    },
    pAlive: undefined,
    clv:
      currency === undefined || unvaluedBecause !== undefined
        ? undefined
        : { historical, residual, total: historical + residual, currency, model: 'sbg' },
    expectedPurchases: expected,
  };
}

function valueLapsed(
  subs: readonly SubscriptionRecord[],
  models: ModelsToValueWith,
  settings: ValuationSettings,
  note: (reason: string) => void,
): CustomerValuation {
  // Without a currency she has no value, but she has left all the same: her churn risk stands.
  const currency = models.currency;
  if (currency === undefined && settings.clv) note(NO_CURRENCY_REASON);
  const last = subs.reduce((latest, record) =>
    record.paidUntil > latest.paidUntil ? record : latest,
  );
  const historical = settings.margin * Math.max(0, paidFor(subs, models));
  return {
    churnRisk: {
      probability: 1,
      band: 'high',
      model: 'sbg',
      drivers: [
        last.cancelledAt === undefined
          ? `subscription lapsed: paid until ${isoDay(last.paidUntil)}, not renewed`
          : `subscription cancelled on ${isoDay(last.cancelledAt)}`,
      ],
    },
    pAlive: undefined,
    clv:
      currency === undefined
        ? undefined
        : { historical, residual: 0, total: historical, currency, model: 'sbg' },
    expectedPurchases: 0,
  };
}

/** Expected renewals in the next `periods` periods of a subscriber who has paid `n` periods. */
function expectedRenewals(alpha: number, beta: number, n: number, periods: number): number {
  let survive = 1;
  let sum = 0;
  const limit = Math.min(periods, MAX_RENEWALS_AHEAD);
  for (let k = 0; k < limit; k++) {
    survive *= (beta + n + k - 1) / (alpha + beta + n + k - 1);
    sum += survive;
  }
  return sum;
}

function periodUnit(record: SubscriptionRecord): TimeUnit {
  const days = { day: 1, week: 7, month: 30.4375, year: 365.25 }[record.interval];
  return { days: days * record.intervalCount };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
