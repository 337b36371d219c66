import { checkModelOptions } from '../../errors/checkModelOptions.js';
import { ModelInputError } from '../../errors/ModelInputError.js';
import {
  discountExpectedTransactions,
  type ExpectedTransactionsCurve,
} from './discountExpectedTransactions.js';

/** Options of {@link customerValue}: the purchases, what each is worth, and the past. */
export type CustomerValueOptions = (
  | {
      /**
       * Discounted expected residual transactions, already computed by the model over the chosen
       * horizon and discount rate: `bgNbdDert`, `bgbbDiscountedExpectedTransactions`, ... This
       * is the form for an infinite horizon.
       */
      readonly discountedTransactions: number;
    }
  | {
      /** The expected purchases as a curve, discounted here (finite horizon). */
      readonly curve: ExpectedTransactionsCurve;
    }
) & {
  /** Expected value of each future transaction, e.g. `gammaGammaExpectedSpend`; >= 0. */
  readonly expectedSpend: number;
  /** The share of spend that is profit, in [0, 1]. Use 1 for revenue rather than margin. */
  readonly margin: number;
  /** What the customer has spent so far (net of refunds), >= 0. Default: `0`. */
  readonly realisedSpend?: number;
};

const CUSTOMER_VALUE_OPTIONS = [
  'discountedTransactions',
  'curve',
  'expectedSpend',
  'margin',
  'realisedSpend',
];

/** A customer's value, in her currency units and in margin (profit) terms. */
export interface CustomerValue {
  /** Expected discounted margin of her future transactions: transactions · spend · margin. */
  readonly residual: number;
  /** Margin already realised: realisedSpend · margin (not discounted: it has happened). */
  readonly historical: number;
  /** residual + historical. */
  readonly total: number;
  /** The discounted expected transactions the residual value rests on. */
  readonly discountedTransactions: number;
}

/**
 * A non-contractual customer's lifetime value: expected residual value = discounted expected
 * transactions × expected spend per transaction × margin, plus the margin already realised.
 * Pass the transactions either as a model's DERT (`discountedTransactions`) or as a curve of
 * expected transactions with its time unit, horizon and discount rate (`curve`); the time unit,
 * horizon and rate are always explicit. Non-negative and linear in the margin.
 *
 * @example
 * ```ts
 * const value = customerValue({
 *   curve: {
 *     expectedTransactions: (t) => bgNbdConditionalExpectedPurchases(params, customer, t),
 *     timeUnit: 'week',
 *     horizon: { length: 3, unit: { days: 365.25 } },
 *     discount: { rate: 0.1, per: { days: 365.25 } },
 *   },
 *   expectedSpend: gammaGammaExpectedSpend(spendParams, { x: 2, meanSpend: 22.35 }),
 *   margin: 0.3,
 *   realisedSpend: 70.5,
 * });
 * value.total; // residual + historical, in the customer's currency
 * ```
 *
 * @example
 * ```ts
 * // With a model's DERT: convert the yearly rate to the model's time unit first.
 * const weekly = ratePerUnit({ rate: 0.1, per: { days: 365.25 } }, 'week');
 * customerValue({
 *   discountedTransactions: bgNbdDert(params, customer, { discountRate: weekly }),
 *   expectedSpend: 24.66,
 *   margin: 0.3,
 * }).residual;
 * ```
 */
export function customerValue(options: CustomerValueOptions): CustomerValue {
  const api = 'customerValue';
  checkModelOptions(api, 'options', options, CUSTOMER_VALUE_OPTIONS);
  const expectedSpend = requireAmount(api, 'expectedSpend', options.expectedSpend);
  const margin = options.margin;
  if (typeof margin !== 'number' || !(margin >= 0 && margin <= 1)) {
    throw new ModelInputError(api, 'margin', 'a share in [0, 1] (1 for revenue)', margin);
  }
  const realisedSpend = requireAmount(api, 'realisedSpend', options.realisedSpend ?? 0);
  const transactions =
    'curve' in options
      ? discountExpectedTransactions(options.curve)
      : requireAmount(api, 'discountedTransactions', options.discountedTransactions);
  const residual = transactions * expectedSpend * margin;
  const historical = realisedSpend * margin;
  return {
    residual,
    historical,
    total: residual + historical,
    discountedTransactions: transactions,
  };
}

function requireAmount(api: string, path: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ModelInputError(api, path, 'a finite number >= 0', value);
  }
  return value;
}
