import type { CustomerHistory } from '../bgnbd/BgNbdParams.js';
import { logA0 } from './logA0.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';

/**
 * P(alive) under Pareto/NBD for a customer with history (x, t_x, T) (Fader & Hardie 2005,
 * note 009, eq. 24), in log space: exact for x in the thousands and T of decades.
 *
 * @example
 * ```ts
 * const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
 * paretoNbdPAlive(params, { x: 26, tx: 30.857, T: 31 }); // ≈ 0.9979
 * ```
 */
export function paretoNbdPAlive(params: ParetoNbdParams, customer: CustomerHistory): number {
  const { r, alpha, s, beta } = params;
  const { x, tx, T } = customer;
  const logOdds =
    Math.log(s) -
    Math.log(r + s + x) +
    (r + x) * Math.log(alpha + T) +
    s * Math.log(beta + T) +
    logA0(params, x, tx, T);
  if (logOdds === Number.NEGATIVE_INFINITY) return 1;
  const value =
    logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
  return Number.isFinite(value) ? value : 0;
}
