/** Options of {@link integrate}. */
export interface IntegrateOptions {
  /** Relative tolerance on the integral. Default: `1e-10`. */
  readonly tolerance?: number;
  /** Deepest bisection. Default: `40`. */
  readonly maxDepth?: number;
}

/**
 * ∫ₐᵇ f(x) dx by adaptive Simpson quadrature (with Richardson correction), for smooth integrands
 * on a finite interval. Non-finite values of `f` count as 0.
 *
 * @example
 * ```ts
 * integrate(Math.sin, 0, Math.PI); // ≈ 2
 * ```
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: IntegrateOptions = {},
): number {
  if (!(b > a)) return 0;
  const g = (x: number): number => {
    const value = f(x);
    return Number.isFinite(value) ? value : 0;
  };
  const tolerance = options.tolerance ?? 1e-10;
  const maxDepth = options.maxDepth ?? 40;
  // A first pass on 16 panels sets the scale of the absolute tolerance.
  const panels = 16;
  const width = (b - a) / panels;
  let coarse = 0;
  const pieces: [number, number, number, number, number, number][] = [];
  for (let k = 0; k < panels; k++) {
    const left = a + k * width;
    const right = k === panels - 1 ? b : left + width;
    const middle = (left + right) / 2;
    const fl = g(left);
    const fm = g(middle);
    const fr = g(right);
    const whole = ((right - left) / 6) * (fl + 4 * fm + fr);
    coarse += Math.abs(whole);
    pieces.push([left, right, fl, fm, fr, whole]);
  }
  const absolute = Math.max(tolerance * coarse, Number.MIN_VALUE);
  let total = 0;
  for (const [left, right, fl, fm, fr, whole] of pieces) {
    total += simpson(g, left, right, fl, fm, fr, whole, absolute / panels, maxDepth);
  }
  return total;
}

function simpson(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fm: number,
  fb: number,
  whole: number,
  tolerance: number,
  depth: number,
): number {
  const m = (a + b) / 2;
  const lm = (a + m) / 2;
  const rm = (m + b) / 2;
  const flm = f(lm);
  const frm = f(rm);
  const left = ((m - a) / 6) * (fa + 4 * flm + fm);
  const right = ((b - m) / 6) * (fm + 4 * frm + fb);
  const delta = left + right - whole;
  if (depth <= 0 || Math.abs(delta) <= 15 * tolerance) return left + right + delta / 15;
  return (
    simpson(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1) +
    simpson(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1)
  );
}
