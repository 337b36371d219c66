import { requireFinite, requireInteger } from '../clv/checkModelInput.js';
import { logBeta } from '../numerics/logBeta.js';
import { checkSbgParams, type SbgParams } from './SbgParams.js';

/**
 * Expected customers of a cohort still active at the start of periods 0..`periods`:
 * `cohortSize · S(t)`. Compare entry t with the observed survivors to judge a projection.
 *
 * @example
 * ```ts
 * // Fader & Hardie (2007) regular cohort, fitted on years 0..7, projected to year 12
 * sbgProjectSurvivors({ alpha: 0.704, beta: 1.182 }, 1000, 12)[12]; // about 167 (actual 173)
 * ```
 */
export function sbgProjectSurvivors(
  params: SbgParams,
  cohortSize: number,
  periods: number,
): number[] {
  checkSbgParams('sbgProjectSurvivors', params);
  requireFinite('sbgProjectSurvivors', 'cohortSize', cohortSize);
  requireInteger('sbgProjectSurvivors', 'periods', periods);
  const { alpha, beta } = params;
  const logNorm = logBeta(alpha, beta);
  const projected = [cohortSize];
  for (let t = 1; t <= periods; t++) {
    projected.push(cohortSize * Math.min(1, Math.exp(logBeta(alpha, beta + t) - logNorm)));
  }
  return projected;
}
