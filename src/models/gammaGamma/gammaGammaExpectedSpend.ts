import { ModelInputError } from '../../errors/ModelInputError.js';
import { checkGammaGammaParams, type GammaGammaParams } from './GammaGammaParams.js';

/** A customer's spend history for {@link gammaGammaExpectedSpend}. */
export interface SpendHistory {
  /** Repeat transactions observed (0 for none). */
  readonly x: number;
  /** Their mean value in the customer's currency units; ignored when x = 0. */
  readonly meanSpend: number;
}

/**
 * E[Z | x, z̄]: the expected value of a customer's future transactions given her x observed
 * transactions with mean z̄ (Fader & Hardie 2013, note 025):
 *
 * E = p (gamma + x z̄) / (p x + q - 1),
 *
 * a weighted mean of the population mean p · gamma / (q - 1) and her own z̄, with more weight on
 * z̄ the more transactions she has. For x = 0 it is the population mean. In her currency units.
 *
 * Throws `ModelInputError` when the mean is infinite (p x + q <= 1; for x = 0, q <= 1).
 *
 * @example
 * ```ts
 * gammaGammaExpectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, { x: 2, meanSpend: 22.35 }); // ≈ 24.66
 * ```
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, history: SpendHistory): number {
  const api = 'gammaGammaExpectedSpend';
  checkGammaGammaParams(api, params);
  const { x, meanSpend } = history;
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
    throw new ModelInputError(api, 'history.x', 'an integer >= 0 (repeat transactions)', x);
  }
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new ModelInputError(
      api,
      'params.q',
      `> ${x === 0 ? 1 : 1 - p * x} here: with p x + q <= 1 the expected spend is infinite`,
      q,
      'Refit with a penalty, or use a population with more repeat transactions.',
    );
  }
  if (x === 0) return (p * gamma) / denominator;
  if (typeof meanSpend !== 'number' || !Number.isFinite(meanSpend) || meanSpend <= 0) {
    throw new ModelInputError(
      api,
      'history.meanSpend',
      'an amount > 0 when x >= 1',
      meanSpend,
      'Pass x = 0 for customers without positive repeat spend to get the population mean.',
    );
  }
  // Written as a weighted mean so that x · z̄ is never formed (it may overflow).
  return (p * gamma) / denominator + ((p * x) / denominator) * meanSpend;
}
