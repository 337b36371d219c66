import { orPassAPenalty } from '../fitOptionAdvice.js';

/**
 * Why Gamma-Gamma has no maximum-likelihood estimate when every one of `buyers` repeat buyers
 * has the same mean spend, whatever their x: the likelihood keeps rising as the spend
 * distributions shrink to that one value (p and q run off to infinity). This covers a single
 * customer and identical rows. Internal to {@link fitGammaGamma}, which consults it only
 * without a penalty.
 *
 * @example
 * ```ts
 * spendRowsDegeneracy(2); // 'every one of the 2 repeat buyer(s) has the same mean spend: ...'
 * ```
 */
export function spendRowsDegeneracy(buyers: number): string {
  return `every one of the ${buyers} repeat buyer(s) has the same mean spend: nothing shows how spend varies within or between customers, so p, q and gamma have no estimate; ${orPassAPenalty('fit on more customers')}`;
}
