import { requirePositiveParams } from '../clv/checkModelInput.js';

/**
 * Parameters of the Gamma-Gamma model of spend per transaction (Fader & Hardie 2013, note 025):
 * a customer's transactions have gamma(p, ν) distributed values, and her ν is gamma(q, gamma)
 * distributed across customers. The mean spend of the population is p · gamma / (q - 1) (q > 1).
 */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

/** One customer (or `count` customers alike): x transactions whose values average `meanSpend`. */
export interface SpendRow {
  /** Transactions the mean is over: repeat transactions, the first purchase excluded. */
  readonly x: number;
  /** Their mean value, in the customer's currency units (> 0 for the fit). */
  readonly meanSpend: number;
  /** Customers with this row. Default `1`. */
  readonly count?: number;
}

/** Throws `ModelInputError` unless p, q and gamma are finite numbers > 0. */
export function checkGammaGammaParams(api: string, params: GammaGammaParams): void {
  const { p, q, gamma } = params;
  // Scoring calls this once per customer: the usual case costs no allocation.
  if (isPositive(p) && isPositive(q) && isPositive(gamma)) return;
  requirePositiveParams(api, { p, q, gamma });
}

function isPositive(value: unknown): boolean {
  return typeof value === 'number' && value > 0 && value < Number.POSITIVE_INFINITY;
}
