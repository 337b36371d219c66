import {
  type FrequencyModel,
  type FrequencyModelFit,
  fitFrequencyModel,
} from '../clv/fitFrequencyModel.js';
import type { FrequencyInput } from '../summary/FrequencyRows.js';
import type { BgNbdParams, FrequencyFitOptions } from './BgNbdParams.js';
import { bgNbdLogLikelihoodAndGradient } from './bgNbdLogLikelihood.js';

/** A fitted BG/NBD model. */
export interface BgNbdFit extends FrequencyModelFit<BgNbdParams> {
  readonly model: 'bg/nbd';
}

const bgNbd: FrequencyModel<BgNbdParams> = {
  api: 'fitBgNbd',
  names: ['r', 'alpha', 'a', 'b'],
  logLikelihood: (params, rows, gradient) => bgNbdLogLikelihoodAndGradient(params, rows, gradient),
  // Starts scaled to the data: E[λ] = r / alpha near the observed repeat rate.
  starts: (_rows, { rate }) => [
    { r: 1, alpha: 1 / rate, a: 1, b: 3 },
    { r: 0.5, alpha: 0.5 / rate, a: 0.5, b: 1 },
    { r: 2, alpha: 2 / rate, a: 2, b: 10 },
  ],
};

/**
 * Fits the BG/NBD model by maximum likelihood on weighted (x, t_x, T) rows, with an analytic
 * gradient: BFGS, Nelder-Mead fallback, several starting points, at most `maxEvaluations`
 * likelihood evaluations.
 *
 * Data without an estimate are recognised before optimising and get `converged: false` with a
 * `reason` (unless a penalty is given): every T = 0, no repeat purchase, or a single distinct
 * (x, t_x, T) row such as a single customer.
 *
 * @param input - a summary from {@link summarizeCustomers}, grouped rows, or `{ x, tx, T }` rows.
 * @throws ModelInputError when there are no customers or a row or option is invalid.
 * @example
 * ```ts
 * const fit = fitBgNbd(summary);
 * fit.params; // CDNOW: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }
 * fit.logLikelihood; // -9582.43
 * if (!fit.converged) console.warn(fit.reason);
 * ```
 */
export function fitBgNbd(
  input: FrequencyInput,
  options: FrequencyFitOptions<BgNbdParams> = {},
): BgNbdFit {
  return { model: 'bg/nbd', ...fitFrequencyModel(bgNbd, input, options) };
}
