/*! @license
 * logGamma is a port of FreeBSD msun's e_lgamma_r.c (__ieee754_lgamma_r), whose notice follows.
 *
 * ====================================================
 * Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
 *
 * Developed at SunSoft, a Sun Microsystems, Inc. business.
 * Permission to use, copy, modify, and distribute this
 * software is freely granted, provided that this notice
 * is preserved.
 * ====================================================
 */

// Rational and polynomial coefficients of e_lgamma_r.c (same doubles, written shortest).
// ln Γ(x) around x = 2 (and, through ln Γ(x) = ln Γ(x + 1) - ln x, around 1) on [0.73, 1.27]: y, even and odd.
const A0 = 7.721566490153287e-2;
const A1 = 3.224670334241136e-1;
const A2 = 6.735230105312927e-2;
const A3 = 2.0580808432516733e-2;
const A4 = 7.385550860814029e-3;
const A5 = 2.8905138367341563e-3;
const A6 = 1.1927076318336207e-3;
const A7 = 5.100697921535113e-4;
const A8 = 2.2086279071390839e-4;
const A9 = 1.0801156724758394e-4;
const A10 = 2.5214456545125733e-5;
const A11 = 4.4864094961891516e-5;
// Around the minimum of Γ at TC, where ln Γ = TF + TT (head and negated tail), so the result stays monotonic.
const TC = 1.4616321449683622;
const TF = -1.2148629053584961e-1;
const TT = -3.638676997039505e-18;
const T0 = 4.8383612272381005e-1;
const T1 = -1.475877229945939e-1;
const T2 = 6.462494023913339e-2;
const T3 = -3.2788541075985965e-2;
const T4 = 1.797067508118204e-2;
const T5 = -1.0314224129834144e-2;
const T6 = 6.100538702462913e-3;
const T7 = -3.6845201678113826e-3;
const T8 = 2.2596478090061247e-3;
const T9 = -1.4034646998923284e-3;
const T10 = 8.81081882437654e-4;
const T11 = -5.385953053567405e-4;
const T12 = 3.1563207090362595e-4;
const T13 = -3.1275416837512086e-4;
const T14 = 3.355291926355191e-4;
// Rational approximation near x = 1: ln Γ(1 + y) = -y/2 + U(y)/V(y).
const U0 = -7.721566490153287e-2;
const U1 = 6.328270640250934e-1;
const U2 = 1.4549225013723477;
const U3 = 9.777175279633727e-1;
const U4 = 2.2896372806469245e-1;
const U5 = 1.3381091853678766e-2;
const V1 = 2.4559779371304113;
const V2 = 2.128489763798934;
const V3 = 7.692851504566728e-1;
const V4 = 1.0422264559336913e-1;
const V5 = 3.217092422824239e-3;
// Rational approximation on [2, 3]: ln Γ(2 + s) = s/2 + S(s)/R(s).
const S0 = -7.721566490153287e-2;
const S1 = 2.1498241596060885e-1;
const S2 = 3.25778796408931e-1;
const S3 = 1.4635047265246445e-1;
const S4 = 2.664227030336386e-2;
const S5 = 1.8402845140733772e-3;
const S6 = 3.194753265841009e-5;
const R1 = 1.3920053346762105;
const R2 = 7.219355475671381e-1;
const R3 = 1.7193386563280308e-1;
const R4 = 1.864591917156529e-2;
const R5 = 7.779424963818936e-4;
const R6 = 7.326684307446256e-6;
// Stirling's series for x >= 8: ln Γ(x) = (x - 1/2)(ln x - 1) + W(1/x).
const W0 = 4.189385332046727e-1;
const W1 = 8.333333333333297e-2;
const W2 = -2.7777777772877554e-3;
const W3 = 7.936505586430196e-4;
const W4 = -5.9518755745034e-4;
const W5 = 8.363399189962821e-4;
const W6 = -1.6309293409657527e-3;

// The C code branches on the high 32 bits of x; these are the doubles whose high words those are
// (low word 0), so `x >= value` tests the same thing.
const TINY = 2 ** -70; // 0x3b900000
const HUGE = 2 ** 58; // 0x43900000
const ALL_INTEGERS = 2 ** 52; // 0x43300000: every double this large is an integer
const BELOW_POINT_NINE = 0.9000000953674316; // 0x3feccccd: the C code's ix <= 0x3feccccc is x below this
const FROM_0_7316 = 0.7315998077392578; // 0x3fe76944
const FROM_0_2316 = 0.23163998126983643; // 0x3fcda661
const FROM_1_7316 = 1.7316312789916992; // 0x3ffbb4c3
const FROM_1_2316 = 1.2316322326660156; // 0x3ff3b4c4

/**
 * The natural logarithm of the absolute value of the gamma function, ln |Γ(x)|.
 * `Infinity` at the poles (0, -1, -2, ...) and at ±Infinity; `NaN` only for `NaN`.
 *
 * @example
 * ```ts
 * logGamma(5); // ln 24 ≈ 3.1780538
 * logGamma(0.5); // ln √π ≈ 0.5723649
 * ```
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return Number.POSITIVE_INFINITY;
  if (x === 0) return Number.POSITIVE_INFINITY;
  const negative = x < 0;
  const abs = negative ? -x : x;
  // Γ(x) ~ 1/x: the next term, -γ x, is below the last bit of -ln|x|.
  if (abs < TINY) return -Math.log(abs);
  let reflection = 0;
  if (negative) {
    if (abs >= ALL_INTEGERS || Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Γ(x) Γ(-x) = -π / (x sin(πx)): ln|Γ(x)| = ln(π / |x sin(πx)|) - ln Γ(-x).
    reflection = Math.log(Math.PI / Math.abs(sinPiOfNegative(x) * x));
  }
  const r = logGammaPositive(abs);
  return negative ? reflection - r : r;
}

/** ln Γ(x) for finite x >= 2^-70, by the ranges of e_lgamma_r.c. */
function logGammaPositive(x: number): number {
  if (x === 1 || x === 2) return 0;
  if (x < 2) {
    // Below 0.9 use ln Γ(x) = ln Γ(x + 1) - ln x, approximated around 1 or Γ's minimum.
    let r: number;
    let y: number;
    let range: 0 | 1 | 2;
    if (x < BELOW_POINT_NINE) {
      r = -Math.log(x);
      if (x >= FROM_0_7316) {
        y = 1 - x;
        range = 0;
      } else if (x >= FROM_0_2316) {
        y = x - (TC - 1);
        range = 1;
      } else {
        y = x;
        range = 2;
      }
    } else {
      r = 0;
      if (x >= FROM_1_7316) {
        y = 2 - x;
        range = 0;
      } else if (x >= FROM_1_2316) {
        y = x - TC;
        range = 1;
      } else {
        y = x - 1;
        range = 2;
      }
    }
    if (range === 0) {
      const z = y * y;
      const p1 = A0 + z * (A2 + z * (A4 + z * (A6 + z * (A8 + z * A10))));
      const p2 = z * (A1 + z * (A3 + z * (A5 + z * (A7 + z * (A9 + z * A11)))));
      return r + (y * p1 + p2 - 0.5 * y);
    }
    if (range === 1) {
      const z = y * y;
      const w = z * y;
      // Three interleaved polynomials in w = y^3, as in the original, for precision.
      const p1 = T0 + w * (T3 + w * (T6 + w * (T9 + w * T12)));
      const p2 = T1 + w * (T4 + w * (T7 + w * (T10 + w * T13)));
      const p3 = T2 + w * (T5 + w * (T8 + w * (T11 + w * T14)));
      const p = z * p1 - (TT - w * (p2 + y * p3));
      return r + (TF + p);
    }
    const p1 = y * (U0 + y * (U1 + y * (U2 + y * (U3 + y * (U4 + y * U5)))));
    const p2 = 1 + y * (V1 + y * (V2 + y * (V3 + y * (V4 + y * V5))));
    return r + (-0.5 * y + p1 / p2);
  }
  if (x < 8) {
    const i = Math.trunc(x);
    const y = x - i;
    const p = y * (S0 + y * (S1 + y * (S2 + y * (S3 + y * (S4 + y * (S5 + y * S6))))));
    const q = 1 + y * (R1 + y * (R2 + y * (R3 + y * (R4 + y * (R5 + y * R6)))));
    const r = 0.5 * y + p / q;
    if (i < 3) return r;
    // ln Γ(i + y) = ln Γ(2 + y) + ln((2 + y)(3 + y)...(i - 1 + y)), one log for the product.
    let z = 1;
    for (let k = i - 1; k >= 2; k--) z *= y + k;
    return r + Math.log(z);
  }
  if (x < HUGE) {
    const t = Math.log(x);
    const z = 1 / x;
    const y = z * z;
    const w = W0 + z * (W1 + y * (W2 + y * (W3 + y * (W4 + y * (W5 + y * W6)))));
    return (x - 0.5) * (t - 1) + w;
  }
  return x * (Math.log(x) - 1);
}

/**
 * sin(πx) for a negative non-integer x above -2^52, reduced exactly to an octant of [0, 2)
 * so that π is never multiplied by a large argument.
 */
function sinPiOfNegative(x: number): number {
  if (x > -0.25) return Math.sin(Math.PI * x);
  const y = -x;
  // y - 2 floor(y / 2) is exact: y mod 2 in [0, 2).
  const m = y - 2 * Math.floor(y / 2);
  const octant = Math.floor(m * 4);
  let s: number;
  switch (octant) {
    case 0:
      s = Math.sin(Math.PI * m);
      break;
    case 1:
    case 2:
      s = Math.cos(Math.PI * (0.5 - m));
      break;
    case 3:
    case 4:
      s = Math.sin(Math.PI * (1 - m));
      break;
    case 5:
    case 6:
      s = -Math.cos(Math.PI * (m - 1.5));
      break;
    default:
      s = Math.sin(Math.PI * (m - 2));
  }
  return -s;
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
