import { orPassAPenalty } from '../fitOptionAdvice.js';
import type { BgBbRow } from './BgBbParams.js';

/**
 * Why BG/BB has no maximum-likelihood estimate on these (checked, count > 0) rows, or
 * `undefined` when it may have one. Read from the likelihood:
 *
 * - no opportunity (every n = 0): the likelihood is 1 whatever the parameters;
 * - no transaction: it keeps rising as the transaction probability falls to 0;
 * - a transaction at every opportunity: it keeps rising as the transaction probability rises to
 *   1 and the dropout probability falls to 0;
 * - one distinct (x, t_x, n) history: nothing tells customers apart, so the beta mixing
 *   distributions shrink to a point.
 *
 * Internal to {@link fitBgBb}, which consults it only without a penalty.
 *
 * @example
 * ```ts
 * bgbbRowsDegeneracy([{ x: 0, tx: 0, n: 6, count: 100 }]); // 'no transaction ...'
 * ```
 */
export function bgbbRowsDegeneracy(rows: readonly BgBbRow[]): string | undefined {
  let customers = 0;
  let opportunities = 0;
  let transactions = 0;
  let distinct = false;
  const first = rows[0];
  for (const row of rows) {
    const count = row.count ?? 1;
    customers += count;
    opportunities += count * row.n;
    transactions += count * row.x;
    if (row.x !== first?.x || row.tx !== first.tx || row.n !== first.n) distinct = true;
  }
  const fix = orPassAPenalty('fit on more customers');
  if (opportunities === 0) {
    return `no transaction opportunity (every n = 0): the likelihood does not depend on the parameters; fit after at least one opportunity`;
  }
  if (transactions === 0) {
    return `no transaction among ${customers} customer(s): the likelihood keeps rising as the transaction probability falls to 0, so no parameter has an estimate; ${fix}`;
  }
  if (transactions === opportunities) {
    return `every opportunity of all ${customers} customer(s) had a transaction: the likelihood keeps rising as the transaction probability rises to 1 and dropout falls to 0; ${fix}`;
  }
  if (!distinct) {
    return `all ${customers} customer(s) have the same history (x, t_x, n): nothing tells customers apart, so the spread of transaction and dropout probabilities has no estimate; ${fix}`;
  }
  return undefined;
}
