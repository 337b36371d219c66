import { TenureError } from '../../errors/TenureError.js';

/**
 * Thrown when the input of a customer summary or of a model fit is not usable: a summary option
 * that is not a date, a purchase with an amount that is not a number, a row with `t_x > T`, mixed
 * currencies. The message names the API, the offending value and the fix. Code
 * `TENURE_INVALID_MODEL_INPUT`.
 */
export class RfmInputError extends TenureError {
  constructor(message: string) {
    super('TENURE_INVALID_MODEL_INPUT', message);
  }
}
