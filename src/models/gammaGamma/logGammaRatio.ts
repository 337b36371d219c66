import { logGamma } from '../numerics/logGamma.js';

/**
 * ln Γ(a + b) - ln Γ(a) for a, b > 0, accurate also when a is huge (a customer with millions of
 * transactions), where the difference of two huge log-gammas would lose most of its digits.
 * Internal to the Gamma-Gamma likelihood.
 */
export function logGammaRatio(a: number, b: number): number {
  if (a < 1e5) return logGamma(a + b) - logGamma(a);
  // Stirling's series for both terms; the next terms are below 1e-17.
  return (
    (a - 0.5) * Math.log1p(b / a) + b * Math.log(a + b) - b + 1 / (12 * (a + b)) - 1 / (12 * a)
  );
}
