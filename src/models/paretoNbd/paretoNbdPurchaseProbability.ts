import { checkFiniteHorizon } from '../clv/checkPredictionInput.js';
import { logHyp2f1 } from '../numerics/hyp2f1.js';
import { integrate } from '../numerics/integrate.js';
import { logBeta } from '../numerics/logBeta.js';
import { logGamma } from '../numerics/logGamma.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';
import { checkParetoNbdInput } from './paretoNbdPAlive.js';

/**
 * P(X(t) = n): the probability that a new customer makes exactly `n` repeat purchases within
 * `t` time units under Pareto/NBD (Fader & Hardie, note 012, "Deriving an expression for
 * P(X(t) = x) under the Pareto/NBD model"). The bracketed difference of that expression is
 * summed in log space; the result is clamped to [0, 1] against the last bits of rounding. 0 for
 * an `n` that is not an integer >= 0.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0 or t not a finite
 *   number >= 0.
 *
 * @example
 * ```ts
 * paretoNbdPurchaseProbability({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 0, 39);
 * ```
 */
export function paretoNbdPurchaseProbability(
  params: ParetoNbdParams,
  n: number,
  t: number,
): number {
  const api = 'paretoNbdPurchaseProbability';
  checkParetoNbdInput(api, params);
  checkFiniteHorizon(api, t);
  if (!Number.isInteger(n) || n < 0) return 0;
  if (!(t > 0)) return n === 0 ? 1 : 0;
  const { r, alpha, s, beta } = params;
  // Alive throughout (0, t]: a negative binomial count times P(lifetime > t).
  const alive = Math.exp(
    logGamma(r + n) -
      logGamma(r) -
      logGamma(n + 1) +
      r * (Math.log(alpha) - Math.log(alpha + t)) +
      n * (Math.log(t) - Math.log(alpha + t)) +
      s * (Math.log(beta) - Math.log(beta + t)),
  );
  // Died at some τ in (0, t] after n purchases.
  const high = Math.max(alpha, beta);
  const gap = Math.abs(alpha - beta);
  const b = alpha >= beta ? s + 1 : r + n;
  const c = r + s + n + 1;
  const first = logHyp2f1(r + s, b, c, gap / high).log - (r + s) * Math.log(high);
  // Σ_{i=0}^{n} Γ(r+s+i)/(Γ(r+s) i!) t^i ₂F₁(r+s+i, b; c; gap/(high+t)) / (high+t)^(r+s+i)
  let logSum = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= n; i++) {
    const term =
      logGamma(r + s + i) -
      logGamma(r + s) -
      logGamma(i + 1) +
      i * Math.log(t) +
      logHyp2f1(r + s + i, b, c, gap / (high + t)).log -
      (r + s + i) * Math.log(high + t);
    logSum = logAdd(logSum, term);
  }
  const difference = logSum - first;
  let dead: number;
  if (difference < -1e-6) {
    const bracket = first + Math.log(-Math.expm1(difference));
    dead = Math.exp(
      r * Math.log(alpha) + s * Math.log(beta) + logBeta(r + n, s + 1) - logBeta(r, s) + bracket,
    );
  } else {
    // The closed form's two terms agree to more than 6 digits: the difference would be noise.
    // Integrate over the time of death instead: ∫₀ᵗ sβ^s/(β+τ)^(s+1) · NB(n; r, α/(α+τ)) dτ.
    const logCount = logGamma(r + n) - logGamma(r) - logGamma(n + 1);
    dead = integrate(
      (tau) =>
        Math.exp(
          Math.log(s) +
            s * Math.log(beta) -
            (s + 1) * Math.log(beta + tau) +
            logCount +
            r * (Math.log(alpha) - Math.log(alpha + tau)) +
            n * (Math.log(tau) - Math.log(alpha + tau)),
        ),
      0,
      t,
    );
  }
  const value = alive + dead;
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

function logAdd(p: number, q: number): number {
  if (p === Number.NEGATIVE_INFINITY) return q;
  if (q === Number.NEGATIVE_INFINITY) return p;
  const high = Math.max(p, q);
  return high + Math.log(Math.exp(p - high) + Math.exp(q - high));
}
