import { gammaSign, logGamma } from './logGamma.js';

/** A real number as ln |value| and its sign (-1, 0 or 1), for values beyond double range. */
export interface SignedLog {
  readonly log: number;
  readonly sign: number;
}

const LN_SCALE = 250 * Math.LN10;
/**
 * Most terms one power series may take. A series that has not converged by then (parameters in
 * the millions with z near 1) is reported as not computable (NaN) instead of summed for seconds.
 */
export const MAX_SERIES_TERMS = 20_000;
/** Digits a sum may lose to cancellation between terms of opposite sign before it is NaN. */
const MAX_CANCELLATION = 1e8;

const NOT_COMPUTABLE: SignedLog = { log: Number.NaN, sign: Number.NaN };
/** Above this z the connection formula is tried before any series in z (over 170 terms). */
const NEAR_ONE = 0.8;
/** Its estimated relative error must be below this to be taken before a series. */
const PRECISE_CONNECTION = 1e-12;
/**
 * How far c - a - b must be from an integer for that: closer, Γ(c - a - b) and Γ(a + b - c)
 * are large and cancel (the logarithmic case, handled below).
 */
const NEAR_INTEGER = 0.01;

/**
 * Terms summed by every ₂F₁ series since the counter was last set to 0, so that tests can bound
 * the work of a computation by counting instead of timing. @internal
 */
export const hyp2f1Work = { terms: 0 };

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z <= 1, as
 * ln |F| and sign, so that it neither overflows nor underflows for parameters in the thousands.
 *
 * Method (as in Cephes/scipy and the buy-till-you-die reference implementations): the power
 * series for 0 <= z <= 0.5, and up to z = 0.95 when its terms (or those of Euler's transform)
 * are all positive; Pfaff's transformation z -> z/(z-1) for z < 0; otherwise the 1 - z
 * connection formula, where c - a - b close to an integer (the logarithmic case) is handled by
 * interpolating in c from points at a safe distance. Series are summed with a running scale.
 * Above z = 0.8 the connection formula comes first when its error estimate is below 1e-12 (a
 * few dozen terms instead of thousands: BG/NBD's lifetime values evaluate z near 1 for every
 * customer). Otherwise, for 0.5 < z < 1, a series of positive terms (direct or Euler's) is
 * tried first and the connection formula only when it does not converge within
 * {@link MAX_SERIES_TERMS}.
 * `c` must not be a non-positive integer (the function is undefined there: result NaN).
 *
 * The work is bounded: every series stops after {@link MAX_SERIES_TERMS} terms. Where none
 * converges in time, or cancellation between terms would leave fewer than 8 correct digits,
 * the result is NaN (not computable) rather than a wrong number or an endless loop.
 *
 * @param oneMinusZ - 1 - z, when the caller knows it more precisely than 1 - z in floating
 *   point (z within 1e-16 of 1 with large parameters: the result depends on (1-z)^(c-a-b)).
 *
 * @example
 * ```ts
 * // ₂F₁(1, 1; 2; z) = -ln(1 - z) / z
 * const { log, sign } = logHyp2f1(1, 1, 2, 0.75); // sign 1, exp(log) ≈ 1.848392
 * ```
 */
export function logHyp2f1(
  a: number,
  b: number,
  c: number,
  z: number,
  oneMinusZ: number = 1 - z,
): SignedLog {
  if (![a, b, c, z].every(Number.isFinite) || z > 1 || isNonPositiveInteger(c)) {
    return { log: Number.NaN, sign: Number.NaN };
  }
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    // Pfaff: F(a, b; c; z) = (1 - z)^(-a) F(a, c - b; c; z / (z - 1)); the new argument is in (0, 1).
    const inner = logHyp2f1(a, c - b, c, z / (z - 1));
    return { log: inner.log - a * Math.log1p(-z), sign: inner.sign };
  }
  if (z === 1) return atOne(a, b, c);
  const m = c - a - b;
  const euler = c > 0 && c - a > 0 && c - b > 0;
  if (z <= 0.5) {
    // Euler's form F = (1-z)^(c-a-b) F(c-a, c-b; c; z) when its terms shrink faster (huge a and
    // b with c - a, c - b small: BG/NBD with fitted shapes near 1e11).
    if (euler && (c - a) * (c - b) < Math.abs(a * b)) return eulerSeries(a, b, c, z, oneMinusZ);
    return series(a, b, c, z);
  }
  if (z > NEAR_ONE && Math.abs(m - Math.round(m)) > NEAR_INTEGER) {
    // A series in z needs about 39 / -ln(z) terms (thousands near z = 1); the connection
    // formula's two series in 1 - z need a few dozen. Taken first when its error estimate
    // promises nearly full precision (moderate parameters, no cancellation between its terms).
    const fast = connection(a, b, c, oneMinusZ, PRECISE_CONNECTION);
    if (!Number.isNaN(fast.log)) return fast;
  }
  if (c > 0) {
    // Series of positive terms cannot cancel: sum them directly when they converge within the
    // term budget, rather than through the connection formula, whose two terms may cancel for
    // large parameters. Euler's form decays faster when c < a + b.
    if (euler && (m < 0 || !(a > 0 && b > 0))) {
      const inner = eulerSeries(a, b, c, z, oneMinusZ);
      if (!Number.isNaN(inner.log)) return inner;
    } else if (a > 0 && b > 0) {
      const inner = series(a, b, c, z);
      if (!Number.isNaN(inner.log)) return inner;
    }
  }
  const nearest = Math.round(m);
  if (Math.abs(m - nearest) >= 2e-3) return connection(a, b, c, oneMinusZ);
  // Logarithmic case: interpolate ln|F| in c through four points around the integer.
  const base = c - (m - nearest);
  const nodes = [-4e-3, -2e-3, 2e-3, 4e-3];
  const values = nodes.map((offset) => connection(a, b, base + offset, oneMinusZ));
  if (values.some((value) => Number.isNaN(value.log))) return NOT_COMPUTABLE;
  const sign = values[0]?.sign ?? 0;
  if (values.some((value) => value.sign !== sign)) return connection(a, b, c, oneMinusZ);
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

/** Euler's transformation F(a, b; c; z) = (1-z)^(c-a-b) F(c-a, c-b; c; z). */
function eulerSeries(a: number, b: number, c: number, z: number, w: number): SignedLog {
  const inner = series(c - a, c - b, c, z);
  return { log: inner.log + (c - a - b) * Math.log(w), sign: inner.sign };
}

/**
 * The power series, with a running scale so that terms may exceed double range; at most
 * {@link MAX_SERIES_TERMS} terms. NaN when it has not converged by then or when cancellation
 * between terms of opposite sign has cost more than 8 digits.
 */
function series(a: number, b: number, c: number, z: number): SignedLog {
  // F(a, b; b; z) = (1-z)^(-a) (and symmetrically): the connection formula meets this form.
  if (b === c) return { log: -a * Math.log1p(-z), sign: 1 };
  if (a === c) return { log: -b * Math.log1p(-z), sign: 1 };
  let sum = 1;
  let term = 1;
  let largest = 1;
  let logScale = 0;
  // Until n passes -a, -b and -c, the terms may shrink and then grow again: with c = -71.7 (the
  // connection formula at c - a - b = 72.7) they fall below 1e-17 of the sum by n = 30 and
  // surge near n = 72, where c + n is near 0. No stopping before then.
  const settled = Math.max(-a, -b, -c);
  for (let n = 0; n < MAX_SERIES_TERMS; n++) {
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    term *= ratio;
    sum += term;
    const size = Math.abs(term);
    if (size > largest) largest = size;
    if (term === 0 || (n >= settled && Math.abs(ratio) < 1 && size <= 1e-17 * Math.abs(sum))) {
      hyp2f1Work.terms += n + 1;
      if (!(largest <= MAX_CANCELLATION * Math.abs(sum))) return NOT_COMPUTABLE;
      return { log: Math.log(Math.abs(sum)) + logScale, sign: Math.sign(sum) };
    }
    if (Math.abs(sum) > 1e250 || size > 1e250) {
      sum *= 1e-250;
      term *= 1e-250;
      largest *= 1e-250;
      logScale += LN_SCALE;
    }
  }
  hyp2f1Work.terms += MAX_SERIES_TERMS;
  return NOT_COMPUTABLE;
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
  if (Number.isNaN(p.log) || Number.isNaN(q.log)) return NOT_COMPUTABLE;
  const [large, small] = p.log >= q.log ? [p, q] : [q, p];
  const ratio = Math.exp(small.log - large.log) * small.sign * large.sign;
  const scaled = 1 + ratio;
  // Two nearly equal terms of opposite sign: the difference has lost its digits.
  if (Math.abs(scaled) < 1 / MAX_CANCELLATION) return NOT_COMPUTABLE;
  return { log: large.log + Math.log(Math.abs(scaled)), sign: large.sign * Math.sign(scaled) };
}

/** The connection formula between z and w = 1 - z (DLMF 15.8.4), for c - a - b not an integer. */
function connection(
  a: number,
  b: number,
  c: number,
  w: number,
  maxError = 1 / MAX_CANCELLATION,
): SignedLog {
  const m = c - a - b;
  // Each term carries a relative error of about 1e-16 times the size of the logarithms it was
  // formed from (log-gammas of parameters in the millions: 1e-9); cancellation between the
  // terms multiplies it. Beyond `maxError` (1e-8 by default) the sum is not a result, and when
  // the logarithms alone are too large for it, neither series is summed.
  // (Poles of Γ contribute an exact 0.)
  const logs = [c, m, c - a, c - b, a, b].map(logGamma).filter(Number.isFinite).map(Math.abs);
  const noise = 4e-16 * (logs.reduce((total, x) => total + x, 0) + Math.abs(m * Math.log(w)));
  if (!(noise <= maxError)) return NOT_COMPUTABLE;
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
  const sum = add(first, second);
  const cancellation = Math.exp(Math.max(first.log, second.log) - sum.log);
  return noise * cancellation <= maxError ? sum : NOT_COMPUTABLE;
}

/** Gauss's theorem: F(a, b; c; 1) = Γ(c) Γ(c - a - b) / (Γ(c - a) Γ(c - b)) for c - a - b > 0. */
function atOne(a: number, b: number, c: number): SignedLog {
  const m = c - a - b;
  if (m <= 0) return { log: Number.POSITIVE_INFINITY, sign: 1 };
  return product(gammaTerm(c), gammaTerm(m), reciprocalGamma(c - a), reciprocalGamma(c - b));
}
