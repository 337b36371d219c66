import { requireInteger } from '../clv/checkModelInput.js';
import { logBeta } from '../numerics/logBeta.js';
import {
  type BgBbHistory,
  type BgBbParams,
  checkBgBbHistory,
  checkBgBbParams,
} from './BgBbParams.js';
import { bgbbHistoryLogLikelihood } from './bgbbLogLikelihood.js';

/**
 * P(alive at opportunity n + m | x, tx, n): the probability that a customer with this history is
 * still alive `periodsAhead` (m, default 1) opportunities after the last one observed
 * (Fader, Hardie & Shang 2010, eq. 11):
 *
 * B(α+x, β+n-x)/B(α,β) · B(γ, δ+n+m)/B(γ,δ) / L(α, β, γ, δ | x, tx, n).
 *
 * @example
 * ```ts
 * // Donations: P(alive in 2002) of a donor who gave in 1996..2001 every year: 0.93
 * bgbbProbabilityAlive({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, { x: 6, tx: 6, n: 6 });
 * ```
 */
export function bgbbProbabilityAlive(
  params: BgBbParams,
  history: BgBbHistory,
  periodsAhead = 1,
): number {
  const api = 'bgbbProbabilityAlive';
  checkBgBbParams(api, params);
  checkBgBbHistory(api, history);
  requireInteger(api, 'periodsAhead', periodsAhead);
  const { alpha, beta, gamma, delta } = params;
  const { x, n } = history;
  const logAlive =
    logBeta(alpha + x, beta + n - x) -
    logBeta(alpha, beta) +
    logBeta(gamma, delta + n + periodsAhead) -
    logBeta(gamma, delta);
  return Math.min(1, Math.exp(logAlive - bgbbHistoryLogLikelihood(params, history)));
}
