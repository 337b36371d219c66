import { gammaSign, logGamma } from './logGamma.js';

/**
 * The scaled upper incomplete gamma function e^z · z^(-a) · Γ(a, z) for z > 0 and any real a
 * (also a <= 0, where Γ(a) itself is undefined but Γ(a, z) is not). Scaled so that it stays near
 * 1/z for large z instead of underflowing. Used by the Pareto/NBD DERT, where
 * Ψ(s, s; z) = U(s, s, z) = e^z Γ(1 - s, z).
 *
 * Method: Legendre's continued fraction (modified Lentz) for z >= 1.5; for smaller z,
 * Γ(a, z) = Γ(a) - γ(a, z) with the power series of γ; at and near a = 0, -1, -2, ... (poles of
 * Γ(a), where Γ(a, z) is still smooth in a) interpolated from points 1e-4 either side.
 *
 * @example
 * ```ts
 * upperIncompleteGammaScaled(1, 2); // e²·2⁻¹·Γ(1, 2) = e²·e⁻²/2 = 0.5
 * ```
 */
export function upperIncompleteGammaScaled(a: number, z: number): number {
  if (!(z > 0) || !Number.isFinite(a)) return Number.NaN;
  if (z >= 1.5) return continuedFraction(a, z);
  const nearest = Math.round(a);
  if (nearest <= 0 && Math.abs(a - nearest) < 1e-5) {
    // Γ(a, z) is smooth in a through the poles of Γ(a); interpolate from safe points.
    const below = smallZ(nearest - 1e-4, z);
    const above = smallZ(nearest + 1e-4, z);
    return below + ((a - (nearest - 1e-4)) / 2e-4) * (above - below);
  }
  return smallZ(a, z);
}

function continuedFraction(a: number, z: number): number {
  const tiny = 1e-300;
  let b = z + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** e^z z^(-a) [Γ(a) - γ(a, z)], γ(a, z) = z^a Σ (-z)^n / (n! (a + n)); a not a non-positive integer. */
function smallZ(a: number, z: number): number {
  let sum = 0;
  let power = 1;
  for (let n = 0; n < 200; n++) {
    const term = power / (a + n);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum) && n > 2) break;
    power *= -z / (n + 1);
  }
  const gammaA = gammaSign(a) * Math.exp(logGamma(a));
  // e^z z^(-a) Γ(a) - e^z Σ
  return Math.exp(z) * (gammaA * Math.exp(-a * Math.log(z)) - sum);
}
