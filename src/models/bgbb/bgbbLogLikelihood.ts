import { ModelInputError } from '../../errors/ModelInputError.js';
import { logBeta } from '../numerics/logBeta.js';
import {
  type BgBbHistory,
  type BgBbParams,
  type BgBbRow,
  checkBgBbHistory,
  checkBgBbParams,
} from './BgBbParams.js';

/**
 * The BG/BB log-likelihood Σ count · ln L(alpha, beta, gamma, delta | x, tx, n), with
 * (Fader, Hardie & Shang 2010, eq. 5)
 *
 * L = B(α+x, β+n-x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *   + Σ_{i=0}^{n-tx-1} B(α+x, β+tx-x+i)/B(α,β) · B(γ+1, δ+tx+i)/B(γ,δ),
 *
 * computed in log space.
 *
 * @example
 * ```ts
 * bgbbLogLikelihood({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, [
 *   { x: 6, tx: 6, n: 6, count: 1203 },
 *   { x: 0, tx: 0, n: 6, count: 3464 },
 * ]);
 * ```
 */
export function bgbbLogLikelihood(params: BgBbParams, rows: readonly BgBbRow[]): number {
  const api = 'bgbbLogLikelihood';
  checkBgBbParams(api, params);
  checkBgBbRows(api, rows);
  return bgbbLogLikelihoodUnchecked(params, rows);
}

/** The log-likelihood without input checks, for the optimiser's inner loop. */
export function bgbbLogLikelihoodUnchecked(params: BgBbParams, rows: readonly BgBbRow[]): number {
  let total = 0;
  for (const row of rows) total += (row.count ?? 1) * bgbbHistoryLogLikelihood(params, row);
  return total;
}

/** ln L for one history (unchecked). */
export function bgbbHistoryLogLikelihood(params: BgBbParams, history: BgBbHistory): number {
  const { alpha, beta, gamma, delta } = params;
  const { x, tx, n } = history;
  const logNormP = logBeta(alpha, beta);
  const logNormTheta = logBeta(gamma, delta);
  const aliveThroughout =
    logBeta(alpha + x, beta + n - x) - logNormP + logBeta(gamma, delta + n) - logNormTheta;
  if (tx >= n) return aliveThroughout;
  // Died after opportunity tx + i, i = 0..n-tx-1. Each term is the previous one times two ratios
  // below 1, so the sum is taken relative to the first (largest) term.
  const logFirst =
    logBeta(alpha + x, beta + tx - x) - logNormP + logBeta(gamma + 1, delta + tx) - logNormTheta;
  let relative = 1;
  let sum = 1;
  for (let i = 0; i < n - tx - 1; i++) {
    relative *=
      ((beta + tx - x + i) / (alpha + beta + tx + i)) *
      ((delta + tx + i) / (gamma + delta + tx + i + 1));
    if (relative === 0) break;
    sum += relative;
  }
  return logAddExp(aliveThroughout, logFirst + Math.log(sum));
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}

/** Throws `ModelInputError` unless `rows` is an array of possible histories with counts >= 0. */
export function checkBgBbRows(api: string, rows: readonly BgBbRow[]): void {
  if (!Array.isArray(rows)) {
    throw new ModelInputError(api, 'rows', 'an array of { x, tx, n, count? }', rows);
  }
  rows.forEach((row, i) => {
    checkBgBbHistory(api, row, `rows.${i}`);
    const count = row.count ?? 1;
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new ModelInputError(api, `rows.${i}.count`, 'a finite number >= 0 (customers)', count);
    }
  });
}
