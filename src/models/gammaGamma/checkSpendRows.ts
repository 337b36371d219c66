import { ModelInputError } from '../../errors/ModelInputError.js';
import type { SpendRow } from './GammaGammaParams.js';

/** What to do with rows whose mean spend is not > 0 (refunds, free orders, data errors). */
export type NonPositiveSpendPolicy = 'reject' | 'exclude';

/** What {@link checkSpendRows} kept and left out. */
export interface SpendRowSelection {
  /** The rows the Gamma-Gamma likelihood is computed on (x >= 1, meanSpend > 0). */
  readonly used: SpendRow[];
  /** Indices of rows left out because x = 0: no repeat transaction, no mean spend to model. */
  readonly withoutRepeat: number[];
  /** Indices of rows left out because their mean spend is <= 0 (policy `'exclude'`). */
  readonly nonPositiveSpend: number[];
}

/**
 * Validates spend rows and splits them into the rows the model uses and the rows it leaves out,
 * by index. Malformed rows always throw `ModelInputError`; rows with x >= 1 and spend <= 0
 * throw under policy `'reject'` and are listed under `'exclude'`. Rows with x = 0 are listed in
 * `withoutRepeat` (their mean spend is not used, whatever it is).
 */
export function checkSpendRows(
  api: string,
  rows: readonly SpendRow[],
  policy: NonPositiveSpendPolicy,
): SpendRowSelection {
  if (!Array.isArray(rows)) {
    throw new ModelInputError(api, 'rows', 'an array of { x, meanSpend, count? }', rows);
  }
  const used: SpendRow[] = [];
  const withoutRepeat: number[] = [];
  const nonPositiveSpend: number[] = [];
  rows.forEach((row, i) => {
    const x = row?.x;
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
      throw new ModelInputError(api, `rows.${i}.x`, 'an integer >= 0 (repeat transactions)', x);
    }
    const count = row.count ?? 1;
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new ModelInputError(api, `rows.${i}.count`, 'a finite number >= 0 (customers)', count);
    }
    if (x === 0) {
      withoutRepeat.push(i);
      return;
    }
    const spend = row.meanSpend;
    if (typeof spend !== 'number' || !Number.isFinite(spend)) {
      throw new ModelInputError(api, `rows.${i}.meanSpend`, 'a finite amount', spend);
    }
    if (spend <= 0) {
      if (policy === 'reject') {
        throw new ModelInputError(
          api,
          `rows.${i}.meanSpend`,
          'an amount > 0 (the Gamma-Gamma model has no zero or negative spend)',
          spend,
          "Net refunds out of the transactions before summarising, or pass { nonPositiveSpend: 'exclude' } to leave such customers out of the fit (they are listed in the result).",
        );
      }
      nonPositiveSpend.push(i);
      return;
    }
    if (count > 0) used.push({ x, meanSpend: spend, count });
  });
  return { used, withoutRepeat, nonPositiveSpend };
}
