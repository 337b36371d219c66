import { logHyp2f1 } from '../numerics/hyp2f1.js';
import type { BgNbdParams, CustomerHistory } from './BgNbdParams.js';
import { bgNbdPAlive } from './bgNbdPAlive.js';

/**
 * Expected repeat purchases in the next `t` time units of a customer with history
 * (x, t_x, T): E[Y(t) | x, t_x, T] (Fader, Hardie & Lee 2005, eq. 10).
 *
 * The ₂F₁ term is taken through Euler's transformation,
 * ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1) ₂F₁(a+b-1-r, a-1; a+b+x-1; z),
 * which keeps every parameter of the series small whatever x, and evaluated in log space; the
 * direct form when r + x < |a - 1| (fitted shapes a, b in the billions), where it keeps more
 * digits.
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
  const value = (c / (a - 1)) * bracket * bgNbdPAlive(params, customer);
  return Number.isFinite(value) && value > 0 ? value : 0;
}
