import {
  type FitOptions,
  fitPositiveParameters,
  type ModelFit,
} from '../clv/fitPositiveParameters.js';
import type { SbgParams } from './SbgParams.js';
import { checkSurvivors, sbgLogLikelihoodUnchecked } from './sbgLogLikelihood.js';

/** Options of {@link fitSbg}. */
export type SbgFitOptions = FitOptions<SbgParams>;

/** The result of {@link fitSbg}. */
export interface SbgFit extends ModelFit<SbgParams> {
  readonly model: 'sbg';
  /** The cohort size, `survivors[0]`. */
  readonly customers: number;
}

/**
 * Fits the shifted-beta-geometric model by maximum likelihood to one cohort's survivor counts:
 * `survivors[t]` = customers still active at the start of period t, `survivors[0]` = cohort size.
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
export function fitSbg(survivors: readonly number[], options: SbgFitOptions = {}): SbgFit {
  const api = 'fitSbg';
  checkSurvivors(api, survivors);
  const counts = [...survivors];
  const fit = fitPositiveParameters<SbgParams>(
    api,
    ['alpha', 'beta'],
    ([alpha = 1, beta = 1]) => sbgLogLikelihoodUnchecked(alpha, beta, counts),
    options,
  );
  return { model: 'sbg', ...fit, customers: counts[0] as number };
}
