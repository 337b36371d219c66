import { dropVoided } from '../events/dropVoided.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import { fitBgNbd } from '../models/bgnbd/fitBgNbd.js';
import { fitGammaGamma } from '../models/gammaGamma/fitGammaGamma.js';
import type { GammaGammaParams, SpendRow } from '../models/gammaGamma/GammaGammaParams.js';
import { fitParetoNbd } from '../models/paretoNbd/fitParetoNbd.js';
import { fitSbg } from '../models/sbg/fitSbg.js';
import type { SbgParams } from '../models/sbg/SbgParams.js';
import type { SbgRow } from '../models/sbg/toSbgRows.js';
import { type RfmSummary, summarizeCustomers } from '../models/summary/summarizeCustomers.js';
import { collectSubscriptions, type SubscriptionRecord } from './collectSubscriptions.js';
import type { ValuationSettings } from './ValuationOptions.js';
import type { ModelFitReport } from './ValuationReport.js';

/** Fewest customers with a purchase before a purchase model is fitted. */
export const MIN_CUSTOMERS = 20;
/** Fewest repeat buyers before the purchase and spend models are fitted. */
export const MIN_REPEAT_BUYERS = 5;
/** Fewest subscriptions of a billing period, and fewest churned among them, for its sBG fit. */
export const MIN_SUBSCRIPTIONS = 10;

type Params = Readonly<Record<string, number>>;

/** The purchase model's parameters with the model's name. */
export type PurchaseParams =
  | {
      readonly model: 'bg/nbd';
      readonly params: { r: number; alpha: number; a: number; b: number };
    }
  | {
      readonly model: 'pareto/nbd';
      readonly params: { r: number; alpha: number; s: number; beta: number };
    };

/** Everything fitted for a valuation at `asOf`: internal to the valuation. */
export interface ValuationModels {
  readonly summary: RfmSummary | undefined;
  readonly currency: string | undefined;
  readonly purchases: PurchaseParams | undefined;
  readonly purchasesReport: ModelFitReport<Params>;
  readonly spend: GammaGammaParams | undefined;
  readonly spendReport: ModelFitReport<Params>;
  readonly subscriptions: readonly SubscriptionRecord[];
  /** sBG parameters per billing period (only the converged fits). */
  readonly sbg: ReadonlyMap<string, SbgParams>;
  readonly sbgReports: Readonly<Record<string, ModelFitReport<Params>>>;
}

/**
 * Fits the purchase model (BG/NBD or Pareto/NBD), Gamma-Gamma and one sBG per billing period on
 * the events at or before `asOf` (later events are dropped here, whatever the caller passes), with
 * calibration end = the UTC day of `asOf`. A fit that fails, does not converge or lacks data is
 * reported with `converged: false` and its reason, and yields no parameters.
 */
export function fitValuationModels(
  events: readonly TenureEvent[],
  asOf: number,
  settings: ValuationSettings,
): ValuationModels {
  // Voids count as of their own time, as in the fold: a void after asOf is not known yet.
  const past = dropVoided(events.filter((event) => event.at <= asOf));
  const currency = settings.currency ?? mainCurrency(past);
  const purchaseModel = settings.model === 'bgnbd' ? 'bg/nbd' : 'pareto/nbd';
  let summary: RfmSummary | undefined;
  let purchases: PurchaseParams | undefined;
  let purchasesReport: ModelFitReport<Params>;
  let spend: GammaGammaParams | undefined;
  let spendReport: ModelFitReport<Params>;
  if (currency === undefined) {
    purchasesReport = notFitted(purchaseModel, 'no purchase before asOf', 0);
    spendReport = notFitted('gamma-gamma', 'no purchase before asOf', 0);
  } else {
    summary = summarizeCustomers(past, { calibrationEnd: asOf, unit: settings.unit, currency });
    ({ purchases, purchasesReport } = fitPurchases(summary, settings));
    ({ spend, spendReport } = fitSpend(summary));
  }
  const subscriptions = collectSubscriptions(past, asOf);
  const { sbg, sbgReports } = fitSubscriptions(subscriptions);
  return {
    summary,
    currency: currency ?? subscriptions.find((record) => record.currency)?.currency,
    purchases,
    purchasesReport,
    spend,
    spendReport,
    subscriptions,
    sbg,
    sbgReports,
  };
}

/** The currency of most purchases; ties go to the alphabetically first (order-independent). */
function mainCurrency(events: readonly TenureEvent[]): string | undefined {
  const counts = new Map<string, number>();
  for (const event of events) {
    if (event.type !== 'purchase') continue;
    const currency = (event.data as { currency?: unknown }).currency;
    if (typeof currency === 'string') counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [currency, count] of counts) {
    const bestCount = best === undefined ? -1 : (counts.get(best) as number);
    if (count > bestCount || (count === bestCount && currency < (best as string))) best = currency;
  }
  return best;
}

function fitPurchases(
  summary: RfmSummary,
  settings: ValuationSettings,
): { purchases: PurchaseParams | undefined; purchasesReport: ModelFitReport<Params> } {
  const model = settings.model === 'bgnbd' ? 'bg/nbd' : 'pareto/nbd';
  const customers = summary.rows.customers;
  let repeatBuyers = 0;
  for (let i = 0; i < summary.rows.length; i++) {
    if ((summary.rows.x[i] as number) > 0) repeatBuyers += summary.rows.weight[i] as number;
  }
  const shortage =
    customers < MIN_CUSTOMERS
      ? `too little data: ${customers} customer(s) with a purchase, at least ${MIN_CUSTOMERS} needed`
      : repeatBuyers < MIN_REPEAT_BUYERS
        ? `too little data: ${repeatBuyers} repeat buyer(s), at least ${MIN_REPEAT_BUYERS} needed`
        : undefined;
  if (shortage !== undefined) {
    return { purchases: undefined, purchasesReport: notFitted(model, shortage, customers) };
  }
  try {
    const fit = model === 'bg/nbd' ? fitBgNbd(summary) : fitParetoNbd(summary);
    const params = fit.params as unknown as Params;
    const unidentified = unidentifiedParameter(params, fit.se as unknown as Params | undefined);
    if (!fit.converged || unidentified !== undefined) {
      return {
        purchases: undefined,
        purchasesReport: notFitted(
          model,
          `the fit did not converge (${fit.reason ?? unidentified ?? 'the optimiser stopped at a boundary'}); more customers or a longer history help`,
          customers,
        ),
      };
    }
    return {
      purchases: { model, params: fit.params } as PurchaseParams,
      purchasesReport: {
        model,
        converged: true,
        reason: undefined,
        params,
        logLikelihood: fit.logLikelihood,
        observations: customers,
      },
    };
  } catch (error) {
    return { purchases: undefined, purchasesReport: notFitted(model, messageOf(error), customers) };
  }
}

/** Largest parameter value taken as an estimate: beyond it the model sits at a limit. */
const MAX_PARAMETER = 1e6;
/** Largest standard error of ln θ (θ known within a factor e^10 is not known). */
const MAX_LOG_STANDARD_ERROR = 10;

/**
 * The first parameter the data do not pin down, described, or `undefined`. A maximum at
 * a = 2e9, b = 5e9 (BG/NBD) is the limit of a homogeneous dropout probability, not an estimate,
 * and its hypergeometric terms cost seconds per customer.
 */
function unidentifiedParameter(params: Params, se: Params | undefined): string | undefined {
  if (se === undefined) return 'no standard errors: the maximum is not a strict interior one';
  for (const [name, value] of Object.entries(params)) {
    if (!(Number.isFinite(value) && value > 0 && value < MAX_PARAMETER)) {
      return `${name} = ${value.toPrecision(3)} is not identified`;
    }
    const error = se[name];
    if (!(error !== undefined && error / value < MAX_LOG_STANDARD_ERROR)) {
      return `${name} is not identified (standard error ${error?.toPrecision(3)})`;
    }
  }
  return undefined;
}

function fitSpend(summary: RfmSummary): {
  spend: GammaGammaParams | undefined;
  spendReport: ModelFitReport<Params>;
} {
  // Group (x, mean spend) pairs: the likelihood's cost grows with distinct rows.
  const grouped = new Map<string, { x: number; meanSpend: number; count: number }>();
  for (const customer of summary.customers) {
    if (customer.x === 0 || !(customer.spend > 0)) continue;
    const key = `${customer.x}|${customer.spend}`;
    const row = grouped.get(key);
    if (row === undefined) grouped.set(key, { x: customer.x, meanSpend: customer.spend, count: 1 });
    else row.count++;
  }
  const rows: SpendRow[] = [...grouped.values()];
  let buyers = 0;
  for (const row of rows) buyers += row.count ?? 1;
  if (buyers < MIN_REPEAT_BUYERS) {
    return {
      spend: undefined,
      spendReport: notFitted(
        'gamma-gamma',
        `too little data: ${buyers} repeat buyer(s) with positive spend, at least ${MIN_REPEAT_BUYERS} needed`,
        buyers,
      ),
    };
  }
  try {
    const fit = fitGammaGamma(rows);
    const reason = !fit.converged
      ? `the fit did not converge (${fit.reason ?? 'spend too uniform or too few repeat buyers to identify p, q, gamma'})`
      : !(fit.params.q > 1)
        ? `q = ${fit.params.q} <= 1: the population's mean spend is infinite`
        : undefined;
    if (reason !== undefined) {
      return { spend: undefined, spendReport: notFitted('gamma-gamma', reason, buyers) };
    }
    return {
      spend: fit.params,
      spendReport: {
        model: 'gamma-gamma',
        converged: true,
        reason: undefined,
        params: { ...fit.params },
        logLikelihood: fit.logLikelihood,
        observations: buyers,
      },
    };
  } catch (error) {
    return { spend: undefined, spendReport: notFitted('gamma-gamma', messageOf(error), buyers) };
  }
}

function fitSubscriptions(subscriptions: readonly SubscriptionRecord[]): {
  sbg: Map<string, SbgParams>;
  sbgReports: Record<string, ModelFitReport<Params>>;
} {
  const byPeriod = new Map<string, Map<string, SbgRow & { count: number }>>();
  for (const record of subscriptions) {
    let rows = byPeriod.get(record.period);
    if (rows === undefined) {
      rows = new Map();
      byPeriod.set(record.period, rows);
    }
    const key = `${record.payments}|${record.churned}`;
    const row = rows.get(key);
    if (row === undefined)
      rows.set(key, { payments: record.payments, churned: record.churned, count: 1 });
    else row.count++;
  }
  const sbg = new Map<string, SbgParams>();
  const sbgReports: Record<string, ModelFitReport<Params>> = {};
  for (const period of [...byPeriod.keys()].sort()) {
    const rows = [...(byPeriod.get(period) as Map<string, SbgRow & { count: number }>).values()];
    let total = 0;
    let churned = 0;
    for (const row of rows) {
      total += row.count;
      if (row.churned) churned += row.count;
    }
    const shortage =
      total < MIN_SUBSCRIPTIONS
        ? `too little data: ${total} subscription(s) of ${period}, at least ${MIN_SUBSCRIPTIONS} needed`
        : churned === 0
          ? `no ${period} subscription has churned yet: the churn rate cannot be estimated`
          : undefined;
    if (shortage !== undefined) {
      sbgReports[period] = notFitted('sbg', shortage, total);
      continue;
    }
    try {
      const fit = fitSbg({ rows });
      if (!fit.converged) {
        sbgReports[period] = notFitted(
          'sbg',
          `the fit did not converge (${fit.reason ?? 'too few renewals observed to tell the churn rates apart'})`,
          total,
        );
        continue;
      }
      sbg.set(period, fit.params);
      sbgReports[period] = {
        model: 'sbg',
        converged: true,
        reason: undefined,
        params: { ...fit.params },
        logLikelihood: fit.logLikelihood,
        observations: total,
      };
    } catch (error) {
      sbgReports[period] = notFitted('sbg', messageOf(error), total);
    }
  }
  return { sbg, sbgReports };
}

function notFitted(
  model: ModelFitReport<Params>['model'],
  reason: string,
  observations: number,
): ModelFitReport<Params> {
  return {
    model,
    converged: false,
    reason,
    params: undefined,
    logLikelihood: undefined,
    observations,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
