import type { BgNbdParams, CustomerHistory } from './BgNbdParams.js';

/**
 * P(alive): the probability that a customer with history (x, t_x, T) has not dropped out.
 * By construction of the BG/NBD model it is 1 for a customer without repeat purchases.
 * Computed in log space: exact for x in the thousands and T of decades.
 *
 * @example
 * ```ts
 * bgNbdPAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 26, tx: 30.857, T: 31 }); // ≈ 0.969
 * ```
 */
export function bgNbdPAlive(params: BgNbdParams, customer: CustomerHistory): number {
  const { x, tx, T } = customer;
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  // 1 / (1 + e^logOdds), without overflow.
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}
