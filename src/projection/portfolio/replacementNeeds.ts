import type { Projection } from '../Projection.js';
import {
  type AttritionRate,
  type AttritionRateOptions,
  measureAttrition,
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
   * New customers needed per year: `activeBase * attrition.annualRate`, assuming new customers
   * leave at the measured pace too; `undefined` when attrition could not be measured.
   */
  readonly perYear: number | undefined;
  /** `perYear / 12`. */
  readonly perMonth: number | undefined;
}

/**
 * How many new customers are needed to keep the active base at its size, given the measured
 * attrition: the acquisition target that makes the business sustainable.
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
  const perYear =
    attrition.annualRate === undefined ? undefined : activeBase * attrition.annualRate;
  return {
    activeBase,
    attrition,
    perYear,
    perMonth: perYear === undefined ? undefined : perYear / 12,
  };
}
