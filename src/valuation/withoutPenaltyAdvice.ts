/**
 * A model fit's reason without its advice to pass a penalty (`fit on more customers or pass a
 * penalty`): the valuation (`project`'s `churn` and `clv`, the workers) and `tenure fit` fit
 * without one and take none, so their reasons keep only the advice their callers can follow.
 * Internal.
 *
 * @example
 * ```ts
 * withoutPenaltyAdvice('...; fit on more customers or pass a penalty'); // '...; fit on more customers'
 * ```
 */
export function withoutPenaltyAdvice(reason: string): string {
  return reason.replaceAll(' or pass a penalty', '');
}
