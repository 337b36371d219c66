/**
 * The digamma function ψ(x) = d/dx ln Γ(x), for x > 0 (the models' gradients need no more):
 * the recurrence ψ(x) = ψ(x + 1) - 1/x up to x >= 10, then the asymptotic series
 * ln x - 1/(2x) - Σ B₂ₖ / (2k x²ᵏ) to x⁻¹⁴ (next term below 5e-17 of the result).
 * `NaN` for x <= 0 or `NaN`; `Infinity` for `Infinity`.
 *
 * @example
 * ```ts
 * digamma(1); // -0.5772156649015329 (minus the Euler-Mascheroni constant)
 * digamma(0.5); // -1.9635100260214235
 * ```
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return x;
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += 1 / y;
    y += 1;
  }
  return asymptotic(y) - shift;
}

/**
 * ψ(a + b) - ψ(a) for a, b > 0, accurate also when a is huge (a customer with millions of
 * transactions), where the difference of two nearly equal digammas would lose its digits.
 *
 * @example
 * ```ts
 * digammaDifference(1, 1); // 1 (ψ(2) - ψ(1))
 * digammaDifference(1e9, 2); // ≈ 2e-9
 * ```
 */
export function digammaDifference(a: number, b: number): number {
  if (a < 1e5) return digamma(a + b) - digamma(a);
  // The asymptotic series term by term, each difference formed without cancellation; the
  // x⁻⁴ terms are below 1e-20 of the result here.
  const c = a + b;
  return Math.log1p(b / a) + b / (2 * a * c) + (b * (a + c)) / (12 * a * a * c * c);
}

/** ln y - 1/(2y) - Σ B₂ₖ / (2k y²ᵏ), k = 1..7, for y >= 10. */
function asymptotic(y: number): number {
  const w = 1 / (y * y);
  const series =
    w *
    (1 / 12 -
      w *
        (1 / 120 -
          w * (1 / 252 - w * (1 / 240 - w * (1 / 132 - w * (691 / 32760 - w * (1 / 12)))))));
  return Math.log(y) - 0.5 / y - series;
}
