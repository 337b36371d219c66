import {
  type FrequencyInput,
  type FrequencyRows,
  toFrequencyRows,
} from '../summary/FrequencyRows.js';
import { logA0 } from './logA0.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';

/**
 * The Pareto/NBD log-likelihood of a data set (sum over customers), in log space (Fader & Hardie
 * 2005, note 009, eq. 22).
 *
 * @example
 * ```ts
 * paretoNbdLogLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, summary); // ≈ -9595 on CDNOW
 * ```
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, input: FrequencyInput): number {
  return paretoNbdRowsLogLikelihood(params, toFrequencyRows(input));
}

/** The log-likelihood on rows sorted by x (gamma terms are updated incrementally). @internal */
export function paretoNbdRowsLogLikelihood(params: ParetoNbdParams, rows: FrequencyRows): number {
  const { r, alpha, s, beta } = params;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || !Number.isFinite(r + alpha + s + beta)) {
    return Number.NEGATIVE_INFINITY;
  }
  const base = r * Math.log(alpha) + s * Math.log(beta);
  let total = 0;
  let k = 0;
  let sumLogR = 0;
  for (let i = 0; i < rows.length; i++) {
    const x = rows.x[i] as number;
    while (k < x) {
      sumLogR += Math.log(r + k);
      k++;
    }
    total +=
      (rows.weight[i] as number) *
      (sumLogR + base + logMix(params, x, rows.tx[i] as number, rows.T[i] as number));
  }
  return total;
}

/**
 * ln[ 1/((α+T)^(r+x) (β+T)^s) + s/(r+s+x) A₀ ]: the part of a customer's log-likelihood that
 * depends on t_x and T. @internal
 */
export function logMix(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const dead = Math.log(s) - Math.log(r + s + x) + logA0(params, x, tx, T);
  const high = Math.max(alive, dead);
  if (high === Number.NEGATIVE_INFINITY) return high;
  return high + Math.log(Math.exp(alive - high) + Math.exp(dead - high));
}
