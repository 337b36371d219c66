import type { Projection } from '../Projection.js';
import { ProjectionError } from '../ProjectionError.js';
import { activeStagesOf, timeOrAsOf } from './checkStages.js';
import { stageAt } from './stageAt.js';

/** A year of 365.25 days, in milliseconds. */
export const YEAR_MS = 365.25 * 86_400_000;

/** Options of {@link attritionRate}. */
export interface AttritionRateOptions {
  /**
   * The stages in which a customer counts as active (acquired, not lost). Default: the
   * projection's `activeStages` (set by `createLifecycle`; for the default lifecycle
   * `new customer`, `repeat`, `loyal`, `advocate`, `at risk`).
   */
  readonly activeStages?: readonly string[];
  /** End of the measured window, epoch ms. Default: the projection's `asOf`. */
  readonly to?: number;
  /** Start of the measured window, epoch ms. Default: one year (365.25 days) before `to`. */
  readonly from?: number;
}

/** Attrition measured over one window. */
export interface AttritionRate {
  readonly from: number;
  readonly to: number;
  /** Customers in an active stage at `from`. */
  readonly activeAtStart: number;
  /** Of those, customers not in an active stage at `to`. */
  readonly lost: number;
  /** `lost / activeAtStart` over the window; `undefined` when nobody was active at `from`. */
  readonly rate: number | undefined;
  /** The rate for a year at the same pace: `1 - (1 - rate) ^ (year / window)`. */
  readonly annualRate: number | undefined;
}

/**
 * The share of active customers lost over a window (by default the last year), and the same
 * pace expressed per year. Customers who lapsed and came back within the window count as kept.
 *
 * @example
 * ```ts
 * const { annualRate } = attritionRate(projection);
 * // e.g. 0.18: 18% of the active base is lost per year
 * ```
 */
export function attritionRate(
  projection: Projection,
  options: AttritionRateOptions = {},
): AttritionRate {
  const active = activeStagesOf('attritionRate', projection, options.activeStages);
  const to = timeOrAsOf('attritionRate', projection, options.to);
  const from = options.from ?? to - YEAR_MS;
  if (!(from < to)) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `attritionRate: the window must start before it ends, got from ${from} and to ${to}; pass from < to.`,
    );
  }
  let activeAtStart = 0;
  let lost = 0;
  for (const customer of projection.customers) {
    const before = stageAt(customer, from);
    if (before === undefined || !active.has(before)) continue;
    activeAtStart++;
    const after = stageAt(customer, to);
    if (after === undefined || !active.has(after)) lost++;
  }
  const rate = activeAtStart === 0 ? undefined : lost / activeAtStart;
  const annualRate = rate === undefined ? undefined : 1 - (1 - rate) ** (YEAR_MS / (to - from));
  return { from, to, activeAtStart, lost, rate, annualRate };
}
