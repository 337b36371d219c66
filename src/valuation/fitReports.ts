import { withoutFitOptionAdvice } from '../models/fitOptionAdvice.js';
import type { ModelFitReport } from './ValuationReport.js';

type Params = Readonly<Record<string, number>>;

/** The report of a model fitted and used: its parameters (copied) and log-likelihood. */
export function fittedReport(
  model: ModelFitReport<Params>['model'],
  fit: { readonly params: object; readonly logLikelihood: number },
  observations: number,
): ModelFitReport<Params> {
  return {
    model,
    converged: true,
    reason: undefined,
    params: { ...(fit.params as Params) },
    logLikelihood: fit.logLikelihood,
    observations,
  };
}

/** The report of a model that was not fitted (or whose fit is not used), with the reason. */
export function notFitted(
  model: ModelFitReport<Params>['model'],
  reason: string,
  observations: number,
): ModelFitReport<Params> {
  return {
    model,
    converged: false,
    reason: withoutFitOptionAdvice(reason),
    params: undefined,
    logLikelihood: undefined,
    observations,
  };
}
