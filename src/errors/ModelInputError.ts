import { describeValue } from './describeValue.js';
import { TenureError } from './TenureError.js';

/**
 * Thrown when a model function gets input it cannot use: a parameter that is not a positive
 * number, a customer history that is impossible (more transactions than opportunities), spend
 * that is not positive, a discount rate or horizon that makes a value infinite. Nothing was
 * computed; the message names the API, the field, what was expected and what to change.
 *
 * @example
 * ```ts
 * try {
 *   fitGammaGamma(rows);
 * } catch (error) {
 *   if (isTenureError(error, 'TENURE_INVALID_MODEL_INPUT')) console.error(error.message);
 * }
 * ```
 */
export class ModelInputError extends TenureError {
  /** The API that rejected the input, e.g. `fitGammaGamma`. */
  readonly api: string;
  /** Dotted path of the offending field, e.g. `rows.3.meanSpend` or `params.alpha`. */
  readonly path: string;
  /** What was expected there, e.g. `a finite number > 0`. */
  readonly expected: string;
  /** A short description of what was received instead. */
  readonly received: string;

  constructor(api: string, path: string, expected: string, received: unknown, fix?: string) {
    const shown = describeValue(received);
    super(
      'TENURE_INVALID_MODEL_INPUT',
      `${api}: ${path} must be ${expected}, received ${shown}.${fix === undefined ? '' : ` ${fix}`}`,
    );
    this.api = api;
    this.path = path;
    this.expected = expected;
    this.received = shown;
  }
}
