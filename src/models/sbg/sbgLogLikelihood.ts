import { ModelInputError } from '../clv/ModelInputError.js';
import { logBeta } from '../numerics/logGamma.js';
import { checkSbgParams, type SbgParams } from './SbgParams.js';

/**
 * The sBG log-likelihood of one cohort: `survivors[t]` customers still active at the start of
 * period t (t = 0 is acquisition, so `survivors[0]` is the cohort size). The
 * `survivors[t-1] - survivors[t]` customers lost in period t contribute ln P(T = t), the
 * customers still active at the last observation contribute ln S(T).
 *
 * @example
 * ```ts
 * // Fader & Hardie (2007), regular customers, years 0..7: -1680.27
 * sbgLogLikelihood({ alpha: 0.704, beta: 1.182 }, [1000, 631, 468, 382, 326, 289, 262, 241]);
 * ```
 */
export function sbgLogLikelihood(params: SbgParams, survivors: readonly number[]): number {
  checkSbgParams('sbgLogLikelihood', params);
  checkSurvivors('sbgLogLikelihood', survivors);
  return sbgLogLikelihoodUnchecked(params.alpha, params.beta, survivors);
}

/** The log-likelihood without input checks, for the optimiser's inner loop. */
export function sbgLogLikelihoodUnchecked(
  alpha: number,
  beta: number,
  survivors: readonly number[],
): number {
  const logNorm = logBeta(alpha, beta);
  let total = 0;
  let previous = survivors[0] ?? 0;
  for (let t = 1; t < survivors.length; t++) {
    const current = survivors[t] ?? 0;
    const lost = previous - current;
    if (lost > 0) total += lost * (logBeta(alpha + 1, beta + t - 1) - logNorm);
    previous = current;
  }
  const last = survivors.length - 1;
  if (previous > 0 && last > 0) total += previous * (logBeta(alpha, beta + last) - logNorm);
  return total;
}

/**
 * Throws `ModelInputError` unless `survivors` is a non-empty, non-increasing list of finite
 * counts >= 0 whose first entry (the cohort size) is > 0.
 */
export function checkSurvivors(api: string, survivors: readonly number[]): void {
  if (!Array.isArray(survivors) || survivors.length === 0) {
    throw new ModelInputError(
      api,
      'survivors',
      'a non-empty array: customers active at the start of periods 0, 1, 2, ...',
      survivors,
    );
  }
  let previous = Number.POSITIVE_INFINITY;
  survivors.forEach((count, t) => {
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new ModelInputError(api, `survivors.${t}`, 'a finite count >= 0', count);
    }
    if (count > previous) {
      throw new ModelInputError(
        api,
        `survivors.${t}`,
        `at most survivors.${t - 1} (${previous}): a cohort can only shrink`,
        count,
        'Count each period the customers of the original cohort still active, not new arrivals.',
      );
    }
    previous = count;
  });
  if ((survivors[0] ?? 0) <= 0) {
    throw new ModelInputError(api, 'survivors.0', 'the cohort size, > 0', survivors[0]);
  }
}
