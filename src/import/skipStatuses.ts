import { wordKey } from './headerKey.js';
import { ImportOptionsError } from './ImportOptionsError.js';

/**
 * The statuses of purchase rows that `importEvents` and `importToLog` leave out unless told
 * otherwise (`skipStatuses`), as exports of payments and orders write them. Two kinds:
 *
 * - no money changed hands: `failed`, `declined`, `canceled`, `cancelled`, `voided`, `void`,
 *   `expired`, `incomplete`, and Stripe's payment intents that never completed,
 *   `requires_payment_method`, `requires_confirmation`, `requires_action`;
 * - not paid yet: `pending`, `authorized`, `uncaptured`, `requires_capture`. The log is never
 *   edited, so a purchase imported while its payment may still fail would stay in it; left
 *   out, it comes in with a later export once it is paid, under the same id.
 *
 * Paid and refunded rows are imported: the purchase happened (a refund is its own event).
 *
 * @example
 * ```ts
 * // Leave out Shopify's partially paid orders too:
 * importToLog(log, source, { skipStatuses: [...DEFAULT_SKIP_STATUSES, 'partially_paid'] });
 * ```
 */
export const DEFAULT_SKIP_STATUSES: readonly string[] = Object.freeze([
  'failed',
  'declined',
  'canceled',
  'cancelled',
  'voided',
  'void',
  'expired',
  'incomplete',
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'pending',
  'authorized',
  'uncaptured',
  'requires_capture',
]);

/**
 * The statuses to leave out, as keys (see wordKey: `Failed` is `failed`, `Partially refunded`
 * is `partially_refunded`), from the `skipStatuses` option: the defaults when it is not given,
 * none for `[]`. Throws {@link ImportOptionsError} for anything but a list of words. Internal.
 */
export function resolveSkipStatuses(api: string, given: unknown): ReadonlySet<string> {
  if (given === undefined) return new Set(DEFAULT_SKIP_STATUSES);
  const refuse = (what: string) =>
    new ImportOptionsError(
      api,
      'skipStatuses',
      `skipStatuses ${what}; give the statuses of rows to leave out, such as ["failed", "voided"], or [] to import every row whatever its status.`,
    );
  if (!Array.isArray(given)) throw refuse(`must be a list, got ${JSON.stringify(given)}`);
  for (const status of given) {
    if (typeof status !== 'string' || status.trim() === '') {
      throw refuse(`holds ${JSON.stringify(status)}, which is no status`);
    }
  }
  return new Set((given as string[]).map(wordKey));
}
