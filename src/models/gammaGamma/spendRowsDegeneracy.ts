import type { SpendRow } from './GammaGammaParams.js';

/**
 * Why Gamma-Gamma has no maximum-likelihood estimate on these (checked, used) rows, or
 * `undefined` when it may have one. When every repeat buyer has the same mean spend, whatever
 * their x, the likelihood keeps rising as the spend distributions shrink to that one value
 * (p and q run off to infinity): this covers a single customer and identical rows. Internal to
 * {@link fitGammaGamma}, which consults it only without a penalty.
 *
 * @example
 * ```ts
 * spendRowsDegeneracy([{ x: 2, meanSpend: 10 }, { x: 5, meanSpend: 10 }]); // 'every one of ...'
 * ```
 */
export function spendRowsDegeneracy(rows: readonly SpendRow[]): string | undefined {
  const first = rows[0]?.meanSpend;
  let buyers = 0;
  for (const row of rows) {
    if (row.meanSpend !== first) return undefined;
    buyers += row.count ?? 1;
  }
  return `every one of the ${buyers} repeat buyer(s) has the same mean spend (${first}): nothing shows how spend varies within or between customers, so p, q and gamma have no estimate; fit on more customers or pass a penalty`;
}
