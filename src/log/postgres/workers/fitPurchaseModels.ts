import { fitBgNbd } from '../../../models/bgnbd/index.js';
import { fitGammaGamma, type SpendRow } from '../../../models/gammaGamma/index.js';
import { fitParetoNbd } from '../../../models/paretoNbd/index.js';
import type { RfmSummary } from '../../../models/summary/summarizeCustomers.js';
import {
  MIN_CUSTOMERS,
  MIN_REPEAT_BUYERS,
  type ValuationModels,
} from '../../../valuation/fitValuationModels.js';
import type { ModelFitReport } from '../../../valuation/index.js';
import type { ValuationSettings } from '../../../valuation/ValuationOptions.js';

type Params = Readonly<Record<string, number>>;

/** The purchase and spend halves of the valuation's models. */
export type PurchaseModels = Pick<
  ValuationModels,
  'purchases' | 'purchasesReport' | 'spend' | 'spendReport'
>;

/** Largest parameter value taken as an estimate: beyond it the model sits at a limit. */
const MAX_PARAMETER = 1e6;
/** Largest standard error of ln θ (θ known within a factor e^10 is not known). */
const MAX_LOG_STANDARD_ERROR = 10;

/**
 * Fits the purchase model (BG/NBD or Pareto/NBD) and Gamma-Gamma on a summary, with the rules of
 * the in-process valuation (`fitValuationModels` in src/valuation): too little data, a fit that
 * does not converge, a parameter the data do not pin down, or q <= 1 leave the model unfitted
 * with its reason. It mirrors that module's private `fitPurchases` and `fitSpend`, which take a
 * summary but are not exported; the workers' equivalence tests compare the two.
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
): Pick<PurchaseModels, 'purchases' | 'purchasesReport'> {
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
      const why = unidentified ?? 'the optimiser stopped at a boundary';
      return {
        purchases: undefined,
        purchasesReport: notFitted(
          model,
          `the fit did not converge (${why}); more customers or a longer history help`,
          customers,
        ),
      };
    }
    return {
      purchases: { model, params: fit.params } as PurchaseModels['purchases'],
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

/** The first parameter the data do not pin down, described, or `undefined`. */
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

function fitSpend(summary: RfmSummary): Pick<PurchaseModels, 'spend' | 'spendReport'> {
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
    const shortage = `too little data: ${buyers} repeat buyer(s) with positive spend, at least ${MIN_REPEAT_BUYERS} needed`;
    return { spend: undefined, spendReport: notFitted('gamma-gamma', shortage, buyers) };
  }
  try {
    const fit = fitGammaGamma(rows);
    const reason = !fit.converged
      ? 'the fit did not converge (spend too uniform or too few repeat buyers to identify p, q, gamma)'
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
