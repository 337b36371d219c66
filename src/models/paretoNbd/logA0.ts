import { hyp2f1Work, logHyp2f1 } from '../numerics/hyp2f1.js';
import { logHyp2f1APlusOneIntegral } from './logHyp2f1APlusOneIntegral.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';

/**
 * ln A₀ of the Pareto/NBD likelihood (Fader & Hardie 2005, note 009, eq. 19-20):
 * A₀ = F(t_x) - F(T), F(u) = ₂F₁(r+s+x, b; r+s+x+1; |α-β| / (max(α,β) + u)) / (max(α,β) + u)^(r+s+x)
 * with b = s+1 when α >= β, else r+x. `-Infinity` when t_x = T (A₀ = 0); NaN where the
 * hypergeometric function is not computable within its term budget (see `logHyp2f1`).
 * @internal
 */
export function logA0(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (tx === T) return Number.NEGATIVE_INFINITY;
  const { r, alpha, s, beta } = params;
  const high = Math.max(alpha, beta);
  const low = Math.min(alpha, beta);
  const b = alpha >= beta ? s + 1 : r + x;
  const a = r + s + x;
  const atTx = logTerm(a, b, high, low, tx);
  const atT = logTerm(a, b, high, low, T);
  const difference = atT - atTx;
  if (Number.isNaN(difference)) return Number.NaN;
  if (!(difference < 0)) return Number.NEGATIVE_INFINITY;
  // ln(e^atTx - e^atT) = atTx + ln(1 - e^difference)
  return (
    atTx +
    (difference > -Math.LN2 ? Math.log(-Math.expm1(difference)) : Math.log1p(-Math.exp(difference)))
  );
}

/** ln [₂F₁(a, b; a+1; z) / (high+u)^a] with z = (high-low)/(high+u). */
function logTerm(a: number, b: number, high: number, low: number, u: number): number {
  const base = high + u;
  const z = (high - low) / base;
  return logHyp2f1APlusOne(a, b, z, (low + u) / base) - a * Math.log(base);
}

/**
 * ln ₂F₁(a, b; a+1; z) for 0 <= z < 1, a > 0, given also 1 - z (computed without cancellation by
 * the caller). Euler's transformation gives (1-z)^(1-b) ₂F₁(1, a+1-b; a+1; z), a series of
 * positive terms with ratio below z when a + 1 - b > 0: no overflow, no cancellation. For
 * z >= 0.9 a quadrature of Euler's integral (see `logHyp2f1APlusOneIntegral`): bounded work for
 * shapes in the millions and z within 1e-16 of 1.
 * @internal
 */
export function logHyp2f1APlusOne(a: number, b: number, z: number, oneMinusZ: number): number {
  if (z === 0) return 0;
  const c = a + 1 - b;
  if (c > 0 && z < 0.9) {
    let sum = 1;
    let term = 1;
    // Terms shrink at least by z < 0.9 each: fewer than 400 of them.
    for (let n = 0; n < 400; n++) {
      term *= ((c + n) / (a + 1 + n)) * z;
      sum += term;
      if (term <= 1e-17 * sum) {
        hyp2f1Work.terms += n + 1;
        break;
      }
    }
    return (1 - b) * Math.log(oneMinusZ) + Math.log(sum);
  }
  // Nearer 1 the series needs about 40/(1-z) terms and the connection formula cancels for large
  // a: Euler's integral by quadrature costs the same for every a and z.
  if (b > 0) return logHyp2f1APlusOneIntegral(a, b, z, oneMinusZ);
  return logHyp2f1(a, b, a + 1, z, oneMinusZ).log;
}
