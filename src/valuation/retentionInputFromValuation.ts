import { checkModelOptions } from '../errors/checkModelOptions.js';
import type { RetentionPAliveInput } from '../machines/pAliveDeadline.js';
import { unitDays } from '../models/summary/timeUnit.js';
import type { ValuationReport } from './ValuationReport.js';

/** Thresholds of {@link retentionInputFromValuation}. */
export interface PAliveThresholds {
  /** At risk when P(alive) <= this. Default: `0.5`. */
  readonly atRisk?: number;
  /** Churned when P(alive) <= this. Default: `0.2`. */
  readonly churned?: number;
}

/**
 * The retention machine's model-driven input from a projection's valuation report: fit first
 * (`project(log, { asOf, churn: true })`), then fold with the fitted parameters, so that
 * customers turn at risk and churned when their P(alive) crosses the thresholds. `undefined`
 * when the purchase model did not converge (keep the gap rule then).
 *
 * @example
 * ```ts
 * const fitted = await createLifecycle().project(log, { asOf, churn: true });
 * const pAlive = retentionInputFromValuation(fitted.valuation, { atRisk: 0.5, churned: 0.2 });
 * const lifecycle = createLifecycle(pAlive === undefined ? {} : { input: { retention: { pAlive } } });
 * const projection = await lifecycle.project(log, { asOf });
 * ```
 */
export function retentionInputFromValuation(
  report: ValuationReport | undefined,
  thresholds: PAliveThresholds = {},
): RetentionPAliveInput | undefined {
  // { atrisk } ignored would turn customers at risk at P(alive) 0.5 instead of the caller's.
  checkModelOptions('retentionInputFromValuation', 'thresholds', thresholds, ['atRisk', 'churned']);
  const params = report?.purchases.params;
  if (report === undefined || !report.purchases.converged || params === undefined) return undefined;
  return {
    model: report.model,
    params,
    unitDays: unitDays(report.unit),
    atRisk: thresholds.atRisk ?? 0.5,
    churned: thresholds.churned ?? 0.2,
  };
}
