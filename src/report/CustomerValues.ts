/** A customer's churn risk: the probability that the customer is already lost, and its band. */
export interface CustomerChurnRisk {
  /** 1 - P(alive), in [0, 1]. */
  readonly probability: number;
  /** `high` from 0.7, `medium` from 0.3, `low` below. */
  readonly band: 'low' | 'medium' | 'high';
}

/** A customer's lifetime value, in the log's main currency. */
export interface CustomerClv {
  /** Net revenue so far (purchases - refunds), >= 0. */
  readonly historical: number;
  /** Expected discounted revenue of future purchases, >= 0. */
  readonly residual: number;
  /** historical + residual. */
  readonly total: number;
}

/** What the models say about one customer who bought at least once. */
export interface CustomerValues {
  readonly pAlive: number;
  readonly churnRisk: CustomerChurnRisk;
  readonly clv: CustomerClv;
}

/** The band of a churn probability (the valuation's default thresholds, 0.3 and 0.7). */
export function churnBandOf(probability: number): CustomerChurnRisk['band'] {
  if (probability >= 0.7) return 'high';
  if (probability >= 0.3) return 'medium';
  return 'low';
}
