import { logGammaRatio } from '../gammaGamma/logGammaRatio.js';
import { digammaDifference } from '../numerics/digamma.js';
import {
  type FrequencyInput,
  type FrequencyRows,
  toFrequencyRows,
} from '../summary/FrequencyRows.js';
import { logA0 } from './logA0.js';
import { type LogA0WithGradient, logA0WithGradient } from './logA0Gradient.js';
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
  return paretoNbdRowsLogLikelihood(params, toFrequencyRows(input, 'paretoNbdLogLikelihood'));
}

/**
 * The log-likelihood on rows sorted by x (the gamma terms are closed forms, computed once per
 * distinct x) and, when `gradient` is given, its gradient with respect to (ln r, ln alpha,
 * ln s, ln beta). `-Infinity` where a hypergeometric term is not computable. @internal
 */
export function paretoNbdRowsLogLikelihood(
  params: ParetoNbdParams,
  rows: FrequencyRows,
  gradient?: number[],
): number {
  const { r, alpha, s, beta } = params;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || !Number.isFinite(r + alpha + s + beta)) {
    return Number.NEGATIVE_INFINITY;
  }
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const base = r * logAlpha + s * logBeta;
  let total = 0;
  // ln Γ(r+x)/Γ(r) and ψ(r+x) - ψ(r) in closed form, once per distinct x (rows are sorted by x).
  let previousX = Number.NaN;
  let sumLogR = 0;
  let sumInvR = 0;
  let gr = 0;
  let gAlpha = 0;
  let gs = 0;
  let gBeta = 0;
  const a0: LogA0WithGradient = { value: 0, r: 0, alpha: 0, s: 0, beta: 0 };
  for (let i = 0; i < rows.length; i++) {
    const x = rows.x[i] as number;
    if (x !== previousX) {
      previousX = x;
      sumLogR = logGammaRatio(r, x);
      if (gradient !== undefined) sumInvR = digammaDifference(r, x);
    }
    const w = rows.weight[i] as number;
    const T = rows.T[i] as number;
    if (gradient === undefined) {
      total += w * (sumLogR + base + logMix(params, x, rows.tx[i] as number, T));
      continue;
    }
    const logAlphaT = Math.log(alpha + T);
    const logBetaT = Math.log(beta + T);
    const alive = -(r + x) * logAlphaT - s * logBetaT;
    logA0WithGradient(params, x, rows.tx[i] as number, T, a0);
    const dead = Math.log(s) - Math.log(r + s + x) + a0.value;
    let mix = alive;
    let weightDead = 0;
    if (dead !== Number.NEGATIVE_INFINITY) {
      if (alive >= dead) {
        const e = Math.exp(dead - alive);
        mix = alive + Math.log1p(e);
        weightDead = e / (1 + e);
      } else {
        const e = Math.exp(alive - dead);
        mix = dead + Math.log1p(e);
        weightDead = 1 / (1 + e);
      }
    }
    const weightAlive = 1 - weightDead;
    total += w * (sumLogR + base + mix);
    const inverseA = 1 / (r + s + x);
    gr += w * (sumInvR + logAlpha - weightAlive * logAlphaT + weightDead * (a0.r - inverseA));
    gAlpha += w * (r / alpha - (weightAlive * (r + x)) / (alpha + T) + weightDead * a0.alpha);
    gs += w * (logBeta - weightAlive * logBetaT + weightDead * (1 / s - inverseA + a0.s));
    gBeta += w * (s / beta - (weightAlive * s) / (beta + T) + weightDead * a0.beta);
  }
  // A hypergeometric term not computable within its budget (parameters in the millions with
  // an argument near 1): this point is out of reach, like one outside the parameter space.
  if (Number.isNaN(total)) return Number.NEGATIVE_INFINITY;
  if (gradient !== undefined) {
    gradient[0] = gr * r;
    gradient[1] = gAlpha * alpha;
    gradient[2] = gs * s;
    gradient[3] = gBeta * beta;
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
