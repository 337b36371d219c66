import { requireInteger } from '../clv/checkModelInput.js';
import { betaRatioSeries } from '../sbg/betaRatioSeries.js';
import { type BgBbParams, checkBgBbParams } from './BgBbParams.js';

/**
 * E[X(n)]: the expected repeat transactions of a new customer over her first n opportunities
 * (Fader, Hardie & Shang 2010, eq. 9):
 *
 * α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ) = α/(α+β) · δ/(γ-1) · [1 - Γ(γ+δ)Γ(1+δ+n) / (Γ(γ+δ+n)Γ(1+δ))],
 *
 * summed term by term so that gamma = 1 needs no special case.
 *
 * @example
 * ```ts
 * bgbbExpectedTransactions({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 6);
 * ```
 */
export function bgbbExpectedTransactions(params: BgBbParams, n: number): number {
  const api = 'bgbbExpectedTransactions';
  checkBgBbParams(api, params);
  if (n !== Number.POSITIVE_INFINITY) requireInteger(api, 'n', n);
  if (n === 0) return 0;
  const { alpha, beta, gamma, delta } = params;
  return (
    (alpha / (alpha + beta)) *
    (delta / (gamma + delta)) *
    betaRatioSeries(delta + 1, gamma + delta + 1, 1, n)
  );
}
