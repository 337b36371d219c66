import { hyp2f1Work } from '../numerics/hyp2f1.js';
import {
  type Hyp2f1APlusOneGradient,
  logHyp2f1APlusOneIntegral,
} from './logHyp2f1APlusOneIntegral.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';

/** ln A₀ and its partial derivatives with respect to r, alpha, s, beta. @internal */
export interface LogA0WithGradient {
  value: number;
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** L(u) = ln[₂F₁(a, b; a+1; z)/(high+u)^a] and its partials in a, b, high, low. */
interface Term {
  value: number;
  a: number;
  b: number;
  high: number;
  low: number;
}

/**
 * ln A₀ of the Pareto/NBD likelihood (see `logA0`) with its gradient, for the analytic gradient
 * of the fit. The series ₂F₁(1, c; a+1; z) (c = a+1-b > 0: positive terms) is differentiated
 * term by term in a, b and z; where it would converge slowly (z > 0.99) ₂F₁ and its partials
 * come from a quadrature of Euler's integral, differentiated under the integral sign. Writes into `out` and returns it.
 * @internal
 */
export function logA0WithGradient(
  params: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  out: LogA0WithGradient,
): LogA0WithGradient {
  const { r, alpha, s, beta } = params;
  const alphaHigh = alpha >= beta;
  const high = alphaHigh ? alpha : beta;
  const low = alphaHigh ? beta : alpha;
  const a = r + s + x;
  const b = alphaHigh ? s + 1 : r + x;
  // t_x = T: A₀ = 0 exactly, whatever the terms would round to.
  const atTx = term(a, b, high, low, tx, termTx);
  const atT = tx === T ? atTx : term(a, b, high, low, T, termT);
  const difference = tx === T ? 0 : atT.value - atTx.value;
  if (!(difference < 0)) {
    // NaN: not computable (see logHyp2f1); otherwise t_x = T and A₀ = 0.
    out.value = Number.isNaN(difference) ? Number.NaN : Number.NEGATIVE_INFINITY;
    out.r = 0;
    out.alpha = 0;
    out.s = 0;
    out.beta = 0;
    return out;
  }
  // ln(e^Ltx - e^LT) = Ltx + ln(1 - q), q = e^(LT - Ltx); d = (dLtx - q dLT) / (1 - q).
  const q = Math.exp(difference);
  const oneMinusQ = difference > -Math.LN2 ? -Math.expm1(difference) : 1 - q;
  out.value = atTx.value + Math.log(oneMinusQ);
  const dA = (atTx.a - q * atT.a) / oneMinusQ;
  const dB = (atTx.b - q * atT.b) / oneMinusQ;
  const dHigh = (atTx.high - q * atT.high) / oneMinusQ;
  const dLow = (atTx.low - q * atT.low) / oneMinusQ;
  // a = r + s + x; b = s + 1 (alpha >= beta) or r + x; high/low = alpha/beta or beta/alpha.
  out.r = dA + (alphaHigh ? 0 : dB);
  out.s = dA + (alphaHigh ? dB : 0);
  out.alpha = alphaHigh ? dHigh : dLow;
  out.beta = alphaHigh ? dLow : dHigh;
  return out;
}

const termTx: Term = { value: 0, a: 0, b: 0, high: 0, low: 0 };
const termT: Term = { value: 0, a: 0, b: 0, high: 0, low: 0 };

function term(a: number, b: number, high: number, low: number, u: number, out: Term): Term {
  const base = high + u;
  const lowBase = low + u;
  const z = (high - low) / base;
  const logRatio = Math.log(lowBase / base);
  if (z > 0.99) return integralTerm(a, b, high, low, u, out);
  const c = a + 1 - b;
  // S = Σ coef_n z^n, coef_n = Π_{k<n} (c+k)/(a+1+k); partials term by term.
  let coef = 1;
  let power = 1;
  let sum = 1;
  let sumC = 0;
  let sumA = 0;
  let sumZ = 0;
  let sc = 0;
  let sa = 0;
  if (z > 0) {
    // Terms shrink at least by z <= 0.99 each: fewer than 4,000 of them.
    for (let n = 0; n < 4_000; n++) {
      sc += 1 / (c + n);
      sa += 1 / (a + 1 + n);
      coef *= (c + n) / (a + 1 + n);
      sumZ += (n + 1) * coef * power;
      power *= z;
      const t = coef * power;
      sum += t;
      sumC += t * sc;
      sumA += t * sa;
      if (t <= 1e-17 * sum) {
        hyp2f1Work.terms += n + 1;
        break;
      }
    }
  } else {
    sumZ = c / (a + 1);
  }
  // ₂F₁(a, b; a+1; z) = (1-z)^(1-b) S, 1 - z = lowBase/base.
  const dSdz = sumZ / sum;
  out.value = (1 - b) * logRatio + Math.log(sum) - a * Math.log(base);
  out.a = (sumC - sumA) / sum - Math.log(base);
  out.b = -logRatio - sumC / sum;
  out.high = (b - 1) / base + (dSdz * lowBase) / (base * base) - a / base;
  out.low = (1 - b) / lowBase - dSdz / base;
  return out;
}

/** The term for z > 0.99, from the quadrature of Euler's integral and its partials. */
function integralTerm(a: number, b: number, high: number, low: number, u: number, out: Term): Term {
  const base = high + u;
  const lowBase = low + u;
  const logF = logHyp2f1APlusOneIntegral(a, b, (high - low) / base, lowBase / base, partials);
  // z = (high-low)/base and w = (low+u)/base: ∂z/∂high = w/base, ∂w/∂high = -w/base,
  // ∂z/∂low = -1/base, ∂w/∂low = 1/base.
  out.value = logF - a * Math.log(base);
  out.a = partials.a - Math.log(base);
  out.b = partials.b;
  out.high = (partials.zTimesW - partials.wTimesW - a) / base;
  out.low = (partials.wTimesW - partials.zTimesW) / lowBase;
  return out;
}

const partials: Hyp2f1APlusOneGradient = { a: 0, b: 0, zTimesW: 0, wTimesW: 0 };
