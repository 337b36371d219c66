import { formatTime } from '../../events/normalizeTime.js';
import { checkProjectionOptions } from '../checkProjectionOptions.js';
import type { Projection } from '../Projection.js';
import { ProjectionError } from '../ProjectionError.js';
import { resolveTime } from '../resolveTime.js';
import { activeStagesOf } from './checkStages.js';
import { timeOrAsOf } from './portfolioTime.js';
import { stageAtTime } from './stageAt.js';

/** A year of 365.25 days, in milliseconds. */
export const YEAR_MS = 365.25 * 86_400_000;

/** Options of {@link attritionRate}. */
export interface AttritionRateOptions<TStage extends string = string> {
  /**
   * The stages in which a customer counts as active (acquired, not lost). Default: the
   * projection's `activeStages` (set by `createLifecycle`; for the default lifecycle
   * `new customer`, `repeat`, `loyal`, `advocate`, `at risk`).
   */
  readonly activeStages?: readonly NoInfer<TStage>[];
  /**
   * End of the measured window, at most the projection's `asOf`: epoch ms, an ISO-8601 string
   * with a zone (a plain date is UTC midnight) or a `Date`, as `project` takes `asOf`.
   * Default: the projection's `asOf`.
   */
  readonly to?: number | string | Date;
  /**
   * Start of the measured window, before `to`, in the same forms as `to`. Default: one year
   * (365.25 days) before `to`.
   */
  readonly from?: number | string | Date;
}

const ATTRITION_OPTIONS: readonly (keyof AttritionRateOptions)[] = ['activeStages', 'to', 'from'];

/** Attrition measured over one window. */
export interface AttritionRate {
  /** Start of the window, epoch ms. */
  readonly from: number;
  /** End of the window, epoch ms. */
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
 * pace expressed per year. Customers who lapsed and came back within the window count as kept;
 * customers acquired within the window count in neither `activeAtStart` nor `lost`, even when
 * lost again before its end: the rate is that of the base the window started with (at most 1).
 *
 * @throws ProjectionError `TENURE_INVALID_PROJECTION_INPUT` for a `from` or `to` that is not a
 *   time or is after the projection's `asOf`, a `from` not before `to`, no `to` for a
 *   projection without `asOf` (empty log), a lifecycle that names no active stages and no
 *   `activeStages` given, or an unknown option; `TENURE_UNKNOWN_STAGE` for an unknown active
 *   stage.
 *
 * @example
 * ```ts
 * // The calendar year 2024: a plain date is the start of its day, so to is 1 January 2025.
 * const { annualRate } = attritionRate(projection, { from: '2024-01-01', to: '2025-01-01' });
 * // e.g. 0.18: 18% of the active base is lost per year
 * ```
 */
export function attritionRate<TStage extends string>(
  projection: Projection<TStage>,
  options: AttritionRateOptions<TStage> = {},
): AttritionRate {
  return measureAttrition('attritionRate', projection, options);
}

/** {@link attritionRate}, its errors naming `api` (a view built on it). Internal. */
export function measureAttrition(
  api: string,
  projection: Projection,
  options: AttritionRateOptions,
): AttritionRate {
  checkProjectionOptions(api, options, ATTRITION_OPTIONS);
  const active = activeStagesOf(api, projection, options.activeStages);
  const to = timeOrAsOf(api, 'to', projection, options.to);
  const from =
    options.from === undefined
      ? to - YEAR_MS
      : resolveTime(api, 'from', options.from, projection.asOf);
  if (!(from < to)) {
    throw new ProjectionError(
      'TENURE_INVALID_PROJECTION_INPUT',
      `${api}: the window must start before it ends, got from ${formatTime(from)} and to ${formatTime(to)}; pass a from before to.`,
    );
  }
  let activeAtStart = 0;
  let lost = 0;
  for (const customer of projection.customers) {
    const before = stageAtTime(customer, from);
    if (before === undefined || !active.has(before)) continue;
    activeAtStart++;
    const after = stageAtTime(customer, to);
    if (after === undefined || !active.has(after)) lost++;
  }
  const rate = activeAtStart === 0 ? undefined : lost / activeAtStart;
  const years = (to - from) / YEAR_MS;
  // Over a year the rate is its own annual rate: 1 - (1 - 1/3) would be 0.33333333333333337.
  const annualRate =
    rate === undefined ? undefined : years === 1 ? rate : 1 - (1 - rate) ** (1 / years);
  return { from, to, activeAtStart, lost, rate, annualRate };
}
