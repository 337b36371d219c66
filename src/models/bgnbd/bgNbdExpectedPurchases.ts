import type { BgNbdParams } from './BgNbdParams.js';
import { bgNbdConditionalExpectedPurchases } from './bgNbdConditionalExpectedPurchases.js';

/**
 * Expected repeat purchases of a new customer (just made a first purchase) within `t` time units,
 * E[X(t)] (Fader, Hardie & Lee 2005, eq. 9).
 *
 * @example
 * ```ts
 * bgNbdExpectedPurchases({ r: 0.242593, alpha: 4.41353, a: 0.792886, b: 2.42575 }, 52); // ≈ 1.444
 * ```
 */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  // E[X(t)] is the conditional expectation of a customer with no history (x = t_x = T = 0).
  return bgNbdConditionalExpectedPurchases(params, { x: 0, tx: 0, T: 0 }, t);
}
