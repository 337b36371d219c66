import { ModelInputError } from '../../errors/ModelInputError.js';
import { requireInteger } from '../clv/checkModelInput.js';
import { logBeta } from '../numerics/logBeta.js';
import { logGamma } from '../numerics/logGamma.js';
import { type BgBbParams, checkBgBbParams } from './BgBbParams.js';

/**
 * P(X(n) = x): the probability that a new customer makes x repeat transactions in her first n
 * opportunities (Fader, Hardie & Shang 2010, eq. 7):
 *
 * C(n,x) B(α+x, β+n-x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *   + Σ_{i=x}^{n-1} C(i,x) B(α+x, β+i-x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ).
 *
 * Multiply by the number of customers for the expected histogram of x (the in-sample fit check).
 *
 * @example
 * ```ts
 * bgbbProbabilityOfTransactions({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 0, 6);
 * // ≈ 0.3112: 3,455.8 of the 11,104 donors (the unrounded fit: 0.3111, 3,454.9; actual 3,464)
 * ```
 */
export function bgbbProbabilityOfTransactions(params: BgBbParams, x: number, n: number): number {
  const api = 'bgbbProbabilityOfTransactions';
  checkBgBbParams(api, params);
  requireInteger(api, 'n', n);
  requireInteger(api, 'x', x);
  if (x > n) throw new ModelInputError(api, 'x', `at most n (${n})`, x);
  const { alpha, beta, gamma, delta } = params;
  const logNormP = logBeta(alpha, beta);
  const logNormTheta = logBeta(gamma, delta);
  let total = Math.exp(
    logChoose(n, x) +
      logBeta(alpha + x, beta + n - x) -
      logNormP +
      logBeta(gamma, delta + n) -
      logNormTheta,
  );
  for (let i = x; i < n; i++) {
    total += Math.exp(
      logChoose(i, x) +
        logBeta(alpha + x, beta + i - x) -
        logNormP +
        logBeta(gamma + 1, delta + i) -
        logNormTheta,
    );
  }
  return Math.min(1, total);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}
