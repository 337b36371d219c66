import { orPassAPenalty } from '../fitOptionAdvice.js';
import type { FrequencyRows } from './FrequencyRows.js';

/**
 * Why BG/NBD and Pareto/NBD have no maximum-likelihood estimate on these rows, or `undefined`
 * when they may have one. Read from the likelihoods, in O(rows):
 *
 * - every T = 0: nobody was observed for any time, so the likelihood is 1 whatever the
 *   parameters;
 * - no repeat purchase (every x = 0): the likelihood grows as the purchase rate r / alpha falls
 *   to 0, so r, alpha and the dropout parameters have no estimate;
 * - one distinct (x, t_x, T) row (a single customer, or identical customers): nothing tells
 *   customers apart, so the gamma and beta mixing distributions shrink to a point and their
 *   shape parameters run off to infinity.
 *
 * Each reason ends with the fix. An L2 penalty gives all three an interior maximum, so fits
 * consult this only without one.
 *
 * @example
 * ```ts
 * frequencyRowsDegeneracy(groupFrequencyRows([{ x: 0, tx: 0, T: 10 }, { x: 0, tx: 0, T: 12 }]));
 * // 'no repeat purchase among 2 customers: ...'
 * ```
 */
export function frequencyRowsDegeneracy(rows: FrequencyRows): string | undefined {
  let time = 0;
  let purchases = 0;
  for (let i = 0; i < rows.length; i++) {
    time += (rows.T[i] as number) * (rows.weight[i] as number);
    purchases += (rows.x[i] as number) * (rows.weight[i] as number);
  }
  const customers = rows.customers;
  if (!(time > 0)) {
    return `no observation time: every customer's T is 0 (first purchase at the end of the calibration period), so the likelihood does not depend on the parameters; end the calibration period later`;
  }
  if (!(purchases > 0)) {
    return `no repeat purchase among ${customers} customer(s): the likelihood keeps rising as the purchase rate falls to 0, so no parameter has an estimate; ${orPassAPenalty('use a longer calibration period')}`;
  }
  if (rows.length === 1) {
    return `all ${customers} customer(s) have the same (x, t_x, T): nothing tells customers apart, so the spread of purchase and dropout rates has no estimate; ${orPassAPenalty('fit on more customers')}`;
  }
  return undefined;
}
