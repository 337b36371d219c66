import { ModelInputError } from '../../errors/ModelInputError.js';
import type { TimeUnit } from '../summary/timeUnit.js';
import { type Duration, durationIn } from './durationIn.js';
import { continuousRate, type DiscountRate } from './ratePerUnit.js';

/** A customer's expected purchases as a function of time, for {@link discountExpectedTransactions}. */
export interface ExpectedTransactionsCurve {
  /**
   * E[X(t)]: expected transactions in the next t time units (of `timeUnit`) after the projection
   * date, non-decreasing, 0 at t = 0. For BG/NBD: `(t) => bgNbdConditionalExpectedPurchases(params, customer, t)`.
   */
  readonly expectedTransactions: (t: number) => number;
  /** The time unit of `t` and of the model's parameters (e.g. `'week'` for CDNOW). */
  readonly timeUnit: TimeUnit;
  /** How far ahead to count, finite: `{ length: 3, unit: { days: 365.25 } }`. */
  readonly horizon: Duration;
  /** The discount rate and its period; `{ rate: 0, per: 'day' }` for no discounting. */
  readonly discount: DiscountRate;
}

// 8-point Gauss-Legendre nodes and weights on [-1, 1].
const NODES = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
const WEIGHTS = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
const TOLERANCE = 1e-11;
const MAX_PIECES = 200;
/** δt at which the discount factor e^(-δt) is 1e-16: the integral stops there. */
const NEGLIGIBLE_DISCOUNT_TIMES = 16 * Math.LN10;

/**
 * Discounted expected transactions over a finite horizon: ∫_0^H e^(-δt) dE[X(t)], with δ the
 * continuous rate equivalent to `discount` per `timeUnit` and H the horizon in `timeUnit`.
 * Integrated by parts, e^(-δH) E(H) + δ ∫_0^H e^(-δt) E(t) dt, with adaptive Gauss-Legendre
 * quadrature (relative tolerance 1e-11), up to H or to where e^(-δt) falls below 1e-16, whichever
 * comes first (a horizon of centuries gives the unlimited value, not a quadrature that missed it).
 * Each purchase is discounted from the moment it happens.
 *
 * Throws `ModelInputError` for an infinite horizon (use the model's closed-form DERT) or when
 * `expectedTransactions` returns something other than a finite number >= 0.
 *
 * @example
 * ```ts
 * // One purchase a week for a year, 10 % a year: ≈ 49.7 discounted purchases
 * discountExpectedTransactions({
 *   expectedTransactions: (t) => t,
 *   timeUnit: 'week',
 *   horizon: { length: 1, unit: { days: 365.25 } },
 *   discount: { rate: 0.1, per: { days: 365.25 } },
 * });
 * ```
 */
export function discountExpectedTransactions(curve: ExpectedTransactionsCurve): number {
  const api = 'discountExpectedTransactions';
  if (typeof curve?.expectedTransactions !== 'function') {
    throw new ModelInputError(
      api,
      'expectedTransactions',
      'a function of time',
      curve?.expectedTransactions,
    );
  }
  const horizon = durationIn(curve.horizon, curve.timeUnit, api);
  if (horizon === Number.POSITIVE_INFINITY) {
    throw new ModelInputError(
      api,
      'horizon.length',
      'finite for a numerically integrated curve',
      horizon,
      "Pass the model's discounted expected residual transactions (DERT) as `discountedTransactions` for an infinite horizon.",
    );
  }
  const delta = continuousRate(curve.discount, curve.timeUnit, api);
  const expected = (t: number): number => {
    const value = curve.expectedTransactions(t);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ModelInputError(api, `expectedTransactions(${t})`, 'a finite number >= 0', value);
    }
    return value;
  };
  if (horizon === 0) return 0;
  const start = expected(0);
  const end = expected(horizon) - start;
  if (delta === 0) return Math.max(0, end);
  // Past the point where e^(-δt) falls below 1e-16 the rest weighs nothing, and a longer
  // interval only hides the integrand from the quadrature's first nodes: a horizon of a million
  // years gave 0. By parts up to `cut`, what is left out is below 1e-16 · E(horizon).
  const cut = Math.min(horizon, NEGLIGIBLE_DISCOUNT_TIMES / delta);
  const integrand = (t: number): number => Math.exp(-delta * t) * (expected(t) - start);
  const integral = adaptive(integrand, 0, cut);
  const atCut = cut === horizon ? end : expected(cut) - start;
  return Math.max(0, Math.exp(-delta * cut) * atCut + delta * integral);
}

function gauss(f: (t: number) => number, a: number, b: number): number {
  const mid = (a + b) / 2;
  const half = (b - a) / 2;
  let sum = 0;
  for (let i = 0; i < NODES.length; i++) {
    const offset = half * (NODES[i] as number);
    sum += (WEIGHTS[i] as number) * (f(mid - offset) + f(mid + offset));
  }
  return sum * half;
}

/**
 * Adaptive quadrature: splits the interval with the largest error estimate until the estimated
 * error is below the tolerance relative to the whole integral, or the interval budget is spent
 * (a curve with kinks still gets a good answer, in bounded time).
 */
function adaptive(f: (t: number) => number, a: number, b: number): number {
  interface Piece {
    readonly a: number;
    readonly b: number;
    readonly value: number;
    readonly error: number;
  }
  const split = (from: number, to: number, whole: number): Piece[] => {
    const mid = (from + to) / 2;
    const left = gauss(f, from, mid);
    const right = gauss(f, mid, to);
    const error = Math.abs(left + right - whole) / 2;
    return [
      { a: from, b: mid, value: left, error },
      { a: mid, b: to, value: right, error },
    ];
  };
  let pieces = split(a, b, gauss(f, a, b));
  for (let round = 0; round < MAX_PIECES; round++) {
    let total = 0;
    let error = 0;
    let worst = 0;
    pieces.forEach((piece, i) => {
      total += piece.value;
      error += piece.error;
      if (piece.error > (pieces[worst] as Piece).error) worst = i;
    });
    if (error <= TOLERANCE * Math.abs(total)) return total;
    const target = pieces[worst] as Piece;
    pieces = [
      ...pieces.slice(0, worst),
      ...split(target.a, target.b, target.value),
      ...pieces.slice(worst + 1),
    ];
  }
  return pieces.reduce((sum, piece) => sum + piece.value, 0);
}
