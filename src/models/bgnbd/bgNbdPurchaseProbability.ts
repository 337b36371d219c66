import { checkFiniteHorizon } from '../clv/checkPredictionInput.js';
import { logBeta } from '../numerics/logBeta.js';
import { logGamma } from '../numerics/logGamma.js';
import type { BgNbdParams } from './BgNbdParams.js';
import { checkBgNbdInput } from './bgNbdPAlive.js';

/**
 * P(X(t) = n): the probability that a new customer makes exactly `n` repeat purchases within
 * `t` time units (Fader, Hardie & Lee 2005, eq. 8), in log space. 0 for an `n` that is not an
 * integer >= 0.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0 or t not a finite
 *   number >= 0.
 *
 * @example
 * ```ts
 * const params = { r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 };
 * bgNbdPurchaseProbability(params, 0, 39); // ≈ 0.5743 (0.5738 with the rounded fit)
 * ```
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, n: number, t: number): number {
  const api = 'bgNbdPurchaseProbability';
  checkBgNbdInput(api, params);
  checkFiniteHorizon(api, t);
  if (!Number.isInteger(n) || n < 0) return 0;
  if (!(t > 0)) return n === 0 ? 1 : 0;
  const { r, alpha, a, b } = params;
  const logP = Math.log(t) - Math.log(alpha + t);
  const logQ = Math.log(alpha) - Math.log(alpha + t);
  // Negative binomial pmf of the purchases of a customer who stays alive through t.
  const logNb = (j: number) =>
    logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logQ + j * logP;
  const aliveTerm = Math.exp(logBeta(a, b + n) - logBeta(a, b) + logNb(n));
  if (n === 0) return clamp(aliveTerm);
  // P(NB >= n): sum the tail directly when the head is large, to avoid cancellation.
  let head = 0;
  for (let j = 0; j < n; j++) head += Math.exp(logNb(j));
  let tail: number;
  // Summing the tail keeps relative precision when it is tiny; where its terms decay too slowly
  // (t much longer than alpha), 1 - head is exact to ~1e-16 absolute.
  if (head < 0.5 || logP > Math.log(0.99)) tail = Math.max(0, 1 - head);
  else {
    tail = 0;
    // Half the mass is below n, so the terms decrease geometrically once their ratio is < 1.
    let logTerm = logNb(n);
    for (let j = n; j < n + 100_000; j++) {
      const term = Math.exp(logTerm);
      tail += term;
      const logRatio = Math.log(r + j) - Math.log(j + 1) + logP;
      if (logRatio < 0 && term <= 1e-17 * tail) break;
      logTerm += logRatio;
    }
  }
  const droppedTerm = Math.exp(logBeta(a + 1, b + n - 1) - logBeta(a, b)) * tail;
  return clamp(aliveTerm + droppedTerm);
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
