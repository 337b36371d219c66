/** Terms summed one by one before the tail of an undiscounted series is integrated. */
const DIRECT_TERMS = 100_000;
/** Enough for a discount factor down to 1 - 3.5e-7 per period; smaller rates are rejected by callers. */
const MAX_DISCOUNTED_TERMS = 100_000_000;

/**
 * The series S = Σ_{j=0}^{count-1} z^j · Π_{i<j} (b + i) / (c + i) for 0 < b < c and 0 < z <= 1:
 * the truncated Gauss hypergeometric series 2F1(1, b; c; z). It is the shape shared by the sBG's
 * discounted residual lifetime, the BG/BB's expected and discounted transactions, and the
 * beta-geometric survival sums: every term is E[(1 - θ)^j] for a beta-distributed θ, times z^j.
 *
 * All terms are positive, so the direct sum is exact to rounding. Past 100,000 undiscounted terms
 * the tail is integrated with the asymptotic Γ(u + b) / Γ(u + c) ≈ (u + (b + c - 1) / 2)^(b - c)
 * (relative error below 1e-10 there); discounted series stop when the remaining tail is below
 * 1e-16 of the sum. `count` may be `Infinity`; the sum is `Infinity` when it diverges (z = 1 and
 * c - b <= 1). Internal: callers validate their inputs.
 *
 * @example
 * ```ts
 * betaRatioSeries(1, 2, 1, 3); // 1 + 1/2 + 1/3
 * ```
 */
export function betaRatioSeries(b: number, c: number, z: number, count: number): number {
  if (count <= 0) return 0;
  const s = c - b;
  if (z >= 1 && count === Number.POSITIVE_INFINITY) {
    return s > 1 ? (c - 1) / (s - 1) : Number.POSITIVE_INFINITY;
  }
  let sum = 0;
  let term = 1;
  let j = 0;
  if (z < 1) {
    const tailFactor = z / (1 - z);
    const limit = Math.min(count, MAX_DISCOUNTED_TERMS);
    while (j < limit) {
      sum += term;
      term *= (z * (b + j)) / (c + j);
      j += 1;
      // Each later term shrinks by at least z, so what is left is below term · z / (1 - z).
      if (term * tailFactor <= 1e-16 * sum || term === 0) break;
    }
    return sum;
  }
  const direct = Math.min(count, DIRECT_TERMS);
  while (j < direct) {
    sum += term;
    term *= (b + j) / (c + j);
    j += 1;
  }
  if (count <= direct || term === 0) return sum;
  // Midpoint rule on the smooth tail: Σ_{j=J}^{N-1} t(j) ≈ ∫_{J-1/2}^{N-1/2} t(u) du with
  // t(u) = t_J · ((J + h) / (u + h))^s.
  const h = (b + c - 1) / 2;
  const from = j - 0.5 + h;
  const to = count - 0.5 + h;
  const exponent = 1 - s;
  const logRatio = Math.log(to / from);
  const integral = exponent === 0 ? logRatio : Math.expm1(exponent * logRatio) / exponent;
  return sum + term * ((j + h) / from) ** s * from * integral;
}
