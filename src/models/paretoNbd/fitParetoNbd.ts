import { ModelInputError } from '../../errors/ModelInputError.js';
import type { FrequencyFitOptions } from '../bgnbd/BgNbdParams.js';
import { maximizeLikelihood } from '../numerics/maximizeLikelihood.js';
import {
  type FrequencyInput,
  type FrequencyRows,
  toFrequencyRows,
} from '../summary/FrequencyRows.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';
import { paretoNbdRowsLogLikelihood } from './paretoNbdLogLikelihood.js';

/** A fitted Pareto/NBD model. */
export interface ParetoNbdFit {
  readonly model: 'pareto/nbd';
  /** Maximum-likelihood estimates, in the time unit of the data. */
  readonly params: ParetoNbdParams;
  /** Asymptotic standard errors; `undefined` when the fit did not converge or is degenerate. */
  readonly se: ParetoNbdParams | undefined;
  /** Log-likelihood at `params` (without any penalty). */
  readonly logLikelihood: number;
  /** False when the optimiser failed or the maximum is not a strict interior one. */
  readonly converged: boolean;
  readonly iterations: number;
  /** Customers the fit used. */
  readonly customers: number;
}

/**
 * Fits the Pareto/NBD model by maximum likelihood on weighted (x, t_x, T) rows: BFGS with an
 * analytic gradient (the hypergeometric series differentiated term by term), Nelder-Mead
 * fallback, several starting points.
 *
 * @param input - a summary from {@link summarizeCustomers}, grouped rows, or `{ x, tx, T }` rows.
 * @throws ModelInputError when there are no customers or a row is invalid.
 * @example
 * ```ts
 * const fit = fitParetoNbd(summary);
 * fit.params; // CDNOW: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }
 * ```
 */
export function fitParetoNbd(
  input: FrequencyInput,
  options: FrequencyFitOptions<ParetoNbdParams> = {},
): ParetoNbdFit {
  const rows = toFrequencyRows(input);
  if (rows.customers === 0) {
    throw new ModelInputError(
      'fitParetoNbd',
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
    logLikelihood: (theta, gradient) => paretoNbdRowsLogLikelihood(toParams(theta), rows, gradient),
    analyticGradient: true,
    starts,
    ...(options.penalty === undefined ? {} : { penalty: options.penalty }),
    ...(options.maxIterations === undefined ? {} : { maxIterations: options.maxIterations }),
  });
  return {
    model: 'pareto/nbd',
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
  s = Number.NaN,
  beta = Number.NaN,
]: readonly number[]): ParetoNbdParams {
  return { r, alpha, s, beta };
}

function fromParams(params: ParetoNbdParams): number[] {
  return [params.r, params.alpha, params.s, params.beta];
}

/** Starts scaled to the data: E[λ] near the observed repeat rate, lifetimes near the span. */
function defaultStarts(rows: FrequencyRows): ParetoNbdParams[] {
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < rows.length; i++) {
    purchases += (rows.x[i] as number) * (rows.weight[i] as number);
    time += (rows.T[i] as number) * (rows.weight[i] as number);
  }
  const rate = purchases > 0 && time > 0 ? purchases / time : 1;
  const span = rows.customers > 0 && time > 0 ? time / rows.customers : 1;
  return [
    { r: 1, alpha: 1 / rate, s: 1, beta: span },
    { r: 0.5, alpha: 0.5 / rate, s: 0.5, beta: span / 2 },
    { r: 2, alpha: 2 / rate, s: 2, beta: 4 * span },
  ];
}
