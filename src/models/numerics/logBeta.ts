/*
 * A port of dlbeta from SLATEC FNLIB (W. Fullerton, Los Alamos Scientific Laboratory, 1977),
 * public domain; alnrel is Math.log1p.
 */
import { logGamma } from './logGamma.js';
import { logGammaCorrection } from './logGammaCorrection.js';

const LN_SQRT_2PI = 0.9189385332046728;

/**
 * The natural logarithm of the beta function, ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for
 * a, b > 0, accurate also when one argument is much larger than the other.
 * `Infinity` when an argument is 0, `NaN` when one is negative or `NaN`.
 *
 * @example
 * ```ts
 * logBeta(2, 3); // ln(1/12) ≈ -2.4849066
 * ```
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (Number.isNaN(p) || p < 0) return Number.NaN;
  if (p === 0) return Number.POSITIVE_INFINITY;
  if (q === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  if (p >= 10) {
    // Stirling's formula for all three terms, with the large parts cancelled analytically.
    const corr = logGammaCorrection(p) + logGammaCorrection(q) - logGammaCorrection(p + q);
    const ratio = p / (p + q);
    return (
      -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(ratio) + q * Math.log1p(-ratio)
    );
  }
  if (q >= 10) {
    // ln Γ(q) - ln Γ(p + q) by Stirling's formula, so a huge q loses no digits.
    const corr = logGammaCorrection(q) - logGammaCorrection(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  // Both below 10: the three log-gammas are small, so their sum loses nothing that matters.
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}
