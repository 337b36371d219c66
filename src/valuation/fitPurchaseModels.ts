import { errorMessage } from '../errors/errorMessage.js';
import { fitBgNbd } from '../models/bgnbd/fitBgNbd.js';
import { fitGammaGamma } from '../models/gammaGamma/fitGammaGamma.js';
import type { GammaGammaParams, SpendRow } from '../models/gammaGamma/GammaGammaParams.js';
import { fitParetoNbd } from '../models/paretoNbd/fitParetoNbd.js';
import { fittedPurchaseModelName } from '../models/purchaseModelName.js';
import type { RfmSummary } from '../models/summary/summarizeCustomers.js';
import { fittedReport, notFitted } from './fitReports.js';
import { GAMMA_GAMMA_BOUNDED, unidentifiedParameter } from './unidentifiedParameter.js';
import type { ValuationSettings } from './ValuationOptions.js';
import type { ModelFitReport } from './ValuationReport.js';

/** Fewest customers with a purchase before a purchase model is fitted. */
export const MIN_CUSTOMERS = 20;
/** Fewest repeat buyers before the purchase and spend models are fitted. */
export const MIN_REPEAT_BUYERS = 5;

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

/** The purchase and spend halves of a valuation's models, each with its fit report. */
export interface PurchaseModels {
  readonly purchases: PurchaseParams | undefined;
  readonly purchasesReport: ModelFitReport<Params>;
  readonly spend: GammaGammaParams | undefined;
  readonly spendReport: ModelFitReport<Params>;
}

/**
 * Fits the purchase model (BG/NBD or Pareto/NBD, as `settings.model` says) and Gamma-Gamma on a
 * per-customer summary. Too little data, a fit that does not converge, a parameter the data do
 * not pin down, or q <= 1 leave a model unfitted, with the reason in its report. Used by the
 * in-process valuation and by the PostgreSQL projection workers (whose summary comes from SQL),
 * so that both fit alike.
 */
export function fitPurchaseModels(
  summary: RfmSummary,
  settings: ValuationSettings,
): PurchaseModels {
  return { ...fitPurchases(summary, settings), ...fitSpend(summary) };
}

function fitPurchases(
  summary: RfmSummary,
  settings: ValuationSettings,
): { purchases: PurchaseParams | undefined; purchasesReport: ModelFitReport<Params> } {
  const model = fittedPurchaseModelName(settings.model);
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
      purchasesReport: fittedReport(model, fit, customers),
    };
  } catch (error) {
    return {
      purchases: undefined,
      purchasesReport: notFitted(model, errorMessage(error), customers),
    };
  }
}

function fitSpend(summary: RfmSummary): {
  spend: GammaGammaParams | undefined;
  spendReport: ModelFitReport<Params>;
} {
  // Group (x, mean spend) pairs: the likelihood's cost grows with distinct rows.
  const grouped = new Map<string, { x: number; meanSpend: number; count: number }>();
  const add = (x: number, spend: number): void => {
    if (x === 0 || !(spend > 0)) return;
    const key = `${x}|${spend}`;
    const row = grouped.get(key);
    if (row === undefined) grouped.set(key, { x, meanSpend: spend, count: 1 });
    else row.count++;
  };
  // The columns when the summary has them: no object per customer (millions of them).
  const columns = summary.columns;
  if (columns === undefined) {
    for (const customer of summary.customers) add(customer.x, customer.spend);
  } else {
    for (let k = 0; k < columns.length; k++)
      add(columns.x[k] as number, columns.spend[k] as number);
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
    // As for the purchase model: a maximum at a limit (p in the millions and beyond with gamma
    // near 0, on spend that barely varies) is not an estimate, and values nobody.
    const unidentified = fit.converged
      ? unidentifiedParameter(
          fit.params as unknown as Params,
          fit.se as unknown as Params,
          GAMMA_GAMMA_BOUNDED,
        )
      : undefined;
    const reason = !fit.converged
      ? `the fit did not converge (${fit.reason ?? 'spend too uniform or too few repeat buyers to identify p, q, gamma'})`
      : unidentified !== undefined
        ? `the fit did not converge (${unidentified}: spend too uniform or too few repeat buyers to identify p, q, gamma)`
        : !(fit.params.q > 1)
          ? `q = ${fit.params.q} <= 1: the population's mean spend is infinite`
          : undefined;
    if (reason !== undefined) {
      return { spend: undefined, spendReport: notFitted('gamma-gamma', reason, buyers) };
    }
    return {
      spend: fit.params,
      spendReport: fittedReport('gamma-gamma', fit, buyers),
    };
  } catch (error) {
    return {
      spend: undefined,
      spendReport: notFitted('gamma-gamma', errorMessage(error), buyers),
    };
  }
}
