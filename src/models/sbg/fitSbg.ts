import {
  type FitOptions,
  fitPositiveParameters,
  type ModelFit,
} from '../clv/fitPositiveParameters.js';
import type { SbgParams } from './SbgParams.js';
import { sbgLogLikelihoodUnchecked } from './sbgLogLikelihood.js';
import { sbgRowsDegeneracy } from './sbgRowsDegeneracy.js';
import { type SbgInput, toSbgRows } from './toSbgRows.js';

/** Options of {@link fitSbg}. */
export type SbgFitOptions = FitOptions<SbgParams>;

/** The result of {@link fitSbg}. */
export interface SbgFit extends ModelFit<SbgParams> {
  readonly model: 'sbg';
  /** Customers the fit used (the cohort sizes, or the sum of the rows' counts). */
  readonly customers: number;
}

/**
 * Fits the shifted-beta-geometric model by maximum likelihood to one cohort's survivor counts
 * (`survivors[t]` = customers still active at the start of period t, `survivors[0]` = cohort
 * size), to several cohorts (`{ cohorts }`, observed for different lengths), or to subscriber
 * rows (`{ rows: [{ payments, churned, count }] }`). The fit does not depend on the input order.
 * Data without an estimate (nobody churned, only the first renewal observed, everyone churned
 * after the same payment) get `converged: false` and the `reason` without a search, unless
 * a penalty is given.
 *
 * On Fader & Hardie's (2007) cohorts, years 0..7, it gives alpha = 0.704, beta = 1.182,
 * LL = -1680.27 (regular) and alpha = 0.668, beta = 3.806, LL = -1611.16 (high end).
 *
 * @example
 * ```ts
 * const fit = fitSbg([1000, 631, 468, 382, 326, 289, 262, 241]);
 * // fit.params ≈ { alpha: 0.704, beta: 1.182 }
 * ```
 */
export function fitSbg(input: SbgInput, options: SbgFitOptions = {}): SbgFit {
  const api = 'fitSbg';
  const rows = toSbgRows(api, input);
  const fit = fitPositiveParameters<SbgParams>(
    api,
    ['alpha', 'beta'],
    {
      logLikelihood: ([alpha = 1, beta = 1]) => sbgLogLikelihoodUnchecked(alpha, beta, rows),
      degeneracy: sbgRowsDegeneracy(rows),
    },
    options,
  );
  let customers = 0;
  for (const row of rows) customers += row.count ?? 1;
  return { model: 'sbg', ...fit, customers };
}
