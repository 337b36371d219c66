import { TenureError } from '../errors/TenureError.js';

/**
 * Thrown by the importer when its options cannot work for the file at hand: a mapped column that
 * does not exist, no customer or date column, a purchase file without a currency. Nothing was
 * imported; the message names the option to change.
 *
 * @example
 * ```ts
 * try {
 *   for await (const batch of importEvents(text, { columns: { customer: 'client' } })) use(batch);
 * } catch (error) {
 *   if (isTenureError(error, 'TENURE_IMPORT_OPTIONS')) console.error(error.message);
 * }
 * ```
 */
export class ImportOptionsError extends TenureError {
  /** The option at fault, e.g. `columns.customer` or `defaultCurrency`. */
  readonly option: string;

  constructor(api: string, option: string, message: string) {
    super('TENURE_IMPORT_OPTIONS', `${api}: ${message}`);
    this.option = option;
  }
}
