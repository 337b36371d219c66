import { ModelInputError } from '../../errors/ModelInputError.js';
import { checkHorizon } from '../clv/checkPredictionInput.js';
import { logHyp2f1 } from '../numerics/hyp2f1.js';
import type { BgNbdParams, CustomerHistory } from './BgNbdParams.js';
import { bgNbdPAliveUnchecked, checkBgNbdInput } from './bgNbdPAlive.js';

/**
 * Expected repeat purchases in the next `t` time units of a customer with history
 * (x, t_x, T): E[Y(t) | x, t_x, T] (Fader, Hardie & Lee 2005, eq. 10).
 *
 * The ₂F₁ term is taken through Euler's transformation,
 * ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1) ₂F₁(a+b-1-r, a-1; a+b+x-1; z),
 * which keeps every parameter of the series small whatever x, and evaluated in log space; the
 * direct form when r + x < |a - 1| (fitted shapes a, b in the billions), where it keeps more
 * digits. At t = Infinity it is the expected purchases over the customer's remaining lifetime,
 * P(alive) (a + b + x - 1) / (a - 1), finite for a > 1 only.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0, an impossible history
 *   (x not an integer >= 0, t_x outside [0, T]), t not a number >= 0, or t = Infinity when a <= 1.
 *
 * @example
 * ```ts
 * const params = { r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 };
 * bgNbdConditionalExpectedPurchases(params, { x: 2, tx: 30.43, T: 38.86 }, 39); // ≈ 1.226
 * ```
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  customer: CustomerHistory,
  t: number,
): number {
  const api = 'bgNbdConditionalExpectedPurchases';
  checkBgNbdInput(api, params, customer);
  checkHorizon(api, t);
  if (t === Number.POSITIVE_INFINITY) return bgNbdLifetimePurchases(api, params, customer);
  return bgNbdConditionalExpectedPurchasesUnchecked(params, customer, t);
}

/**
 * lim t -> ∞ of E[Y(t) | x, t_x, T]: P(alive) E[1/p | x] = P(alive) (a + b + x - 1) / (a - 1),
 * the purchases of a customer who may drop out after each one; E[1/p] diverges for a <= 1.
 */
export function bgNbdLifetimePurchases(
  api: string,
  params: BgNbdParams,
  customer: CustomerHistory,
): number {
  const { a, b } = params;
  if (!(a > 1)) {
    throw new ModelInputError(
      api,
      't',
      'finite when a <= 1 (the expected purchases over an unlimited time diverge)',
      Number.POSITIVE_INFINITY,
      'Pass a finite time, or discount the purchases (bgNbdDert).',
    );
  }
  return (bgNbdPAliveUnchecked(params, customer) * (a + b + customer.x - 1)) / (a - 1);
}

/** {@link bgNbdConditionalExpectedPurchases} of input already checked, for a finite t. */
export function bgNbdConditionalExpectedPurchasesUnchecked(
  params: BgNbdParams,
  customer: CustomerHistory,
  t: number,
): number {
  if (!(t > 0)) return 0;
  const { a } = params;
  // At a = 1 the closed form is 0/0; average the two sides (the function is smooth in a).
  if (Math.abs(a - 1) < 1e-6) {
    const below = expectation({ ...params, a: 1 - 1e-5 }, customer, t);
    const above = expectation({ ...params, a: 1 + 1e-5 }, customer, t);
    return (below + above) / 2;
  }
  return expectation(params, customer, t);
}

function expectation(params: BgNbdParams, customer: CustomerHistory, t: number): number {
  const { r, alpha, a, b } = params;
  const { x, T } = customer;
  const c = a + b + x - 1;
  const z = t / (alpha + T + t);
  const w = (alpha + T) / (alpha + T + t);
  // bracket = 1 - w^(r+x) F(r+x, b+x; c; z) = 1 - w^(a-1) F(a+b-1-r, a-1; c; z), in the form
  // whose power of w is smaller: for shapes a, b near 1e11 the Euler form would subtract two
  // logarithms near 1e11 and keep few digits. -expm1 keeps precision for small t.
  const direct = r + x <= Math.abs(a - 1);
  const { log, sign } = direct
    ? logHyp2f1(r + x, b + x, c, z, w)
    : logHyp2f1(a + b - 1 - r, a - 1, c, z, w);
  const power = (direct ? r + x : a - 1) * Math.log(w);
  // F is negative for some a + b < 1 (c < 0) near z = 1: then the bracket exceeds 1.
  const bracket = sign < 0 ? 1 + Math.exp(power + log) : -Math.expm1(power + log);
  const value = (c / (a - 1)) * bracket * bgNbdPAliveUnchecked(params, customer);
  return Number.isFinite(value) && value > 0 ? value : 0;
}
