import { checkProjectionOptions } from '../checkProjectionOptions.js';
import type { Projection } from '../Projection.js';
import { timeOrAsOf } from './portfolioTime.js';
import { stageAtTime } from './stageAt.js';

/** Options of {@link stageCounts}. */
export interface StageCountsOptions {
  /**
   * The date to count at, at most the projection's `asOf`: epoch ms, an ISO-8601 string with a
   * zone (a plain date is UTC midnight) or a `Date`, as `project` takes `asOf`. Default: `asOf`.
   */
  readonly at?: number | string | Date;
}

const STAGE_COUNTS_OPTIONS: readonly (keyof StageCountsOptions)[] = ['at'];

/** How many customers were in each stage at one date. */
export interface StageCounts<TStage extends string = string> {
  /** The date counted at, epoch ms. */
  readonly at: number;
  /** Customers with at least one counted event (none voided by `asOf`) by `at`. */
  readonly total: number;
  /** Count per stage, every lifecycle stage in funnel order (0 when empty). */
  readonly counts: Readonly<Record<TStage, number>>;
  /** Share of `total` per stage (0 when `total` is 0). */
  readonly shares: Readonly<Record<TStage, number>>;
}

/**
 * Customers per stage at a date: the share of the portfolio at each point of the pipeline, to
 * find bottlenecks. Read from the customers' histories as corrected at the projection's `asOf`
 * (as `stageAt` reads them): an event voided by `asOf` counts at no date, and a customer whose
 * every event is voided is counted at none, where `project(log, { asOf: at })` still sees what
 * was voided after `at`.
 *
 * @throws ProjectionError `TENURE_INVALID_PROJECTION_INPUT` for an `at` that is not a time or
 *   is after the projection's `asOf`, or no `at` for a projection without `asOf` (empty log).
 *
 * @example
 * ```ts
 * const { counts } = stageCounts(projection, { at: '2024-06-30' });
 * counts.lead; // customers who were leads on 30 June 2024
 * ```
 */
export function stageCounts<TStage extends string>(
  projection: Projection<TStage>,
  options: StageCountsOptions = {},
): StageCounts<TStage> {
  checkProjectionOptions('stageCounts', options, STAGE_COUNTS_OPTIONS);
  const at = timeOrAsOf('stageCounts', 'at', projection, options.at);
  const counts = {} as Record<TStage, number>;
  for (const stage of projection.stages) counts[stage] = 0;
  let total = 0;
  for (const customer of projection.customers) {
    const stage = stageAtTime(customer, at);
    if (stage === undefined) continue;
    counts[stage] = (counts[stage] ?? 0) + 1;
    total++;
  }
  const shares = {} as Record<TStage, number>;
  for (const stage of projection.stages) shares[stage] = total === 0 ? 0 : counts[stage] / total;
  return { at, total, counts, shares };
}
