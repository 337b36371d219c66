import type { Projection } from '../Projection.js';
import { timeOrAsOf } from './checkStages.js';
import { stageAt } from './stageAt.js';

/** Options of {@link stageCounts}. */
export interface StageCountsOptions {
  /** The date to count at, epoch ms (at most the projection's `asOf`). Default: `asOf`. */
  readonly at?: number;
}

/** How many customers were in each stage at one date. */
export interface StageCounts {
  readonly at: number;
  /** Customers with at least one event by `at`. */
  readonly total: number;
  /** Count per stage, every lifecycle stage in funnel order (0 when empty). */
  readonly counts: Readonly<Record<string, number>>;
  /** Share of `total` per stage (0 when `total` is 0). */
  readonly shares: Readonly<Record<string, number>>;
}

/**
 * Customers per stage at a date: the share of the portfolio at each point of the pipeline, to
 * find bottlenecks.
 *
 * @example
 * ```ts
 * const { counts } = stageCounts(projection, { at: Date.UTC(2024, 5, 30) });
 * counts.lead; // customers who were leads on 30 June 2024
 * ```
 */
export function stageCounts(projection: Projection, options: StageCountsOptions = {}): StageCounts {
  const at = timeOrAsOf('stageCounts', projection, options.at);
  const counts: Record<string, number> = {};
  for (const stage of projection.stages) counts[stage] = 0;
  let total = 0;
  for (const customer of projection.customers) {
    const stage = stageAt(customer, at);
    if (stage === undefined) continue;
    counts[stage] = (counts[stage] ?? 0) + 1;
    total++;
  }
  const shares: Record<string, number> = {};
  for (const stage of Object.keys(counts)) shares[stage] = total === 0 ? 0 : counts[stage]! / total;
  return { at, total, counts, shares };
}
