import { errorMessage } from '../errors/errorMessage.js';
import { dropVoided } from '../events/dropVoided.js';
import type { TenureEvent } from '../events/TenureEvent.js';
import type { GammaGammaParams } from '../models/gammaGamma/GammaGammaParams.js';
import { fittedPurchaseModelName } from '../models/purchaseModelName.js';
import { fitSbg } from '../models/sbg/fitSbg.js';
import type { SbgParams } from '../models/sbg/SbgParams.js';
import type { SbgRow } from '../models/sbg/toSbgRows.js';
import { type RfmSummary, summarizeCustomers } from '../models/summary/summarizeCustomers.js';
import { collectSubscriptions, type SubscriptionRecord } from './collectSubscriptions.js';
import { fitPurchaseModels, type PurchaseParams } from './fitPurchaseModels.js';
import { fittedReport, notFitted } from './fitReports.js';
import type { ValuationSettings } from './ValuationOptions.js';
import type { ModelFitReport } from './ValuationReport.js';

/** Fewest subscriptions of a billing period, and fewest churned among them, for its sBG fit. */
export const MIN_SUBSCRIPTIONS = 10;

type Params = Readonly<Record<string, number>>;

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
  const summary =
    currency === undefined
      ? undefined
      : summarizeCustomers(past, { calibrationEnd: asOf, unit: settings.unit, currency });
  return fitSummaries(summary, currency, collectSubscriptions(past, asOf), settings);
}

/**
 * The fits of {@link fitValuationModels} once the events are summarised: the purchase summary
 * in `currency` (`undefined` when nothing was bought before asOf, and then the purchase model
 * and Gamma-Gamma are reported unfitted) and the subscriptions. Internal: also the end of the
 * valuation of customers handed out one at a time, whose summaries are kept as a log streams.
 */
export function fitSummaries(
  summary: RfmSummary | undefined,
  currency: string | undefined,
  subscriptions: readonly SubscriptionRecord[],
  settings: ValuationSettings,
): ValuationModels {
  const purchaseModel = fittedPurchaseModelName(settings.model);
  const { purchases, purchasesReport, spend, spendReport } =
    summary === undefined
      ? {
          purchases: undefined,
          purchasesReport: notFitted(purchaseModel, 'no purchase before asOf', 0),
          spend: undefined,
          spendReport: notFitted('gamma-gamma', 'no purchase before asOf', 0),
        }
      : fitPurchaseModels(summary, settings);
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
  return mostCounted(counts);
}

/**
 * The currency with the highest count; ties go to the alphabetically first, so that the answer
 * does not depend on the order the counts were made in. Internal.
 */
export function mostCounted(counts: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  for (const [currency, count] of counts) {
    const bestCount = best === undefined ? -1 : (counts.get(best) as number);
    if (count > bestCount || (count === bestCount && currency < (best as string))) best = currency;
  }
  return best;
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
      sbgReports[period] = fittedReport('sbg', fit, total);
    } catch (error) {
      sbgReports[period] = notFitted('sbg', errorMessage(error), total);
    }
  }
  return { sbg, sbgReports };
}
