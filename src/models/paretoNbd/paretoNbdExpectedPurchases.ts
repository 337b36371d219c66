import { ModelInputError } from '../../errors/ModelInputError.js';
import type { CustomerHistory } from '../bgnbd/BgNbdParams.js';
import { checkHorizon } from '../clv/checkPredictionInput.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';
import { checkParetoNbdInput, paretoNbdPAliveUnchecked } from './paretoNbdPAlive.js';

/**
 * Expected repeat purchases of a new customer within `t` time units under Pareto/NBD,
 * E[X(t)] = rβ / (α(s-1)) · [1 - (β/(β+t))^(s-1)] (note 009, eq. 27; the limit at s = 1); at
 * t = Infinity, rβ / (α(s-1)) for s > 1.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0, t not a number >= 0,
 *   or t = Infinity when s <= 1.
 *
 * @example
 * ```ts
 * paretoNbdExpectedPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 52); // ≈ 1.473
 * ```
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  const api = 'paretoNbdExpectedPurchases';
  checkParetoNbdInput(api, params);
  checkHorizon(api, t);
  if (t === 0) return 0;
  const { r, alpha, s, beta } = params;
  if (t === Number.POSITIVE_INFINITY) return ((r / alpha) * beta) / lifetimeShape(api, s);
  const value = (r / alpha) * beta * growth(s, Math.log(beta) - Math.log(beta + t));
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Expected repeat purchases in the next `t` time units of a customer with history (x, t_x, T)
 * under Pareto/NBD (note 009, eq. 41): P(alive) · (r+x)(β+T) / ((α+T)(s-1)) · [1 - ((β+T)/(β+T+t))^(s-1)];
 * at t = Infinity, the factor in brackets is 1 (s > 1 only).
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0, an impossible history
 *   (x not an integer >= 0, t_x outside [0, T]), t not a number >= 0, or t = Infinity when s <= 1.
 *
 * @example
 * ```ts
 * const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
 * paretoNbdConditionalExpectedPurchases(params, { x: 26, tx: 30.857, T: 31 }, 52); // ≈ 25.46
 * ```
 */
export function paretoNbdConditionalExpectedPurchases(
  params: ParetoNbdParams,
  customer: CustomerHistory,
  t: number,
): number {
  const api = 'paretoNbdConditionalExpectedPurchases';
  checkParetoNbdInput(api, params, customer);
  checkHorizon(api, t);
  if (t === 0) return 0;
  const { r, alpha, s, beta } = params;
  const { x, T } = customer;
  const rate = (r + x) / (alpha + T);
  const growing =
    t === Number.POSITIVE_INFINITY
      ? 1 / lifetimeShape(api, s)
      : growth(s, Math.log(beta + T) - Math.log(beta + T + t));
  const value = rate * (beta + T) * growing * paretoNbdPAliveUnchecked(params, customer);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** s - 1, for the purchases over an unlimited time: E[1/μ] is finite for s > 1 only. */
function lifetimeShape(api: string, s: number): number {
  if (!(s > 1)) {
    throw new ModelInputError(
      api,
      't',
      'finite when s <= 1 (the expected lifetime, hence the purchases, are unlimited)',
      Number.POSITIVE_INFINITY,
      'Pass a finite time, or discount the purchases (paretoNbdDert).',
    );
  }
  return s - 1;
}

/** [1 - e^((s-1)·logRatio)] / (s - 1), with its limit -logRatio at s = 1. */
function growth(s: number, logRatio: number): number {
  const exponent = (s - 1) * logRatio;
  if (Math.abs(exponent) < 1e-10) return -logRatio * (1 + exponent / 2);
  return -Math.expm1(exponent) / (s - 1);
}
