import type { Projection } from '../projection/Projection.js';

/** The result of {@link customerEquity}. Plain JSON data. */
export interface CustomerEquity {
  /**
   * Sum of the customers' `clv.total`, in `currency`: the margin they brought plus the margin
   * expected of them (`historical + residual`). What the current customers are still worth,
   * the margin not yet earned, is `residual`; customers not acquired yet are in neither.
   */
  readonly total: number;
  /** Sum of `clv.historical` (realised margin). */
  readonly historical: number;
  /** Sum of `clv.residual` (expected discounted future margin). */
  readonly residual: number;
  /**
   * Sum of `expectedPurchases`: purchases and renewals expected in the next `clv.period`, over
   * every customer with an expectation, valued or not (a buyer whose spend model could not be
   * used, a subscriber paying in another currency: no value, but purchases to expect).
   */
  readonly expectedPurchases: number;
  readonly currency: string | undefined;
  /** Customers with a lifetime value (the sums of `total`, `historical` and `residual` are over them). */
  readonly valued: number;
  /** Customers without one (no purchase, payments in another currency, or no model to value with). */
  readonly notValued: number;
}

/**
 * Customer equity of a projection made with `clv`: the sum of the customers' lifetime values,
 * split into realised and residual margin, and the purchases expected in the next period (the
 * sum of the customers' conditional expectations, valued or not). Customers without a value are
 * counted, not guessed.
 *
 * @example
 * ```ts
 * const projection = await lifecycle.project(log, { asOf: '2024-12-31', clv: { margin: 0.3 } });
 * const equity = customerEquity(projection);
 * console.log(`${equity.total.toFixed(0)} ${equity.currency} over ${equity.valued} customers`);
 * ```
 */
export function customerEquity(projection: Projection): CustomerEquity {
  let total = 0;
  let historical = 0;
  let residual = 0;
  let expectedPurchases = 0;
  let valued = 0;
  let notValued = 0;
  for (const customer of projection.customers) {
    // Counted before the value: the purchase model may have scored a customer it cannot value.
    expectedPurchases += customer.expectedPurchases ?? 0;
    const clv = customer.clv;
    if (clv === undefined) {
      notValued++;
      continue;
    }
    valued++;
    total += clv.total;
    historical += clv.historical;
    residual += clv.residual;
  }
  return {
    total,
    historical,
    residual,
    expectedPurchases,
    currency: projection.valuation?.currency,
    valued,
    notValued,
  };
}
