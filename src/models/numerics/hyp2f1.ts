import { gammaSign, logGamma } from './logGamma.js';

/** A real number as ln |value| and its sign (-1, 0 or 1), for values beyond double range. */
export interface SignedLog {
  readonly log: number;
  readonly sign: number;
}

const LN_SCALE = 250 * Math.LN10;
const MAX_TERMS = 1_000_000;

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z <= 1, as
 * ln |F| and sign, so that it neither overflows nor underflows for parameters in the thousands.
 *
 * Method (as in Cephes/scipy and the buy-till-you-die reference implementations): the power
 * series for 0 <= z <= 0.5, and up to z = 0.95 when its terms (or those of Euler's transform)
 * are all positive; Pfaff's transformation z -> z/(z-1) for z < 0; otherwise the 1 - z
 * connection formula, where c - a - b close to an integer (the logarithmic case) is handled by
 * interpolating in c from points at a safe distance. Series are summed with a running scale.
 * `c` must not be a non-positive integer (the function is undefined there: result NaN).
 *
 * @example
 * ```ts
 * // ₂F₁(1, 1; 2; z) = -ln(1 - z) / z
 * const { log, sign } = logHyp2f1(1, 1, 2, 0.75); // sign 1, exp(log) ≈ 1.848392
 * ```
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): SignedLog {
  if (![a, b, c, z].every(Number.isFinite) || z > 1 || isNonPositiveInteger(c)) {
    return { log: Number.NaN, sign: Number.NaN };
  }
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    // Pfaff: F(a, b; c; z) = (1 - z)^(-a) F(a, c - b; c; z / (z - 1)); the new argument is in (0, 1).
    const inner = logHyp2f1(a, c - b, c, z / (z - 1));
    return { log: inner.log - a * Math.log1p(-z), sign: inner.sign };
  }
  if (z <= 0.5) return series(a, b, c, z);
  if (z === 1) return atOne(a, b, c);
  const m = c - a - b;
  if (z <= 0.95 && c > 0) {
    // Series of positive terms cannot cancel: sum them directly (at most a few thousand terms)
    // rather than through the connection formula, whose two terms may cancel for large
    // parameters. Euler's form F = (1-z)^(c-a-b) F(c-a, c-b; c; z) decays faster when c < a + b.
    const euler = c - a > 0 && c - b > 0;
    if (euler && (m < 0 || !(a > 0 && b > 0))) {
      const inner = series(c - a, c - b, c, z);
      return { log: inner.log + m * Math.log1p(-z), sign: inner.sign };
    }
    if (a > 0 && b > 0) return series(a, b, c, z);
  }
  const nearest = Math.round(m);
  if (Math.abs(m - nearest) >= 2e-3) return connection(a, b, c, z);
  // Logarithmic case: interpolate ln|F| in c through four points around the integer.
  const base = c - (m - nearest);
  const nodes = [-4e-3, -2e-3, 2e-3, 4e-3];
  const values = nodes.map((offset) => connection(a, b, base + offset, z));
  const sign = values[0]?.sign ?? 0;
  if (values.some((value) => value.sign !== sign)) return connection(a, b, c, z);
  const target = m - nearest;
  let log = 0;
  for (let i = 0; i < nodes.length; i++) {
    let weight = 1;
    for (let j = 0; j < nodes.length; j++) {
      if (j !== i) {
        weight *= (target - (nodes[j] as number)) / ((nodes[i] as number) - (nodes[j] as number));
      }
    }
    log += weight * (values[i] as SignedLog).log;
  }
  return { log, sign };
}

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real z <= 1 (see {@link logHyp2f1},
 * which it exponentiates; ±Infinity when the value is beyond double range).
 *
 * @example
 * ```ts
 * hyp2f1(1, 1, 2, 0.5); // 2 ln 2 ≈ 1.386294
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const { log, sign } = logHyp2f1(a, b, c, z);
  return sign === 0 ? 0 : sign * Math.exp(log);
}

function isNonPositiveInteger(value: number): boolean {
  return value <= 0 && Number.isInteger(value);
}

/** The power series, with a running scale so that terms may exceed double range. */
function series(a: number, b: number, c: number, z: number): SignedLog {
  let sum = 1;
  let term = 1;
  let logScale = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    if (term === 0) break;
    if (Math.abs(ratio) < 1 && Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
    if (Math.abs(sum) > 1e250 || Math.abs(term) > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      logScale += LN_SCALE;
    }
  }
  return { log: Math.log(Math.abs(sum)) + logScale, sign: Math.sign(sum) };
}

/** ln |1/Γ(x)| with the sign of 1/Γ(x) (0 at the poles). */
function reciprocalGamma(x: number): SignedLog {
  const sign = gammaSign(x);
  return sign === 0 ? { log: Number.NEGATIVE_INFINITY, sign: 0 } : { log: -logGamma(x), sign };
}

function gammaTerm(x: number): SignedLog {
  return { log: logGamma(x), sign: gammaSign(x) };
}

function product(...factors: SignedLog[]): SignedLog {
  let log = 0;
  let sign = 1;
  for (const factor of factors) {
    if (factor.sign === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0 };
    log += factor.log;
    sign *= factor.sign;
  }
  return { log, sign };
}

function add(p: SignedLog, q: SignedLog): SignedLog {
  if (p.sign === 0) return q;
  if (q.sign === 0) return p;
  const [large, small] = p.log >= q.log ? [p, q] : [q, p];
  const ratio = Math.exp(small.log - large.log) * small.sign * large.sign;
  const scaled = 1 + ratio;
  if (scaled === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0 };
  return { log: large.log + Math.log(Math.abs(scaled)), sign: large.sign * Math.sign(scaled) };
}

/** The connection formula between z and 1 - z (DLMF 15.8.4), for c - a - b not an integer. */
function connection(a: number, b: number, c: number, z: number): SignedLog {
  const m = c - a - b;
  const w = 1 - z;
  const first = product(
    gammaTerm(c),
    gammaTerm(m),
    reciprocalGamma(c - a),
    reciprocalGamma(c - b),
    series(a, b, 1 - m, w),
  );
  const second = product(
    { log: m * Math.log(w), sign: 1 },
    gammaTerm(c),
    gammaTerm(-m),
    reciprocalGamma(a),
    reciprocalGamma(b),
    series(c - a, c - b, 1 + m, w),
  );
  return add(first, second);
}

/** Gauss's theorem: F(a, b; c; 1) = Γ(c) Γ(c - a - b) / (Γ(c - a) Γ(c - b)) for c - a - b > 0. */
function atOne(a: number, b: number, c: number): SignedLog {
  const m = c - a - b;
  if (m <= 0) return { log: Number.POSITIVE_INFINITY, sign: 1 };
  return product(gammaTerm(c), gammaTerm(m), reciprocalGamma(c - a), reciprocalGamma(c - b));
}
