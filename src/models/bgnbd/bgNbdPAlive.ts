import {
  checkPredictionInput,
  isHistory,
  isPositiveParameter,
} from '../clv/checkPredictionInput.js';
import type { BgNbdParams, CustomerHistory } from './BgNbdParams.js';

/** The BG/NBD parameters, in the order of its papers. */
const BG_NBD_PARAMS = ['r', 'alpha', 'a', 'b'] as const;

/**
 * P(alive): the probability that a customer with history (x, t_x, T) has not dropped out.
 * By construction of the BG/NBD model it is 1 for a customer without repeat purchases.
 * Computed in log space: exact for x in the thousands and T of decades.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0 or an impossible
 *   history (x not an integer >= 0, t_x outside [0, T]).
 *
 * @example
 * ```ts
 * bgNbdPAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 26, tx: 30.857, T: 31 }); // ≈ 0.969
 * ```
 */
export function bgNbdPAlive(params: BgNbdParams, customer: CustomerHistory): number {
  checkBgNbdInput('bgNbdPAlive', params, customer);
  return bgNbdPAliveUnchecked(params, customer);
}

/**
 * Throws `ModelInputError` naming `api` unless the parameters are finite numbers > 0 and
 * `customer`, when given, is a possible history. The checks of valid input cost a few ns: the
 * retention machines call P(alive) dozens of times per customer.
 */
export function checkBgNbdInput(
  api: string,
  params: BgNbdParams,
  customer?: CustomerHistory,
): void {
  const valid =
    isPositiveParameter(params?.r) &&
    isPositiveParameter(params.alpha) &&
    isPositiveParameter(params.a) &&
    isPositiveParameter(params.b) &&
    (customer === undefined || isHistory(customer));
  if (!valid) {
    checkPredictionInput(api, params as unknown as Record<string, number>, BG_NBD_PARAMS, customer);
  }
}

/** {@link bgNbdPAlive} of input already checked. */
export function bgNbdPAliveUnchecked(params: BgNbdParams, customer: CustomerHistory): number {
  const { x, tx, T } = customer;
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  // 1 / (1 + e^logOdds), without overflow.
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}
