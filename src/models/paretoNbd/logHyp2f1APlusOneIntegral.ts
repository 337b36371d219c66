import { hyp2f1Work } from '../numerics/hyp2f1.js';

/** Nodes and weights of the 10-point Gauss-Legendre rule on [-1, 1] (positive half). */
const NODES = [
  0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845,
  0.9739065285171717,
];
const WEIGHTS = [
  0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881,
];

/** Most unit panels the quadrature visits (the range in u is at most ln(1 + 60/s) <= 700). */
export const MAX_PANELS = 800;

/**
 * ln ₂F₁(a, b; a+1; z) for a > 0, b > 0, 0 <= z <= 1 given also w = 1 - z > 0, by quadrature of
 * Euler's integral with t = e^(-y/a):
 *
 *   ₂F₁(a, b; a+1; z) = ∫₀^∞ e^(-y) (1 - z e^(-y/a))^(-b) dy
 *                     = w^(-b) ∫₀^∞ exp(-y - b ln(1 + z (1 - e^(-y/a)) / w)) dy.
 *
 * Unlike the power series (about 40/w terms) or the connection formula (terms growing like
 * (a w)^n / n!, cancelling), the work does not depend on how large a is or how close z is to 1:
 * with y = s (e^u - 1), s = 1/(1 + b z/(a w)) the scale of the integrand at 0, the integrand is
 * a smooth bump in u, analytic in a strip of half-width π/2, summed by 10-point Gauss-Legendre
 * on unit panels (error below 1e-16 per panel) until the panels stop contributing: at most
 * {@link MAX_PANELS} panels (each integrand evaluation counts as a term in `hyp2f1Work`).
 * With `gradient`, the same nodes give the partial derivatives (differentiated under the
 * integral sign).
 * `NaN` when the parameters are outside the domain. @internal
 *
 * @example
 * ```ts
 * logHyp2f1APlusOneIntegral(1, 1, 0.75, 0.25); // ln(-ln(0.25) / 0.75) ≈ 0.614316
 * ```
 */
export function logHyp2f1APlusOneIntegral(
  a: number,
  b: number,
  z: number,
  w: number,
  gradient?: Hyp2f1APlusOneGradient,
): number {
  // z may round to 1 when w (given separately) is below 1e-16.
  if (!(a > 0 && b > 0 && z >= 0 && z <= 1 && w > 0)) return Number.NaN;
  if (z === 0) {
    if (gradient !== undefined) setGradient(gradient, 0, -Math.log(w), -b / (a + 1), -b);
    return 0;
  }
  const ratio = z / w;
  const s = 1 / (1 + (b / a) * ratio); // b / a first: b * ratio may overflow
  const ratioPerA = ratio / a;
  // Values are scaled by the integrand at u = 0 (ln s), so that nothing overflows.
  const shift = Math.log(s);
  // Sums over the nodes of the integrand e and of e times ln(D/w), e^-q y/(D/w), (1-e^-q)/(D/w)
  // and 1/(D/w), D = 1 - z e^-q = w (1 + growth): the partial derivatives of ln F.
  let sum = 0;
  let sumLog = 0;
  let sumA = 0;
  let sumZ = 0;
  let sumW = 0;
  const add = (u: number, weight: number): number => {
    const y = s * Math.expm1(u);
    const q = y / a;
    // z (1 - e^(-q)) / w, without letting q underflow when a is huge (x = 1e300).
    const growth = q < 1e-5 ? ratioPerA * y * (1 - q / 2 + (q * q) / 6) : -ratio * Math.expm1(-q);
    const logGrowth = Math.log1p(growth);
    // ln of the integrand in u: ln(s e^u) - y - b ln(1 + growth), minus the shift ln s.
    const e = weight * Math.exp(u - y - b * logGrowth);
    sum += e;
    if (gradient !== undefined) {
      const inverse = e / (1 + growth);
      sumLog += e * logGrowth;
      sumA += inverse * Math.exp(-q) * y;
      sumZ += inverse * -Math.expm1(-q);
      sumW += inverse;
    }
    return e;
  };
  let previous = Number.POSITIVE_INFINITY;
  for (let panel = 0; panel < MAX_PANELS; panel++) {
    const middle = panel + 0.5;
    let part = 0;
    for (let i = 0; i < NODES.length; i++) {
      const offset = 0.5 * (NODES[i] as number);
      const weight = 0.5 * (WEIGHTS[i] as number);
      part += add(middle - offset, weight) + add(middle + offset, weight);
    }
    hyp2f1Work.terms += 2 * NODES.length;
    // The bump rises (at most while s e^u < 1 or so), then falls: stop once it is falling and
    // negligible.
    if (part <= previous && part <= 1e-17 * sum) {
      if (gradient !== undefined) {
        setGradient(
          gradient,
          (b / a) * ratioPerA * (sumA / sum),
          -(Math.log(w) + sumLog / sum),
          -b * (sumZ / sum),
          -b * (sumW / sum),
        );
      }
      return -b * Math.log(w) + shift + Math.log(sum);
    }
    previous = part;
  }
  return Number.NaN;
}

/**
 * Partial derivatives of ln ₂F₁(a, b; a+1; z) as {@link logHyp2f1APlusOneIntegral} computes it,
 * with z and w = 1 - z taken as independent arguments (the caller applies the chain rule), the
 * last two times w so that they stay finite as w goes to 0. @internal
 */
export interface Hyp2f1APlusOneGradient {
  a: number;
  b: number;
  /** w ∂/∂z. */
  zTimesW: number;
  /** w ∂/∂w. */
  wTimesW: number;
}

function setGradient(
  out: Hyp2f1APlusOneGradient,
  a: number,
  b: number,
  zTimesW: number,
  wTimesW: number,
): void {
  out.a = a;
  out.b = b;
  out.zTimesW = zTimesW;
  out.wTimesW = wTimesW;
}
