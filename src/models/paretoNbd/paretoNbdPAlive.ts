import type { CustomerHistory } from '../bgnbd/BgNbdParams.js';
import {
  checkPredictionInput,
  isHistory,
  isPositiveParameter,
} from '../clv/checkPredictionInput.js';
import { logA0 } from './logA0.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';

/** The Pareto/NBD parameters, in the order of its papers. */
const PARETO_NBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;

/**
 * P(alive) under Pareto/NBD for a customer with history (x, t_x, T) (Fader & Hardie 2005,
 * note 009, eq. 24), in log space: exact for x in the thousands and T of decades.
 *
 * @throws ModelInputError for a parameter that is not a finite number > 0 or an impossible
 *   history (x not an integer >= 0, t_x outside [0, T]).
 *
 * @example
 * ```ts
 * const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
 * paretoNbdPAlive(params, { x: 26, tx: 30.857, T: 31 }); // ≈ 0.9979
 * ```
 */
export function paretoNbdPAlive(params: ParetoNbdParams, customer: CustomerHistory): number {
  checkParetoNbdInput('paretoNbdPAlive', params, customer);
  return paretoNbdPAliveUnchecked(params, customer);
}

/**
 * Throws `ModelInputError` naming `api` unless the parameters are finite numbers > 0 and
 * `customer`, when given, is a possible history. The checks of valid input cost a few ns: the
 * retention machines call P(alive) dozens of times per customer.
 */
export function checkParetoNbdInput(
  api: string,
  params: ParetoNbdParams,
  customer?: CustomerHistory,
): void {
  const valid =
    isPositiveParameter(params?.r) &&
    isPositiveParameter(params.alpha) &&
    isPositiveParameter(params.s) &&
    isPositiveParameter(params.beta) &&
    (customer === undefined || isHistory(customer));
  if (!valid) {
    checkPredictionInput(
      api,
      params as unknown as Record<string, number>,
      PARETO_NBD_PARAMS,
      customer,
    );
  }
}

/** {@link paretoNbdPAlive} of input already checked. */
export function paretoNbdPAliveUnchecked(
  params: ParetoNbdParams,
  customer: CustomerHistory,
): number {
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
