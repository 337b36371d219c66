import { orPassAPenalty } from '../fitOptionAdvice.js';
import type { SbgRow } from './toSbgRows.js';

/**
 * Why the sBG has no maximum-likelihood estimate on these (checked, count > 0) rows, or
 * `undefined` when it may have one. Read from the likelihood:
 *
 * - nobody churned: it keeps rising as the churn probability falls to 0;
 * - only the first renewal observed (churned after one payment, or active after at most two):
 *   the data fix the first retention rate beta / (alpha + beta) alone, a ridge with no maximum;
 * - one distinct row (every customer churned after the same payment): the beta distribution of
 *   churn probabilities shrinks to a point.
 *
 * Internal to {@link fitSbg}, which consults it only without a penalty.
 *
 * @example
 * ```ts
 * sbgRowsDegeneracy([{ payments: 3, churned: false, count: 10 }]); // 'nobody churned ...'
 * ```
 */
export function sbgRowsDegeneracy(rows: readonly SbgRow[]): string | undefined {
  let customers = 0;
  let churned = 0;
  let periods = 0;
  let distinct = false;
  const first = rows[0];
  for (const row of rows) {
    if (row.payments !== first?.payments || row.churned !== first.churned) distinct = true;
    const count = row.count ?? 1;
    customers += count;
    if (row.churned) churned += count;
    // P(T = k) involves the first k retention rates, S(k - 1) the first k - 1.
    periods = Math.max(periods, row.churned ? row.payments : row.payments - 1);
  }
  const fix = orPassAPenalty('observe the cohort for longer');
  if (churned === 0) {
    return `nobody of ${customers} customer(s) churned: the likelihood keeps rising as the churn probability falls to 0, so alpha and beta have no estimate; ${fix}`;
  }
  if (periods < 2) {
    return `only the first renewal of ${customers} customer(s) is observed: it fixes beta / (alpha + beta) but not alpha and beta apart; ${fix}`;
  }
  if (!distinct) {
    return `all ${customers} customer(s) churned after the same number of payments: nothing shows how churn probabilities vary between customers, so alpha and beta have no estimate; ${fix}`;
  }
  return undefined;
}
