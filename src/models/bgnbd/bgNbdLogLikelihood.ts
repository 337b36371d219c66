import { logGammaRatio } from '../gammaGamma/logGammaRatio.js';
import { digammaDifference } from '../numerics/digamma.js';
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
  return bgNbdLogLikelihoodAndGradient(
    params,
    toFrequencyRows(input, 'bgNbdLogLikelihood'),
    undefined,
  );
}

/**
 * The log-likelihood and, when `gradient` is given, its gradient with respect to the
 * log-parameters (ln r, ln alpha, ln a, ln b), written into `gradient`. The x-dependent gamma terms are
 * closed forms (log-gamma and digamma differences), computed once per distinct x: the work does
 * not grow with the purchase counts.
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
  const { tIndex, tValues, txIndex, txValues } = distinctTimes(rows);
  // ln(α + T) and ln(α + t_x) once per distinct time (a few hundred), not once per row.
  const logAlphaTs = new Float64Array(tValues.length);
  for (let j = 0; j < tValues.length; j++) logAlphaTs[j] = Math.log(alpha + (tValues[j] as number));
  const logAlphaTxs = new Float64Array(txValues.length);
  for (let j = 0; j < txValues.length; j++)
    logAlphaTxs[j] = Math.log(alpha + (txValues[j] as number));
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  let total = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const { x: xs, tx: txs, T: Ts, weight: weights, length } = rows;
  // The x-dependent gamma terms in closed form, once per distinct x (rows are sorted by x):
  // ln Γ(r+x)/Γ(r) and ln [B(a, b+x)/B(a, b)] = ln Γ(b+x)/Γ(b) - ln Γ(a+b+x)/Γ(a+b), and for
  // the gradient their digamma differences. Work per row is constant whatever x.
  let previousX = Number.NaN;
  let sumLogR = 0;
  let sumLogB = 0;
  let sumInvR = 0;
  let sumInvB = 0;
  let sumInvAB = 0;
  let logB = 0;
  for (let i = 0; i < length; i++) {
    const x = xs[i] as number;
    if (x !== previousX) {
      previousX = x;
      sumLogR = logGammaRatio(r, x);
      sumLogB = logGammaRatio(b, x) - logGammaRatio(a + b, x);
      logB = x > 0 ? Math.log(b + x - 1) : 0;
      if (gradient !== undefined) {
        sumInvR = digammaDifference(r, x);
        sumInvB = digammaDifference(b, x);
        sumInvAB = digammaDifference(a + b, x);
      }
    }
    const w = weights[i] as number;
    const rx = r + x;
    const logAlphaT = logAlphaTs[tIndex[i] as number] as number;
    const termA = -rx * logAlphaT;
    let mix: number;
    let weightB = 0;
    let logAlphaTx = 0;
    if (x > 0) {
      logAlphaTx = logAlphaTxs[txIndex[i] as number] as number;
      const termB = logA - logB - rx * logAlphaTx;
      // ln(e^termA + e^termB) with one exp and one log1p.
      if (termA >= termB) {
        const e = Math.exp(termB - termA);
        mix = termA + Math.log1p(e);
        weightB = e / (1 + e);
      } else {
        const e = Math.exp(termA - termB);
        mix = termB + Math.log1p(e);
        weightB = 1 / (1 + e);
      }
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

interface DistinctTimes {
  readonly tIndex: Int32Array;
  readonly tValues: Float64Array;
  readonly txIndex: Int32Array;
  readonly txValues: Float64Array;
}

const distinctCache = new WeakMap<FrequencyRows, DistinctTimes>();

/** The distinct T and t_x values of the rows and each row's index into them (cached per rows). */
export function distinctTimes(rows: FrequencyRows): DistinctTimes {
  let cached = distinctCache.get(rows);
  if (cached === undefined) {
    const [tIndex, tValues] = indexValues(rows.T, rows.length);
    const [txIndex, txValues] = indexValues(rows.tx, rows.length);
    cached = { tIndex, tValues, txIndex, txValues };
    distinctCache.set(rows, cached);
  }
  return cached;
}

function indexValues(values: Float64Array, length: number): [Int32Array, Float64Array] {
  const positions = new Map<number, number>();
  const index = new Int32Array(length);
  const distinct: number[] = [];
  for (let i = 0; i < length; i++) {
    const value = values[i] as number;
    let position = positions.get(value);
    if (position === undefined) {
      position = distinct.length;
      positions.set(value, position);
      distinct.push(value);
    }
    index[i] = position;
  }
  return [index, Float64Array.from(distinct)];
}
