import type { TenureEvent } from '../events/TenureEvent.js';
import type { BgNbdParams } from '../models/bgnbd/BgNbdParams.js';
import { bgNbdDert } from '../models/bgnbd/bgNbdDert.js';
import { bgNbdPAlive } from '../models/bgnbd/bgNbdPAlive.js';
import { type BgNbdFit, fitBgNbd } from '../models/bgnbd/fitBgNbd.js';
import { ratePerUnit } from '../models/clv/ratePerUnit.js';
import { fitGammaGamma, type GammaGammaFit } from '../models/gammaGamma/fitGammaGamma.js';
import { gammaGammaExpectedSpend } from '../models/gammaGamma/gammaGammaExpectedSpend.js';
import { type RfmSummary, summarizeCustomers } from '../models/summary/summarizeCustomers.js';
import { type CustomerValues, churnBandOf } from './CustomerValues.js';

/** The fits behind {@link modelCustomerValues}, and the values by customer id. */
export interface ModelledValues {
  /** The currency valued: the one of most purchases. `undefined` when nobody bought. */
  readonly currency: string | undefined;
  /** The weekly RFM summary at the calibration end. */
  readonly summary: RfmSummary | undefined;
  /**
   * BG/NBD on the summary (weekly), penalised (0.1 on the log-parameters) when the plain fit
   * does not converge or runs off to the boundary; `undefined` when nobody bought.
   */
  readonly purchases: BgNbdFit | undefined;
  /** The L2 penalty of the BG/NBD fit: 0, or 0.1 when the plain fit was degenerate. */
  readonly penalty: number;
  /** Gamma-Gamma on the repeat buyers; `undefined` when it could not be fitted. */
  readonly spend: GammaGammaFit | undefined;
  readonly values: ReadonlyMap<string, CustomerValues>;
}

/** Annual discount rate of the residual value. */
const DISCOUNT = { rate: 0.1, per: { days: 365.25 } } as const;

/**
 * P(alive), churn risk and CLV of every buyer, from BG/NBD (weekly) and Gamma-Gamma fitted on
 * `events` up to `asOf`: residual CLV = DERT at 10 % a year x expected spend per purchase,
 * historical CLV = net revenue. Customers who never bought get no values.
 *
 * @example
 * ```ts
 * const { values } = modelCustomerValues(events, Date.parse('2024-12-31T23:59:59Z'));
 * values.get('c1')?.clv.total;
 * ```
 */
export function modelCustomerValues(events: readonly TenureEvent[], asOf: number): ModelledValues {
  const currency = mainCurrency(events, asOf);
  const values = new Map<string, CustomerValues>();
  if (currency === undefined) {
    return {
      currency,
      summary: undefined,
      purchases: undefined,
      penalty: 0,
      spend: undefined,
      values,
    };
  }
  const inWindow = events.filter((event) => event.at <= asOf);
  const summary = summarizeCustomers(inWindow, {
    calibrationEnd: new Date(asOf).toISOString().slice(0, 10),
    unit: 'week',
    currency,
  });
  if (summary.customers.length === 0) {
    return { currency, summary, purchases: undefined, penalty: 0, spend: undefined, values };
  }
  const { fit: purchases, penalty } = fitPurchases(summary);
  const spend = fitSpend(summary);
  const params: BgNbdParams = purchases.params;
  const discountRate = ratePerUnit(DISCOUNT, 'week');
  const revenue = netRevenue(inWindow, currency);
  for (const customer of summary.customers) {
    const pAlive = clamp01(bgNbdPAlive(params, customer));
    const dert = bgNbdDert(params, customer, { discountRate });
    const perPurchase =
      spend === undefined
        ? Math.max(0, customer.x > 0 ? customer.spend : customer.firstSpend)
        : gammaGammaExpectedSpend(spend.params, {
            x: customer.spend > 0 ? customer.x : 0,
            meanSpend: Math.max(0, customer.spend),
          });
    const historical = Math.max(0, revenue.get(customer.customerId) ?? 0);
    const residual = Math.max(0, finite(dert * perPurchase));
    const probability = 1 - pAlive;
    values.set(customer.customerId, {
      pAlive,
      churnRisk: { probability, band: churnBandOf(probability) },
      clv: { historical, residual, total: historical + residual },
    });
  }
  return { currency, summary, purchases, penalty, spend, values };
}

/** Largest parameter a usable fit has: beyond it, dropout or rates are not identified. */
const MAX_PARAM = 1e3;

/**
 * BG/NBD by plain maximum likelihood; when that runs off to the boundary (few customers, no
 * dropout seen: a and b grow without bound), a lightly penalised fit (as lifetimes' penalizer)
 * keeps the parameters finite and the values meaningful.
 */
function fitPurchases(summary: RfmSummary): { fit: BgNbdFit; penalty: number } {
  const plain = fitBgNbd(summary);
  if (plain.converged && Object.values(plain.params).every((value) => value < MAX_PARAM)) {
    return { fit: plain, penalty: 0 };
  }
  return { fit: fitBgNbd(summary, { penalty: 0.1 }), penalty: 0.1 };
}

function fitSpend(summary: RfmSummary): GammaGammaFit | undefined {
  const rows = summary.customers
    .filter((customer) => customer.x > 0 && customer.spend > 0)
    .map((customer) => ({ x: customer.x, meanSpend: customer.spend }));
  if (rows.length < 3) return undefined;
  const fit = fitGammaGamma(rows);
  // E[spend] is infinite for q <= 1: fall back to the customers' own means.
  return fit.converged && fit.params.q > 1 && fit.params.p < MAX_PARAM ? fit : undefined;
}

/** The currency of most purchases at or before `asOf` (ties: alphabetical). */
export function mainCurrency(events: readonly TenureEvent[], asOf: number): string | undefined {
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'purchase' || event.at > asOf) continue;
    const currency = (event.data as { currency?: unknown }).currency;
    if (typeof currency === 'string') counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [currency, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (best === undefined || count > (counts.get(best) ?? 0)) best = currency;
  }
  return best;
}

function netRevenue(events: readonly TenureEvent[], currency: string): Map<string, number> {
  const revenue = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'purchase' && event.type !== 'refund') continue;
    const data = event.data as { amount?: unknown; currency?: unknown };
    if (data.currency !== currency || typeof data.amount !== 'number') continue;
    const sign = event.type === 'purchase' ? 1 : -1;
    revenue.set(event.customerId, (revenue.get(event.customerId) ?? 0) + sign * data.amount);
  }
  return revenue;
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
