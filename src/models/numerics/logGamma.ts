import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * The natural logarithm of the absolute value of the gamma function, ln |Γ(x)|.
 * `Infinity` at the poles (0, -1, -2, ...); `NaN` only for `NaN`.
 *
 * @example
 * ```ts
 * logGamma(5); // ln 24 ≈ 3.1780538
 * logGamma(0.5); // ln √π ≈ 0.5723649
 * ```
 */
export function logGamma(x: number): number {
  return gammaln(x);
}

/**
 * The natural logarithm of the beta function, ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for
 * a, b > 0, accurate also when one argument is much larger than the other.
 *
 * @example
 * ```ts
 * logBeta(2, 3); // ln(1/12) ≈ -2.4849066
 * ```
 */
export function logBeta(a: number, b: number): number {
  return betaln(a, b);
}

/**
 * The sign of Γ(x): 1 for x > 0, alternating between the poles for x < 0, 0 at the poles.
 *
 * @example
 * ```ts
 * gammaSign(-0.5); // -1 (Γ(-0.5) = -2√π)
 * ```
 */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return 0;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}
