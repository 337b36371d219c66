import { checkProjectionOptions } from '../checkProjectionOptions.js';
import type { Projection } from '../Projection.js';
import { activeStagesOf } from './checkStages.js';
import { timeOrAsOf } from './portfolioTime.js';
import { stageAtTime } from './stageAt.js';

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions<TStage extends string = string> {
  /**
   * The stages in which a customer counts as active (acquired, not lost). Default: the
   * projection's `activeStages` (set by `createLifecycle`; for the default lifecycle
   * `new customer`, `repeat`, `loyal`, `advocate`, `at risk`).
   */
  readonly activeStages?: readonly NoInfer<TStage>[];
}

const COHORT_RETENTION_OPTIONS: readonly (keyof CohortRetentionOptions)[] = ['activeStages'];

/** One acquisition cohort. */
export interface Cohort {
  /** The acquisition month, `YYYY-MM` (UTC): when the customers first entered an active stage. */
  readonly cohort: string;
  /** Start of the month, epoch ms. */
  readonly start: number;
  /** Customers acquired that month: the denominator of `retention`. */
  readonly size: number;
  /**
   * Share of the cohort in an active stage at the end (last millisecond, UTC) of month 0 (the
   * acquisition month), month 1, ...: only months that ended by the projection's `asOf`, so a
   * cohort acquired in `asOf`'s month has none yet.
   */
  readonly retention: readonly number[];
}

/** Retention per acquisition cohort. */
export interface CohortRetention<TStage extends string = string> {
  readonly activeStages: readonly TStage[];
  /** Cohorts, oldest first; a month in which nobody was acquired has none. */
  readonly cohorts: readonly Cohort[];
}

/**
 * Cohort retention by acquisition month: for each month's new customers (acquired when they
 * first entered an active stage), the share in an active stage at the end of each following
 * month. A customer who lapsed and came back by a month's end counts as retained at it.
 *
 * @throws ProjectionError `TENURE_INVALID_PROJECTION_INPUT` for a lifecycle that names no
 *   active stages and no `activeStages` given, or an unknown option; `TENURE_UNKNOWN_STAGE` for
 *   an unknown active stage. An empty log (no `asOf`) has no cohorts.
 *
 * @example
 * ```ts
 * const { cohorts } = cohortRetention(projection);
 * cohorts[0]?.retention[3]; // share of the first cohort still active 3 months after acquisition
 * ```
 */
export function cohortRetention<TStage extends string>(
  projection: Projection<TStage>,
  options: CohortRetentionOptions<TStage> = {},
): CohortRetention<TStage> {
  checkProjectionOptions('cohortRetention', options, COHORT_RETENTION_OPTIONS);
  const active = activeStagesOf('cohortRetention', projection, options.activeStages);
  const byMonth = new Map<number, Projection<TStage>['customers'][number][]>();
  for (const customer of projection.customers) {
    const acquired = customer.history.find((entry) => active.has(entry.stage));
    if (acquired === undefined) continue;
    const start = monthStart(acquired.at, 0);
    const members = byMonth.get(start);
    if (members === undefined) byMonth.set(start, [customer]);
    else members.push(customer);
  }
  // Nobody acquired (an empty log has no asOf either): no cohort, and no month to end.
  if (byMonth.size === 0) return { activeStages: [...active], cohorts: [] };
  const asOf = timeOrAsOf('cohortRetention', undefined, projection, undefined);
  const cohorts: Cohort[] = [...byMonth.keys()]
    .sort((a, b) => a - b)
    .map((start) => {
      const members = byMonth.get(start)!;
      const retention: number[] = [];
      for (let month = 0; ; month++) {
        // The last millisecond of the month: a month counts once it has fully passed.
        const end = monthStart(start, month + 1) - 1;
        if (end > asOf) break;
        let still = 0;
        for (const customer of members) {
          const stage = stageAtTime(customer, end);
          if (stage !== undefined && active.has(stage)) still++;
        }
        retention.push(still / members.length);
      }
      return {
        cohort: new Date(start).toISOString().slice(0, 7),
        start,
        size: members.length,
        retention,
      };
    });
  return { activeStages: [...active], cohorts };
}

/** Start (UTC) of the month `offset` months after the month containing `time`. */
function monthStart(time: number, offset: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1);
}
