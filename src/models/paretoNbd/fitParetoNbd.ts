import type { FrequencyFitOptions } from '../bgnbd/BgNbdParams.js';
import {
  type FrequencyModel,
  type FrequencyModelFit,
  fitFrequencyModel,
} from '../clv/fitFrequencyModel.js';
import type { FrequencyInput } from '../summary/FrequencyRows.js';
import type { ParetoNbdParams } from './ParetoNbdParams.js';
import { paretoNbdRowsLogLikelihood } from './paretoNbdLogLikelihood.js';

/** A fitted Pareto/NBD model. */
export interface ParetoNbdFit extends FrequencyModelFit<ParetoNbdParams> {
  readonly model: 'pareto/nbd';
}

/**
 * Largest shape r or s the search visits. Beyond it the gamma mixing distributions are nearly
 * points (every customer alike): no estimate lies there, and the likelihood, a sum of terms like
 * r ln alpha and ln Γ(r + x) - ln Γ(r) that cancel, keeps few correct digits (at r ~ 1e16 it
 * moves in steps of powers of two), so the search would only climb rounding noise.
 */
const MAX_SHAPE = 1e4;

const paretoNbd: FrequencyModel<ParetoNbdParams> = {
  api: 'fitParetoNbd',
  names: ['r', 'alpha', 's', 'beta'],
  logLikelihood: (params, rows, gradient) =>
    params.r > MAX_SHAPE || params.s > MAX_SHAPE
      ? Number.NEGATIVE_INFINITY
      : paretoNbdRowsLogLikelihood(params, rows, gradient),
  // Starts scaled to the data: E[λ] near the observed repeat rate, lifetimes near the span.
  starts: (_rows, { rate, span }) => [
    { r: 1, alpha: 1 / rate, s: 1, beta: span },
    { r: 0.5, alpha: 0.5 / rate, s: 0.5, beta: span / 2 },
    { r: 2, alpha: 2 / rate, s: 2, beta: 4 * span },
  ],
};

/**
 * Fits the Pareto/NBD model by maximum likelihood on weighted (x, t_x, T) rows: BFGS with an
 * analytic gradient (the hypergeometric series differentiated term by term), Nelder-Mead
 * fallback, several starting points, at most `maxEvaluations` likelihood evaluations.
 *
 * Data without an estimate are recognised before optimising and get `converged: false` with a
 * `reason` (unless a penalty is given): every T = 0, no repeat purchase, or a single distinct
 * (x, t_x, T) row such as a single customer.
 *
 * @param input - a summary from {@link summarizeCustomers}, grouped rows, or `{ x, tx, T }` rows.
 * @throws ModelInputError when there are no customers or a row or option is invalid.
 * @example
 * ```ts
 * const fit = fitParetoNbd(summary);
 * fit.params; // CDNOW: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }
 * if (!fit.converged) console.warn(fit.reason);
 * ```
 */
export function fitParetoNbd(
  input: FrequencyInput,
  options: FrequencyFitOptions<ParetoNbdParams> = {},
): ParetoNbdFit {
  return { model: 'pareto/nbd', ...fitFrequencyModel(paretoNbd, input, options) };
}
