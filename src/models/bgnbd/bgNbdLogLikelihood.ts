import type { FrequencyRows } from '../summary/FrequencyRows.js';
import { type FrequencyInput, toFrequencyRows } from '../summary/FrequencyRows.js';
import type { BgNbdParams } from './BgNbdParams.js';

/**
 * The BG/NBD log-likelihood of a data set (sum over customers), computed in log space so that
 * customers with thousands of purchases neither overflow nor lose precision.
 *
 * @example
 * ```ts
 * bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, summary); // ≈ -9582.4 on CDNOW
 * ```
 */
export function bgNbdLogLikelihood(params: BgNbdParams, input: FrequencyInput): number {
  return bgNbdLogLikelihoodAndGradient(params, toFrequencyRows(input), undefined);
}

/**
 * The log-likelihood and, when `gradient` is given, its gradient with respect to the
 * log-parameters (ln r, ln alpha, ln a, ln b), written into `gradient`. Rows must be sorted by x
 * (as {@link FrequencyRows} are): the x-dependent gamma terms are updated incrementally.
 * @internal
 */
export function bgNbdLogLikelihoodAndGradient(
  params: BgNbdParams,
  rows: FrequencyRows,
  gradient: number[] | undefined,
): number {
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Number.isFinite(r + alpha + a + b)) {
    return Number.NEGATIVE_INFINITY;
  }
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  let total = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  // Running sums over k < x of: ln(r+k), 1/(r+k), ln((b+k)/(a+b+k)), 1/(b+k), 1/(a+b+k).
  let k = 0;
  let sumLogR = 0;
  let sumInvR = 0;
  let sumLogB = 0;
  let sumInvB = 0;
  let sumInvAB = 0;
  const { x: xs, tx: txs, T: Ts, weight: weights, length } = rows;
  for (let i = 0; i < length; i++) {
    const x = xs[i] as number;
    while (k < x) {
      sumLogR += Math.log(r + k);
      sumInvR += 1 / (r + k);
      sumLogB += Math.log((b + k) / (a + b + k));
      sumInvB += 1 / (b + k);
      sumInvAB += 1 / (a + b + k);
      k++;
    }
    const w = weights[i] as number;
    const rx = r + x;
    const logAlphaT = Math.log(alpha + (Ts[i] as number));
    const termA = -rx * logAlphaT;
    let mix: number;
    let weightB = 0;
    let logAlphaTx = 0;
    if (x > 0) {
      logAlphaTx = Math.log(alpha + (txs[i] as number));
      const termB = logA - Math.log(b + x - 1) - rx * logAlphaTx;
      const high = Math.max(termA, termB);
      const ea = Math.exp(termA - high);
      const eb = Math.exp(termB - high);
      mix = high + Math.log(ea + eb);
      weightB = eb / (ea + eb);
    } else {
      mix = termA;
    }
    total += w * (sumLogR + r * logAlpha + sumLogB + mix);
    if (gradient !== undefined) {
      const weightA = 1 - weightB;
      gr += w * (sumInvR + logAlpha - weightA * logAlphaT - weightB * logAlphaTx);
      gAlpha +=
        w *
        (r / alpha -
          (weightA * rx) / (alpha + (Ts[i] as number)) -
          (weightB * rx) / (alpha + (txs[i] as number)));
      ga += w * (-sumInvAB + weightB / a);
      gb += w * (sumInvB - sumInvAB - (x > 0 ? weightB / (b + x - 1) : 0));
    }
  }
  if (gradient !== undefined) {
    gradient[0] = gr * r;
    gradient[1] = gAlpha * alpha;
    gradient[2] = ga * a;
    gradient[3] = gb * b;
  }
  return total;
}
