import { ModelInputError } from '../../errors/ModelInputError.js';
import { maximizeLikelihood } from '../numerics/maximizeLikelihood.js';
import {
  type FrequencyInput,
  type FrequencyRows,
  toFrequencyRows,
} from '../summary/FrequencyRows.js';
import type { BgNbdParams, FrequencyFitOptions } from './BgNbdParams.js';
import { bgNbdLogLikelihoodAndGradient } from './bgNbdLogLikelihood.js';

/** A fitted BG/NBD model. */
export interface BgNbdFit {
  readonly model: 'bg/nbd';
  /** Maximum-likelihood estimates, in the time unit of the data. */
  readonly params: BgNbdParams;
  /** Asymptotic standard errors; `undefined` when the fit did not converge or is degenerate. */
  readonly se: BgNbdParams | undefined;
  /** Log-likelihood at `params` (without any penalty). */
  readonly logLikelihood: number;
  /** False when the optimiser failed or the maximum lies at a boundary (e.g. no repeat buyer). */
  readonly converged: boolean;
  readonly iterations: number;
  /** Customers the fit used. */
  readonly customers: number;
}

/**
 * Fits the BG/NBD model by maximum likelihood on weighted (x, t_x, T) rows, with an analytic
 * gradient: BFGS, Nelder-Mead fallback, several starting points.
 *
 * @param input - a summary from {@link summarizeCustomers}, grouped rows, or `{ x, tx, T }` rows.
 * @throws ModelInputError when there are no customers or a row is invalid.
 * @example
 * ```ts
 * const fit = fitBgNbd(summary);
 * fit.params; // CDNOW: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }
 * fit.logLikelihood; // -9582.43
 * ```
 */
export function fitBgNbd(
  input: FrequencyInput,
  options: FrequencyFitOptions<BgNbdParams> = {},
): BgNbdFit {
  const rows = toFrequencyRows(input);
  if (rows.customers === 0) {
    throw new ModelInputError(
      'fitBgNbd',
      'summary',
      'at least one customer',
      'none',
      'Summarise some purchases first.',
    );
  }
  const starts = [
    ...(options.start === undefined ? [] : [fromParams(options.start)]),
    ...defaultStarts(rows).map(fromParams),
  ];
  const result = maximizeLikelihood({
    logLikelihood: (theta, gradient) =>
      bgNbdLogLikelihoodAndGradient(toParams(theta), rows, gradient),
    analyticGradient: true,
    starts,
    ...(options.penalty === undefined ? {} : { penalty: options.penalty }),
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  });
  return {
    model: 'bg/nbd',
    params: toParams(result.params),
    se: result.se === undefined ? undefined : toParams(result.se),
    logLikelihood: result.logLikelihood,
    converged: result.converged,
    iterations: result.iterations,
    customers: rows.customers,
  };
}

function toParams([
  r = Number.NaN,
  alpha = Number.NaN,
  a = Number.NaN,
  b = Number.NaN,
]: readonly number[]): BgNbdParams {
  return { r, alpha, a, b };
}

function fromParams(params: BgNbdParams): number[] {
  return [params.r, params.alpha, params.a, params.b];
}

/** Starts scaled to the data: E[λ] = r / alpha near the observed repeat rate. */
function defaultStarts(rows: FrequencyRows): BgNbdParams[] {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < rows.length; i++) {
    purchases += (rows.x[i] as number) * (rows.weight[i] as number);
    time += (rows.T[i] as number) * (rows.weight[i] as number);
  }
  const rate = purchases > 0 && time > 0 ? purchases / time : 1;
  return [
    { r: 1, alpha: 1 / rate, a: 1, b: 3 },
    { r: 0.5, alpha: 0.5 / rate, a: 0.5, b: 1 },
    { r: 2, alpha: 2 / rate, a: 2, b: 10 },
  ];
}
