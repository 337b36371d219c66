import { ModelInputError } from '../../errors/ModelInputError.js';
import type { SpendRow } from './GammaGammaParams.js';

/** What to do with rows whose mean spend is not > 0 (refunds, free orders, data errors). */
export type NonPositiveSpendPolicy = 'reject' | 'exclude';

/** Which spend rows the Gamma-Gamma fit used and which it left out (non-positive spend, no repeat). */
export interface SpendRowSelection {
  /** The rows the Gamma-Gamma likelihood is computed on (x >= 1, meanSpend > 0). */
  readonly used: SpendRow[];
  /** Indices of rows left out because x = 0: no repeat transaction, no mean spend to model. */
  readonly withoutRepeat: number[];
  /** Indices of rows left out because their mean spend is <= 0 (policy `'exclude'`). */
  readonly nonPositiveSpend: number[];
}

/**
 * Rows as {@link scanSpendRows} reads them, by position: spend rows, summary customers or a
 * summary's columns. `path` and `spendKey` name them in error messages (`rows.3.meanSpend`).
 */
export interface SpendSource {
  readonly length: number;
  readonly path: string;
  readonly spendKey: string;
  x(i: number): unknown;
  spend(i: number): unknown;
  count(i: number): unknown;
}

/** A {@link SpendSource} over an array of `{ x, meanSpend, count? }` (or `{ x, spend }`) objects. */
export function spendSourceOfRows(
  api: string,
  rows: readonly SpendRow[] | readonly { readonly x: number; readonly spend: number }[],
  path: string,
  spendKey: 'meanSpend' | 'spend',
): SpendSource {
  if (!Array.isArray(rows)) {
    throw new ModelInputError(api, path, 'an array of { x, meanSpend, count? }', rows);
  }
  const list = rows as readonly Record<string, unknown>[];
  return {
    length: list.length,
    path,
    spendKey,
    x: (i) => list[i]?.x,
    spend: (i) => list[i]?.[spendKey],
    count: (i) => list[i]?.count ?? 1,
  };
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
  const used: SpendRow[] = [];
  const source = spendSourceOfRows(api, rows, 'rows', 'meanSpend');
  const left = scanSpendRows(api, source, policy, (x, meanSpend, count) => {
    used.push({ x, meanSpend, count });
  });
  return { used, ...left };
}

/**
 * The checks of {@link checkSpendRows} without building rows: calls `use(x, spend, count)` for
 * each row the model uses, in input order, and returns the indices of the rows it leaves out.
 */
export function scanSpendRows(
  api: string,
  source: SpendSource,
  policy: NonPositiveSpendPolicy,
  use: (x: number, spend: number, count: number) => void,
): Omit<SpendRowSelection, 'used'> {
  const { path, spendKey } = source;
  const withoutRepeat: number[] = [];
  const nonPositiveSpend: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const x = source.x(i);
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
      throw new ModelInputError(api, `${path}.${i}.x`, 'an integer >= 0 (repeat transactions)', x);
    }
    const count = source.count(i);
    if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
      throw new ModelInputError(
        api,
        `${path}.${i}.count`,
        'a finite number >= 0 (customers)',
        count,
      );
    }
    if (x === 0) {
      withoutRepeat.push(i);
      continue;
    }
    const spend = source.spend(i);
    if (typeof spend !== 'number' || !Number.isFinite(spend)) {
      throw new ModelInputError(api, `${path}.${i}.${spendKey}`, 'a finite amount', spend);
    }
    if (spend <= 0) {
      if (policy === 'reject') {
        throw new ModelInputError(
          api,
          `${path}.${i}.${spendKey}`,
          'an amount > 0 (the Gamma-Gamma model has no zero or negative spend)',
          spend,
          "Net refunds out of the transactions before summarising, or pass { nonPositiveSpend: 'exclude' } to leave such customers out of the fit (they are listed in the result).",
        );
      }
      nonPositiveSpend.push(i);
      continue;
    }
    if (count > 0) use(x, spend, count);
  }
  return { withoutRepeat, nonPositiveSpend };
}
