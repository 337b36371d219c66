import { logBeta } from '../numerics/logBeta.js';
import { checkSbgParams, type SbgParams } from './SbgParams.js';
import { type SbgInput, type SbgRow, toSbgRows } from './toSbgRows.js';

/**
 * The sBG log-likelihood. For one cohort's survivor counts (`survivors[t]` active at the start
 * of period t, `survivors[0]` the cohort size), the `survivors[t-1] - survivors[t]` customers
 * lost at the renewal into period t contribute ln P(T = t) and those still active at the last
 * observation T contribute ln S(T). Several cohorts, or subscriber rows, add up the same way.
 *
 * @example
 * ```ts
 * // Fader & Hardie (2007), regular customers, years 0..7: -1680.27
 * sbgLogLikelihood({ alpha: 0.704, beta: 1.182 }, [1000, 631, 468, 382, 326, 289, 262, 241]);
 * ```
 */
export function sbgLogLikelihood(params: SbgParams, input: SbgInput): number {
  const api = 'sbgLogLikelihood';
  checkSbgParams(api, params);
  return sbgLogLikelihoodUnchecked(params.alpha, params.beta, toSbgRows(api, input));
}

/** The log-likelihood of validated rows, for the optimiser's inner loop. */
export function sbgLogLikelihoodUnchecked(
  alpha: number,
  beta: number,
  rows: readonly SbgRow[],
): number {
  const logNorm = logBeta(alpha, beta);
  let total = 0;
  for (const row of rows) {
    // Churned after `payments` periods: P(T = payments) = B(α+1, β+payments-1) / B(α, β).
    // Still active after `payments` periods: S(payments - 1) = B(α, β+payments-1) / B(α, β).
    const logTerm = row.churned
      ? logBeta(alpha + 1, beta + row.payments - 1)
      : logBeta(alpha, beta + row.payments - 1);
    // Each term is the log of a probability; rounding in the log-betas must not push it above 0.
    total += (row.count ?? 1) * Math.min(0, logTerm - logNorm);
  }
  return total;
}
