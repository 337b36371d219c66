import { ModelInputError } from '../errors/ModelInputError.js';
import { type ChurnBands, checkChurnBands, DEFAULT_CHURN_BANDS } from './ValuationOptions.js';

/** How worried to be: `low`, `medium` or `high`, by the configured {@link ChurnBands}. */
export type ChurnBand = 'low' | 'medium' | 'high';

/** A customer's churn risk at the projection's `asOf`. Plain JSON data. */
export interface ChurnRisk {
  /**
   * Probability, in [0, 1], that the customer is already lost (non-contractual: 1 - P(alive))
   * or does not renew at the next renewal (contractual: sBG, given the renewals so far).
   */
  readonly probability: number;
  readonly band: ChurnBand;
  /** The model the probability comes from: `'bg/nbd'`, `'pareto/nbd'` or `'sbg'`. */
  readonly model: 'bg/nbd' | 'pareto/nbd' | 'sbg';
  /**
   * The facts that drive it, in plain words, e.g. `"no purchase for 93 days; usual gap 21
   * days"`, `"3 repeat purchases in 120 days"`.
   */
  readonly drivers: readonly string[];
}

/** A customer's lifetime value in the valuation currency's units. Plain JSON data. */
export interface CustomerLifetimeValue {
  /** Margin already realised: (purchases + subscription payments - refunds) x margin, >= 0. */
  readonly historical: number;
  /** Expected discounted margin of future purchases or payments, >= 0. */
  readonly residual: number;
  /** historical + residual. */
  readonly total: number;
  /** The currency of the amounts. */
  readonly currency: string;
  /** The model the residual comes from. */
  readonly model: 'bg/nbd' | 'pareto/nbd' | 'sbg';
}

/** Everything the valuation adds to one customer; each field `undefined` when not known. */
export interface CustomerValuation {
  readonly churnRisk: ChurnRisk | undefined;
  /** P(alive) under the purchase model (not for subscribers: sBG has no P(alive)). */
  readonly pAlive: number | undefined;
  readonly clv: CustomerLifetimeValue | undefined;
  /**
   * Expected purchases (non-contractual) or renewals (contractual) in the next `clv.period`.
   */
  readonly expectedPurchases: number | undefined;
}

/**
 * The band of a churn probability: `high` from `bands.high` on, `medium` from `bands.medium`
 * on, `low` below.
 *
 * @param probability A churn probability, in [0, 1].
 * @param bands Default: `{ medium: 0.3, high: 0.7 }`, the bands of the `churn` option's default.
 * @throws ModelInputError for a probability that is not a number in [0, 1] (NaN would be `low`
 *   without a word), or bands not in the order `0 < medium < high < 1`.
 * @example
 * ```ts
 * churnBand(0.42); // 'medium'
 * churnBand(0.42, { medium: 0.5, high: 0.9 }); // 'low'
 * ```
 */
export function churnBand(probability: number, bands: ChurnBands = DEFAULT_CHURN_BANDS): ChurnBand {
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    throw new ModelInputError('churnBand', 'probability', 'a number in [0, 1]', probability);
  }
  if (bands !== DEFAULT_CHURN_BANDS) checkChurnBands('churnBand', 'bands', bands);
  return bandOf(probability, bands);
}

/**
 * {@link churnBand} without its checks, for the valuation, whose probabilities and bands are
 * checked already. Internal.
 */
export function bandOf(probability: number, bands: ChurnBands): ChurnBand {
  if (probability >= bands.high) return 'high';
  if (probability >= bands.medium) return 'medium';
  return 'low';
}
