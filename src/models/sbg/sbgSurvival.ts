import { requireInteger } from '../clv/checkModelInput.js';
import { logBeta } from '../numerics/logBeta.js';
import { checkSbgParams, type SbgParams } from './SbgParams.js';

/**
 * S(t): the probability that a newly acquired customer is still active at the start of period
 * t, B(alpha, beta + t) / B(alpha, beta). S(0) = 1.
 *
 * @example
 * ```ts
 * sbgSurvival({ alpha: 0.704, beta: 1.182 }, 1); // 0.6267 = beta / (alpha + beta)
 * ```
 */
export function sbgSurvival(params: SbgParams, t: number): number {
  checkSbgParams('sbgSurvival', params);
  requireInteger('sbgSurvival', 't', t);
  if (t === 0) return 1;
  return Math.min(
    1,
    Math.exp(logBeta(params.alpha, params.beta + t) - logBeta(params.alpha, params.beta)),
  );
}

/**
 * r(t): the probability that a customer active in period t - 1 renews into period t,
 * S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1), for t >= 1. It rises with t: the
 * customers who churn easily leave first (Fader & Hardie 2007).
 *
 * @example
 * ```ts
 * sbgRetentionRate({ alpha: 0.704, beta: 1.182 }, 1); // 0.6267
 * ```
 */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  checkSbgParams('sbgRetentionRate', params);
  requireInteger('sbgRetentionRate', 't', t, 1);
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/**
 * P(T = t): the probability that a newly acquired customer's last period is t (she churns at
 * the end of period t, t >= 1), B(alpha + 1, beta + t - 1) / B(alpha, beta).
 *
 * @example
 * ```ts
 * sbgChurnProbability({ alpha: 0.704, beta: 1.182 }, 1); // 0.3733 = alpha / (alpha + beta)
 * ```
 */
export function sbgChurnProbability(params: SbgParams, t: number): number {
  checkSbgParams('sbgChurnProbability', params);
  requireInteger('sbgChurnProbability', 't', t, 1);
  const { alpha, beta } = params;
  return Math.min(1, Math.exp(logBeta(alpha + 1, beta + t - 1) - logBeta(alpha, beta)));
}
