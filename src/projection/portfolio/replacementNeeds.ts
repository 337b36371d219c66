import type { Projection } from '../Projection.js';
import {
  type AttritionRate,
  type AttritionRateOptions,
  measureAttrition,
  YEAR_MS,
} from './attritionRate.js';
import { activeStagesOf } from './checkStages.js';
import { stageAtTime } from './stageAt.js';

/**
 * Options of {@link replacementNeeds}: those of {@link attritionRate} (the measurement window,
 * `from` and `to` as epoch ms, ISO-8601 strings or `Date`s).
 */
export type ReplacementNeedsOptions<TStage extends string = string> = AttritionRateOptions<TStage>;

/** New customers needed to keep the active base at its size. */
export interface ReplacementNeeds {
  /** Customers in an active stage at the end of the window. */
  readonly activeBase: number;
  /** The attrition measured over the window. */
  readonly attrition: AttritionRate;
  /**
   * New customers needed per year, arriving evenly, so that the active base stays at
   * `activeBase` when every customer, new ones included, leaves at the measured pace:
   * `activeBase * -ln(1 - attrition.annualRate)` (the yearly hazard of that pace times the
   * base). More than the `activeBase * annualRate` the base loses in a year, since some of the
   * new customers leave within the year too: at an annual rate of 20 %, 0.223 instead of 0.2
   * per active customer; at 68 %, 1.14 instead of 0.68. `0` when nobody is active at `to` (no
   * base to keep); `Infinity` when some are but every customer active at `from` was lost by
   * `to` (a rate of 1: no even flow keeps a base at that pace); `undefined` when attrition could
   * not be measured (nobody active at `from`).
   */
  readonly perYear: number | undefined;
  /** `perYear / 12`: the same even flow, per month. */
  readonly perMonth: number | undefined;
}

/**
 * How many new customers are needed to keep the active base at its size, given the measured
 * attrition: the acquisition target that makes the business sustainable. Assumes a constant
 * pace: new customers leave as the measured ones did, from the day they arrive.
 *
 * @throws ProjectionError as {@link attritionRate} does, naming `replacementNeeds`.
 *
 * @example
 * ```ts
 * const needs = replacementNeeds(projection);
 * needs.perMonth; // e.g. 150 new customers a month to stand still
 * ```
 */
export function replacementNeeds<TStage extends string>(
  projection: Projection<TStage>,
  options: ReplacementNeedsOptions<TStage> = {},
): ReplacementNeeds {
  const attrition = measureAttrition('replacementNeeds', projection, options);
  const active = activeStagesOf('replacementNeeds', projection, options.activeStages);
  let activeBase = 0;
  for (const customer of projection.customers) {
    const stage = stageAtTime(customer, attrition.to);
    if (stage !== undefined && active.has(stage)) activeBase++;
  }
  const { rate, from, to } = attrition;
  // -ln(1 - annualRate), from the window's own rate: exact also when annualRate rounds to 1.
  const perYear =
    rate === undefined
      ? undefined
      : activeBase === 0
        ? 0
        : activeBase * -Math.log1p(-rate) * (YEAR_MS / (to - from));
  return {
    activeBase,
    attrition,
    perYear,
    perMonth: perYear === undefined ? undefined : perYear / 12,
  };
}
