import { checkHorizon } from '../clv/checkPredictionInput.js';
import type { BgNbdParams } from './BgNbdParams.js';
import {
  bgNbdConditionalExpectedPurchasesUnchecked,
  bgNbdLifetimePurchases,
} from './bgNbdConditionalExpectedPurchases.js';
import { checkBgNbdInput } from './bgNbdPAlive.js';

/**
 * Expected repeat purchases of a new customer (just made a first purchase) within `t` time units,
 * E[X(t)] (Fader, Hardie & Lee 2005, eq. 9); at t = Infinity, (a + b - 1) / (a - 1) for a > 1.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0, t not a number >= 0,
 *   or t = Infinity when a <= 1.
 *
 * @example
 * ```ts
 * bgNbdExpectedPurchases({ r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 }, 52); // ≈ 1.444
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  const api = 'bgNbdExpectedPurchases';
  checkBgNbdInput(api, params);
  checkHorizon(api, t);
  // E[X(t)] is the conditional expectation of a customer with no history (x = t_x = T = 0).
  const newCustomer = { x: 0, tx: 0, T: 0 };
  if (t === Number.POSITIVE_INFINITY) return bgNbdLifetimePurchases(api, params, newCustomer);
  return bgNbdConditionalExpectedPurchasesUnchecked(params, newCustomer, t);
}
